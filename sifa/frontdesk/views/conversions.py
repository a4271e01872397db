"""转办 pages: a visit becomes another line's record, its form prefilled from the visit.

`FORMS` is the views' half of the table of targets (`sifa.frontdesk.actions.conversions.TARGETS`
is the actions' half): for each target, its form and the offices it may go to. Adding a target
is one row in each (docs/frontdesk.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sifa.core.forms import add_action_errors
from sifa.core.views import edit_page
from sifa.frontdesk import forms
from sifa.frontdesk.actions import conversions as actions
from sifa.frontdesk.constants import Target
from sifa.frontdesk.selectors import conversions as destinations
from sifa.frontdesk.selectors import visits as selectors
from sifa.orgs import access


@dataclass(frozen=True)
class TargetForm:
    """The form of one target and the offices (`offices(actor=)`) its record may be kept in."""

    form: type
    offices: Callable
    respondent: bool = False  # a mediation case also names the 被申请人


FORMS: dict[str, TargetForm] = {
    Target.MEDIATION_CASE: TargetForm(
        forms.ToMediationCaseForm, destinations.mediation_committees, respondent=True
    ),
    Target.LEGALAID_CONSULTATION: TargetForm(
        forms.ToLegalaidConsultationForm, destinations.legalaid_consultation_offices
    ),
    Target.LEGALAID_APPLICATION: TargetForm(
        forms.ToLegalaidApplicationForm, destinations.legalaid_application_offices
    ),
    Target.NOTARISATION: TargetForm(forms.ToNotarisationForm, destinations.notary_offices),
    Target.APPRAISAL: TargetForm(forms.ToAppraisalForm, destinations.forensic_offices),
}


@dataclass(frozen=True)
class Offer:
    key: str
    label: str
    url: str


def targets_for(visit) -> list[Offer]:
    """The targets a visit may be turned into (the buttons on its page)."""
    return [
        Offer(
            key,
            actions.TARGETS[key].label,
            reverse("frontdesk:visit_convert", args=[visit.pk, key]),
        )
        for key in FORMS
        if key in actions.TARGETS
    ]


@login_required
@require_http_methods(["GET", "POST"])
def visit_convert(request, pk, target):
    """转办: the target's form, prefilled from the visit; saving creates and links the record."""
    if target not in FORMS or target not in actions.TARGETS:
        raise Http404
    user = request.user
    visit = access.editable(user, selectors.visit_get, pk)
    spec, page = actions.TARGETS[target], FORMS[target]
    offices = page.offices(actor=user)
    form = page.form(
        request.POST or None,
        actor=user,
        visit=visit,
        offices=offices,
        needs_person=spec.needs_person,
    )
    respondent = forms.RespondentForm(request.POST or None, actor=user) if page.respondent else None
    if (
        request.method == "POST"
        and form.is_valid()
        and (respondent is None or respondent.is_valid())
    ):
        values = form.values()
        if respondent is not None:
            values["respondent"] = {
                "identity": respondent.identity()
                if respondent.cleaned_data.get("id_number")
                else None,
                **respondent.fields_of_party(),
            }
        try:
            record = actions.visit_convert(
                actor=user, visit=visit, target=target, identity=form.identity(), **values
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request,
                _("已转为%(label)s：%(title)s。")
                % {"label": spec.label, "title": spec.title(record)},
            )
            return redirect(visit)
    if not offices.exists():
        messages.warning(request, _("您没有在可受理该事项的机构登记的权限，请联系相关机构办理。"))
    context = {
        "form": form,
        "respondent": respondent,
        "visit": visit,
        "title": _("转为%(label)s") % {"label": spec.label},
        "back_url": visit.get_absolute_url(),
        "crumbs": [
            (reverse("frontdesk:visit_list"), _("来访登记")),
            (visit.get_absolute_url(), str(visit)),
        ],
        "submit_label": _("转办"),
    }
    return edit_page(request, "frontdesk/visit_convert.html", context, visit)
