"""Daily supervision pages: record a 报告/通信联络/信息化核查/实地查访, a subject's supervision
sheet (records, check-ins, alerts, lost contact), the alert list and its handling, lost contact
and finding the subject again.

Reads through `sifa.corrections.selectors.supervision`, writes through
`sifa.corrections.actions.supervision`. 404 outside the user's sight (and for a minor's records
without Cap.MINORS), 403 where seen but not allowed.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.accounts.events import client_ip
from sifa.audit.actions import log_read
from sifa.core.views import ACTIONS, OFFICE_COLUMN, Column, edit_page, list_page, save_valid
from sifa.corrections.actions import supervision as actions
from sifa.corrections.forms.supervision import (
    AlertFilterForm,
    AlertHandleForm,
    LostContactCloseForm,
    LostContactFilterForm,
    LostContactOpenForm,
    SupervisionForm,
)
from sifa.corrections.selectors import supervision as selectors
from sifa.corrections.views.common import KIND_COLUMN, SUBJECT_NUMBER_COLUMN, require_anywhere
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.selectors import hidden_minors_context

FORM_TEMPLATE = "corrections/supervision/form.html"
SHEET_ROWS = 20


def subject_url(subject) -> str:
    """The subject's page (C2), or its supervision sheet while that page is not routed."""
    try:
        return reverse("corrections:subject_detail", args=[subject.pk])
    except NoReverseMatch:
        return reverse("corrections:subject_supervision", args=[subject.pk])


def _require_view_anywhere(user) -> None:
    require_anywhere(user, Cap.VIEW, _("您没有权限查看此页面。"))


def _form_page(request, *, form, subject, title, back, save):
    """A small form page: on a valid POST call `save(cleaned_data)`, show its errors."""
    saved = save_valid(request, form, lambda: save(form.cleaned_data))
    if saved:
        return redirect(back)
    context = {"form": form, "title": title, "subject": subject, "back_url": back}
    return edit_page(request, FORM_TEMPLATE, context, subject)


@login_required
@require_http_methods(["GET", "POST"])
def supervision_add(request, pk):
    """登记日常管理 (报告, 通信联络, 信息化核查, 实地查访) of a subject."""
    return _subject_form_page(
        request, pk, SupervisionForm, actions.supervision_record, _("登记日常管理"), back=None
    )


def _subject_form_page(request, pk, form_class, action, title, *, back):
    """A record added to a subject's file (`action(actor, subject, **values)`); then to `back`,
    or to the subject's page."""
    subject = selectors.subject_for_supervision(actor=request.user, pk=pk)
    access.require_for(request.user, Cap.EDIT, subject)
    return _form_page(
        request,
        form=form_class(request.POST or None),
        subject=subject,
        title=title,
        back=back or subject_url(subject),
        save=lambda data: action(actor=request.user, subject=subject, **data),
    )


@login_required
def subject_supervision(request, pk):
    """日常管理档案 of one subject: records, latest check-ins, alerts, lost contact."""
    subject = selectors.subject_for_supervision(actor=request.user, pk=pk)
    log_read(actor=request.user, record=subject, ip_address=client_ip(request))
    user = request.user
    context = {
        "subject": subject,
        "subject_url": subject_url(subject),
        "supervisions": selectors.supervisions(actor=user, subject=subject)[:SHEET_ROWS],
        "check_ins": selectors.check_ins(actor=user, subject=subject)[:SHEET_ROWS],
        "alerts": selectors.alerts(actor=user, subject=subject)[:SHEET_ROWS],
        "lost_contacts": selectors.with_days(selectors.lost_contacts(actor=user, subject=subject)),
        "can_edit": access.can(user, Cap.EDIT, subject.office, line="corrections"),
    }
    return render(request, "corrections/supervision/subject_supervision.html", context)


# --- 预警 --------------------------------------------------------------------------------


