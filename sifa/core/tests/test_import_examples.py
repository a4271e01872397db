"""Every import's template shows example rows (sifa/core/imports/templates.py): a clerk copies
them, so each example cell must read as the import itself reads it — a placeholder that the
import would refuse teaches the wrong thing."""

import pytest

from sifa.core.imports import cells, registry
from sifa.core.imports.spec import ImportContext

pytestmark = pytest.mark.django_db


def example_cells(spec):
    """(field, raw) of each example given, by the spec's rows or by the field itself."""
    fields = {field.key: field for field in spec.fields}
    for row in spec.examples:
        for key, raw in row.items():
            yield fields[key], raw
    for field in spec.fields:
        if field.example not in ("", None):
            yield field, field.example


def test_every_example_cell_reads_as_the_import_reads_it(cast):
    refused = []
    for spec in registry.specs():
        ctx = ImportContext(actor=cast.county_supervisor)
        for field, raw in example_cells(spec):
            try:
                field.reader(ctx)(raw)
            except cells.CellError as error:
                refused.append(f"{spec.key} {field.header} {raw!r}: {error}")
    assert refused == [], "\n".join(refused)
