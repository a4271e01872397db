"""Pages of reviews (复查, 公证法 第39条) and free legal consultations (义务解答公证法律咨询)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.navigation import page_gate
from sifa.core.views import Column, filtered_rows, form_page, list_page
from sifa.notary import actions, forms
from sifa.notary.constants import LINE, ReviewStatus
from sifa.notary.selectors import notarisations as selectors
from sifa.orgs import access
from sifa.orgs.access import Cap


def _require_view(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看公证业务。"), line=LINE)


REVIEW_COLUMNS = (
    Column(gettext_lazy("受理编号"), "notarisation__number"),
    Column(gettext_lazy("公证机构"), "office__name"),
    Column(gettext_lazy("复查申请人"), "requested_by"),
    Column(gettext_lazy("收到日期"), "received_on"),
    Column(gettext_lazy("复查期限"), "due_on"),
    Column(gettext_lazy("状态"), "status"),
    Column(gettext_lazy("复查结果"), "outcome"),
)


@login_required
def review_list(request):
    """公证复查: the reviews the user sees, open ones first by their deadline."""
    _require_view(request.user)
    status = request.GET.get("status", "")
    if status not in ReviewStatus.values:
        status = ""
    return list_page(
        request,
        "notary/review_list.html",
        filters=None,
        rows=selectors.review_rows(actor=request.user, status=status),
        name="rows",
        columns=REVIEW_COLUMNS,
        title=_("公证复查"),
        empty=_("没有复查申请。"),
    )


@login_required
def review_detail(request, pk):
    review = selectors.review_get(actor=request.user, pk=pk)
    can_edit = access.can_for(request.user, Cap.EDIT, review)
    context = {
        "review": review,
        "can_decide": can_edit and review.status == ReviewStatus.RECEIVED,
    }
    return render(request, "notary/review_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_decide(request, pk):
    """作出复查决定: 维持, 更正 or 撤销."""
    review = access.editable(request.user, selectors.review_get, pk)
    form = forms.ReviewDecideForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: actions.review_decide(actor=request.user, review=review, **form.cleaned_data),
        done=_("已作出复查决定。"),
        title=_("作出复查决定：%(r)s") % {"r": review},
        back_url=review.get_absolute_url(),
        record=review,
    )


CONSULTATION_COLUMNS = (
    Column(gettext_lazy("日期"), "held_on"),
    Column(gettext_lazy("公证机构"), "office__name"),
    Column(gettext_lazy("方式"), "way"),
    Column(gettext_lazy("人次"), "persons", numeric=True),
    Column(gettext_lazy("咨询内容"), "topic"),
    Column(gettext_lazy("解答人"), "answered_by"),
)


def _may_record(user) -> bool:
    return selectors.offices_for_recording(actor=user).exists()


@login_required
def consultation_list(request):
    """义务解答公证法律咨询: the records the user sees (人次)."""
    _require_view(request.user)
    filters, rows = filtered_rows(
        request,
        forms.ConsultationFilterForm,
        selectors.consultation_rows,
        offices=selectors.offices_for_filter(actor=request.user),
    )
    return list_page(
        request,
        "notary/consultation_list.html",
        filters=filters,
        rows=rows,
        name="rows",
        columns=CONSULTATION_COLUMNS,
        title=_("公证法律咨询"),
        empty=_("没有符合条件的咨询记录。"),
        can_record=_may_record(request.user),
    )


@login_required
@page_gate(_may_record, gettext_lazy("您没有在公证机构登记咨询的权限。"))
@require_http_methods(["GET", "POST"])
def consultation_record(request):
    """登记公证法律咨询 (a day's or an event's 人次)."""
    offices = selectors.offices_for_recording(actor=request.user)
    form = forms.ConsultationForm(request.POST or None, offices=offices)
    return form_page(
        request,
        form,
        lambda: actions.consultation_record(actor=request.user, **form.cleaned_data),
        done=_("已登记公证法律咨询。"),
        title=_("登记公证法律咨询"),
        back_url=reverse("notary:consultation_list"),
    )
