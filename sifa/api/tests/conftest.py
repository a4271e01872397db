"""Fixtures of the API tests: agency clients (with their tokens) and a client to call with."""

import pytest
from django.core.cache import cache
from django.test import Client

from sifa.api import actions


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # rate-limit counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def make_client(cast):
    """make_client(office, purposes, **options) → (ApiClient, token)."""
    count = iter(range(1, 1000))

    def _make(office=None, purposes=("read_statistics",), **options):
        options.setdefault("name", f"测试机关{next(count)}")
        options.setdefault("agency_kind", "court")
        return actions.client_create(
            actor=cast.sysadmin,
            office=office or cast.city,
            purposes=list(purposes),
            **options,
        )

    return _make


class AgencyCaller:
    """A Django test client that sends the agency's token (and JSON)."""

    def __init__(self, token: str):
        self.http = Client()
        self.token = token

    def _headers(self, headers):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}", **(headers or {})}

    def get(self, path, params=None, headers=None):
        return self.http.get(path, params or {}, **self._headers(headers))

    def post(self, path, data=None, headers=None):
        return self.http.post(
            path,
            data if data is not None else {},
            content_type="application/json",
            **self._headers(headers),
        )


@pytest.fixture
def caller():
    """caller(token) → an AgencyCaller."""
    return AgencyCaller
