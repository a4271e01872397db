"""Reads for the submission pages and the nightly check (月报上报、审核、汇总、一致性核查).

Submissions are found through `sifa.orgs.access` (a sibling office's month is not found). The
figures beside the frozen ones are the system figures of the same office and month (no user),
as the snapshot froze them, so "frozen" and "current" compare like with like; a user only reads
them for offices where they hold Cap.STATS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core import report_months
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.reports import actions, consistency
from sifa.reports.compute import drill_down
from sifa.reports.definitions import ReportSet
from sifa.reports.models import ConsistencyCheck, ReportSubmission, Snapshot, SnapshotValue
from sifa.reports.periods import month_period
from sifa.reports.snapshots import bucket_values, report_indicators
from sifa.stats import registry
from sifa.stats.registry import Indicator, Scope

Status = ReportSubmission.Status


def _submissions() -> QuerySet[ReportSubmission]:
    return ReportSubmission.objects.select_related("office", "submitted_by", "reviewed_by")


def default_month(today: date | None = None) -> tuple[int, int]:
    """The last month that has ended (the one usually being submitted)."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    return (first.year, first.month - 1) if first.month > 1 else (first.year - 1, 12)


def visible_submissions(user) -> QuerySet[ReportSubmission]:
    return access.scope(user, _submissions())


def submission_of_month(user, office: Office, start: date, end: date) -> ReportSubmission | None:
    """The office's submission of the calendar month [start, end], when the user may see it."""
    if (
        start.day != 1
        or (end + timedelta(days=1)).day != 1
        or (start.year, start.month)
        != (
            end.year,
            end.month,
        )
    ):
        return None
    return (
        visible_submissions(user).filter(office=office, year=start.year, month=start.month).first()
    )


def submission_or_404(user, pk) -> ReportSubmission:
    """A submission the user may read: 404 out of sight, 403 without Cap.STATS on its office."""
    submission = access.get_object_or_404(user, _submissions(), pk=pk)
    if not access.can(user, Cap.STATS, submission.office):
        raise PermissionDenied(_("您没有查看统计数据的权限。"))
    return submission


def submitting_offices_under(office: Office) -> QuerySet[Office]:
    """The offices of the subtree that submit a month (司法局, 司法所), the office excluded."""
    offices = Office.objects.filter(kind__in=actions.SUBMITTING_KINDS, is_active=True)
    return access.within(offices, office).exclude(pk=office.pk).order_by("path")


def _by_office(year: int, month: int, offices) -> dict[int, ReportSubmission]:
    rows = _submissions().filter(year=year, month=month, office__in=list(offices))
    return {s.office_id: s for s in rows}


# --- the list page ------------------------------------------------------------------------


@dataclass
class OwnRow:
    """The user's own office for the month: its status, and whether the user may submit."""

    office: Office
    submission: ReportSubmission | None
    can_submit: bool
    month_ended: bool


def own_rows(user, year: int, month: int) -> list[OwnRow]:
    offices = [
        o
        for o in access.granted_offices(user, Cap.VIEW, line=access.ANY_LINE)
        if o.kind in actions.SUBMITTING_KINDS
    ]
    offices += [
        o
        for o in access.granted_offices(user, Cap.EDIT, line=access.ANY_LINE)
        if o.kind in actions.SUBMITTING_KINDS and o not in offices
    ]
    submissions = _by_office(year, month, offices)
    ended = actions.month_has_ended(year, month)
    rows = []
    for office in offices:
        submission = submissions.get(office.pk)
        open_to_submit = submission is None or submission.status == Status.RETURNED
        may_edit = access.can(user, Cap.EDIT, office, line=access.ANY_LINE)
        rows.append(OwnRow(office, submission, may_edit and ended and open_to_submit, ended))
    return rows


@dataclass
class ReviewRow:
    office: Office
    submission: ReportSubmission | None

    @property
    def can_review(self) -> bool:
        return self.submission is not None and self.submission.status == Status.SUBMITTED


@dataclass
class ReviewGroup:
    office: Office  # the reviewing office
    rows: list[ReviewRow]


