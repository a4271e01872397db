"""办案补贴 (第52条): the amount of an archived case, batches, payment; actions and views."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from sifa.core.testing import assert_invalid
from sifa.legalaid.actions.subsidies import subsidy_batch_create, subsidy_batch_pay, subsidy_for
from sifa.legalaid.constants import MatterType, Status
from sifa.legalaid.models import Application, SubsidyBatch
from sifa.legalaid.tests.builders_h1 import (
    make_application,
    make_archived,
    make_centre,
    make_rate,
    make_reviewer,
)

pytestmark = pytest.mark.django_db

OLD_RATE_FROM = datetime.date(2025, 1, 1)
NEW_RATE_FROM = datetime.date(2026, 1, 1)
ARCHIVED = datetime.date(2026, 2, 10)


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


@pytest.fixture
def rates():
    return {
        "old": make_rate(MatterType.CIVIL, "800", OLD_RATE_FROM),
        "new": make_rate(MatterType.CIVIL, "1000", NEW_RATE_FROM),
        "criminal": make_rate(MatterType.CRIMINAL, "1500", OLD_RATE_FROM),
    }


# --- subsidy_for ------------------------------------------------------------------------------


def test_amount_is_the_rate_in_force_on_the_archive_date(centre, rates):
    before = make_archived(centre, NEW_RATE_FROM - datetime.timedelta(days=1))
    on_the_day = make_archived(centre, NEW_RATE_FROM)
    criminal = make_archived(centre, ARCHIVED, matter_type=MatterType.CRIMINAL)
    assert subsidy_for(before) == rates["old"].amount
    assert subsidy_for(on_the_day) == rates["new"].amount
    assert subsidy_for(criminal) == rates["criminal"].amount


def test_no_amount_without_archive_or_rate(centre, rates):
    assert subsidy_for(make_application(centre, status=Status.IN_PROGRESS)) is None
    assert subsidy_for(make_archived(centre, datetime.date(2024, 6, 1))) is None  # before any rate
    no_rate = make_archived(centre, ARCHIVED, matter_type=MatterType.ADMINISTRATIVE)
    assert subsidy_for(no_rate) is None


# --- batches ----------------------------------------------------------------------------------


def test_batch_collects_archived_unpaid_cases_with_an_amount(cast, centre, reviewer, rates):
    civil = make_archived(centre, ARCHIVED)
    criminal = make_archived(centre, ARCHIVED, matter_type=MatterType.CRIMINAL)
    open_case = make_application(centre, status=Status.IN_PROGRESS)
    no_rate = make_archived(centre, ARCHIVED, matter_type=MatterType.ADMINISTRATIVE)
    other_centre_case = make_archived(make_centre(cast.county_b), ARCHIVED)

    batch = subsidy_batch_create(actor=reviewer, office=centre, title="2026年第一批")
    assert batch.office == centre and batch.paid_on is None and batch.created_by == reviewer
    members = set(batch.applications.all())
    assert members == {civil, criminal}
    for case in members:
        assert case.subsidy_amount == subsidy_for(case)
    for case in (open_case, no_rate, other_centre_case):
        case.refresh_from_db()
        assert case.subsidy_batch is None and case.subsidy_amount is None

    # Nothing is left for a second batch.
    with pytest.raises(ValidationError) as exc:
        subsidy_batch_create(actor=reviewer, office=centre, title="第二批")
    assert_invalid(exc, "__all__", "没有可以发放办案补贴的已归档案件。")


def test_batch_takes_only_cases_archived_until(centre, reviewer, rates):
    early = make_archived(centre, ARCHIVED)
    late = make_archived(centre, ARCHIVED + datetime.timedelta(days=10))
    batch = subsidy_batch_create(
        actor=reviewer, office=centre, title="二月", archived_until=ARCHIVED
    )
    assert list(batch.applications.all()) == [early]
    late.refresh_from_db()
    assert late.subsidy_batch is None


def test_batch_of_chosen_cases(centre, reviewer, rates):
    chosen = make_archived(centre, ARCHIVED)
    other = make_archived(centre, ARCHIVED)
    batch = subsidy_batch_create(actor=reviewer, office=centre, title="选定", applications=[chosen])
    assert list(batch.applications.all()) == [chosen]
    other.refresh_from_db()
    assert other.subsidy_batch is None

    with pytest.raises(ValidationError) as exc:  # already in a batch
        subsidy_batch_create(actor=reviewer, office=centre, title="再次", applications=[chosen])
    assert_invalid(exc, "__all__", "只能将本中心已归档、尚未编入发放批次的案件编入批次。")
    no_rate = make_archived(centre, ARCHIVED, matter_type=MatterType.ADMINISTRATIVE)
    with pytest.raises(ValidationError) as error:
        subsidy_batch_create(actor=reviewer, office=centre, title="无标准", applications=[no_rate])
    assert no_rate.number in error.value.messages[0]


def test_a_fixed_amount_is_kept(centre, reviewer, rates):
    case = make_archived(centre, ARCHIVED, subsidy_amount=Decimal("1234.00"))
    subsidy_batch_create(actor=reviewer, office=centre, title="批次")
    case.refresh_from_db()
    assert case.subsidy_amount == Decimal("1234.00")


def test_batch_office_must_be_a_centre(cast, rates):
    make_archived(cast.county_a, ARCHIVED)
    with pytest.raises(ValidationError) as error:
        subsidy_batch_create(actor=cast.county_supervisor, office=cast.county_a, title="局")
    assert "office" in error.value.message_dict


def test_batch_access(cast, centre, rates):
    make_archived(centre, ARCHIVED)
    with pytest.raises(Http404):
        subsidy_batch_create(actor=cast.sibling_clerk, office=centre, title="x")
    with pytest.raises(PermissionDenied):
        subsidy_batch_create(actor=cast.city_leader, office=centre, title="x")
    batch = subsidy_batch_create(actor=cast.county_supervisor, office=centre, title="上级汇总")
    assert batch.applications.count() == 1


def test_pay(cast, centre, reviewer, rates):
    make_archived(centre, ARCHIVED)
    batch = subsidy_batch_create(actor=reviewer, office=centre, title="批次")
    with pytest.raises(ValidationError) as error:
        subsidy_batch_pay(actor=reviewer, batch=batch, paid_on=ARCHIVED - datetime.timedelta(1))
    assert "paid_on" in error.value.message_dict
    with pytest.raises(Http404):
        subsidy_batch_pay(actor=cast.sibling_clerk, batch=batch, paid_on=ARCHIVED)
    with pytest.raises(PermissionDenied):
        subsidy_batch_pay(actor=cast.city_leader, batch=batch, paid_on=ARCHIVED)

    paid = subsidy_batch_pay(actor=reviewer, batch=batch, paid_on=ARCHIVED)
    assert paid.paid_on == ARCHIVED
    with pytest.raises(ValidationError) as exc:
        subsidy_batch_pay(actor=reviewer, batch=batch, paid_on=ARCHIVED)
    assert_invalid(exc, "__all__", "该批次已于")


# --- views ------------------------------------------------------------------------------------


@pytest.fixture
def batch(centre, reviewer, rates):
    make_archived(centre, ARCHIVED)
    make_archived(centre, ARCHIVED, matter_type=MatterType.CRIMINAL)
    return subsidy_batch_create(actor=reviewer, office=centre, title="甲县二月补贴")


def _total(batch) -> Decimal:
    return sum(a.subsidy_amount for a in batch.applications.all())


@pytest.mark.parametrize("who", ["reviewer", "county_supervisor", "city_leader"])
def test_list_and_detail_own_and_parent(cast, login, batch, reviewer, who):
    user = reviewer if who == "reviewer" else getattr(cast, who)
    client = login(user)
    body = client.get(reverse("legalaid:subsidy_batch_list")).content.decode()
    assert batch.title in body
    response = client.get(reverse("legalaid:subsidy_batch_detail", args=[batch.pk]))
    assert response.status_code == 200
    assert response.context["batch"].total == _total(batch)
    assert response.context["batch"].case_count == batch.applications.count()
    for case in batch.applications.all():
        assert case.number in response.content.decode()


def test_sibling_sees_no_batch(cast, login, batch):
    client = login(cast.sibling_clerk)
    body = client.get(reverse("legalaid:subsidy_batch_list")).content.decode()
    assert batch.title not in body
    assert client.get(reverse("legalaid:subsidy_batch_detail", args=[batch.pk])).status_code == 404
    assert client.get(reverse("legalaid:subsidy_batch_pay", args=[batch.pk])).status_code == 404


def test_public_user_has_no_subsidy_pages(cast, login):
    assert login(cast.public_user).get(reverse("legalaid:subsidy_batch_list")).status_code == 403


def test_list_shows_pending_cases_and_their_total(cast, login, centre, reviewer, rates):
    cases = [make_archived(centre, ARCHIVED), make_archived(centre, ARCHIVED)]
    response = login(reviewer).get(reverse("legalaid:subsidy_batch_list"))
    assert [c.pk for c in response.context["pending"]] == [c.pk for c in cases]
    assert response.context["pending_total"] == sum(subsidy_for(c) for c in cases)
    body = response.content.decode()
    assert f"/legal-aid/applications/{cases[0].pk}/" in body


def test_create_and_pay_through_the_pages(login, centre, reviewer, rates):
    case = make_archived(centre, ARCHIVED)
    client = login(reviewer)
    url = reverse("legalaid:subsidy_batch_create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"office": centre.pk, "title": "三月批次"})
    batch = SubsidyBatch.objects.get(title="三月批次")
    assert response.url == reverse("legalaid:subsidy_batch_detail", args=[batch.pk])
    assert Application.objects.get(pk=case.pk).subsidy_batch == batch

    pay_url = reverse("legalaid:subsidy_batch_pay", args=[batch.pk])
    early = client.post(pay_url, {"paid_on": (ARCHIVED - datetime.timedelta(1)).isoformat()})
    assert early.status_code == 200 and "归档日期" in early.content.decode()
    response = client.post(pay_url, {"paid_on": ARCHIVED.isoformat()})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.paid_on == ARCHIVED


def test_create_with_nothing_to_pay_shows_the_reason(login, centre, reviewer):
    response = login(reviewer).post(
        reverse("legalaid:subsidy_batch_create"), {"office": centre.pk, "title": "空批次"}
    )
    assert response.status_code == 200
    assert "没有可以发放办案补贴的已归档案件" in response.content.decode()
    assert not SubsidyBatch.objects.exists()


def test_viewer_without_edit_may_not_create_or_pay(cast, login, batch):
    client = login(cast.city_leader)
    assert client.get(reverse("legalaid:subsidy_batch_create")).status_code == 403
    assert client.get(reverse("legalaid:subsidy_batch_pay", args=[batch.pk])).status_code == 403
