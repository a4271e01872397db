"""Roster pages (承办机构和承办人员): the list with each provider's handlers, a provider's page,
forms to add and change providers and handlers, and taking them off / back on the roster.

Reads go through `sifa.legalaid.selectors.providers`, writes through
`sifa.legalaid.actions.providers`; out of sight → 404, seen but not editable → 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from sifa.core.masking import mask_id_number
from sifa.core.views import (
    Column,
    filtered_rows,
    list_page,
    offices_to_act_in,
    save_valid,
)
from sifa.legalaid.actions import providers as actions
from sifa.legalaid.forms import providers as forms
from sifa.legalaid.selectors import providers as selectors
from sifa.legalaid.views.pages import form_page, list_crumb
from sifa.orgs import access
from sifa.orgs.access import Cap

PROVIDER_COLUMNS = (
    Column(gettext_lazy("机构名称"), "name"),
    Column(gettext_lazy("机构类别"), "kind"),
    Column(gettext_lazy("名册所属机构"), "office__name"),
    Column(gettext_lazy("承办人员"), unsortable=gettext_lazy("一个承办机构有多名承办人员")),
    Column(gettext_lazy("状态"), "active"),
)


@login_required
def provider_list(request):
    """承办机构名册, each provider with its handlers."""
    user = request.user
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看承办机构。"), line="legalaid")
    filters, rows = filtered_rows(
        request,
        forms.ProviderFilterForm,
        selectors.provider_list,
        offices=selectors.offices_for_filter(actor=user),
    )
    return list_page(
        request,
        "legalaid/providers/provider_list.html",
        filters=filters,
        rows=rows,
        name="providers",
        columns=PROVIDER_COLUMNS,
        title=_("承办机构和人员"),
        caption=_("承办机构名册"),
        empty=_("没有符合条件的承办机构。"),
        can_add=selectors.offices_for_roster(actor=user).exists(),
    )


@login_required
def provider_detail(request, pk):
    provider = selectors.provider_get(actor=request.user, pk=pk)
    handlers = list(provider.handlers.all())
    for handler in handlers:
        handler.masked_id_number = mask_id_number(handler.person.id_number)
    context = {
        "provider": provider,
        "crumbs": list_crumb("legalaid:provider_list", _("承办机构和人员")),
        "handlers": handlers,
        "can_edit": access.can(request.user, Cap.EDIT, provider.office, line="legalaid"),
    }
    return render(request, "legalaid/providers/provider_detail.html", context)


def _roster_form(request, form, *, title, back_url, subject=None):
    crumbs = list_crumb("legalaid:provider_list", _("承办机构和人员"))
    return form_page(request, form, title=title, back_url=back_url, crumbs=crumbs, intro=subject)


def _toggle(request, set_active, record, provider_pk, **record_keyword):
    """移出名册 / 恢复在册 of a provider or a handler; back to the provider's page."""
    active = not record.active
    try:
        set_active(actor=request.user, active=active, **record_keyword)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已恢复在册。") if active else _("已移出名册。"))
    return redirect("legalaid:provider_detail", pk=provider_pk)


@login_required
@require_http_methods(["GET", "POST"])
def provider_create(request):
    user = request.user
    offices = offices_to_act_in(
        selectors.offices_for_roster(actor=user), _("您没有管理承办机构名册的权限。")
    )
    form = forms.ProviderForm(request.POST or None, offices=offices)
    saved = save_valid(
        request,
        form,
        lambda: actions.provider_create(
            actor=user, office=form.cleaned_data["office"], **form.values()
        ),
    )
    if saved:
        messages.success(request, _("已加入名册：%(name)s。") % {"name": saved.result.name})
        return redirect("legalaid:provider_detail", pk=saved.result.pk)
    back_url = reverse("legalaid:provider_list")
    return _roster_form(request, form, title=_("新增承办机构"), back_url=back_url)


@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(request, pk):
    user = request.user
    provider = access.editable(user, selectors.provider_get, pk)
    initial = {k: getattr(provider, k) for k in ("name", "kind", "credit_code", "phone")}
    form = forms.ProviderForm(
        request.POST or None, offices=None, provider=provider, initial=initial
    )
    if save_valid(
        request,
        form,
        lambda: actions.provider_update(actor=user, provider=provider, **form.values()),
    ):
        messages.success(request, _("已保存承办机构。"))
        return redirect("legalaid:provider_detail", pk=provider.pk)
    back_url = reverse("legalaid:provider_detail", args=[provider.pk])
    return _roster_form(request, form, title=_("修改承办机构"), back_url=back_url, subject=provider)


@require_POST
@login_required
def provider_toggle(request, pk):
    """移出名册 / 恢复在册."""
    provider = selectors.provider_get(actor=request.user, pk=pk)
    return _toggle(request, actions.provider_set_active, provider, provider.pk, provider=provider)


@login_required
@require_http_methods(["GET", "POST"])
def handler_create(request, pk):
    """加入承办人员 to a provider."""
    user = request.user
    provider = access.editable(user, selectors.provider_get, pk)
    form = forms.HandlerForm(request.POST or None, actor=user)
    saved = save_valid(
        request,
        form,
        lambda: actions.handler_create(
            actor=user, provider=provider, identity=form.identity(), **form.values()
        ),
    )
    if saved:
        name = saved.result.person.name
        messages.success(request, _("已加入承办人员：%(name)s。") % {"name": name})
        return redirect("legalaid:provider_detail", pk=provider.pk)
    back_url = reverse("legalaid:provider_detail", args=[provider.pk])
    return _roster_form(request, form, title=_("新增承办人员"), back_url=back_url, subject=provider)


@login_required
@require_http_methods(["GET", "POST"])
def handler_edit(request, pk):
    user = request.user
    handler = access.editable(user, selectors.handler_get, pk)
    keys = ("kind", "licence_number", "practising_since", "criminal_defence_since")
    initial = {k: getattr(handler, k) for k in (*keys, "juvenile_experience")}
    form = forms.HandlerForm(request.POST or None, actor=user, handler=handler, initial=initial)
    if save_valid(
        request,
        form,
        lambda: actions.handler_update(actor=user, handler=handler, **form.values()),
    ):
        messages.success(request, _("已保存承办人员。"))
        return redirect("legalaid:provider_detail", pk=handler.provider_id)
    back_url = reverse("legalaid:provider_detail", args=[handler.provider_id])
    return _roster_form(
        request, form, title=_("修改承办人员"), back_url=back_url, subject=handler.person
    )


@require_POST
@login_required
def handler_toggle(request, pk):
    handler = selectors.handler_get(actor=request.user, pk=pk)
    return _toggle(
        request, actions.handler_set_active, handler, handler.provider_id, handler=handler
    )
