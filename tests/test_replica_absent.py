"""Without DATABASE_REPLICA_URL (no "replica" alias) the router sends every query to the one
database, also on the pages that would read a replica (tests/test_replica.py has one)."""

import pytest

from sifa.core import replica
from sifa.orgs.models import Office


@pytest.mark.django_db
def test_without_a_replica_everything_uses_the_one_database(cast):
    assert not replica.available()
    with replica.reads():
        assert Office.objects.all().db == "default"
        assert Office.objects.count() > 0
