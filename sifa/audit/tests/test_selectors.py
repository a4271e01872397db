"""The selectors refuse non-auditors themselves, whatever calls them."""

import pytest
from django.core.exceptions import PermissionDenied

from sifa.audit import selectors
from sifa.audit.tests.helpers import make_person

pytestmark = pytest.mark.django_db

SELECTORS = [
    lambda actor: selectors.auth_event_list(actor=actor),
    lambda actor: selectors.access_log_list(actor=actor),
    lambda actor: selectors.access_log_model_choices(actor=actor),
    lambda actor: selectors.change_list(actor=actor),
    lambda actor: selectors.change_entries(actor=actor, rows=[]),
]


@pytest.mark.parametrize("select", SELECTORS)
def test_every_selector_refuses_the_sysadmin(select, cast):
    with pytest.raises(PermissionDenied):
        select(cast.sysadmin)


@pytest.mark.parametrize("select", SELECTORS)
def test_every_selector_serves_the_auditor(select, cast):
    select(cast.auditor)


def test_change_rows_become_entries_in_the_same_order(cast):
    make_person(cast.township_a1, cast.township_clerk)

    rows = list(selectors.change_list(actor=cast.auditor)[:5])
    entries = selectors.change_entries(actor=cast.auditor, rows=rows)

    assert [(e.model_label, e.at) for e in entries] == [
        (row["model_label"], row["history_date"]) for row in rows
    ]


def test_a_model_without_history_lists_nothing(cast):
    assert list(selectors.change_list(actor=cast.auditor, model="accounts.usedpassword")) == []
