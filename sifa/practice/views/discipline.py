"""Pages of complaints and sanctions (投诉与惩戒): lists, a record's page, and the form pages of
each step of their workflows. Reads through `selectors.discipline`, writes through
`actions.discipline`; an institution's account sees none of these records (404)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from sifa.core.views import STATUS_COLUMN, Column, edit_page, save_valid, table_page
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.actions import discipline as actions
from sifa.practice.constants import LINE
from sifa.practice.constants_discipline import (
    INSTITUTION_KINDS,
    OPEN_COMPLAINT,
    PRACTITIONER_KINDS,
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
    STATUS_COLUMN,
)
SANCTION_COLUMNS = (
    Column(gettext_lazy("被处罚人员或机构"), "institution__office__name"),
    Column(gettext_lazy("处罚种类"), "kind"),
    Column(gettext_lazy("处罚类别"), "authority"),
    Column(gettext_lazy("决定日期"), "decided_on"),
    Column(gettext_lazy("起止日期"), "starts_on"),
    STATUS_COLUMN,
)


def _require_view(user) -> None:
    if not access.has_capability_anywhere(user, Cap.VIEW, line=LINE):
        raise PermissionDenied(_("您没有权限查看律师和基层法律服务登记。"))


def _require_handler(user) -> None:
    if not selectors.may_handle_discipline(actor=user):
        raise PermissionDenied(_("投诉和处罚由主管司法局办理。"))


def _form_page(request, form, *, title, back_url, record, template="core/form_page.html", **extra):
    """One form in a card that changes ``record`` or adds to it (a complaint's or sanction's
    step, a sanction of a practitioner or an institution): an edit page of it
    (`sifa.core.views.edit_page`: the warning when a submitted report month holds it)."""
    context = {"title": title, "form": form, "back_url": back_url, "record": record, **extra}
    return edit_page(request, template, context, record)


def _step_view(action, form_class, title, done, dated=()):
    """The page of one workflow step on a complaint or a sanction (``action`` named
    ``complaint_…`` or ``sanction_…``): the record is read through the selectors (404 out of
    sight), the form's values go to ``action`` (its refusal on the form), and the record's
    page follows with ``done``. The ``dated`` fields start at today."""
    noun = action.__name__.split("_")[0]
    get = getattr(selectors, f"{noun}_get")

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        record = get(actor=request.user, pk=pk)
        today = timezone.localdate()
        form = form_class(request.POST or None, initial=dict.fromkeys(dated, today))
        saved = save_valid(
            request,
            form,
            lambda: action(actor=request.user, **{noun: record}, **form.cleaned_data),
        )
        if saved:
            messages.success(request, done)
            return redirect(record.get_absolute_url())
        back = record.get_absolute_url()
        return _form_page(request, form, title=f"{title}：{record}", back_url=back, record=record)

    view.__name__ = view.__qualname__ = action.__name__
    view.__doc__ = action.__doc__
    return view


# The workflow steps' pages: the action, its form, the page's title, the message when done,
# the date fields that start at today.
STEPS = (
    (actions.complaint_investigate, InvestigateForm, _l("开始调查"), _l("已开始调查。"), ("on",)),
    (
        actions.complaint_conclude,
        ConcludeForm,
        _l("办结投诉"),
        _l("投诉已办结。"),
        ("concluded_on",),
    ),
    (
        actions.sanction_decide,
        SanctionDecideForm,
        _l("作出处罚决定"),
        _l("已登记处罚决定。"),
        ("decided_on", "starts_on"),
    ),
    (actions.sanction_withdraw, SanctionCloseForm, _l("不予处罚"), _l("已登记不予处罚。"), ("on",)),
    (
        actions.sanction_annul,
        SanctionCloseForm,
        _l("撤销处罚决定"),
        _l("已撤销处罚决定。"),
        ("on",),
    ),
)
(
    complaint_investigate,
    complaint_conclude,
    sanction_decide,
    sanction_withdraw,
    sanction_annul,
) = (_step_view(*step) for step in STEPS)


@login_required
def complaint_list(request):
    """投诉: the complaints the user sees (the bureau's sections; an institution sees none)."""
    _require_view(request.user)
    status = request.GET.get("status", "")
    if status not in ComplaintStatus.values:
        status = ""
    rows = selectors.complaint_list(actor=request.user, status=status)
    return table_page(
        request,
        "practice/discipline_complaint_list.html",
        rows,
        columns=COMPLAINT_COLUMNS,
        title=_("投诉"),
        empty=_("没有投诉记录。"),
        statuses=ComplaintStatus.choices,
        status=status,
        can_receive=selectors.may_handle_discipline(actor=request.user),
    )


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
        "can_sanction": can_edit and complaint.status == ComplaintStatus.SUBSTANTIATED,
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
    saved = save_valid(
        request,
        form,
        lambda: actions.complaint_receive(actor=request.user, **form.action_arguments()),
    )
    if saved:
        messages.success(request, _("已受理投诉。"))
        return redirect(saved.result.get_absolute_url())
    back = reverse("practice:complaint_list")
    context = {"title": _("受理投诉"), "form": form, "back_url": back}
    return render(request, "core/form_page.html", context)


@login_required
def sanction_list(request):
    """处罚处分: the sanctions the user sees."""
    _require_view(request.user)
    rows = selectors.sanction_list(actor=request.user)
    return table_page(
        request,
        "practice/discipline_sanction_list.html",
        rows,
        columns=SANCTION_COLUMNS,
        title=_("处罚处分"),
        empty=_("没有处罚处分记录。"),
    )


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


def _propose(request, record, *, target: dict, complaints, kinds, title, **extra):
    """拟处罚 of a practitioner or an institution (``target``: the action's keyword)."""
    initial = {"act_on": extra.get("act_on") or timezone.localdate()}
    if request.GET.get("complaint", "").isdigit():
        initial["complaint"] = int(request.GET["complaint"])
    form = SanctionProposeForm(
        request.POST or None, complaints=complaints, kinds=kinds, initial=initial
    )
    saved = save_valid(
        request,
        form,
        lambda: actions.sanction_propose(actor=request.user, **target, **form.cleaned_data),
    )
    if saved:
        messages.success(request, _("已登记拟处罚。"))
        return redirect(saved.result.get_absolute_url())
    return _form_page(
        request,
        form,
        title=title,
        back_url=record.get_absolute_url(),
        record=record,
        template="practice/discipline_sanction_form.html",
        **extra,
    )


@login_required
@require_http_methods(["GET", "POST"])
def sanction_propose(request, pk):
    """拟处罚 of a practitioner, with Sifa's 律师法 第51条 suggestion shown (not applied)."""
    practitioner = registers.practitioner_get(actor=request.user, pk=pk)
    if not registers.may_license(actor=request.user, institution=practitioner.institution):
        raise PermissionDenied(_("处罚由主管司法局办理。"))
    asked = _day(request.GET.get("act_on"))  # ?act_on=: the suggestion for that day
    act_on = _day(request.POST.get("act_on")) if request.method == "POST" else asked
    act_on = act_on or timezone.localdate()
    return _propose(
        request,
        practitioner,
        target={"practitioner": practitioner},
        complaints=selectors.complaints_for_sanction(actor=request.user, practitioner=practitioner),
        kinds=PRACTITIONER_KINDS,
        title=_("拟处罚：%(name)s") % {"name": practitioner},
        suggestion=selectors.ladder_suggestion(practitioner, act_on),
        act_on=act_on,
        ladder=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def institution_sanction_propose(request, pk):
    """拟处罚 of an institution itself (律师法 第50条: 警告, 罚款, 停业整顿 1–6 months, 吊销)."""
    institution = registers.institution_get(actor=request.user, pk=pk)
    if not registers.may_license(actor=request.user, institution=institution):
        raise PermissionDenied(_("处罚由主管司法局办理。"))
    return _propose(
        request,
        institution,
        target={"institution": institution},
        complaints=selectors.complaints_for_institution_sanction(
            actor=request.user, institution=institution
        ),
        kinds=INSTITUTION_KINDS,
        title=_("拟处罚：%(name)s") % {"name": institution},
    )
