"""Pages of village (community) legal advisers: contracts, service logs, coverage.

Reads go through `sifa.practice.selectors.advisers`, writes through
`sifa.practice.actions.advisers`; a record out of the user's sight is not found (404), one seen
but not editable is forbidden (403).
"""

from __future__ import annotations

import contextlib
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.views import Column, paginate, save_valid, table_page
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.actions import advisers as actions
from sifa.practice.constants import LINE
from sifa.practice.constants_advisers import ContractStatus
from sifa.practice.forms_advisers import (
    ContractForm,
    EndForm,
    LogFilterForm,
    RenewForm,
    ServiceLogForm,
)
from sifa.practice.selectors import advisers as selectors
from sifa.practice.views.columns import INSTITUTION_COLUMN
from sifa.stats.registry import rate

CONTRACT_COLUMNS = (
    Column(gettext_lazy("村(社区)"), "office__name"),
    Column(gettext_lazy("乡镇(街道)"), "township__name"),
    Column(gettext_lazy("法律顾问"), "adviser__person__name"),
    INSTITUTION_COLUMN,
    Column(gettext_lazy("起始日期"), "starts_on"),
    Column(gettext_lazy("期满日期"), "ends_on"),
    Column(gettext_lazy("状态"), unsortable=gettext_lazy("按今天的日期计算")),
)
LOG_COLUMNS = (
    Column(gettext_lazy("服务日期"), "served_on"),
    Column(gettext_lazy("村(社区)"), "office__name"),
    Column(gettext_lazy("法律顾问"), "contract__adviser__person__name"),
    Column(gettext_lazy("服务类别"), "kind"),
    Column(gettext_lazy("服务时长（小时）"), "hours", numeric=True),
    Column(gettext_lazy("服务人次"), "persons", numeric=True),
)


def _require_view(user) -> None:
    if not access.has_capability_anywhere(user, Cap.VIEW, line=LINE):
        raise PermissionDenied(_("您没有权限查看村(社区)法律顾问。"))


def _form_page(request, form, *, title, back_url):
    return render(
        request, "core/form_page.html", {"title": title, "form": form, "back_url": back_url}
    )


@login_required
def contract_list(request):
    """村(社区)法律顾问合同: the contracts the user sees, with their state today."""
    _require_view(request.user)
    today = timezone.localdate()
    page = paginate(request, selectors.contracts(request.user), columns=CONTRACT_COLUMNS)
    for contract in page:
        contract.status_label = ContractStatus(contract.status_on(today)).label
    context = {
        "title": _("村(社区)法律顾问"),
        "empty": _("没有村(社区)法律顾问合同。"),
        "page_obj": page,
        "can_sign": selectors.villages_to_sign(request.user).exists(),
    }
    return render(request, "practice/advisers_contract_list.html", context)


