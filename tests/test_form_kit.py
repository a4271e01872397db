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


def _every_form_class():
    """Every Form/ModelForm class defined in sifa (each application module imported)."""
    import importlib
    import pkgutil

    from django import forms

    import sifa

    for info in pkgutil.walk_packages(sifa.__path__, "sifa."):
        if ".migrations" in info.name or ".tests" in info.name:
            continue
        importlib.import_module(info.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {cls for cls in subclasses(forms.BaseForm) if cls.__module__.startswith("sifa.")},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def _widget_offenders(name: str, fields) -> list[str]:
    from django import forms

    from sifa.core.forms import DateInput, DateTimeInput

    found = []
    for field_name, field in fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        if isinstance(field, forms.DateTimeField):
            kit = DateTimeInput
        elif isinstance(field, forms.DateField):
            kit = DateInput
        else:
            continue
        if not isinstance(field.widget, kit):
            found.append(f"{name}.{field_name}: {type(field.widget).__name__}")
    return found


@pytest.mark.django_db  # some forms read their choices when built
def test_every_date_field_of_every_form_has_the_kit_widget():
    """Issue 15.1: declared, model-made (Django's default widget) and added-in-__init__ date
    fields alike render ISO dates; a form that can be built without arguments is built too."""
    offenders = []
    for cls in _every_form_class():
        name = f"{cls.__module__}.{cls.__qualname__}"
        offenders += _widget_offenders(name, cls.base_fields)
        try:
            form = cls()
        except (TypeError, KeyError, AttributeError, ValueError):
            form = None  # a form that needs arguments is checked by its class only
        if form is not None:
            offenders += _widget_offenders(name + "()", form.fields)
    assert offenders == [], "date fields without the kit's ISO widget:\n" + "\n".join(offenders)


def test_a_kit_form_swaps_django_default_date_widget_and_renders_iso():
    import datetime

    from django import forms

    from sifa.core.forms import StyledForm

    class Sample(StyledForm):
        on = forms.DateField()
        at = forms.DateTimeField()

    html = str(Sample(initial={"on": datetime.date(2000, 3, 7)})["on"])
    assert 'type="date"' in html
    assert 'value="2000-03-07"' in html
    assert 'type="datetime-local"' in str(Sample()["at"])
