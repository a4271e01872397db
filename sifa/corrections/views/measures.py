"""考核奖惩 and 教育帮扶 pages: the measure list, a subject's measure page (counters, the
suggested next measure and the form), the outcome of a proposal, the 警告决定书, and the
education list and form.

Reads go through `sifa.corrections.selectors.measures` (scoped, minors restricted), writes
through `sifa.corrections.actions.measures`: out of sight → 404, seen but not allowed → 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sifa.accounts.events import client_ip
from sifa.audit.actions import log_read
from sifa.core.views import (
    ACTIONS,
    OFFICE_COLUMN,
    Column,
    docx_download,
    edit_page,
    filtered_rows,
    paginate,
    save_valid,
)
from sifa.corrections import measure_documents as documents
from sifa.corrections import rules
from sifa.corrections.actions import measures as actions
from sifa.corrections.constants import PROPOSAL_KINDS, MeasureKind, ProposalOutcome
from sifa.corrections.forms import measures as forms
from sifa.corrections.selectors import measures as selectors
from sifa.corrections.views.common import KIND_COLUMN, SUBJECT_NUMBER_COLUMN, require_anywhere
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.selectors import hidden_minors_count

OUTCOME_BADGES = {
    ProposalOutcome.PENDING: "text-bg-warning",
    ProposalOutcome.GRANTED: "text-bg-success",
    ProposalOutcome.REJECTED: "text-bg-secondary",
}


def _require_view(user) -> None:
    require_anywhere(user, Cap.VIEW, _("您没有权限查看社区矫正记录。"))


def _listed(request, filter_form, list_selector, columns):
    """A list page's filter, its rows and the page shown (for a user who may view somewhere)."""
    _require_view(request.user)
    offices = selectors.offices_for_filter(actor=request.user)
    filters, rows = filtered_rows(request, filter_form, list_selector, offices=offices)
    return filters, rows, paginate(request, rows, columns=columns)


MEASURE_COLUMNS = (
    Column(gettext_lazy("决定/提请日期"), "decided_on"),
    SUBJECT_NUMBER_COLUMN,
    OFFICE_COLUMN,
    KIND_COLUMN,
    Column(gettext_lazy("事实"), "facts"),
    Column(gettext_lazy("决定人"), "decided_by"),
    Column(gettext_lazy("提请机关"), "addressee"),
    Column(gettext_lazy("处理结果"), "outcome"),
    ACTIONS,
)
EDUCATION_COLUMNS = (
    Column(gettext_lazy("日期"), "held_on"),
    Column(gettext_lazy("组织机构"), "office__name"),
    KIND_COLUMN,
    Column(gettext_lazy("内容"), "topic"),
    Column(gettext_lazy("时长（小时）"), "hours", numeric=True),
    Column(gettext_lazy("参加矫正对象"), "participants", numeric=True),  # an annotation
    Column(gettext_lazy("工作人员"), "staff_count", numeric=True),
)


def _decorate(actor, measures) -> None:
    """Badge, the outcome button and the document link of each listed measure."""
    county_edit: dict[int, bool] = {}
    for measure in measures:
        measure.badge = OUTCOME_BADGES.get(measure.outcome, "")
        measure.is_proposal = measure.kind in PROPOSAL_KINDS
        measure.is_pending = measure.outcome == ProposalOutcome.PENDING
        if measure.is_pending:
            key = measure.subject_id
            if key not in county_edit:
                county_edit[key] = selectors.may_decide_county_measures(actor, measure.subject)
            measure.can_decide = county_edit[key]
        else:
            measure.can_decide = False
        measure.has_document = measure.kind == MeasureKind.WARNING


# ---------------------------------------------------------------------------------------------
# Measures


