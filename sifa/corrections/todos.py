"""The corrections line's to-do provider (待办), registered from CorrectionsConfig.ready()."""

from __future__ import annotations

from sifa.core.todos import Todo


def corrections_todos(user) -> list[Todo]:
    return []
