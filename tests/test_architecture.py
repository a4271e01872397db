"""Architecture guards (DESIGN §3.1): one access module decides what a user may see.

1. Views, API and portal modules never query an office-owned model directly
   (`Model.objects`, `Model._default_manager`, django.shortcuts.get_object_or_404(Model …));
   they call selectors, which go through sifa.orgs.access.
2. Only sifa/orgs/access.py filters on `path__startswith`: the subtree rule lives in one place.
3. Every scoped model declares its access policy (sifa.orgs.access.AccessPolicy) once, and
   `access.scope()` refuses a model without one; no module restates a policy's minors rule
   by hand (`scope_restricted(..., flag=<the policy's minor lookup>)`); orgs imports no line.
4. Business lines (按业务条线授权): every policy names an installed business line or a shared
   app (whose records every line shares), and every call that asks sifa.orgs.access for a
   record capability (view, edit, reveal, minors) says in which line (`line=`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps

from sifa.core.import_rules import SHARED_ORDER
from sifa.core.lines import business_lines
from sifa.core.models import OfficeOwnedModel
from sifa.orgs import access
from sifa.orgs.models import Membership, Office
from tests.source_code import parse, parse_file, python_files, read

# Reads the source code, not the database: runs once, in the SQLite run (scripts/test-postgres).
pytestmark = pytest.mark.source

ROOT = Path(__file__).resolve().parent.parent
SIFA = ROOT / "sifa"
MANAGER_ATTRIBUTES = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
SCOPING_MODULE = SIFA / "orgs" / "access.py"


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


def office_owned_model_names() -> set[str]:
    names = {Office.__name__}
    for model in apps.get_models():
        if issubclass(model, OfficeOwnedModel) and not model._meta.abstract:
            names.add(model.__name__)
    return names


def guarded_modules() -> list[Path]:
    """views.py and views/ of every app, and everything in the API (sifa/api and each line's
    sifa/<line>/api/) and the portal."""
    paths = set(SIFA.glob("*/views.py")) | set(SIFA.glob("*/views/*.py"))
    paths |= set(SIFA.glob("*/api/*.py"))
    for package in ("api", "portal"):
        paths |= set((SIFA / package).rglob("*.py"))
    return sorted(p for p in paths if "tests" not in p.parts and "migrations" not in p.parts)


class DirectQueryFinder(ast.NodeVisitor):
    """Finds direct queries on the given models in one module's syntax tree."""

    def __init__(self, model_names: set[str]):
        self.model_names = model_names
        self.model_aliases: dict[str, str] = {}  # local name -> model name
        self.shortcut_names: dict[str, str] = {}  # local name -> django.shortcuts function
        self.shortcut_modules: set[str] = set()  # local names bound to django.shortcuts
        self.found: list[tuple[int, str]] = []

    def visit_Import(self, node: ast.Import):
        for alias in node.names:
            if alias.name == "django.shortcuts" and alias.asname:
                self.shortcut_modules.add(alias.asname)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom):
        for alias in node.names:
            local = alias.asname or alias.name
            if node.module == "django.shortcuts" and alias.name in SHORTCUTS:
                self.shortcut_names[local] = alias.name
            elif node.module == "django" and alias.name == "shortcuts":
                self.shortcut_modules.add(local)
            elif alias.name in self.model_names:
                self.model_aliases[local] = alias.name
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute):
        if node.attr in MANAGER_ATTRIBUTES:
            model = self._model_named_by(node.value)
            if model:
                self.found.append((node.lineno, f"{model}.{node.attr} used directly"))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call):
        shortcut = self._shortcut_called(node.func)
        if shortcut and node.args:
            model = self._model_named_by(node.args[0])
            if model:
                self.found.append((node.lineno, f"{shortcut}({model}, …) from django.shortcuts"))
        self.generic_visit(node)

    def _model_named_by(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            name = self.model_aliases.get(node.id, node.id)
        elif isinstance(node, ast.Attribute):  # e.g. models.Office, orgs_models.StaffMember
            name = node.attr
        else:
            return None
        return name if name in self.model_names else None

    def _shortcut_called(self, func: ast.expr) -> str | None:
        if isinstance(func, ast.Name):
            return self.shortcut_names.get(func.id)
        if isinstance(func, ast.Attribute) and func.attr in SHORTCUTS:
            owner = ast.unparse(func.value)
            if owner in self.shortcut_modules or owner == "django.shortcuts":
                return func.attr
        return None


def direct_queries(source: str, model_names: set[str], path: str = "<string>") -> list[Violation]:
    finder = DirectQueryFinder(model_names)
    finder.visit(parse(source, path))
    return [Violation(path, line, message) for line, message in finder.found]


def subtree_filters(source: str, path: str = "<string>") -> list[Violation]:
    """Uses of `path__startswith` in code: keywords, strings, f-strings (not docstrings)."""
    tree = parse(source, path)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg and "path__startswith" in node.arg:
            found.append(Violation(path, node.value.lineno, f"filter on {node.arg}"))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "path__startswith" in node.value
            and id(node) not in docstrings
        ):
            found.append(Violation(path, node.lineno, f"lookup string {node.value!r}"))
    return found


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- the guards ---------------------------------------------------------------------------


