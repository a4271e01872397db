"""THE scoping module: what a user may see and do, decided in one place.

A membership (user, office, role) grants the role's capabilities on that office **and every
office under it** (materialized path: `path__startswith`). Two answers, never mixed up:

* a record outside every subtree where the user may *see* → not found (404), so its
  existence is not disclosed;
* a record the user sees but may not act on → forbidden (403).

Selectors call `scope()` / `get_object_or_404()`; actions call `require()`. Views, API and
portal modules never filter office-owned models themselves (tests/test_architecture.py).

Every scoped model declares its **access policy** once (`register_policy(Model, AccessPolicy(...))`,
beside the model in its line's models.py: orgs never imports a line, lines register with orgs):
the path to its owning office, its business line, and the lookup that says a record concerns a
minor (未成年人, 社区矫正法 第54条). `scope()` applies all three; a model without a policy is
refused (`PolicyMissing`), so nothing is listed or fetched unscoped.

**Business lines (按业务条线授权).** A role grants its record capabilities (`Cap.LINE_BOUND`:
view, edit, reveal, minors) only in the business lines it lists (`Role.lines`, keys of the
installed line apps, `sifa.core.lines.business_lines()`). `scope()` uses the model policy's
line; `can()`/`require()` take `line=` (a line key, or `ANY_LINE` for records shared by every
line: people, orgs, reports), `require_for()` reads it from the record's policy. A record
capability asked for without a line is a programming error (`TypeError`), so no call site can
forget the line silently. Administrative capabilities (orgs.manage, accounts.manage,
codes.manage, audit.read) and `stats.view` are not bound to lines; a role without lines holds no
record capability at all (系统管理员, 安全审计员).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sifa.core.import_rules import SHARED_ORDER
from sifa.orgs.models import Office, StaffMember


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

    # Capabilities over business records: granted only in the role's lines (Role.lines).
    LINE_BOUND = frozenset({VIEW, EDIT, REVEAL, MINORS})


# The `line=` of a record shared by every line (a person, a staff post, a report): the
# capability in at least one of the role's lines.
ANY_LINE = "*"


def line_key(line: str) -> str:
    """A policy's line as a grant sees it: a shared app's records (people, orgs, reports, api)
    belong to every line (`ANY_LINE`); a business line's records to that line."""
    return ANY_LINE if line in SHARED_ORDER else line


@dataclass(frozen=True)
class Grant:
    path: str
    office_id: int
    capabilities: frozenset[str]
    lines: frozenset[str] = frozenset()

    def gives(self, capability: str, line: str | None) -> bool:
        """Does this grant give `capability` in `line` (on its office subtree)?"""
        if capability not in self.capabilities:
            return False
        if capability not in Cap.LINE_BOUND:
            return True
        if line is None:
            raise TypeError(f"access: say which business line {capability!r} is asked for.")
        return bool(self.lines) if line == ANY_LINE else line in self.lines


@dataclass(frozen=True)
class AccessPolicy:
    """How one model is scoped, declared once per model.

    * `office`: lookup from the model to its owning Office ('' for Office itself);
    * `line`: the business line the record belongs to (e.g. "corrections"), for display and
      for the architecture test;
    * `minor`: boolean lookup saying a row concerns a minor (e.g. "subject__is_minor"), or
      None; such rows are seen only where the user also holds `minor_capability`.
    """

    office: str
    line: str
    minor: str | None = None
    minor_capability: str = Cap.MINORS


class PolicyMissing(LookupError):
    """A model was scoped without a registered AccessPolicy (a programming error)."""


_POLICIES: dict[type[Model], AccessPolicy] = {}


def register_policy(model: type[Model], policy: AccessPolicy) -> AccessPolicy:
    """Declare `model`'s policy (once; re-registering the same policy is harmless)."""
    known = _POLICIES.get(model)
    if known is not None and known != policy:
        raise ValueError(f"{model.__name__} already has a different access policy.")
    _POLICIES[model] = policy
    return policy


def policy_for(model: type[Model]) -> AccessPolicy:
    """The model's policy (proxy and multi-table children inherit their concrete parent's)."""
    for klass in model.__mro__:
        if klass in _POLICIES:
            return _POLICIES[klass]
    raise PolicyMissing(f"{model.__name__} has no access policy (orgs.access.register_policy).")


