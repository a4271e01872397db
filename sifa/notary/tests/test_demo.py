"""The demo city's 公证 line alone (orgs + notary): the reference summary's figures through the
indicators (tests/demo_notary_checks.py, also run on the whole demo by tests/test_demo_lines.py),
the records behind them, the drill-down, the monthly report form, and the office's login."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from sifa.core import demo
from sifa.notary import demo as notary_demo
from sifa.notary.selectors.notarisations import overdue_list
from sifa.orgs import demo as orgs_demo
from sifa.orgs.models import Office
from sifa.reports import definitions
from sifa.reports.compute import compute_form
from tests import demo_notary_checks as checks
from tests.factories import delete_cast, restore_seeded_database

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("notary_city")]
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def notary_city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        delete_cast()
        call_command("load_demo", only="orgs,notary", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        restore_seeded_database()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture
def city():
    return Office.objects.get(code=orgs_demo.ROOT_CODE)


def test_the_indicators_give_the_seed_figures(city):
    checks.check_seed_figures(city)
    checks.check_consistent_records(city)


def test_the_half_year_summary_states_them(city):
    checks.check_summary_sentence(city)


def test_the_monthly_form_and_the_drill_down(city, client):
    from django.contrib.auth import get_user_model

    form = next(f for f in definitions.all_forms() if f.key == "notary.monthly")
    assert definitions.problems(form) == []
    table = compute_form(form, city, demo.PERIOD_START, demo.PERIOD_END)
    assert table is not None
    admin = get_user_model().objects.get(username=notary_demo.NOTARY_ADMIN)
    client.force_login(admin, backend="sifa.accounts.backends.RolePermissionBackend")
    page = client.get(reverse("notary:notarisation_list"))
    assert page.status_code == 200
    assert overdue_list(actor=admin).exists()  # open ones past their 15 working days


def test_drill_down_from_the_figure_to_the_records(city, login):
    from sifa.orgs.models import Membership
    from sifa.stats import registry

    leader = Membership.objects.filter(office=city, role__key="leader").first().user
    client = login(leader)
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)
    foreign = dict(
        (stored, value)
        for stored, _label, value in registry.breakdown_values(
            registry.get("notary.issued"), scope, "scope"
        )
    )["foreign"]
    assert 0 < foreign < checks.ISSUED
    page = client.get(
        reverse("stats:records", args=["notary.issued"]),
        {
            "office": city.pk,
            "from": demo.PERIOD_START.isoformat(),
            "to": demo.PERIOD_END.isoformat(),
            "breakdown": "scope",
            "value": "foreign",
        },
    )
    assert page.status_code == 200
    assert page.context["page_obj"].paginator.count == foreign
