"""Forms never write (docs/architecture.md): a form checks input and describes what to do; the
action it hands that to writes. So no module of a `forms` room calls a function of an `actions`
module for an actor (an action takes `actor=`: a person is registered by
`people.actions.person_obtain` from the line's action, not from a form's clean), nor saves,
creates or deletes a model itself. Naming an action's constants, building its input dataclasses
or calling its pure helpers (no actor: `week_start(day)`) is reading, and allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.source_code import parse, python_files, read

# Reads the source code, not the database: runs once, in the SQLite run (scripts/test-postgres).
pytestmark = pytest.mark.source

SIFA = Path(__file__).resolve().parent.parent / "sifa"
WRITING_METHODS = {"save", "create", "delete", "update", "bulk_create", "get_or_create"}


def form_modules():
    for path in python_files():
        parts = path.relative_to(SIFA).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if "forms" in parts[:-1] or path.stem in {"forms", "forms_admin"}:
            yield path


def writes(source: str) -> list[str]:
    """What `source` does that only an action may do, one entry per call."""
    tree = parse(source)
    action_names, action_modules = (
        set(),
        set(),
    )  # `from x.actions import f`, `from x import actions`
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        for alias in node.names:
            name = alias.asname or alias.name
            if "actions" in node.module.split("."):
                action_names.add(name)
            elif alias.name == "actions":
                action_modules.add(name)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        acts = any(keyword.arg == "actor" for keyword in node.keywords)
        if isinstance(func, ast.Name) and func.id in action_names and acts:
            found.append(f"{node.lineno}: calls the action {func.id}()")
        elif isinstance(func, ast.Attribute):
            owner = func.value
            if isinstance(owner, ast.Name) and owner.id in action_modules:
                if acts:
                    found.append(f"{node.lineno}: calls the action {owner.id}.{func.attr}()")
            elif func.attr in WRITING_METHODS and _is_model_write(func):
                found.append(f"{node.lineno}: writes with .{func.attr}()")
    return found


def _is_model_write(func: ast.Attribute) -> bool:
    """`x.save()`, `Model.objects.create()` … but not `dict.update()` / `data.update()`."""
    if func.attr == "update":
        return isinstance(func.value, ast.Attribute) and func.value.attr == "objects"
    return True


def test_the_check_sees_a_form_that_writes():
    sample = (
        "from sifa.people import actions as people_actions\n"
        "from sifa.mediation.actions.cases import party_obtain, PartyInput\n"
        "class F:\n"
        "    def clean(self):\n"
        "        people_actions.person_register(actor=1)\n"
        "        party_obtain(actor=1)\n"
        "        PartyInput(role='x', kind='y')\n"
        "        self.instance.save()\n"
        "        Person.objects.create(name='x')\n"
        "        data.update(x=1)\n"
        "        people_actions.week_start(day)\n"
    )
    assert writes(sample) == [
        "5: calls the action people_actions.person_register()",
        "6: calls the action party_obtain()",
        "8: writes with .save()",
        "9: writes with .create()",
    ]


def test_no_form_writes():
    modules = list(form_modules())
    assert SIFA / "people" / "forms.py" in modules
    offending = {
        str(path.relative_to(SIFA.parent)): found
        for path in modules
        if (found := writes(read(path)))
    }
    assert offending == {}
