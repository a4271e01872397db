"""The demo city's forensic line, loaded alone (with the office tree): 457 commissions in the
half-year, 同比 13 % computed from the same half of 2025, and the half-year summary's sentence
(tests/demo_forensic_checks.py, also run by tests/test_demo_lines.py on the whole city)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from sifa.forensic.selectors import cases as case_selectors
from sifa.orgs import demo as orgs_demo
from sifa.orgs.models import Office
from tests import demo_forensic_checks as checks
from tests.factories import delete_cast, restore_seeded_database

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("forensic_city")]

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def forensic_city(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        delete_cast()
        call_command("load_demo", only="orgs,forensic", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        restore_seeded_database()


def root():
    return Office.objects.get(code=orgs_demo.ROOT_CODE)


def test_the_seed_figures_and_the_records_behind_them():
    checks.check_seed_figures(root())
    checks.check_consistent_records(root())


def test_the_half_year_summary_states_them():
    checks.check_summary(root())


def test_the_institution_admin_sees_its_own_cases_only():
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="forensic_admin")
    offices = {case.office_id for case in case_selectors.case_list(actor=admin)[:2000]}
    assert len(offices) == 1


def test_open_cases_past_their_due_date_are_to_dos_of_the_bureau():
    from django.contrib.auth import get_user_model

    from sifa.forensic.todos import forensic_todos
    from sifa.orgs.models import Membership

    leader = (
        Membership.objects.filter(office=root(), role__key="leader").select_related("user").first()
    )
    user = leader.user if leader else get_user_model().objects.get(username="forensic_admin")
    todos = forensic_todos(user)
    assert any(todo.overdue and "超过办结期限" in todo.title for todo in todos)
