"""The demo city's village advisers: 983 consultation sessions reaching 5120 persons in the
half-year (SEED_FIGURES.md, 公共法律服务) through the indicators, from the service logs; the
coverage and the service standard's to-dos from the same records."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from sifa.core import demo
from sifa.orgs import demo as orgs_demo
from sifa.orgs.models import Office
from sifa.practice import demo_advisers
from sifa.practice.constants_advisers import ServiceKind
from sifa.practice.models import AdviserContract, ServiceLog
from sifa.practice.selectors import advisers as selectors
from sifa.stats import registry
from tests.factories import UserFactory, grant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_cast"), pytest.mark.slow]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def city():
    call_command("load_demo", only="orgs,practice", stdout=StringIO())
    return Office.objects.get(code=orgs_demo.ROOT_CODE)


def test_consultations_coverage_and_to_dos(city):
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)

    def value(key):
        return registry.value(registry.get(key), scope)

    assert value("practice.adviser_consultations") == 983
    assert value("practice.adviser_consultation_persons") == 5120
    # … and they are the records: consultation logs dated in the half-year.
    rows = ServiceLog.objects.filter(
        kind=ServiceKind.CONSULTATION, served_on__range=(demo.PERIOD_START, demo.PERIOD_END)
    )
    assert rows.count() == 983
    assert rows.aggregate(total=Sum("persons"))["total"] == 5120
    drill = registry.records(registry.get("practice.adviser_consultations"), scope)
    assert set(drill.values_list("pk", flat=True)) == set(rows.values_list("pk", flat=True))
    # The business register's figure is left as it was.
    assert value("practice.office_adviser_clients") == 963

    villages = Office.objects.filter(kind="service_station").count()
    assert value("practice.villages") == villages
    assert value("practice.villages_with_adviser") == villages - demo_advisers.VILLAGES_WITHOUT
    leader = UserFactory(username="adviser_leader")
    grant(leader, city, "leader")
    rows = selectors.coverage_by_township(leader, demo.PERIOD_END)
    assert sum(r.villages - r.covered for r in rows) == demo_advisers.VILLAGES_WITHOUT
    assert (
        selectors.villages_without_adviser(leader, demo.PERIOD_END).count()
        == demo_advisers.VILLAGES_WITHOUT
    )
    # Every contract in force keeps to one per village.
    in_force = selectors.in_force(AdviserContract.objects.all(), demo.PERIOD_END)
    assert in_force.values("office").distinct().count() == in_force.count()
    # The dozen villages short of the standard this period are the to-dos.
    short = selectors.shortfalls(leader)
    assert 1 <= len(short) <= demo_advisers.SHORT_OF_DUTY + demo_advisers.SHORT_OF_LECTURE
    assert len(list(selectors.adviser_todos(leader))) >= len(short)