@login_required
def measure_list(request):
    """考核奖惩: filtered by office, date, kind and pending proposals."""
    user = request.user
    filters, _rows, page = _listed(
        request, forms.MeasureFilterForm, selectors.measure_list, MEASURE_COLUMNS
    )
    measures = list(page.object_list)
    _decorate(user, measures)
    context = {
        "title": _("考核奖惩"),
        "filters": filters,
        "page_obj": page,
        "measures": measures,
        "hidden_minors": hidden_minors_count(
            user, selectors.measure_list, listed=page.paginator.count, filters=filters
        ),
        "hidden_minors_unit": _("条"),
    }
    return render(request, "corrections/measures/measure_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request, pk):
    """A subject's 考核奖惩: counters, the suggested measure with its reason, the record so far,
    and, for users who may edit, the form (the kinds the actor may record for this subject)."""
    user = request.user
    subject = selectors.subject_for_measures(actor=user, pk=pk)
    can_edit = access.can(user, Cap.EDIT, subject.office, line="corrections")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("您没有登记考核奖惩的权限。"))
    suggestion = selectors.suggested_measure(subject)
    form = None
    if can_edit:
        kinds = selectors.kinds_for(actor=user, subject=subject)
        initial = {}
        if suggestion and suggestion[0] in dict(kinds):
            initial["kind"] = suggestion[0]
        form = forms.MeasureForm(request.POST or None, kinds=kinds, initial=initial)
    saved = save_valid(
        request, form, lambda: actions.measure_record(actor=user, subject=subject, **form.values())
    )
    if saved:
        measure = saved.result
        messages.success(request, _("已登记%(kind)s。") % {"kind": measure.get_kind_display()})
        return redirect("corrections:measure_add", pk=subject.pk)
    if request.method == "GET":
        log_read(actor=user, record=subject, ip_address=client_ip(request))
    measures = list(selectors.measure_list(actor=user, subject=subject))
    _decorate(user, measures)
    context = {
        "subject": subject,
        "form": form,
        "counters": selectors.counters(subject),
        "suggestion": suggestion,
        "suggestion_label": MeasureKind(suggestion[0]).label if suggestion else "",
        "measures": measures,
        "county_only": not selectors.may_decide_county_measures(user, subject),
        "thresholds": {
            "admonitions": rules.value("SIFA_CC_ADMONITIONS_FOR_WARNING"),
            "warnings": rules.value("SIFA_CC_WARNINGS_FOR_REVOCATION"),
            "lost_warning": rules.value("SIFA_CC_LOST_DAYS_FOR_WARNING"),
            "lost_revocation": rules.value("SIFA_CC_LOST_MONTHS_FOR_REVOCATION"),
        },
    }
    return edit_page(request, "corrections/measures/measure_add.html", context, subject)


@login_required
@require_http_methods(["GET", "POST"])
def measure_outcome(request, pk):
    """登记提请结果: granted revocation/commitment terminates the correction (CC-30)."""
    user = request.user
    measure = selectors.measure_get(actor=user, pk=pk)
    subject = measure.subject
    back = reverse("corrections:measure_add", args=[subject.pk])
    if not selectors.may_decide_county_measures(user, subject):
        raise PermissionDenied(_("提请事项的处理结果由县级社区矫正机构登记。"))
    if measure.kind not in PROPOSAL_KINDS or measure.outcome != ProposalOutcome.PENDING:
        messages.warning(request, _("该记录没有待登记的处理结果。"))
        return redirect(back)
    form = forms.OutcomeForm(request.POST or None)
    saved = save_valid(
        request, form, lambda: actions.measure_outcome(actor=user, measure=measure, **form.values())
    )
    if saved:
        messages.success(request, _("已登记处理结果。"))
        return redirect(back)
    context = {
        "measure": measure,
        "subject": subject,
        "form": form,
        "title": _("登记处理结果"),
        "back_url": back,
        "terminates": measure.kind in actions.TERMINATION_BY_KIND,
    }
    return edit_page(request, "corrections/measures/measure_outcome.html", context, subject)


@login_required
@require_GET
def measure_document(request, pk):
    """警告决定书 (.docx) of a 警告; any other measure: 404 with the reason."""
    measure = selectors.measure_get(actor=request.user, pk=pk)
    try:
        content, filename = documents.build(
            measure, actor=request.user, ip_address=client_ip(request)
        )
    except documents.NotApplicable as exc:
        raise Http404(str(exc)) from None
    log_read(actor=request.user, record=measure, ip_address=client_ip(request))
    return docx_download(content, filename)


# ---------------------------------------------------------------------------------------------
# Education


@login_required
def education_list(request):
    """教育帮扶: activities with the totals (次数, 时长, 人次) of the filtered list."""
    user = request.user
    filters, rows, page = _listed(
        request, forms.EducationFilterForm, selectors.education_list, EDUCATION_COLUMNS
    )
    context = {
        "filters": filters,
        "page_obj": page,
        "title": _("教育帮扶"),
        "caption": _("教育帮扶活动列表"),
        "empty": _("没有符合条件的教育帮扶活动。"),
        "activities": list(page.object_list),
        "totals": selectors.education_totals(rows),
        "can_add": access.has_capability_anywhere(user, Cap.EDIT, line="corrections"),
        "hidden_minors": hidden_minors_count(
            user, selectors.education_list, listed=page.paginator.count, filters=filters
        ),
        "hidden_minors_unit": _("次"),
    }
    return render(request, "corrections/measures/education_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def education_add(request):
    """登记教育帮扶活动: one form for a group or an individual activity."""
    user = request.user
    require_anywhere(user, Cap.EDIT, _("您没有登记教育帮扶活动的权限。"))
    form = forms.EducationForm(
        request.POST or None,
        offices=selectors.offices_for_education(actor=user),
        subjects=selectors.subjects_for_education(actor=user),
    )
    saved = save_valid(request, form, lambda: actions.education_record(actor=user, **form.values()))
    if saved:
        messages.success(request, _("已登记教育帮扶活动。"))
        return redirect("corrections:education_list")
    context = {
        "form": form,
        "title": _("登记教育帮扶活动"),
        "back_url": reverse("corrections:education_list"),
    }
    return render(request, "corrections/measures/education_add.html", context)
