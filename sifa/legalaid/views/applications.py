"""Application pages (法律援助案件): list with filters and export, registration of an
application (optionally from a consultation) or of a notification, the detail page, and one
small form page per action.

Reads go through `sifa.legalaid.selectors`, writes through `sifa.legalaid.actions`; both use
`sifa.orgs.access`, so an application out of sight is not found (404) and one seen but not
editable is forbidden (403). An action's button is shown only when the application's status
allows it, and only to users with `edit`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sifa.accounts.events import client_ip
from sifa.core.calendar import WorkingCalendar
from sifa.core.clock import local_day
from sifa.core.masking import masked_person
from sifa.core.views import (
    STATUS_COLUMN,
    Column,
    Export,
    RecordAction,
    Register,
    RegisterList,
    RegisterPage,
    action_buttons,
    action_of,
    moves_to,
    record_action_page,
    record_action_view,
    save_valid,
    status_event_rows,
    status_in,
)
from sifa.legalaid.actions import applications as actions
from sifa.legalaid.actions import assignments as assignment_actions
from sifa.legalaid.actions import uploads as upload_actions
from sifa.legalaid.constants import TRANSITIONS, Origin, Status
from sifa.legalaid.forms import applications as forms
from sifa.legalaid.selectors import applications as selectors
from sifa.legalaid.selectors.conflicts import conflict_check
from sifa.legalaid.views.pages import list_crumb
from sifa.orgs import access
from sifa.orgs.access import Cap

STATUS_BADGES = {
    Status.RECEIVED: "text-bg-info",
    Status.AWAITING_SUPPLEMENT: "text-bg-warning",
    Status.WITHDRAWN: "text-bg-secondary",
    Status.GRANTED: "text-bg-primary",
    Status.REFUSED: "text-bg-secondary",
    Status.OBJECTION: "text-bg-warning",
    Status.ASSIGNED: "text-bg-primary",
    Status.IN_PROGRESS: "text-bg-primary",
    Status.TERMINATED: "text-bg-secondary",
    Status.ENDED: "text-bg-success",
    Status.FILED_FOR_REVIEW: "text-bg-success",
    Status.ARCHIVED: "text-bg-dark",
}


# ---------------------------------------------------------------------------------------------
# List and export


def _require_view(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看法律援助案件。"), line="legalaid")


def _annotate(rows, calendar) -> None:
    """Status badge and the most urgent running deadline of each listed application."""
    rows = list(rows)
    entered = selectors.imported_days(rows)
    for application in rows:
        application.badge = STATUS_BADGES.get(application.status, "text-bg-light")
        deadlines = selectors.application_deadlines(
            application, calendar=calendar, entered_on=entered.get(application.pk)
        )
        running = [d for d in deadlines if d.done_on is None and d.state != selectors.PAUSED]
        application.next_deadline = min(running, key=lambda d: d.due) if running else None


def _export_headers() -> list:
    return [
        _("申请编号"), _("受理机构"), _("收到申请日期"), _("案件来源"), _("申请渠道"),
        _("申请人/受援人"), _("受援人群体"), _("案件类别"), _("援助事项"), _("对方当事人"),
        _("援助依据"), _("状态"), _("审查决定日期"), _("受理日期"), _("办结日期"),
        _("办理结果"), _("挽回经济损失（元）"), _("下一期限"), _("期限日期"), _("期限状态"),
    ]  # fmt: skip


def _export_row(a) -> list:
    return [
        a.number,
        a.office.name,
        a.received_on,
        a.get_origin_display(),
        a.get_channel_display(),
        a.applicant.name,
        "、".join(str(g.get_group_display()) for g in a.groups.all()),
        a.get_matter_type_display(),
        a.get_matter_display(),
        a.adverse_party,
        a.get_basis_display() if a.basis else "",
        a.get_status_display(),
        a.decided_on,
        a.accepted_on,
        a.ended_on,
        a.get_outcome_display() if a.outcome else "",
        a.money_recovered,
        a.next_deadline.label if a.next_deadline else "",
        local_day(a.next_deadline.due) if a.next_deadline else None,
        a.next_deadline.state_label if a.next_deadline else "",
    ]


# 法律援助案件: filtered, paginated, with the next deadline and its state; the export has every
# page.
APPLICATIONS = Register(
    title=gettext_lazy("法律援助案件"),
    template="legalaid/applications/application_list.html",
    name="applications",
    columns=(
        Column(gettext_lazy("申请编号"), "number"),
        Column(gettext_lazy("收到申请日期"), "received_on"),
        Column(gettext_lazy("受理机构"), "office__name"),
        Column(gettext_lazy("申请人/受援人"), "applicant__name"),
        Column(gettext_lazy("案件类别"), "matter_type"),
        Column(gettext_lazy("案件来源"), "origin"),
        STATUS_COLUMN,
        Column(gettext_lazy("下一期限"), unsortable=gettext_lazy("各状态的期限不同，逐件计算")),
    ),
    filter_form=forms.ApplicationFilterForm,
    rows_of=selectors.application_list,
    filter_arguments=lambda user: {"offices": selectors.offices_for_filter(actor=user)},
    require_view=_require_view,
    related=("assignments",),
    annotate=lambda applications: _annotate(applications, WorkingCalendar()),
    words=RegisterList(
        gettext_lazy("法律援助案件"),
        "legalaid:application_",
        gettext_lazy("登记申请"),
        gettext_lazy("只显示您有权查看的机构受理的案件。"),
    ),
    context=lambda request, filters, rows: {
        "can_register": access.has_capability_anywhere(request.user, Cap.EDIT, line="legalaid")
    },
    export=Export(
        gettext_lazy("导出法律援助申请"), _export_headers, _export_row, related=("groups",)
    ),
)
application_list = APPLICATIONS.list_view()
application_export = APPLICATIONS.export_view()


# ---------------------------------------------------------------------------------------------
# Registration


def _require_edit_somewhere(user) -> None:
    access.require_anywhere(user, Cap.EDIT, _("您没有登记法律援助申请的权限。"), line="legalaid")


def _consultation_initial(request, actor):
    """`?consultation=<pk>`: the consultation (404 outside scope), its person and initial."""
    raw = request.GET.get("consultation") or request.POST.get("consultation")
    if not raw:
        return None, {}
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    consultation = selectors.consultation_for_application(actor=actor, pk=pk)
    initial = {"consultation": consultation.pk, "facts": consultation.question}
    if consultation.person is None:
        initial["name"] = consultation.caller_name
        initial["phone"] = consultation.caller_phone
    return consultation, initial


def _registered(request, form, register, message, **keywords):
    """A valid POST registers the case through `register` (which also registers a new
    applicant the form names) and goes to it; None when the page is to show (again)."""
    saved = save_valid(
        request,
        form,
        lambda: register(
            actor=request.user,
            office=form.cleaned_data["office"],
            identity=form.identity(),
            **keywords,
            **form.values(),
        ),
    )
    if not saved:
        return None
    messages.success(request, message % {"number": saved.result.number})
    return redirect(saved.result)


@login_required
@require_http_methods(["GET", "POST"])
def application_register(request):
    """收到申请: the applicant from the registry, the matter, the facts and the materials."""
    actor = request.user
    _require_edit_somewhere(actor)
    consultation, initial = _consultation_initial(request, actor)
    form = forms.ApplicationRegisterForm(
        request.POST or None,
        actor=actor,
        person=consultation.person if consultation else None,
        offices=selectors.offices_for_registration(actor=actor),
        initial=initial,
    )
    registered = _registered(
        request,
        form,
        actions.application_register,
        _("已登记法律援助申请：%(number)s。"),
        consultation=consultation,
    )
    if registered:
        return registered
    context = {
        "form": form,
        "consultation": consultation,
        "consultation_person": masked_person(consultation.person) if consultation else None,
        "register_page": RegisterPage(
            title=_("登记法律援助申请"),
            list_url="legalaid:application_list",
            list_label=_("法律援助案件"),
            crumb=_("登记申请"),
            no_office=_("您有权登记的范围内没有法律援助中心或工作站，无法登记申请。"),
            section_title=_("申请情况"),
            submit_label=_("登记申请"),
        ),
    }
    return render(request, "legalaid/applications/application_register.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notification_register(request):
    """通知辩护/代理: registered as accepted on the day of the notice."""
    actor = request.user
    _require_edit_somewhere(actor)
    form = forms.NotificationRegisterForm(
        request.POST or None,
        actor=actor,
        offices=selectors.offices_for_registration(actor=actor),
    )
    registered = _registered(
        request, form, actions.notification_register, _("已登记通知辩护/代理：%(number)s。")
    )
    if registered:
        return registered
    words = RegisterPage(
        title=_("登记通知辩护/代理"),
        list_url="legalaid:application_list",
        list_label=_("法律援助案件"),
        crumb=_("登记通知辩护"),
        no_office=_("您有权登记的范围内没有法律援助中心或工作站，无法登记通知。"),
        section_title=_("通知情况"),
        submit_label=_("登记通知"),
    )
    return render(request, "core/register_page.html", {"form": form, "register_page": words})


# ---------------------------------------------------------------------------------------------
# Detail


@never_cache
@login_required
def application_detail(request, pk):
    """案件详情: parties, eligibility, materials, history, assignments, handling, deadlines."""
    user = request.user
    application = selectors.application_get(actor=user, pk=pk)
    can_edit = access.can(user, Cap.EDIT, application.office, line="legalaid")
    assignments = sorted(application.assignments.all(), key=lambda a: (a.assigned_on, a.id))
    context = {
        "application": application,
        "crumbs": list_crumb("legalaid:application_list", _("法律援助案件")),
        "applicant": masked_person(application.applicant),
        "badge": STATUS_BADGES.get(application.status, "text-bg-light"),
        "groups": [g.get_group_display() for g in application.groups.all()],
        "materials": list(application.materials.all()),
        "uploads": selectors.application_uploads(application),
        "can_reveal": access.can(user, Cap.REVEAL, application.office, line="legalaid"),
        "supplement_items": application.supplement_items.splitlines(),
        "events": status_event_rows(application.events.all(), Status),
        "assignments": assignments,
        "handling_events": list(application.handling_events.all()),
        "deadlines": selectors.application_deadlines(
            application, entered_on=selectors.imported_days([application]).get(application.pk)
        ),
        "forwarding_late": selectors.forwarding_late(application),
        "quality_checks": sorted(application.quality_checks.all(), key=lambda q: q.checked_on),
        "complaints": sorted(application.complaints.all(), key=lambda c: c.received_on),
        "can_edit": can_edit,
        # 给予/不予法律援助决定书: only for a reviewed application (not a notification).
        "decided": application.decided_on is not None
        and application.origin != Origin.NOTIFICATION
        and application.status not in (Status.RECEIVED, Status.AWAITING_SUPPLEMENT),
        "buttons": action_buttons(ACTIONS, application, user, can_edit=can_edit),
        # 第49条: the 司法行政部门 that receives and decides an objection (not the centre).
        "objection_authority": application.objection_authority
        or selectors.objection_authority(application.office),
    }
    return render(request, "legalaid/applications/application_detail.html", context)


@login_required
@never_cache
def application_upload(request, pk, upload_pk):
    """Download a file the citizen uploaded (明文查看: needs REVEAL, and is logged)."""
    upload = selectors.upload_get(actor=request.user, application_pk=pk, pk=upload_pk)
    content = upload_actions.upload_open(
        actor=request.user, upload=upload, ip_address=client_ip(request)
    )
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=upload.filename,
        content_type=upload.content_type,
    )


# ---------------------------------------------------------------------------------------------
# Actions: one small form page each, posting to its own URL


@dataclass(frozen=True)
class ApplicationAction(RecordAction):
    """An action on a case; ``available(application)`` says whether its button is shown."""

    url_prefix = "legalaid:application_"

    conflicts: bool = False  # show the conflict check above the form


_allows = partial(moves_to, TRANSITIONS)
_is = status_in


# The states in which an objection may be registered / decided (法律援助法 第49条).
OBJECTION_STATES = {
    "objection": _allows(Status.OBJECTION),
    "objection_decide": _is(Status.OBJECTION),
}


def _objection(key):
    """法律援助法 第49条: the objection buttons are shown to the 司法行政部门 that set the centre
    up (`selectors.can_handle_objection`), not to the centre whose decision is contested."""
    in_state = OBJECTION_STATES[key]
    return lambda application, user=None, *_: (
        in_state(application)
        and user is not None
        and selectors.can_handle_objection(user, application)
    )


ACTIONS = [
    ApplicationAction(
        "supplement", gettext_lazy("补充材料通知"), forms.SupplementForm,
        actions.supplement_request, _is(Status.RECEIVED), "btn-outline-warning",
        "envelope-exclamation", gettext_lazy("已一次性告知需补充的材料。"),
    ),
    ApplicationAction(
        "supplied", gettext_lazy("补齐材料"), forms.SuppliedForm, actions.materials_supplied,
        _is(Status.AWAITING_SUPPLEMENT), "btn-outline-primary", "check2-square",
        gettext_lazy("已登记补齐材料。"),
    ),
    ApplicationAction(
        "withdraw", gettext_lazy("视为撤回"), forms.WithdrawForm,
        actions.application_withdraw_deemed, _is(Status.AWAITING_SUPPLEMENT),
        "btn-outline-secondary", "x-circle", gettext_lazy("申请已视为撤回。"),
    ),
    ApplicationAction(
        "decide", gettext_lazy("审查决定"), forms.DecideForm, actions.application_decide,
        _is(Status.RECEIVED), "btn-primary", "clipboard-check", gettext_lazy("已作出审查决定。"),
    ),
    ApplicationAction(
        "pre_aid", gettext_lazy("先行提供法律援助"), forms.PreAidForm, actions.pre_aid_provide,
        _is(Status.RECEIVED), "btn-outline-danger", "lightning",
        gettext_lazy("已先行提供法律援助并指派承办人员。"), True,
    ),
    ApplicationAction(
        "assign", gettext_lazy("指派/更换承办人员"), forms.AssignForm,
        assignment_actions.assignment_make, _is(*assignment_actions.ASSIGNABLE_STATUSES),
        "btn-primary", "person-check", gettext_lazy("已指派承办人员。"), True,
    ),
    ApplicationAction(
        "agreement", gettext_lazy("签订委托协议"), forms.AgreementForm, actions.agreement_signed,
        _allows(Status.IN_PROGRESS), "btn-outline-primary", "pen",
        gettext_lazy("已登记委托协议。"),
    ),
    ApplicationAction(
        "event", gettext_lazy("登记承办情况"), forms.HandlingEventForm,
        actions.handling_event_add, _is(*actions.HANDLING_STATUSES), "btn-outline-primary",
        "journal-text", gettext_lazy("已登记承办情况。"),
    ),
    ApplicationAction(
        "end", gettext_lazy("办结"), forms.EndForm, actions.application_end,
        _allows(Status.ENDED), "btn-success", "check2-circle", gettext_lazy("案件已办结。"),
    ),
    ApplicationAction(
        "terminate", gettext_lazy("终止法律援助"), forms.TerminateForm,
        actions.application_terminate, _allows(Status.TERMINATED), "btn-outline-danger",
        "slash-circle", gettext_lazy("已终止法律援助。"),
    ),
    ApplicationAction(
        "foundation", gettext_lazy("基金会资助"), forms.FoundationForm,
        actions.foundation_funding_set, lambda a, *_: a.accepted_on is not None,
        "btn-outline-secondary", "bank2", gettext_lazy("已更新基金会资助登记。"),
    ),
    ApplicationAction(
        "objection", gettext_lazy("登记异议（司法行政部门）"), forms.ObjectionFileForm,
        actions.objection_file, _objection("objection"), "btn-outline-warning",
        "megaphone",
        gettext_lazy("已登记异议。"),
    ),
    ApplicationAction(
        "objection_decide", gettext_lazy("异议审查决定（司法行政部门）"),
        forms.ObjectionDecideForm, actions.objection_decide, _objection("objection_decide"),
        "btn-outline-primary", "bank",
        gettext_lazy("已登记异议审查决定。"),
    ),
    ApplicationAction(
        "closing_submit", gettext_lazy("提交结案材料"), forms.ClosingSubmitForm,
        actions.closing_materials_submit, _allows(Status.FILED_FOR_REVIEW),
        "btn-outline-primary", "folder-plus", gettext_lazy("已登记提交结案材料。"),
    ),
    ApplicationAction(
        "closing_review", gettext_lazy("结案审查"), forms.ClosingReviewForm,
        actions.closing_review, _is(Status.FILED_FOR_REVIEW, Status.TERMINATED),
        "btn-outline-dark", "archive", gettext_lazy("已完成结案审查。"),
    ),
]  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def application_action(request, pk, key):
    """One action's form page: GET shows it, POST calls the action and returns to the page."""
    spec = action_of(ACTIONS, key)
    user = request.user
    application = access.editable(user, selectors.application_get, pk)
    if (
        key in OBJECTION_STATES
        and OBJECTION_STATES[key](application)
        and not selectors.can_handle_objection(user, application)
    ):
        # 法律援助法 第49条: not the centre's to register or decide (the action refuses too).
        raise PermissionDenied(
            _("对不予或终止法律援助决定的异议，由设立法律援助机构的司法行政部门受理并审查决定。")
        )

    def form_kwargs():
        kwargs = {"application": application}
        if spec.conflicts:
            kwargs["handlers"] = selectors.handlers_for_assignment(actor=user)
        return kwargs

    return record_action_page(
        request,
        spec=spec,
        record=application,
        available=spec.available(application, user),
        form_kwargs=form_kwargs,
        perform=lambda values: spec.call(actor=user, application=application, **values),
        template="legalaid/applications/application_action.html",
        context=lambda: {
            "application": application,
            "missing": actions.missing_materials(application) if key == "supplement" else [],
            "conflicts": conflict_check(actor=user, application=application)
            if spec.conflicts
            else None,
        },
        noun=_("案件"),
    )


def action_view(key: str):
    """The view of one action, for its own URL (see urls/applications.py)."""
    return record_action_view(application_action, "application_", key)