def has_policy(model: type[Model]) -> bool:
    try:
        policy_for(model)
    except PolicyMissing:
        return False
    return True


def grants(user) -> list[Grant]:
    """The user's grants, loaded once per user object (i.e. once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_sifa_grants", None)
    if cached is None:
        # Four columns, no model objects: every request of every user reads its grants.
        rows = user.memberships.filter(office__is_active=True).values_list(
            "office__path", "office_id", "role__capabilities", "role__lines"
        )
        cached = [
            Grant(path, office_id, frozenset(capabilities or ()), frozenset(lines or ()))
            for path, office_id, capabilities, lines in rows
        ]
        user._sifa_grants = cached
    return cached


def forget_grants(user) -> None:
    """Drop the cached grants after a membership change (tests, admin actions)."""
    if hasattr(user, "_sifa_grants"):
        del user._sifa_grants


def _paths_with(user, capability: str, line: str | None) -> list[str]:
    """Top-most office paths where the user holds `capability` in `line` (nested grants
    collapsed)."""
    paths = sorted({g.path for g in grants(user) if g.gives(capability, line)})
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


def has_capability_anywhere(user, capability: str, *, line: str | None = None) -> bool:
    """Does the user hold `capability` (in `line`, for a record capability) anywhere?"""
    return any(g.gives(capability, line) for g in grants(user))


def require_anywhere(user, capability: str, refusal: str, *, line: str | None = None) -> None:
    """403 with `refusal` unless the user holds `capability` (in `line`) on some office: a
    register, a form or a page that is not about one record."""
    if not has_capability_anywhere(user, capability, line=line):
        raise PermissionDenied(refusal)


def can(user, capability: str, office: Office, *, line: str | None = None) -> bool:
    """Does a grant on `office` or one of its ancestors give `capability` (in `line`)?"""
    return any(g.gives(capability, line) and office.path.startswith(g.path) for g in grants(user))


def require(user, capability: str, office: Office, *, line: str | None = None) -> None:
    """Raise 404 when the office is out of sight (in `line`), 403 when seen but not allowed."""
    seen_in = line if line is not None or capability in Cap.LINE_BOUND else ANY_LINE
    if not can(user, Cap.VIEW, office, line=seen_in) and not can(
        user, capability, office, line=line
    ):
        raise Http404(_("未找到该记录。"))
    if not can(user, capability, office, line=line):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def require_edit(user, record) -> None:
    """`require_for(user, Cap.EDIT, record)`: the check the workflow kit runs before a change."""
    require_for(user, Cap.EDIT, record)


def lines_of(user, capability: str = Cap.VIEW) -> frozenset[str]:
    """The business lines in which the user holds `capability` somewhere."""
    return frozenset(line for g in grants(user) if capability in g.capabilities for line in g.lines)


def granted_offices(user, capability: str = Cap.VIEW, *, line: str | None = None) -> list[Office]:
    """The offices at the top of the user's scope, for display ("您的管辖范围")."""
    paths = _paths_with(user, capability, line)
    if not paths:
        return []
    return list(Office.objects.filter(path__in=paths).order_by("path"))


def visible_offices(
    user, capability: str = Cap.VIEW, *, line: str | None = None
) -> QuerySet[Office]:
    """Every office in the user's subtrees for `capability` (in `line`)."""
    return Office.objects.filter(_subtree_q(_paths_with(user, capability, line), ""))


def office_field_of(model: type[Model]) -> str:
    """The field path from a model to its Office ('' for Office itself)."""
    if issubclass(model, Office):
        return ""
    if has_policy(model):
        return policy_for(model).office
    field = getattr(model, "office_field", None)
    if not field:
        raise TypeError(f"{model.__name__} is not office-owned: it has no office_field.")
    return field


def _as_queryset(queryset_or_model) -> QuerySet:
    if isinstance(queryset_or_model, QuerySet):
        return queryset_or_model
    return queryset_or_model._default_manager.all()


def line_of_model(model: type[Model]) -> str:
    """The line a grant must cover for `model`'s rows (`ANY_LINE` for shared records)."""
    if issubclass(model, Office):
        return ANY_LINE
    return line_key(policy_for(model).line)


def _office_scope(user, queryset: QuerySet, capability: str, line: str) -> QuerySet:
    field = office_field_of(queryset.model)
    return queryset.filter(_subtree_q(_paths_with(user, capability, line), field))


