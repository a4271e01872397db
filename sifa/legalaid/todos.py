"""The legal-aid line's to-do provider (待办), registered from LegalAidConfig.ready()."""

from __future__ import annotations

from sifa.core.todos import Todo


def legalaid_todos(user) -> list[Todo]:
    return []
