"""The data-quality pages (数据质量): the counts of an office, a rule's records, their export.

Every number is a registry indicator of `sifa.stats.data_quality`, counted for the user; every
count links to the list of its records, each with its own page and the form that fixes it. The
list states what the count holds and it does not show (minors, other lines), so they reconcile.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import batched

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core import excel
from sifa.core.views import ACTIONS, Column, download, list_page_context, paginate, sorted_rows
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.stats import data_quality, selectors
from sifa.stats.forms import OfficeForm
from sifa.stats.views import NUMBER, hidden_minors_text, hidden_other_lines_text

EXPORT_CHUNK = 500
RECORD = Column(gettext_lazy("记录"), unsortable=gettext_lazy("各类记录自行写出名称，不是一个字段"))


@login_required
def quality(request):
    """The office's counts, rule by rule, grouped by line; a rule at 0 says 0."""
    selectors.require_stats(request.user)
    office, form = _office_from_request(request)
    # (GroupCounts: the line's rules and their subtotal, [(count, link to its records)])
    groups = [
        (group, [(row, data_quality.records_url(row.rule, office)) for row in group.rows])
        for group in data_quality.counts(request.user, office)
    ]
    context = {
        "title": _("数据质量"),
        "form": form,
        "office": office,
        "groups": groups,
        "total": sum(group.total for group, _rows in groups),
        "today": timezone.localdate(),
    }
    return render(request, "stats/quality.html", context)


@login_required
def quality_records(request, code):
    """One rule's records in the office's subtree: each with its page and the form fixing it."""
    selectors.require_stats(request.user)
    rule = data_quality.rule_or_404(request.user, code)
    office, form = _office_from_request(request)
    rows = data_quality.problem_records(request.user, office, rule)
    columns = record_columns(rule)
    page = paginate(request, rows, columns=columns)
    hidden = data_quality.hidden_records(request.user, office, rule)
    context = list_page_context(
        request,
        filters=form,
        page=page,
        rule=rule,
        office=office,
        rows=_rows(request.user, rule, page.object_list),
        indicator=data_quality.indicator_of(rule),
        overview_url=data_quality.overview_url(office),
        hidden_minors=hidden.minors,
        hidden_minors_unit=_("条"),
        hidden_other_lines=hidden.other_lines,
    )
    return render(request, "stats/quality_records.html", context)


@login_required
def quality_export(request, code):
    """The rule's records as the list shows them (its filter and order), in Excel."""
    selectors.require_stats(request.user)
    rule = data_quality.rule_or_404(request.user, code)
    office, _form = _office_from_request(request)
    rows = sorted_rows(
        request, data_quality.problem_records(request.user, office, rule), record_columns(rule)
    )
    hidden = data_quality.hidden_records(request.user, office, rule)
    indicator = data_quality.indicator_of(rule)

    def lines():
        chunks = batched(rows.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK)
        for number, chunk in enumerate(chunks):
            for offset, row in enumerate(_rows(request.user, rule, chunk), start=1):
                yield [
                    number * EXPORT_CHUNK + offset,
                    row["title"],
                    row["office"].name,
                    *row["cells"],
                ]

    notes = [
        (_("规则"), f"{rule.label}（{rule.code}）"),
        (_("口径"), rule.definition),
        (_("机构"), office.name),
        (_("统计时点"), timezone.localdate().isoformat()),
        *([(_("未列出"), hidden_minors_text(indicator, hidden.minors))] if hidden.minors else []),
        *(
            [(_("未列出"), hidden_other_lines_text(hidden.other_lines))]
            if hidden.other_lines
            else []
        ),
        (_("导出人"), str(request.user)),
        (_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]
    headers = [str(column.label) for column in record_columns(rule)[:-1]]
    content = excel.workbook_bytes(
        sheet_title=_("明细"), headers=headers, rows=lines(), notes=notes, notes_title=_("说明")
    )
    filename = f"{rule.label}_{office.name}_{timezone.localdate().isoformat()}.xlsx"
    return download(content, filename.replace(" ", ""), content_type=excel.CONTENT_TYPE)


# --- helpers ------------------------------------------------------------------------------------


def record_columns(rule) -> tuple[Column, ...]:
    """序号, 记录, 所属机构, the rule's own columns (each sorts by its field), 操作."""
    office_field = access.office_field_of(rule.model)
    office_sort = f"{office_field}__name" if office_field else "name"
    own = [Column(label, path) for label, path in data_quality.columns_of(rule)]
    return (NUMBER, RECORD, Column(gettext_lazy("所属机构"), office_sort), *own, ACTIONS)


def _rows(user, rule, records) -> list[dict]:
    """What the list shows of each record: its name and page, its office, the rule's columns
    and the form that fixes it — a button for who may edit the record."""
    paths = [path for _label, path in data_quality.columns_of(rule)]
    rows = []
    for record in records:
        rows.append(
            {
                "record": record,
                "title": rule.title(record),
                "url": rule.record_url(record),
                "office": access.office_of(record),
                "cells": [_display(data_quality.column_value(record, path)) for path in paths],
                "fix": rule.fix(record),
                "may_edit": access.can_for(user, Cap.EDIT, record),
            }
        )
    return rows


def _office_from_request(request):
    """The office of `?office=` (default: the top of the user's statistics scope): 404 outside
    the user's sight, 403 without statistics there; with the office selector."""
    user = request.user
    asked = request.GET.get("office") or getattr(selectors.default_office(user), "pk", None)
    office = selectors.stats_office_or_404(user, asked)
    form = OfficeForm({"office": office.pk}, offices=selectors.stats_offices(user))
    return office, form


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)