def review_groups(user, year: int, month: int) -> list[ReviewGroup]:
    """The sub-offices' submissions of the month, for each office the user reviews for."""
    groups = []
    for office in access.granted_offices(user, Cap.EDIT, line=access.ANY_LINE):
        if not access.can(user, Cap.STATS, office):
            continue
        children = [
            c
            for c in Office.objects.get_children(office).order_by("path")
            if c.kind in actions.SUBMITTING_KINDS and c.is_active
        ]
        if not children:
            continue
        submissions = _by_office(year, month, children)
        groups.append(ReviewGroup(office, [ReviewRow(c, submissions.get(c.pk)) for c in children]))
    return groups


def key_indicators() -> list[Indicator]:
    """Each report form's first column: the headline figure of each line."""
    keys = [form.columns[0].indicator for form in ReportSet().forms if form.columns]
    return report_indicators(dict.fromkeys(keys))


@dataclass
class FigurePair:
    frozen: object  # None: nothing frozen (not submitted)
    current: object
    url: str

    @property
    def differs(self) -> bool:
        return self.frozen is not None and Decimal(self.frozen) != Decimal(self.current)


@dataclass
class RollUpRow:
    office: Office
    level: int  # depth below the roll-up office, from 1
    submission: ReportSubmission | None
    figures: list[FigurePair]
    check: ConsistencyCheck | None = None

    @property
    def submits(self) -> bool:
        return self.office.kind in actions.SUBMITTING_KINDS


@dataclass
class RollUp:
    office: Office
    indicators: list[Indicator]
    rows: list[RollUpRow]
    own: list[FigurePair] = field(default_factory=list)  # 本级: the office's own records
    # 合计: the frozen values of the direct sub-offices added up, beside the whole subtree now
    total: list[FigurePair] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def roll_ups(user, year: int, month: int) -> list[RollUp]:
    """For each office at the top of the user's statistics scope with sub-offices."""
    result = []
    for office in access.granted_offices(user, Cap.STATS):
        offices = roll_up_offices(office)
        if offices:
            result.append(roll_up(office, offices, year, month))
    return result


def roll_up_offices(office: Office) -> list[Office]:
    """The submitting offices of the subtree, and every direct sub-office: the direct ones and
    本级 then add up to the whole subtree (a centre or committee under the city too)."""
    offices = {o.pk: o for o in submitting_offices_under(office)}
    for child in Office.objects.get_children(office).filter(is_active=True):
        offices.setdefault(child.pk, child)
    return sorted(offices.values(), key=lambda o: o.path)


def roll_up(office: Office, offices: list[Office], year: int, month: int) -> RollUp:
    """Each sub-office's status, frozen and current key figures, 本级 and 合计.

    The current figures of the direct sub-offices and 本级 (the office's own records) add up to
    合计, the subtree's figure; 合计's frozen figure adds up the direct sub-offices' submissions.
    """
    indicators = key_indicators()
    period = month_period(year, month)
    submissions = _by_office(year, month, offices)
    snapshots = consistency.current_snapshots(submissions.values())
    checks = consistency.latest_checks(snapshots.values())
    frozen = _frozen_totals(snapshots.values(), indicators)
    current = _branch_values(office, offices, indicators, period)
    rows = []
    for o in offices:
        submission = submissions.get(o.pk)
        snapshot = snapshots.get(submission.pk) if submission else None
        pairs = [
            FigurePair(
                frozen.get((snapshot.pk, ind.key)) if snapshot else None,
                current[(o.pk, ind.key)],
                drill_down(ind, o, period).url(),
            )
            for ind in indicators
        ]
        check = checks.get(snapshot.pk) if snapshot else None
        rows.append(RollUpRow(o, o.depth - office.depth, submission, pairs, check))
    children = [r for r in rows if r.level == 1]
    own = [
        FigurePair(None, current[(None, ind.key)], drill_down(ind, office, period, own=True).url())
        for ind in indicators
    ]
    total = [
        FigurePair(
            sum((r.figures[n].frozen or 0 for r in children), 0),
            current[(office.pk, ind.key)],
            drill_down(ind, office, period).url(),
        )
        for n, ind in enumerate(indicators)
    ]
    counts = {status: 0 for status in Status.values} | {"missing": 0}
    for row in rows:
        if row.submits:
            counts[row.submission.status if row.submission else "missing"] += 1
    return RollUp(office, indicators, rows, own, total, counts)


