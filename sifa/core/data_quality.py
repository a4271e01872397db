"""Data-quality rules (数据质量规则): records that break the rules the forms enforce.

The forms and actions refuse a case closed before it was received, an agreement without its
amount, an assignment to a lawyer who left; imported history (go-live imports, old ledgers) and
records typed before a rule existed may still break them. A rule names those records:

    QualityRule(
        code="mediation.closed_before_received",
        label=_("调结日期早于受理日期"),
        definition=_("调结日期（closed_on）早于受理日期（received_on）的调解案件。"),
        model=MediationCase,
        records=lambda: MediationCase.objects.filter(closed_on__lt=F("received_on")),
        record_url=lambda case: case.get_absolute_url(),
        columns=("received_on", "closed_on"),
    )

A business line declares its rules in its own module (`sifa/<line>/data_quality.py`) and lists
them in its `line.py` (`Line.data_quality`); a shared app whose records every line shares (the
person registry) registers its group here from its AppConfig (`register_group`). Core imports no
line: the rules are read from the line registry.

The rule only says which records break it, unscoped. The monitor (`sifa.stats.data_quality`)
turns every rule into a registry indicator, so the count is scoped, cached and drilled down like
every other figure (sifa.orgs.access: office subtree × line × minors, hidden rows stated), and
lists the records with a link to each and to the form that fixes it. See docs/data-quality.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import DateField, Expression, F, Model, QuerySet, Value
from django.utils import timezone

from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import Unit, compute, rule


@dataclass(frozen=True)
class FixLink:
    """The form that fixes a record: its button text and URL."""

    label: str
    url: str


@dataclass(frozen=True)
class QualityRule:
    """One rule the forms enforce, as the records that break it (see the module docstring).

    * `code`: "<line>.<name>", unique; the line part is the group it is shown in;
    * `label`: what is wrong, in Chinese ("调结日期早于受理日期");
    * `definition`: which records are counted, in words (the count's 口径);
    * `model`: the model of the records (it has an access policy);
    * `records`: every offending record, before any scope (a queryset of `model`; it may read
      today's date and the holiday table, so it is called at each count, never at start-up);
    * `record_url(record)`: the record's own page;
    * `fix(record)`: the form that fixes it (`FixLink`), or None when no form corrects it;
    * `columns`: what the list shows beside each record (the dates that disagree …): a field
      path, headed by the field's name, or (heading, field path);
    * `title(record)`: the record as the list names it (default `str`);
    * `unit`: what a record is ("件" a case, "人" a person, "条" any other record);
    * `restricted`: (flag path, capability) of records a reader may count but not list, when
      the records' access policy does not say it itself (a minor's assessment); default: the
      policy's minors rule.
    """

    code: str
    label: str
    definition: str
    model: type[Model]
    records: Callable[[], QuerySet]
    record_url: Callable[[Model], str]
    fix: Callable[[Model], FixLink | None] = lambda record: None
    columns: tuple[str | tuple[str, str], ...] = ()
    title: Callable[[Model], str] = str
    unit: str = "条"
    restricted: tuple[str, str] | None = None

    @property
    def group(self) -> str:
        """The line (or shared app) the rule belongs to: its code before the first dot."""
        return self.code.partition(".")[0]


def record_page(record) -> str:
    """A record's own page (`get_absolute_url`): the usual `QualityRule.record_url`."""
    return record.get_absolute_url()


def dates_out_of_order(
    code: str,
    *,
    label: str,
    definition: str,
    records: Callable[[], QuerySet],
    earlier: str,
    later: str,
    more_columns: tuple[str | tuple[str, str], ...] = (),
    **options,
) -> QualityRule:
    """The rule "date `later` falls before date `earlier`" (a closing before its receipt, a
    placement before the release) over the records of `records()`.

    `earlier` and `later` are field paths and may cross a relation ("released__released_on");
    the list shows both dates, then `more_columns`. `records` builds the unscoped queryset (it
    is called once here, for its model: it must read no row); `options` are the other
    `QualityRule` fields (`unit`, `fix`, `title`, `restricted`; `record_url` defaults to
    `record_page`).
    """

    def offending() -> QuerySet:
        return records().filter(**{f"{later}__lt": F(earlier)})

    options.setdefault("record_url", record_page)
    return QualityRule(
        code=code,
        label=label,
        definition=definition,
        model=records().model,
        records=offending,
        columns=(earlier, later, *more_columns),
        **options,
    )


@dataclass(frozen=True)
class RuleGroup:
    """The rules of one line (or shared app), shown together under its name."""

    key: str  # the line key, e.g. "mediation"; a shared app's label, e.g. "people"
    name: str
    order: int
    rules: tuple[QualityRule, ...]


_shared: dict[str, RuleGroup] = {}


def register_group(key: str, name: str, order: int, *rules: QualityRule) -> RuleGroup:
    """A shared app's rules (its AppConfig.ready()); a line lists its own in `Line.data_quality`.
    Registering the same group again replaces it."""
    group = RuleGroup(key, name, order, tuple(rules))
    _shared[key] = group
    return group


def groups() -> list[RuleGroup]:
    """Every group with rules: the installed lines' (their `Line.data_quality`) and the shared
    apps', in the order of the lines (`Line.order`; a shared app gives its own)."""
    from sifa.core import lines

    declared = [
        RuleGroup(line.key, line.name, line.order, tuple(line.data_quality))
        for line in lines.lines()
        if line.data_quality
    ]
    return sorted([*declared, *_shared.values()], key=lambda group: (group.order, group.key))


def rules() -> list[QualityRule]:
    """Every rule, group by group."""
    return [rule for group in groups() for rule in group.rules]


def rule_of(code: str) -> QualityRule:
    for candidate in rules():
        if candidate.code == code:
            return candidate
    raise KeyError(code)


# --- deadlines as a date a query can compare ----------------------------------------------------

# A day of a period is at most this many calendar days, whatever the holidays (a working day:
# a week of 国庆 holidays and two weekends around it is still far less).
_SPAN_DAYS = {Unit.DAY: 1, Unit.WORKDAY: 3, Unit.MONTH: 31, Unit.YEAR: 366}


def latest_overdue_start(code: str, today: date, *, calendar: WorkingCalendar | None = None):
    """The latest start date whose period under deadline rule `code` ended before `today`: a
    record whose period started on that day or earlier is past its deadline (`deadline_state`
    OVERDUE), a later one is not.

    The due date (`sifa.core.deadlines.compute`, holidays and 民法典 第203条 included) never
    moves back when the start moves forward, so the overdue starts are exactly the days up to
    one date; it is found by bisection, and a query compares the start column with it — the
    holiday calendar itself is nothing SQL can apply.
    """
    deadline_rule = rule(code)
    if deadline_rule.unit == Unit.HOUR:
        raise ValueError(f"{code}: an HOUR period has no start date to compare")
    calendar = calendar or WorkingCalendar()
    span = deadline_rule.amount * _SPAN_DAYS[deadline_rule.unit] + 40

    def overdue(start: date) -> bool:
        return compute(code, start, calendar=calendar) < today

    earliest = today - timedelta(days=span)
    while not overdue(earliest):  # never for a sane calendar: a safety net, not a loop
        earliest -= timedelta(days=span)
    latest = today  # a period starting today ends today at the earliest: not overdue
    while (latest - earliest).days > 1:
        middle = earliest + timedelta(days=(latest - earliest).days // 2)
        if overdue(middle):
            earliest = middle
        else:
            latest = middle
    return earliest


class OverdueStart(Expression):
    """`latest_overdue_start(code, today)` inside a query: `received_on__lte=OverdueStart(…)`
    names the records whose period has run out. Computed when the query is compiled (with the
    day and the holiday table of that moment), never when the queryset is built: declaring and
    checking a rule (`manage.py check`, before any table exists) reads no row."""

    output_field = DateField()

    def __init__(self, code: str):
        super().__init__(output_field=DateField())
        self.code = code

    def as_sql(self, compiler, connection):
        day = latest_overdue_start(self.code, timezone.localdate())
        return Value(day, output_field=DateField()).as_sql(compiler, connection)
