"""Shared pytest fixtures: the standard cast (see tests/factories.py) and browser helpers."""

import pytest

from tests.factories import PASSWORD, build_cast


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 at production strength costs ~0.5 s per hash; tests do not test its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login(client):
    """Log a user in on the Django test client and return the client."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
