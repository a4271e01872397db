"""Village (community) legal advisers: the contract rules, coverage on a small tree, the
service standard's to-dos at their boundaries, and who sees which contracts and logs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.urls import reverse

from sifa.core import bulk
from sifa.orgs.constants import OfficeKind
from sifa.practice.actions import advisers as actions
from sifa.practice.constants_advisers import ServiceKind
from sifa.practice.models import AdviserContract
from sifa.practice.selectors import advisers as selectors
from sifa.practice.tests.conftest import register_lawyer
from sifa.stats import registry
from tests.factories import add_office

D = datetime.date
JAN_1, DEC_31, MAY_10 = D(2026, 1, 1), D(2026, 12, 31), D(2026, 5, 10)
pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(cast, practice):
    """Villages: a1 (cast) and a1b under township A1, a2 under A2; a lawyer at firm A and one
    at firm A2, both of county A."""
    a1b = add_office(
        cast.township_a1, name="甲一镇乙村司法行政服务站", code="330102001202",
        kind=OfficeKind.SERVICE_STATION, region_code="330102001202",
    )  # fmt: skip
    a2 = add_office(
        cast.township_a2, name="甲二镇丙村司法行政服务站", code="330102002201",
        kind=OfficeKind.SERVICE_STATION, region_code="330102002201",
    )  # fmt: skip
    lawyer = register_lawyer(practice.section, practice.firm_a, name="王顾问")
    other = register_lawyer(practice.section, practice.firm_a2, name="李顾问")
    return {"a1": cast.village_a1, "a1b": a1b, "a2": a2, "lawyer": lawyer, "other": other}


def sign(actor, village, adviser, start=JAN_1, end=DEC_31, fee=30000):
    return actions.contract_sign(
        actor=actor, village=village, adviser=adviser, starts_on=start, ends_on=end, fee=fee
    )


def log(actor, contract, kind=ServiceKind.DUTY, day=MAY_10, persons=3):
    return actions.log_save(
        actor=actor, contract=contract, kind=kind, served_on=day, hours=Decimal(4),
        persons=persons,
    )  # fmt: skip


class TestContractRules:
    def test_an_overlapping_second_adviser_is_refused_on_its_start(self, cast, tree, practice):
        sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        with pytest.raises(ValidationError) as caught:
            sign(cast.township_clerk, tree["a1"], tree["other"], start=D(2026, 12, 31),
                 end=D(2027, 12, 31))  # fmt: skip
        messages = caught.value.message_dict["starts_on"]
        assert messages == [
            "本村(社区)在此期间已有法律顾问合同（王顾问，2026-01-01至2026-12-31），同一期间最多1份。"
        ]

    def test_the_next_day_is_free_and_the_setting_allows_several(
        self, cast, tree, practice, settings
    ):
        sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        sign(
            cast.township_clerk, tree["a1"], tree["other"], start=D(2027, 1, 1), end=D(2027, 6, 30)
        )
        settings.SIFA_PRACTICE_VILLAGE_ADVISERS_MAX = 2
        sign(
            cast.township_clerk, tree["a1"], tree["other"], start=D(2026, 3, 1), end=D(2026, 6, 30)
        )
        with pytest.raises(ValidationError) as caught:  # the same adviser twice, never
            sign(cast.township_clerk, tree["a1"], tree["lawyer"], start=D(2026, 5, 1))
        assert caught.value.message_dict["starts_on"] == [
            "该法律顾问在此期间已与本村(社区)签有合同（2026-01-01至2026-12-31）。"
        ]

    def test_only_a_village_office_takes_a_contract(self, cast, tree):
        with pytest.raises(ValidationError) as caught:
            sign(cast.county_supervisor, cast.township_a1, tree["lawyer"])
        assert caught.value.message_dict["village"] == [
            "法律顾问合同的服务对象应为村(社区)司法行政服务站。"
        ]

    def test_period_and_fee(self, cast, tree):
        with pytest.raises(ValidationError) as caught:
            sign(cast.township_clerk, tree["a1"], tree["lawyer"], end=D(2025, 12, 31), fee=-1)
        assert caught.value.message_dict == {
            "ends_on": ["期满日期不能早于起始日期。"],
            "fee": ["服务费不能为负数。"],
        }

    def test_a_renewal_goes_with_the_contract_it_renews_in_a_bulk_delete(self, cast, tree):
        """bulk.delete (the demo's unload): a link between the deleted rows is no refusal;
        the renewed contract alone is kept by its renewal (PROTECT)."""
        first = sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        renewal = actions.contract_renew(
            actor=cast.township_clerk, contract=first, ends_on=D(2027, 12, 31)
        )
        with pytest.raises(ProtectedError), transaction.atomic():
            bulk.delete(AdviserContract.objects.filter(pk=first.pk))
        both = AdviserContract.objects.filter(pk__in=[first.pk, renewal.pk])
        assert bulk.delete(both) == 2
        assert not both.exists()

    def test_renewal_starts_the_day_after_and_ending_stops_it(self, cast, tree):
        first = sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        renewal = actions.contract_renew(
            actor=cast.township_clerk, contract=first, ends_on=D(2027, 12, 31)
        )
        assert (renewal.starts_on, renewal.renews, renewal.fee) == (D(2027, 1, 1), first, 30000)
        ended = actions.contract_end(
            actor=cast.township_clerk, contract=renewal, on=D(2027, 7, 1), reason="顾问调离"
        )
        assert ended.lapses_on == D(2027, 7, 1)
        assert ended.status_on(D(2027, 6, 30)) == "active"
        assert ended.status_on(D(2027, 7, 1)) == "terminated"
        # the village is free again from the day of ending
        sign(
            cast.township_clerk, tree["a1"], tree["other"], start=D(2027, 7, 1), end=D(2028, 6, 30)
        )
        with pytest.raises(ValidationError) as caught:
            actions.contract_end(actor=cast.township_clerk, contract=first, on=D(2026, 1, 1),
                                 reason="x")  # fmt: skip
        assert caught.value.message_dict["on"] == ["解除日期应晚于起始日期，且不晚于期满日期。"]

    def test_an_institution_cannot_sign_and_a_log_stays_in_the_period(self, cast, tree, practice):
        with pytest.raises(Http404):  # the village is out of the firm's sight
            sign(practice.firm_a_admin, tree["a1"], tree["lawyer"])
        contract = sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        with pytest.raises(ValidationError) as caught:
            log(practice.firm_a_admin, contract, day=D(2025, 12, 31))
        assert caught.value.message_dict["served_on"] == [
            "服务日期应在合同履行期内（2026-01-01至2026-12-31）。"
        ]


class TestCoverage:
    def test_coverage_by_township_and_the_villages_without(self, cast, tree):
        sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        rows = selectors.coverage_by_township(cast.city_leader, D(2026, 6, 30))
        assert [(r.township, r.villages, r.covered, r.rate) for r in rows] == [
            (cast.township_a1, 2, 1, Decimal("50.00")),
            (cast.township_a2, 1, 0, Decimal("0.00")),
        ]
        without = selectors.villages_without_adviser(cast.city_leader, D(2026, 6, 30))
        assert list(without) == [tree["a1b"], tree["a2"]]
        assert list(selectors.villages_without_adviser(cast.city_leader, D(2027, 1, 1))) == [
            tree["a1"], tree["a1b"], tree["a2"]
        ]  # fmt: skip
        # the township clerk sees its own township only
        own = selectors.coverage_by_township(cast.township_clerk, D(2026, 6, 30))
        assert [r.township for r in own] == [cast.township_a1]

    def test_the_registered_indicators(self, cast, tree):
        sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        scope = registry.Scope(cast.city, D(2026, 1, 1), D(2026, 6, 30))
        assert registry.value(registry.get("practice.villages"), scope) == 3
        with_adviser = registry.get("practice.villages_with_adviser")
        assert registry.value(with_adviser, scope) == 1
        ratio = registry.ratio_value(registry.get_ratio("practice.adviser_coverage"), scope)
        assert ratio.value == Decimal("33.33")
        by_township = registry.breakdown_values(with_adviser, scope, "township")
        assert [(value, count) for value, _label, count in by_township] == [
            (cast.township_a1.pk, 1)
        ]
        after = registry.Scope(cast.city, D(2027, 1, 1), D(2027, 1, 1))
        assert registry.value(with_adviser, after) == 0

    def test_the_coverage_page_drills_down_to_a_township(self, cast, tree, login):
        sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        url = reverse("practice:adviser_coverage")
        page = login(cast.county_supervisor).get(
            url, {"day": "2026-06-30", "township": cast.township_a1.pk}
        )
        text = page.content.decode()
        assert page.status_code == 200
        assert "甲一镇乙村司法行政服务站" in text and "甲二镇丙村" not in text


class TestServiceStandard:
    """Defaults: one lecture a quarter, two duty days a month ([M] settings)."""

    def test_the_boundaries_of_quarter_and_month(self, cast, tree):
        contract = sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        day = D(2026, 5, 15)

        def short():
            (item,) = selectors.shortfalls(cast.township_clerk, day) or [None]
            return item and (item.lectures, item.duty_days)

        log(cast.township_clerk, contract, ServiceKind.LECTURE, D(2026, 3, 31))  # last quarter
        log(cast.township_clerk, contract, ServiceKind.DUTY, D(2026, 4, 30))  # last month
        assert short() == (0, 0)
        log(cast.township_clerk, contract, ServiceKind.LECTURE, D(2026, 4, 1))
        log(cast.township_clerk, contract, ServiceKind.DUTY, D(2026, 5, 1))
        log(cast.township_clerk, contract, ServiceKind.CONSULTATION, D(2026, 5, 2))
        log(cast.township_clerk, contract, ServiceKind.DUTY, D(2026, 5, 1))  # the same day
        assert short() == (1, 1)
        log(cast.township_clerk, contract, ServiceKind.DUTY, D(2026, 5, 2))
        assert short() is None

    def test_the_to_dos_of_this_period(self, cast, tree, practice, settings):
        from django.utils import timezone

        today = timezone.localdate()
        contract = sign(cast.township_clerk, tree["a1"], tree["lawyer"], start=D(2026, 1, 1),
                        end=today + datetime.timedelta(days=400))  # fmt: skip
        other = sign(cast.county_supervisor, tree["a2"], tree["other"], start=D(2026, 1, 1),
                     end=today + datetime.timedelta(days=400))  # fmt: skip
        settings.SIFA_PRACTICE_ADVISER_DUTY_DAYS_PER_MONTH = 1
        log(practice.firm_a_admin, contract, ServiceKind.LECTURE, today)
        log(practice.firm_a_admin, contract, ServiceKind.DUTY, today)
        titles = [t.title for t in selectors.adviser_todos(cast.county_supervisor)]
        assert titles == [
            "甲二镇丙村司法行政服务站法律顾问李顾问本季度法治讲座0/1场",
            "甲二镇丙村司法行政服务站法律顾问李顾问本月到村值班0/1天",
        ]
        assert other.office == tree["a2"]
        # the firm's account is told of its own advisers only
        assert list(selectors.adviser_todos(practice.firm_a_admin)) == []
        assert len(list(selectors.adviser_todos(practice.firm_a2_admin))) == 2


class TestScoping:
    def test_an_institution_sees_only_its_own_advisers_logs(self, cast, tree, practice, login):
        mine = sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        theirs = sign(cast.township_clerk, tree["a1b"], tree["other"])
        my_log = log(practice.firm_a_admin, mine)
        their_log = log(cast.township_clerk, theirs)
        admin = practice.firm_a_admin
        assert list(selectors.logs(admin)) == [my_log]
        assert list(selectors.contracts(admin)) == [mine]
        with pytest.raises(Http404):
            selectors.log_get(actor=admin, pk=their_log.pk)
        client = login(admin)
        assert (
            client.get(reverse("practice:adviser_contract_detail", args=[mine.pk])).status_code
            == 200
        )
        for name, pk in (("adviser_contract_detail", theirs.pk), ("adviser_log_add", theirs.pk),
                         ("adviser_log_edit", their_log.pk)):  # fmt: skip
            assert client.get(reverse(f"practice:{name}", args=[pk])).status_code == 404
        page = client.get(reverse("practice:adviser_log_list")).content.decode()
        assert "甲一村" in page and "甲一镇乙村" not in page

    def test_the_township_sees_its_villages_and_the_sibling_does_not(self, cast, tree, login):
        contract = sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        entry = log(cast.township_clerk, contract)
        assert selectors.log_get(actor=cast.township_clerk, pk=entry.pk) == entry
        with pytest.raises(Http404):
            selectors.contract_get(actor=cast.sibling_clerk, pk=contract.pk)
        response = login(cast.sibling_clerk).get(
            reverse("practice:adviser_log_edit", args=[entry.pk])
        )
        assert response.status_code == 404

    def test_another_institution_may_not_enter_a_log(self, cast, tree, practice):
        contract = sign(cast.township_clerk, tree["a1"], tree["lawyer"])
        with pytest.raises(PermissionDenied):
            log(practice.firm_a2_admin, contract)

    def test_the_pages_round_trip(self, cast, tree, practice, login):
        client = login(cast.township_clerk)
        response = client.post(
            reverse("practice:adviser_contract_sign"),
            {"village": tree["a1"].pk, "adviser": tree["lawyer"].pk, "starts_on": "2026-01-01",
             "ends_on": "2026-12-31", "fee": "30000"},
        )  # fmt: skip
        assert response.status_code == 302
        contract = selectors.contracts(cast.township_clerk).get()
        again = client.post(
            reverse("practice:adviser_contract_sign"),
            {"village": tree["a1"].pk, "adviser": tree["other"].pk, "starts_on": "2026-06-01",
             "ends_on": "2026-12-31", "fee": "0"},
        )  # fmt: skip
        assert again.status_code == 200
        assert "同一期间最多1份" in again.content.decode()
        add = reverse("practice:adviser_log_add", args=[contract.pk])
        form = login(practice.firm_a_admin).get(add).content.decode()
        assert "请选择" in form and "法律援助引导" in form
        saved = login(practice.firm_a_admin).post(
            add, {"kind": "lecture", "served_on": "2026-04-02", "hours": "2", "persons": "40"}
        )
        assert saved.status_code == 302
        entry = selectors.logs(practice.firm_a_admin).get()
        edit = login(practice.firm_a_admin).get(
            reverse("practice:adviser_log_edit", args=[entry.pk])
        )
        assert 'value="2026-04-02"' in edit.content.decode()
        for name in ("adviser_contract_list", "adviser_log_list", "adviser_coverage"):
            assert login(cast.county_supervisor).get(reverse(f"practice:{name}")).status_code == 200