def test_office_owned_models_are_collected():
    names = office_owned_model_names()

    assert "Office" in names
    assert "StaffMember" in names  # sifa.orgs: a concrete OfficeOwnedModel
    assert "Membership" not in names  # a TimeStampedModel, not office-owned


def test_views_api_and_portal_do_not_query_office_owned_models():
    model_names = office_owned_model_names()
    modules = guarded_modules()
    assert modules, "no views found: the glob patterns are wrong"

    violations = [
        violation
        for path in modules
        for violation in direct_queries(read(path), model_names, relative(path))
    ]

    assert not violations, (
        "Views, API and portal must read office-owned records through selectors that use "
        "sifa.orgs.access:\n" + "\n".join(map(str, violations))
    )


def test_only_the_access_module_filters_subtrees():
    violations = [
        violation
        for path in python_files()
        if path != SCOPING_MODULE and "tests" not in path.parts
        for violation in subtree_filters(read(path), relative(path))
    ]

    assert not violations, (
        "Only sifa/orgs/access.py may filter on path__startswith (use access.scope, "
        "access.within or access.visible_offices):\n" + "\n".join(map(str, violations))
    )


def test_indicator_registry_scopes_through_access():
    source = (SIFA / "stats" / "registry.py").read_text(encoding="utf-8")

    assert subtree_filters(source) == []
    assert "access." in source


# --- the checkers catch what they should -------------------------------------------------

MODELS = {"Office", "StaffMember"}


@pytest.mark.parametrize(
    "source",
    [
        "from sifa.orgs.models import Office\nOffice.objects.filter(pk=1)",
        "from sifa.orgs.models import StaffMember\nStaffMember._default_manager.all()",
        "from sifa.orgs import models\nmodels.Office.objects.get(pk=1)",
        "from sifa.orgs.models import Office as O\nO.objects.all()",
        "from django.shortcuts import get_object_or_404\nget_object_or_404(Office, pk=1)",
        "from django.shortcuts import get_list_or_404 as gl\ngl(StaffMember, office=1)",
        "from django import shortcuts\nshortcuts.get_object_or_404(Office, pk=1)",
        "import django.shortcuts\ndjango.shortcuts.get_object_or_404(Office, pk=1)",
        "def view(request):\n    rows = StaffMember.objects.filter(office=request.office)\n",
    ],
)
def test_direct_query_checker_catches(source):
    violations = direct_queries(source, MODELS, "sifa/demo/views.py")

    assert len(violations) == 1
    assert str(violations[0]).startswith(f"sifa/demo/views.py:{violations[0].line}:")


@pytest.mark.parametrize(
    "source",
    [
        "from sifa.orgs import access\naccess.get_object_or_404(user, qs, pk=1)",
        "from sifa.orgs import selectors\nselectors.office_list(actor=user)",
        "from django.contrib.auth import get_user_model\nget_user_model().objects.get(pk=1)",
        "from sifa.orgs.models import Role\nRole.objects.all()",
        "from django.shortcuts import get_object_or_404\nget_object_or_404(Role, pk=1)",
    ],
)
def test_direct_query_checker_allows(source):
    assert direct_queries(source, MODELS) == []


