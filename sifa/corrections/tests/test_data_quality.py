"""The 社区矫正 data-quality rules (sifa/corrections/data_quality.py): each finds a record planted
the way an import of the corrections register brings it and not a record the actions made. The
monitor (scope, minors stated as hidden) is tested in sifa/stats/tests/test_data_quality.py."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sifa.core import data_quality
from sifa.corrections.actions.investigations import investigation_complete, investigation_register
from sifa.corrections.constants import (
    CommissioningBody,
    CustodyKind,
    InvestigationResult,
    InvestigationStage,
    MeasureKind,
    ProposalOutcome,
)
from sifa.corrections.models import Custody, Investigation, Measure, Subject
from sifa.corrections.tests.factories import (
    make_active_subject,
    make_expired_subject,
    make_person,
    make_worker,
)
from sifa.orgs.models import Office
from sifa.stats import data_quality as monitor

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def found(code: str) -> set[int]:
    return set(data_quality.rule_of(code).records().values_list("pk", flat=True))


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


def active(worker, office) -> Subject:
    """In correction, its period running beyond today."""
    subject = make_active_subject(worker, office)
    Subject.objects.filter(pk=subject.pk).update(correction_end=timezone.localdate() + 60 * DAY)
    subject.refresh_from_db()
    return subject


def test_a_correction_period_ending_before_it_starts(cast, worker):
    bad = active(worker, cast.township_a1)
    Subject.objects.filter(pk=bad.pk).update(correction_end=bad.correction_start - DAY)
    good = active(worker, cast.township_a1)

    rows = found("corrections.end_before_start")
    assert bad.pk in rows and good.pk not in rows
    fix = data_quality.rule_of("corrections.end_before_start").fix(bad)
    assert fix.url == reverse("corrections:subject_period", args=[bad.pk])


def test_a_subject_in_correction_without_a_supervising_office(cast, worker):
    at_the_bureau = active(worker, cast.township_a1)
    Subject.objects.filter(pk=at_the_bureau.pk).update(office=cast.county_a)
    office_closed = active(worker, cast.township_a2)
    Office.objects.filter(pk=cast.township_a2.pk).update(is_active=False)
    good = active(worker, cast.township_a1)

    rows = found("corrections.no_supervising_office")
    assert {at_the_bureau.pk, office_closed.pk} <= rows and good.pk not in rows


def test_a_subject_still_in_correction_after_the_period(cast, worker):
    expired = make_expired_subject(worker, cast.township_a1)
    in_custody = make_expired_subject(worker, cast.township_a1)
    Custody.objects.create(
        office=in_custody.office,
        subject=in_custody,
        kind=CustodyKind.values[0],
        organ="甲县公安局",
        start_on=in_custody.correction_end - DAY,
    )
    proposal_pending = make_expired_subject(worker, cast.township_a1)
    Measure.objects.create(
        office=proposal_pending.office,
        subject=proposal_pending,
        kind=MeasureKind.REVOKE_PROBATION,
        facts="再次违反监督管理规定。",
        decided_on=proposal_pending.correction_end - DAY,
        decided_by="甲县司法局",
        outcome=ProposalOutcome.PENDING,
    )
    running = active(worker, cast.township_a1)

    rows = found("corrections.past_end_still_open")
    assert expired.pk in rows
    assert not {in_custody.pk, proposal_pending.pk, running.pk} & rows  # CC-31: wait
    fix = data_quality.rule_of("corrections.past_end_still_open").fix(expired)
    assert fix.url == reverse("corrections:subject_release", args=[expired.pk])


def commission(worker, office, *, person=None) -> Investigation:
    investigation = investigation_register(
        actor=worker,
        office=office,
        commission_number=f"WT-DQ-{Investigation.objects.count() + 1:03d}",
        commissioning_body=CommissioningBody.COURT,
        commissioning_name="甲县人民法院",
        stage=InvestigationStage.PRE_TRIAL,
        person=person or make_person(office),
        crime="危险驾驶罪",
        received_on=timezone.localdate() - 5 * DAY,
    )
    return investigation_complete(
        actor=worker,
        investigation=investigation,
        completed_on=timezone.localdate() - 2 * DAY,
        result=InvestigationResult.SUITABLE,
        reasons="居所固定，家庭监管条件良好。",
        items="居所情况：固定",
        investigators="张三、李四",
    )


def test_an_investigation_completed_before_it_was_commissioned(cast, worker):
    bad = commission(worker, cast.county_a)
    Investigation.objects.filter(pk=bad.pk).update(completed_on=bad.received_on - DAY)
    good = commission(worker, cast.county_a)

    rows = found("corrections.investigation_completed_before_commissioned")
    assert bad.pk in rows and good.pk not in rows


def test_a_minors_assessment_is_hidden_from_who_may_not_see_minors(cast, worker):
    """An assessment has no minors flag of its own: the rule hides it as the line's list does
    (under 18 when the commission was received) and the monitor states it."""
    young = make_person(cast.county_a, birth_date=timezone.localdate() - 16 * 365 * DAY)
    bad = commission(worker, cast.county_a, person=young)
    Investigation.objects.filter(pk=bad.pk).update(completed_on=bad.received_on - DAY)
    rule = data_quality.rule_of("corrections.investigation_completed_before_commissioned")

    supervisor = cast.county_supervisor  # 业务科室: no corrections.minors
    assert monitor.problem_records(supervisor, cast.county_a, rule).count() == 0
    assert monitor.hidden_records(supervisor, cast.county_a, rule).minors == 1
    assert list(monitor.problem_records(worker, cast.county_a, rule)) == [bad]
