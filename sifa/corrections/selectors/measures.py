"""Reads of 考核奖惩 (rewards, sanctions, proposals) and 教育帮扶 (education and assistance).

Every read goes through `sifa.orgs.access`: a measure belongs to its subject's 司法所, so the
司法所 and its county see it; a minor's measures only where the user holds `Cap.MINORS`
(社区矫正法 第54条). An education activity that includes a minor is restricted the same way.

The punishment ladder (DOMAIN §3.5): the counters of an episode and the *suggested* next measure
(CC-17, CC-19–21). The suggestion is shown to a person; nothing is decided automatically.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.deadlines import add_months
from sifa.corrections import rules
from sifa.corrections.constants import (
    ACTIVE_STATUSES,
    PROPOSAL_KINDS,
    SANCTION_PROPOSAL_KINDS,
    MeasureKind,
    ProposalOutcome,
    SentenceType,
    Status,
)
from sifa.corrections.models import Education, LostContact, Measure, Subject
from sifa.corrections.selectors.common import narrowed
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office

# The revocation/commitment proposal that fits each sentence type (CC-19, CC-20, CC-21);
# 管制 has none (a 管制 offender's breach leads to 治安管理处罚 or a new prosecution).
REVOCATION_BY_SENTENCE = {
    SentenceType.PROBATION: MeasureKind.REVOKE_PROBATION,
    SentenceType.PAROLE: MeasureKind.REVOKE_PAROLE,
    SentenceType.OUTSIDE_PRISON: MeasureKind.COMMITMENT,
}
REVOCATION_KINDS = {
    MeasureKind.REVOKE_PROBATION,
    MeasureKind.REVOKE_PAROLE,
    MeasureKind.COMMITMENT,
}
# 社区矫正法 第47条: an arrest may be asked only with a proposal to revoke 缓刑 or 假释.
ARREST_WITH = {MeasureKind.REVOKE_PROBATION, MeasureKind.REVOKE_PAROLE}
# Decided by the county 社区矫正机构 (CC-17…CC-22); 表扬 and 训诫 may be recorded by the 司法所.
COUNTY_KINDS = {MeasureKind.WARNING, *PROPOSAL_KINDS}
# States in which a sanction or proposal may be recorded: in correction, or not reported and
# being searched for (absconding before reporting is itself a ground, CC-17/CC-19).
SANCTION_STATUSES = {*ACTIVE_STATUSES, Status.NOT_REPORTED}
COMMENDATION_STATUSES = set(ACTIVE_STATUSES)
# Rewards (社区矫正法 第28、33条): 表扬 and 提请减刑, only while in correction.
REWARD_KINDS = {MeasureKind.COMMENDATION, MeasureKind.COMMUTATION}
EDUCATION_STATUSES = set(ACTIVE_STATUSES)


# ---------------------------------------------------------------------------------------------
# Scoping


def _measures(actor) -> QuerySet:
    return access.scope(actor, Measure.objects.select_related("subject__person", "office"))


def _subjects(actor) -> QuerySet:
    return access.scope(actor, Subject.objects.select_related("person", "office"))


def subject_for_measures(*, actor, pk) -> Subject:
    """A subject the actor sees (a minor only with Cap.MINORS): 404 otherwise."""
    try:
        return _subjects(actor).get(pk=pk)
    except Subject.DoesNotExist:
        raise Http404(_("未找到该记录。")) from None


def measure_get(*, actor, pk) -> Measure:
    """One measure the actor sees: 404 outside the scope or for a minor without Cap.MINORS."""
    try:
        return _measures(actor).get(pk=pk)
    except Measure.DoesNotExist:
        raise Http404(_("未找到该记录。")) from None


def measure_list(
    *,
    actor,
    within: Office | None = None,
    kind: str = "",
    pending: bool = False,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    subject: Subject | None = None,
) -> QuerySet:
    """考核奖惩 in the actor's sight, newest first, narrowed by the filters."""
    rows = narrowed(
        _measures(actor),
        within=within,
        kind=kind,
        outcome=ProposalOutcome.PENDING if pending else "",
        decided_on__gte=date_from,
        decided_on__lte=date_to,
        subject=subject,
    )
    return rows.order_by("-decided_on", "-id")


def offices_for_filter(*, actor) -> QuerySet:
    return access.visible_offices(actor, line="corrections").order_by("path")


def offices_for_education(*, actor) -> QuerySet:
    """Offices where the actor may record an activity: the bureaus and 司法所 of the scope."""
    return (
        access.visible_offices(actor, Cap.EDIT, line="corrections")
        .filter(kind__in=[OfficeKind.JUSTICE_BUREAU, OfficeKind.JUDICIAL_OFFICE])
        .order_by("path")
    )


