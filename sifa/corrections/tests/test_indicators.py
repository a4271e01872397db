"""The corrections figures against records made around the period bounds (docs/indicators.md)."""

from datetime import date
from decimal import Decimal

import pytest

from sifa.corrections import indicators
from sifa.corrections.constants import (
    EducationKind,
    InvestigationStage,
    MeasureKind,
    ProposalOutcome,
    ReleaseType,
    Status,
    TerminationType,
)
from sifa.corrections.models import Education, Investigation, Measure, PlaceChange, Subject
from sifa.people.models import Person
from sifa.stats import registry

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 6, 30)
BEFORE, AFTER = date(2025, 12, 31), date(2026, 7, 1)


def scope(office, start=START, end=END, user=None):
    return registry.Scope(office=office, start=start, end=end, user=user)


def records(key, office, **kw):
    return set(registry.records(registry.get(key), scope(office, **kw)))


def value(key, office, **kw):
    return registry.value(registry.get(key), scope(office, **kw))


_serial = iter(range(1, 10**6))


def make_subject(office, registered=date(2025, 6, 1), **fields):
    n = next(_serial)
    person = Person.objects.create(office=office, name=f"对象{n}")
    defaults = dict(
        office=office,
        number=f"T-{n:06d}",
        person=person,
        sentence_type="probation",
        crime="盗窃罪",
        original_sentence="有期徒刑一年，缓刑一年",
        decision_organ="court",
        decision_organ_name="某法院",
        judgment_number=f"（2025）刑初{n}号",
        judgment_effective_on=registered or date(2025, 6, 1),
        notified_on=registered or date(2025, 6, 1),
        report_due_on=registered or date(2025, 6, 1),
        registered_on=registered,
        reported_on=registered,
        status=Status.UNDER_CORRECTION if registered else Status.AWAITING_REPORT,
    )
    defaults.update(fields)
    return Subject.objects.create(**defaults)


def test_received_by_registration_date_and_moves_are_not_receptions(cast):
    office = cast.township_a1
    inside = [make_subject(office, d) for d in (START, END)]
    make_subject(office, BEFORE)
    make_subject(office, AFTER)
    make_subject(office, None)  # awaiting report
    old = make_subject(
        office, date(2025, 3, 1), status=Status.TRANSFERRED_OUT, transferred_on=date(2026, 2, 1)
    )
    moved = make_subject(cast.township_a2, date(2026, 2, 5))
    PlaceChange.objects.create(
        office=office,
        subject=old,
        to_office=cast.township_a2,
        applied_on=date(2026, 1, 1),
        new_subject=moved,
    )
    assert records("corrections.received", cast.county_a) == set(inside)
    assert records("corrections.transfers_in", cast.county_a) == {moved}
    assert records("corrections.transfers_out", cast.county_a) == {old}


def test_under_correction_is_a_stock_over_the_first_end(cast):
    office = cast.township_a1
    counted = [
        make_subject(office, END),  # registered on the last day
        make_subject(office, date(2025, 1, 1)),  # never ended
        make_subject(office, date(2025, 1, 1), status=Status.RELEASED, released_on=AFTER),
        make_subject(office, date(2025, 1, 1), status=Status.TERMINATED, terminated_on=AFTER),
        make_subject(office, date(2025, 1, 1), status=Status.TRANSFERRED_OUT, transferred_on=AFTER),
    ]
    make_subject(office, AFTER)
    make_subject(office, None)
    make_subject(office, date(2025, 1, 1), status=Status.RELEASED, released_on=END)
    make_subject(office, date(2025, 1, 1), status=Status.TERMINATED, terminated_on=END)
    make_subject(office, date(2025, 1, 1), status=Status.TRANSFERRED_OUT, transferred_on=END)
    assert records("corrections.under_correction", cast.city) == set(counted)
    assert value("corrections.under_correction", cast.county_b) == 0
    counted[0].is_minor = True
    counted[0].save()
    assert records("corrections.under_correction_minors", cast.city) == {counted[0]}
    figures = registry.figures(registry.get("corrections.under_correction"), scope(cast.city))
    assert figures.value == 5
    for rows in figures.breakdowns.values():
        assert sum(v for _s, _l, v in rows) == 5


