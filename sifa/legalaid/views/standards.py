"""The rule tables of legal aid: 经济困难标准 (第34条), 办案补贴标准 (第52条) and the 试算
(try the eligibility rules on a set of facts).

Reading needs `view` (or `codes.manage`) somewhere; changing needs `codes.manage` somewhere —
these tables are configuration, not records of an office.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.views import save_valid
from sifa.legalaid.actions import standards as actions
from sifa.legalaid.constants import Basis, HardshipCheck
from sifa.legalaid.eligibility import assess
from sifa.legalaid.forms.standards import HardshipStandardForm, SubsidyRateForm, TrialForm
from sifa.legalaid.selectors import standards as selectors
from sifa.legalaid.views.pages import form_page


@login_required
def standard_list(request):
    """经济困难标准 and 办案补贴标准, the rows in force today marked."""
    selectors.require_reader(request.user)
    today = timezone.localdate()
    context = {
        "standards": selectors.hardship_standards(on=today),
        "rates": selectors.subsidy_rates(on=today),
        "today": today,
        "can_manage": selectors.may_manage(request.user),
    }
    return render(request, "legalaid/standards/standard_list.html", context)


@dataclass(frozen=True)
class _RuleTable:
    """One of the two rule tables as its add and edit pages see it: the form, the action that
    saves a row (it takes the edited row as ``row_keyword``), how a row is found, the titles."""

    form_class: type
    save: Callable
    row_of: Callable
    row_keyword: str
    add_title: str
    edit_title: str


def _rule_page(table: _RuleTable):
    """The view that adds a row to ``table`` (no ``pk``) or edits its row ``pk``; managers only."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk=None):
        row = None if pk is None else table.row_of(pk)
        actions.require_manager(request.user)
        initial = None if row is None else table.form_class.initial_from(row)
        form = table.form_class(request.POST or None, initial=initial)
        edited = {} if row is None else {table.row_keyword: row}
        if save_valid(
            request, form, lambda: table.save(actor=request.user, **edited, **form.cleaned_data)
        ):
            return redirect("legalaid:standard_list")
        title = table.add_title if row is None else table.edit_title
        return form_page(request, form, title=title, back_url=reverse("legalaid:standard_list"))

    return view


standard_add = standard_edit = _rule_page(
    _RuleTable(
        HardshipStandardForm,
        actions.hardship_standard_save,
        selectors.hardship_standard,
        "standard",
        gettext_lazy("新增经济困难标准"),
        gettext_lazy("修改经济困难标准"),
    )
)
subsidy_rate_add = subsidy_rate_edit = _rule_page(
    _RuleTable(
        SubsidyRateForm,
        actions.subsidy_rate_save,
        selectors.subsidy_rate,
        "rate",
        gettext_lazy("新增办案补贴标准"),
        gettext_lazy("修改办案补贴标准"),
    )
)


@login_required
def eligibility_trial(request):
    """试算: enter the facts, see the assessment and its explanation (nothing is saved)."""
    selectors.require_reader(request.user)
    form = TrialForm(request.GET or None)
    assessment = assess(form.facts()) if form.is_bound and form.is_valid() else None
    context = {"form": form, "assessment": assessment}
    if assessment is not None:
        context["basis_label"] = Basis(assessment.basis).label
        context["check_label"] = (
            HardshipCheck(assessment.hardship_check).label if assessment.hardship_check else ""
        )
    return render(request, "legalaid/standards/trial.html", context)
