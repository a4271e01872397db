"""The 社区矫正 line's data-quality rules (sifa.core.data_quality; docs/data-quality.md).

Each names the subjects or investigations that break a rule the line's actions enforce: a
correction period that ends after it starts, a subject in correction kept by an active 司法所
(社区矫正法 第9条: the 司法所 does the daily work; `actions.subjects.SUBJECT_OFFICE_KINDS`), a
release once the period has expired (社区矫正法 第44条), and an investigation completed after
it was commissioned (CC-5). A minor's records stay hidden from readers without
`corrections.minors` and are stated as hidden (the monitor reads the models' policies).
Listed in `line.py` (`Line.data_quality`).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.data_quality import FixLink, QualityRule, dates_out_of_order, record_page
from sifa.corrections.constants import (
    ACTIVE_STATUSES,
    SANCTION_PROPOSAL_KINDS,
    ProposalOutcome,
    Status,
)
from sifa.corrections.models import Custody, Investigation, Measure, Subject
from sifa.corrections.rules import minors_restriction
from sifa.corrections.selectors.investigations import with_minor_flag
from sifa.orgs.constants import OfficeKind

PERSONS = _("人")
# The statuses in which the period may still be adjusted (actions.subjects.OPEN_STATUSES).
PERIOD_ADJUSTABLE = (
    Status.AWAITING_REPORT,
    Status.NOT_REPORTED,
    Status.RECEIVED,
    Status.UNDER_CORRECTION,
)


def _subjects():
    return Subject.objects.select_related("office", "person")


def without_supervising_office():
    """In correction, but kept by an office that is no 司法所, or by a 司法所 closed since."""
    return _subjects().filter(
        Q(office__is_active=False) | ~Q(office__kind=OfficeKind.JUDICIAL_OFFICE),
        status__in=ACTIVE_STATUSES,
    )


def past_end_still_open():
    """Still in correction after the day its period expired, with nothing that holds the
    release back: no custody still open, no sanction proposal awaiting its outcome (CC-31,
    as `actions.subjects.subject_release` refuses then)."""
    open_custody = Custody.objects.filter(subject=OuterRef("pk"), ended_on__isnull=True)
    pending = Measure.objects.filter(
        subject=OuterRef("pk"),
        kind__in=SANCTION_PROPOSAL_KINDS,
        outcome__in=(ProposalOutcome.PENDING, ""),
    )
    return _subjects().filter(
        ~Exists(open_custody),
        ~Exists(pending),
        status__in=ACTIVE_STATUSES,
        correction_end__lt=timezone.localdate(),
    )


def _investigations():
    """(`minor_on_receipt`: a minor's assessment is listed only to readers with
    `corrections.minors`, as the line's own list does.)"""
    return with_minor_flag(Investigation.objects.select_related("office", "person"))


def _adjust_period(subject):
    if subject.status not in PERIOD_ADJUSTABLE:
        return None
    return FixLink(str(_("调整矫正期限")), reverse("corrections:subject_period", args=[subject.pk]))


def _release(subject):
    return FixLink(str(_("解除矫正")), reverse("corrections:subject_release", args=[subject.pk]))


RULES = (
    dates_out_of_order(
        "corrections.end_before_start",
        label=_("矫正期满日期早于起始日期"),
        definition=_("矫正期满日期（correction_end）早于矫正起始日期（correction_start）的对象。"),
        records=_subjects,
        earlier="correction_start",
        later="correction_end",
        fix=_adjust_period,
        unit=PERSONS,
    ),
    QualityRule(
        code="corrections.no_supervising_office",
        label=_("在矫对象没有负责的司法所"),
        definition=_("已接收或在矫的对象，所属机构不是司法所，或所属司法所已撤销（停用）。"),
        model=Subject,
        records=without_supervising_office,
        record_url=record_page,
        columns=(
            "status",
            (_("所属机构类别"), "office__kind"),
            (_("机构在用"), "office__is_active"),
        ),
        unit=PERSONS,
    ),
    QualityRule(
        code="corrections.past_end_still_open",
        label=_("矫正期满仍未解除"),
        definition=_(
            "已接收或在矫的对象，矫正期满日期（correction_end）已过，且没有未结束的羁押或强制措施、"
            "没有待决定的提请（这些情形须待结果再解除）。"
        ),
        model=Subject,
        records=past_end_still_open,
        record_url=record_page,
        fix=_release,
        columns=("status", "correction_end"),
        unit=PERSONS,
    ),
    dates_out_of_order(
        "corrections.investigation_completed_before_commissioned",
        label=_("调查评估完成日期早于收到委托日期"),
        definition=_("完成日期（completed_on）早于收到委托日期（received_on）的调查评估。"),
        records=_investigations,
        earlier="received_on",
        later="completed_on",
        restricted=minors_restriction(_investigations()),
    ),
)
