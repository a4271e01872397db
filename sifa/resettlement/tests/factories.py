"""Builders for resettlement tests: persons with valid ID numbers, released corrections subjects
(built with the ORM, independent of the corrections actions), and released persons made through
the real action.

Use them with the standard `cast` fixture (tests/factories.py): records belong to the cast's
township A1 (司法所) — `township_clerk` is the own office, `county_supervisor` the parent,
`sibling_clerk` the sibling.
"""

from __future__ import annotations

import datetime
import itertools

from sifa.corrections.constants import (
    DecisionOrgan,
    ReleaseType,
    SentenceType,
)
from sifa.corrections.constants import Status as SubjectStatus
from sifa.corrections.models import Subject
from sifa.orgs.models import Office
from sifa.people.models import DocumentType, Person
from sifa.resettlement.actions.persons import released_person_register

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
DEFAULT_RELEASED_ON = datetime.date(2025, 6, 10)

_serial = itertools.count(1)


def resident_id(n: int | None = None, *, birth: str = "19800101", area: str = "330102") -> str:
    """A valid 18-digit 公民身份号码 (GB 11643, MOD 11-2 check character)."""
    n = next(_serial) if n is None else n
    body = f"{area}{birth}{n % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + CHECK[total % 11]


def make_person(office: Office, *, name: str | None = None, id_number: str | None = None):
    """A person registered by `office`, with a fresh valid ID number."""
    number = id_number or resident_id()
    person = Person(
        office=office, name=name or f"释放人员{next(_serial)}", doc_type=DocumentType.RESIDENT_ID
    )
    person.set_id_number(number)
    person.save()
    return person


def make_released_subject(
    office: Office,
    *,
    person: Person | None = None,
    is_minor: bool = False,
    released_on: datetime.date | None = DEFAULT_RELEASED_ON,
    **overrides,
) -> Subject:
    """A corrections subject already released (解除矫正), built directly with the ORM."""
    n = next(_serial)
    values = dict(
        office=office,
        number=f"JZ-R-{n:05d}",
        person=person or make_person(office),
        sentence_type=SentenceType.PROBATION,
        crime="盗窃罪",
        original_sentence="有期徒刑一年，缓刑二年",
        sentence_months=24,
        decision_organ=DecisionOrgan.COURT,
        decision_organ_name="甲县人民法院",
        judgment_number=f"(2023)甲刑初{n}号",
        judgment_effective_on=datetime.date(2023, 6, 1),
        is_minor=is_minor,
        notified_on=datetime.date(2023, 6, 3),
        report_due_on=datetime.date(2023, 6, 11),
        reported_on=datetime.date(2023, 6, 5),
        registered_on=datetime.date(2023, 6, 5),
        correction_start=datetime.date(2023, 6, 1),
        correction_end=released_on,
        status=SubjectStatus.RELEASED if released_on else SubjectStatus.UNDER_CORRECTION,
        released_on=released_on,
        release_type=ReleaseType.EXPIRY if released_on else "",
        certificate_number=f"解矫字{n}号" if released_on else "",
    )
    values.update(overrides)
    return Subject.objects.create(**values)


def make_released(actor, office: Office, **overrides):
    """A released prisoner (刑满释放) registered through `released_person_register`."""
    values = dict(
        person=overrides.pop("person", None) or make_person(office),
        released_on=DEFAULT_RELEASED_ON,
        crime="盗窃罪",
        prison="浙江省第一监狱",
        original_sentence="有期徒刑三年",
        certificate_number=f"释字{next(_serial)}号",
        notice_received_on=datetime.date(2025, 5, 10),
    )
    values.update(overrides)
    return released_person_register(actor=actor, office=office, **values)
