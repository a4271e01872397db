"""Every SIFA_* setting is declared once (config/sifa_settings.py) and read through it."""

import ast
import re
from pathlib import Path

import pytest

from config import sifa_settings
from config.sifa_settings import DECLARED, SETTINGS, markdown_table, sifa_setting
from tests.source_code import parse_file, python_files

# Reads the source code, not the database: runs once, in the SQLite run (scripts/test-postgres).
pytestmark = pytest.mark.source

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = ROOT / "config" / "sifa_settings.py"
NAME = re.compile(r"\bSIFA_[A-Z0-9_]*[A-Z0-9]\b")


def application_files():
    for folder in ("sifa", "config"):
        for path in python_files(ROOT / folder):
            if "migrations" not in path.parts:
                yield path


def names_used(path: Path) -> set[str]:
    """SIFA_* names in string constants and identifiers (comments name settings too, but the
    code is what must agree with the declarations)."""
    found = set()
    for node in ast.walk(parse_file(path)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= set(NAME.findall(node.value))
        elif isinstance(node, ast.Name):
            found |= set(NAME.findall(node.id))
        elif isinstance(node, ast.Attribute):
            found |= set(NAME.findall(node.attr))
    return found


def test_every_setting_used_is_declared():
    # Messages name a setting too ("未配置 SIFA_CHECKIN_TOKEN"), so docstrings are included.
    undeclared = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in application_files()
        if path != SETTINGS_MODULE
        for name in names_used(path)
        if name not in DECLARED
    }
    assert not undeclared, sorted(undeclared)


def test_the_scan_sees_a_setting_read():
    # The scan is not vacuous: it finds the names in a module known to read settings.
    assert "SIFA_CC_REOFFENCE_DENOMINATOR" in names_used(ROOT / "sifa/corrections/rules.py")


def _getattr_of_settings(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) >= 2
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == "settings"
    )


def _settings_attribute(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "settings"
        and node.attr.startswith("SIFA_")
    )


def test_only_the_settings_module_reads_sifa_settings():
    offenders = []
    for path in application_files():
        if path.parent.name == "config" or "tests" in path.parts:
            continue  # config/ declares and sets them; tests override them
        for node in ast.walk(parse_file(path)):
            if _getattr_of_settings(node) or _settings_attribute(node):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_default_has_the_declared_type(setting):
    assert type(setting.default) is setting.type
    assert setting.source.strip() and setting.doc.strip()


def test_names_are_declared_once():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))


def test_the_configured_values_have_the_declared_type(settings):
    from django.conf import settings as django_settings

    for setting in SETTINGS:
        value = getattr(django_settings, setting.name, setting.default)
        assert isinstance(value, setting.type), setting.name


def test_accessor_reads_settings_at_call_time(settings):
    settings.SIFA_PER_PAGE = 7
    assert sifa_setting("SIFA_PER_PAGE") == 7
    del settings.SIFA_PER_PAGE
    assert sifa_setting("SIFA_PER_PAGE") == DECLARED["SIFA_PER_PAGE"].default == 50


def test_accessor_refuses_an_undeclared_name():
    with pytest.raises(KeyError, match="SIFA_NO_SUCH_SETTING"):
        sifa_setting("SIFA_NO_SUCH_SETTING")


def test_settings_py_takes_its_defaults_from_the_declarations():
    # Without the environment variable, config/settings.py's value is the declared default.
    from django.conf import settings as django_settings

    for name in (
        "SIFA_PASSWORD_MIN_LENGTH",
        "SIFA_IDLE_TIMEOUT_MINUTES",
        "SIFA_API_MAX_BODY_BYTES",
    ):
        assert getattr(django_settings, name) == sifa_settings.default(name)


def test_docs_table_is_up_to_date():
    written = (ROOT / "docs" / "settings.md").read_text()
    assert written == markdown_table(), (
        "docs/settings.md is stale: python -m config.sifa_settings > docs/settings.md"
    )
