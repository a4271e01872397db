"""Tests that can fail: a scan of every test file with ast.

* `pytest.raises(ValidationError)` says which error it expects: `match=`, or `as exc` and a use of
  `exc` after the with-block (e.g. `assert_invalid(exc, "field", "消息")` from sifa.core.testing).
* No test accepts "200 or 302" (or any two status codes): it decides which one is right.
"""

import ast
from pathlib import Path

import pytest

from tests.source_code import parse_file, python_files

# Reads the source code, not the database: runs once, in the SQLite run (scripts/test-postgres).
pytestmark = pytest.mark.source

ROOT = Path(__file__).resolve().parent.parent


def all_test_files():
    for folder in ("sifa", "tests"):
        yield from python_files(ROOT / folder, "test*.py")


def _is_validation_error_raises(call: ast.expr) -> bool:
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "raises"
        and bool(call.args)
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id == "ValidationError"
    )


def _loads_after(function: ast.AST, name: str, line: int) -> bool:
    return any(
        isinstance(node, ast.Name)
        and node.id == name
        and isinstance(node.ctx, ast.Load)
        and node.lineno > line
        for node in ast.walk(function)
    )


def unchecked_validation_errors(path: Path) -> list[str]:
    """`file:function` of each pytest.raises(ValidationError) that does not check the error."""
    found = []
    tree = parse_file(path)
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.With | ast.AsyncWith):
                continue
            for item in node.items:
                call = item.context_expr
                if not _is_validation_error_raises(call):
                    continue
                if any(keyword.arg == "match" for keyword in call.keywords):
                    continue
                var = item.optional_vars
                if isinstance(var, ast.Name) and _loads_after(function, var.id, node.lineno):
                    continue
                found.append(f"{path.relative_to(ROOT)}:{function.name}")
    return found


def _constants(nodes) -> set:
    return {n.value for node in nodes for n in ast.walk(node) if isinstance(n, ast.Constant)}


def status_code_sets(path: Path) -> list[str]:
    """`file:line` of each `… status_code in (200, 302)`, `in (403, 404)` …: a test that
    accepts either of two answers cannot tell a redirect from a page, or refused from not found."""
    found = []
    for node in ast.walk(parse_file(path)):
        if (
            isinstance(node, ast.Compare)
            and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
            and "status_code" in ast.unparse(node.left)
            and len(_constants(node.comparators)) > 1
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_validation_error_names_its_field_and_message():
    found = [site for path in all_test_files() for site in unchecked_validation_errors(path)]
    assert not found, f"pytest.raises(ValidationError) without a check of the error: {found}"


def test_no_test_accepts_a_set_of_status_codes():
    found = [site for path in all_test_files() for site in status_code_sets(path)]
    assert not found, found


def test_the_scan_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "def test_loose():\n"
        "    with pytest.raises(ValidationError):\n"
        "        f()\n"
        "    with pytest.raises(ValidationError) as exc:\n"
        "        f()\n"
        "    assert client.get('/').status_code in (200, 302)\n"
        "def test_strict():\n"
        "    with pytest.raises(ValidationError) as exc:\n"
        "        f()\n"
        "    assert_invalid(exc, 'name', '必填')\n"
        "    with pytest.raises(ValidationError, match='必填'):\n"
        "        f()\n"
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert unchecked_validation_errors(sample) == ["test_sample.py:test_loose"] * 2
        assert status_code_sets(sample) == ["test_sample.py:6"]
    finally:
        ROOT = saved
