"""Pages of notarisations (公证事项): the list with filters and Excel export, the application
form, the overdue list, the detail page (deadline, pauses, fee, reviews, status history) and one
small form page per action. Reads through `selectors`, writes through `actions`: a record of
another notary office is not found (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sifa.core.deadlines import deadline_state, rule
from sifa.core.masking import masked_person
from sifa.core.navigation import page_gate
from sifa.core.views import (
    Column,
    Export,
    RecordAction,
    Register,
    RegisterList,
    RegisterPage,
    action_buttons,
    action_of,
    list_page,
    moves_to,
    record_action_page,
    record_action_view,
    save_valid,
    status_event_rows,
)
from sifa.notary import actions, forms
from sifa.notary.constants import ISSUE_RULE, LINE, TRANSITIONS, Status
from sifa.notary.selectors import notarisations as selectors
from sifa.orgs import access
from sifa.orgs.access import Cap

STATUS_BADGES = {
    Status.APPLIED: "text-bg-info",
    Status.ACCEPTED: "text-bg-primary",
    Status.ISSUED: "text-bg-success",
    Status.REFUSED: "text-bg-danger",
    Status.WITHDRAWN: "text-bg-secondary",
}


def _require_view(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看公证事项。"), line=LINE)


def _annotate(rows) -> None:
    today = timezone.localdate()
    for row in rows:
        row.badge = STATUS_BADGES.get(row.status, "text-bg-light")
        row.deadline_state = (
            deadline_state(row.due_on, today=today)
            if row.status == Status.ACCEPTED and row.due_on
            else ""
        )


COLUMNS = (
    Column(gettext_lazy("受理编号"), "number"),
    Column(gettext_lazy("公证机构"), "office__name"),
    Column(gettext_lazy("申请人"), "applicant__name"),
    Column(gettext_lazy("公证事项"), "matter_code"),
    Column(gettext_lazy("国内/涉外"), "scope"),
    Column(gettext_lazy("申请日期"), "applied_on"),
    Column(gettext_lazy("出证期限"), "due_on"),
    Column(gettext_lazy("状态"), "status"),
)


def _headers() -> list:
    return [
        _("受理编号"), _("公证机构"), _("申请人"), _("公证事项"), _("国内/涉外"), _("民事/经济"),
        _("申请事项摘要"), _("申请日期"), _("受理日期"), _("出证期限"), _("状态"), _("出证日期"),
        _("公证书编号"), _("不予办理理由"), _("应收公证费（元）"), _("实收公证费（元）"),
        _("减免公证费（元）"), _("减免依据"),
    ]  # fmt: skip


def _row(n) -> list:
    return [
        n.number,
        n.office.name,
        n.applicant.name,
        n.get_matter_code_display(),
        n.get_scope_display(),
        n.get_branch_display(),
        n.summary,
        n.applied_on,
        n.accepted_on,
        n.due_on,
        n.get_status_display(),
        n.issued_on,
        n.certificate_number,
        n.get_refusal_ground_display() if n.refusal_ground else "",
        n.fee_standard,
        n.fee_charged,
        n.fee_relief,
        n.get_relief_basis_display() if n.relief_basis else "",
    ]


def _may_register(user) -> bool:
    return selectors.offices_for_recording(actor=user).exists()


NOTARISATIONS = Register(
    title=gettext_lazy("公证事项"),
    template="notary/notarisation_list.html",
    name="rows",
    columns=COLUMNS,
    filter_form=forms.NotarisationFilterForm,
    rows_of=selectors.notarisation_rows,
    filter_arguments=lambda user: {"offices": selectors.offices_for_filter(actor=user)},
    require_view=_require_view,
    annotate=_annotate,
    words=RegisterList(
        gettext_lazy("公证事项"),
        "notary:notarisation_",
        gettext_lazy("申请公证"),
        gettext_lazy("只显示您有权查看的公证机构的公证事项。"),
    ),
    context=lambda request, filters, rows: {"can_register": _may_register(request.user)},
    export=Export(gettext_lazy("导出公证事项"), _headers, _row),
)
notarisation_list = NOTARISATIONS.list_view()
notarisation_export = NOTARISATIONS.export_view()


@login_required
def overdue_list(request):
    """超期公证事项: accepted, past the 15 working days, not issued (the office's, or every
    office's under the bureau)."""
    _require_view(request.user)
    rows = selectors.overdue_list(actor=request.user)
    return list_page(
        request,
        "notary/overdue_list.html",
        filters=None,
        rows=rows,
        name="rows",
        columns=COLUMNS,
        annotate=_annotate,
        rule=rule(ISSUE_RULE),
        title=_("超期公证事项"),
        empty=_("没有超过出证期限未出证的公证事项。"),
    )


@login_required
@page_gate(_may_register, gettext_lazy("您没有在公证机构登记公证申请的权限。"))
@require_http_methods(["GET", "POST"])
def notarisation_register(request):
    """申请公证: the applicant by 身份证号码, the matter, the notary office."""
    actor = request.user
    offices = selectors.offices_for_recording(actor=actor)
    form = forms.ApplyForm(request.POST or None, actor=actor, offices=offices)
    saved = save_valid(
        request,
        form,
        lambda: actions.notarisation_register(
            actor=actor,
            institution=form.cleaned_data["office"],
            identity=form.identity(),
            **form.values(),
        ),
    )
    if saved:
        messages.success(request, _("已登记公证申请：%(n)s。") % {"n": saved.result.number})
        return redirect(saved.result)
    words = RegisterPage(
        title=_("申请公证"),
        list_url="notary:notarisation_list",
        list_label=_("公证事项"),
        crumb=_("申请公证"),
        no_office=_("您有权登记的范围内没有公证机构，无法登记申请。"),
        section_title=_("申请情况"),
        submit_label=_("登记申请"),
    )
    return render(request, "core/register_page.html", {"form": form, "register_page": words})


class NotarisationAction(RecordAction):
    url_prefix = "notary:notarisation_"


def _moves(to_status):
    return moves_to(TRANSITIONS, to_status)


def _running(n) -> bool:
    return n.status == Status.ACCEPTED and not n.open_pause


def _paused(n) -> bool:
    return n.status == Status.ACCEPTED and bool(n.open_pause)


def _fee_open(n) -> bool:
    return n.status in (Status.APPLIED, Status.ACCEPTED, Status.ISSUED)


def _issued(n) -> bool:
    return n.status == Status.ISSUED


ACTIONS = [
    NotarisationAction(
        "accept", gettext_lazy("受理"), forms.AcceptForm, actions.notarisation_accept,
        _moves(Status.ACCEPTED), "btn-primary", "check2-square", gettext_lazy("已受理。"),
    ),
    NotarisationAction(
        "pause", gettext_lazy("记录扣除期间"), forms.PauseForm, actions.pause_add, _running,
        "btn-outline-secondary", "pause-circle", gettext_lazy("已记录扣除期间，出证期限已顺延。"),
    ),
    NotarisationAction(
        "pause_end", gettext_lazy("扣除期间结束"), forms.PauseEndForm, actions.pause_end, _paused,
        "btn-outline-primary", "play-circle", gettext_lazy("扣除期间已结束，出证期限已重新计算。"),
    ),
    NotarisationAction(
        "issue", gettext_lazy("出具公证书"), forms.IssueForm, actions.notarisation_issue,
        lambda n: _moves(Status.ISSUED)(n) and not n.open_pause, "btn-success", "patch-check",
        gettext_lazy("已出具公证书。"),
    ),
    NotarisationAction(
        "refuse", gettext_lazy("不予办理"), forms.RefuseForm, actions.notarisation_refuse,
        _moves(Status.REFUSED), "btn-outline-danger", "x-octagon", gettext_lazy("已登记不予办理。"),
    ),
    NotarisationAction(
        "withdraw", gettext_lazy("申请人撤回"), forms.WithdrawForm, actions.notarisation_withdraw,
        _moves(Status.WITHDRAWN), "btn-outline-dark", "arrow-counterclockwise",
        gettext_lazy("已登记撤回。"),
    ),
    NotarisationAction(
        "fee", gettext_lazy("登记公证费"), forms.FeeForm, actions.notarisation_fee, _fee_open,
        "btn-outline-primary", "cash-coin", gettext_lazy("已登记公证费。"),
    ),
    NotarisationAction(
        "review", gettext_lazy("登记复查申请"), forms.ReviewReceiveForm, actions.review_receive,
        _issued, "btn-outline-warning", "arrow-repeat", gettext_lazy("已登记复查申请。"),
    ),
]  # fmt: skip


def _with_pause(n):
    n.open_pause = selectors.open_pause(n)
    return n


@never_cache
@login_required
def notarisation_detail(request, pk):
    """公证事项: the application, the deadline and its pauses, the fee, reviews, history."""
    n = _with_pause(selectors.notarisation_get(actor=request.user, pk=pk))
    can_edit = access.can_for(request.user, Cap.EDIT, n)
    related = selectors.notarisation_related(n)
    state = ""
    if n.status == Status.ACCEPTED and n.due_on:
        state = deadline_state(n.due_on)
    context = {
        "n": n,
        "person": masked_person(n.applicant),
        "badge": STATUS_BADGES.get(n.status, "text-bg-light"),
        "deadline_state": state,
        "late": bool(n.issued_on and n.due_on and n.issued_on > n.due_on),
        "rule": rule(ISSUE_RULE),
        "can_edit": can_edit,
        "buttons": action_buttons(ACTIONS, n, can_edit=can_edit),
        "status_events": status_event_rows(related["events"], Status),
        "pauses": related["pauses"],
        "reviews": related["reviews"],
    }
    return render(request, "notary/notarisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notarisation_action(request, pk, key):
    """One action's form page: GET shows it, POST calls the action and returns to the page."""
    spec = action_of(ACTIONS, key)
    user = request.user
    n = _with_pause(access.editable(user, selectors.notarisation_get, pk))

    def form_kwargs():
        kwargs = {"notarisation": n}
        if spec.key == "accept":
            kwargs["notaries"] = selectors.notaries_for(actor=user, institution=n.institution)
        return kwargs

    return record_action_page(
        request,
        spec=spec,
        record=n,
        available=spec.available(n),
        form_kwargs=form_kwargs,
        perform=lambda values: spec.call(actor=user, notarisation=n, **values),
        template="notary/notarisation_action.html",
        context=lambda: {"n": n},
        noun=_("公证事项"),
    )


def action_view(key: str):
    return record_action_view(notarisation_action, "notarisation_", key)