def _frozen_totals(snapshots, indicators) -> dict[tuple[int, str], Decimal]:
    rows = SnapshotValue.objects.filter(
        snapshot__in=list(snapshots), breakdown="", indicator__in=[i.key for i in indicators]
    ).values_list("snapshot_id", "indicator", "value")
    return {(snapshot_id, key): value for snapshot_id, key, value in rows}


def _branch_values(office: Office, offices: list[Office], indicators, period):
    """{(office pk, key): current value of its subtree}, one figures call per parent office;
    (None, key): the roll-up office's own records (本级)."""
    by_path = {o.path: o for o in [office, *offices]}
    parents = {by_path.get(o.path[: -Office.steplen]) for o in offices} - {None}
    result = {}
    for parent in sorted(parents, key=lambda o: o.path):
        scope = Scope(parent, *period)
        for key, figures in registry.figures_many(indicators, scope, branches=True).items():
            for child, value in figures.branches[1:]:
                result[(child.pk, key)] = value
            if parent.pk == office.pk:
                result[(office.pk, key)] = figures.value
                result[(None, key)] = figures.branches[0][1]
    return result


# --- the detail page ----------------------------------------------------------------------


@dataclass
class ValueRow:
    key: str  # the indicator's
    label: str
    frozen: object
    current: object
    url: str
    unit: str = ""
    is_bucket: bool = False

    @property
    def differs(self) -> bool:
        return Decimal(self.frozen or 0) != Decimal(self.current or 0)


@dataclass
class FormGroup:
    title: str
    rows: list[ValueRow]

    @property
    def differences(self) -> int:
        return sum(1 for r in self.rows if r.differs)


def frozen_groups(snapshot: Snapshot) -> list[FormGroup]:
    """The frozen values by report form, each beside its current value (one figures call)."""
    office = snapshot.submission.office
    period = (snapshot.period_start, snapshot.period_end)
    frozen: dict[str, dict] = {}
    for value in snapshot.values.all():
        frozen.setdefault(value.indicator, {})[(value.breakdown, value.bucket)] = value
    indicators = report_indicators(frozen)
    current = registry.figures_many(indicators, Scope(office, *period))
    values = _Values(frozen, current, office, period)
    groups, shown = [], set()
    for form in ReportSet().forms:
        rows = []
        for column in form.columns:
            if column.indicator in current:
                shown.add(column.indicator)
                rows += values.rows(column.indicator, column.breakdown, column.heading())
        if rows:
            groups.append(FormGroup(form.title, rows))
    others = [row for ind in indicators if ind.key not in shown for row in values.rows(ind.key)]
    if others:
        groups.append(FormGroup(_("其他指标"), others))
    return groups


@dataclass
class _Values:
    frozen: dict  # {key: {(breakdown, bucket): SnapshotValue}}
    current: dict  # {key: Figures}
    office: Office
    period: tuple[date, date]

    def rows(self, key: str, breakdown: str = "", label: str = "") -> list[ValueRow]:
        """The indicator's total, then (with `breakdown`) each bucket frozen or present now."""
        indicator = registry.get(key)
        figures = self.current[key]
        frozen = self.frozen.get(key, {})
        total = frozen.get(("", ""))
        unit = str(indicator.unit)
        rows = [
            ValueRow(
                key,
                label or str(indicator.label),
                total.value if total else None,
                figures.value,
                drill_down(indicator, self.office, self.period).url(),
                unit,
            )
        ]
        if not breakdown:
            return rows
        now = {k[1]: v for k, v in bucket_values(figures).items() if k[0] == breakdown}
        then = {k[1]: v for k, v in frozen.items() if k[0] == breakdown}
        for token in list(then) + [t for t in now if t not in then]:
            url = drill_down(
                indicator, self.office, self.period, breakdown=breakdown, token=token
            ).url()
            rows.append(
                ValueRow(
                    key,
                    now[token][0] if token in now else then[token].bucket_label,
                    then[token].value if token in then else 0,
                    now[token][1] if token in now else 0,
                    url,
                    unit,
                    is_bucket=True,
                )
            )
        return rows