@login_required
def contract_detail(request, pk):
    contract = selectors.contract_get(actor=request.user, pk=pk)
    logs = contract.logs.order_by("-served_on", "-pk")
    return table_page(
        request,
        "practice/advisers_contract_detail.html",
        logs,
        columns=LOG_COLUMNS,
        title=str(contract),
        contract=contract,
        status_label=ContractStatus(contract.status_on(timezone.localdate())).label,
        empty=_("还没有服务日志。"),
        can_sign=access.can(request.user, Cap.EDIT, contract.office, line=LINE),
        can_log=actions.may_log(request.user, contract),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_sign(request):
    """签订法律顾问合同 (the 司法所 or the bureau)."""
    villages = selectors.villages_to_sign(request.user)
    if not villages.exists():
        raise PermissionDenied(_("您无权签订村(社区)法律顾问合同。"))
    form = ContractForm(
        request.POST or None,
        villages=villages.order_by("path"),
        advisers=selectors.advisers_to_choose(request.user),
    )
    saved = save_valid(
        request, form, lambda: actions.contract_sign(actor=request.user, **form.cleaned_data)
    )
    if saved:
        contract = saved.result
        messages.success(request, _("已签订法律顾问合同。"))
        return redirect(contract.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("签订村(社区)法律顾问合同"),
        back_url=reverse("practice:adviser_contract_list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_renew(request, pk):
    contract = selectors.contract_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, contract.office, line=LINE)
    form = RenewForm(request.POST or None)
    saved = save_valid(
        request,
        form,
        lambda: actions.contract_renew(actor=request.user, contract=contract, **form.cleaned_data),
    )
    if saved:
        renewal = saved.result
        messages.success(request, _("已续签法律顾问合同。"))
        return redirect(renewal.get_absolute_url())
    title = _("续签：%(contract)s") % {"contract": contract}
    return _form_page(request, form, title=title, back_url=contract.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def contract_end(request, pk):
    contract = selectors.contract_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, contract.office, line=LINE)
    form = EndForm(request.POST or None)
    saved = save_valid(
        request,
        form,
        lambda: actions.contract_end(actor=request.user, contract=contract, **form.cleaned_data),
    )
    if saved:
        messages.success(request, _("已解除法律顾问合同。"))
        return redirect(contract.get_absolute_url())
    title = _("解除：%(contract)s") % {"contract": contract}
    return _form_page(request, form, title=title, back_url=contract.get_absolute_url())


def _log_page(request, contract, log=None):
    if not actions.may_log(request.user, contract):
        raise PermissionDenied(_("您无权为该合同登记服务日志。"))
    initial = None
    if log is not None:
        initial = {name: getattr(log, name) for name in ServiceLogForm.base_fields}
    form = ServiceLogForm(request.POST or None, initial=initial)
    saved = save_valid(
        request,
        form,
        lambda: actions.log_save(
            actor=request.user, contract=contract, log=log, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("已保存服务日志。"))
        return redirect(contract.get_absolute_url())
    title = _("服务日志：%(contract)s") % {"contract": contract}
    return _form_page(request, form, title=title, back_url=contract.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def log_add(request, pk):
    """登记服务日志 (the adviser's institution or the village's 司法所)."""
    return _log_page(request, selectors.contract_get(actor=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def log_edit(request, pk):
    log = selectors.log_get(actor=request.user, pk=pk)
    return _log_page(request, log.contract, log)


@login_required
def log_list(request):
    """法律顾问服务日志: every log the user sees (an institution: its advisers' only)."""
    _require_view(request.user)
    form = LogFilterForm(request.GET or None)
    rows = selectors.logs(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["date_from"]:
            rows = rows.filter(served_on__gte=data["date_from"])
        if data["date_to"]:
            rows = rows.filter(served_on__lte=data["date_to"])
    return table_page(
        request,
        "practice/advisers_log_list.html",
        rows,
        columns=LOG_COLUMNS,
        title=_("法律顾问服务日志"),
        empty=_("没有符合条件的服务日志。"),
        filters=form,
    )


@login_required
def coverage(request):
    """法律顾问覆盖情况: by township on a day, and the villages without an adviser."""
    _require_view(request.user)
    day = timezone.localdate()
    raw = request.GET.get("day")
    if raw:
        with contextlib.suppress(ValueError):
            day = datetime.date.fromisoformat(raw)
    rows = selectors.coverage_by_township(request.user, day)
    township = None
    if request.GET.get("township"):
        township = next((r.township for r in rows if str(r.township.pk) ==
                         request.GET["township"]), None)  # fmt: skip
        if township is None:
            raise Http404(_("未找到该记录。"))
    villages = sum(r.villages for r in rows)
    covered = sum(r.covered for r in rows)
    context = {
        "title": _("村(社区)法律顾问覆盖情况"),
        "day": day,
        "rows": rows,
        "villages": villages,
        "covered": covered,
        "uncovered_total": villages - covered,
        "rate": rate(covered, villages),
        "township": township,
        "uncovered": selectors.villages_without_adviser(request.user, day, township)[:500],
    }
    return render(request, "practice/advisers_coverage.html", context)
