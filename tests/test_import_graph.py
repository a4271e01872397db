"""Import rules between apps (sifa/core/import_rules.py, docs/architecture.md), on grimp's graph.

The real tree is checked against `KNOWN_DEBT`: the violations that existed when the rule was
written (issue 13), listed one by one so that a new violation fails at once and a fixed one must
be struck from the list. The list only ever shrinks.
"""

from __future__ import annotations

import grimp
import pytest

from sifa.core import import_rules

KNOWN_DEBT = {
    ("upward import between shared apps", "sifa.core.context_processors", "sifa.orgs.access"),
    ("upward import between shared apps", "sifa.core.navigation", "sifa.orgs.access"),
    ("upward import between shared apps", "sifa.core.numbering", "sifa.orgs.models"),
    ("upward import between shared apps", "sifa.core.todos_calendar", "sifa.orgs.access"),
    ("upward import between shared apps", "sifa.core.views", "sifa.orgs.access"),
    ("upward import between shared apps", "sifa.core.workflow", "sifa.orgs.access"),
    ("upward import between shared apps", "sifa.orgs.demo", "sifa.people.demo"),
    ("upward import between shared apps", "sifa.orgs.demo", "sifa.people.models"),
    ("upward import between shared apps", "sifa.orgs.indicators", "sifa.stats.registry"),
    ("upward import between shared apps", "sifa.orgs.report_forms", "sifa.reports.definitions"),
}
KNOWN_APP_CYCLES = [
    ["accounts", "audit", "core", "orgs", "people", "reports", "stats"],
    ["corrections", "resettlement"],
]
KNOWN_MODULE_CYCLES: list[list[str]] = []


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


# --- the real tree --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tree_pairs():
    return import_rules.imports(import_rules.build_graph())


def test_no_new_violation_and_the_debt_only_shrinks(tree_pairs):
    current = {(v.rule, v.importer, v.imported) for v in import_rules.layer_violations(tree_pairs)}
    assert sorted(current - KNOWN_DEBT) == [], "new imports against the rules"
    assert sorted(KNOWN_DEBT - current) == [], "fixed: strike these from KNOWN_DEBT"


def test_no_new_cycle(tree_pairs):
    assert import_rules.app_cycles(tree_pairs) == KNOWN_APP_CYCLES
    assert import_rules.module_cycles(tree_pairs) == KNOWN_MODULE_CYCLES
