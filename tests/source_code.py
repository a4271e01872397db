"""The source tree as the `source` tests read it: each file read and parsed once per worker.

Eight test modules walk every module of Sifa (architecture, import discipline, settings, test
discipline …). Each reading and parsing the same 1,000 files itself took about a third of a
minute of one core; through these caches a worker reads and parses each file once. The trees
are shared, so a test must not change one (ast visitors only read).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIFA = ROOT / "sifa"


@cache
def read(path: Path) -> str:
    return Path(path).read_text(encoding="utf-8")


@cache
def _tree(source: str) -> ast.Module:
    return ast.parse(source)


def parse(source: str, filename: str = "<unknown>") -> ast.Module:
    """`ast.parse`, once per distinct source text whatever name it is read under."""
    try:
        return _tree(source)
    except SyntaxError:
        return ast.parse(source, filename)  # raise again, naming the file


def parse_file(path: Path) -> ast.Module:
    return parse(read(path), str(path))


@cache
def python_files(folder: Path = SIFA, pattern: str = "*.py") -> tuple[Path, ...]:
    return tuple(sorted(Path(folder).rglob(pattern)))