ALERT_COLUMNS = (
    Column(gettext_lazy("预警时间"), "raised_at"),
    KIND_COLUMN,
    SUBJECT_NUMBER_COLUMN,
    OFFICE_COLUMN,
    Column(gettext_lazy("情况"), "detail"),
    Column(gettext_lazy("处置"), "handled_on"),
    ACTIONS,
)
LOST_CONTACT_COLUMNS = (
    SUBJECT_NUMBER_COLUMN,
    OFFICE_COLUMN,
    Column(gettext_lazy("失联日期"), "lost_on"),
    Column(gettext_lazy("找回日期"), "found_on"),
    Column(
        gettext_lazy("失联天数"),
        unsortable=gettext_lazy("按失联日期至找回日期（未找回的至今日）逐条计算"),
        numeric=True,
    ),
    Column(gettext_lazy("通报公安日期"), "police_notified_on"),
    Column(gettext_lazy("查找情况"), "search"),
    ACTIONS,
)


@login_required
def alert_list(request):
    """预警: open ones first; filter by kind, office and state."""
    user = request.user
    _require_view_anywhere(user)
    filters = AlertFilterForm(request.GET or None, offices=selectors.alert_offices(user))
    chosen = {
        "kind": filters.value("kind"),
        "office": filters.value("office", None),
        "state": filters.value("state"),
    }
    rows = selectors.alerts(actor=user, **chosen)

    def annotate(alerts):
        for alert in alerts:
            alert.can_handle = alert.handled_on is None and access.can(
                user, Cap.EDIT, alert.office, line="corrections"
            )

    hidden = hidden_minors_context(
        user, selectors.alerts, listed=rows.count(), unit=_("条"), **chosen
    )
    return list_page(
        request, "corrections/supervision/alert_list.html", filters=filters, rows=rows,
        title=_("预警"), caption=_("预警列表"), empty=_("没有符合条件的预警。"),
        name="alerts", columns=ALERT_COLUMNS, annotate=annotate, **hidden,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def alert_handle(request, pk):
    """处置预警: the date and what was done."""
    alert = selectors.alert_get(actor=request.user, pk=pk)
    access.require_for(request.user, Cap.EDIT, alert)
    if alert.handled_on is not None:
        return redirect("corrections:alert_list")
    form = AlertHandleForm(request.POST or None)
    back = reverse("corrections:alert_list")
    saved = save_valid(
        request,
        form,
        lambda: actions.alert_handle(actor=request.user, alert=alert, **form.cleaned_data),
    )
    if saved:
        return redirect(back)
    context = {
        "form": form,
        "title": _("处置预警"),
        "subject": alert.subject,
        "alert": alert,
        "back_url": back,
    }
    return edit_page(request, FORM_TEMPLATE, context, alert.subject)


# --- 失去联系 ----------------------------------------------------------------------------


@login_required
def lost_contact_list(request):
    """失去联系/脱管: running ones first, with their duration in days."""
    user = request.user
    _require_view_anywhere(user)
    filters = LostContactFilterForm(request.GET or None)
    state = filters.value("state")
    rows = selectors.lost_contacts(actor=user, state=state)

    def annotate(lost_contacts):
        selectors.with_days(lost_contacts, timezone.localdate())
        for row in lost_contacts:
            row.can_close = row.found_on is None and access.can(
                user, Cap.EDIT, row.office, line="corrections"
            )

    hidden = hidden_minors_context(
        user, selectors.lost_contacts, listed=rows.count(), unit=_("条"), state=state
    )
    return list_page(
        request, "corrections/supervision/lost_contact_list.html", filters=filters, rows=rows,
        title=_("失去联系"), caption=_("失去联系列表"), empty=_("没有符合条件的失去联系记录。"),
        name="lost_contacts", columns=LOST_CONTACT_COLUMNS, annotate=annotate, **hidden,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def lost_contact_open(request, pk):
    """登记失去联系 of a subject (raises an alert for the 司法所)."""
    return _subject_form_page(
        request, pk, LostContactOpenForm, actions.lost_contact_open, _("登记失去联系"),
        back=reverse("corrections:lost_contact_list"),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def lost_contact_close(request, pk):
    """登记找回."""
    record = selectors.lost_contact_get(actor=request.user, pk=pk)
    access.require_for(request.user, Cap.EDIT, record)
    if record.found_on is not None:
        return redirect("corrections:lost_contact_list")
    return _form_page(
        request,
        form=LostContactCloseForm(request.POST or None),
        subject=record.subject,
        title=_("登记找回"),
        back=reverse("corrections:lost_contact_list"),
        save=lambda data: actions.lost_contact_close(
            actor=request.user, lost_contact=record, **data
        ),
    )