def county_of(office: Office) -> Office:
    """The county 社区矫正机构 of a 司法所: the nearest justice bureau at or above it."""
    if office.kind == OfficeKind.JUSTICE_BUREAU:
        return office
    for ancestor in reversed(list(type(office).objects.get_ancestors(office))):
        if ancestor.kind == OfficeKind.JUSTICE_BUREAU:
            return ancestor
    return office


def may_decide_county_measures(actor, subject: Subject) -> bool:
    """Can the actor record 警告 and proposals (EDIT on the subject's county bureau)?"""
    return access.can(actor, Cap.EDIT, county_of(subject.office), line="corrections")


def pending_proposals(subject: Subject, kinds=PROPOSAL_KINDS) -> QuerySet:
    return subject.measures.filter(kind__in=kinds, outcome=ProposalOutcome.PENDING)


def kinds_for(*, actor, subject: Subject) -> list[tuple[str, str]]:
    """The measure kinds that can be recorded for `subject` by `actor` now (for the form)."""
    county = may_decide_county_measures(actor, subject)
    pending_revocation = pending_proposals(subject, ARREST_WITH).exists()
    out = []
    for value, label in MeasureKind.choices:
        if value in REWARD_KINDS and subject.status not in COMMENDATION_STATUSES:
            continue
        if value not in REWARD_KINDS and subject.status not in SANCTION_STATUSES:
            continue
        if value in COUNTY_KINDS and not county:
            continue
        if value in REVOCATION_KINDS and REVOCATION_BY_SENTENCE.get(subject.sentence_type) != value:
            continue
        if value == MeasureKind.ARREST and not pending_revocation:
            continue
        out.append((value, label))
    return out


# ---------------------------------------------------------------------------------------------
# The ladder: counters and the suggested measure


@dataclass(frozen=True)
class Counters:
    """Counts of one episode; `*_since_*` count the steps not yet followed by the next rung."""

    commendations: int
    admonitions: int
    warnings: int
    security_punishments: int
    proposals: int
    admonitions_since_warning: int
    warnings_since_revocation: int


def _after(rows: list[Measure], marker: Measure | None) -> list[Measure]:
    if marker is None:
        return rows
    key = (marker.decided_on, marker.pk)
    return [m for m in rows if (m.decided_on, m.pk) > key]


def counters(subject: Subject) -> Counters:
    rows = list(subject.measures.order_by("decided_on", "id"))

    def of(*kinds):
        return [m for m in rows if m.kind in kinds]

    warnings = of(MeasureKind.WARNING)
    revocations = of(*REVOCATION_KINDS)
    return Counters(
        commendations=len(of(MeasureKind.COMMENDATION)),
        admonitions=len(of(MeasureKind.ADMONITION)),
        warnings=len(warnings),
        security_punishments=len(of(MeasureKind.SECURITY_PUNISHMENT)),
        proposals=len(of(*SANCTION_PROPOSAL_KINDS)),
        admonitions_since_warning=len(
            _after(of(MeasureKind.ADMONITION), warnings[-1] if warnings else None)
        ),
        warnings_since_revocation=len(_after(warnings, revocations[-1] if revocations else None)),
    )


def lost_days(lost: LostContact, today: datetime.date) -> int:
    """Days out of contact: (found_on or today) − lost_on."""
    return ((lost.found_on or today) - lost.lost_on).days


def lost_longer_than_months(lost: LostContact, months: int, today: datetime.date) -> bool:
    """Out of contact for more than `months` calendar months: still lost (or found) after the
    corresponding day `months` later (民法典 第202条: that month's last day when it has none)."""
    return (lost.found_on or today) > add_months(lost.lost_on, months)


