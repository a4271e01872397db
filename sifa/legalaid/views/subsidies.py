"""办案补贴 (第52条) pages: batches with their totals, the cases waiting for one, a new batch
and its payment. Reads through `sifa.legalaid.selectors.subsidies`, writes through
`sifa.legalaid.actions.subsidies`; 404 outside the user's sight, 403 where not allowed.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.views import Column, paginate, save_valid
from sifa.legalaid.actions import subsidies as actions
from sifa.legalaid.forms.subsidies import BatchForm, PayForm
from sifa.legalaid.selectors import subsidies as selectors
from sifa.legalaid.views.pages import form_page
from sifa.legalaid.views.quality import application_url
from sifa.orgs import access
from sifa.orgs.access import Cap


def _with_links(cases):
    for case in cases:
        case.detail_url = application_url(case.pk)
    return cases


BATCH_COLUMNS = (
    Column(gettext_lazy("批次名称"), "title"),
    Column(gettext_lazy("法律援助中心"), "office__name"),
    Column(gettext_lazy("发放日期"), "paid_on"),
    Column(gettext_lazy("件数"), "case_count", numeric=True),  # annotations
    Column(gettext_lazy("金额（元）"), "total", numeric=True),
)


@login_required
def subsidy_batch_list(request):
    """补贴发放批次, and the archived cases not yet in a batch with their amounts."""
    access.require_anywhere(request.user, Cap.VIEW, _("您没有权限查看此页面。"), line="legalaid")
    page = paginate(request, selectors.batches(request.user), columns=BATCH_COLUMNS)
    pending = _with_links(selectors.pending_cases(request.user))
    context = {
        "title": _("办案补贴发放"),
        "page_obj": page,
        "batches": page.object_list,
        "pending": pending,
        "pending_total": sum((c.amount for c in pending if c.amount is not None), Decimal("0")),
        "can_create": selectors.paying_centres(request.user).exists(),
    }
    return render(request, "legalaid/subsidies/batch_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_batch_create(request):
    """新建发放批次: collect a centre's archived cases with an amount and no batch."""
    centres = selectors.paying_centres(request.user)
    if not centres.exists():
        raise PermissionDenied(_("您没有权限执行此操作。"))
    form = BatchForm(request.POST or None, centres=centres)
    saved = save_valid(
        request,
        form,
        lambda: actions.subsidy_batch_create(actor=request.user, **form.cleaned_data),
    )
    if saved:
        return redirect("legalaid:subsidy_batch_detail", pk=saved.result.pk)
    back_url = reverse("legalaid:subsidy_batch_list")
    return form_page(request, form, title=_("新建补贴发放批次"), back_url=back_url)


@login_required
def subsidy_batch_detail(request, pk):
    """发放批次详情: its cases and amounts."""
    batch = selectors.batch(request.user, pk)
    cases = _with_links(list(selectors.batch_cases(request.user, batch)))
    for case in cases:
        case.amount = case.subsidy_amount  # what the batch pays, as the pending list shows it
    context = {
        "batch": batch,
        "cases": cases,
        "can_pay": batch.paid_on is None
        and access.can(request.user, Cap.EDIT, batch.office, line="legalaid"),
    }
    return render(request, "legalaid/subsidies/batch_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_batch_pay(request, pk):
    """发放: record the payment date of a batch."""
    batch = selectors.batch(request.user, pk)
    access.require_for(request.user, Cap.EDIT, batch)
    form = PayForm(request.POST or None)
    if save_valid(
        request,
        form,
        lambda: actions.subsidy_batch_pay(actor=request.user, batch=batch, **form.cleaned_data),
    ):
        return redirect("legalaid:subsidy_batch_detail", pk=batch.pk)
    return form_page(
        request,
        form,
        title=_("发放补贴：%(title)s") % {"title": batch.title},
        back_url=reverse("legalaid:subsidy_batch_detail", args=[batch.pk]),
    )
