"""The line kit's rules, checked over the source of sifa/:

- every date input is the kit's `sifa.core.forms.DateInput` (it renders `YYYY-MM-DD`; a bare
  `forms.DateInput` renders the locale's format, which a browser's date input shows empty);
- no module imports a name starting with `_` from another module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.source_code import parse_file, python_files

# Reads the source code, not the database: runs once, in the SQLite run (scripts/test-postgres).
pytestmark = pytest.mark.source

SIFA = Path(__file__).resolve().parent.parent / "sifa"
KIT = SIFA / "core" / "forms.py"


def _application_modules():
    for path in python_files():
        parts = path.relative_to(SIFA).parts
        if "migrations" in parts or "tests" in parts:
            continue
        yield path


def _bare_date_inputs(tree: ast.AST) -> list[int]:
    """Lines that name `forms.DateInput` (or `django.forms.DateInput`) directly."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "DateInput"
        and isinstance(node.value, ast.Name | ast.Attribute)
        and (node.value.id if isinstance(node.value, ast.Name) else node.value.attr) == "forms"
    ]


def _private_imports(tree: ast.AST) -> list[tuple[int, str, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.module == "__future__":
            continue
        for alias in node.names:
            if alias.name.startswith("_"):
                found.append((node.lineno, node.module or "." * node.level, alias.name))
    return found


def test_the_checks_see_what_they_look_for():
    sample = ast.parse(
        "from django import forms\n"
        "from sifa.mediation.documents import _paragraph\n"
        "w = forms.DateInput(attrs={'type': 'date'})\n"
    )
    assert _bare_date_inputs(sample) == [3]
    assert _private_imports(sample) == [(2, "sifa.mediation.documents", "_paragraph")]
    assert _private_imports(ast.parse("from __future__ import annotations")) == []


def test_every_date_input_is_the_kit_widget():
    offenders = [
        f"{path.relative_to(SIFA.parent)}:{line}"
        for path in _application_modules()
        if path != KIT
        for line in _bare_date_inputs(parse_file(path))
    ]
    assert offenders == [], "use sifa.core.forms.DateInput: " + ", ".join(offenders)


def test_no_module_imports_a_private_name_from_another():
    offenders = [
        f"{path.relative_to(SIFA.parent)}:{line} from {module} import {name}"
        for path in _application_modules()
        for line, module, name in _private_imports(parse_file(path))
    ]
    assert offenders == [], "import public names only:\n" + "\n".join(offenders)
