"""Lines register themselves (issue 13, item 3; docs/lines.md).

1. The registry is built from the installed apps: every app with a `line.py` is a line, and the
   dashboard, to-dos, search and API collect exactly what the lines declare.
2. A new line (tests/fixture_line, installed only here) shows its tile, to-do, search hit and
   API route without any other file being edited.
3. The collecting packages (sifa/api, sifa/reports, sifa/core, sifa/shell) import no business line.
"""

from __future__ import annotations

import ast
import types
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.test import modify_settings
from django.urls import resolve, reverse
from django.utils.module_loading import module_has_submodule

from sifa.api import purposes
from sifa.api import urls as api_urls
from sifa.core import data_quality, search, todos
from sifa.core import lines as line_registry
from sifa.reports import dashboard
from sifa.stats import data_quality as monitor
from sifa.stats import registry
from tests.source_code import parse_file

SIFA = Path(__file__).resolve().parent.parent / "sifa"
BUSINESS_LINES = ("mediation", "legalaid", "corrections", "resettlement")
COLLECTORS = ("api", "reports", "core", "shell")


def declaring_apps():
    return [
        config for config in apps.get_app_configs() if module_has_submodule(config.module, "line")
    ]


def test_every_installed_app_with_a_line_module_is_a_line():
    declared = line_registry.lines()
    assert {line.key for line in declared} == {config.label for config in declaring_apps()}
    assert set(BUSINESS_LINES) <= {line.key for line in declared}
    for config in declaring_apps():
        assert import_module(f"{config.name}.line").LINE in declared


def test_the_dashboard_is_what_the_lines_declare_in_the_order_it_always_had():
    board = dashboard.from_lines(line_registry.lines())
    assert board == dashboard.DASHBOARD
    assert [str(panel.line) for panel in board.lines] == [
        "人民调解",
        "法律援助",
        "社区矫正",
        "安置帮教",
        "律师和基层法律服务",
        "公证",
        "司法鉴定",
        "公共法律服务中心",
        "普法与依法治理",
        "12345工单",
        "机构队伍",
    ]
    assert board.trend == (
        "mediation.cases_accepted",
        "legalaid.cases_accepted",
        "corrections.received",
        "resettlement.released",
        "notary.issued",
    )
    assert [(c.indicator, c.breakdown, c.kind) for c in board.charts] == [
        ("mediation.cases_accepted", "type", dashboard.BAR),
        ("legalaid.cases_accepted", "matter_type", dashboard.PIE),
        ("corrections.under_correction", "sentence_type", dashboard.PIE),
    ]
    assert board.ranking == (
        "mediation.cases_accepted",
        "mediation.cases_succeeded",
        "legalaid.cases_accepted",
        "corrections.received",
    )
    assert board.warnings == (
        "corrections.alerts",
        "corrections.lost_contacts",
        "corrections.received_late",
        "corrections.investigations_late",
        "legalaid.decisions_late",
        "legalaid.assignments_late",
        "resettlement.not_connected",
        "notary.overdue",
        "forensic.overdue",
    )


def test_every_declared_todo_and_search_provider_is_registered():
    registered_todos = todos.providers()
    for line in line_registry.lines():
        for key, provider in line.todos:
            assert registered_todos[key] is provider
        for key, provider in line.search:
            assert search._providers[key] is provider
    assert {key for line in line_registry.lines() for key, _ in line.todos} >= set(BUSINESS_LINES)


def test_every_declared_record_link_provider_is_registered():
    from sifa.core import record_links

    declared = [provider for line in line_registry.lines() for provider in line.links]
    assert declared, "the front desk declares its 关联记录 provider"
    for provider in declared:
        assert provider in record_links._PROVIDERS


def test_every_declared_api_route_is_mounted_under_api_v1():
    mounted = {pattern.name for pattern in api_urls.urlpatterns}
    declaring = [line for line in line_registry.lines() if line.api_urls]
    assert {line.key for line in declaring} == {
        "corrections",
        "legalaid",
        "resettlement",
        "hotline",
    }
    for line in declaring:
        names = {pattern.name for pattern in import_module(line.api_urls).urlpatterns}
        assert names and names <= mounted


@pytest.fixture
def fixture_line_installed(monkeypatch):
    """The fixture line in INSTALLED_APPS. Changing INSTALLED_APPS runs every ready() again,
    which registers the providers again: they go into copies, dropped after the test."""
    monkeypatch.setattr(todos, "_providers", dict(todos._providers))
    monkeypatch.setattr(search, "_providers", dict(search._providers))
    monkeypatch.setattr(registry, "_registry", dict(registry._registry))  # its rule's indicator
    with modify_settings(INSTALLED_APPS={"append": "tests.fixture_line"}):
        yield line_registry.lines()
    assert "fixture_line" not in {line.key for line in line_registry.lines()}


