"""Pages of complaints and sanctions (投诉与惩戒): lists, a record's page, and the form pages of
each step of their workflows. Reads through `selectors.discipline`, writes through
`actions.discipline`; an institution's account sees none of these records (404)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.forms import add_action_errors
from sifa.core.views import Column, edit_page, paginate
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.actions import discipline as actions
from sifa.practice.constants import LINE
from sifa.practice.constants_discipline import (
    OPEN_COMPLAINT,
    ComplaintStatus,
    SanctionStatus,
)
from sifa.practice.forms_discipline import (
    ComplaintReceiveForm,
    ConcludeForm,
    InvestigateForm,
    SanctionCloseForm,
    SanctionDecideForm,
    SanctionProposeForm,
)
from sifa.practice.selectors import discipline as selectors
from sifa.practice.selectors import registers

COMPLAINT_COLUMNS = (
    Column(gettext_lazy("受理日期"), "received_on"),
    Column(gettext_lazy("被投诉机构"), "institution__office__name"),
    Column(gettext_lazy("被投诉人员"), "practitioner__person__name"),
    Column(gettext_lazy("投诉方式"), "channel"),
    Column(gettext_lazy("办理期限"), "due_on"),
    Column(gettext_lazy("状态"), "status"),
)
SANCTION_COLUMNS = (
    Column(gettext_lazy("被处罚人员"), "practitioner__person__name"),
    Column(gettext_lazy("处罚种类"), "kind"),
    Column(gettext_lazy("处罚类别"), "authority"),
    Column(gettext_lazy("决定日期"), "decided_on"),
    Column(gettext_lazy("起止日期"), "starts_on"),
    Column(gettext_lazy("状态"), "status"),
)


def _require_view(user) -> None:
    if not access.has_capability_anywhere(user, Cap.VIEW, line=LINE):
        raise PermissionDenied(_("您没有权限查看律师和基层法律服务登记。"))


def _require_handler(user) -> None:
    if not selectors.may_handle_discipline(actor=user):
        raise PermissionDenied(_("投诉和处罚由主管司法局办理。"))


def _form_page(
    request, form, *, title, back_url, template="core/form_page.html", record=None, **extra
):
    """One form in a card. A form that adds to a counted ``record`` (a sanction of a
    practitioner) is an edit page of it (`sifa.core.views.edit_page`: the warning when a
    submitted report month holds the record)."""
    context = {"title": title, "form": form, "back_url": back_url, **extra}
    if record is not None:
        return edit_page(request, template, {**context, "record": record}, record)
    return render(request, template, context)


@login_required
def complaint_list(request):
    """投诉: the complaints the user sees (the bureau's sections; an institution sees none)."""
    _require_view(request.user)
    status = request.GET.get("status", "")
    if status not in ComplaintStatus.values:
        status = ""
    rows = selectors.complaint_list(actor=request.user, status=status)
    context = {
        "title": _("投诉"),
        "empty": _("没有投诉记录。"),
        "page_obj": paginate(request, rows, columns=COMPLAINT_COLUMNS),
        "statuses": ComplaintStatus.choices,
        "status": status,
        "can_receive": selectors.may_handle_discipline(actor=request.user),
    }
    return render(request, "practice/discipline_complaint_list.html", context)


@login_required
def complaint_detail(request, pk):
    complaint = selectors.complaint_get(actor=request.user, pk=pk)
    can_edit = access.can(request.user, Cap.EDIT, complaint.office, line=LINE)
    context = {
        "title": str(complaint),
        "complaint": complaint,
        "events": complaint.events.all(),
        "sanctions": selectors.sanction_list(actor=request.user).filter(complaint=complaint),
        "can_investigate": can_edit and complaint.status == ComplaintStatus.RECEIVED,
        "can_conclude": can_edit and complaint.status == ComplaintStatus.INVESTIGATING,
        "can_sanction": can_edit
        and complaint.status == ComplaintStatus.SUBSTANTIATED
        and complaint.practitioner_id is not None,
        "is_open": complaint.status in OPEN_COMPLAINT,
    }
    return render(request, "practice/discipline_complaint_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_receive(request):
    """受理投诉 (the supervising bureau)."""
    _require_handler(request.user)
    form = ComplaintReceiveForm(
        request.POST or None,
        actor=request.user,
        institutions=registers.institution_list(actor=request.user),
        practitioners=registers.practitioner_list(actor=request.user),
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = actions.complaint_receive(actor=request.user, **form.action_arguments())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已受理投诉。"))
            return redirect(complaint.get_absolute_url())
    back = reverse("practice:complaint_list")
    return _form_page(request, form, title=_("受理投诉"), back_url=back)


def _complaint_step(request, pk, form_class, action, *, title, done, initial=None):
    complaint = selectors.complaint_get(actor=request.user, pk=pk)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action(actor=request.user, complaint=complaint, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(complaint.get_absolute_url())
    return _form_page(
        request, form, title=f"{title}：{complaint}", back_url=complaint.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_investigate(request, pk):
    return _complaint_step(
        request,
        pk,
        InvestigateForm,
        actions.complaint_investigate,
        title=_("开始调查"),
        done=_("已开始调查。"),
        initial={"on": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_conclude(request, pk):
    return _complaint_step(
        request,
        pk,
        ConcludeForm,
        actions.complaint_conclude,
        title=_("办结投诉"),
        done=_("投诉已办结。"),
        initial={"concluded_on": timezone.localdate()},
    )


@login_required
def sanction_list(request):
    """处罚处分: the sanctions the user sees."""
    _require_view(request.user)
    rows = selectors.sanction_list(actor=request.user)
    context = {
        "title": _("处罚处分"),
        "empty": _("没有处罚处分记录。"),
        "page_obj": paginate(request, rows, columns=SANCTION_COLUMNS),
    }
    return render(request, "practice/discipline_sanction_list.html", context)


@login_required
def sanction_detail(request, pk):
    sanction = selectors.sanction_get(actor=request.user, pk=pk)
    can_edit = access.can(request.user, Cap.EDIT, sanction.office, line=LINE)
    context = {
        "title": str(sanction),
        "sanction": sanction,
        "events": sanction.events.all(),
        "can_decide": can_edit and sanction.status == SanctionStatus.PROPOSED,
        "can_annul": can_edit and sanction.status == SanctionStatus.DECIDED,
    }
    return render(request, "practice/discipline_sanction_detail.html", context)


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def sanction_propose(request, pk):
    """拟处罚 of a practitioner, with Sifa's 律师法 第51条 suggestion shown (not applied)."""
    practitioner = registers.practitioner_get(actor=request.user, pk=pk)
    if not registers.may_license(actor=request.user, institution=practitioner.institution):
        raise PermissionDenied(_("处罚由主管司法局办理。"))
    complaints = selectors.complaints_for_sanction(actor=request.user, practitioner=practitioner)
    asked = _day(request.GET.get("act_on"))  # ?act_on=: the suggestion for that day
    initial = {"act_on": asked or timezone.localdate()}
    if request.GET.get("complaint", "").isdigit():
        initial["complaint"] = int(request.GET["complaint"])
    form = SanctionProposeForm(request.POST or None, complaints=complaints, initial=initial)
    act_on = _day(request.POST.get("act_on")) if request.method == "POST" else asked
    act_on = act_on or timezone.localdate()
    suggestion = selectors.ladder_suggestion(practitioner, act_on)
    if request.method == "POST" and form.is_valid():
        try:
            sanction = actions.sanction_propose(
                actor=request.user, practitioner=practitioner, **form.cleaned_data
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已登记拟处罚。"))
            return redirect(sanction.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("拟处罚：%(name)s") % {"name": practitioner},
        back_url=practitioner.get_absolute_url(),
        template="practice/discipline_sanction_form.html",
        record=practitioner,
        suggestion=suggestion,
        act_on=act_on,
    )


def _sanction_step(request, pk, form_class, action, *, title, done, initial):
    sanction = selectors.sanction_get(actor=request.user, pk=pk)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action(actor=request.user, sanction=sanction, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(sanction.get_absolute_url())
    return _form_page(
        request, form, title=f"{title}：{sanction}", back_url=sanction.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def sanction_decide(request, pk):
    today = timezone.localdate()
    return _sanction_step(
        request,
        pk,
        SanctionDecideForm,
        actions.sanction_decide,
        title=_("作出处罚决定"),
        done=_("已登记处罚决定。"),
        initial={"decided_on": today, "starts_on": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sanction_withdraw(request, pk):
    return _sanction_step(
        request,
        pk,
        SanctionCloseForm,
        actions.sanction_withdraw,
        title=_("不予处罚"),
        done=_("已登记不予处罚。"),
        initial={"on": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sanction_annul(request, pk):
    return _sanction_step(
        request,
        pk,
        SanctionCloseForm,
        actions.sanction_annul,
        title=_("撤销处罚决定"),
        done=_("已撤销处罚决定。"),
        initial={"on": timezone.localdate()},
    )