@dataclass
class Version:
    snapshot: Snapshot
    check: ConsistencyCheck | None


def versions(submission: ReportSubmission) -> list[Version]:
    snapshots = list(submission.snapshots.select_related("taken_by").order_by("-version"))
    checks = consistency.latest_checks(snapshots)
    return [Version(s, checks.get(s.pk)) for s in snapshots]


@dataclass
class HistoryLine:
    at: object
    user: object
    status_label: str
    version: int
    text: str


def review_history(submission: ReportSubmission) -> list[HistoryLine]:
    """Each submission, return and acceptance, from the submission's change history."""
    rows = submission.history.select_related("history_user").order_by("history_date", "history_id")
    lines, previous = [], None
    for row in rows:
        if previous is not None and (row.status, row.version) == previous:
            continue
        previous = (row.status, row.version)
        text = row.note if row.status == Status.SUBMITTED else row.review_comment
        label = Status(row.status).label if row.status in Status.values else row.status
        lines.append(HistoryLine(row.history_date, row.history_user, str(label), row.version, text))
    return lines


def check_or_404(snapshot: Snapshot, pk) -> ConsistencyCheck:
    check = snapshot.checks.filter(pk=pk).first()
    if check is None:
        raise Http404(_("未找到该核查记录。"))
    return check


# --- the consistency page -----------------------------------------------------------------


@dataclass
class CheckRow:
    submission: ReportSubmission
    check: ConsistencyCheck | None


def consistency_rows(user, year: int | None = None, month: int | None = None) -> list[CheckRow]:
    """The checked submissions in the user's sight (Cap.STATS), latest check first."""
    submissions = list(checkable_submissions(user, year, month))
    checks = consistency.latest_checks_by_submission(submissions)
    return [CheckRow(s, checks.get(s.pk)) for s in submissions]


def checkable_submissions(user, year: int | None = None, month: int | None = None):
    qs = access.scope(user, _submissions(), Cap.STATS).filter(
        status__in=consistency.REVIEWED_STATUSES
    )
    if year:
        qs = qs.filter(year=year)
    if month:
        qs = qs.filter(month=month)
    return qs.order_by("-year", "-month", "office__path")


# --- the nightly job (system scope) -------------------------------------------------------


def submissions_to_check(office: Office | None = None, year=None, month=None):
    """SUBMITTED and ACCEPTED submissions, of an office's subtree and a month when given."""
    qs = _submissions().filter(status__in=consistency.REVIEWED_STATUSES)
    if office is not None:
        qs = access.within(qs, office)
    if year:
        qs = qs.filter(year=year)
    if month:
        qs = qs.filter(month=month)
    return qs.order_by("year", "month", "office__path")


def submitted_months_of(record) -> list[tuple[int, int]]:
    """(year, month) of every SUBMITTED or ACCEPTED report holding ``record``: a record of a
    model the report set counts, dated (any of its dates) in the month, in the report's office
    or under it. The front door `sifa.core.report_months` asks (the edit pages' warning)."""
    model = record._meta.concrete_model
    if not any(i.model._meta.concrete_model is model for i in report_indicators()):
        return []
    try:
        office = access.office_of(record)
    except (TypeError, AttributeError):  # not owned by an office
        return []
    if office is None:
        return []
    return submitted_months_holding(office, report_months.record_dates(record))


def submitted_months_holding(office: Office, dates) -> list[tuple[int, int]]:
    """(year, month) of every SUBMITTED or ACCEPTED report whose month holds one of `dates` and
    whose office is `office` or above it (a report counts its office's whole subtree), in
    order."""
    months = {(d.year, d.month) for d in dates if d is not None}
    if not months:
        return []
    ancestors = [
        office.path[:i] for i in range(Office.steplen, len(office.path) + 1, Office.steplen)
    ]
    wanted = Q()
    for year, month in months:
        wanted |= Q(year=year, month=month)
    rows = (
        ReportSubmission.objects.filter(wanted, status__in=consistency.REVIEWED_STATUSES)
        .filter(office__path__in=ancestors)
        .values_list("year", "month")
        .distinct()
    )
    return sorted(set(rows))


def office_by_code(code: str) -> Office | None:
    return Office.objects.filter(code=code).first()