def test_a_new_line_plugs_in_by_being_installed(fixture_line_installed, monkeypatch):
    (fixture,) = [line for line in fixture_line_installed if line.key == "fixture_line"]

    board = dashboard.from_lines(fixture_line_installed)
    names = [str(panel.line) for panel in board.lines]
    # In the order of its `order` (50) among the lines, the shared panel last: every line
    # ordered before it comes before it, every line ordered after it after it.
    assert names[-1] == "机构队伍" and names.count("测试条线") == 1
    position = names.index("测试条线")
    for line in fixture_line_installed:  # the lines with a panel (a line without tiles has none)
        if str(line.name) in names and line.key != "fixture_line" and line.order != fixture.order:
            assert (names.index(str(line.name)) < position) == (line.order < fixture.order)
    assert "fixture_line.cases" in board.trend and "fixture_line.cases" in board.ranking
    assert board.charts[-1].indicator == "fixture_line.cases"
    # Its warning among the lines' warnings in its order: before 司法鉴定's (order 52).
    assert board.warnings.index("fixture_line.late") < board.warnings.index("forensic.overdue")

    # Start-up (CoreConfig.ready, run again for the new INSTALLED_APPS) registered its providers.
    assert todos.providers()["fixture_line"] is dict(fixture.todos)["fixture_line"]
    assert search._providers["fixture_line"] is dict(fixture.search)["fixture_line"]
    monkeypatch.setattr(todos, "_providers", {})
    monkeypatch.setattr(search, "_providers", {})
    line_registry.install([fixture])
    assert [t.title for t in todos.for_user(None)] == ["测试待办"]
    assert [h.title for h in search.search(None, "张三")] == ["命中 张三"]

    urlconf = types.ModuleType("fixture_urlconf")
    urlconf.urlpatterns = api_urls.line_urlpatterns(fixture_line_installed)
    assert resolve("/fixture-records/", urlconf=urlconf).url_name == "fixture_records"
    assert resolve("/check-ins/", urlconf=urlconf).url_name == "check_ins"

    # Its pages are mounted by the root URLconf's collector, its purpose offered to clients.
    root = types.ModuleType("fixture_root_urlconf")
    root.urlpatterns = line_registry.page_urlpatterns(fixture_line_installed)
    match = resolve("/fixture/records/", urlconf=root)
    assert (match.namespace, match.url_name) == ("fixture_line", "records")
    assert ("fixture_exchange", "测试交换") in purposes.purpose_choices()
    assert purposes.purpose_label("fixture_exchange") == "测试交换"

    # Its data-quality rule is on the monitor, counted as an indicator like every line's.
    (rule,) = fixture.data_quality
    assert rule in data_quality.rules()
    assert [g.key for g in data_quality.groups()] == [*BUSINESS_LINES, "fixture_line", "people"]
    assert registry.get(monitor.indicator_key(rule)).queryset is rule.records


def test_the_root_urlconf_mounts_every_lines_pages():
    assert reverse("mediation:case_list") == "/mediation/cases/"
    assert reverse("legalaid_portal:apply") == "/public/legal-aid/apply/"
    assert reverse("resettlement:person_list").startswith("/resettlement/")
    assert reverse("corrections:subject_list").startswith("/corrections/")


def test_the_api_offers_every_lines_purposes_and_its_own():
    codes = purposes.purpose_codes()
    assert {"notify_defence", "commission_assessment", "notify_release"} <= codes
    assert "read_statistics" in codes
    assert purposes.purpose_label("notify_release") == "刑满释放通知"


def test_the_fixture_line_leaves_no_provider_behind():
    assert "fixture_line" not in todos.providers()
    assert "fixture_line" not in search._providers
    assert "fixture_line" not in {rule.group for rule in data_quality.rules()}
    assert not any(i.key.startswith("quality.fixture_line.") for i in registry.all_indicators())


def line_imports(path: Path) -> list[str]:
    """`sifa.<line>…` module names this file imports or names in a string."""
    tree = parse_file(path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
    prefixes = tuple(f"sifa.{line}" for line in BUSINESS_LINES)
    return [name for name in found if name.startswith(prefixes)]


def collector_modules() -> list[Path]:
    paths = [p for package in COLLECTORS for p in (SIFA / package).rglob("*.py")]
    return sorted(p for p in paths if "tests" not in p.parts and "migrations" not in p.parts)


def test_the_collectors_import_no_business_line():
    modules = collector_modules()
    assert SIFA / "api" / "urls.py" in modules and SIFA / "reports" / "dashboard.py" in modules
    offending = {
        str(p.relative_to(SIFA.parent)): names for p in modules if (names := line_imports(p))
    }
    assert offending == {}


def test_the_import_check_sees_a_line_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "from sifa.corrections.api import urls\nimport sifa.mediation.line\n"
        "x = 'sifa.legalaid.api.urls'\n",
        encoding="utf-8",
    )
    assert line_imports(module) == [
        "sifa.corrections.api",
        "sifa.mediation.line",
        "sifa.legalaid.api.urls",
    ]