def test_release_and_termination_figures(cast):
    office = cast.township_a1
    expiry = make_subject(
        office, status=Status.RELEASED, released_on=END, release_type=ReleaseType.EXPIRY
    )
    pardon = make_subject(
        office, status=Status.RELEASED, released_on=START, release_type=ReleaseType.PARDON
    )
    make_subject(office, status=Status.RELEASED, released_on=AFTER, release_type="expiry")
    death = make_subject(
        office, status=Status.TERMINATED, terminated_on=END, termination_type=TerminationType.DEATH
    )
    revoked = make_subject(
        office,
        status=Status.TERMINATED,
        terminated_on=START,
        termination_type=TerminationType.REVOKED_PROBATION,
    )
    assert records("corrections.released", cast.city) == {expiry, pardon}
    assert records("corrections.released_expiry", cast.city) == {expiry}
    assert records("corrections.terminated", cast.city) == {death, revoked}
    assert records("corrections.deaths", cast.city) == {death}
    assert records("corrections.revoked", cast.city) == {revoked}


def _investigation(office, stage, completed, adopted=None, due=date(2026, 12, 31)):
    n = next(_serial)
    return Investigation.objects.create(
        office=office,
        commission_number=f"C{n}",
        commissioning_body="court",
        commissioning_name="某法院",
        stage=stage,
        person=Person.objects.create(office=office, name=f"被评估人{n}"),
        crime="盗窃罪",
        received_on=date(2025, 12, 20),
        due_on=due,
        completed_on=completed,
        result="suitable" if completed else "",
        adopted=adopted,
    )


def test_assessments_by_stage_and_the_adoption_rate(cast):
    office = cast.township_a1
    trial = _investigation(office, InvestigationStage.PRE_TRIAL, START, adopted=True)
    late = _investigation(
        office, InvestigationStage.PRE_TRIAL, date(2026, 1, 7), adopted=False, due=date(2026, 1, 6)
    )
    parole = _investigation(office, InvestigationStage.PRE_PAROLE, END)
    pros = _investigation(office, InvestigationStage.PRE_PROSECUTION, END, adopted=True)
    _investigation(office, InvestigationStage.PRE_TRIAL, AFTER, adopted=True)
    _investigation(office, InvestigationStage.PRE_TRIAL, None)
    assert records("corrections.investigations_completed", cast.city) == {trial, late, parole, pros}
    assert records("corrections.investigations_pre_trial", cast.city) == {trial, late}
    assert records("corrections.investigations_pre_parole", cast.city) == {parole}
    assert records("corrections.investigations_pre_prosecution", cast.city) == {pros}
    assert records("corrections.investigations_late", cast.city) == {late}
    assert value("corrections.investigations_adoption_recorded", cast.city) == 3
    assert value("corrections.investigations_adopted", cast.city) == 2
    assert indicators.adoption_rate(scope(cast.city)) == Decimal("66.67")
    assert indicators.adoption_rate(scope(cast.county_b)) is None


def test_warnings_and_probation_revocations(cast):
    subject = make_subject(cast.township_a1)

    def measure(kind, decided, **extra):
        return Measure.objects.create(
            office=subject.office,
            subject=subject,
            kind=kind,
            facts="事实",
            decided_on=decided,
            decided_by="某人",
            **extra,
        )

    warning = measure(MeasureKind.WARNING, END)
    measure(MeasureKind.WARNING, AFTER)
    measure(MeasureKind.ADMONITION, START)
    granted = measure(
        MeasureKind.REVOKE_PROBATION,
        BEFORE,
        outcome=ProposalOutcome.GRANTED,
        outcome_on=START,
    )
    measure(MeasureKind.REVOKE_PROBATION, START, outcome=ProposalOutcome.PENDING)
    measure(MeasureKind.REVOKE_PROBATION, START, outcome="rejected", outcome_on=END)
    assert records("corrections.warnings", cast.city) == {warning}
    assert records("corrections.probation_revoked", cast.city) == {granted}
    assert value("corrections.proposals", cast.city) == 2
    assert value("corrections.proposals_granted", cast.city) == 1


