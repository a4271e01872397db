"""Statistics pages: the indicator catalogue, one indicator's value, and its drill-down.

Every figure shown is computed by `sifa.stats.registry` for a Scope carrying the user, and
every figure links to the drill-down listing exactly the records it counts.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import batched
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core import excel
from sifa.core.views import Column, paginate, sorted_rows
from sifa.stats import registry, selectors
from sifa.stats.forms import SCOPE_PARAMS, ScopeForm
from sifa.stats.registry import Indicator, Scope

NARROWING_PARAMS = ("breakdown", "value", "own")
EXPORT_CHUNK = 500  # records per query of the export (well under SQLite's bound-parameter limit)


@login_required
def catalogue(request):
    selectors.require_stats(request.user)
    lines = [
        (line, [(ind, selectors.basis_text(ind)) for ind in items])
        for line, items in selectors.catalogue()
    ]
    return render(request, "stats/catalogue.html", {"lines": lines})


@login_required
def indicator(request, key):
    selectors.require_stats(request.user)
    ind = selectors.indicator_or_404(key)
    form, scope = _scope_from_request(request)
    context = {"indicator": ind, "form": form, "basis": selectors.basis_text(ind)}
    if scope is not None:
        summary = selectors.indicator_summary(ind, scope)
        context.update(
            summary=summary,
            total_url=_records_url(ind, scope),
            branches=[_branch_links(ind, scope, row) for row in summary.branches],
            tables=[_table_links(ind, scope, table) for table in summary.breakdowns],
            echarts=echarts_vendored(),
        )
    return render(request, "stats/indicator.html", context)


@login_required
def records(request, key):
    selectors.require_stats(request.user)
    ind = selectors.indicator_or_404(key)
    form, scope = _scope_from_request(request)
    context = {
        "indicator": ind,
        "form": form,
        "basis": selectors.basis_text(ind),
        # A changed period keeps the drill-down's breakdown row / 本级 filter.
        "keep_params": [(k, request.GET[k]) for k in NARROWING_PARAMS if request.GET.get(k)],
    }
    if scope is None:
        return render(request, "stats/records.html", context)
    breakdown = request.GET.get("breakdown", "")
    token = request.GET.get("value", "")
    own_only = request.GET.get("own") == "1"
    qs = selectors.indicator_records(
        ind, scope, breakdown=breakdown, value=token, own_only=own_only
    )
    narrowed_to = _narrowing_labels(ind, qs, scope, breakdown, token, own_only)
    hidden = selectors.indicator_hidden(
        ind, scope, breakdown=breakdown, value=token, own_only=own_only
    )
    columns = record_columns(ind)
    if request.GET.get("format") == "xlsx":
        return _export(request, ind, scope, sorted_rows(request, qs, columns), narrowed_to, hidden)
    page = paginate(request, qs, columns=columns)
    context.update(
        scope=scope,
        page=page,
        page_obj=page,
        rows=[
            (row, [_display(cell) for cell in row.cells])
            for row in selectors.record_rows(ind, qs, page.object_list)
        ],
        total=registry.aggregate(ind, qs) if ind.sum_field else None,
        narrowed_to=narrowed_to,
        hidden_minors=hidden.minors,
        hidden_minors_unit=selectors.hidden_minors_unit(ind),
        hidden_other_lines=hidden.other_lines,
        indicator_url=_indicator_url(ind, scope),
        export_url=f"?{_query_without('page', request, format='xlsx')}",
    )
    return render(request, "stats/records.html", context)


# --- helpers ------------------------------------------------------------------------------

NUMBER = Column(gettext_lazy("序号"), unsortable=gettext_lazy("行在列表中的位置，随排序而变"))
TITLE_UNSORTABLE = gettext_lazy("各类记录自行写出名称，不是一个字段")


def record_columns(ind: Indicator) -> tuple[Column, ...]:
    """The drill-down's columns: 序号, then `selectors.record_columns` with what each sorts
    by (`selectors.record_sorts`); a sort path met twice (a breakdown by the office the
    office column names) gets its own key, so one header shows the order."""
    columns, keys = [NUMBER], set()
    sorts = selectors.record_sorts(ind)
    for label, sort in zip(selectors.record_columns(ind), sorts, strict=True):
        if sort is None:
            columns.append(Column(label, unsortable=TITLE_UNSORTABLE))
            continue
        key = sort if sort not in keys else f"{sort}_{len(columns)}"
        keys.add(key)
        columns.append(Column(label, sort, key=key))
    return tuple(columns)


def _scope_from_request(request) -> tuple[ScopeForm, Scope | None]:
    """Read office/from/to (defaults: the user's top office, 年初至今); None if invalid.

    An office out of the user's sight is a 404 here, before the form sees it.
    """
    user = request.user
    start, end = selectors.default_period()
    office = selectors.default_office(user)
    data = {"office": office.pk, "from": start.isoformat(), "to": end.isoformat()}
    data.update({k: request.GET[k] for k in SCOPE_PARAMS if request.GET.get(k)})
    office = selectors.stats_office_or_404(user, data["office"])
    form = ScopeForm(data, offices=selectors.stats_offices(user))
    if not form.is_valid():
        return form, None
    return form, Scope(office, form.cleaned_data["from"], form.cleaned_data["to"], user=user)


def _scope_params(scope: Scope, **extra) -> dict:
    params = {"office": scope.office.pk, "from": scope.start.isoformat()}
    params["to"] = scope.end.isoformat()
    return params | extra


def _records_url(ind: Indicator, scope: Scope, **extra) -> str:
    url = reverse("stats:records", args=[ind.key])
    return f"{url}?{urlencode(_scope_params(scope, **extra))}"


def _indicator_url(ind: Indicator, scope: Scope, office=None) -> str:
    url = reverse("stats:indicator", args=[ind.key])
    params = _scope_params(scope)
    if office is not None:
        params["office"] = office.pk
    return f"{url}?{urlencode(params)}"


def _branch_links(ind: Indicator, scope: Scope, row) -> dict:
    if row.office is None:  # 本级: the office's own records, none of its sub-offices
        return {"row": row, "records_url": _records_url(ind, scope, own=1), "page_url": ""}
    child_scope = Scope(row.office, scope.start, scope.end, user=scope.user)
    return {
        "row": row,
        "records_url": _records_url(ind, child_scope),
        "page_url": _indicator_url(ind, scope, office=row.office),
    }


def _table_links(ind: Indicator, scope: Scope, table) -> dict:
    rows = [
        {
            "row": row,
            "records_url": _records_url(ind, scope, breakdown=table.breakdown.key, value=row.token),
        }
        for row in table.rows
    ]
    chart = {
        "labels": [r.label for r in table.rows],
        "values": [float(r.value) for r in table.rows],
    }
    return {"table": table, "rows": rows, "chart": chart}


def _narrowing_labels(ind, qs, scope, breakdown, token, own_only) -> list[str]:
    labels = []
    if breakdown:
        labels.append(selectors.breakdown_filter_label(ind, qs, breakdown, token))
    if own_only:
        labels.append(_("仅%(office)s本级") % {"office": scope.office.name})
    return labels


def _query_without(name: str, request, **extra) -> str:
    params = request.GET.copy()
    params.pop(name, None)
    for k, v in extra.items():
        params[k] = v
    return params.urlencode()


def _export(
    request,
    ind: Indicator,
    scope: Scope,
    qs,
    narrowed_to: list[str],
    hidden: selectors.HiddenRecords,
) -> HttpResponse:
    def rows():
        for number, chunk in enumerate(batched(qs.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK)):
            for offset, row in enumerate(selectors.record_rows(ind, qs, chunk), start=1):
                yield [number * EXPORT_CHUNK + offset, row.title, row.office.name, *row.cells]

    period = _period_text(ind, scope)
    notes = [
        (_("指标"), f"{ind.label}（{ind.key}）"),
        (_("口径"), ind.definition),
        (_("统计依据"), selectors.basis_text(ind)),
        (_("机构"), scope.office.name),
        (_("统计期间") if ind.kind == registry.FLOW else _("统计时点"), period),
        *[(_("筛选"), label) for label in narrowed_to],
        *([(_("未列出"), hidden_minors_text(ind, hidden.minors))] if hidden.minors else []),
        *(
            [(_("未列出"), hidden_other_lines_text(hidden.other_lines))]
            if hidden.other_lines
            else []
        ),
        (_("导出人"), str(request.user)),
        (_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]
    content = excel.workbook_bytes(
        sheet_title=_("明细"),
        headers=[_("序号"), *selectors.record_columns(ind)],
        rows=rows(),
        notes=notes,
        notes_title=_("说明"),
    )
    response = HttpResponse(content, content_type=excel.CONTENT_TYPE)
    filename = f"{ind.label}_{scope.office.name}_{period}.xlsx".replace(" ", "")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def hidden_minors_text(ind: Indicator, hidden: int) -> str:
    """The sentence of templates/includes/hidden_minors.html, for the export's 说明 sheet."""
    unit = selectors.hidden_minors_unit(ind)
    if not unit:
        return _("含未成年人 %(count)s 人（不予显示）") % {"count": hidden}
    return _("含未成年人记录 %(count)s %(unit)s（不予显示）") % {"count": hidden, "unit": unit}


def hidden_other_lines_text(count: int) -> str:
    """The sentence of stats/records.html for records of lines the reader's roles do not have."""
    return _("含其他业务条线的记录 %(count)s 条（您的角色无权查看）") % {"count": count}


def _display(cell) -> str:
    if cell is None or cell == "":
        return "—"
    if isinstance(cell, datetime):
        return timezone.localtime(cell).strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def _period_text(ind: Indicator, scope: Scope) -> str:
    if ind.kind == registry.FLOW:
        return f"{scope.start.isoformat()}至{scope.end.isoformat()}"
    return scope.end.isoformat()


def echarts_vendored() -> bool:
    """Charts are drawn only when ECharts is vendored (static/vendor/echarts*/echarts.min.js)."""
    return any(
        any(Path(directory).glob("vendor/echarts*/echarts.min.js"))
        for directory in settings.STATICFILES_DIRS
    )
