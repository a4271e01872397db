"""The legal-aid indicators: which records each counts, by which date, around the period bounds.

Applications are built with the ORM directly (the actions are written elsewhere).
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sifa.core.deadlines import compute
from sifa.legalaid.constants import (
    ASSIGNMENT_RULE,
    DECISION_RULE,
    NOTIFICATION_ASSIGNMENT_RULE,
    ApplicantGroup,
    Channel,
    HandlerKind,
    Matter,
    MatterType,
    Origin,
    ProviderKind,
    QualityKind,
    Satisfaction,
    Status,
)
from sifa.legalaid.models import (
    ApplicantGroupMembership,
    Application,
    ApplicationEvent,
    Assignment,
    Complaint,
    Consultation,
    DutyShift,
    Handler,
    Provider,
    QualityCheck,
    SubsidyBatch,
)
from sifa.orgs.constants import OfficeKind
from sifa.people.models import Person
from sifa.stats import registry
from sifa.stats.registry import Scope
from tests.factories import add_office

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 6, 30)
BEFORE, AFTER = START - timedelta(days=1), END + timedelta(days=1)
_numbers = itertools.count(1)


@pytest.fixture
def centre(cast):
    return add_office(
        cast.county_a,
        name="甲县法律援助中心",
        code="330102-LAC",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330102",
    )


def application(office, **fields) -> Application:
    person = Person.objects.create(office=office, name=f"申请人{next(_numbers)}")
    values = dict(
        number=f"T-{next(_numbers)}",
        origin=Origin.APPLICATION,
        applicant=person,
        matter_type=MatterType.CIVIL,
        matter=Matter.LABOUR_PAY,
        facts="被拖欠工资。",
        received_on=START,
    )
    values.update(fields)
    # The due dates the actions store when a period starts (第36、43条).
    if values["origin"] != Origin.NOTIFICATION:
        values.setdefault("decision_due_on", compute(DECISION_RULE, values["received_on"]))
    if values.get("accepted_on"):
        rule = (
            NOTIFICATION_ASSIGNMENT_RULE
            if values["origin"] == Origin.NOTIFICATION
            else ASSIGNMENT_RULE
        )
        values.setdefault("assignment_due_on", compute(rule, values["accepted_on"]))
    return Application.objects.create(office=office, **values)


def granted(office, accepted_on, **fields) -> Application:
    return application(
        office,
        status=fields.pop("status", Status.GRANTED),
        received_on=fields.pop("received_on", accepted_on),
        decided_on=fields.pop("decided_on", accepted_on),
        accepted_on=accepted_on,
        **fields,
    )


def value(key, office, start=START, end=END):
    return registry.value(registry.get(key), Scope(office, start, end))


def records(key, office, start=START, end=END):
    return set(registry.records(registry.get(key), Scope(office, start, end)))


def test_every_legalaid_indicator_is_declared_soundly():
    keys = [i.key for i in registry.all_indicators() if i.key.startswith("legalaid.")]
    assert len(keys) >= 20
    for key in keys:
        assert registry.problems(registry.get(key)) == [], key


def test_accepted_cases_counted_by_accepted_on_and_split_by_type(cast, centre):
    civil = granted(centre, START)
    criminal = granted(centre, END, matter_type=MatterType.CRIMINAL, matter=Matter.CRIMINAL_DEFENCE)
    notified = application(
        centre,
        origin=Origin.NOTIFICATION,
        matter_type=MatterType.CRIMINAL,
        matter=Matter.CRIMINAL_DEFENCE,
        status=Status.ARCHIVED,
        received_on=date(2026, 3, 2),
        accepted_on=date(2026, 3, 2),
    )
    granted(centre, BEFORE)  # previous period
    granted(centre, AFTER)  # next period
    application(centre, status=Status.RECEIVED)  # not decided yet
    application(centre, status=Status.REFUSED, decided_on=START)  # refused: not accepted
    terminated = granted(centre, START, status=Status.TERMINATED)  # still accepted

    assert records("legalaid.cases_accepted", centre) == {civil, criminal, notified, terminated}
    assert value("legalaid.civil_accepted", centre) == 2
    assert records("legalaid.criminal_accepted", centre) == {criminal, notified}
    assert records("legalaid.notifications", centre) == {notified}
    # The county sees its centre's cases; the sibling county none.
    assert value("legalaid.cases_accepted", cast.county_a) == 4
    assert value("legalaid.cases_accepted", cast.county_b) == 0
    rows = registry.breakdown_values(
        registry.get("legalaid.cases_accepted"), Scope(centre, START, END), "matter_type"
    )
    assert {stored: v for stored, _label, v in rows} == {"civil": 2, "criminal": 2}


def test_foundation_funded_and_groups(centre):
    funded = granted(centre, START, foundation_funded=True)
    granted(centre, AFTER, foundation_funded=True)
    plain = granted(centre, END)
    refused = application(centre, status=Status.REFUSED, decided_on=START)
    for app, group in (
        (funded, ApplicantGroup.MIGRANT_WORKER),
        (funded, ApplicantGroup.WOMAN),
        (plain, ApplicantGroup.MIGRANT_WORKER),
        (refused, ApplicantGroup.ELDERLY),  # not accepted: not an aided person
    ):
        ApplicantGroupMembership.objects.create(office=centre, application=app, group=group)

    assert records("legalaid.foundation_funded", centre) == {funded}
    rows = registry.breakdown_values(
        registry.get("legalaid.aided_group_members"), Scope(centre, START, END), "group"
    )
    assert {stored: v for stored, _label, v in rows} == {"migrant_worker": 2, "woman": 1}


def test_applications_received_and_refused(centre):
    received = application(centre, received_on=START, status=Status.RECEIVED)
    application(centre, received_on=BEFORE)
    application(centre, origin=Origin.NOTIFICATION, received_on=START)  # not an application
    refused = application(
        centre, received_on=START, status=Status.REFUSED, decided_on=START + timedelta(days=3)
    )
    ApplicationEvent.objects.create(
        office=centre,
        application=refused,
        from_status=Status.RECEIVED,
        to_status=Status.REFUSED,
        happened_on=refused.decided_on,
    )
    # An objection upheld is the same decision: its second REFUSED event does not count twice.
    ApplicationEvent.objects.create(
        office=centre,
        application=refused,
        from_status=Status.OBJECTION,
        to_status=Status.REFUSED,
        happened_on=refused.decided_on + timedelta(days=5),
    )

    assert records("legalaid.applications_received", centre) == {received, refused}
    assert records("legalaid.applications_refused", centre) == {refused}
    assert value("legalaid.applications_refused", centre) == 1


def test_decision_timeliness_follows_the_deadline_rule(centre):
    monday = date(2026, 3, 9)
    assert compute(DECISION_RULE, monday) == monday + timedelta(days=7)
    on_time = application(centre, received_on=monday, decided_on=monday + timedelta(days=7))
    late = application(centre, received_on=monday, decided_on=monday + timedelta(days=8))
    # Received on a Saturday: day 7 is a Saturday, the deadline moves to the next working day,
    # so a decision two days "over" the 7 days is still on time.
    saturday = date(2026, 3, 14)
    due = compute(DECISION_RULE, saturday)
    assert due > saturday + timedelta(days=7)
    shifted = application(centre, received_on=saturday, decided_on=due)
    shifted_late = application(centre, received_on=saturday, decided_on=due + timedelta(days=1))
    application(centre, received_on=monday)  # not decided: neither
    application(
        centre, origin=Origin.NOTIFICATION, received_on=monday, decided_on=monday
    )  # notifications are not reviewed

    assert records("legalaid.decisions", centre) == {on_time, late, shifted, shifted_late}
    assert records("legalaid.decisions_on_time", centre) == {on_time, shifted}
    assert records("legalaid.decisions_late", centre) == {late, shifted_late}


def test_assignment_timeliness(centre):
    provider = Provider.objects.create(
        office=centre, name="甲律师事务所", kind=ProviderKind.LAW_FIRM
    )
    lawyer = Handler.objects.create(
        office=centre,
        provider=provider,
        person=Person.objects.create(office=centre, name="李律师"),
        kind=HandlerKind.LAWYER,
    )

    def assign(app, on):
        Assignment.objects.create(
            office=centre, application=app, provider=provider, handler=lawyer, assigned_on=on
        )

    monday = date(2026, 3, 9)
    assert compute(ASSIGNMENT_RULE, monday) == monday + timedelta(days=3)
    quick = granted(centre, monday)
    assign(quick, monday + timedelta(days=3))
    slow = granted(centre, monday)
    assign(slow, monday + timedelta(days=4))
    assign(slow, monday + timedelta(days=1) + timedelta(days=30))  # a later replacement
    granted(centre, monday)  # not assigned yet: neither
    notified = application(
        centre,
        origin=Origin.NOTIFICATION,
        matter_type=MatterType.CRIMINAL,
        received_on=monday,
        accepted_on=monday,
        status=Status.ASSIGNED,
    )
    assign(notified, monday)

    assert records("legalaid.assignments_on_time", centre) == {quick, notified}
    assert records("legalaid.assignments_late", centre) == {slow}


def test_consultations_and_hotline_by_local_date(centre):
    tz = timezone.get_current_timezone()

    def consult(day, channel, hour=10):
        return Consultation.objects.create(
            office=centre,
            channel=channel,
            consulted_at=datetime.combine(day, time(hour, 0), tzinfo=tz),
            category="labour",
            question="工资被拖欠怎么办？",
        )

    visit = consult(START, Channel.VISIT)
    late_call = consult(END, Channel.HOTLINE, hour=23)  # 23:00 on the last day still counts
    consult(AFTER, Channel.HOTLINE, hour=0)
    online = consult(END, Channel.ONLINE)

    assert records("legalaid.consultations", centre) == {visit, late_call, online}
    assert records("legalaid.hotline_calls", centre) == {late_call}


def test_money_subsidy_quality_complaints_and_duty(centre):
    batch = SubsidyBatch.objects.create(office=centre, title="第一季度", paid_on=date(2026, 4, 20))
    later_batch = SubsidyBatch.objects.create(office=centre, title="第三季度", paid_on=AFTER)
    paid = granted(
        centre,
        BEFORE,
        status=Status.ARCHIVED,
        ended_on=date(2026, 2, 1),
        money_recovered=Decimal("12000"),
        subsidy_amount=Decimal("1500"),
        subsidy_batch=batch,
    )
    granted(
        centre,
        START,
        status=Status.ARCHIVED,
        ended_on=AFTER,
        money_recovered=Decimal("5000"),
        subsidy_amount=Decimal("800"),
        subsidy_batch=later_batch,
    )
    assert value("legalaid.money_recovered", centre) == Decimal("12000")
    assert records("legalaid.cases_ended", centre) == {paid}
    assert value("legalaid.subsidy_paid", centre) == Decimal("1500")
    assert value("legalaid.subsidy_paid_cases", centre) == 1

    for kind, satisfaction in (
        (QualityKind.FOLLOW_UP, Satisfaction.SATISFIED),
        (QualityKind.FOLLOW_UP, Satisfaction.NEUTRAL),
        (QualityKind.FOLLOW_UP, Satisfaction.DISSATISFIED),
        (QualityKind.FILE_REVIEW, ""),
    ):
        QualityCheck.objects.create(
            office=centre, application=paid, kind=kind, checked_on=START, satisfaction=satisfaction
        )
    assert value("legalaid.quality_checks", centre) == 4
    assert value("legalaid.follow_ups", centre) == 3
    assert value("legalaid.follow_ups_satisfied", centre) == 2

    Complaint.objects.create(
        office=centre, application=paid, received_on=END, complainant="张某", content="进展慢"
    )
    Complaint.objects.create(office=centre, received_on=AFTER, complainant="王某", content="态度")
    assert value("legalaid.complaints", centre) == 1

    handler = Handler.objects.create(
        office=centre,
        provider=Provider.objects.create(office=centre, name="中心", kind=ProviderKind.CENTRE),
        person=Person.objects.create(office=centre, name="值班律师"),
        kind=HandlerKind.CENTRE_STAFF,
    )
    for day, helped in ((START, 3), (END, 4), (AFTER, 9)):
        DutyShift.objects.create(
            office=centre, on_date=day, period="full_day", handler=handler, persons_helped=helped
        )
    assert value("legalaid.duty_shifts", centre) == 2
    assert value("legalaid.duty_persons_helped", centre) == 7


def test_every_breakdown_adds_up(centre):
    granted(centre, START, channel=Channel.HOTLINE)
    granted(centre, END, matter_type=MatterType.CRIMINAL, origin=Origin.NOTIFICATION)
    scope = Scope(centre, START, END)
    for indicator in registry.all_indicators():
        if not indicator.key.startswith("legalaid."):
            continue
        total = registry.value(indicator, scope)
        figures = registry.figures(indicator, scope, branches=True)
        assert figures.value == total, indicator.key
        for key, rows in figures.breakdowns.items():
            assert sum(v for _s, _l, v in rows) == total, (indicator.key, key)
