"""The mediation to-do provider: near / overdue closing targets and performance deadlines,
only for cases the user may see."""

import datetime

import pytest
from django.urls import reverse

from sifa.core import todos
from sifa.core.deadlines import compute
from sifa.mediation.actions import cases as actions
from sifa.mediation.constants import CLOSING_TARGET_RULE, AgreementForm
from sifa.mediation.tests.factories import make_case, make_case_in_mediation, make_committee
from sifa.mediation.todos import mediation_todos

D = datetime.date
TODAY = D(2026, 7, 15)  # a Wednesday; the due dates below fall on working days (checked)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def committees(cast):
    return make_committee(cast.township_a1), make_committee(cast.township_a2)


def received_for_due(due: datetime.date) -> datetime.date:
    """The 受理日期 whose one-month closing target falls on `due` (checked, not assumed)."""
    received = due.replace(month=due.month - 1)
    assert compute(CLOSING_TARGET_RULE, received) == due
    return received


def test_provider_is_registered():
    assert todos.providers()["mediation"] is mediation_todos


def test_near_and_overdue_closing_targets(cast, committees):
    a1, _ = committees
    clerk = cast.township_clerk
    overdue_case = make_case(clerk, a1, received_on=received_for_due(TODAY - datetime.timedelta(1)))
    near_due = TODAY + datetime.timedelta(days=2)
    near_case = make_case_in_mediation(clerk, a1, received_on=received_for_due(near_due))
    make_case(clerk, a1, received_on=received_for_due(TODAY + datetime.timedelta(days=9)))
    closed = make_case(clerk, a1, received_on=received_for_due(TODAY - datetime.timedelta(5)))
    actions.case_refuse(actor=clerk, case=closed, on=closed.received_on, reason="拒绝调解")

    items = todos.for_user(clerk)
    mine = [t for t in items if t.line == "人民调解"]
    assert [(t.title, t.overdue) for t in mine] == [
        (f"案件 {overdue_case.number} 已超过一个月调结期限", True),
        (f"案件 {near_case.number} 一个月调结期限将至", False),
    ]
    overdue, near = mine
    assert overdue.due == TODAY - datetime.timedelta(1)
    assert near.due == near_due
    assert near.url == reverse("mediation:case_detail", args=[near_case.pk])
    assert near.office == a1.name


def test_only_visible_cases(cast, committees):
    a1, a2 = committees
    received = received_for_due(TODAY - datetime.timedelta(1))
    mine = make_case(cast.township_clerk, a1, received_on=received)
    theirs = make_case(cast.sibling_clerk, a2, received_on=received)

    def numbers(user):
        return {t.title.split()[1] for t in mediation_todos(user)}

    assert numbers(cast.township_clerk) == {mine.number}
    assert numbers(cast.sibling_clerk) == {theirs.number}
    assert numbers(cast.county_supervisor) == {mine.number, theirs.number}
    assert numbers(cast.public_user) == set()


def test_performance_deadline_reminders(cast, committees):
    a1, _ = committees
    clerk = cast.township_clerk
    case = make_case_in_mediation(clerk, a1, received_on=TODAY - datetime.timedelta(days=20))
    actions.agreement_record(
        actor=clerk,
        case=case,
        form=AgreementForm.ORAL,
        reached_on=TODAY - datetime.timedelta(days=15),
        terms="分两期支付赔偿款",
        performance_deadline=TODAY - datetime.timedelta(days=1),
    )
    [todo] = mediation_todos(clerk)
    assert todo.title == f"案件 {case.number} 协议履行期限已过，请督促履行"
    assert todo.overdue is True
    assert todo.due == TODAY - datetime.timedelta(days=1)
