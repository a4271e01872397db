"""Deadlines of legal-aid applications and the to-do provider: each step's due date from its
base date, the pause while 待补充材料, a national holiday (DOMAIN §1.7), met/late steps,
and to-dos only for applications the user may see."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sifa.core import todos
from sifa.core.deadlines import NEAR, OK, OVERDUE, compute
from sifa.core.models import CalendarDay
from sifa.legalaid import constants as c
from sifa.legalaid.actions import applications as actions
from sifa.legalaid.actions.assignments import assignment_make
from sifa.legalaid.constants import (
    CriminalStage,
    Matter,
    NotifyingOrgan,
    ObjectionResult,
    Origin,
    Status,
)
from sifa.legalaid.models import Application
from sifa.legalaid.selectors.applications import (
    AGREEMENT,
    ASSIGNMENT,
    DECISION,
    LATE,
    MATERIALS,
    MET,
    OBJECTION,
    PAUSED,
    REVIEW,
    SUPPLEMENT,
    application_deadlines,
)
from sifa.legalaid.tests.factories import (
    make_application,
    make_assigned,
    make_centre,
    make_ended,
    make_granted,
    make_handler,
    make_person,
    make_reviewer,
)
from sifa.legalaid.todos import legalaid_todos

D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = D(2026, 7, 15)  # a Wednesday, far from any statutory holiday


@pytest.fixture
def today(monkeypatch):
    """Fix 'today'; a test may call it again to move the day."""

    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    set_today(TODAY)
    return set_today


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


def row(application, kind, day=TODAY):
    application.refresh_from_db()
    rows = {d.kind: d for d in application_deadlines(application, today=day)}
    return rows.get(kind)


def test_provider_is_registered():
    assert todos.providers()["legalaid"] is legalaid_todos


def test_decision_deadline_across_the_national_day_holiday(today, centre, reviewer):
    """DOMAIN §1.7: received 2024-09-27 → 7 days → 10-04 is a holiday → due 10-08."""
    for day in range(1, 8):
        CalendarDay.objects.update_or_create(
            date=D(2024, 10, day), defaults={"kind": CalendarDay.Kind.HOLIDAY, "name": "国庆节"}
        )
    for day in (D(2024, 9, 29), D(2024, 10, 12)):
        CalendarDay.objects.update_or_create(
            date=day, defaults={"kind": CalendarDay.Kind.WORKDAY, "name": "国庆调休"}
        )
    today(D(2024, 10, 7))
    application = make_application(reviewer, centre, received_on=D(2024, 9, 27))
    deadline = row(application, DECISION, D(2024, 10, 7))
    assert deadline.due == D(2024, 10, 8)
    assert deadline.state == NEAR
    [item] = [t for t in legalaid_todos(reviewer)]
    assert item.due == D(2024, 10, 8)
    assert not item.overdue
    assert item.title == f"法援案件 {application.number} 审查决定期限将至"
    assert item.url == reverse("legalaid:application_detail", args=[application.pk])
    assert item.office == centre.name
    today(D(2024, 10, 9))
    [item] = legalaid_todos(reviewer)
    assert item.overdue
    assert item.title == f"法援案件 {application.number} 审查决定已超期"


def test_decision_pauses_while_awaiting_supplement_and_restarts(today, centre, reviewer):
    received = TODAY - 20 * DAY
    application = make_application(reviewer, centre, received_on=received)
    assert row(application, DECISION).state == OVERDUE
    actions.supplement_request(
        actor=reviewer,
        application=application,
        requested_on=received + DAY,
        due_on=TODAY - DAY,
    )
    assert row(application, DECISION).state == PAUSED
    supplement = row(application, SUPPLEMENT)
    assert (supplement.due, supplement.state) == (TODAY - DAY, OVERDUE)
    titles = [t.title for t in legalaid_todos(reviewer)]
    assert titles == [f"法援案件 {application.number} 补充材料期限已过，可视为撤回申请"]

    actions.materials_supplied(actor=reviewer, application=application, supplied_on=TODAY)
    decision = row(application, DECISION)
    assert decision.due == compute(c.DECISION_RULE, TODAY)  # restarted from the supply day
    assert decision.state == OK
    assert row(application, SUPPLEMENT).state == LATE  # supplied after the applicant's due date


def test_each_step_runs_from_its_base(today, centre, reviewer):
    base = TODAY - 2 * DAY
    granted = make_granted(reviewer, centre, received_on=base, decided_on=base)
    assignment = row(granted, ASSIGNMENT)
    assert assignment.due == compute(c.ASSIGNMENT_RULE, base)
    assert assignment.state == NEAR
    assert row(granted, DECISION).state == MET

    base = TODAY - 4 * DAY  # + 5 days: Thursday 07-16
    assigned = make_assigned(reviewer, centre, received_on=base, decided_on=base, assigned_on=base)
    agreement = row(assigned, AGREEMENT)
    assert agreement.due == compute(c.AGREEMENT_RULE, base) == TODAY + DAY
    assert agreement.state == NEAR
    assert row(assigned, ASSIGNMENT).state == MET

    ended_on = TODAY - 40 * DAY
    ended = make_ended(reviewer, centre, received_on=ended_on, ended_on=ended_on)
    materials = row(ended, MATERIALS)
    assert materials.due == compute(c.MATERIALS_RULE, ended_on)
    assert materials.state == OVERDUE
    actions.closing_materials_submit(
        actor=reviewer, application=ended, submitted_on=TODAY - 8 * DAY
    )
    review = row(ended, REVIEW)
    assert review.due == compute(c.REVIEW_RULE, TODAY - 8 * DAY)
    assert review.state == OK
    assert row(ended, MATERIALS).state == LATE


def test_objection_deadline(today, cast, centre, reviewer):
    application = make_application(reviewer, centre, received_on=TODAY - 10 * DAY)
    actions.application_decide(
        actor=reviewer,
        application=application,
        grant=False,
        decided_on=TODAY - 9 * DAY,
        refusal_reasons="不符合条件",
    )
    bureau = cast.county_supervisor  # 第49条: the 司法行政部门 registers and decides it
    actions.objection_file(
        actor=bureau, application=application, filed_on=TODAY - 6 * DAY, reasons="异议"
    )
    objection = row(application, OBJECTION)
    assert objection.due == compute(c.OBJECTION_RULE, TODAY - 6 * DAY)
    assert objection.state == OVERDUE
    # The overdue objection is the bureau's to-do, not the centre's (第49条).
    assert [t.title for t in legalaid_todos(bureau) if "异议" in t.title]
    assert not [t for t in legalaid_todos(reviewer) if "异议" in t.title]
    actions.objection_decide(
        actor=bureau,
        application=application,
        result=ObjectionResult.UPHELD,
        decided_on=TODAY,
    )
    assert row(application, OBJECTION).state == LATE
    assert legalaid_todos(reviewer) == []


def test_notification_assignment_runs_from_the_notice(today, centre, reviewer):
    notified = TODAY - 4 * DAY
    application = actions.notification_register(
        actor=reviewer,
        office=centre,
        applicant=make_person(centre),
        matter=Matter.CRIMINAL_DEFENCE,
        notifying_organ=NotifyingOrgan.PROCURATORATE,
        notifying_organ_name="甲县人民检察院",
        criminal_stage=CriminalStage.PROSECUTION,
        notification_ground="盲人",
        notified_on=notified,
        facts="涉嫌诈骗。",
    )
    assert row(application, DECISION) is None  # no review for a notification
    deadline = row(application, ASSIGNMENT)
    assert deadline.due == compute(c.NOTIFICATION_ASSIGNMENT_RULE, notified)
    assert deadline.state == OVERDUE
    _p, handler = make_handler(centre)
    assignment_make(
        actor=reviewer,
        application=application,
        provider=handler.provider,
        handler=handler,
        assigned_on=TODAY,
    )
    assert row(application, ASSIGNMENT).state == LATE
    assert application.status == Status.ASSIGNED


def test_todos_only_for_applications_the_user_sees(today, cast, centre, reviewer):
    application = make_application(reviewer, centre, received_on=TODAY - 10 * DAY)
    make_application(reviewer, centre, received_on=TODAY)  # not near yet
    expected = [f"法援案件 {application.number} 审查决定已超期"]
    assert [t.title for t in legalaid_todos(reviewer)] == expected
    assert [t.title for t in legalaid_todos(cast.county_supervisor)] == expected
    assert legalaid_todos(cast.township_clerk) == []
    assert [t.title for t in todos.for_user(reviewer) if t.line == "法律援助"] == expected


def test_a_new_portal_application_is_a_todo_from_its_first_day(today, cast, centre, reviewer):
    """Issue 15 item 11: a new online application is listed at once (nobody at the centre may
    know of it yet), due on its 7-day decision deadline (法律援助法 第43条)."""
    online = make_application(reviewer, centre, received_on=TODAY)
    Application.objects.filter(pk=online.pk).update(origin=Origin.ONLINE)
    make_application(reviewer, centre, received_on=TODAY)  # at the counter: not yet near

    [item] = legalaid_todos(reviewer)

    assert item.title == f"新网上申请 {online.number} 待审查，请在期限内作出是否给予法律援助的决定"
    assert item.due == compute(c.DECISION_RULE, TODAY)
    assert not item.overdue
    assert item.basis == "法律援助法 第43条"
    assert item.office_path == centre.path
    assert legalaid_todos(cast.township_clerk) == []


def test_closing_materials_awaiting_review_are_a_todo_from_the_day_they_are_filed(
    today, centre, reviewer
):
    """Issue 15 item 11: the review of closing materials, after which the 办案补贴 is paid, is
    listed from the day the materials arrive, due 30 days later (地方规定)."""
    ended = make_ended(reviewer, centre, received_on=TODAY - 20 * DAY, ended_on=TODAY - 10 * DAY)
    actions.closing_materials_submit(actor=reviewer, application=ended, submitted_on=TODAY)

    [item] = legalaid_todos(reviewer)

    assert item.title == f"法援案件 {ended.number} 结案材料待审查，审查后核发办案补贴"
    assert item.due == compute(c.REVIEW_RULE, TODAY)
    assert item.basis == "地方规定"
