"""The 人民调解 line's data-quality rules (sifa.core.data_quality; docs/data-quality.md).

Each names the cases or agreements that break a rule `sifa.mediation.actions.cases` enforces on
every form: an outcome with its date and note, an agreement's amount, dates in order (人民调解法
第28–31条, PM-17/18), a case closed within its target (人民调解工作若干规定 第33条, PM-22).
Listed in `line.py` (`Line.data_quality`); the monitor counts them as indicators.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.data_quality import FixLink, OverdueStart, QualityRule, dates_out_of_order
from sifa.mediation.constants import (
    CLOSED_STATUSES,
    CLOSING_TARGET_RULE,
    AgreementForm,
    CaseStatus,
)
from sifa.mediation.models import Agreement, CaseEvent, MediationCase

OPEN = (CaseStatus.REGISTERED, CaseStatus.IN_MEDIATION)
# Closings without agreement: each needs its note (告知的途径, 拒绝情况, 移交单位).
CLOSED_WITHOUT_AGREEMENT = (
    CaseStatus.FAILED,
    CaseStatus.CLOSED_REFUSED,
    CaseStatus.CLOSED_NOT_ACCEPTED,
)
CASES, AGREEMENTS = _("件"), _("份")


def _cases():
    return MediationCase.objects.select_related("office")


def _agreements():
    return Agreement.objects.select_related("office", "case")


def _case_page(record) -> str:
    return record.get_absolute_url()  # an agreement's page is its case's


def closed_without_outcome():
    """A closed case whose outcome is not on record: 调解成功 without an effective agreement, a
    closing without agreement without its note, any closing without its date, or an archived
    case with neither an agreement nor a closing in its history."""
    closings = CaseEvent.objects.filter(case=OuterRef("pk"), to_status__in=CLOSED_WITHOUT_AGREEMENT)
    return _cases().filter(
        Q(status=CaseStatus.AGREED, agreement__effective_on__isnull=True)
        | Q(status__in=CLOSED_WITHOUT_AGREEMENT, closing_note="")
        | Q(status__in=CLOSED_STATUSES, closed_on__isnull=True)
        | Q(status=CaseStatus.ARCHIVED, agreement__isnull=True) & ~Exists(closings)
    )


def agreement_amount_missing():
    """A written agreement in effect whose amount is 0 while its dispute involved money."""
    return _agreements().filter(
        form=AgreementForm.WRITTEN,
        effective_on__isnull=False,
        amount=0,
        case__amount__gt=0,
    )


def dates_in_future():
    today = timezone.localdate()
    return _cases().filter(Q(received_on__gt=today) | Q(closed_on__gt=today))


def open_past_target():
    """Still open (已受理, 调解中) after the closing target of its 受理 date has passed."""
    return _cases().filter(status__in=OPEN, received_on__lte=OverdueStart(CLOSING_TARGET_RULE))


def _record_outcome(case):
    """The case page holds the outcome actions (达成协议, 调解不成, 当事人拒绝调解 …)."""
    return FixLink(str(_("登记调解结果")), case.get_absolute_url())


def _start_or_outcome(case):
    if case.status == CaseStatus.REGISTERED:
        return FixLink(str(_("开始调解")), reverse("mediation:case_start", args=[case.pk]))
    return _record_outcome(case)


RULES = (
    QualityRule(
        code="mediation.closed_without_outcome",
        label=_("已结案但未登记结果"),
        definition=_(
            "状态为调解成功但没有已生效的调解协议，调解不成、当事人拒绝调解或不予受理但未写明"
            "终结说明，已终结但没有调结日期（closed_on），或已归档但既无调解协议也无终结记录的案件。"
        ),
        model=MediationCase,
        records=closed_without_outcome,
        record_url=_case_page,
        columns=("status", "received_on", "closed_on"),
        unit=CASES,
    ),
    QualityRule(
        code="mediation.agreement_amount_missing",
        label=_("书面协议未填写协议金额"),
        definition=_("已生效的书面调解协议，协议涉及金额（amount）为 0，而案件的涉及金额大于 0。"),
        model=Agreement,
        records=agreement_amount_missing,
        record_url=_case_page,
        columns=("case__amount", "amount", "effective_on"),
        unit=AGREEMENTS,
    ),
    dates_out_of_order(
        "mediation.closed_before_received",
        label=_("调结日期早于受理日期"),
        definition=_("调结日期（closed_on）早于受理日期（received_on）的案件。"),
        records=_cases,
        earlier="received_on",
        later="closed_on",
        record_url=_case_page,
        unit=CASES,
    ),
    dates_out_of_order(
        "mediation.agreement_before_received",
        label=_("协议达成日期早于受理日期"),
        definition=_("调解协议的达成日期（reached_on）早于案件受理日期（received_on）。"),
        records=_agreements,
        earlier="case__received_on",
        later="reached_on",
        record_url=_case_page,
        unit=AGREEMENTS,
    ),
    QualityRule(
        code="mediation.dates_in_future",
        label=_("受理或调结日期晚于今天"),
        definition=_("受理日期（received_on）或调结日期（closed_on）在今天之后的案件。"),
        model=MediationCase,
        records=dates_in_future,
        record_url=_case_page,
        columns=("received_on", "closed_on"),
        unit=CASES,
    ),
    QualityRule(
        code="mediation.open_past_target",
        label=_("超过调解期限仍未结案"),
        definition=_(
            "状态为已受理或调解中，且自受理日期（received_on）起的调结期限（一个月，人民调解工作"
            "若干规定 第33条，遇节假日顺延）已过的案件。"
        ),
        model=MediationCase,
        records=open_past_target,
        record_url=_case_page,
        fix=_start_or_outcome,
        columns=("status", "received_on"),
        unit=CASES,
    ),
)
