"""Shared builders for corrections tests: persons, workers and subjects made through the real
actions (sifa/corrections/actions/subjects.py).

Use them with the standard `cast` fixture (tests/factories.py), e.g.::

    worker = make_worker(cast.county_a)                 # cc_worker: sees minors too
    subject = make_subject(worker, cast.township_a1)    # 待报到
    active = make_active_subject(worker, cast.township_a1)  # 报到 + 入矫宣告: 在矫
    minor = make_active_subject(worker, cast.township_a1, minor=True)

The cast's `township_clerk` (jo_staff at township A1) sees and edits adults of A1 but no minors;
`county_supervisor` (county A) is the parent; `sibling_clerk` (township A2) sees nothing.

Default dates: judgment effective 2026-03-02, notified 2026-03-04, 缓刑 12 months
(period 2026-03-02 … 2027-03-01), reported 2026-03-05, announced 2026-03-06.
"""

from __future__ import annotations

import datetime
import itertools

from sifa.corrections.constants import DecisionOrgan, SentenceType, TeamRole
from sifa.orgs.models import Office
from sifa.people.models import DocumentType, Gender, Person
from tests.factories import UserFactory, grant

D = datetime.date
JUDGMENT_EFFECTIVE_ON = D(2026, 3, 2)
NOTIFIED_ON = D(2026, 3, 4)
REPORTED_ON = D(2026, 3, 5)
ANNOUNCED_ON = D(2026, 3, 6)
ADULT_BIRTH_DATE = D(1985, 6, 1)
MINOR_BIRTH_DATE = D(2010, 1, 1)  # 16 on the default judgment date
CATEGORY = "ordinary"  # code list correction_category: lenient / ordinary / strict

_serial = itertools.count(1)


def make_worker(office: Office, *, username: str | None = None, role: str = "cc_worker"):
    """A 社区矫正工作人员 (VIEW, EDIT, STATS, REVEAL, MINORS) on `office` and its subtree."""
    user = UserFactory(username=username or f"cc_worker{next(_serial)}")
    grant(user, office, role)
    return user


def make_person(
    office: Office,
    *,
    name: str | None = None,
    gender: str = Gender.MALE,
    birth_date: datetime.date | None = ADULT_BIRTH_DATE,
) -> Person:
    """A person registered by `office` (no document number, so no uniqueness clash)."""
    return Person.objects.create(
        office=office,
        name=name or f"矫正对象{next(_serial)}",
        doc_type=DocumentType.OTHER,
        gender=gender,
        birth_date=birth_date,
    )


def subject_fields(office: Office, **overrides) -> dict:
    """Keyword arguments of `subject_register` (besides actor and office), with defaults.

    `minor=True` makes the default person 16 on the judgment's effect; `gender=` sets the
    default person's gender.
    """
    minor = overrides.pop("minor", False)
    gender = overrides.pop("gender", Gender.MALE)
    person = overrides.pop("person", None)
    if person is None:
        birth = MINOR_BIRTH_DATE if minor else ADULT_BIRTH_DATE
        person = make_person(office, gender=gender, birth_date=birth)
    fields = dict(
        person=person,
        sentence_type=SentenceType.PROBATION,
        crime="盗窃罪",
        original_sentence="有期徒刑一年，缓刑一年",
        sentence_months=12,
        decision_organ=DecisionOrgan.COURT,
        decision_organ_name="甲县人民法院",
        judgment_number=f"（2026）浙0102刑初{next(_serial)}号",
        judgment_effective_on=JUDGMENT_EFFECTIVE_ON,
        notified_on=NOTIFIED_ON,
        documents_received_on=NOTIFIED_ON,
    )
    fields.update(overrides)
    return fields


def make_subject(actor, office: Office, **overrides):
    """A subject registered through `subject_register` (待报到)."""
    from sifa.corrections.actions.subjects import subject_register

    return subject_register(actor=actor, office=office, **subject_fields(office, **overrides))


def make_received_subject(actor, office: Office, *, reported_on=None, **overrides):
    """A registered subject who reported on time (已接收)."""
    from sifa.corrections.actions.subjects import subject_report

    subject = make_subject(actor, office, **overrides)
    return subject_report(actor=actor, subject=subject, reported_on=reported_on or REPORTED_ON)


def add_team(actor, subject) -> None:
    """A 矫正小组 that satisfies CC-8 and CC-32 for any subject."""
    from sifa.corrections.actions.subjects import team_member_add

    team_member_add(
        actor=actor,
        subject=subject,
        name="司法所干部",
        role=TeamRole.JUDICIAL_OFFICE,
        is_female=True,
        versed_in_minors=subject.is_minor,
    )
    team_member_add(actor=actor, subject=subject, name="村委委员", role=TeamRole.VILLAGE_COMMITTEE)


def make_active_subject(
    actor, office: Office, *, announced_on=None, category=CATEGORY, **overrides
):
    """A subject reported and announced (在矫), with a team, plan version 1 and a category."""
    from sifa.corrections.actions.subjects import subject_announce

    reported_on = overrides.pop("reported_on", None)
    subject = make_received_subject(actor, office, reported_on=reported_on, **overrides)
    add_team(actor, subject)
    return subject_announce(
        actor=actor,
        subject=subject,
        announced_on=announced_on or max(ANNOUNCED_ON, subject.registered_on),
        category=category,
        plan="每月报告一次；每月参加教育学习不少于八小时。",
    )


def make_expired_subject(actor, office: Office, **overrides):
    """An active subject whose period has ended (缓刑 2 months from 2026-03-02: ends 05-01)."""
    overrides.setdefault("sentence_months", 2)
    overrides.setdefault("original_sentence", "拘役三个月，缓刑二个月")
    return make_active_subject(actor, office, **overrides)
