"""Test builders for the eligibility, standards, subsidy and quality tests (helper H1).

Applications are created directly (tests may): these tests are about what comes after intake,
so they do not depend on the registration actions.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from sifa.legalaid.constants import Area, Matter, MatterType, Origin, Status
from sifa.legalaid.models import Application, HardshipStandard, SubsidyRate
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people.models import DocumentType, Person
from tests.factories import UserFactory, add_office, grant

_serial = itertools.count(1)


def make_centre(parent: Office, *, name: str | None = None) -> Office:
    """A 法律援助中心 under `parent` (a county bureau of the cast)."""
    n = next(_serial)
    return add_office(
        parent,
        name=name or f"{parent.name}法律援助中心{n}",
        code=f"{parent.code}L{n:03d}",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code=parent.region_code,
    )


def make_reviewer(office: Office, username: str | None = None):
    """A user with the 法援审查员 role at `office`."""
    user = UserFactory(username=username or f"la_reviewer{next(_serial)}")
    grant(user, office, "la_reviewer")
    return user


def make_person(office: Office, name: str | None = None) -> Person:
    return Person.objects.create(
        office=office, name=name or f"受援人{next(_serial)}", doc_type=DocumentType.OTHER
    )


def make_application(office: Office, **overrides) -> Application:
    """An application kept by `office`; archived cases: pass status/archived_on."""
    n = next(_serial)
    values = {
        "office": office,
        "number": f"FY-H1-{n:05d}",
        "origin": Origin.APPLICATION,
        "applicant": overrides.pop("applicant", None) or make_person(office),
        "matter_type": MatterType.CIVIL,
        "matter": Matter.LABOUR_PAY,
        "facts": "拖欠工资",
        "received_on": datetime.date(2026, 1, 5),
        "status": Status.RECEIVED,
    }
    values.update(overrides)
    return Application.objects.create(**values)


def make_archived(office: Office, archived_on: datetime.date, **overrides) -> Application:
    overrides.setdefault("status", Status.ARCHIVED)
    overrides.setdefault("ended_on", archived_on - datetime.timedelta(days=20))
    return make_application(office, archived_on=archived_on, **overrides)


def make_standard(
    region_code: str = "330102",
    area: str = Area.URBAN,
    valid_from: datetime.date = datetime.date(2025, 1, 1),
    limit: str | Decimal = "1500",
    basis: str = "省司法厅、财政厅经济困难标准通知",
) -> HardshipStandard:
    return HardshipStandard.objects.create(
        region_code=region_code,
        area=area,
        valid_from=valid_from,
        monthly_income_limit=Decimal(limit),
        basis=basis,
    )


def make_rate(
    matter_type: str = MatterType.CIVIL,
    amount: str | Decimal = "1200",
    valid_from: datetime.date = datetime.date(2025, 1, 1),
) -> SubsidyRate:
    return SubsidyRate.objects.create(
        matter_type=matter_type, amount=Decimal(amount), valid_from=valid_from
    )
