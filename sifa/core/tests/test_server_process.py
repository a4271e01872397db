"""A server process is settled before its first request (sifa.core.server_process)."""

import gc
import importlib
import sys

import pytest

from sifa.core.server_process import settle


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_settle_imports_the_views_and_freezes_what_is_alive(unfrozen):
    assert gc.get_freeze_count() == 0
    settle()
    assert gc.get_freeze_count() > 1000
    assert "sifa.mediation.views.cases" in sys.modules


def test_the_wsgi_application_is_settled_when_loaded(unfrozen):
    sys.modules.pop("config.wsgi", None)
    module = importlib.import_module("config.wsgi")
    assert callable(module.application)
    assert gc.get_freeze_count() > 1000
