"""The rule tables (经济困难标准, 办案补贴标准) and the 试算 page: actions and views."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sifa.core.testing import assert_invalid
from sifa.legalaid.actions import standards as actions
from sifa.legalaid.actions.subsidies import subsidy_batch_create
from sifa.legalaid.constants import Area, Matter, MatterType
from sifa.legalaid.models import HardshipStandard, SubsidyRate
from sifa.legalaid.selectors import standards as selectors
from sifa.legalaid.tests.builders_h1 import (
    make_application,
    make_archived,
    make_centre,
    make_rate,
    make_reviewer,
    make_standard,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 7, 1)


def standard_data(**extra):
    data = {
        "region_code": "3301",
        "area": Area.RURAL,
        "valid_from": DAY,
        "monthly_income_limit": Decimal("980.50"),
        "basis": "市政府关于经济困难标准的通知",
    }
    data.update(extra)
    return data


# --- actions --------------------------------------------------------------------------------


def test_manager_adds_and_edits_a_standard(cast):
    standard = actions.hardship_standard_save(actor=cast.sysadmin, **standard_data())
    assert standard.created_by == cast.sysadmin
    assert standard.monthly_income_limit == Decimal("980.50")
    changed = actions.hardship_standard_save(
        actor=cast.sysadmin, standard=standard, **standard_data(monthly_income_limit=Decimal("990"))
    )
    assert changed.pk == standard.pk
    assert HardshipStandard.objects.get(pk=standard.pk).monthly_income_limit == Decimal("990")


@pytest.mark.parametrize("user", ["township_clerk", "city_leader", "public_user", "auditor"])
def test_only_code_managers_change_the_tables(cast, user):
    with pytest.raises(PermissionDenied):
        actions.hardship_standard_save(actor=getattr(cast, user), **standard_data())
    with pytest.raises(PermissionDenied):
        actions.subsidy_rate_save(
            actor=getattr(cast, user),
            matter_type=MatterType.CIVIL,
            amount=Decimal("1"),
            valid_from=DAY,
        )
    assert not HardshipStandard.objects.exists()
    assert not SubsidyRate.objects.exists()


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"region_code": "3"}, "region_code"),
        ({"region_code": "33ab"}, "region_code"),
        ({"region_code": "3301020010011"}, "region_code"),
        ({"area": "suburb"}, "area"),
        ({"monthly_income_limit": Decimal("-1")}, "monthly_income_limit"),
    ],
)
def test_standard_input_is_validated(cast, bad, field):
    with pytest.raises(ValidationError) as error:
        actions.hardship_standard_save(actor=cast.sysadmin, **standard_data(**bad))
    assert field in error.value.message_dict
    assert not HardshipStandard.objects.exists()


def test_one_standard_per_region_area_and_date(cast):
    actions.hardship_standard_save(actor=cast.sysadmin, **standard_data())
    with pytest.raises(ValidationError) as error:
        actions.hardship_standard_save(actor=cast.sysadmin, **standard_data())
    assert "valid_from" in error.value.message_dict


def test_a_standard_already_applied_is_not_rewritten(cast):
    centre = make_centre(cast.county_a)
    standard = make_standard()
    make_application(centre, standard=standard)
    with pytest.raises(ValidationError) as error:
        actions.hardship_standard_save(
            actor=cast.sysadmin, standard=standard, **standard_data(region_code="330102")
        )
    assert "新增" in error.value.messages[0]
    standard.refresh_from_db()
    assert standard.region_code == "330102" and standard.area == Area.URBAN


def test_rates_added_and_a_paid_rate_kept(cast):
    rate = actions.subsidy_rate_save(
        actor=cast.sysadmin, matter_type=MatterType.CIVIL, amount=Decimal("1000"), valid_from=DAY
    )
    centre = make_centre(cast.county_a)
    reviewer = make_reviewer(centre)
    make_archived(centre, DAY + datetime.timedelta(days=5), matter_type=MatterType.CIVIL)
    subsidy_batch_create(actor=reviewer, office=centre, title="第一批")
    with pytest.raises(ValidationError) as exc:
        actions.subsidy_rate_save(
            actor=cast.sysadmin,
            rate=rate,
            matter_type=MatterType.CIVIL,
            amount=Decimal("2000"),
            valid_from=DAY,
        )
    assert_invalid(
        exc,
        "__all__",
        "件案件按该标准编入补贴发放批次，不能修改；调整标准请新增一条执行日期较晚的标准。",
    )
    newer = actions.subsidy_rate_save(
        actor=cast.sysadmin,
        matter_type=MatterType.CIVIL,
        amount=Decimal("2000"),
        valid_from=DAY + datetime.timedelta(days=30),
    )
    # The newer rate paid nothing yet: it may still be corrected.
    corrected = actions.subsidy_rate_save(
        actor=cast.sysadmin,
        rate=newer,
        matter_type=MatterType.CIVIL,
        amount=Decimal("2100"),
        valid_from=newer.valid_from,
    )
    assert corrected.amount == Decimal("2100")


def test_rate_validation(cast):
    with pytest.raises(ValidationError) as error:
        actions.subsidy_rate_save(
            actor=cast.sysadmin, matter_type="family", amount=Decimal("1"), valid_from=DAY
        )
    assert "matter_type" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.subsidy_rate_save(
            actor=cast.sysadmin, matter_type=MatterType.CIVIL, amount=Decimal("-1"), valid_from=DAY
        )
    assert "amount" in error.value.message_dict


def test_in_force_marking():
    old = make_standard(valid_from=datetime.date(2024, 1, 1))
    current = make_standard(valid_from=datetime.date(2025, 1, 1))
    future = make_standard(valid_from=datetime.date(2027, 1, 1))
    rural = make_standard(area=Area.RURAL, valid_from=datetime.date(2024, 6, 1))
    rows = {s.pk: s.in_force for s in selectors.hardship_standards(on=datetime.date(2026, 1, 1))}
    assert rows == {old.pk: False, current.pk: True, future.pk: False, rural.pk: True}
    rate_old = make_rate(valid_from=datetime.date(2024, 1, 1))
    rate_new = make_rate(valid_from=datetime.date(2025, 1, 1))
    rates = {r.pk: r.in_force for r in selectors.subsidy_rates(on=datetime.date(2026, 1, 1))}
    assert rates == {rate_old.pk: False, rate_new.pk: True}


# --- views ----------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["township_clerk", "county_supervisor", "city_leader", "sysadmin"])
def test_readers_see_both_tables(cast, login, user):
    standard = make_standard(basis="浙江省经济困难标准通知")
    make_rate(matter_type=MatterType.CRIMINAL, amount="1888")
    response = login(getattr(cast, user)).get(reverse("legalaid:standard_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert standard.basis in body
    assert "1,888.00" in body  # an amount on screen (issue 15.3)
    edit_url = reverse("legalaid:standard_edit", args=[standard.pk])
    assert (edit_url in body) == (user == "sysadmin")


@pytest.mark.parametrize("user", ["public_user", "auditor"])
def test_no_business_sight_no_tables(cast, login, user):
    client = login(getattr(cast, user))
    assert client.get(reverse("legalaid:standard_list")).status_code == 403
    assert client.get(reverse("legalaid:eligibility_trial")).status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("legalaid:standard_list"))
    assert response.status_code == 302


def test_manager_adds_a_standard_through_the_page(cast, login):
    client = login(cast.sysadmin)
    url = reverse("legalaid:standard_add")
    assert client.get(url).status_code == 200
    data = {**standard_data(), "valid_from": DAY.isoformat()}
    response = client.post(url, data)
    assert response.status_code == 302
    assert HardshipStandard.objects.get().region_code == data["region_code"]


def test_bad_standard_keeps_what_was_typed(cast, login):
    data = {**standard_data(region_code="33x"), "valid_from": DAY.isoformat()}
    response = login(cast.sysadmin).post(reverse("legalaid:standard_add"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "2至12位数字" in body
    assert data["basis"] in body
    assert not HardshipStandard.objects.exists()


def test_clerk_may_not_add_or_edit(cast, login):
    standard = make_standard()
    rate = make_rate()
    client = login(cast.township_clerk)
    for url in (
        reverse("legalaid:standard_add"),
        reverse("legalaid:standard_edit", args=[standard.pk]),
        reverse("legalaid:subsidy_rate_add"),
        reverse("legalaid:subsidy_rate_edit", args=[rate.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403


def test_manager_edits_a_rate_through_the_page(cast, login):
    rate = make_rate(amount="1000")
    url = reverse("legalaid:subsidy_rate_edit", args=[rate.pk])
    client = login(cast.sysadmin)
    assert "1000" in client.get(url).content.decode()
    data = {"matter_type": rate.matter_type, "amount": "1100", "valid_from": rate.valid_from}
    assert client.post(url, data).status_code == 302
    rate.refresh_from_db()
    assert rate.amount == Decimal("1100")


def test_edit_of_missing_row_is_404(cast, login):
    client = login(cast.sysadmin)
    assert client.get(reverse("legalaid:standard_edit", args=[999])).status_code == 404
    assert client.get(reverse("legalaid:subsidy_rate_edit", args=[999])).status_code == 404


def test_trial_shows_the_assessment(cast, login):
    standard = make_standard(region_code="330102", limit="1500")
    params = {
        "matter": Matter.LABOUR_PAY,
        "matter_type": MatterType.LABOUR_ARBITRATION,
        "on": "2026-03-02",
        "region_code": "330102001",
        "area": Area.URBAN,
        "household_size": "2",
        "household_monthly_income": str(standard.monthly_income_limit * 2),
        "hardship_check": "pledge",
    }
    response = login(cast.township_clerk).get(reverse("legalaid:eligibility_trial"), params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "符合法律援助条件" in body
    assert "第三十一条" in body and "第三十四条" in body and "第四十一条" in body
    assert standard.basis in body


def test_trial_without_input_shows_the_form_only(cast, login):
    response = login(cast.township_clerk).get(reverse("legalaid:eligibility_trial"))
    assert response.status_code == 200
    assert response.context["assessment"] is None
