"""Pages of the annual inspection (年度检查考核): the list, opening an inspection, one
inspection with its institutions, one institution's submission with its materials, statistics
and steps, and the form pages of 报送, 初审 and 考核决定.

Reads go through `sifa.practice.selectors.inspection`, writes through
`sifa.practice.actions.inspection`; an institution's account finds only its own submissions
(another's is not found: 404).
"""

from __future__ import annotations

import base64
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sifa.core.views import STATUS_COLUMN, Column, save_valid, table_page
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.actions import inspection as actions
from sifa.practice.constants import LINE
from sifa.practice.constants_inspection import (
    AWAITING_SUBMISSION,
    SubmissionStatus,
)
from sifa.practice.forms_inspection import DecideForm, InspectionOpenForm, ReviewForm, SubmitForm
from sifa.practice.selectors import inspection as selectors
from sifa.practice.views.columns import INSTITUTION_COLUMN

SUBMISSION_COLUMNS = (
    INSTITUTION_COLUMN,
    Column(gettext_lazy("考核年度"), "year"),
    STATUS_COLUMN,
    Column(gettext_lazy("报送截止"), "due_on"),
    Column(gettext_lazy("报送日期"), "submitted_on"),
    Column(gettext_lazy("考核决定日期"), "decided_on"),
)


def _require_view(user) -> None:
    if not access.has_capability_anywhere(user, Cap.VIEW, line=LINE):
        raise PermissionDenied(_("您没有权限查看年度检查考核。"))


@login_required
def inspection_list(request):
    """年度检查考核: the inspections opened where the user sees them, and the submissions."""
    _require_view(request.user)
    status = request.GET.get("status") or ""
    if status not in SubmissionStatus.values:
        status = ""
    rows = selectors.submission_list(actor=request.user, status=status)
    return table_page(
        request,
        "practice/inspection_list.html",
        rows,
        columns=SUBMISSION_COLUMNS,
        title=_("年度检查考核"),
        empty=_("没有年度检查考核材料。"),
        inspections=selectors.inspection_list(actor=request.user)[:20],
        statuses=SubmissionStatus.choices,
        status=status,
        can_open=selectors.may_open_at(actor=request.user).exists(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_open(request):
    """启动年度检查考核 (a bureau, for the institutions under it)."""
    offices = selectors.may_open_at(actor=request.user)
    if not offices.exists():
        raise PermissionDenied(_("年度检查考核由司法局启动。"))
    form = InspectionOpenForm(request.POST or None, offices=offices)
    saved = save_valid(
        request, form, lambda: actions.inspection_open(actor=request.user, **form.cleaned_data)
    )
    if saved:
        inspection = saved.result
        messages.success(request, _("已启动年度检查考核。"))
        return redirect(inspection.get_absolute_url())
    context = {
        "title": _("启动年度检查考核"),
        "form": form,
        "back_url": reverse("practice:inspection_list"),
    }
    return render(request, "core/form_page.html", context)


@login_required
def inspection_detail(request, pk):
    """One inspection: every institution's submission and where it stands."""
    inspection = selectors.inspection_get(actor=request.user, pk=pk)
    rows = selectors.submission_list(actor=request.user, inspection=inspection)
    counts = {value: 0 for value in SubmissionStatus.values}
    for value in rows.values_list("status", flat=True):
        counts[value] += 1
    return table_page(
        request,
        "practice/inspection_detail.html",
        rows,
        columns=SUBMISSION_COLUMNS,
        title=str(inspection),
        inspection=inspection,
        counts=[(label, counts[value]) for value, label in SubmissionStatus.choices],
        empty=_("没有参加考核的执业机构。"),
    )


@login_required
def submission_detail(request, pk):
    """One institution's annual inspection: materials, statistics, review, decision, steps."""
    submission = selectors.submission_get(actor=request.user, pk=pk)
    user = request.user
    can_edit = access.can(user, Cap.EDIT, submission.office, line=LINE)
    events = [
        {
            "event": event,
            "from_label": SubmissionStatus(event.from_status).label if event.from_status else "",
            "to_label": SubmissionStatus(event.to_status).label,
        }
        for event in selectors.submission_events(actor=user, submission=submission)
    ]
    status = submission.status
    context = {
        "title": str(submission),
        "submission": submission,
        "materials": selectors.submission_materials(actor=user, submission=submission),
        "events": events,
        "can_submit": can_edit and status in AWAITING_SUBMISSION,
        "can_review": status == SubmissionStatus.SUBMITTED
        and selectors.may_review(actor=user, submission=submission),
        "can_decide": status in (SubmissionStatus.REVIEWED, SubmissionStatus.DEFERRED)
        and selectors.may_decide(actor=user, submission=submission),
        "inspection_visible": access.can(user, Cap.VIEW, submission.inspection.office, line=LINE),
    }
    return render(request, "practice/inspection_submission.html", context)


def _form_page(request, form, *, title, back_url, multipart=False):
    context = {"title": title, "form": form, "back_url": back_url, "multipart": multipart}
    return render(request, "core/form_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def submission_submit(request, pk):
    """报送年度检查考核材料 (the institution's account, or the bureau for a paper submission)."""
    submission = selectors.submission_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, submission.office, line=LINE)
    form = SubmitForm(request.POST or None, request.FILES or None)
    saved = save_valid(
        request,
        form,
        lambda: actions.submission_submit(
            actor=request.user,
            submission=submission,
            uploads=form.uploads(),
            summary=form.cleaned_data["summary"],
        ),
    )
    if saved:
        messages.success(request, _("已报送年度检查考核材料。"))
        return redirect(submission.get_absolute_url())
    title = _("报送年度检查考核材料：%(name)s") % {"name": submission}
    return _form_page(
        request, form, title=title, back_url=submission.get_absolute_url(), multipart=True
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_review(request, pk):
    """初审 (the supervising bureau)."""
    submission = selectors.submission_get(actor=request.user, pk=pk)
    if not selectors.may_review(actor=request.user, submission=submission):
        raise PermissionDenied(_("年度检查考核材料由主管司法局初审。"))
    form = ReviewForm(request.POST or None)
    saved = save_valid(
        request,
        form,
        lambda: actions.submission_review(
            actor=request.user, submission=submission, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("已完成初审。"))
        return redirect(submission.get_absolute_url())
    title = _("初审：%(name)s") % {"name": submission}
    return _form_page(request, form, title=title, back_url=submission.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def submission_decide(request, pk):
    """考核决定 (the city bureau)."""
    submission = selectors.submission_get(actor=request.user, pk=pk)
    if not selectors.may_decide(actor=request.user, submission=submission):
        raise PermissionDenied(_("年度检查考核结果由设区的市司法局决定。"))
    form = DecideForm(request.POST or None)
    saved = save_valid(
        request,
        form,
        lambda: actions.submission_decide(
            actor=request.user, submission=submission, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("已作出考核决定。"))
        return redirect(submission.get_absolute_url())
    title = _("考核决定：%(name)s") % {"name": submission}
    return _form_page(request, form, title=title, back_url=submission.get_absolute_url())


@login_required
@never_cache
def material_download(request, pk, material_pk):
    """One uploaded material (whoever sees the submission)."""
    material = selectors.material_get(actor=request.user, submission_pk=pk, pk=material_pk)
    return FileResponse(
        io.BytesIO(base64.b64decode(material.content)),
        as_attachment=True,
        filename=material.filename,
        content_type=material.content_type,
    )