def suggested_measure(subject: Subject, *, today: datetime.date | None = None):
    """(kind, reason in Chinese) of the measure the ladder suggests, or None.

    * ≥ SIFA_CC_WARNINGS_FOR_REVOCATION 警告 since the last revocation proposal, or a lost
      contact longer than SIFA_CC_LOST_MONTHS_FOR_REVOCATION calendar months (一个月: past
      the corresponding day of the next month, 民法典 第202条 — not 30 days) not yet followed by
      one → the proposal fitting the sentence type (CC-19 缓刑, CC-20 假释, CC-21 暂予监外执行);
    * ≥ SIFA_CC_ADMONITIONS_FOR_WARNING 训诫 since the last 警告, or a lost contact longer than
      SIFA_CC_LOST_DAYS_FOR_WARNING days not yet followed by a 警告 → 警告 (CC-17).

    Nothing is suggested for a subject out of correction or with a revocation pending.
    """
    if subject.status not in SANCTION_STATUSES:
        return None
    if pending_proposals(subject, REVOCATION_KINDS).exists():
        return None
    today = today or timezone.localdate()
    count = counters(subject)
    rows = list(subject.measures.order_by("decided_on", "id"))
    lost = list(subject.lost_contacts.order_by("lost_on", "id"))

    def followed(kinds, since: datetime.date) -> bool:
        return any(m.kind in kinds and m.decided_on >= since for m in rows)

    revocation = REVOCATION_BY_SENTENCE.get(subject.sentence_type)
    if revocation is not None:
        needed = rules.value("SIFA_CC_WARNINGS_FOR_REVOCATION")
        if count.warnings_since_revocation >= needed:
            return revocation, _(
                "已受到%(count)d次警告仍未改正（达到%(needed)d次），建议%(kind)s。"
            ) % {
                "count": count.warnings_since_revocation,
                "needed": needed,
                "kind": MeasureKind(revocation).label,
            }
        # 社区矫正法实施办法 第46条: 脱离监管"超过一个月" — calendar months (民法典 第202条),
        # so lost on 02-01 is more than one month lost on 03-02 of a common year (29 days).
        limit = rules.value("SIFA_CC_LOST_MONTHS_FOR_REVOCATION")
        for row in lost:
            days = lost_days(row, today)
            if lost_longer_than_months(row, limit, today) and not followed(
                REVOCATION_KINDS, row.lost_on
            ):
                return revocation, _(
                    "自%(lost_on)s起脱离监管%(days)d日，超过%(limit)d个月，建议%(kind)s。"
                ) % {
                    "lost_on": row.lost_on.isoformat(),
                    "days": days,
                    "limit": limit,
                    "kind": MeasureKind(revocation).label,
                }
    needed = rules.value("SIFA_CC_ADMONITIONS_FOR_WARNING")
    if count.admonitions_since_warning >= needed:
        return MeasureKind.WARNING, _(
            "自上次警告以来已受到%(count)d次训诫仍未改正（达到%(needed)d次），建议给予警告。"
        ) % {"count": count.admonitions_since_warning, "needed": needed}
    limit = rules.value("SIFA_CC_LOST_DAYS_FOR_WARNING")
    for row in lost:
        days = lost_days(row, today)
        if days > limit and not followed({MeasureKind.WARNING, *REVOCATION_KINDS}, row.lost_on):
            return MeasureKind.WARNING, _(
                "自%(lost_on)s起脱离监管%(days)d日，超过%(limit)d日，建议给予警告。"
            ) % {"lost_on": row.lost_on.isoformat(), "days": days, "limit": limit}
    return None


# ---------------------------------------------------------------------------------------------
# Education


def _educations(actor) -> QuerySet:
    minor = Subject.objects.filter(education=OuterRef("pk"), is_minor=True)
    rows = Education.objects.select_related("office").annotate(has_minor=Exists(minor))
    return access.scope_restricted(actor, rows, flag="has_minor", capability=Cap.MINORS)


def education_list(
    *,
    actor,
    within: Office | None = None,
    kind: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    """教育帮扶 activities in sight (one with a minor only with Cap.MINORS), newest first."""
    rows = narrowed(
        _educations(actor),
        within=within,
        kind=kind,
        held_on__gte=date_from,
        held_on__lte=date_to,
    )
    return rows.annotate(participants=Count("subjects", distinct=True)).order_by("-held_on", "-id")


@dataclass(frozen=True)
class EducationTotals:
    activities: int  # 次
    hours: object  # Decimal: 时长合计
    participants: int  # 人次
    persons: int  # 人 (distinct subjects)
    staff: int  # 工作人员人次


def education_totals(rows: QuerySet) -> EducationTotals:
    """Totals of a filtered activity list (sums of the activities, not of joined rows)."""
    ids = rows.values("pk")
    base = Education.objects.filter(pk__in=ids).aggregate(
        activities=Count("pk"), hours=Sum("hours"), staff=Sum("staff_count")
    )
    through = Education.subjects.through.objects.filter(education_id__in=ids)
    return EducationTotals(
        activities=base["activities"] or 0,
        hours=base["hours"] or 0,
        participants=through.count(),
        persons=through.values("subject_id").distinct().count(),
        staff=base["staff"] or 0,
    )


def subjects_for_education(*, actor, office: Office | None = None) -> QuerySet:
    """Subjects that may join an activity: in sight, 已接收/在矫, under `office` if given."""
    rows = _subjects(actor).filter(status__in=EDUCATION_STATUSES)
    if office is not None:
        rows = access.within(rows, office)
    return rows.order_by("office__path", "number")
