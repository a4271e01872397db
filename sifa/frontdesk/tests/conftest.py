"""Fixtures of the front-desk tests: a public legal service centre under county A, a station
under township A1, a legal-aid centre and a mediation committee beside them; the cast's
county supervisor (业务科室 of county A, every line) works at all of them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sifa.frontdesk.actions.visits import visit_register
from sifa.frontdesk.constants import MatterCategory, Service
from sifa.legalaid.tests.factories import make_centre
from sifa.mediation.tests.factories import make_committee
from sifa.orgs.constants import OfficeKind
from sifa.people.actions import PersonIdentity
from sifa.people.selectors import person_find_by_id_number
from sifa.people.tests.helpers import resident_id
from tests.factories import add_office


@pytest.fixture
def desk(cast):
    """公共法律服务中心 of county A, its station in township A1, legal aid and mediation."""
    centre = add_office(
        cast.county_a,
        name="甲县公共法律服务中心",
        code="330102P01",
        kind=OfficeKind.PLS_CENTER,
        region_code="330102",
    )
    station = add_office(
        cast.township_a1,
        name="甲一镇公共法律服务工作站",
        code="330102001P1",
        kind=OfficeKind.PLS_STATION,
        region_code="330102001",
    )
    return type(
        "Desk",
        (),
        {
            "centre": centre,
            "station": station,
            "legal_aid": make_centre(cast.county_a),
            "committee": make_committee(cast.township_a1),
            "clerk": cast.county_supervisor,
        },
    )


def visit_at(hours_ago: int = 1) -> datetime.datetime:
    return timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=hours_ago)


def register_visitor(actor, office, *, id_number=None, name="张三", **extra):
    """A visitor registered by ID number (found or registered), or by name alone."""
    values = dict(
        office=office,
        visited_at=visit_at(),
        category=MatterCategory.LABOUR,
        matter="工地老板拖欠工资三个月，想申请法律援助。",
        service=Service.ANSWERED,
    )
    values.update(extra)
    if id_number:
        found = person_find_by_id_number(actor=actor, id_number=id_number)
        values["identity"] = PersonIdentity(person=found, name=name, id_number=id_number)
    else:
        values["visitor_name"] = name
    return visit_register(actor=actor, **values)


ID_NUMBER = resident_id(sequence="321")
