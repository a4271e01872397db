"""The imports of every line (`Line.imports`, sifa.core.lines) and the access rules they are
checked with.

Core sits below the access module (sifa.orgs.access), so orgs hands its rules in at start-up
(`register_access`, from OrgsConfig.ready()), the way a line hands `access.require_edit` to a
`Workflow`. An import names what the importer must hold (`capability`, in `line`); these rules
answer for a user anywhere, on one office, and list the offices a user may import into.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from sifa.core.imports.spec import ImportSpec


@dataclass(frozen=True)
class AccessRules:
    """`anywhere(user, capability, line)`, `on(user, capability, office, line)`,
    `top_offices(user, capability, line)` (the offices at the top of the user's scope),
    `offices(user, capability, line)` (every office in it, a queryset) and
    `covers(user, capability, queryset)` (the capability over every record of the queryset:
    its office, its line, the minors rule)."""

    anywhere: Callable
    on: Callable
    top_offices: Callable
    offices: Callable
    covers: Callable


_rules: list[AccessRules] = []


def register_access(rules: AccessRules) -> None:
    _rules[:] = [rules]


def access_rules() -> AccessRules:
    if not _rules:
        raise LookupError("no access rules registered (sifa.orgs registers them at start-up)")
    return _rules[0]


def specs() -> list[ImportSpec]:
    """Every import of the installed lines, in the go-live order."""
    from sifa.core.lines import lines

    found = [spec for line in lines() for spec in line.imports]
    return sorted(found, key=lambda spec: (spec.order, spec.key))


def spec_of(key: str) -> ImportSpec:
    """The import `key`; 404 for an unknown one."""
    for spec in specs():
        if spec.key == key:
            return spec
    raise Http404(key)


def may_use(user, spec: ImportSpec) -> bool:
    """May `user` run `spec` on some office?"""
    return access_rules().anywhere(user, spec.capability, spec.line)


def may_use_on(user, spec: ImportSpec, office) -> bool:
    return access_rules().on(user, spec.capability, office, spec.line)


def may_use_on_records(user, spec: ImportSpec, queryset) -> bool:
    """Does `user` hold `spec`'s capability over every record of `queryset`?"""
    return access_rules().covers(user, spec.capability, queryset)


def usable_specs(user) -> list[ImportSpec]:
    return [spec for spec in specs() if may_use(user, spec)]


def may_import_anything(user) -> bool:
    """The gate of the 数据导入 page and its menu entry."""
    return bool(user.is_authenticated) and any(may_use(user, spec) for spec in specs())


def offices_for(user, spec: ImportSpec) -> list:
    """The offices `user` may choose as an import's scope: the tops of their scope and the
    offices right under them (a county imports one township's file into that township)."""
    tops = list(access_rules().top_offices(user, spec.capability, spec.line))
    if not tops:
        return []
    model = type(tops[0])
    children = model.objects.none()
    for top in tops:
        children = children | model.objects.get_children(top).filter(is_active=True)
    found = {office.pk: office for office in [*tops, *children]}
    return sorted(found.values(), key=lambda office: office.path)


def default_office(user, spec: ImportSpec):
    """The scope taken when the user chooses none: their one top office (None with several)."""
    tops = list(access_rules().top_offices(user, spec.capability, spec.line))
    return tops[0] if len(tops) == 1 else None


def scope_offices(user, spec: ImportSpec):
    """Every office in the user's scope for `spec` (a queryset): the batches they may see."""
    return access_rules().offices(user, spec.capability, spec.line)
