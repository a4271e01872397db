"""The rule tables of legal aid: 经济困难标准 (第34条), 办案补贴标准 (第52条) and the 试算
(try the eligibility rules on a set of facts).

Reading needs `view` (or `codes.manage`) somewhere; changing needs `codes.manage` somewhere —
these tables are configuration, not records of an office.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sifa.legalaid.actions import standards as actions
from sifa.legalaid.constants import Basis, HardshipCheck
from sifa.legalaid.eligibility import assess
from sifa.legalaid.forms.standards import HardshipStandardForm, SubsidyRateForm, TrialForm
from sifa.legalaid.selectors import standards as selectors
from sifa.legalaid.views.pages import form_page, save_valid


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


def _save(request, *, form, action, title, **kwargs):
    if save_valid(request, form, lambda: action(actor=request.user, **kwargs, **form.cleaned_data)):
        return redirect("legalaid:standard_list")
    return form_page(request, form, title=title, back_url=reverse("legalaid:standard_list"))


@login_required
@require_http_methods(["GET", "POST"])
def standard_add(request):
    actions.require_manager(request.user)
    return _save(
        request,
        form=HardshipStandardForm(request.POST or None),
        action=actions.hardship_standard_save,
        title=_("新增经济困难标准"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request, pk):
    standard = selectors.hardship_standard(pk)
    actions.require_manager(request.user)
    form = HardshipStandardForm(
        request.POST or None, initial=HardshipStandardForm.initial_from(standard)
    )
    return _save(
        request,
        form=form,
        action=actions.hardship_standard_save,
        title=_("修改经济困难标准"),
        standard=standard,
    )


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_rate_add(request):
    actions.require_manager(request.user)
    return _save(
        request,
        form=SubsidyRateForm(request.POST or None),
        action=actions.subsidy_rate_save,
        title=_("新增办案补贴标准"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_rate_edit(request, pk):
    rate = selectors.subsidy_rate(pk)
    actions.require_manager(request.user)
    form = SubsidyRateForm(request.POST or None, initial=SubsidyRateForm.initial_from(rate))
    return _save(
        request,
        form=form,
        action=actions.subsidy_rate_save,
        title=_("修改办案补贴标准"),
        rate=rate,
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
