"""Shared builders for legal-aid tests: a centre, its reviewer, providers and handlers, persons
and applications made through the real actions.

Use them with the standard `cast` fixture (tests/factories.py), e.g.::

    centre = make_centre(cast.county_a)
    reviewer = make_reviewer(centre)
    application = make_application(reviewer, centre)
    provider, handler = make_handler(centre)

The cast's `county_supervisor` (county A) is the centre's parent-office user; the
`township_clerk` (township A1, a sibling of the centre under county A) sees nothing of it.
"""

from __future__ import annotations

import datetime
import itertools

from sifa.legalaid.constants import HandlerKind, Matter, MatterType, ProviderKind
from sifa.legalaid.models import Handler, Provider
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people.models import DocumentType, Gender, Person
from tests.factories import UserFactory, add_office, grant

DEFAULT_RECEIVED_ON = datetime.date(2026, 3, 2)
STANDARD_MATERIALS = (
    ("法律援助申请表", True, True),
    ("身份证明", True, True),
    ("经济困难状况说明表", True, False),
    ("与所申请法律援助事项有关的材料", True, False),
)

_serial = itertools.count(1)


def make_centre(parent: Office, *, name: str | None = None) -> Office:
    """A 法律援助中心 under `parent` (e.g. the cast's county A)."""
    n = next(_serial)
    return add_office(
        parent,
        name=name or f"{parent.name}法律援助中心{n}",
        code=f"{parent.code}L{n:03d}",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code=parent.region_code,
    )


def make_reviewer(office: Office, *, username: str | None = None):
    """A user with the 法援审查员 role on `office`."""
    user = UserFactory(username=username or f"la_reviewer{next(_serial)}")
    grant(user, office, "la_reviewer")
    return user


def make_person(office: Office, *, name: str | None = None, gender: str = Gender.UNKNOWN) -> Person:
    """A person registered by `office` (no document number, so no uniqueness clash)."""
    n = next(_serial)
    return Person.objects.create(
        office=office, name=name or f"受援人{n}", doc_type=DocumentType.OTHER, gender=gender
    )


def make_provider(office: Office, *, name: str | None = None, **extra) -> Provider:
    """A law firm on the roster of `office`."""
    fields = {"kind": ProviderKind.LAW_FIRM, "active": True, **extra}
    return Provider.objects.create(
        office=office, name=name or f"测试律师事务所{next(_serial)}", **fields
    )


def make_handler(
    office: Office,
    *,
    provider: Provider | None = None,
    kind: str = HandlerKind.LAWYER,
    criminal_defence_since: datetime.date | None = datetime.date(2015, 1, 1),
    name: str | None = None,
    **extra,
) -> tuple[Provider, Handler]:
    """A handler (a lawyer by default, with criminal defence since 2015) and its provider."""
    provider = provider or make_provider(office)
    handler = Handler.objects.create(
        office=office,
        provider=provider,
        person=make_person(office, name=name or f"律师{next(_serial)}"),
        kind=kind,
        criminal_defence_since=criminal_defence_since,
        **extra,
    )
    return provider, handler


def make_application(actor, office: Office, **overrides):
    """Register an application through `application_register` (a civil labour-pay claim).

    Any keyword of `application_register` may be overridden; `applicant` defaults to a new
    person registered by `office`. Two of the standard materials are missing.
    """
    from sifa.legalaid.actions.applications import application_register

    fields = dict(
        applicant=overrides.pop("applicant", None) or make_person(office),
        matter_type=MatterType.CIVIL,
        matter=Matter.LABOUR_PAY,
        facts="申请人在工地务工，被拖欠工资三个月。",
        received_on=DEFAULT_RECEIVED_ON,
        adverse_party="某建筑劳务公司",
        materials=STANDARD_MATERIALS,
    )
    fields.update(overrides)
    return application_register(actor=actor, office=office, **fields)


def make_granted(actor, office: Office, *, decided_on=None, **overrides):
    """A registered application granted on `decided_on` (default: its receipt day)."""
    from sifa.legalaid.actions.applications import application_decide

    application = make_application(actor, office, **overrides)
    return application_decide(
        actor=actor,
        application=application,
        grant=True,
        decided_on=decided_on or application.received_on,
    )


def make_assigned(actor, office: Office, *, handler=None, assigned_on=None, **overrides):
    """A granted application assigned to `handler` (a new lawyer if not given)."""
    from sifa.legalaid.actions.assignments import assignment_make

    application = make_granted(actor, office, **overrides)
    if handler is None:
        _provider, handler = make_handler(office)
    assignment_make(
        actor=actor,
        application=application,
        provider=handler.provider,
        handler=handler,
        assigned_on=assigned_on or application.decided_on,
    )
    application.refresh_from_db()
    return application


def make_in_progress(actor, office: Office, *, signed_on=None, **overrides):
    """An assigned application whose 委托协议 is signed."""
    from sifa.legalaid.actions.applications import agreement_signed

    application = make_assigned(actor, office, **overrides)
    return agreement_signed(
        actor=actor,
        application=application,
        signed_on=signed_on or application.decided_on,
    )


def make_ended(actor, office: Office, *, ended_on=None, **overrides):
    """An application in progress, then ended (胜诉)."""
    from sifa.legalaid.actions.applications import application_end
    from sifa.legalaid.constants import Outcome

    application = make_in_progress(actor, office, **overrides)
    return application_end(
        actor=actor,
        application=application,
        outcome=Outcome.WON,
        ended_on=ended_on or application.decided_on,
        money_recovered=12000,
    )
