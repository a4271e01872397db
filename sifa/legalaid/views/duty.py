"""Duty pages (值班): the week's roster by office, adding a week, recording a shift.

Reads go through `sifa.legalaid.selectors.duty`, writes through `sifa.legalaid.actions.duty`;
out of sight → 404, seen but not editable → 403.
"""

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
from sifa.legalaid.actions import duty as actions
from sifa.legalaid.forms import duty as forms
from sifa.legalaid.selectors import duty as selectors
from sifa.legalaid.selectors import providers as provider_selectors
from sifa.legalaid.views.pages import form_page, list_crumb
from sifa.orgs import access
from sifa.orgs.access import Cap


def _week_url(monday: datetime.date, office=None) -> str:
    query = f"?week={monday.isoformat()}"
    if office is not None:
        query += f"&within={office.pk}"
    return reverse("legalaid:duty_list") + query


def _duty_form(request, form, *, title, template, **extra):
    return form_page(
        request,
        form,
        title=title,
        back_url=reverse("legalaid:duty_list"),
        crumbs=list_crumb("legalaid:duty_list", _("值班")),
        template=template,
        **extra,
    )


@login_required
def duty_list(request):
    """值班表: one week, grouped by office then day."""
    user = request.user
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看值班。"), line="legalaid")
    filters = forms.DutyFilterForm(
        request.GET or None, offices=selectors.offices_for_filter(actor=user)
    )
    monday = filters.monday()
    office = filters.value("within", None)
    shifts = selectors.duty_week(actor=user, week_of=monday, office=office)
    if filters.is_bound and not filters.is_valid():
        shifts = shifts.none()
    today = timezone.localdate()
    rows = list(shifts)
    for shift in rows:
        shift.can_edit = access.can(user, Cap.EDIT, shift.office, line="legalaid")
        shift.past = shift.on_date <= today
    groups = [
        {"office": key, "shifts": list(items)} for key, items in groupby(rows, lambda s: s.office)
    ]
    context = {
        "filters": filters,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous_url": _week_url(monday - datetime.timedelta(days=7), office),
        "next_url": _week_url(monday + datetime.timedelta(days=7), office),
        "groups": groups,
        "total_helped": sum(s.persons_helped for s in rows),
        "can_add": selectors.offices_for_duty(actor=user).exists(),
    }
    return render(request, "legalaid/duty/duty_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def duty_week_add(request):
    """排班: a week's shifts at one office."""
    user = request.user
    offices = offices_to_act_in(selectors.offices_for_duty(actor=user), _("您没有安排值班的权限。"))
    handlers = provider_selectors.handler_list(actor=user)
    form = forms.DutyWeekForm(request.POST or None, offices=offices)
    formset = forms.ShiftFormSet(request.POST or None, prefix=forms.SHIFT_PREFIX, handlers=handlers)
    shift_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        monday = actions.week_start(form.cleaned_data["week"])
        office = form.cleaned_data["office"]
        shifts = [
            f.shift_input(monday) for f in formset.forms if f.cleaned_data and not f.is_blank()
        ]
        try:
            created = actions.duty_week_add(
                actor=user, office=office, week_of=monday, shifts=shifts
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    if field == "shifts":
                        shift_errors.extend(m for e in errors for m in e.messages)
                    else:
                        form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("已安排%(n)d个班次。") % {"n": len(created)})
            return redirect(_week_url(monday, office))
    return _duty_form(
        request,
        form,
        title=_("排班"),
        template="legalaid/duty/week_form.html",
        formset=formset,
        shift_errors=shift_errors,
    )


@login_required
@require_http_methods(["GET", "POST"])
def duty_shift_record(request, pk):
    """值班情况: persons helped on a shift."""
    user = request.user
    shift = access.editable(user, selectors.shift_get, pk)
    form = forms.DutyRecordForm(
        request.POST or None,
        initial={"persons_helped": shift.persons_helped, "notes": shift.notes},
    )
    if save_valid(
        request,
        form,
        lambda: actions.duty_record_help(actor=user, shift=shift, **form.cleaned_data),
    ):
        messages.success(request, _("已登记值班情况。"))
        return redirect(_week_url(actions.week_start(shift.on_date), shift.office))
    return _duty_form(
        request,
        form,
        title=_("登记值班情况"),
        template="legalaid/duty/record_form.html",
        shift=shift,
        record=shift,  # an edit page of the shift (its report month's warning)
    )


@require_POST
@login_required
def duty_shift_remove(request, pk):
    shift = selectors.shift_get(actor=request.user, pk=pk)
    target = _week_url(actions.week_start(shift.on_date), shift.office)
    try:
        actions.duty_shift_remove(actor=request.user, shift=shift)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已取消该班次。"))
    return redirect(target)
