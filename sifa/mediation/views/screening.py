"""Screening pages (矛盾纠纷排查): list with finding counts, export, record form, detail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.codes import code_labels
from sifa.core.excel import xlsx_response
from sifa.core.forms import add_action_errors
from sifa.core.views import (
    Column,
    list_page_context,
    offices_to_act_in,
    paginate,
    sorted_rows,
)
from sifa.mediation.actions import screening as actions
from sifa.mediation.constants import DISPUTE_TYPE_CODE_LIST
from sifa.mediation.forms.screening import FindingFormSet, ScreeningFilterForm, ScreeningForm
from sifa.mediation.selectors import committees as committee_selectors
from sifa.mediation.selectors import screening as selectors


def _filtered(request):
    filters = ScreeningFilterForm(
        request.GET or None, offices=committee_selectors.offices_for_filter(actor=request.user)
    )
    screenings = selectors.screening_list(
        actor=request.user,
        within=filters.value("within", None),
        kind=filters.value("kind"),
        date_from=filters.value("date_from", None),
        date_to=filters.value("date_to", None),
    )
    return filters, screenings


SCREENING_COLUMNS = (
    Column(gettext_lazy("排查日期"), "screened_on"),
    Column(gettext_lazy("排查单位"), "office__name"),
    Column(gettext_lazy("排查类型"), "kind"),
    Column(gettext_lazy("排查范围"), "scope"),
    Column(gettext_lazy("发现纠纷数"), "finding_count", numeric=True),  # annotations
    Column(gettext_lazy("重大风险"), "high_risk_count", numeric=True),
)


@login_required
def screening_list(request):
    """排查记录: newest first, with the number of disputes each found."""
    filters, screenings = _filtered(request)
    page = paginate(request, screenings, columns=SCREENING_COLUMNS)
    context = list_page_context(
        request,
        filters=filters,
        page=page,
        title=_("矛盾纠纷排查"),
        export_name="mediation:screening_export",
        empty=_("没有符合条件的排查记录。"),
        screenings=page.object_list,
        can_record=selectors.offices_for_recording(actor=request.user).exists(),
    )
    return render(request, "mediation/screening/screening_list.html", context)


@login_required
def screening_export(request):
    filters, screenings = _filtered(request)
    screenings = sorted_rows(request, screenings, SCREENING_COLUMNS)  # the page's order
    headers = [
        _("排查日期"), _("排查单位"), _("排查类型"), _("专项名称"), _("排查范围"),
        _("发现纠纷数"), _("重大风险纠纷数"), _("情况说明"),
    ]  # fmt: skip
    rows = (
        [
            s.screened_on,
            s.office.name,
            s.get_kind_display(),
            s.occasion,
            s.scope,
            s.finding_count,
            s.high_risk_count,
            s.notes,
        ]
        for s in screenings
    )
    return xlsx_response(
        title=_("矛盾纠纷排查"), headers=headers, rows=rows, filters=filters.describe()
    )


@login_required
@require_http_methods(["GET", "POST"])
def screening_create(request):
    """登记排查, with any number of findings (blank finding rows are ignored)."""
    user = request.user
    offices = offices_to_act_in(
        selectors.offices_for_recording(actor=user), _("您没有权限登记排查记录。")
    )
    data = request.POST or None
    initial = {"office": selectors.default_office(actor=user, offices=offices)}
    form = ScreeningForm(data, offices=offices, initial=initial)
    findings = FindingFormSet(data, prefix="findings", form_kwargs={"actor": user})
    if request.method == "POST" and form.is_valid() and findings.is_valid():
        try:
            screening = actions.screening_record(
                actor=user, **form.cleaned_data, findings=findings.findings()
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("mediation:screening_detail", pk=screening.pk)
    context = {"form": form, "findings": findings}
    return render(request, "mediation/screening/screening_form.html", context)


@login_required
def screening_detail(request, pk):
    screening = selectors.screening_get(actor=request.user, pk=pk)
    labels = code_labels(DISPUTE_TYPE_CODE_LIST)
    findings = list(selectors.screening_findings(actor=request.user, screening=screening))
    for finding in findings:
        finding.dispute_type_label = labels.get(finding.dispute_type, finding.dispute_type)
    context = {"screening": screening, "findings": findings}
    return render(request, "mediation/screening/screening_detail.html", context)