def office_scope(user, queryset, capability: str = Cap.VIEW) -> QuerySet:
    """The office-subtree part of `scope()` alone, for aggregate figures (统计数), which count
    the rows the minors rule hides from record lists, and the rows of every line (a figure
    does not depend on the reader's lines); they are never listed from here."""
    queryset = _as_queryset(queryset)
    if not issubclass(queryset.model, Office):
        policy_for(queryset.model)
    return _office_scope(user, queryset, capability, ANY_LINE)


def line_scope(user, queryset: QuerySet, within_office: Office | None = None) -> QuerySet:
    """Rows of an aggregate's records (a figure's drill-down) the user may read in the model's
    line: the subtrees where the user holds `view` in that line. Nothing to add when such a
    grant covers `within_office` already."""
    line = line_of_model(queryset.model)
    if within_office is not None and can(user, Cap.VIEW, within_office, line=line):
        return queryset
    return _office_scope(user, queryset, Cap.VIEW, line)


def minors_q(user, model: type[Model]) -> Q:
    """Rows of `model` the policy's minors rule lets `user` see (everything if no rule)."""
    policy = policy_for(model)
    if not policy.minor:
        return Q()
    # ~Q(flag=True) rather than Q(flag=False): a row whose flag path crosses an empty relation
    # (e.g. a released person without a corrections record) is not restricted.
    return ~Q(**{policy.minor: True}) | _subtree_q(
        _paths_with(user, policy.minor_capability, line_key(policy.line)), policy.office
    )


def minors_restriction(model: type[Model]) -> tuple[str, str] | None:
    """How a drill-down of `model`'s rows hides minors from users without the capability:
    (the policy's minors lookup, the capability), or None when the policy has no minors rule.
    Figures still count every row (a report's figure does not depend on who reads it)."""
    policy = policy_for(model)
    return (policy.minor, policy.minor_capability) if policy.minor else None


def scope(user, queryset, capability: str = Cap.VIEW) -> QuerySet:
    """Rows (of a queryset or a model) the user may see: the office subtrees where the user
    holds `capability` in the model policy's line, and the policy's minors rule. Refuses a
    model without policy."""
    queryset = _as_queryset(queryset)
    if not issubclass(queryset.model, Office):
        policy_for(queryset.model)  # PolicyMissing: nothing is scoped without a policy
    rows = _office_scope(user, queryset, capability, line_of_model(queryset.model))
    if issubclass(queryset.model, Office):
        return rows
    return rows.filter(minors_q(user, queryset.model))


def covers(user, capability: str, queryset) -> bool:
    """Does the user hold `capability` over every row of `queryset` (its office in their
    subtrees, in the model's line, a minor's record with the minors right)? A model without
    policy (other than Office) is covered by no one. An import batch is rolled back by someone
    other than its importer only so (sifa.core.imports.batches.may_roll_back)."""
    queryset = _as_queryset(queryset)
    if not issubclass(queryset.model, Office) and not has_policy(queryset.model):
        return False
    return not queryset.exclude(pk__in=scope(user, queryset, capability).values("pk")).exists()


def hidden_minors(user, queryset, capability: str = Cap.VIEW) -> QuerySet:
    """Rows in the user's office scope that the minors rule hides, so a page can state
    "含未成年人 N 人（不予显示）" rather than dropping them silently."""
    queryset = _as_queryset(queryset)
    policy = policy_for(queryset.model)
    if not policy.minor:
        return queryset.none()
    line = line_of_model(queryset.model)
    return _office_scope(user, queryset, capability, line).exclude(minors_q(user, queryset.model))


def as_if_seeing_minors(user):
    """A copy of `user` whose grants also hold Cap.MINORS wherever they hold Cap.VIEW — nothing
    else changes. Only for counting: a list's selector run as the twin and as the user gives the
    rows the minors rule hides from this list ("含未成年人 N 人（不予显示）",
    `sifa.orgs.selectors.hidden_minors_count`); never used to show or change a record."""
    twin = copy.copy(user)
    twin._sifa_grants = [
        replace(g, capabilities=g.capabilities | {Cap.MINORS})  # same office and lines
        if Cap.VIEW in g.capabilities
        else g
        for g in grants(user)
    ]
    return twin


