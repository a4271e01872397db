"""The centre's duty roster (值班表): legal aid's duty shifts at the front desks, read through
`sifa.frontdesk.selectors.roster` and written through `sifa.frontdesk.actions.roster` — both the
legal-aid line's front door. The shifts are legal-aid records: a user works on them with the
legal-aid line granted (docs/frontdesk.md)."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sifa.core.views import offices_to_act_in, save_valid
from sifa.frontdesk import forms
from sifa.frontdesk.actions import roster as actions
from sifa.frontdesk.selectors import roster as selectors
from sifa.orgs import access
from sifa.orgs.access import Cap

DUTY_LINE = "legalaid"  # the shifts' line (legal aid's DutyShift)


def _week_url(monday, office=None) -> str:
    query = f"?week={monday.isoformat()}"
    if office is not None:
        query += f"&within={office.pk}"
    return reverse("frontdesk:roster") + query


@login_required
def roster(request):
    """值班表: the week's front-desk shifts by centre or station, with sign-in and sign-out."""
    user = request.user
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看值班表。"), line=DUTY_LINE)
    filters = forms.RosterFilterForm(
        request.GET or None, offices=selectors.offices_for_filter(actor=user)
    )
    arguments = filters.selector_arguments()
    monday = arguments["week_of"]
    shifts = selectors.roster_week(actor=user, **arguments)
    if filters.is_bound and not filters.is_valid():
        shifts = shifts.none()
    today = timezone.localdate()
    rows = list(shifts)
    for shift in rows:
        shift.can_edit = access.can(user, Cap.EDIT, shift.office, line=DUTY_LINE)
        shift.today = shift.on_date == today
    groups = [
        {"office": key, "shifts": list(items)} for key, items in groupby(rows, lambda s: s.office)
    ]
    context = {
        "filters": filters,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous_url": _week_url(monday - datetime.timedelta(days=7), arguments["office"]),
        "next_url": _week_url(monday + datetime.timedelta(days=7), arguments["office"]),
        "groups": groups,
        "signed_in": sum(1 for s in rows if s.signed_in_at),
        "can_add": selectors.offices_for_duty(actor=user).exists(),
    }
    return render(request, "frontdesk/roster.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def shift_add(request):
    """排班: one shift at a front desk."""
    user = request.user
    offices = offices_to_act_in(selectors.offices_for_duty(actor=user), _("您没有安排值班的权限。"))
    form = forms.ShiftForm(
        request.POST or None, offices=offices, handlers=selectors.handlers_for_duty(actor=user)
    )
    saved = save_valid(request, form, lambda: actions.shift_add(actor=user, **form.cleaned_data))
    if saved:
        shift = saved.result
        messages.success(request, _("已排班。"))
        return redirect(_week_url(shift.on_date - datetime.timedelta(days=shift.on_date.weekday())))
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("排班"),
            "back_url": reverse("frontdesk:roster"),
            "crumbs": [(reverse("frontdesk:roster"), _("值班表"))],
        },
    )


def _sign(request, pk, action, done):
    shift = access.editable(request.user, selectors.shift_get, pk)
    try:
        action(actor=request.user, shift=shift)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(_week_url(shift.on_date - datetime.timedelta(days=shift.on_date.weekday())))


@require_POST
@login_required
def shift_sign_in(request, pk):
    return _sign(request, pk, actions.shift_sign_in, _("已签到。"))


@require_POST
@login_required
def shift_sign_out(request, pk):
    return _sign(request, pk, actions.shift_sign_out, _("已签退。"))
