"""Pages of monthly submissions (月报上报、审核、汇总) and the consistency check (一致性核查).

Thin views: reads through `selectors_submissions` (access-scoped), writes through `actions`
and `consistency`. A sibling office's submission is not found (404); a clerk trying to review
their own month is forbidden (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.sifa_settings import sifa_setting
from sifa.core.tasks import runs_in_background
from sifa.orgs import access
from sifa.reports import actions, consistency
from sifa.reports import selectors_submissions as selectors
from sifa.reports.forms_submissions import MonthForm, OptionalMonthForm, ReviewForm, SubmitForm
from sifa.stats.selectors import require_stats


def _month_from(request) -> tuple[MonthForm, int, int]:
    year, month = selectors.default_month()
    form = MonthForm(request.GET or None, initial={"year": year, "month": month})
    if form.is_bound and form.is_valid():
        year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    elif form.is_bound:
        messages.error(
            request,
            _("年度或月份有误，已显示%(year)s年%(month)s月。") % {"year": year, "month": month},
        )
        form = MonthForm(initial={"year": year, "month": month})
    return form, year, month


def _list_url(year, month) -> str:
    return f"{reverse('reports:submission_list')}?{urlencode({'year': year, 'month': month})}"


def _error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


@login_required
def submission_list(request):
    require_stats(request.user)
    form, year, month = _month_from(request)
    context = {
        "title": _("月报上报"),
        "form": form,
        "year": year,
        "month": month,
        "month_ended": actions.month_has_ended(year, month),
        "own_rows": selectors.own_rows(request.user, year, month),
        "review_groups": selectors.review_groups(request.user, year, month),
        "roll_ups": selectors.roll_ups(request.user, year, month),
    }
    return render(request, "reports/submission_list.html", context)


@login_required
@require_POST
def submission_submit(request):
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("上报信息有误，请重新选择月份后上报。"))
        return redirect("reports:submission_list")
    data = form.cleaned_data
    office = access.get_office_or_404(request.user, pk=data["office"])
    try:
        submission = actions.submit_month(
            request.user, office, data["year"], data["month"], note=data["note"]
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("已上报%(report)s（第%(version)s次上报），等待上级审核。")
            % {"report": submission, "version": submission.version},
        )
    return redirect(_list_url(data["year"], data["month"]))


@login_required
def submission_detail(request, pk):
    submission = selectors.submission_or_404(request.user, pk)
    snapshot = submission.current_snapshot()
    check = consistency.latest_check(snapshot)
    if request.GET.get("check", "").isdigit() and snapshot is not None:
        check = selectors.check_or_404(snapshot, request.GET["check"])
    may_review = actions.can_review(request.user, submission)
    context = {
        "submission": submission,
        "snapshot": snapshot,
        "groups": selectors.frozen_groups(snapshot) if snapshot else [],
        "versions": selectors.versions(submission),
        "history": selectors.review_history(submission),
        "check": check,
        "may_review": may_review and submission.status == submission.Status.SUBMITTED,
        "review_form": ReviewForm(),
    }
    return render(request, "reports/submission_detail.html", context)


@login_required
@require_POST
def submission_review(request, pk):
    submission = selectors.submission_or_404(request.user, pk)
    actions.require_reviewer(request.user, submission)  # 403 before reading the form
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:submission_detail", pk=submission.pk)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    try:
        if decision == ReviewForm.RETURN:
            actions.return_submission(request.user, submission, comment)
            messages.success(request, _("已退回%(report)s。") % {"report": submission})
        else:
            actions.accept_submission(request.user, submission, comment)
            messages.success(request, _("%(report)s已审核通过。") % {"report": submission})
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("reports:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_check(request, pk):
    submission = selectors.submission_or_404(request.user, pk)
    snapshot = submission.current_snapshot()
    if snapshot is None:
        messages.error(request, _("该月报没有冻结数据，无法核查。"))
        return redirect("reports:submission_detail", pk=submission.pk)
    check = consistency.check_snapshot(snapshot)
    if check.consistent:
        messages.success(request, _("核查完成：上报数据与业务记录一致。"))
    else:
        messages.warning(
            request,
            _("核查完成：%(count)s项指标与上报数据不一致，差异明细见下方。")
            % {"count": check.differences},
        )
    url = reverse("reports:submission_detail", args=[submission.pk])
    return redirect(f"{url}?{urlencode({'check': check.pk})}#check")


def _filter_from(request) -> tuple[OptionalMonthForm, int | None, int | None]:
    """The month filter; the last ended month when none was chosen (全部月份 is a choice)."""
    data = request.POST if request.method == "POST" else request.GET
    if not data:
        year, month = selectors.default_month()
        return OptionalMonthForm(initial={"year": year, "month": month}), year, month
    form = OptionalMonthForm(data)
    if form.is_valid():
        return form, form.cleaned_data["year"], form.cleaned_data["month"]
    return OptionalMonthForm(), None, None


@login_required
def consistency_page(request):
    require_stats(request.user)
    form, year, month = _filter_from(request)
    rows = selectors.consistency_rows(request.user, year, month)
    context = {
        "title": _("数据一致性核查"),
        "form": form,
        "year": year,
        "month": month,
        "differing": [r for r in rows if r.check is not None and not r.check.consistent],
        "consistent_count": sum(1 for r in rows if r.check is not None and r.check.consistent),
        "unchecked": [r for r in rows if r.check is None],
        "total": len(rows),
    }
    return render(request, "reports/consistency.html", context)


def _many_months(request) -> int | None:
    """全部核查 of more months than SIFA_CHECK_BACKGROUND_MONTHS runs as a background job."""
    months = consistency.submissions_in_scope(request.user).count()
    return months if months > sifa_setting("SIFA_CHECK_BACKGROUND_MONTHS") else None


@login_required
@require_POST
@runs_in_background(gettext_lazy("全部核查（已上报月报）"), when=_many_months)
def consistency_check_all(request):
    """全部核查: every submitted month of the offices in the user's scope (not only the month
    the page shows); then the page lists all months, so every result is in sight."""
    require_stats(request.user)
    checks = consistency.check_all_in_scope(request.user)
    differing = sum(1 for c in checks if not c.consistent)
    messages.info(
        request,
        _("已核查%(count)s份月报，其中%(differing)s份与业务记录不一致。")
        % {"count": len(checks), "differing": differing},
    )
    url = reverse("reports:consistency")
    return redirect(f"{url}?{urlencode({'year': '', 'month': ''})}")
