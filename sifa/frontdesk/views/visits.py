"""Pages of the visitor register (来访登记) and the consultation events (法律咨询活动).

Reads through `sifa.frontdesk.selectors.visits`, writes through `sifa.frontdesk.actions.visits`;
out of sight → 404, seen but not editable → 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core import clock
from sifa.core.views import Column, Export, Register, edit_page, offices_to_act_in, save_valid
from sifa.frontdesk import forms
from sifa.frontdesk.actions import visits as actions
from sifa.frontdesk.constants import LINE
from sifa.frontdesk.selectors import visits as selectors
from sifa.frontdesk.views.conversions import targets_for
from sifa.orgs import access
from sifa.orgs.access import Cap

FORM_PAGE = "core/form_page.html"


def _require_view(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看来访登记。"), line=LINE)


VISIT_COLUMNS = (
    Column(gettext_lazy("来访时间"), "visited_at"),
    Column(gettext_lazy("来访人"), "visitor_name"),
    Column(gettext_lazy("事项类别"), "category"),
    Column(gettext_lazy("服务方式"), "service"),
    Column(gettext_lazy("转办转介去向"), "referred_to"),
    Column(gettext_lazy("满意度"), "satisfaction"),
    Column(gettext_lazy("接待机构"), "office__name"),
)


def _visit_headers():
    return [
        _("来访时间"), _("来访人"), _("事项类别"), _("来访事项"), _("服务方式"),
        _("转办转介去向"), _("满意度"), _("接待人员"), _("接待机构"),
    ]  # fmt: skip


def _visit_row(visit):
    return [
        clock.local(visit.visited_at),  # a time cell, not text
        visit.visitor_name,
        visit.get_category_display(),
        visit.matter,
        visit.get_service_display(),
        visit.referred_to,
        visit.get_satisfaction_display(),
        visit.received_by,
        visit.office.name,
    ]


VISITS = Register(
    title=gettext_lazy("来访登记"),
    template="frontdesk/visit_list.html",
    name="visits",
    columns=VISIT_COLUMNS,
    filter_form=forms.VisitFilterForm,
    rows_of=selectors.visit_list,
    filter_arguments=lambda user: {"offices": selectors.offices_for_filter(actor=user)},
    require_view=_require_view,
    export=Export(gettext_lazy("导出来访登记"), _visit_headers, _visit_row),
    context=lambda request, filters, rows: {
        "can_register": selectors.offices_for_desk(actor=request.user).exists()
    },
)
visit_list = VISITS.list_view()
visit_export = VISITS.export_view()


def _crumbs(url_name, label):
    return [(reverse(url_name), label)]


@login_required
@require_http_methods(["GET", "POST"])
def visit_register(request):
    """来访登记."""
    user = request.user
    offices = offices_to_act_in(selectors.offices_for_desk(actor=user), _("您没有登记来访的权限。"))
    form = forms.VisitForm(request.POST or None, actor=user, offices=offices)
    saved = save_valid(request, form, lambda: actions.visit_register(actor=user, **form.values()))
    if saved:
        messages.success(request, _("已登记来访。"))
        return redirect(saved.result)
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "title": _("来访登记"),
            "back_url": reverse("frontdesk:visit_list"),
            "crumbs": _crumbs("frontdesk:visit_list", _("来访登记")),
            "submit_label": _("登记"),
        },
    )


@login_required
def visit_detail(request, pk):
    user = request.user
    visit = selectors.visit_get(actor=user, pk=pk)
    can_edit = access.can_for(user, Cap.EDIT, visit)
    done = {c.target for c in selectors.visit_conversions(visit)}
    targets = [t for t in targets_for(visit) if t.key not in done] if can_edit else []
    return render(
        request,
        "frontdesk/visit_detail.html",
        {"visit": visit, "can_edit": can_edit, "targets": targets},
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_rate(request, pk):
    """满意度评价."""
    user = request.user
    visit = access.editable(user, selectors.visit_get, pk)
    form = forms.RateForm(request.POST or None, initial={"satisfaction": visit.satisfaction})
    saved = save_valid(
        request,
        form,
        lambda: actions.visit_rate(actor=user, visit=visit, **form.cleaned_data),
    )
    if saved:
        messages.success(request, _("已登记满意度。"))
        return redirect(visit)
    context = {
        "form": form,
        "title": _("满意度评价"),
        "back_url": visit.get_absolute_url(),
        "crumbs": _crumbs("frontdesk:visit_list", _("来访登记")),
    }
    return edit_page(request, FORM_PAGE, context, visit)


# --- 法律咨询活动 ------------------------------------------------------------------------------

EVENT_COLUMNS = (
    Column(gettext_lazy("活动日期"), "held_on"),
    Column(gettext_lazy("活动地点"), "place"),
    Column(gettext_lazy("活动主题"), "topic"),
    Column(gettext_lazy("场次"), "sessions", numeric=True),
    Column(gettext_lazy("咨询人次"), "persons", numeric=True),
    Column(gettext_lazy("组织机构"), "office__name"),
)


def _event_headers():
    return [_("活动日期"), _("活动地点"), _("活动主题"), _("场次"), _("咨询人次"), _("组织机构")]


def _event_row(event):
    return [
        event.held_on,
        event.place,
        event.topic,
        event.sessions,
        event.persons,
        event.office.name,
    ]


def _require_view_events(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看法律咨询活动。"), line=LINE)


EVENTS = Register(
    title=gettext_lazy("法律咨询活动"),
    template="frontdesk/event_list.html",
    name="events",
    columns=EVENT_COLUMNS,
    filter_form=forms.EventFilterForm,
    rows_of=selectors.event_list,
    filter_arguments=lambda user: {"offices": selectors.offices_for_filter(actor=user)},
    require_view=_require_view_events,
    export=Export(gettext_lazy("导出法律咨询活动"), _event_headers, _event_row),
    context=lambda request, filters, rows: {
        "can_register": selectors.offices_for_desk(actor=request.user).exists()
    },
)
event_list = EVENTS.list_view()
event_export = EVENTS.export_view()


@login_required
@require_http_methods(["GET", "POST"])
def event_register(request):
    """登记法律咨询活动."""
    user = request.user
    offices = offices_to_act_in(
        selectors.offices_for_desk(actor=user), _("您没有登记法律咨询活动的权限。")
    )
    form = forms.EventForm(request.POST or None, offices=offices)
    saved = save_valid(request, form, lambda: actions.event_record(actor=user, **form.cleaned_data))
    if saved:
        messages.success(request, _("已登记法律咨询活动。"))
        return redirect("frontdesk:event_list")
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "title": _("登记法律咨询活动"),
            "back_url": reverse("frontdesk:event_list"),
            "crumbs": _crumbs("frontdesk:event_list", _("法律咨询活动")),
            "submit_label": _("登记"),
        },
    )
