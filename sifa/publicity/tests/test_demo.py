"""The demo city's publicity line on its own (the office tree and this line's part): the seed
figures of SEED_FIGURES.md (普法) through the registered indicators, the records behind them and
the half-year summary's sentences (tests/demo_publicity_checks.py, also run on the whole city by
tests/test_demo_lines.py)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from sifa.orgs import demo as orgs_demo
from sifa.orgs.models import Office
from tests import demo_publicity_checks as checks
from tests.factories import delete_cast, restore_seeded_database

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("publicity_city")]

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def publicity_city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        delete_cast()
        call_command("load_demo", only="orgs,publicity", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        restore_seeded_database()


@pytest.fixture
def city():
    return Office.objects.get(code=orgs_demo.ROOT_CODE)


def test_the_indicators_give_the_seed_figures(city):
    checks.check_seed_figures(city)


def test_the_figures_are_the_records(city):
    checks.check_consistent_records(city)


def test_the_half_year_summary_states_them(city):
    checks.check_summary(city)


def test_the_demo_unloads_and_tells_whether_it_is_there(city):
    from sifa.core.demo import DemoContext
    from sifa.publicity import demo as publicity_demo
    from sifa.publicity import models

    assert publicity_demo.is_present()
    publicity_demo.unload(DemoContext(log=lambda _text: None))
    assert not publicity_demo.is_present()
    for model in (
        models.Event,
        models.ExamResult,
        models.Exam,
        models.Unit,
        models.Plan,
        models.Inspection,
        models.Article,
        models.UnitYear,
        models.EventMaterial,
    ):
        assert not model.objects.exists(), model


def test_vice_principals_and_model_villages(city):
    checks.check_vice_principals_and_model_villages(city)