def scope_restricted(
    user, queryset: QuerySet, *, flag: str, capability: str, base: str = Cap.VIEW
) -> QuerySet:
    """Rows in the user's `base` subtrees; those whose boolean `flag` is set (e.g. a minor's
    corrections records, `flag="is_minor"` or `"subject__is_minor"`) only where the user also
    holds `capability` (e.g. Cap.MINORS) over the row's office."""
    field = office_field_of(queryset.model)
    line = line_of_model(queryset.model)
    # ~Q(flag=True) rather than Q(flag=False): a row whose flag path crosses an empty relation
    # (e.g. a released person without a corrections record) is not restricted.
    restricted_ok = ~Q(**{flag: True}) | _subtree_q(_paths_with(user, capability, line), field)
    return _office_scope(user, queryset, base, line).filter(restricted_ok)


# StaffMember is declared here: orgs/models.py cannot import this module (it imports the models).
register_policy(StaffMember, AccessPolicy(office="office", line="orgs"))


def registered_policies() -> dict[type[Model], AccessPolicy]:
    return dict(_POLICIES)


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
    """`require()` for a record, in its policy's line: 404 when out of sight, 403 when not
    allowed."""
    require(user, capability, office_of(obj), line=line_of_model(type(obj)))


def editable(user, get, pk):
    """The record a page changes: `get(actor=user, pk=pk)` (the line's selector: 404 out of
    sight), then `require_for` EDIT on it (403 when seen but not editable)."""
    record = get(actor=user, pk=pk)
    require_for(user, Cap.EDIT, record)
    return record


def can_for(user, capability: str, obj) -> bool:
    """`can()` for a record, in its policy's line."""
    return can(user, capability, office_of(obj), line=line_of_model(type(obj)))


# --- records shared by every line: a person (人员) -------------------------------------------


def _naming_fields(target: type[Model]) -> list[tuple[type[Model], str, str]]:
    """(model, foreign key, line) of every business-line model whose policy is registered and
    that names a `target` row directly (e.g. a mediation party's `person`)."""
    found = []
    for model, policy in _POLICIES.items():
        line = line_key(policy.line)
        if line == ANY_LINE:
            continue
        for field in model._meta.get_fields():
            if field.many_to_one and field.concrete and field.related_model is target:
                found.append((model, field.name, line))
    return found


def person_records(user, person) -> list[tuple[str, type[Model], QuerySet]]:
    """(line, model, rows) of the records naming `person` that the user may see, in each line
    the user reads: a person page lists these and nothing of the other lines."""
    result = []
    for model, field, line in _naming_fields(type(person)):
        if line not in lines_of(user, Cap.VIEW):
            continue
        rows = scope(user, model).filter(**{field: person})
        result.append((line, model, rows))
    return result


def person_lines(user, person) -> frozenset[str]:
    """The lines in which the user sees at least one record naming `person`."""
    return frozenset(line for line, _model, rows in person_records(user, person) if rows.exists())


def _named_in_any_line(person) -> bool:
    """Is `person` named by a record of any line (unscoped: existence only, never shown)?"""
    return any(
        model._default_manager.filter(**{field: person}).exists()
        for model, field, _line in _naming_fields(type(person))
    )


def can_for_person(user, capability: str, person) -> bool:
    """A record capability over a person's entry (修改, 显示明文): `capability` over the person's
    office in a line in which the user sees a record of the person. A person no line names yet
    (just registered, or on the staff roster only) needs `capability` there in any line."""
    return capability in capabilities_for_person(user, (capability,), person)


def capabilities_for_person(user, capabilities, person) -> frozenset[str]:
    """Those of `capabilities` that `can_for_person` grants, the person's lines looked up once
    for all of them (a person page asks for 修改 and 显示明文)."""
    lines = person_lines(user, person)
    if lines:
        return frozenset(
            capability
            for capability in capabilities
            if any(can(user, capability, person.office, line=line) for line in sorted(lines))
        )
    if _named_in_any_line(person):
        return frozenset()  # known only from lines the user does not read
    return frozenset(
        capability
        for capability in capabilities
        if can(user, capability, person.office, line=ANY_LINE)
    )


def require_for_person(user, capability: str, person) -> None:
    """404 when the person is out of sight, 403 when `can_for_person` says no."""
    if not can_for(user, Cap.VIEW, person):
        raise Http404(_("未找到该记录。"))
    if not can_for_person(user, capability, person):
        raise PermissionDenied(_("您没有权限执行此操作。"))
