"""The benchmark generators write raw rows (COPY / executemany), past the models: a column added
to a model later must be added to them too, or the generator fails at its first row."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import NOT_PROVIDED

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(autouse=True)
def bench_on_path(monkeypatch):
    """The generators import their neighbour `common` as the bench scripts run them."""
    monkeypatch.setattr(sys, "path", [str(BENCH), *sys.path])


def generator(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def model_of(table: str):
    return next(m for m in apps.get_models() if m._meta.db_table == table)


def test_mediation_generator_writes_every_required_column_and_no_other():
    for table, columns in generator("generate_mediation").TABLES.items():
        fields = model_of(table)._meta.concrete_fields
        # NOT NULL without a database default: a raw INSERT must give it.
        required = {f.column for f in fields if not f.null and f.db_default is NOT_PROVIDED}
        assert required - set(columns) == set(), table
        assert set(columns) - {f.column for f in fields} == set(), table
