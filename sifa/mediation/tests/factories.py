"""Shared builders for mediation tests: committees, mediators, parties and registered cases.

Use them with the standard `cast` fixture (tests/factories.py), e.g.::

    committee = make_committee(cast.township_a1)
    mediator = make_mediator(committee)
    case = make_case(cast.township_clerk, committee)

`make_case` goes through the real `case_register` action, so a case built here has its
number, parties and first CaseEvent exactly as a clerk's would.
"""

from __future__ import annotations

import datetime
import itertools

from sifa.orgs.constants import MEDIATOR_POST, MediationCommitteeType, OfficeKind
from sifa.orgs.models import Office, StaffMember
from sifa.people.models import DocumentType, Gender, Person
from tests.factories import add_office

DEFAULT_RECEIVED_ON = datetime.date(2026, 3, 2)

_serial = itertools.count(1)


def make_committee(
    parent: Office, *, name: str | None = None, subtype: str = MediationCommitteeType.TOWNSHIP
) -> Office:
    """A 人民调解委员会 office under `parent` (e.g. the cast's township A1)."""
    n = next(_serial)
    return add_office(
        parent,
        name=name or f"{parent.name}人民调解委员会{n}",
        code=f"{parent.code}M{n:03d}",
        kind=OfficeKind.MEDIATION_COMMITTEE,
        subtype=subtype,
        region_code=parent.region_code,
    )


ADULT_BIRTH_DATE = datetime.date(1980, 1, 1)


def make_person(
    office: Office,
    *,
    name: str | None = None,
    gender: str = Gender.UNKNOWN,
    birth_date: datetime.date | None = ADULT_BIRTH_DATE,
) -> Person:
    """A person registered by `office` (no document number, so no uniqueness clash); an adult
    unless `birth_date` says otherwise (committee members and mediators must be adults)."""
    n = next(_serial)
    return Person.objects.create(
        office=office,
        name=name or f"当事人{n}",
        doc_type=DocumentType.OTHER,
        gender=gender,
        birth_date=birth_date,
    )


def make_mediator(
    committee: Office,
    gender: str = Gender.FEMALE,
    *,
    start_date: datetime.date = datetime.date(2024, 1, 1),
    end_date: datetime.date | None = None,
    name: str | None = None,
) -> StaffMember:
    """A 人民调解员 serving in `committee` (a StaffMember with post `mediator`)."""
    person = make_person(committee, name=name or f"调解员{next(_serial)}", gender=gender)
    return StaffMember.objects.create(
        office=committee,
        person=person,
        post=MEDIATOR_POST,
        start_date=start_date,
        end_date=end_date,
    )


def natural_party(office: Office, role: str, **extra):
    """A PartyInput for a new natural person registered by `office`."""
    from sifa.mediation.actions.cases import PartyInput
    from sifa.mediation.constants import PartyKind

    return PartyInput(role=role, kind=PartyKind.NATURAL, person=make_person(office), **extra)


def make_case(actor, committee: Office, **overrides):
    """Register a case in `committee` through `case_register` (an applicant and a respondent).

    Any keyword of `case_register` may be overridden, `parties` included.
    """
    from sifa.mediation.actions.cases import case_register
    from sifa.mediation.constants import PartyRole

    if "parties" not in overrides:
        overrides["parties"] = [
            natural_party(committee, PartyRole.APPLICANT),
            natural_party(committee, PartyRole.RESPONDENT),
        ]
    fields = dict(
        source="application",
        dispute_type="neighbourhood",
        facts="双方因相邻通道堆放杂物发生争执。",
        received_on=DEFAULT_RECEIVED_ON,
    )
    fields.update(overrides)
    return case_register(actor=actor, office=committee, **fields)


def make_case_in_mediation(actor, committee: Office, *, mediator=None, on=None, **overrides):
    """A registered case moved to 调解中 with one mediator (made if not given)."""
    from sifa.mediation.actions.cases import case_start

    case = make_case(actor, committee, **overrides)
    mediator = mediator or make_mediator(committee)
    return case_start(actor=actor, case=case, mediators=[mediator], on=on or case.received_on)
