"""THE scoping module: what a user may see and do, decided in one place.

A membership (user, office, role) grants the role's capabilities on that office **and every
office under it** (materialized path: `path__startswith`). Two answers, never mixed up:

* a record outside every subtree where the user may *see* → not found (404), so its
  existence is not disclosed;
* a record the user sees but may not act on → forbidden (403).

Selectors call `scope()` / `get_object_or_404()`; actions call `require()`. Views, API and
portal modules never filter office-owned models themselves (tests/test_architecture.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sifa.orgs.models import Office


class Cap:
    """Capabilities a role may grant (stored in Role.capabilities)."""

    VIEW = "view"  # see business records of the subtree
    EDIT = "edit"  # create and change business records of the subtree
    REVEAL = "people.reveal"  # unmask ID and phone numbers (each reveal is logged)
    STATS = "stats.view"  # indicators, reports, dashboards
    ORGS_MANAGE = "orgs.manage"  # edit and import the office tree
    ACCOUNTS_MANAGE = "accounts.manage"  # users and memberships
    CODES_MANAGE = "codes.manage"  # code tables and the holiday calendar
    AUDIT_READ = "audit.read"  # change history, access and login logs (安全审计员)
    MINORS = "corrections.minors"  # a minor's corrections records (社区矫正法 第54条)

    ALL = (
        VIEW,
        EDIT,
        REVEAL,
        STATS,
        ORGS_MANAGE,
        ACCOUNTS_MANAGE,
        CODES_MANAGE,
        AUDIT_READ,
        MINORS,
    )


@dataclass(frozen=True)
class Grant:
    path: str
    office_id: int
    capabilities: frozenset[str]


def grants(user) -> list[Grant]:
    """The user's grants, loaded once per user object (i.e. once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_sifa_grants", None)
    if cached is None:
        rows = user.memberships.select_related("office", "role").filter(office__is_active=True)
        cached = [
            Grant(m.office.path, m.office_id, frozenset(m.role.capabilities or ())) for m in rows
        ]
        user._sifa_grants = cached
    return cached


def forget_grants(user) -> None:
    """Drop the cached grants after a membership change (tests, admin actions)."""
    if hasattr(user, "_sifa_grants"):
        del user._sifa_grants


def _paths_with(user, capability: str) -> list[str]:
    """Top-most office paths where the user holds `capability` (nested grants collapsed)."""
    paths = sorted({g.path for g in grants(user) if capability in g.capabilities})
    top: list[str] = []
    for path in paths:
        if not any(path.startswith(t) for t in top):
            top.append(path)
    return top


def _subtree_q(paths: list[str], office_field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    q = Q()
    prefix = f"{office_field}__path__startswith" if office_field else "path__startswith"
    for path in paths:
        q |= Q(**{prefix: path})
    return q


def has_capability_anywhere(user, capability: str) -> bool:
    return any(capability in g.capabilities for g in grants(user))


def can(user, capability: str, office: Office) -> bool:
    """Does a grant on `office` or one of its ancestors give `capability`?"""
    return any(
        capability in g.capabilities and office.path.startswith(g.path) for g in grants(user)
    )


def require(user, capability: str, office: Office) -> None:
    """Raise 404 when the office is out of sight, 403 when seen but not allowed."""
    if not can(user, Cap.VIEW, office) and not can(user, capability, office):
        raise Http404(_("未找到该记录。"))
    if not can(user, capability, office):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def granted_offices(user, capability: str = Cap.VIEW) -> list[Office]:
    """The offices at the top of the user's scope, for display ("您的管辖范围")."""
    paths = _paths_with(user, capability)
    if not paths:
        return []
    return list(Office.objects.filter(path__in=paths).order_by("path"))


def visible_offices(user, capability: str = Cap.VIEW) -> QuerySet[Office]:
    """Every office in the user's subtrees for `capability`."""
    return Office.objects.filter(_subtree_q(_paths_with(user, capability), ""))


def office_field_of(model: type[Model]) -> str:
    """The field path from a model to its Office ('' for Office itself)."""
    if issubclass(model, Office):
        return ""
    field = getattr(model, "office_field", None)
    if not field:
        raise TypeError(f"{model.__name__} is not office-owned: it has no office_field.")
    return field


def scope(user, queryset: QuerySet, capability: str = Cap.VIEW) -> QuerySet:
    """Filter `queryset` to the rows in the user's subtrees for `capability`."""
    field = office_field_of(queryset.model)
    return queryset.filter(_subtree_q(_paths_with(user, capability), field))


def scope_restricted(
    user, queryset: QuerySet, *, flag: str, capability: str, base: str = Cap.VIEW
) -> QuerySet:
    """Rows in the user's `base` subtrees; those whose boolean `flag` is set (e.g. a minor's
    corrections records, `flag="is_minor"` or `"subject__is_minor"`) only where the user also
    holds `capability` (e.g. Cap.MINORS) over the row's office."""
    field = office_field_of(queryset.model)
    # ~Q(flag=True) rather than Q(flag=False): a row whose flag path crosses an empty relation
    # (e.g. a released person without a corrections record) is not restricted.
    restricted_ok = ~Q(**{flag: True}) | _subtree_q(_paths_with(user, capability), field)
    return scope(user, queryset, base).filter(restricted_ok)


def within(queryset: QuerySet, office: Office) -> QuerySet:
    """Narrow an already scoped queryset to one office's subtree (for statistics and filters)."""
    field = office_field_of(queryset.model)
    return queryset.filter(_subtree_q([office.path], field))


def get_object_or_404(user, queryset: QuerySet, **lookup):
    """Fetch one row the user may see; anything outside the scope is simply not found."""
    try:
        return scope(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(_("未找到该记录。")) from None


def get_office_or_404(user, **lookup) -> Office:
    return get_object_or_404(user, Office.objects.all(), **lookup)


def office_of(obj) -> Office:
    """The Office a record belongs to, following its office_field."""
    if isinstance(obj, Office):
        return obj
    target = obj
    for part in office_field_of(type(obj)).split("__"):
        target = getattr(target, part)
    return target


def require_for(user, capability: str, obj) -> None:
    """`require()` for a record: 404 when out of sight, 403 when not allowed."""
    require(user, capability, office_of(obj))