def test_education_activities_staff_and_participants(cast):
    office = cast.township_a1
    subjects = [make_subject(office) for _ in range(3)]
    course = Education.objects.create(
        office=cast.county_a,
        kind=EducationKind.GROUP,
        held_on=END,
        topic="传统文化",
        hours=3,
        staff_count=17,
    )
    course.subjects.set(subjects)
    visit = Education.objects.create(
        office=office,
        kind=EducationKind.HOME_VISIT,
        held_on=START,
        topic="走访",
        hours=1,
        staff_count=2,
    )
    visit.subjects.set(subjects[:1])
    later = Education.objects.create(
        office=office, kind=EducationKind.GROUP, held_on=AFTER, topic="法治", hours=2, staff_count=5
    )
    later.subjects.set(subjects)
    assert value("corrections.education_activities", cast.city) == 2
    assert records("corrections.home_visits", cast.city) == {visit}
    assert value("corrections.group_education_staff", cast.city) == 17
    assert value("corrections.education_staff", cast.city) == 19
    assert value("corrections.group_education_participants", cast.city) == 3
    assert value("corrections.education_participants", cast.city) == 4
    # The township sees its own visit, not the county's course.
    assert value("corrections.education_participants", cast.township_a1) == 1


def test_a_user_counts_only_what_they_may_see(cast):
    make_subject(cast.township_a1, START)
    make_subject(cast.township_a2, START)
    assert value("corrections.received", cast.city, user=cast.township_clerk) == 1
    assert value("corrections.received", cast.city, user=cast.county_supervisor) == 2


def test_monitorings_in_use_at_the_period_end(cast):
    from sifa.corrections.models import Monitoring

    office = cast.township_a1

    def monitoring(start, end, **fields):
        return Monitoring.objects.create(
            office=office,
            subject=make_subject(office),
            ground="left_without_approval",
            approved_by="县局负责人",
            approved_on=start,
            start_on=start,
            end_on=end,
            **fields,
        )

    running = monitoring(date(2026, 5, 1), date(2026, 7, 31))
    lapsed = monitoring(date(2026, 3, 1), date(2026, 5, 31))  # expired, not yet released
    monitoring(date(2026, 3, 1), date(2026, 5, 31), released_on=date(2026, 6, 15))
    monitoring(date(2026, 7, 1), date(2026, 9, 30))  # starts after the period
    first = monitoring(date(2026, 4, 1), date(2026, 6, 20))
    extension = Monitoring.objects.create(
        office=office,
        subject=first.subject,
        ground=first.ground,
        approved_by="县局负责人",
        approved_on=date(2026, 6, 18),
        start_on=date(2026, 6, 21),
        end_on=date(2026, 9, 20),
        extends=first,
        reassessment="重新评估后仍有必要",
    )
    assert records("corrections.monitorings_in_use", office) == {running, lapsed, extension}
    assert value("corrections.monitorings_in_use", office, end=date(2026, 6, 20)) == 3


def test_new_crimes_and_the_reoffence_rate(cast, settings):
    office = cast.township_a1
    for _n in range(3):  # in correction before the period
        make_subject(office, date(2025, 6, 1))
    make_subject(office, date(2026, 2, 1))  # received in the period
    offender = make_subject(office, date(2025, 6, 1), new_crime_on=date(2026, 3, 3))
    make_subject(office, date(2025, 6, 1), new_crime_on=AFTER)  # after the period
    assert records("corrections.new_crimes", office) == {offender}
    # default: 在矫 at the start (5, the offender included) + received (1) = 6
    assert indicators.reoffence_rate(scope(office)) == Decimal("16.67")
    settings.SIFA_CC_REOFFENCE_DENOMINATOR = "end_stock"  # 在矫 at the end: 6
    assert indicators.reoffence_rate(scope(office)) == Decimal("16.67")
    assert indicators.reoffence_rate(scope(cast.township_b1)) is None  # nobody: no rate
    settings.SIFA_CC_REOFFENCE_DENOMINATOR = "nonsense"
    with pytest.raises(ValueError):
        indicators.reoffence_rate(scope(office))


def test_late_outside_prison_handover_counts_on_the_organ_not_as_late_report(cast):
    # Issue 15: 暂外 handover lateness is booked on the handing-over organ (CC-3).
    from sifa.corrections.actions.subjects import subject_report
    from sifa.corrections.constants import SentenceType
    from sifa.corrections.tests.factories import make_subject, make_worker

    worker = make_worker(cast.county_a)
    subject = make_subject(worker, cast.township_a1, sentence_type=SentenceType.OUTSIDE_PRISON)
    subject_report(
        actor=worker, subject=subject, reported_on=date(2026, 3, 16), handover_organ="甲县看守所"
    )
    march = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}
    assert value("corrections.handover_late", cast.city, **march) == 1
    assert value("corrections.received_late", cast.city, **march) == 0
    late = records("corrections.handover_late", cast.city, **march)
    assert {row.handover_organ for row in late} == {"甲县看守所"}
