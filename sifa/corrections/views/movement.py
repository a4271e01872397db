"""Pages of leave (外出), 经常性跨市县活动, 执行地变更 and 电子定位: the leave list (awaiting
decision first), a place change's page with its steps, and one small form page per action.

Reads go through `sifa.corrections.selectors.movement` (out of sight, or a minor's record
without Cap.MINORS → 404), writes through `sifa.corrections.actions.movement` (seen but not
allowed → 403). A leave is decided only by the office of its approval level; 电子定位 is
started or extended only by users with EDIT on the county bureau (the county head approves).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.accounts.events import client_ip
from sifa.audit.actions import log_read
from sifa.core.views import (
    ACTIONS,
    OFFICE_COLUMN,
    Column,
    edit_page,
    list_page,
    paginate,
    save_valid,
)
from sifa.corrections.actions import movement as actions
from sifa.corrections.constants import LeaveStatus
from sifa.corrections.forms import movement as forms
from sifa.corrections.selectors import movement as selectors
from sifa.corrections.views.common import SUBJECT_NAME_COLUMN, require_anywhere
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.selectors import hidden_minors_context

FORM_TEMPLATE = "corrections/movement/form.html"


def _form_page(
    request,
    *,
    subject,
    form,
    run,
    title,
    back,
    done,
    record=None,
    warnings_of=None,
    notes=(),
):
    """GET shows the form; a valid POST runs the action and returns to `back`."""
    saved = save_valid(request, form, lambda: run(form.cleaned_data))
    if saved:
        result = saved.result
        for warning in warnings_of(form.cleaned_data) if warnings_of else ():
            messages.warning(request, warning)
        messages.success(request, done)
        return redirect(back(result) if callable(back) else back)
    context = {
        "form": form,
        "title": title,
        "subject": subject,
        "record": record,
        "notes": notes,
        "back_url": selectors.subject_url(subject.pk),
    }
    return edit_page(request, FORM_TEMPLATE, context, subject)


def _subject_for_edit(request, pk):
    return _editable(request, selectors.subject_get, pk)


def _editable(request, get, pk):
    """The record `get` finds for the user (404 out of sight), which they must be able to edit."""
    record = get(actor=request.user, pk=pk)
    access.require_for(request.user, Cap.EDIT, record)
    return record


def _step_page(request, record, keyword, *, form_class, action, **page):
    """A step on one record of a subject (审批, 销假, 延长, 解除, a place change's steps): the
    form, then `action(actor=..., <keyword>=record, **values)`; `page` as for `_form_page`."""
    return _form_page(
        request,
        subject=record.subject,
        record=record,
        form=form_class(request.POST or None),
        run=lambda data: action(actor=request.user, **{keyword: record}, **data),
        **page,
    )


# ---------------------------------------------------------------------------------------------
# 外出


LEAVE_COLUMNS = (
    SUBJECT_NAME_COLUMN,
    OFFICE_COLUMN,
    Column(gettext_lazy("外出期间"), "start_on"),
    Column(gettext_lazy("天数"), F("end_on") - F("start_on"), key="days"),
    Column(gettext_lazy("目的地"), "destination"),
    Column(gettext_lazy("审批层级"), "approval_level"),
    # The list's own grouping: awaiting decision, overdue return, out, closed.
    Column(gettext_lazy("状态"), "pending_order", key="state"),
    ACTIONS,
)
PLACE_CHANGE_COLUMNS = (
    SUBJECT_NAME_COLUMN,
    Column(gettext_lazy("原执行地"), "office__name"),
    Column(gettext_lazy("新执行地"), "to_office__name"),
    Column(gettext_lazy("申请日期"), "applied_on"),
    Column(gettext_lazy("决定"), "decided_on"),
    Column(gettext_lazy("报到日期"), "reported_on"),
)


@login_required
def leave_list(request):
    """外出审批: awaiting decision first, then overdue returns."""
    user = request.user
    require_anywhere(user, Cap.VIEW, _("您没有权限查看外出审批。"))
    filters = forms.LeaveFilterForm(request.GET or None)
    state = filters.value("state")
    rows = selectors.leave_list(actor=user, state=state)

    def annotate(leaves):
        today = timezone.localdate()
        for leave in leaves:
            leave.days = actions.leave_days(leave.start_on, leave.end_on)
            leave.subject_url = selectors.subject_url(leave.subject_id)
            leave.is_overdue = (
                leave.status == LeaveStatus.APPROVED
                and leave.end_on < today
                and not leave.returned_on
            )
            leave.can_decide = leave.status == LeaveStatus.APPLIED and actions.can_decide_level(
                user, leave.subject, leave.approval_level
            )
            leave.can_return = leave.status == LeaveStatus.APPROVED and access.can(
                user, Cap.EDIT, leave.office, line="corrections"
            )

    hidden = hidden_minors_context(
        user, selectors.leave_list, listed=rows.count(), unit=_("条"), state=state
    )
    return list_page(
        request, "corrections/movement/leave_list.html", filters=filters, rows=rows,
        title=_("外出审批"), caption=_("外出审批列表"), empty=_("没有符合条件的外出记录。"),
        name="leaves", columns=LEAVE_COLUMNS, annotate=annotate, **hidden,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def leave_add(request, pk):
    """登记外出申请 (the approval level is computed)."""
    subject = _subject_for_edit(request, pk)
    form = forms.LeaveApplyForm(request.POST or None)
    return _form_page(
        request,
        subject=subject,
        form=form,
        run=lambda data: actions.leave_apply(actor=request.user, subject=subject, **data),
        title=_("登记外出申请"),
        back=reverse("corrections:leave_list"),
        done=_("外出申请已登记。"),
        warnings_of=lambda data: actions.leave_warnings(data["applied_on"], data["start_on"]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave_decide(request, pk):
    """审批外出 at the leave's level."""
    leave = _editable(request, selectors.leave_get, pk)
    if not actions.can_decide_level(request.user, leave.subject, leave.approval_level):
        raise PermissionDenied(
            _("该外出申请应由%(level)s审批。") % {"level": leave.get_approval_level_display()}
        )
    days = actions.leave_days(leave.start_on, leave.end_on)
    notes = [
        _("外出：%(start)s 至 %(end)s，共%(days)d日，前往%(destination)s；事由：%(reason)s")
        % {
            "start": leave.start_on.isoformat(),
            "end": leave.end_on.isoformat(),
            "days": days,
            "destination": leave.destination,
            "reason": leave.reason,
        },
        _("审批层级：%(level)s") % {"level": leave.get_approval_level_display()},
    ]
    return _leave_step(
        request, leave, forms.LeaveDecideForm, actions.leave_decide, _("审批外出申请"),
        _("已审批。"), notes,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def leave_return(request, pk):
    """销假."""
    leave = _editable(request, selectors.leave_get, pk)
    notes = [
        _("外出：%(start)s 至 %(end)s，前往%(destination)s")
        % {
            "start": leave.start_on.isoformat(),
            "end": leave.end_on.isoformat(),
            "destination": leave.destination,
        }
    ]
    return _leave_step(
        request, leave, forms.LeaveReturnForm, actions.leave_return, _("销假"), _("已销假。"), notes
    )


def _leave_step(request, leave, form_class, action, title, done, notes):
    back = reverse("corrections:leave_list")
    return _step_page(
        request, leave, "leave", form_class=form_class, action=action, title=title, back=back,
        done=done, notes=notes,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def crossing_add(request, pk):
    """经常性跨市县活动 (one approval, at most six months)."""
    subject = _subject_for_edit(request, pk)
    form = forms.CrossingForm(request.POST or None)
    return _form_page(
        request,
        subject=subject,
        form=form,
        run=lambda data: actions.crossing_add(actor=request.user, subject=subject, **data),
        title=_("经常性跨市县活动审批"),
        back=selectors.subject_url(subject.pk),
        done=_("经常性跨市县活动已登记。"),
    )


# ---------------------------------------------------------------------------------------------
# 执行地变更


def _place_change_url(place_change) -> str:
    return reverse("corrections:place_change_detail", args=[place_change.pk])


@login_required
@require_http_methods(["GET", "POST"])
def place_change_add(request, pk):
    """登记执行地变更申请."""
    subject = _subject_for_edit(request, pk)
    form = forms.PlaceChangeApplyForm(
        request.POST or None,
        offices=selectors.target_offices(actor=request.user, subject=subject),
    )

    def run(data):
        return actions.place_change_apply(
            actor=request.user,
            subject=subject,
            to_office=data["to_office"],
            applied_on=data["applied_on"],
        )

    return _form_page(
        request,
        subject=subject,
        form=form,
        run=run,
        title=_("执行地变更申请"),
        back=_place_change_url,
        done=_("执行地变更申请已登记。"),
        warnings_of=lambda data: actions.place_change_warnings(
            data["applied_on"], data.get("planned_move_on")
        ),
    )


@login_required
def place_change_list(request):
    """执行地变更: open ones first; the new place sees the changes coming to it."""
    require_anywhere(request.user, Cap.VIEW, _("您没有权限查看执行地变更。"))
    page = paginate(
        request, selectors.place_change_list(actor=request.user), columns=PLACE_CHANGE_COLUMNS
    )
    context = {
        "title": _("执行地变更"),
        "page_obj": page,
        "changes": list(page.object_list),
        **hidden_minors_context(
            request.user,
            selectors.place_change_list,
            listed=page.paginator.count,
            unit=_("条"),
        ),
    }
    return render(request, "corrections/movement/place_change_list.html", context)


@login_required
def place_change_detail(request, pk):
    """A place change with its steps, deadlines and the next step's button."""
    change = selectors.place_change_get(actor=request.user, pk=pk)
    log_read(actor=request.user, record=change, ip_address=client_ip(request))
    user, subject = request.user, change.subject
    old_edit = access.can(user, Cap.EDIT, subject.office, line="corrections")
    either_edit = old_edit or access.can(user, Cap.EDIT, change.to_office, line="corrections")
    county = actions.county_of(subject.office)
    undecided = change.decided_on is None
    context = {
        "change": change,
        "subject": subject,
        "subject_url": selectors.subject_url(subject.pk),
        "new_subject_url": (
            selectors.subject_url(change.new_subject_id) if change.new_subject_id else ""
        ),
        "steps": selectors.place_change_steps(change),
        "can_request": undecided and old_edit and change.opinion_requested_on is None,
        "can_reply": undecided
        and either_edit
        and change.opinion_requested_on is not None
        and change.opinion_replied_on is None,
        "can_decide": undecided
        and change.opinion_replied_on is not None
        and county is not None
        and access.can(user, Cap.EDIT, county, line="corrections"),
        "can_report": bool(change.approved) and either_edit and change.reported_on is None,
    }
    return render(request, "corrections/movement/place_change_detail.html", context)


def _place_change_step(request, pk, *, form_class, run, title, done, allowed):
    change = selectors.place_change_get(actor=request.user, pk=pk)
    if not allowed(request.user, change):
        raise PermissionDenied(_("您没有权限执行此操作。"))
    note = _("迁往：%(office)s；申请日期：%(applied)s") % {
        "office": change.to_office.name,
        "applied": change.applied_on.isoformat(),
    }
    return _step_page(
        request, change, "place_change", form_class=form_class, action=run, title=title,
        back=_place_change_url(change), done=done, notes=[note],
    )  # fmt: skip


def _old_side(user, change) -> bool:
    return access.can(user, Cap.EDIT, change.subject.office, line="corrections")


def _either_side(user, change) -> bool:
    return _old_side(user, change) or access.can(
        user, Cap.EDIT, change.to_office, line="corrections"
    )


def _old_county(user, change) -> bool:
    county = actions.county_of(change.subject.office)
    return county is not None and access.can(user, Cap.EDIT, county, line="corrections")


def _place_change_step_view(form_class, run, title, done, allowed):
    """The page of one step of a place change (征求意见, 回复, 决定, 报到)."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        return _place_change_step(
            request, pk, form_class=form_class, run=run, title=title, done=done, allowed=allowed
        )

    return view


# The steps after the application: (form, action, page title, message when done, who may act).
PLACE_CHANGE_STEPS = [
    (forms.OpinionRequestForm, actions.place_change_request_opinion,
     gettext_lazy("征求新执行地意见"), gettext_lazy("已登记征求意见。"), _old_side),
    (forms.OpinionReplyForm, actions.place_change_reply,
     gettext_lazy("登记新执行地回复"), gettext_lazy("已登记新执行地回复。"), _either_side),
    (forms.PlaceChangeDecideForm, actions.place_change_decide,
     gettext_lazy("执行地变更决定"), gettext_lazy("已作出执行地变更决定。"), _old_county),
    (forms.PlaceChangeReportForm, actions.place_change_report,
     gettext_lazy("登记到新执行地报到"), gettext_lazy("已登记报到。"), _either_side),
]  # fmt: skip
place_change_request, place_change_reply, place_change_decide, place_change_report = (
    _place_change_step_view(*step) for step in PLACE_CHANGE_STEPS
)


# ---------------------------------------------------------------------------------------------
# 电子定位


def _require_county_head(user, subject) -> None:
    if not actions.can_approve_monitoring(user, subject):
        raise PermissionDenied(_("使用电子定位须经县级司法行政部门负责人批准。"))


@login_required
@require_http_methods(["GET", "POST"])
def monitoring_add(request, pk):
    """电子定位 (社区矫正法 第29条)."""
    subject = _subject_for_edit(request, pk)
    _require_county_head(request.user, subject)
    form = forms.MonitoringStartForm(request.POST or None)
    return _form_page(
        request,
        subject=subject,
        form=form,
        run=lambda data: actions.monitoring_start(actor=request.user, subject=subject, **data),
        title=_("使用电子定位"),
        back=selectors.subject_url(subject.pk),
        done=_("电子定位已登记。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def monitoring_extend(request, pk):
    """延长电子定位 after a re-assessment."""
    monitoring = _editable(request, selectors.monitoring_get, pk)
    _require_county_head(request.user, monitoring.subject)
    return _monitoring_step(
        request, monitoring, forms.MonitoringExtendForm, actions.monitoring_extend,
        _("延长电子定位"), _("电子定位已延长。"),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def monitoring_release(request, pk):
    """解除电子定位."""
    monitoring = _editable(request, selectors.monitoring_get, pk)
    return _monitoring_step(
        request, monitoring, forms.MonitoringReleaseForm, actions.monitoring_release,
        _("解除电子定位"), _("电子定位已解除。"),
    )  # fmt: skip


def _monitoring_step(request, monitoring, form_class, action, title, done):
    return _step_page(
        request, monitoring, "monitoring", form_class=form_class, action=action, title=title,
        back=selectors.subject_url(monitoring.subject_id), done=done,
        notes=[_monitoring_note(monitoring)],
    )  # fmt: skip


def _monitoring_note(monitoring) -> str:
    return _("适用情形：%(ground)s；期限：%(start)s 至 %(end)s") % {
        "ground": monitoring.get_ground_display(),
        "start": monitoring.start_on.isoformat(),
        "end": monitoring.end_on.isoformat(),
    }
