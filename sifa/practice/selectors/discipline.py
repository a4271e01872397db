"""Reads of complaints and sanctions (投诉与惩戒), through `sifa.orgs.access.scope()`: they
belong to the supervising bureau, so an institution's account sees none of them.

Two reads are national rules rather than a user's view, and take no actor: whether a person is
suspended on a day (`suspended_on`, which legal aid's assignment check reads) and the
律师法 第51条 ladder (`ladder_suggestion`), which looks at every earlier sanction of the lawyer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core.deadlines import NEAR, OVERDUE, add_months, deadline_state
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.constants import LINE, Category, InstitutionStatus, PractitionerStatus
from sifa.practice.constants_discipline import (
    OPEN_COMPLAINT,
    SUSPENSION_WINDOW_MONTHS,
    WARNING_WINDOW_MONTHS,
    Authority,
    ComplaintStatus,
    SanctionKind,
    SanctionStatus,
)
from sifa.practice.models import Complaint, Institution, Practitioner, Sanction
from sifa.practice.selectors.registers import may_license

BUREAU_KIND = "justice_bureau"

# --- the national rules -----------------------------------------------------------------------


def _decided(kind: str) -> QuerySet[Sanction]:
    return Sanction.objects.filter(status=SanctionStatus.DECIDED, kind=kind)


def suspension_on(*, person, day: datetime.date) -> Sanction | None:
    """The decided 停止执业 of any licence of `person` in force on `day` ([起始日期, 终止日期],
    both counted), if any. Not scoped: a suspension binds wherever the person is assigned."""
    rows = _decided(SanctionKind.SUSPENSION).filter(
        practitioner__person=person, starts_on__lte=day, ends_on__gte=day
    )
    return rows.select_related("practitioner").order_by("starts_on").first()


def suspended_on(person, day: datetime.date) -> bool:
    """Is `person` a practitioner suspended (停止执业) on `day`?"""
    return suspension_on(person=person, day=day) is not None


def closure_on(*, institution: Institution, day: datetime.date) -> Sanction | None:
    """The decided 停业整顿 of `institution` in force on `day` ([起始日期, 终止日期], both
    counted), if any. Not scoped, like `suspension_on`: the register's status is not flipped by
    a sanction, the dates are the truth."""
    rows = _decided(SanctionKind.CLOSURE).filter(
        institution=institution, practitioner__isnull=True, starts_on__lte=day, ends_on__gte=day
    )
    return rows.order_by("starts_on").first()


def suspension_message(suspension: Sanction) -> str:
    """Why a suspended practitioner cannot take a case, in Chinese (legal aid shows it)."""
    return _("该人员正在停止执业期间（%(start)s至%(end)s，%(number)s），不能指派其承办案件。") % {
        "start": suspension.starts_on.isoformat(),
        "end": suspension.ends_on.isoformat(),
        "number": suspension.decision_number or _("处罚决定"),
    }


@dataclass(frozen=True)
class LadderSuggestion:
    """律师法 第51条's statutory next step for a new act, with the earlier sanction it rests on.
    Sifa shows it; the clerk decides (it is never applied by itself)."""

    kind: str  # SanctionKind.SUSPENSION or SanctionKind.REVOCATION
    earlier: Sanction
    reason: str

    @property
    def kind_label(self) -> str:
        return str(SanctionKind(self.kind).label)


def ladder_suggestion(
    practitioner: Practitioner, act_on: datetime.date, *, exclude_pk=None
) -> LadderSuggestion | None:
    """The next step of 律师法 第51条 for a sanctionable act of `practitioner` on `act_on`:

    * within two years after a decided 停止执业 (行政处罚) has ended (终止日期 < act ≤ 终止日期 +
      24 months) → 吊销执业证书 (by the province);
    * else within one year after a decided 警告 (决定日期 < act ≤ 决定日期 + 12 months) →
      停止执业 three months to one year.

    Lawyers only (the article is the 律师法's); "after" is counted as 民法典 第201–202条 count a
    period: from the day after, to the corresponding day."""
    if practitioner.category != Category.LAW_FIRM or act_on is None:
        return None
    earlier = Sanction.objects.filter(
        practitioner__person_id=practitioner.person_id, authority=Authority.ADMINISTRATIVE
    ).exclude(pk=exclude_pk)
    suspensions = earlier.filter(
        status=SanctionStatus.DECIDED,
        kind=SanctionKind.SUSPENSION,
        ends_on__lt=act_on,
    ).order_by("-ends_on")
    for row in suspensions:
        if act_on <= add_months(row.ends_on, SUSPENSION_WINDOW_MONTHS):
            reason = _(
                "该律师受到的停止执业处罚（%(number)s，%(start)s至%(end)s）期满后二年内又发生"
                "应当给予停止执业处罚的情形，依律师法第五十一条，由省级司法行政部门吊销其律师"
                "执业证书。"
            )
            return LadderSuggestion(SanctionKind.REVOCATION, row, reason % _cite(row))
    warnings = earlier.filter(
        status=SanctionStatus.DECIDED, kind=SanctionKind.WARNING, decided_on__lt=act_on
    ).order_by("-decided_on")
    for row in warnings:
        if act_on <= add_months(row.decided_on, WARNING_WINDOW_MONTHS):
            reason = _(
                "该律师于%(decided)s受到警告处罚（%(number)s），一年内又发生应当给予警告、罚款处罚的"
                "情形，依律师法第五十一条，应当给予停止执业三个月以上一年以下的处罚。"
            )
            return LadderSuggestion(SanctionKind.SUSPENSION, row, reason % _cite(row))
    return None


def _cite(row: Sanction) -> dict:
    return {
        "number": row.decision_number or _("无文号"),
        "decided": row.decided_on.isoformat() if row.decided_on else "",
        "start": row.starts_on.isoformat() if row.starts_on else "",
        "end": row.ends_on.isoformat() if row.ends_on else "",
    }


# --- scoped reads -----------------------------------------------------------------------------


def complaint_list(
    *, actor, practitioner: Practitioner | None = None, status: str = ""
) -> QuerySet[Complaint]:
    rows = Complaint.objects.select_related("institution__office", "practitioner__person", "office")
    rows = access.scope(actor, rows)
    if practitioner is not None:
        rows = rows.filter(practitioner__person_id=practitioner.person_id)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-received_on", "-pk")


def complaint_get(*, actor, pk) -> Complaint:
    rows = Complaint.objects.select_related(
        "institution__office", "practitioner__person", "office", "complainant"
    )
    return access.get_object_or_404(actor, rows, pk=pk)


def complaints_by_number(*, actor, numbers) -> dict[tuple[int, str], Complaint]:
    """The complaints the actor sees with these 投诉登记号, by (bureau office id, number): a
    number is unique within its supervising bureau (the go-live import's key)."""
    rows = access.scope(actor, Complaint.objects.filter(number__in=set(numbers) - {""}))
    rows = rows.select_related("practitioner").prefetch_related("sanctions")
    return {(row.office_id, row.number): row for row in rows}


def sanction_list(*, actor, practitioner: Practitioner | None = None) -> QuerySet[Sanction]:
    rows = Sanction.objects.select_related(
        "practitioner__person", "institution__office", "practitioner__institution"
    )
    rows = access.scope(actor, rows.select_related("office"))
    if practitioner is not None:
        rows = rows.filter(practitioner__person_id=practitioner.person_id)
    return rows.order_by("-decided_on", "-pk")


def sanction_get(*, actor, pk) -> Sanction:
    rows = Sanction.objects.select_related(
        "practitioner__person",
        "practitioner__institution__office",
        "institution__office",
        "office",
        "complaint",
    )
    return access.get_object_or_404(actor, rows, pk=pk)


@dataclass(frozen=True)
class ComplaintDue:
    complaint: Complaint
    due: datetime.date
    state: str


def complaints_due(*, actor, today: datetime.date | None = None) -> list[ComplaintDue]:
    """Open complaints the actor sees whose handling deadline is near or past (待办)."""
    today = today or timezone.localdate()
    warn = int(sifa_setting("SIFA_PRACTICE_COMPLAINT_WARN_DAYS"))
    horizon = today + datetime.timedelta(days=warn)
    rows = complaint_list(actor=actor).filter(Q(status__in=OPEN_COMPLAINT) & Q(due_on__lte=horizon))
    found = []
    for row in rows.order_by("due_on"):
        state = deadline_state(row.due_on, today=today, warn_days=warn)
        if state in (NEAR, OVERDUE):
            found.append(ComplaintDue(row, row.due_on, state))
    return found


def may_handle_discipline(*, actor) -> bool:
    """Does the actor write in the line at a bureau (a section that handles complaints)? An
    institution's account does not: complaints and sanctions are not its records."""
    offices = access.visible_offices(actor, Cap.EDIT, line=LINE)
    return offices.filter(kind=BUREAU_KIND).exists()


def practitioner_discipline(*, actor, practitioner: Practitioner) -> dict:
    """The practitioner page's complaints and sanctions (of any licence of the same person),
    those the actor sees: none for an institution's account."""
    return {
        "complaints": complaint_list(actor=actor, practitioner=practitioner),
        "sanctions": sanction_list(actor=actor, practitioner=practitioner),
        "can_discipline": practitioner.status != PractitionerStatus.CANCELLED
        and may_license(actor=actor, institution=practitioner.institution),
    }


def institution_discipline(*, actor, institution: Institution) -> dict:
    """The complaints against an institution and the sanctions of the institution itself (not
    of its practitioners), those the actor sees — none for an institution's own account — and
    whether the actor may propose one (the supervising bureau; not after 注销)."""
    return {
        "complaints": complaint_list(actor=actor).filter(institution=institution),
        "sanctions": sanction_list(actor=actor).filter(
            institution=institution, practitioner__isnull=True
        ),
        "can_discipline": institution.status != InstitutionStatus.DISSOLVED
        and may_license(actor=actor, institution=institution),
    }


def complaints_for_institution_sanction(*, actor, institution: Institution) -> QuerySet[Complaint]:
    """Substantiated complaints the actor sees against the institution itself."""
    rows = complaint_list(actor=actor, status=ComplaintStatus.SUBSTANTIATED)
    return rows.filter(institution=institution, practitioner__isnull=True)


def complaints_for_sanction(*, actor, practitioner: Practitioner) -> QuerySet[Complaint]:
    """Substantiated complaints the actor sees about the practitioner or his institution."""
    rows = complaint_list(actor=actor, status=ComplaintStatus.SUBSTANTIATED)
    return rows.filter(
        Q(practitioner__person_id=practitioner.person_id)
        | Q(practitioner__isnull=True, institution_id=practitioner.institution_id)
    )
