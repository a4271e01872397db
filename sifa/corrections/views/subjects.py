"""Subject pages (社区矫正对象): list with filters and Excel export, registration (收到执行
通知), the detail page (intake, team, plan, categories, history, deadlines, links to the other
corrections pages), one small form page per action, and the documents (.docx).

Reads go through `sifa.corrections.selectors.subjects`, writes through
`sifa.corrections.actions.subjects`; both use `sifa.orgs.access`, so a subject out of sight —
or a minor's, for a user without `Cap.MINORS` — is not found (404), and one seen but not
editable is forbidden (403). Every detail read is written to the access log (`log_read`).
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sifa.audit.actions import read_for_page
from sifa.core.calendar import WorkingCalendar
from sifa.core.codes import code_name
from sifa.core.masking import mask_text, masked_person
from sifa.core.views import (
    PERSON_NAME_COLUMN,
    STATUS_COLUMN,
    Column,
    Export,
    RecordAction,
    Register,
    RegisterList,
    RegisterPage,
    action_buttons,
    action_of,
    document_view,
    moves_to,
    record_action_page,
    record_action_view,
    status_event_rows,
    status_in,
)
from sifa.corrections import documents
from sifa.corrections.actions import subjects as actions
from sifa.corrections.constants import (
    CRIME_CATEGORY_CODE_LIST,
    TRANSITIONS,
    Status,
)
from sifa.corrections.forms import subjects as forms
from sifa.corrections.selectors import subjects as selectors
from sifa.corrections.selectors.movement import subject_movement
from sifa.corrections.views.common import person_register_page, require_anywhere
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.selectors import hidden_minors_context

STATUS_BADGES = {
    Status.AWAITING_REPORT: "text-bg-info",
    Status.NOT_REPORTED: "text-bg-danger",
    Status.RECEIVED: "text-bg-primary",
    Status.UNDER_CORRECTION: "text-bg-success",
    Status.TRANSFERRED_OUT: "text-bg-secondary",
    Status.RELEASED: "text-bg-dark",
    Status.TERMINATED: "text-bg-secondary",
}


def _require_view(user) -> None:
    require_anywhere(user, Cap.VIEW, _("您没有权限查看社区矫正对象。"))


# ---------------------------------------------------------------------------------------------
# List and export


def _annotate(rows, labels) -> None:
    today = timezone.localdate()
    calendar = WorkingCalendar()  # the holiday table read once for the page, not per row
    rows = list(rows)
    entered = selectors.imported_subjects(rows)  # go-live imports: past deadlines are history
    for subject in rows:
        subject.badge = STATUS_BADGES.get(subject.status, "text-bg-light")
        subject.category_label = labels.get(subject.category, subject.category)
        running = [
            d
            for d in selectors.subject_deadlines(
                subject, today=today, calendar=calendar, entered_on=entered.get(subject.pk)
            )
            if d.running and d.state not in ("ok", "historic")
        ]
        subject.next_deadline = min(running, key=lambda d: d.due) if running else None


def _export_headers() -> list:
    return [
        _("矫正编号"), _("执行地司法所"), _("姓名"), _("未成年人"), _("矫正类别"), _("罪名"),
        _("原判刑罚"), _("决定机关"), _("判决/裁定/决定生效日期"), _("收到执行通知日期"),
        _("报到期限"), _("报到日期"), _("报到情况"), _("入矫宣告日期"), _("管理类别"),
        _("矫正起始日期"), _("矫正期满日期"), _("状态"), _("解除/终止日期"), _("解除/终止类型"),
    ]  # fmt: skip


def _export_row(s) -> list:
    return [
        s.number,
        s.office.name,
        s.person.name,
        _("是") if s.is_minor else _("否"),
        s.get_sentence_type_display(),
        mask_text(s.crime),  # encrypted: masked in lists and exports
        mask_text(s.original_sentence),
        s.decision_organ_name,
        s.judgment_effective_on,
        s.notified_on,
        s.report_due_on,
        s.reported_on,
        s.get_report_type_display() if s.report_type else "",
        s.announced_on,
        s.category_label,
        s.correction_start,
        s.correction_end,
        s.get_status_display(),
        s.released_on or s.terminated_on,
        s.get_release_type_display()
        if s.release_type
        else (s.get_termination_type_display() if s.termination_type else ""),
    ]


def _list_context(request, filters, rows) -> dict:
    return {
        "can_register": access.has_capability_anywhere(request.user, Cap.EDIT, line="corrections"),
        **hidden_minors_context(
            request.user, selectors.subject_list, listed=rows.count(), filters=filters
        ),
    }


# 社区矫正对象: filtered, paginated, with the most urgent deadline; the export has every page.
SUBJECTS = Register(
    title=gettext_lazy("社区矫正对象"),
    template="corrections/subjects/subject_list.html",
    name="subjects",
    columns=(
        Column(gettext_lazy("矫正编号"), "number"),
        PERSON_NAME_COLUMN,
        Column(gettext_lazy("执行地司法所"), "office__name"),
        Column(gettext_lazy("矫正类别"), "sentence_type"),
        Column(gettext_lazy("管理类别"), "category"),
        Column(gettext_lazy("矫正期限"), "correction_start"),
        STATUS_COLUMN,
        Column(gettext_lazy("期限提醒"), unsortable=gettext_lazy("各状态的期限不同，逐人计算")),
    ),
    filter_form=forms.SubjectFilterForm,
    rows_of=selectors.subject_list,
    filter_arguments=lambda user: {
        "offices": selectors.offices_for_filter(actor=user),
        "show_minors": selectors.can_see_minors(user),
    },
    require_view=_require_view,
    annotate=lambda subjects: _annotate(subjects, selectors.category_labels()),
    words=RegisterList(
        gettext_lazy("社区矫正对象"),
        "corrections:subject_",
        gettext_lazy("接收矫正对象"),
        gettext_lazy("只显示您有权查看的机构的矫正对象。"),
    ),
    context=_list_context,
    export=Export(gettext_lazy("导出社区矫正对象"), _export_headers, _export_row),
)
subject_list = SUBJECTS.list_view()
subject_export = SUBJECTS.export_view()


# ---------------------------------------------------------------------------------------------
# Registration


@login_required
@require_http_methods(["GET", "POST"])
def subject_register(request):
    """收到执行通知: the person from the registry, the sentence and the dates."""
    actor = request.user
    require_anywhere(actor, Cap.EDIT, _("您没有接收社区矫正对象的权限。"))
    return person_register_page(
        request,
        form_class=forms.SubjectRegisterForm,
        offices=selectors.offices_for_registration(actor=actor),
        action=actions.subject_register,
        success=lambda subject: (
            _("已接收社区矫正对象：%(number)s，报到期限%(due)s。")
            % {"number": subject.number, "due": subject.report_due_on.isoformat()}
        ),
        template="corrections/subjects/subject_register.html",
        words=RegisterPage(
            title=_("接收社区矫正对象"),
            list_url="corrections:subject_list",
            list_label=_("社区矫正对象"),
            crumb=_("接收矫正对象"),
            no_office=_("您有权登记的范围内没有司法所，无法接收矫正对象。"),
            section_title=_("执行通知与裁判情况"),
            submit_label=_("接收登记"),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Detail


# Pages of the other corrections helpers linked from the subject page (missing ones hidden).
RELATED_PAGES = (
    ("corrections:supervision_add", gettext_lazy("日常管理"), "clipboard-check"),
    ("corrections:leave_add", gettext_lazy("外出申请"), "signpost-split"),
    ("corrections:monitoring_add", gettext_lazy("电子定位"), "geo-alt"),
    ("corrections:place_change_add", gettext_lazy("执行地变更"), "arrow-left-right"),
    ("corrections:measure_add", gettext_lazy("考核奖惩"), "award"),
)


@never_cache
@login_required
def subject_detail(request, pk):
    """矫正对象详情: intake, team, plan, categories, history, deadlines and links."""
    user = request.user
    subject, can_edit = read_for_page(request, selectors.subject_get, pk)
    labels = selectors.category_labels()
    categories = [
        {
            "change": c,
            "from_label": labels.get(c.from_category, c.from_category),
            "to_label": labels.get(c.to_category, c.to_category),
        }
        for c in subject.categories.all()
    ]
    context = {
        "subject": subject,
        "person": masked_person(subject.person),
        "badge": STATUS_BADGES.get(subject.status, "text-bg-light"),
        "category_label": labels.get(subject.category, subject.category),
        "crime_category_label": code_name(CRIME_CATEGORY_CODE_LIST, subject.crime_category)
        if subject.crime_category
        else "",
        "team": list(subject.team.all().order_by("id")),
        "team_problems": actions.team_problems(subject),
        "plans": list(subject.plans.all()),
        "categories": categories,
        "events": status_event_rows(subject.events.all(), Status),
        "alerts": list(subject.alerts.order_by("-raised_at")[:10]),
        "pending": actions.pending_proposals(subject),
        "deadlines": selectors.subject_deadlines(
            subject, entered_on=selectors.imported_subjects([subject]).get(subject.pk)
        ),
        "receipt_due": actions.receipt_due_on(subject),
        "can_edit": can_edit,
        "can_reveal": access.can(user, Cap.REVEAL, subject.office, line="corrections"),
        "buttons": action_buttons(ACTIONS, subject, can_edit=can_edit),
        "can_edit_team": can_edit and subject.status in actions.OPEN_STATUSES,
        "in_correction": subject.status == Status.UNDER_CORRECTION,
        "released": subject.status == Status.RELEASED,
        "related_pages": RELATED_PAGES,
        "movement": subject_movement(actor=user, subject=subject),
    }
    return render(request, "corrections/subjects/subject_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Actions: one small form page each, posting to its own URL


class SubjectAction(RecordAction):
    """An action on a subject; ``available(subject)`` says whether its button is shown."""

    url_prefix = "corrections:subject_"


_allows = partial(moves_to, TRANSITIONS)
_is = status_in


def _open(s) -> bool:
    return s.status in actions.OPEN_STATUSES


def _overdue_report(s) -> bool:
    return s.status == Status.AWAITING_REPORT and timezone.localdate() > s.report_due_on


ACTIONS = [
    SubjectAction(
        "documents", gettext_lazy("收到法律文书"), forms.DocumentsReceivedForm,
        actions.subject_documents_received,
        lambda s: _open(s) and s.documents_received_on is None, "btn-outline-primary",
        "file-earmark-text", gettext_lazy("已登记收到法律文书。"),
    ),
    SubjectAction(
        "receipt", gettext_lazy("送达回执"), forms.ReceiptForm, actions.subject_receipt_sent,
        lambda s: _open(s) and s.documents_received_on is not None and s.receipt_sent_on is None,
        "btn-outline-primary", "send-check", gettext_lazy("已登记回执发送。"),
    ),
    SubjectAction(
        "report", gettext_lazy("报到登记"), forms.ReportForm, actions.subject_report,
        _allows(Status.RECEIVED), "btn-primary", "person-check",
        gettext_lazy("已登记报到并接收。"),
    ),
    SubjectAction(
        "not_reported", gettext_lazy("逾期未报到"), forms.NotReportedForm,
        actions.subject_not_reported, _overdue_report, "btn-outline-danger",
        "exclamation-octagon", gettext_lazy("已登记逾期未报到，请组织查找并通知决定机关。"),
    ),
    SubjectAction(
        "team_add", gettext_lazy("增加矫正小组成员"), forms.TeamMemberForm,
        actions.team_member_add, _open, "btn-outline-primary", "people",
        gettext_lazy("已增加矫正小组成员。"),
    ),
    SubjectAction(
        "plan", gettext_lazy("制定/调整矫正方案"), forms.PlanForm, actions.plan_add,
        _is(Status.RECEIVED, Status.UNDER_CORRECTION), "btn-outline-primary", "journal-text",
        gettext_lazy("已保存新版矫正方案。"),
    ),
    SubjectAction(
        "announce", gettext_lazy("入矫宣告"), forms.AnnounceForm, actions.subject_announce,
        _allows(Status.UNDER_CORRECTION), "btn-primary", "megaphone",
        gettext_lazy("已入矫宣告，对象在矫。"),
    ),
    SubjectAction(
        "category", gettext_lazy("调整管理类别"), forms.CategoryChangeForm,
        actions.category_change, _is(Status.UNDER_CORRECTION), "btn-outline-primary",
        "sliders", gettext_lazy("已调整管理类别。"),
    ),
    SubjectAction(
        "period", gettext_lazy("调整矫正期限"), forms.PeriodAdjustForm,
        actions.subject_period_adjust, _open, "btn-outline-secondary", "calendar-range",
        gettext_lazy("已调整矫正期限。"),
    ),
    SubjectAction(
        "release", gettext_lazy("解除矫正"), forms.ReleaseForm, actions.subject_release,
        _allows(Status.RELEASED), "btn-success", "check2-circle",
        gettext_lazy("已解除社区矫正，并移交安置帮教。"),
    ),
    SubjectAction(
        "custody", gettext_lazy("登记羁押/强制措施"), forms.CustodyForm, actions.custody_record,
        lambda s: s.status in actions.CUSTODY_STATUSES and not actions.open_custodies(s),
        "btn-outline-secondary", "lock", gettext_lazy("已登记羁押或强制措施，结束前不能解除矫正。"),
    ),
    SubjectAction(
        "custody_end", gettext_lazy("登记强制措施结束"), forms.CustodyEndForm,
        actions.subject_custody_end,
        lambda s: s.status in actions.CUSTODY_STATUSES and bool(actions.open_custodies(s)),
        "btn-outline-secondary", "unlock", gettext_lazy("已登记羁押或强制措施结束。"),
    ),
    SubjectAction(
        "new_crime", gettext_lazy("登记再犯罪"), forms.NewCrimeForm,
        actions.subject_record_new_crime,
        lambda s: s.status in actions.NEW_CRIME_STATUSES and s.new_crime_on is None,
        "btn-outline-danger", "exclamation-diamond", gettext_lazy("已登记再犯罪。"),
    ),
    SubjectAction(
        "terminate", gettext_lazy("终止矫正"), forms.TerminateForm, actions.subject_terminate,
        _allows(Status.TERMINATED), "btn-outline-danger", "slash-circle",
        gettext_lazy("已终止社区矫正。"),
    ),
]  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def subject_action(request, pk, key):
    """One action's form page: GET shows it, POST calls the action and returns to the page."""
    spec = action_of(ACTIONS, key)
    user = request.user
    subject = access.editable(user, selectors.subject_get, pk)
    return record_action_page(
        request,
        spec=spec,
        record=subject,
        available=spec.available(subject),
        form_kwargs=lambda: {"subject": subject},
        perform=lambda values: spec.call(actor=user, subject=subject, **values),
        template="corrections/subjects/subject_action.html",
        context=lambda: {
            "subject": subject,
            "team_problems": actions.team_problems(subject) if key == "announce" else [],
            "pending": actions.pending_proposals(subject) if key == "release" else [],
        },
        noun=_("对象"),
    )


def action_view(key: str):
    """The view of one action, for its own URL (see urls/subjects.py)."""
    return record_action_view(subject_action, "subject_", key)


@login_required
@require_POST
def subject_team_remove(request, pk, member_pk):
    """Remove a 矫正小组 member (refused when the team would no longer satisfy CC-8/CC-32)."""
    user = request.user
    subject = access.editable(user, selectors.subject_get, pk)
    member = selectors.team_member_get(actor=user, subject=subject, pk=member_pk)
    try:
        actions.team_member_remove(actor=user, member=member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已移除矫正小组成员。"))
    return redirect(subject)


# ---------------------------------------------------------------------------------------------
# Documents


# One document of a subject, by `kind` (report_notice / receipt / release_certificate).
subject_document = document_view(
    "subject_document",
    kinds=documents.KINDS,
    record_of=documents.subject_document,
    build=documents.build,
    back_label=gettext_lazy("返回矫正对象"),
)
