"""Pages of 司法鉴定: the case register (list, filters, Excel export), the commission, the
case's page with its deadlines, appraisers, paused time and events, one small form page per
action, and the institutions' registers (categories and annual registration).

Reads go through `sifa.forensic.selectors`, writes through `sifa.forensic.actions`; both use
`sifa.orgs.access`, so a case of another institution is not found (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sifa.core.codes import code_labels, code_name
from sifa.core.deadlines import deadline_state
from sifa.core.navigation import page_gate
from sifa.core.views import (
    Column,
    Export,
    RecordAction,
    Register,
    RegisterPage,
    action_buttons,
    action_of,
    edit_page,
    moves_to,
    record_action_page,
    record_action_view,
    save_valid,
)
from sifa.forensic import actions, deadlines, forms
from sifa.forensic.constants import CATEGORY_LIST, LINE, TRANSITIONS, CaseStatus
from sifa.forensic.selectors import cases as selectors
from sifa.forensic.selectors import registers as register_selectors
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.selectors import offices_to_filter

STATUS_BADGES = {
    CaseStatus.RECEIVED: "text-bg-info",
    CaseStatus.ACCEPTED: "text-bg-primary",
    CaseStatus.REFUSED: "text-bg-secondary",
    CaseStatus.COMPLETED: "text-bg-success",
    CaseStatus.TERMINATED: "text-bg-dark",
}
STATE_BADGES = {"overdue": ("text-bg-danger", gettext_lazy("已超期")), "near": (
    "text-bg-warning", gettext_lazy("临近期限"))}  # fmt: skip


def _require_view(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看司法鉴定案件。"), line=LINE)


def _running_due(case):
    if case.status == CaseStatus.RECEIVED:
        return case.decision_due
    if case.status == CaseStatus.ACCEPTED:
        return case.completion_due
    return None


def _annotate(rows) -> None:
    today = timezone.localdate()
    labels = code_labels(CATEGORY_LIST)
    warn = deadlines.warn_days()
    for case in rows:
        case.badge = STATUS_BADGES.get(case.status, "text-bg-light")
        case.category_label = labels.get(case.category, case.category)
        case.running_due = _running_due(case)
        state = deadline_state(case.running_due, today=today, warn_days=warn) if (
            case.running_due) else ""  # fmt: skip
        case.due_badge = STATE_BADGES.get(state)


CASE_COLUMNS = (
    Column(gettext_lazy("案件编号"), "number"),
    Column(gettext_lazy("鉴定机构"), "office__name"),
    Column(gettext_lazy("委托人"), "client"),
    Column(gettext_lazy("鉴定类别"), "category"),
    Column(gettext_lazy("鉴定事项"), "matter"),
    Column(gettext_lazy("收到委托日期"), "received_on"),
    Column(gettext_lazy("状态"), "status"),
    Column(gettext_lazy("期限"), unsortable=gettext_lazy("随状态而定：受理决定期限或办结期限")),
)


def _export_headers() -> list:
    return [
        _("案件编号"), _("鉴定机构"), _("委托人"), _("委托人类别"), _("鉴定类别"), _("鉴定事项"),
        _("收到委托日期"), _("函件委托"), _("受理决定期限"), _("状态"), _("决定日期"),
        _("不予受理理由"), _("委托生效日期"), _("延长工作日数"), _("办结期限"), _("办结日期"),
        _("办理结果"), _("鉴定费（元）"), _("投诉次数"),
    ]  # fmt: skip


def _export_row(case) -> list:
    return [
        case.number, case.office.name, case.client, case.get_client_kind_display(),
        case.category_label, case.matter, case.received_on, _("是") if case.by_letter else _("否"),
        case.decision_due, case.get_status_display(), case.decided_on, case.refusal_reason,
        case.effective_on, case.extension_days, case.completion_due, case.completed_on,
        case.get_outcome_display() if case.outcome else "", case.fee, case.complaints,
    ]  # fmt: skip


def _may_register(user) -> bool:
    return register_selectors.institutions_to_record(user).exists()


CASES = Register(
    title=gettext_lazy("司法鉴定案件"),
    template="forensic/case_list.html",
    name="rows",
    columns=CASE_COLUMNS,
    filter_form=forms.CaseFilterForm,
    rows_of=selectors.case_list,
    filter_arguments=lambda user: {"offices": offices_to_filter(user)},
    require_view=_require_view,
    annotate=_annotate,
    context=lambda request, filters, rows: {"can_register": _may_register(request.user)},
    export=Export(gettext_lazy("导出司法鉴定案件"), _export_headers, _export_row),
)
case_list = CASES.list_view()
case_export = CASES.export_view()


@login_required
@page_gate(_may_register, gettext_lazy("您没有登记司法鉴定委托的权限。"))
@require_http_methods(["GET", "POST"])
def case_register(request):
    """登记鉴定委托 at one of the institutions where the user records cases."""
    actor = request.user
    institutions = register_selectors.institutions_to_record(actor)
    form = forms.CommissionForm(request.POST or None, institutions=institutions)
    saved = save_valid(
        request, form, lambda: actions.commission_receive(actor=actor, **form.values())
    )
    if saved is not None:
        messages.success(request, _("已登记鉴定委托：%(number)s。") % {"number": saved.result})
        return redirect(saved.result)
    words = RegisterPage(
        title=_("登记鉴定委托"),
        list_url="forensic:case_list",
        list_label=_("司法鉴定案件"),
        crumb=_("登记鉴定委托"),
        no_office=_("您有权登记的范围内没有鉴定机构，无法登记委托。"),
        section_title=_("委托情况"),
        submit_label=_("保存"),
    )
    context = {"form": form, "register_page": words}
    return render(request, "forensic/case_register.html", context)


class CaseAction(RecordAction):
    url_prefix = "forensic:case_"


def _open(case) -> bool:
    return case.status == CaseStatus.ACCEPTED


def _paused(case) -> bool:
    return _open(case) and case.completion_due is None


def _running(case) -> bool:
    return _open(case) and case.completion_due is not None


ACTIONS = [
    CaseAction(
        "accept", gettext_lazy("受理"), forms.AcceptForm, actions.case_accept,
        moves_to(TRANSITIONS, CaseStatus.ACCEPTED), "btn-primary", "check2",
        gettext_lazy("已受理，委托生效。"),
    ),
    CaseAction(
        "refuse", gettext_lazy("不予受理"), forms.RefuseForm, actions.case_refuse,
        moves_to(TRANSITIONS, CaseStatus.REFUSED), "btn-outline-danger", "x-circle",
        gettext_lazy("已决定不予受理。"),
    ),
    CaseAction(
        "assign", gettext_lazy("变更鉴定人"), forms.AssignForm, actions.case_assign, _open,
        "btn-outline-secondary", "people", gettext_lazy("已变更鉴定人。"),
    ),
    CaseAction(
        "pause", gettext_lazy("登记补充材料等扣除期间"), forms.PauseForm, actions.case_pause,
        _running, "btn-outline-secondary", "pause-circle", gettext_lazy("已登记扣除期间。"),
    ),
    CaseAction(
        "resume", gettext_lazy("恢复计算期限"), forms.ResumeForm, actions.case_resume, _paused,
        "btn-outline-primary", "play-circle", gettext_lazy("已恢复计算办结期限。"),
    ),
    CaseAction(
        "extend", gettext_lazy("延长办结期限"), forms.ExtendForm, actions.case_extend, _running,
        "btn-outline-warning", "hourglass-split", gettext_lazy("已延长办结期限。"),
    ),
    CaseAction(
        "complete", gettext_lazy("办结"), forms.CompleteForm, actions.case_complete, _running,
        "btn-success", "check2-circle", gettext_lazy("案件已办结。"),
    ),
    CaseAction(
        "complaint", gettext_lazy("登记投诉"), forms.ComplaintForm, actions.case_complaint_add,
        lambda case: True, "btn-outline-secondary", "megaphone", gettext_lazy("已登记投诉。"),
    ),
]  # fmt: skip

NEEDS_APPRAISERS = ("accept", "assign")


def _deadlines(case) -> list[dict]:
    today = timezone.localdate()
    warn = deadlines.warn_days()
    rows = [
        {
            "label": _("受理决定期限"),
            "article": str(deadlines.ACCEPT_LETTER if case.by_letter else deadlines.ACCEPT),
            "due": case.decision_due,
            "done_on": case.decided_on,
        }
    ]
    if case.effective_on:
        rows.append(
            {
                "label": _("办结期限"),
                "article": str(deadlines.COMPLETION),
                "due": case.completion_due,
                "done_on": case.completed_on,
            }
        )
    for row in rows:
        state = ""
        if row["due"] and not row["done_on"]:
            state = deadline_state(row["due"], today=today, warn_days=warn)
        elif row["due"] and row["done_on"] and row["done_on"] > row["due"]:
            state = "overdue"
        row["badge"] = STATE_BADGES.get(state)
    return rows


@never_cache
@login_required
def case_detail(request, pk):
    """司法鉴定案件: the commission, the deadlines, appraisers, paused time and events."""
    case = selectors.case_get(actor=request.user, pk=pk)
    can_edit = access.can_for(request.user, Cap.EDIT, case)
    context = {
        "case": case,
        "category_label": code_name(CATEGORY_LIST, case.category),
        "badge": STATUS_BADGES.get(case.status, "text-bg-light"),
        "deadlines": _deadlines(case),
        "can_edit": can_edit,
        "buttons": action_buttons(ACTIONS, case, can_edit=can_edit),
        **selectors.case_related(case),
    }
    return render(request, "forensic/case_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request, pk, key):
    spec = action_of(ACTIONS, key)
    user = request.user
    case = access.editable(user, selectors.case_get, pk)

    def form_kwargs():
        kwargs = {"case": case}
        if key in NEEDS_APPRAISERS:
            kwargs["appraisers"] = register_selectors.appraisers_of(
                actor=user, institution=case.institution
            )
        return kwargs

    return record_action_page(
        request,
        spec=spec,
        record=case,
        available=spec.available(case),
        form_kwargs=form_kwargs,
        perform=lambda values: spec.call(actor=user, case=case, **values),
        template="forensic/case_action.html",
        context=lambda: {
            "case": case,
            "record_name": case.number,
            "category_label": code_name(CATEGORY_LIST, case.category),
        },
        noun=_("案件"),
    )


def action_view(key: str):
    return record_action_view(case_action, "case_", key)


# --- institutions and their registers ---------------------------------------------------------


@login_required
def institution_list(request):
    """司法鉴定机构: the institutions the user sees, with their registered categories."""
    _require_view(request.user)
    rows = list(register_selectors.forensic_institutions_for(request.user))
    for row in rows:
        row.registers = register_selectors.register_rows(actor=request.user, institution=row)
    return render(request, "forensic/institution_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def institution_detail(request, pk):
    """A forensic institution's registers: categories and annual registration (the bureau
    records them here), its appraisers with theirs."""
    actor = request.user
    institution = register_selectors.institution_get(actor=actor, pk=pk)
    appraisers = register_selectors.appraisers_of(actor=actor, institution=institution)
    can_supervise = register_selectors.may_supervise(actor, institution)
    which = request.POST.get("form") if request.method == "POST" else ""
    category_form = forms.CategoryForm(
        request.POST if which == "category" else None, appraisers=appraisers, prefix="category"
    )
    annual_form = forms.AnnualForm(
        request.POST if which == "annual" else None, appraisers=appraisers, prefix="annual"
    )
    posted = {
        "category": (category_form, actions.category_register, _("已登记鉴定类别。")),
        "annual": (annual_form, actions.annual_registration_record, _("已登记年度登记状态。")),
    }
    if can_supervise and which in posted:
        form, action, done = posted[which]
        saved = save_valid(
            request, form, lambda: action(actor=actor, institution=institution, **form.values())
        )
        if saved is not None:
            messages.success(request, done)
            return redirect("forensic:institution_detail", pk=institution.pk)
    context = {
        "institution": institution,
        "can_supervise": can_supervise,
        "category_form": category_form,
        "annual_form": annual_form,
        **register_selectors.register_rows(actor=actor, institution=institution),
    }
    return edit_page(request, "forensic/institution_detail.html", context, institution)
