"""Fixtures for the login tests."""

import pytest
from django.test import Client

from sifa.accounts.tests.helpers import CLIENT_IP, USER_AGENT


@pytest.fixture
def visitor():
    """A test client whose requests come from CLIENT_IP with USER_AGENT (axes needs an address)."""
    return Client(REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=USER_AGENT)
