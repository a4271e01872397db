"""Monthly report form pages (月报表): the list, one form for an office and month, Excel.

Every figure is computed by `sifa.reports.compute` for the user's scope (only records the user
may see count), and every number links to the drill-down listing the records behind it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.tasks import runs_in_background
from sifa.reports import compute, definitions, excel_forms, selectors_forms, selectors_submissions
from sifa.reports.selectors_forms import PeriodChoice, big_subtree
from sifa.stats import selectors as stats_selectors


@login_required
def form_index(request):
    """The forms grouped by line, with the office and month they open for."""
    stats_selectors.require_stats(request.user)
    office = _office(request)
    period = selectors_forms.period_from_params(request.GET)
    context = _picker_context(request, office, period)
    if period.ok:
        query = urlencode({"office": office.pk, **period.params()})
        context["lines"] = [
            (
                line,
                [(form, f"{reverse('reports:form', args=[form.key])}?{query}") for form in forms],
            )
            for line, forms in selectors_forms.forms_by_line()
        ]
        context["set_url"] = f"{reverse('reports:form_set')}?{query}"
    return render(request, "reports/form_index.html", context)


@login_required
def form(request, key):
    """One form for an office subtree and a period; `format=xlsx` downloads it."""
    stats_selectors.require_stats(request.user)
    report_form = selectors_forms.form_or_404(key)
    office = _office(request)
    period = selectors_forms.period_from_params(request.GET)
    context = _picker_context(request, office, period)
    context["report_form"] = report_form
    if not period.ok:
        return render(request, "reports/form.html", context)
    table = compute.compute_form(report_form, office, period.start, period.end, user=request.user)
    layout = selectors_forms.layout(table)
    if request.GET.get("format") == "xlsx":
        return _xlsx(request, [layout], period, f"{report_form.title}_{office.name}")
    parent = selectors_forms.parent_in_sight(request.user, office)
    context["submission"] = selectors_submissions.submission_of_month(
        request.user, office, period.start, period.end
    )
    context.update(
        layout=layout,
        rows=[(row, _office_url(key, row.office, period)) for row in layout.rows],
        parent=parent,
        parent_url=_office_url(key, parent, period) if parent else "",
        xlsx_url=f"?{urlencode({'office': office.pk, **period.params(), 'format': 'xlsx'})}",
    )
    return render(request, "reports/form.html", context)


def _large_office(request) -> int | None:
    """The report set of an office with more than SIFA_REPORT_BACKGROUND_OFFICES offices in its
    subtree (a city, a large county) is computed in a background job."""
    if not selectors_forms.period_from_params(request.GET).ok:
        return None  # the picker, with its error, at once
    return 0 if big_subtree(_office(request)) else None  # 0: no row count


@login_required
@runs_in_background(gettext_lazy("导出全套月报表"), when=_large_office)
def form_set(request):
    """Every form for one office and period in one workbook, from one computation."""
    stats_selectors.require_stats(request.user)
    office = _office(request)
    period = selectors_forms.period_from_params(request.GET)
    if not period.ok:
        context = _picker_context(request, office, period)
        return render(request, "reports/form_index.html", context, status=400)
    forms = definitions.all_forms()
    tables = compute.compute_set(forms, office, period.start, period.end, user=request.user)
    layouts = [selectors_forms.layout(tables[f.key]) for f in forms]
    return _xlsx(request, layouts, period, _("月报表_%(office)s") % {"office": office.name})


# --- helpers ------------------------------------------------------------------------------


def _office(request):
    """The office asked for (404 out of sight, 403 seen only), else the user's top office."""
    pk = request.GET.get("office")
    if pk:
        return stats_selectors.stats_office_or_404(request.user, pk)
    return stats_selectors.default_office(request.user)


def _picker_context(request, office, period: PeriodChoice) -> dict:
    offices = list(stats_selectors.stats_offices(request.user))
    top = min((o.depth for o in offices), default=1)
    return {
        "office": office,
        "period": period,
        "office_choices": [(o.pk, "\u3000" * (o.depth - top) + o.name) for o in offices],
        "month_value": period.month if period.ok else request.GET.get("month", ""),
        "from_value": request.GET.get("from", ""),
        "to_value": request.GET.get("to", ""),
    }


def _office_url(key: str, office, period: PeriodChoice) -> str:
    params = urlencode({"office": office.pk, **period.params()})
    return f"{reverse('reports:form', args=[key])}?{params}"


def _xlsx(request, layouts, period: PeriodChoice, name: str) -> HttpResponse:
    content = excel_forms.form_workbook(
        layouts, period_text=period.text(), link=request.build_absolute_uri
    )
    response = HttpResponse(content, content_type=excel_forms.CONTENT_TYPE)
    filename = f"{name}_{period.text()}.xlsx".replace(" ", "")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
