"""The data-quality monitor (数据质量监测): the lines' rules counted, listed and put on a to-do.

Every rule of `sifa.core.data_quality` (declared by the lines in their data_quality.py and by the
person registry) becomes an indicator of the registry, `quality.<rule code>`, on the catalogue's
line 数据质量: a stock of the records as they are today (no period: `Indicator.reported` is
False, so no monthly report freezes it). Its count is therefore scoped like every figure (the
office subtree, the reader's sight) and its records are the drill-down, with the minors rule and
the records of lines the reader does not work in stated, never dropped
(`stats.selectors.indicator_hidden`): count = listed + hidden, always.

* `counts(user, office)`: each rule the user may act on (a line the user views in), grouped by
  line, every rule shown even at 0, so that "all clean" is visible;
* `problem_records` / `hidden_records`: a rule's records in an office subtree (the list page);
* `quality_todos(user)`: an office head's to-do in the SIFA_QUALITY_TODO_DAYS before each monthly
  report deadline (`sifa.core.report_months.next_report_deadline`), while the office has records
  breaking a rule.

Decision (docs/data-quality.md): the monitor lives in `stats`, beside the registry and the
drill-down it is made of; the rule kit is in `core`, below every app, so that a line and the
person registry declare their rules without importing anything above them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.sifa_settings import sifa_setting
from sifa.core import data_quality, report_months
from sifa.core.data_quality import QualityRule, RuleGroup
from sifa.core.todos import Todo
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Membership, Office
from sifa.stats import registry, selectors
from sifa.stats.registry import STOCK, Indicator, Scope

LINE = gettext_lazy("数据质量")
KEY_PREFIX = "quality."
TODO_KEY = "quality"  # the to-do provider's key: its "line" on the to-do page


# --- the rules as indicators --------------------------------------------------------------------


def indicator_key(rule: QualityRule) -> str:
    return f"{KEY_PREFIX}{rule.code}"


def declare(rule: QualityRule, order: int = 0) -> Indicator:
    """Register `rule` as a registry indicator: its count and its drill-down."""
    return registry.register(
        Indicator(
            key=indicator_key(rule),
            label=rule.label,
            unit=rule.unit,
            definition=rule.definition,
            line=LINE,
            kind=STOCK,  # no validity dates: every record the rule names today
            queryset=rule.records,
            order=order,
            restricted=rule.restricted or access.minors_restriction(rule.model),
            reported=False,
        )
    )


def register_indicators() -> None:
    """Every rule's indicator (StatsConfig.ready(), after the lines and the shared apps have
    declared their rules)."""
    for order, rule in enumerate(data_quality.rules(), start=1):
        declare(rule, order)


def indicator_of(rule: QualityRule) -> Indicator:
    try:
        return registry.get(indicator_key(rule))
    except KeyError:  # a rule declared after start-up (a test's)
        return declare(rule)


def today_scope(office: Office, user, today: date | None = None) -> Scope:
    """The scope of a count: the office subtree as `user` may count it, today's records."""
    today = today or timezone.localdate()
    return Scope(office, today, today, user=user)


# --- who sees which rules -----------------------------------------------------------------------


def rule_shown_to(user, rule: QualityRule) -> bool:
    """A rule is shown to the users who view records of its line somewhere (the person registry's
    rules to anyone viewing any line): the others could neither read nor fix its records."""
    line = access.line_of_model(rule.model)
    return access.has_capability_anywhere(user, Cap.VIEW, line=line)


def rule_or_404(user, code: str) -> QualityRule:
    """The rule named `code`: 404 when there is none, 403 when it is not shown to `user`."""
    try:
        rule = data_quality.rule_of(code)
    except KeyError:
        raise Http404(_("没有这条数据质量规则。")) from None
    if not rule_shown_to(user, rule):
        raise PermissionDenied(_("您的角色无权查看该业务条线的记录。"))
    return rule


# --- counts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCount:
    rule: QualityRule
    indicator: Indicator
    value: int


@dataclass(frozen=True)
class GroupCounts:
    group: RuleGroup
    rows: list[RuleCount]

    @property
    def total(self) -> int:
        return sum(row.value for row in self.rows)


