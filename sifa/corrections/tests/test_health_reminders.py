"""CC-11 reminders (issue 15): a 暂予监外执行 subject reports his physical condition monthly, a
保外就医 subject hands in a medical re-examination every three months; both are to-dos of the
corrections line until recorded (日常管理 of the matching kind)."""

from __future__ import annotations

import datetime

import pytest

from sifa.core.todos import for_user
from sifa.corrections.actions.supervision import supervision_record
from sifa.corrections.constants import OutsidePrisonGround, SentenceType, SupervisionKind
from sifa.corrections.selectors.supervision import health_reminders_due
from sifa.corrections.tests.factories import make_active_subject, make_worker

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


def outside(worker, office, ground=""):
    return make_active_subject(
        worker,
        office,
        sentence_type=SentenceType.OUTSIDE_PRISON,
        original_sentence="有期徒刑三年，暂予监外执行",
        outside_prison_ground=ground,
    )  # registered 2026-03-05


def titles(items, subject):
    return [t.title for t in items if subject.number in t.title]


def test_outside_prison_subject_gets_the_monthly_health_report_reminder(cast, worker):
    subject = outside(worker, cast.township_a1, OutsidePrisonGround.PREGNANT)
    assert titles(health_reminders_due(actor=worker, today=D(2026, 3, 20)), subject) == []
    # Due one month after the 接收登记 (2026-03-05 → 04-05, a Sunday in 清明 → 04-07).
    near = health_reminders_due(actor=worker, today=D(2026, 4, 4))
    assert titles(near, subject) == [f"暂予监外执行对象 {subject.number} 应按月报告身体状况"]
    late = [t for t in health_reminders_due(actor=worker, today=D(2026, 4, 20)) if t.overdue]
    assert titles(late, subject) == [f"暂予监外执行对象 {subject.number} 逾期未报告身体状况"]
    supervision_record(
        actor=worker,
        subject=subject,
        kind=SupervisionKind.HEALTH_REPORT,
        happened_on=D(2026, 4, 18),
        content="身体状况稳定",
    )
    assert titles(health_reminders_due(actor=worker, today=D(2026, 4, 20)), subject) == []


def test_medical_parole_subject_gets_the_three_monthly_reexamination_reminder(cast, worker):
    subject = outside(worker, cast.township_a1, OutsidePrisonGround.MEDICAL_PAROLE)
    for month in (4, 5):
        supervision_record(
            actor=worker, subject=subject, kind=SupervisionKind.HEALTH_REPORT,
            happened_on=D(2026, month, 3), content="按月报告",
        )  # fmt: skip
    items = health_reminders_due(actor=worker, today=D(2026, 6, 3))
    assert f"保外就医对象 {subject.number} 应提交病情复查情况（每三个月）" in titles(items, subject)
    supervision_record(
        actor=worker, subject=subject, kind=SupervisionKind.MEDICAL_REEXAM,
        happened_on=D(2026, 6, 1), content="省级指定医院复查",
    )  # fmt: skip
    items = health_reminders_due(actor=worker, today=D(2026, 6, 3))
    assert not any("病情复查" in t for t in titles(items, subject))
    # The to-do list of the line carries them (provider in line.py / todos.py).
    probation = make_active_subject(worker, cast.township_a1)
    assert titles(health_reminders_due(actor=worker, today=D(2026, 9, 3)), probation) == []


def test_the_reminders_are_on_the_users_todo_list(cast, worker, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 7, 1))
    subject = outside(worker, cast.township_a1, OutsidePrisonGround.MEDICAL_PAROLE)
    assert any(subject.number in t.title and "身体状况" in t.title for t in for_user(worker))
    assert not any(subject.number in t.title for t in for_user(cast.sibling_clerk))
    # The to-do page's office filter keeps it: the reminder names the subject's office.
    in_office = for_user(worker, office_path=cast.township_a1.path)
    assert any(subject.number in t.title and "身体状况" in t.title for t in in_office)
