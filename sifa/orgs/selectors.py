"""Every read of the office tree for pages, search and the API, through `sifa.orgs.access`.

The tree is shown to whoever may see the offices' records (`view`) and to whoever manages
the tree (`orgs.manage`, e.g. the system administrator, who sees no business records): the
office scope is the union of both. The staff roster is a business record and needs `view`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import STAFF_POST_CODE_LIST, OfficeKind
from sifa.orgs.models import Office, StaffMember

TREE_CAPABILITIES = (Cap.VIEW, Cap.ORGS_MANAGE)
KIND_ORDER = {value: index for index, value in enumerate(OfficeKind.values)}


def hidden_minors_count(actor, rows_of, *, listed: int, filters=None, **arguments) -> int:
    """How many rows the list `rows_of(actor=, **arguments)` would show `actor` but for the
    minors rule (社区矫正法 第54条): its rows for a twin holding Cap.MINORS wherever `actor`
    holds `view` (`access.as_if_seeing_minors`), less the `listed` count. Pages state it
    ("含未成年人 N 人（不予显示）", templates/includes/hidden_minors.html) so that a list never
    drops rows without a word.

    `filters`: the list's filter form, whose `selector_arguments()` are added (an invalid one
    lists nothing, so hides nothing). None is stated for a text search (`q`): the count would
    confirm that a minor of that name or number is on file.
    """
    if filters is not None:
        if filters.is_bound and not filters.is_valid():
            return 0
        arguments = {**filters.selector_arguments(), **arguments}
    if (arguments.get("q") or "").strip():
        return 0
    if all(
        Cap.MINORS in g.capabilities for g in access.grants(actor) if Cap.VIEW in g.capabilities
    ):
        return 0  # the twin would be the user: nothing is hidden
    return rows_of(actor=access.as_if_seeing_minors(actor), **arguments).count() - listed


def hidden_minors_context(
    actor, rows_of, *, listed: int, unit: str = "", filters=None, **arguments
) -> dict:
    """The context of templates/includes/hidden_minors.html for a list page: the count of
    `hidden_minors_count` and the unit of its sentence ("条"; "" for persons, "人")."""
    count = hidden_minors_count(actor, rows_of, listed=listed, filters=filters, **arguments)
    return {"hidden_minors": count, "hidden_minors_unit": unit}


def tree_offices(actor) -> QuerySet[Office]:
    """Every office the user may see in the tree (`view` scope ∪ `orgs.manage` scope)."""
    return access.visible_offices(actor, Cap.VIEW, line=access.ANY_LINE) | access.visible_offices(
        actor, Cap.ORGS_MANAGE
    )


def can_see_tree(actor) -> bool:
    return any(
        access.has_capability_anywhere(actor, cap, line=access.ANY_LINE)
        for cap in TREE_CAPABILITIES
    )


def can_manage(actor, office: Office) -> bool:
    return access.can(actor, Cap.ORGS_MANAGE, office)


def base_depth(actor) -> int:
    """Depth of the highest office in the user's tree scope, where indentation starts."""
    depths = [
        len(g.path) // Office.steplen
        for g in access.grants(actor)
        if any(cap in g.capabilities for cap in TREE_CAPABILITIES)
    ]
    return min(depths, default=1)


def office_get(*, actor, pk) -> Office:
    """One office of the user's tree scope; any other is not found (404)."""
    try:
        return tree_offices(actor).get(pk=pk)
    except (Office.DoesNotExist, ValueError):
        raise Http404(_("未找到该记录。")) from None


def office_for_manage(*, actor, pk) -> Office:
    """An office the user may change: 404 outside the tree scope, 403 without orgs.manage."""
    office = office_get(actor=actor, pk=pk)
    access.require(actor, Cap.ORGS_MANAGE, office)
    return office


def office_list(
    *,
    actor,
    kind: str = "",
    query: str = "",
    include_inactive: bool = False,
    within: Office | None = None,
) -> QuerySet[Office]:
    """The tree as a flat list in tree order (materialized path), filtered."""
    offices = _base_list(actor, include_inactive=include_inactive, within=within)
    if kind:
        offices = offices.filter(kind=kind)
    if query:
        offices = offices.filter(
            Q(name__icontains=query) | Q(code__startswith=query) | Q(region_code__startswith=query)
        )
    return offices.order_by("path")


def _base_list(actor, *, include_inactive: bool, within: Office | None) -> QuerySet[Office]:
    offices = tree_offices(actor)
    if within is not None:
        offices = access.within(offices, within)
    if not include_inactive:
        offices = offices.filter(is_active=True)
    return offices