def test_direct_query_checker_reports_the_line():
    source = (
        "from sifa.orgs.models import Office\n\n\ndef view(request):\n    Office.objects.all()\n"
    )

    (violation,) = direct_queries(source, MODELS, "sifa/x/views.py")

    assert violation.line == 5
    assert "Office.objects" in violation.message


@pytest.mark.parametrize(
    "source",
    [
        'qs.filter(office__path__startswith="0001")',
        'qs.filter(**{"office__path__startswith": path})',
        'qs.filter(**{f"{field}__path__startswith": path})',
        'Q(path__startswith="0001")',
    ],
)
def test_subtree_filter_checker_catches(source):
    assert len(subtree_filters(source)) == 1


def test_subtree_filter_checker_ignores_docstrings():
    source = '"""Subtrees use path__startswith, in access.py only."""\nx = 1\n'

    assert subtree_filters(source) == []


# --- access policies ----------------------------------------------------------------------

LINE_APPS = ("mediation", "legalaid", "corrections", "resettlement")


def scoped_models() -> list[type]:
    """Concrete OfficeOwnedModels and every other model that names its office_field."""
    return [
        model
        for model in apps.get_models()
        if (issubclass(model, OfficeOwnedModel) or getattr(model, "office_field", None))
        and not model._meta.abstract
        and not model.__name__.startswith("Historical")
    ]


def test_every_scoped_model_has_a_policy():
    models = scoped_models()
    assert any(m.__name__ == "Subject" for m in models)
    missing = sorted(m._meta.label for m in models if not access.has_policy(m))
    assert missing == [], "models without an access policy (register_policy): " + ", ".join(missing)


def test_policies_lead_to_an_office():
    for model, policy in access.registered_policies().items():
        target = model
        for part in policy.office.split("__"):
            target = target._meta.get_field(part).related_model
        assert target is Office, f"{model.__name__}: {policy.office} does not lead to an Office"
        assert policy.line, f"{model.__name__} declares no business line"


def test_scope_refuses_a_model_without_policy():
    with pytest.raises(access.PolicyMissing):
        access.scope(None, Membership.objects.all())


def hand_written_minors_flags(source: str, flags: set[str], path: str) -> list[Violation]:
    found = []
    for node in ast.walk(parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name != "scope_restricted":
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg == "flag" and isinstance(value, ast.Constant) and value.value in flags:
                found.append(
                    Violation(path, node.lineno, f"minors rule {value.value!r} is the policy's")
                )
    return found


def test_no_module_restates_a_policys_minors_rule():
    flags = {p.minor for p in access.registered_policies().values() if p.minor}
    assert "is_minor" in flags
    violations = []
    for path in python_files():
        if "migrations" in path.parts or "tests" in path.parts or path == SCOPING_MODULE:
            continue
        violations += hand_written_minors_flags(read(path), flags, relative(path))
    assert violations == [], "\n".join(map(str, violations))


def test_minors_flag_checker_catches():
    source = 'access.scope_restricted(u, qs, flag="is_minor", capability=Cap.MINORS)'
    assert hand_written_minors_flags(source, {"is_minor"}, "x.py")
    assert not hand_written_minors_flags(source.replace("is_minor", "has_minor"), {"is_minor"}, "x")


# --- business lines -----------------------------------------------------------------------

ASKING = {
    "can",
    "require",
    "has_capability_anywhere",
    "require_anywhere",
    "visible_offices",
    "granted_offices",
}
NOT_LINE_BOUND = {"ORGS_MANAGE", "ACCOUNTS_MANAGE", "CODES_MANAGE", "AUDIT_READ", "STATS"}


def asks_without_a_line(source: str, path: str = "<string>") -> list[Violation]:
    """`access.can/require/…` calls for a record capability (or the default `view`, or one in a
    variable) without `line=`."""
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ASKING
            and ast.unparse(node.func.value) == "access"
        ):
            continue
        if any(keyword.arg == "line" for keyword in node.keywords):
            continue
        capability = node.args[1] if len(node.args) > 1 else None
        capability = capability or next(
            (k.value for k in node.keywords if k.arg == "capability"), None
        )
        if isinstance(capability, ast.Attribute) and capability.attr in NOT_LINE_BOUND:
            continue
        found.append(Violation(path, node.lineno, f"access.{node.func.attr}(…) without line="))
    return found