def counts(
    user, office: Office, *, today: date | None = None, cached: bool = False
) -> list[GroupCounts]:
    """Each rule shown to `user`, counted in `office`'s subtree as `user` may count it; rules at 0
    are kept. One registry grid (one query per rule). `cached=False` (the page): the count is
    computed from the rows, as its drill-down is."""
    scope = today_scope(office, user, today)
    shown = [
        (group, [rule for rule in group.rules if rule_shown_to(user, rule)])
        for group in data_quality.groups()
    ]
    shown = [(group, rules) for group, rules in shown if rules]
    indicators = [indicator_of(rule) for _group, rules in shown for rule in rules]
    if not indicators:
        return []
    period = (scope.start, scope.end)
    grid = registry.figures_grid(indicators, scope, [period], breakdowns={}, cached=cached)
    return [
        GroupCounts(
            group,
            [
                RuleCount(rule, indicator_of(rule), grid[(indicator_key(rule), 0)].value)
                for rule in rules
            ],
        )
        for group, rules in shown
    ]


def total(user, office: Office, *, today: date | None = None) -> int:
    return sum(group.total for group in counts(user, office, today=today, cached=True))


# --- a rule's records ---------------------------------------------------------------------------


def problem_records(user, office: Office, rule: QualityRule, *, today=None) -> QuerySet:
    """The records of `rule` in `office`'s subtree that `user` may read (its drill-down)."""
    return selectors.indicator_records(indicator_of(rule), today_scope(office, user, today))


def hidden_records(user, office: Office, rule: QualityRule, *, today=None):
    """What the rule's count holds and its list does not show to `user` (minors, other lines)."""
    return selectors.indicator_hidden(indicator_of(rule), today_scope(office, user, today))


def columns_of(rule: QualityRule) -> list[tuple[str, str]]:
    """(heading, field path) of each column the rule shows beside its records."""
    result = []
    for column in rule.columns:
        if isinstance(column, str):
            column = (str(registry.resolve_field(rule.model, column).verbose_name), column)
        result.append((str(column[0]), column[1]))
    return result


def column_value(record, path: str):
    """The value at a field path of the record; a field with choices by its label."""
    *links, name = path.split("__")
    owner = record
    for link in links:
        owner = getattr(owner, link, None)
        if owner is None:
            return None
    display = getattr(owner, f"get_{name}_display", None)
    return display() if display is not None else getattr(owner, name, None)


def overview_url(office: Office) -> str:
    return f"{reverse('stats:quality')}?{urlencode({'office': office.pk})}"


def records_url(rule: QualityRule, office: Office) -> str:
    url = reverse("stats:quality_records", args=[rule.code])
    return f"{url}?{urlencode({'office': office.pk})}"


# --- the office head's to-do --------------------------------------------------------------------


def head_offices(user) -> list[Office]:
    """The active offices where `user` is the head (a role of SIFA_QUALITY_TODO_ROLES) and may
    read the figures, in tree order."""
    if user is None or not user.is_authenticated:
        return []
    roles = tuple(sifa_setting("SIFA_QUALITY_TODO_ROLES"))
    memberships = Membership.objects.filter(
        user=user, role__key__in=roles, office__is_active=True
    ).select_related("office")
    offices = {m.office.pk: m.office for m in memberships}.values()
    return sorted(
        (office for office in offices if access.can(user, Cap.STATS, office)),
        key=lambda office: office.path,
    )


def in_todo_window(today: date) -> tuple[bool, date, tuple[int, int]]:
    """Is `today` within SIFA_QUALITY_TODO_DAYS of the next report deadline (deadline day
    included)? With that deadline and the (year, month) it reports."""
    due, month = report_months.next_report_deadline(today)
    return (due - today).days <= int(sifa_setting("SIFA_QUALITY_TODO_DAYS")), due, month


def quality_todos(user, *, today: date | None = None) -> list[Todo]:
    """数据质量问题待核对: for each office the user heads with records breaking a rule, in the
    days before the monthly report deadline; none outside that window."""
    today = today or timezone.localdate()
    within, due, (year, month) = in_todo_window(today)
    if not within:
        return []
    items = []
    for office in head_offices(user):
        found = total(user, office, today=today)
        if not found:
            continue
        values = {"office": office.name, "count": found, "year": year, "month": month}
        items.append(
            Todo(
                line=str(LINE),
                title=_(
                    "%(office)s有 %(count)s 条记录不符合数据质量规则，"
                    "请在%(year)s年%(month)s月月报上报前核对更正"
                )
                % values,
                due=due,
                url=overview_url(office),
                overdue=False,  # the window closes on the deadline
                office=office.name,
                office_path=office.path,
                basis=_("月报上报期限：每月%(day)s日（SIFA_REPORT_DUE_DAY）")
                % {"day": sifa_setting("SIFA_REPORT_DUE_DAY")},
            )
        )
    return items
