"""以案定补 (case subsidy) pages: claims with totals and export, the claim form, the 司法所
file check, the 司法局 approval, and payment batches.

Reads go through `sifa.mediation.selectors.subsidies` (and `cases`/`committees` for the case
and the office filter), writes through `sifa.mediation.actions.subsidies`. A page that acts
answers 404 when the record is out of sight and 403 when the user may not take the step.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.excel import xlsx_response
from sifa.core.forms import add_action_errors
from sifa.core.views import ACTIONS, STATUS_COLUMN, Column, list_page_context, paginate, sorted_rows
from sifa.mediation.actions import subsidies as actions
from sifa.mediation.constants import CaseStatus
from sifa.mediation.forms.subsidies import (
    ApproveForm,
    BatchForm,
    ClaimFilterForm,
    ClaimForm,
    ReviewForm,
    grade_label,
)
from sifa.mediation.models import SubsidyClaim
from sifa.mediation.selectors import cases as case_selectors
from sifa.mediation.selectors import committees as committee_selectors
from sifa.mediation.selectors import subsidies as selectors
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind

FORM_TEMPLATE = "mediation/subsidies/form.html"


# --- who may take which step -----------------------------------------------------------------


def paying_bureaus(user):
    """The 司法局 offices in which the user may pay a batch."""
    return access.visible_offices(user, Cap.EDIT, line="mediation").filter(
        kind=OfficeKind.JUSTICE_BUREAU
    )


def _require_edit(user, office) -> None:
    """403 (the record itself is already in sight) unless the user may edit at `office`."""
    if not access.can(user, Cap.EDIT, office, line="mediation"):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def _run(form, action, **kwargs) -> bool:
    """Call the action; show its ValidationError on the form. True when saved."""
    try:
        action(**kwargs)
    except ValidationError as error:
        add_action_errors(form, error)
        return False
    return True


def _mark_allowed_steps(user, claims) -> None:
    """Set `can_review` / `can_approve` on each claim. The deciding offices depend only on the
    committee, so they are looked up once per committee rather than once per row."""
    allowed: dict[int, tuple[bool, bool]] = {}
    for claim in claims:
        if claim.office_id not in allowed:
            allowed[claim.office_id] = (
                access.can(user, Cap.EDIT, actions.reviewing_office(claim), line="mediation"),
                access.can(user, Cap.EDIT, actions.approving_office(claim), line="mediation"),
            )
        may_review, may_approve = allowed[claim.office_id]
        claim.can_review = may_review and claim.status == SubsidyClaim.Status.SUBMITTED
        claim.can_approve = may_approve and claim.status == SubsidyClaim.Status.REVIEWED


# --- the claim list --------------------------------------------------------------------------


def _claim_filters(request):
    filters = ClaimFilterForm(
        request.GET or None, offices=committee_selectors.offices_for_filter(actor=request.user)
    )
    rows = selectors.claims(
        request.user, status=filters.value("status"), office=filters.value("within", None)
    )
    if start := filters.value("date_from", None):
        rows = rows.filter(file_checked_on__gte=start)
    if end := filters.value("date_to", None):
        rows = rows.filter(file_checked_on__lte=end)
    return filters, rows


def _with_labels(claims):
    for claim in claims:
        claim.grade_label = grade_label(claim.grade)
    return claims


CLAIM_COLUMNS = (
    Column(gettext_lazy("案件编号"), "case__number"),
    Column(gettext_lazy("调委会"), "office__name"),
    Column(gettext_lazy("难易等级"), "grade"),
    Column(gettext_lazy("补贴金额（元）"), "amount", numeric=True),
    STATUS_COLUMN,
    Column(gettext_lazy("卷宗核查日期"), "file_checked_on"),
    Column(gettext_lazy("批准日期"), "approved_on"),
    Column(gettext_lazy("发放批次"), "batch__title"),
    ACTIONS,
)
BATCH_COLUMNS = (
    Column(gettext_lazy("批次名称"), "title"),
    Column(gettext_lazy("发放机构"), "office__name"),
    Column(gettext_lazy("发放日期"), "paid_on"),
    Column(gettext_lazy("件数"), "case_count", numeric=True),  # annotations
    Column(gettext_lazy("金额（元）"), "total", numeric=True),
)


@login_required
def subsidy_list(request):
    """个案补贴列表: the filtered claims, their count and amount, and the steps allowed."""
    filters, claims = _claim_filters(request)
    totals = claims.aggregate(count=Count("pk"), amount=Sum("amount"))
    page = paginate(request, claims, columns=CLAIM_COLUMNS)
    rows = _with_labels(list(page.object_list))
    _mark_allowed_steps(request.user, rows)
    context = list_page_context(
        request,
        filters=filters,
        page=page,
        title=_("个案补贴"),
        export_name="mediation:subsidy_export",
        empty=_("没有符合条件的补贴申请。"),
        claims=rows,
        total_count=totals["count"],
        total_amount=totals["amount"] or Decimal("0"),
        can_pay=paying_bureaus(request.user).exists(),
    )
    return render(request, "mediation/subsidies/claim_list.html", context)


@login_required
def subsidy_export(request):
    filters, claims = _claim_filters(request)
    claims = sorted_rows(request, claims, CLAIM_COLUMNS)  # the page's order
    headers = [
        _("案件编号"), _("调委会"), _("调结日期"), _("难易等级"), _("补贴金额（元）"),
        _("状态"), _("卷宗核查日期"), _("批准日期"), _("未通过原因"), _("发放批次"),
    ]  # fmt: skip
    rows = (
        [
            c.case.number,
            c.office.name,
            c.case.closed_on,
            grade_label(c.grade),
            c.amount,
            c.get_status_display(),
            c.file_checked_on,
            c.approved_on,
            c.rejection_reason,
            c.batch.title if c.batch else "",
        ]
        for c in claims
    )
    return xlsx_response(
        title=_("个案补贴"), headers=headers, rows=rows, filters=filters.describe()
    )


# --- claim, review, approve ------------------------------------------------------------------


def _rate_table(case) -> list[tuple[str, Decimal | None]]:
    """Per grade, the amount the rate table gives this case (None: no rate in force)."""
    if case.closed_on is None:
        return []
    level = actions.committee_level(case.office)
    table = []
    for grade, label in actions.SubsidyGrade.choices:
        rate = actions.rate_for(grade, level, case.closed_on)
        table.append((label, rate.amount if rate else None))
    return table


def _case_not_claimable(case) -> str:
    """Why the case cannot be claimed for, or "" (the action checks again on saving)."""
    if not actions.was_successful(case):
        return _("只有调解成功的案件才能申报个案补贴。")
    if case.status != CaseStatus.ARCHIVED or case.archived_on is None:
        return _("案件尚未立卷归档，不能申报个案补贴。")
    if hasattr(case, "subsidy"):
        return _("该案件已申报过个案补贴，每案只能申报一次。")
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_claim(request, case_pk):
    """申报补贴 for an archived, successful case."""
    case = case_selectors.case_get(actor=request.user, pk=case_pk)
    access.require(request.user, Cap.EDIT, case.office, line="mediation")
    form = ClaimForm(request.POST or None)
    saved = (
        request.method == "POST"
        and form.is_valid()
        and _run(form, actions.subsidy_claim, actor=request.user, case=case, **form.cleaned_data)
    )
    if saved:
        return redirect("mediation:subsidy_list")
    context = {
        "form": form,
        "title": _("申报个案补贴：%(number)s") % {"number": case.number},
        "subject": case.office,
        "case": case,
        "rate_table": _rate_table(case),
        "blocked": _case_not_claimable(case),
        "back_url": reverse("mediation:case_detail", args=[case.pk]),
        "submit_label": _("申报"),
    }
    return render(request, "mediation/subsidies/claim_form.html", context)


def _claim_step(request, pk, *, office_of, form_class, action, title):
    claim = selectors.claim(request.user, pk)
    _require_edit(request.user, office_of(claim))
    form = form_class(request.POST or None)
    back = reverse("mediation:subsidy_list")
    if request.method == "POST" and form.is_valid():
        data = form.action_data() if hasattr(form, "action_data") else form.cleaned_data
        if _run(form, action, actor=request.user, claim=claim, **data):
            return redirect(back)
    claim.grade_label = grade_label(claim.grade)
    context = {
        "form": form,
        "title": title,
        "claim": claim,
        "back_url": back,
        "check_class": "mt-md-4",
    }
    return render(request, FORM_TEMPLATE, context)


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_review(request, pk):
    """司法所卷宗核查: passed, or not passed with the reason."""
    return _claim_step(
        request,
        pk,
        office_of=actions.reviewing_office,
        form_class=ReviewForm,
        action=actions.subsidy_review,
        title=_("卷宗核查"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_approve(request, pk):
    """司法局批准."""
    return _claim_step(
        request,
        pk,
        office_of=actions.approving_office,
        form_class=ApproveForm,
        action=actions.subsidy_approve,
        title=_("批准个案补贴"),
    )


# --- payment batches -------------------------------------------------------------------------


@login_required
def subsidy_batch_list(request):
    """发放批次: each with its case count and total."""
    page = paginate(request, selectors.batches(request.user), columns=BATCH_COLUMNS)
    context = {
        "page_obj": page,
        "title": _("补贴发放批次"),
        "empty": _("还没有发放批次。"),
        "batches": page.object_list,
        "can_pay": paying_bureaus(request.user).exists(),
    }
    return render(request, "mediation/subsidies/batch_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_batch_create(request):
    """新建发放批次 from the approved claims the user sees."""
    bureaus = paying_bureaus(request.user).order_by("path")
    if not bureaus.exists():
        raise PermissionDenied(_("您没有权限执行此操作。"))
    approved = selectors.claims(request.user, status=SubsidyClaim.Status.APPROVED)
    form = BatchForm(request.POST or None, bureaus=bureaus, approved_claims=approved)
    if request.method == "POST" and form.is_valid():
        data = form.action_data()
        _require_edit(request.user, data["office"])
        try:
            batch = actions.subsidy_batch_pay(actor=request.user, **data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("mediation:subsidy_batch_detail", pk=batch.pk)
    context = {
        "form": form,
        "title": _("新建发放批次"),
        "back_url": reverse("mediation:subsidy_batch_list"),
        "has_claims": approved.exists(),
        "submit_label": _("发放"),
    }
    return render(request, "mediation/subsidies/batch_form.html", context)


@login_required
def subsidy_batch_detail(request, pk):
    """发放批次详情: the claims it paid."""
    batch = get_object_or_404(selectors.batches(request.user), pk=pk)
    claims = _with_labels(list(selectors.claims(request.user).filter(batch=batch)))
    context = {"batch": batch, "claims": claims}
    return render(request, "mediation/subsidies/batch_detail.html", context)