def test_every_policy_names_a_business_line_or_a_shared_app():
    known = {line.key for line in business_lines()} | set(SHARED_ORDER)
    strays = {
        model.__name__: policy.line
        for model, policy in access.registered_policies().items()
        if policy.line not in known
    }
    assert strays == {}, f"policies naming a line that is not installed: {strays}"


def test_record_capabilities_are_asked_for_in_a_line():
    violations = []
    for path in sorted(SIFA.rglob("*.py")):
        if "migrations" in path.parts or "tests" in path.parts or path == SCOPING_MODULE:
            continue
        violations += asks_without_a_line(path.read_text(encoding="utf-8"), relative(path))
    assert violations == [], "say in which business line:\n" + "\n".join(map(str, violations))


@pytest.mark.parametrize(
    "source",
    [
        "access.can(user, Cap.VIEW, office)",
        "access.require(actor, Cap.EDIT, office)",
        "access.visible_offices(actor)",
        "access.has_capability_anywhere(user, capability)",
        "access.granted_offices(user, Cap.REVEAL)",
        'access.require_anywhere(user, Cap.VIEW, "refused")',
    ],
)
def test_line_checker_catches(source):
    assert asks_without_a_line(source)


@pytest.mark.parametrize(
    "source",
    [
        'access.can(user, Cap.VIEW, office, line="mediation")',
        "access.visible_offices(actor, line=access.ANY_LINE)",
        "access.require(actor, Cap.ORGS_MANAGE, office)",
        "access.has_capability_anywhere(user, Cap.STATS)",
        'access.require_anywhere(user, Cap.EDIT, "refused", line="legalaid")',
        'access.require_anywhere(user, Cap.AUDIT_READ, "refused")',
    ],
)
def test_line_checker_allows(source):
    assert asks_without_a_line(source) == []


def test_orgs_imports_no_line():
    """Lines register their policies with orgs; orgs never imports a line."""
    violations = []
    for path in python_files(SIFA / "orgs"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(parse_file(path)):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            for module in modules:
                if any(module.startswith(f"sifa.{line}") for line in LINE_APPS):
                    violations.append(Violation(relative(path), node.lineno, module))
    assert violations == [], "\n".join(map(str, violations))


def test_only_the_excel_kit_saves_workbooks():
    """Every xlsx Sifa writes goes through sifa/core/excel.py (workbook_bytes, xlsx_response,
    workbook_to_bytes), which writes formula-like text (= + - @ tab CR) as text: no other
    module that uses openpyxl's Workbook saves one itself."""
    kit = SIFA / "core" / "excel.py"
    violations = []
    for path in python_files():
        source = read(path)
        if path == kit or "tests" in path.parts or not re.search(r"openpyxl.*Workbook", source):
            continue
        for number, line in enumerate(source.splitlines(), start=1):
            if ".save(" in line or "save_virtual_workbook" in line:
                violations.append(Violation(relative(path), number, line.strip()))
    assert violations == [], "\n".join(map(str, violations))


def test_inline_scripts_carry_the_csp_nonce_and_no_template_has_inline_handlers():
    """The Content-Security-Policy runs no inline script without the response's nonce and no
    inline event handler (onclick=…): every template's inline <script> carries the nonce."""
    violations = []
    templates = sorted(ROOT.glob("templates/**/*.html")) + sorted(
        SIFA.glob("*/templates/**/*.html")
    )
    for path in templates:
        source = read(path)
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", source):
            if 'nonce="{{ csp_nonce }}"' not in match.group(0):
                line = source.count("\n", 0, match.start()) + 1
                violations.append(Violation(relative(path), line, match.group(0)))
        for match in re.finditer(r"<[^>]+\son[a-z]+\s*=", source):
            line = source.count("\n", 0, match.start()) + 1
            violations.append(Violation(relative(path), line, "inline event handler"))
    assert violations == [], "\n".join(map(str, violations))
