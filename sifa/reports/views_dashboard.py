"""The leader dashboard page (领导驾驶舱): ?office=<pk>&month=YYYY-MM[&rank=<indicator key>].

Defaults: the user's top statistics office and the current month (to today). Access as on the
statistics pages: Cap.STATS, 404 for an office out of sight, 403 for one seen only. The figures
come from `sifa.reports.dashboard.build` (two registry calls for the whole page); the user's
to-do counts are a fragment of their own (`dashboard_todos_view`, loaded by htmx).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.reports import dashboard
from sifa.stats import selectors
from sifa.stats.views import echarts_vendored


class DashboardForm(forms.Form):
    """office / month, read from the query string so every state of the page is a link."""

    month = forms.CharField(
        label=gettext_lazy("月份"),
        widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}),
    )

    def __init__(self, data, *, offices, today):
        super().__init__(data)
        offices = list(offices)
        top = min((o.depth for o in offices), default=1)
        self.today = today
        self.fields["office"] = forms.TypedChoiceField(
            label=gettext_lazy("机构"),
            coerce=int,
            choices=[(o.pk, "\u3000" * (o.depth - top) + o.name) for o in offices],
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.order_fields(["office", "month"])
        self.fields["month"].error_messages["required"] = _("请选择月份。")

    def clean_month(self):
        text = self.cleaned_data["month"]
        try:
            year, month = dashboard.parse_month(text)
        except ValueError:
            raise forms.ValidationError(_("月份格式应为 年-月，例如 2026-03。")) from None
        if (year, month) > (self.today.year, self.today.month):
            raise forms.ValidationError(_("不能选择未来的月份。"))
        return year, month


@login_required
def dashboard_view(request):
    user = request.user
    selectors.require_stats(user)
    today = timezone.localdate()
    data = {
        "office": getattr(selectors.default_office(user), "pk", ""),
        "month": f"{today.year}-{today.month:02d}",
    }
    data.update({k: request.GET[k] for k in ("office", "month") if request.GET.get(k)})
    office = selectors.stats_office_or_404(user, data["office"])
    form = DashboardForm(data, offices=selectors.stats_offices(user), today=today)
    context = {"form": form, "office": office}
    if form.is_valid():
        year, month = form.cleaned_data["month"]
        board = dashboard.build(
            user, office, year, month, today=today, rank=request.GET.get("rank", "")
        )
        context.update(
            board=board,
            month_param=f"{year}-{month:02d}",
            echarts=echarts_vendored(),
            charts=_chart_payloads(board),
        )
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard_todos_view(request):
    """The to-do card (我的待办, per line), fetched by the dashboard after it has rendered.

    The to-do providers walk every open record the user may see (a bureau leader: the whole
    city), so the counts come in a request of their own instead of delaying the figures.
    """
    selectors.require_stats(request.user)
    context = {
        "groups": dashboard.todo_groups(request.user),
        "todo_url": reverse("shell:home") + "?todos=1",
    }
    return render(request, "reports/dashboard_todos.html", context)


def _chart_payloads(board: dashboard.DashboardData) -> dict:
    """The numbers and drill-down URLs each chart draws (json_script), parallel arrays."""
    trend = {
        "months": board.month_labels,
        "series": [
            {
                "name": str(s.indicator.label),
                "values": [float(p.value) for p in s.points],
                "urls": [p.url for p in s.points],
            }
            for s in board.trend
        ],
    }
    charts = [
        {
            "kind": c.declaration.kind,
            "unit": str(c.indicator.unit),
            "labels": [s.label for s in c.slices],
            "values": [float(s.figure.value) for s in c.slices],
            "urls": [s.figure.url for s in c.slices],
        }
        for c in board.charts
    ]
    ranking = None
    if board.ranking is not None:
        n = board.ranking.selected
        indicator = board.ranking.indicators[n]
        ranking = {
            "name": str(indicator.label),
            "unit": str(indicator.unit),
            "labels": [r.label for r in board.ranking.rows],
            "values": [float(r.figures[n].value) for r in board.ranking.rows],
            "urls": [r.figures[n].url for r in board.ranking.rows],
        }
    return {"trend": trend, "charts": charts, "ranking": ranking}
