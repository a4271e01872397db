"""The mediation indicators: which records each counts, by which date, around the period bounds."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest

from sifa.mediation import indicators
from sifa.mediation.constants import AgreementForm, CaseStatus, Performance
from sifa.mediation.models import (
    Agreement,
    CaseEvent,
    MediationCase,
    Reception,
    SubsidyBatch,
    SubsidyClaim,
)
from sifa.mediation.tests.factories import make_committee
from sifa.orgs.constants import MediationCommitteeType, OfficeKind
from sifa.stats import registry
from sifa.stats.registry import Scope
from tests.factories import add_office

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 6, 30)
BEFORE, AFTER = START - timedelta(days=1), END + timedelta(days=1)
_numbers = itertools.count(1)


def case(office, *, received_on=START, status=CaseStatus.REGISTERED, closed_on=None, **extra):
    fields = dict(source="application", dispute_type="neighbourhood", facts="纠纷")
    fields.update(extra)
    return MediationCase.objects.create(
        office=office,
        number=f"T-{next(_numbers)}",
        received_on=received_on,
        status=status,
        closed_on=closed_on,
        **fields,
    )


def success(office, effective_on, *, received_on=START, form=AgreementForm.WRITTEN, **extra):
    c = case(
        office, received_on=received_on, status=CaseStatus.AGREED, closed_on=effective_on, **extra
    )
    Agreement.objects.create(
        office=office,
        case=c,
        form=form,
        reached_on=effective_on,
        terms="协议",
        amount=Decimal("1000"),
        effective_on=effective_on,
    )
    return c


def value(key, office, start=START, end=END):
    return registry.value(registry.get(key), Scope(office=office, start=start, end=end))


def records(key, office):
    return set(registry.records(registry.get(key), Scope(office=office, start=START, end=END)))


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1, subtype=MediationCommitteeType.VILLAGE)


def test_cases_accepted_by_received_on_both_ends_included(cast, committee):
    inside = [case(committee, received_on=START), case(committee, received_on=END)]
    case(committee, received_on=BEFORE)
    case(committee, received_on=AFTER)
    assert records("mediation.cases_accepted", cast.city) == set(inside)
    assert value("mediation.cases_accepted", cast.township_a2) == 0


def test_successes_counted_by_effective_date_not_by_received_date(cast, committee):
    old = success(committee, START, received_on=date(2025, 11, 20))
    success(committee, AFTER, received_on=END)
    assert records("mediation.cases_succeeded", cast.city) == {old.agreement}
    assert records("mediation.cases_closed", cast.city) == {old}


def test_failures_include_archived_ones_and_exclude_refusals(cast, committee):
    failed = case(committee, status=CaseStatus.FAILED, closed_on=START)
    archived = case(committee, status=CaseStatus.ARCHIVED, closed_on=END)
    CaseEvent.objects.create(
        office=committee,
        case=archived,
        from_status="in_mediation",
        to_status="failed",
        happened_on=END,
    )
    case(committee, status=CaseStatus.CLOSED_REFUSED, closed_on=START)
    won = success(committee, START)
    assert records("mediation.cases_failed", cast.city) == {failed, archived}
    assert records("mediation.cases_closed", cast.city) == {failed, archived, won}
    rate = indicators.success_rate(Scope(office=cast.city, start=START, end=END))
    assert rate == Decimal("33.33")


def test_success_rate_is_none_when_nothing_was_closed(cast):
    assert indicators.success_rate(Scope(office=cast.city, start=START, end=END)) is None


def test_consumer_successes_include_the_sub_types(cast, committee):
    counted = {
        success(committee, START, dispute_type="consumer"),
        success(committee, START, dispute_type="consumer_tourism"),
        success(committee, START, dispute_type="consumer_ecommerce"),
    }
    success(committee, START, dispute_type="medical")
    assert records("mediation.successes_consumer", cast.city) == {c.agreement for c in counted}
    assert value("mediation.successes_medical", cast.city) == 1
    assert value("mediation.successes_traffic", cast.city) == 0


def test_agreements_by_form_and_amount(cast, committee):
    success(committee, START, form=AgreementForm.WRITTEN)
    success(committee, END, form=AgreementForm.ORAL)
    success(committee, AFTER)
    indicator = registry.get("mediation.agreements")
    scope = Scope(office=cast.city, start=START, end=END)
    by_form = {v: n for v, _, n in registry.breakdown_values(indicator, scope, "form")}
    assert by_form == {AgreementForm.WRITTEN: 1, AgreementForm.ORAL: 1}
    assert value("mediation.agreement_amount", cast.city) == Decimal("2000")


def test_performed_by_performed_on(cast, committee):
    c = success(committee, BEFORE)
    Agreement.objects.filter(case=c).update(performance=Performance.PERFORMED, performed_on=START)
    pending = success(committee, START)
    assert value("mediation.performed", cast.city) == 1
    assert pending.agreement.performance == Performance.PENDING


def test_centre_cases_and_professional_successes(cast):
    centre = add_office(
        cast.city,
        name="调处中心",
        code="330100-DRC",
        kind=OfficeKind.DISPUTE_CENTER,
        region_code="330100",
    )
    professional = make_committee(centre, subtype=MediationCommitteeType.PROFESSIONAL)
    own = case(centre)
    case(professional)
    pro = success(professional, START, received_on=date(2025, 12, 1))
    success(centre, START, received_on=BEFORE)
    assert records("mediation.centre_cases_accepted", cast.city) == {own}
    assert records("mediation.professional_successes", cast.city) == {pro.agreement}


def test_leader_reception_days_count_each_office_day_once(cast):
    centre = add_office(
        cast.city,
        name="调处中心",
        code="330100-DRC",
        kind=OfficeKind.DISPUTE_CENTER,
        region_code="330100",
    )

    def reception(on, persons, leader="", guided=False):
        return Reception.objects.create(
            office=centre,
            received_on=on,
            persons=persons,
            matter="来访",
            leader=leader,
            pre_visit_guidance=guided,
        )

    reception(START, 3, leader="副市长")
    reception(START, 4, leader="副市长")
    reception(END, 5, leader="局长")
    reception(END, 2)
    reception(END, 6, guided=True)
    reception(AFTER, 9, leader="局长")
    assert value("mediation.leader_reception_days", cast.city) == 2
    assert value("mediation.leader_reception_batches", cast.city) == 3
    assert value("mediation.leader_reception_persons", cast.city) == 12
    assert value("mediation.centre_receptions", cast.city) == 5
    assert value("mediation.centre_reception_persons", cast.city) == 20
    assert value("mediation.pre_visit_guidance_persons", cast.city) == 6


def test_subsidy_verified_files_exclude_rejections_and_payments_count_by_batch_date(
    cast, committee
):
    def claim(status, checked_on, amount="50", batch=None):
        c = success(committee, BEFORE, received_on=BEFORE)
        return SubsidyClaim.objects.create(
            office=committee,
            case=c,
            grade="simple",
            amount=Decimal(amount),
            status=status,
            file_checked_on=checked_on,
            batch=batch,
        )

    paid_in = SubsidyBatch.objects.create(office=cast.city, title="一季度", paid_on=END)
    paid_after = SubsidyBatch.objects.create(office=cast.city, title="二季度", paid_on=AFTER)
    passed = claim(SubsidyClaim.Status.REVIEWED, START)
    paid = claim(SubsidyClaim.Status.PAID, END, "120", paid_in)
    claim(SubsidyClaim.Status.REJECTED, START)
    claim(SubsidyClaim.Status.PAID, BEFORE, "80", paid_in)
    claim(SubsidyClaim.Status.PAID, START, "30", paid_after)
    assert passed in records("mediation.subsidy_files_verified", cast.city)
    assert paid in records("mediation.subsidy_files_verified", cast.city)
    assert value("mediation.subsidy_files_verified", cast.city) == 3
    assert value("mediation.subsidy_paid_cases", cast.city) == 2
    assert value("mediation.subsidy_paid_amount", cast.city) == Decimal("200")


def test_every_mediation_indicator_declares_its_date_and_computes(cast):
    keys = [i.key for i in registry.all_indicators() if i.key.startswith("mediation.")]
    assert len(keys) >= 30
    scope = Scope(office=cast.city, start=START, end=END)
    for key in keys:
        indicator = registry.get(key)
        assert registry.problems(indicator) == []
        assert str(indicator.date_field) in str(indicator.definition) or "日期" in str(
            indicator.definition
        )
        registry.value(indicator, scope)
        for breakdown in indicator.breakdowns:
            registry.breakdown_values(indicator, scope, breakdown.key)
