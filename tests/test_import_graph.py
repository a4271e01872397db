"""Import rules between apps (sifa/core/import_rules.py, docs/architecture.md), on grimp's graph.

The checker is proved on fixture graphs (each rule fails on a deliberate breach); the real tree
then has no violation and no cycle. (Issue 13 started from 10 violations and a cycle through seven
shared apps; they were removed, not listed.)
"""

from __future__ import annotations

import grimp
import pytest

from sifa.core import import_rules

# Reads the source code, not the database: runs once, in the SQLite run (scripts/test-postgres).
pytestmark = pytest.mark.source


def graph_of(*pairs: tuple[str, str]):
    graph = grimp.ImportGraph()
    for importer, imported in pairs:
        graph.add_import(importer=importer, imported=imported)
    return graph


def violations(*pairs):
    found = import_rules.layer_violations(import_rules.imports(graph_of(*pairs)))
    return {(v.rule, v.importer, v.imported) for v in found}


# --- the checker, on fixture graphs ------------------------------------------------------


def test_a_line_may_use_another_lines_front_doors():
    assert not violations(
        ("sifa.legalaid.views.cases", "sifa.mediation.selectors.cases"),
        ("sifa.legalaid.actions.cases", "sifa.mediation.actions"),
        ("sifa.legalaid.forms", "sifa.mediation.constants"),
        ("sifa.legalaid.views.cases", "sifa.core.forms"),
        ("sifa.legalaid.views.cases", "sifa.orgs.access"),
    )


@pytest.mark.parametrize("room", ["forms", "models", "views.cases", "documents", "excel"])
def test_a_deliberate_cross_line_import_fails(room):
    imported = f"sifa.mediation.{room}"
    assert violations(("sifa.legalaid.views.cases", imported)) == {
        ("cross-line import", "sifa.legalaid.views.cases", imported)
    }


def test_a_shared_app_may_not_import_a_line_nor_a_higher_shared_app():
    assert violations(
        ("sifa.api.urls", "sifa.corrections.selectors"),
        ("sifa.core.views", "sifa.orgs.access"),
        ("sifa.orgs.access", "sifa.core.models"),
    ) == {
        ("shared app imports a line", "sifa.api.urls", "sifa.corrections.selectors"),
        ("upward import between shared apps", "sifa.core.views", "sifa.orgs.access"),
    }


def test_tests_and_migrations_are_not_checked():
    assert not violations(
        ("sifa.legalaid.tests.test_cases", "sifa.mediation.tests.factories"),
        ("sifa.legalaid.migrations.0001_initial", "sifa.mediation.models"),
    )


def test_a_deliberate_cycle_between_apps_and_inside_an_app_fails():
    pairs = import_rules.imports(
        graph_of(
            ("sifa.corrections.actions.release", "sifa.resettlement.actions"),
            ("sifa.resettlement.actions", "sifa.corrections.selectors"),
            ("sifa.legalaid.actions.applications", "sifa.legalaid.actions.assignments"),
            ("sifa.legalaid.actions.assignments", "sifa.legalaid.actions.applications"),
            ("sifa.legalaid.actions", "sifa.legalaid.actions.applications"),
        )
    )
    assert import_rules.app_cycles(pairs) == [["corrections", "resettlement"]]
    assert import_rules.module_cycles(pairs) == [
        ["sifa.legalaid.actions.applications", "sifa.legalaid.actions.assignments"]
    ]


def test_a_package_exposing_its_modules_is_no_cycle():
    pairs = import_rules.imports(
        graph_of(
            ("sifa.mediation.actions", "sifa.mediation.actions.cases"),
            ("sifa.mediation.actions.cases", "sifa.mediation.models"),
        )
    )
    assert import_rules.module_cycles(pairs) == []


def test_a_shared_apps_plugin_stands_where_a_line_stands():
    pairs = (
        ("sifa.orgs.indicators", "sifa.stats.registry"),
        ("sifa.orgs.report_forms", "sifa.reports.definitions"),
        ("sifa.orgs.demo", "sifa.people.demo"),
        ("sifa.legalaid.demo", "sifa.orgs.demo"),
        ("sifa.stats.registry", "sifa.orgs.access"),
        ("sifa.shell.views", "sifa.reports.definitions"),
    )
    assert not violations(*pairs)
    assert import_rules.app_cycles(import_rules.imports(graph_of(*pairs))) == []


def test_a_plugins_part_may_import_a_plugin():
    assert not violations(("sifa.practice.demo_discipline", "sifa.people.demo"))
    assert violations(("sifa.practice.demographics", "sifa.people.demo")) == {
        ("import of a plug-in module", "sifa.practice.demographics", "sifa.people.demo")
    }


def test_only_a_plugin_may_import_a_plugin():
    assert violations(("sifa.orgs.views", "sifa.orgs.indicators")) == {
        ("import of a plug-in module", "sifa.orgs.views", "sifa.orgs.indicators")
    }


def test_a_plugin_reaches_a_line_only_through_its_front_doors():
    assert violations(
        ("sifa.orgs.indicators", "sifa.legalaid.models"),
        ("sifa.orgs.indicators", "sifa.legalaid.selectors"),
    ) == {("cross-line import", "sifa.orgs.indicators", "sifa.legalaid.models")}


# --- the real tree --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tree_pairs():
    return import_rules.imports(import_rules.build_graph())


def test_the_tree_keeps_the_rules(tree_pairs):
    assert [str(v) for v in import_rules.layer_violations(tree_pairs)] == []


def test_the_tree_has_no_cycle(tree_pairs):
    assert import_rules.app_cycles(tree_pairs) == []
    assert import_rules.module_cycles(tree_pairs) == []


# grimp records `from sifa.notary import actions` as an import of `sifa.notary.actions`, so the
# graph cannot tell it from `from sifa.notary.actions import …`; but the statement runs the
# line's package and names the line, not its front door. The source names the door itself.


def package_imports_of_other_lines(source_root) -> list[str]:
    """`from sifa.<line> import …` in another app's modules (tests and migrations left out)."""
    import ast

    found = []
    for path in sorted(source_root.rglob("*.py")):
        parts = path.relative_to(source_root.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts or len(parts) < 3:
            continue
        app = parts[1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            names = node.module.split(".")
            imported = names[1] if len(names) == 2 and names[0] == "sifa" else None
            if imported and imported != app and imported not in import_rules.SHARED_ORDER:
                found.append(f"{path.relative_to(source_root.parent)}:{node.lineno} {node.module}")
    return found


def test_a_line_is_imported_by_its_front_door_module_not_its_package(tmp_path):
    (tmp_path / "sifa" / "frontdesk").mkdir(parents=True)
    (tmp_path / "sifa" / "frontdesk" / "bad.py").write_text("from sifa.notary import actions\n")
    (tmp_path / "sifa" / "frontdesk" / "good.py").write_text(
        "from sifa.notary.actions import notarisations\nfrom sifa.core import clock\n"
    )
    assert package_imports_of_other_lines(tmp_path / "sifa") == [
        "sifa/frontdesk/bad.py:1 sifa.notary"
    ]
    from pathlib import Path

    tree = Path(import_rules.__file__).resolve().parents[1]
    assert package_imports_of_other_lines(tree) == []
