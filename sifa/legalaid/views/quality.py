"""Quality checks and complaints of legal-aid cases (第55–59条).

A check or a complaint is added from the case's page and belongs to the case's office; the
complaint list shows every complaint the user sees, open ones first to close. Reads through
`sifa.legalaid.selectors.quality`, writes through `sifa.legalaid.actions.quality`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.views import ACTIONS, OFFICE_COLUMN, Column, paginate, save_valid
from sifa.legalaid.actions import quality as actions
from sifa.legalaid.forms.quality import (
    ComplaintCloseForm,
    ComplaintFilterForm,
    ComplaintForm,
    QualityCheckForm,
)
from sifa.legalaid.selectors import quality as selectors
from sifa.legalaid.views.pages import form_page
from sifa.orgs import access
from sifa.orgs.access import Cap

FORM_TEMPLATE = "legalaid/quality/form.html"


def application_url(pk: int) -> str:
    """The case page (`legalaid:application_detail`), by its known path if not yet routed."""
    try:
        return reverse("legalaid:application_detail", args=[pk])
    except NoReverseMatch:
        return f"/legal-aid/applications/{pk}/"


def _application_form(request, pk, *, form_class, action, title):
    application = selectors.application(request.user, pk)
    access.require_for(request.user, Cap.EDIT, application)
    form = form_class(request.POST or None)
    back = application_url(application.pk)
    if save_valid(
        request,
        form,
        lambda: action(actor=request.user, application=application, **form.cleaned_data),
    ):
        return redirect(back)
    return form_page(
        request,
        form,
        title=title,
        back_url=back,
        template=FORM_TEMPLATE,
        application=application,
        record=application,
    )


@login_required
@require_http_methods(["GET", "POST"])
def quality_check_add(request, pk):
    """登记质量检查 (庭审旁听, 案卷检查, 征询意见, 回访, 同行评估)."""
    return _application_form(
        request,
        pk,
        form_class=QualityCheckForm,
        action=actions.quality_check_add,
        title=_("登记质量检查"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_add(request, pk):
    """登记投诉 about the case."""
    return _application_form(
        request, pk, form_class=ComplaintForm, action=actions.complaint_add, title=_("登记投诉")
    )


COMPLAINT_COLUMNS = (
    Column(gettext_lazy("收到投诉日期"), "received_on"),
    Column(gettext_lazy("案件"), "application__number"),
    OFFICE_COLUMN,
    Column(gettext_lazy("投诉人"), "complainant"),
    Column(gettext_lazy("投诉内容"), "content"),
    Column(gettext_lazy("处理结果"), "result"),
    Column(gettext_lazy("办结日期"), "closed_on"),
    ACTIONS,
)


@login_required
def complaint_list(request):
    filters = ComplaintFilterForm(request.GET or None)
    rows = selectors.complaints(request.user, state=filters.value("state"))
    page = paginate(request, rows, columns=COMPLAINT_COLUMNS)
    complaints = list(page.object_list)
    for complaint in complaints:
        complaint.detail_url = (
            application_url(complaint.application_id) if complaint.application_id else ""
        )
        complaint.can_close = complaint.closed_on is None and access.can(
            request.user, Cap.EDIT, complaint.office, line="legalaid"
        )
    context = {"filters": filters, "page_obj": page, "complaints": complaints}
    return render(request, "legalaid/quality/complaint_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_close(request, pk):
    """办结投诉 with its result."""
    complaint = selectors.complaint(request.user, pk)
    access.require_for(request.user, Cap.EDIT, complaint)
    form = ComplaintCloseForm(request.POST or None)
    back = reverse("legalaid:complaint_list")
    if save_valid(
        request,
        form,
        lambda: actions.complaint_close(
            actor=request.user, complaint=complaint, **form.cleaned_data
        ),
    ):
        return redirect(back)
    return form_page(
        request,
        form,
        title=_("办结投诉"),
        back_url=back,
        template=FORM_TEMPLATE,
        complaint=complaint,
        application=complaint.application,
    )
