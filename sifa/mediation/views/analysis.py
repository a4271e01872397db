"""The dispute early-warning analysis page (矛盾纠纷研判, issue 3 item 8).

One month, one office subtree the user may read figures of: cases accepted per child office ×
dispute type (本月 / 上月 / 去年同月, 环比 and 同比), and the warnings of
`sifa.mediation.analysis`, each linking to the records behind it. Figures come from
`sifa.stats.registry.records` for a Scope carrying the user (the `mediation.cases_accepted`
indicator), offices from the statistics selectors (out of sight 404, seen only 403).
"""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sifa.core.codes import code_labels
from sifa.mediation import analysis
from sifa.mediation.constants import DISPUTE_TYPE_CODE_LIST
from sifa.mediation.selectors import committees as committee_selectors
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.stats import registry
from sifa.stats import selectors as stats_selectors
from sifa.stats.registry import Scope

INDICATOR = "mediation.cases_accepted"
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def _chosen_month(raw: str, default: date) -> tuple[date, str]:
    """The month of `?month=YYYY-MM` (first day), or the default with an error message."""
    match = MONTH_PATTERN.match(raw or "")
    if not raw:
        return default, ""
    if match and int(match.group(1)) >= 1 and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1), ""
    return default, _("月份格式应为 年-月（如 2026-03），已显示上一个完整月份。")


def _units(user, office: Office) -> list[tuple[Office, str, bool]]:
    """(office, label, own_only) per column: the children, then 本级; the office if childless."""
    children = list(
        access.within(access.visible_offices(user, Cap.STATS), office)
        .filter(depth=office.depth + 1)
        .order_by("path")
    )
    if not children:
        return [(office, office.name, False)]
    own = (office, _("%(office)s本级") % {"office": office.name}, True)
    return [(child, child.name, False) for child in children] + [own]


def _records_url(office: Office, month: date, *, code: str, own_only: bool) -> str:
    params = {
        "office": office.pk,
        "from": month.isoformat(),
        "to": analysis.month_end(month).isoformat(),
        "breakdown": "type",
        "value": code,
    }
    if own_only:
        params["own"] = 1
    return f"{reverse('stats:records', args=[INDICATOR])}?{urlencode(params)}"


def _case_list_url(office: Office, start: date, end: date, q: str = "") -> str:
    params = {"date_from": start.isoformat(), "date_to": end.isoformat()}
    # The case list's 所属机构 filter offers bureaus, 司法所 and centres only; for a committee
    # the period (and name) narrow the list within the user's own scope instead.
    if office.kind in committee_selectors.FILTER_OFFICE_KINDS:
        params["within"] = office.pk
    if q:
        params["q"] = q
    return f"{reverse('mediation:case_list')}?{urlencode(params)}"


def _row(counts, unit: Office, label: str, own_only: bool, code: str, month: date, labels):
    """One office × dispute type: this month, 上月, 去年同月, the 6-month mean and the flag."""

    def figure(months_back: int) -> int:
        return counts.get((unit.path, code, analysis.shift_month(month, -months_back)), 0)

    current, previous, last_year = figure(0), figure(1), figure(12)
    history = [figure(i) for i in range(1, analysis.HISTORY_MONTHS + 1)]
    return {
        "office": label,
        "type": labels.get(code, code),
        "code": code,
        "current": current,
        "previous": previous,
        "last_year": last_year,
        "mom": analysis.change_phrase(current, previous, kind="mom"),
        "yoy": analysis.change_phrase(current, last_year, kind="yoy"),
        "mean": sum(history) / len(history),
        "flagged": analysis.is_unusual_rise(current, history),
        "url": _records_url(unit, month, code=code, own_only=own_only),
    }


def _table(user, office: Office, month: date) -> tuple[list[dict], list[dict]]:
    """The rows (office × type with a figure in one of the compared months) and the rises."""
    indicator = registry.get(INDICATOR)
    window = Scope(office, analysis.shift_month(month, -12), analysis.month_end(month), user=user)
    units = _units(user, office)
    has_children = units[0][0] != office
    branch_length = len(office.path) + (Office.steplen if has_children else 0)
    counts = analysis.monthly_counts(registry.records(indicator, window), branch_length)
    labels = code_labels(DISPUTE_TYPE_CODE_LIST)
    rows, warnings = [], []
    for unit, unit_label, own_only in units:
        for code in sorted({t for (branch, t, _month) in counts if branch == unit.path}):
            row = _row(counts, unit, unit_label, own_only, code, month, labels)
            if not (row["current"] or row["previous"] or row["last_year"]):
                continue
            rows.append(row)
            if row["flagged"]:
                sentence = analysis.rise_sentence(
                    office=unit_label,
                    dispute_type=row["type"],
                    current=row["current"],
                    previous=row["previous"],
                    last_year=row["last_year"],
                    mean=row["mean"],
                )
                warnings.append({"text": sentence, "url": row["url"]})
    return rows, warnings


def _repeats(user, office: Office, month: date) -> list[dict]:
    indicator = registry.get(INDICATOR)
    start = analysis.shift_month(month, -(analysis.REPEAT_WINDOW_MONTHS - 1))
    end = analysis.month_end(month)
    qs = registry.records(indicator, Scope(office, start, end, user=user))
    # Names and addresses are record details: only in the offices where the user reads mediation.
    qs = access.line_scope(user, qs, within_office=office)
    warnings = [
        {
            "text": analysis.repeat_party_sentence(name=r.label, cases=r.cases),
            "url": _case_list_url(office, start, end, q=r.label),
        }
        for r in analysis.repeat_parties(qs)
    ]
    warnings += [
        {
            "text": analysis.repeat_address_sentence(address=r.label, cases=r.cases),
            "url": _case_list_url(office, start, end),
        }
        for r in analysis.repeat_addresses(qs)
    ]
    return warnings


def _office_choices(offices) -> list[tuple[int, str]]:
    """(pk, name indented by depth) for the office chooser, as on the statistics pages."""
    offices = list(offices)
    top = min((o.depth for o in offices), default=1)
    return [(o.pk, "\u3000" * (o.depth - top) + o.name) for o in offices]


@login_required
def analysis_page(request):
    """纠纷研判: the chosen (default: last complete) month of the chosen (default: top) office."""
    user = request.user
    stats_selectors.require_stats(user)
    default_office = stats_selectors.default_office(user)
    office = stats_selectors.stats_office_or_404(
        user, request.GET.get("office") or default_office.pk
    )
    default_month = analysis.last_complete_month(timezone.localdate())
    month, month_error = _chosen_month(request.GET.get("month", ""), default_month)
    rows, rise_warnings = _table(user, office, month)
    context = {
        "title": _("纠纷研判"),
        "office": office,
        "offices": _office_choices(stats_selectors.stats_offices(user)),
        "month": month,
        "month_value": f"{month.year:04d}-{month.month:02d}",
        "month_error": month_error,
        "rows": rows,
        "rise_warnings": rise_warnings,
        "repeat_warnings": _repeats(user, office, month),
    }
    return render(request, "mediation/analysis/analysis.html", context)
