"""Pages of the integrity file (诚信档案) for staff: an institution's and a practitioner's file,
登记表彰奖励, 登记公益法律服务, and 公开 / 撤回公开 of a substantiated complaint.

Reads go through `sifa.practice.selectors` (scoped by `sifa.orgs.access`), writes through
`sifa.practice.actions.integrity`; a record out of the user's sight is not found (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sifa.core.views import edit_page, save_valid
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.actions import integrity as actions
from sifa.practice.constants import HELD, LINE
from sifa.practice.forms_integrity import (
    PublicServiceForm,
    PublishForm,
    RewardForm,
    UnpublishForm,
)
from sifa.practice.selectors import integrity as selectors
from sifa.practice.selectors.registers import (
    institution_get,
    practitioner_get,
    practitioner_list,
)


@login_required
def institution_file(request, pk):
    """诚信档案 of an institution."""
    institution = institution_get(actor=request.user, pk=pk)
    context = {
        "title": _("诚信档案：%(name)s") % {"name": institution},
        "institution": institution,
        "publishable": selectors.publishable_complaints(
            actor=request.user, institution=institution
        ),
        **selectors.institution_file(actor=request.user, institution=institution),
    }
    return render(request, "practice/integrity_institution.html", context)


@login_required
def practitioner_file(request, pk):
    """诚信档案 of a practitioner."""
    practitioner = practitioner_get(actor=request.user, pk=pk)
    context = {
        "title": _("诚信档案：%(name)s") % {"name": practitioner},
        "practitioner": practitioner,
        **selectors.practitioner_file(actor=request.user, practitioner=practitioner),
    }
    return render(request, "practice/integrity_practitioner.html", context)


def _subject_page(request, pk, form_class, record_action, *, title, done):
    institution = institution_get(actor=request.user, pk=pk)
    if not selectors.may_keep_file(actor=request.user, institution=institution):
        raise PermissionDenied(_("诚信档案由主管司法局登记。"))
    practitioners = practitioner_list(actor=request.user, institution=institution).filter(
        status__in=HELD
    )
    initial = {}
    chosen = request.GET.get("practitioner")
    if chosen and chosen.isdigit() and practitioners.filter(pk=chosen).exists():
        initial["practitioner"] = int(chosen)
    form = form_class(request.POST or None, practitioners=practitioners, initial=initial)
    back = reverse("practice:institution_file", args=[institution.pk])
    saved = save_valid(
        request,
        form,
        lambda: record_action(actor=request.user, institution=institution, **form.cleaned_data),
    )
    if saved:
        record = saved.result
        messages.success(request, done)
        if record.practitioner_id:
            back = reverse("practice:practitioner_file", args=[record.practitioner_id])
        return redirect(back)
    context = {
        "title": title % {"name": institution},
        "form": form,
        "back_url": back,
        "record": institution,
    }
    return edit_page(request, "core/form_page.html", context, institution)


@login_required
@require_http_methods(["GET", "POST"])
def reward_add(request, pk):
    """登记表彰奖励 of an institution or one of its practitioners (the supervising bureau)."""
    return _subject_page(
        request,
        pk,
        RewardForm,
        actions.reward_record,
        title=_("登记表彰奖励：%(name)s"),
        done=_("已登记表彰奖励。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def public_service_add(request, pk):
    """登记公益法律服务 of an institution or one of its practitioners (the supervising bureau)."""
    return _subject_page(
        request,
        pk,
        PublicServiceForm,
        actions.public_service_record,
        title=_("登记公益法律服务：%(name)s"),
        done=_("已登记公益法律服务。"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_publish(request, pk):
    """公开投诉: a substantiated complaint goes on the public page with a summary."""
    complaint = selectors.complaint_for_publication(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, complaint.office, line=LINE)
    form = PublishForm(request.POST or None, initial={"published_on": timezone.localdate()})
    back = reverse("practice:institution_file", args=[complaint.institution_id])
    saved = save_valid(
        request,
        form,
        lambda: actions.complaint_publish(
            actor=request.user, complaint=complaint, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("已公开该投诉。"))
        return redirect(back)
    context = {
        "title": _("公开投诉：%(complaint)s") % {"complaint": complaint},
        "intro": _(
            "公开后，公众可在执业诚信信息查询页面看到被投诉对象、受理和办结日期及下面的摘要。"
        ),
        "form": form,
        "back_url": back,
        "submit_label": _("公开"),
    }
    return edit_page(request, "core/form_page.html", context, complaint)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_unpublish(request, pk):
    """撤回公开."""
    complaint = selectors.complaint_for_publication(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, complaint.office, line=LINE)
    form = UnpublishForm(request.POST or None)
    back = reverse("practice:institution_file", args=[complaint.institution_id])
    saved = save_valid(
        request,
        form,
        lambda: actions.complaint_unpublish(
            actor=request.user, complaint=complaint, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("已撤回公开。"))
        return redirect(back)
    context = {
        "title": _("撤回公开：%(complaint)s") % {"complaint": complaint},
        "form": form,
        "back_url": back,
        "submit_label": _("撤回公开"),
    }
    return edit_page(request, "core/form_page.html", context, complaint)
