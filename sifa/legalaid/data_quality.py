"""The 法律援助 line's data-quality rules (sifa.core.data_quality; docs/data-quality.md).

Each names the cases or assignments that break a rule the line's actions enforce: dates in the
order of the procedure (法律援助法 第43条: received → decided → assigned), an assignment to a
handler and institution on the roster (第43条; 程序规定 第25–27条), and no step left past its
deadline (the periods of `sifa.legalaid.deadlines`). Listed in `line.py` (`Line.data_quality`).
"""

from __future__ import annotations

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.data_quality import FixLink, OverdueStart, QualityRule, dates_out_of_order
from sifa.legalaid import constants as c
from sifa.legalaid.constants import Origin, Status
from sifa.legalaid.models import Application, Assignment

CASES = _("件")
# The statuses in which the current assignment is working on the case.
HANDLING = (Status.ASSIGNED, Status.IN_PROGRESS)


def _applications():
    return Application.objects.select_related("office")


def _assignments():
    return Assignment.objects.select_related(
        "office", "application", "provider", "handler__person", "handler__provider"
    )


def _application_page(record) -> str:
    application = record if isinstance(record, Application) else record.application
    return application.get_absolute_url()


def _assignment_title(assignment) -> str:
    return f"{assignment.application.number}（{assignment.handler.person.name}）"


def assigned_before_decided():
    """Assigned before the application was received, or before the decision to give aid (except
    先行提供, 第44条, which assigns first and decides later)."""
    return _assignments().filter(
        Q(assigned_on__lt=F("application__received_on"))
        | Q(
            application__pre_aid=False,
            application__decided_on__isnull=False,
            assigned_on__lt=F("application__decided_on"),
        )
    )


def orphaned_assignments():
    """The current assignment of a case being handled names a handler or an institution no longer
    on the roster (在册), or a handler of another institution."""
    return _assignments().filter(
        Q(handler__active=False) | Q(provider__active=False) | ~Q(handler__provider=F("provider")),
        ended_on__isnull=True,
        application__status__in=HANDLING,
    )


def open_past_deadline():
    """Open, and the step its status owes is past its deadline: the decision (7 days), the
    supplement the applicant was asked for, the assignment (3 days), the objection's decision
    (5 days), the closing materials (30 days) or their review (30 days). A due date the action
    stored when the period started is read as stored; one an imported record lacks is computed
    from its start (`OverdueStart`, the holiday calendar included)."""
    today = timezone.localdate()
    started_by = OverdueStart
    decision_cut = started_by(c.DECISION_RULE)
    notified = Q(origin=Origin.NOTIFICATION)
    notified_accepted = notified & Q(accepted_on__isnull=False)
    decision = (
        Q(status=Status.RECEIVED, pre_aid=False)
        & ~notified
        & (
            Q(decision_due_on__lt=today)
            | Q(decision_due_on__isnull=True)
            & (
                Q(supplied_on__lte=decision_cut)
                | Q(supplied_on__isnull=True, received_on__lte=decision_cut)
            )
        )
    )
    supplement = Q(status=Status.AWAITING_SUPPLEMENT, supplement_due_on__lt=today)
    assignment = Q(status=Status.GRANTED, pre_aid=False) & (
        Q(assignment_due_on__lt=today)
        | Q(assignment_due_on__isnull=True)
        & (
            notified_accepted & Q(accepted_on__lte=started_by(c.NOTIFICATION_ASSIGNMENT_RULE))
            | ~notified_accepted & Q(decided_on__lte=started_by(c.ASSIGNMENT_RULE))
        )
    )
    objection = Q(
        status=Status.OBJECTION,
        objection_decided_on__isnull=True,
        objection_filed_on__lte=started_by(c.OBJECTION_RULE),
    )
    materials = Q(
        status=Status.ENDED,
        materials_submitted_on__isnull=True,
        ended_on__lte=started_by(c.MATERIALS_RULE),
    )
    review = Q(
        status=Status.FILED_FOR_REVIEW, materials_submitted_on__lte=started_by(c.REVIEW_RULE)
    )
    return _applications().filter(
        decision | supplement | assignment | objection | materials | review
    )


# The form that takes the owed step (the objection's is the 司法行政部门's: its page says who).
OWED_STEP = {
    Status.RECEIVED: ("decide", _("审查决定")),
    Status.AWAITING_SUPPLEMENT: ("withdraw", _("视为撤回")),
    Status.GRANTED: ("assign", _("指派承办人员")),
    Status.ENDED: ("closing_submit", _("提交结案材料")),
    Status.FILED_FOR_REVIEW: ("closing_review", _("结案审查")),
}


def _owed_step(application):
    if application.status not in OWED_STEP:
        return FixLink(str(_("查看案件")), application.get_absolute_url())
    key, label = OWED_STEP[application.status]
    return FixLink(str(label), reverse(f"legalaid:application_{key}", args=[application.pk]))


def _reassign(assignment):
    """指派/更换承办人员 is open while the case is 已指派 (legalaid.actions.assignments)."""
    if assignment.application.status != Status.ASSIGNED:
        return None
    url = reverse("legalaid:application_assign", args=[assignment.application_id])
    return FixLink(str(_("更换承办人员")), url)


RULES = (
    dates_out_of_order(
        "legalaid.decided_before_received",
        label=_("审查决定日期早于收到申请日期"),
        definition=_("审查决定日期（decided_on）早于收到申请日期（received_on）的案件。"),
        records=_applications,
        earlier="received_on",
        later="decided_on",
        record_url=_application_page,
        unit=CASES,
    ),
    QualityRule(
        code="legalaid.assigned_before_decided",
        label=_("指派日期早于收到申请或审查决定"),
        definition=_(
            "指派日期（assigned_on）早于案件的收到申请日期，或早于给予法律援助的审查决定日期"
            "（先行提供法律援助的除外，法律援助法 第44条）的指派。"
        ),
        model=Assignment,
        records=assigned_before_decided,
        record_url=_application_page,
        title=_assignment_title,
        columns=(
            "application__received_on",
            "application__decided_on",
            "assigned_on",
        ),
    ),
    QualityRule(
        code="legalaid.orphaned_assignment",
        label=_("指派给已不在册的承办人员或机构"),
        definition=_(
            "已指派或承办中的案件，其当前指派（未更换）的承办人员或承办机构已不在册，或承办人员"
            "不属于所指派的承办机构。"
        ),
        model=Assignment,
        records=orphaned_assignments,
        record_url=_application_page,
        fix=_reassign,
        title=_assignment_title,
        columns=(
            "provider__name",
            (_("机构在册"), "provider__active"),
            (_("承办人员"), "handler__person__name"),
            (_("人员在册"), "handler__active"),
            "assigned_on",
        ),
    ),
    QualityRule(
        code="legalaid.open_past_deadline",
        label=_("超过法定期限仍未办理"),
        definition=_(
            "未结案件当前应办的环节已超过期限：审查决定（法律援助法 第43条）、补充材料、指派、"
            "异议审查（第49条）、提交结案材料或结案审查；期限以登记时记录的期限为准，"
            "没有记录的（如导入的案件）按起算日期、期限规则和节假日计算。"
        ),
        model=Application,
        records=open_past_deadline,
        record_url=_application_page,
        fix=_owed_step,
        columns=("status", "received_on", "decision_due_on", "assignment_due_on"),
        unit=CASES,
    ),
)