def office_kind_counts(
    *, actor, include_inactive: bool = False, within: Office | None = None
) -> list[tuple[str, str, int]]:
    """[(kind, label, count)] over the listed scope, in the order kinds are declared."""
    rows = (
        _base_list(actor, include_inactive=include_inactive, within=within)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    counts = {r["kind"]: r["n"] for r in rows}
    return [
        (value, str(label), counts[value]) for value, label in OfficeKind.choices if value in counts
    ]


def parents_of(*, actor, offices: Iterable[Office]) -> dict[str, Office]:
    """{parent path: parent} for a page of offices, in one query; parents out of scope omitted."""
    paths = {o.path[: -Office.steplen] for o in offices if o.depth > 1}
    if not paths:
        return {}
    return {p.path: p for p in tree_offices(actor).filter(path__in=paths)}


def office_breadcrumb(*, actor, office: Office) -> list[Office]:
    """The office's ancestors that lie in the user's scope, from the top down."""
    paths = [office.path[:end] for end in range(Office.steplen, len(office.path), Office.steplen)]
    return list(tree_offices(actor).filter(path__in=paths).order_by("path"))


def office_children_by_kind(*, actor, office: Office) -> list[tuple[str, list[Office]]]:
    """The offices directly under `office`, grouped by kind: [(kind label, offices)]."""
    children = access.within(tree_offices(actor), office).filter(depth=office.depth + 1)
    children = children.order_by("path")
    groups: dict[str, list[Office]] = {}
    for child in children:
        groups.setdefault(child.kind, []).append(child)
    ordered = sorted(groups.items(), key=lambda item: KIND_ORDER.get(item[0], len(KIND_ORDER)))
    return [(str(OfficeKind(kind).label), members) for kind, members in ordered]


def office_staff(*, actor, office: Office, on: date | None = None) -> QuerySet[StaffMember]:
    """The staff roster (工作人员) of one office valid on a day (default today).

    Valid: started on or before the day, and not yet left (离任日期 empty or after the day),
    the same interval rule the staff indicators use.
    """
    on = on or timezone.localdate()
    staff = access.scope(actor, StaffMember.objects.filter(office=office))
    return (
        staff.filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .select_related("person")
        .order_by("post", "person__name", "pk")
    )


def staff_post_labels() -> dict[str, str]:
    """Labels of the `staff_post` code list; the code itself is shown when none is known."""
    try:
        from sifa.core.codes import code_labels
    except ImportError:  # the code tables are not installed yet
        return {"mediator": _("人民调解员")}
    labels = dict(code_labels(STAFF_POST_CODE_LIST))
    labels.setdefault("mediator", _("人民调解员"))
    return labels


def office_search(*, actor, query: str, limit: int = 20) -> list[Office]:
    """Offices by name or code for the global search."""
    query = (query or "").strip()
    if not query:
        return []
    return list(office_list(actor=actor, query=query, include_inactive=True)[:limit])


# ---------------------------------------------------------------------------------------------
# Offices a line's pages offer: in a list's filter (seen) or on a form (where the actor may write)


def offices_to_filter(actor, kinds: Iterable[str] | None = None) -> QuerySet[Office]:
    """Offices (of ``kinds``, when given) the actor sees, for a list's 所属机构 filter, in tree
    order."""
    offices = access.visible_offices(actor, line=access.ANY_LINE)
    if kinds is not None:
        offices = offices.filter(kind__in=kinds)
    return offices.order_by("path")


def offices_to_write(actor, kinds: Iterable[str]) -> QuerySet[Office]:
    """Active offices of ``kinds`` where the actor may write (``edit``), in tree order."""
    return (
        access.visible_offices(actor, Cap.EDIT, line=access.ANY_LINE)
        .filter(kind__in=kinds, is_active=True)
        .order_by("path")
    )


def token_reach(code: str) -> Office | str | None:
    """The office a shared machine token's setting names by code (`SIFA_CHECKIN_TOKEN_OFFICE`,
    `SIFA_RELEASE_NOTICE_TOKEN_OFFICE`): its subtree is what the token reaches. "" for an
    empty setting (every office); None when no office has that code (the endpoint refuses)."""
    code = (code or "").strip()
    if not code:
        return ""
    return Office.objects.filter(code=code).first()


class OfficeNames:
    """The active offices where `actor` may write in `line`, found by code or by name (an
    import's office column: registers name offices either way)."""

    def __init__(self, actor, line: str):
        offices = access.visible_offices(actor, Cap.EDIT, line=line).filter(is_active=True)
        self.by_code: dict[str, Office] = {}
        self.by_name: dict[str, list[Office]] = {}
        for office in offices.order_by("path"):
            self.by_code[office.code] = office
            self.by_name.setdefault(office.name, []).append(office)

    def find(self, text: str) -> tuple[Office | None, bool]:
        """(the office `text` names by code or name, whether the name is ambiguous)."""
        text = (text or "").strip()
        if text in self.by_code:
            return self.by_code[text], False
        named = self.by_name.get(text, [])
        if len(named) > 1:
            return None, True
        return (named[0] if named else None), False
