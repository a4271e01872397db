"""Pages of the practice registers: institutions (with their practitioners and business
register), practitioners (with their transfers) and the business register's rows.

Reads go through `sifa.practice.selectors.registers`, writes through `sifa.practice.actions`;
a record out of the user's sight is not found (404), one seen but not editable is forbidden.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.views import (
    PERSON_NAME_COLUMN,
    STATUS_COLUMN,
    Column,
    edit_page,
    save_valid,
    table_page,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.actions import registers as actions
from sifa.practice.actions.matters import matter_save
from sifa.practice.constants import HELD, LINE, Category
from sifa.practice.forms import (
    CancelForm,
    InstitutionRegisterForm,
    InstitutionStatusForm,
    MatterForm,
    PractitionerRegisterForm,
    TransferForm,
)
from sifa.practice.selectors import registers as selectors
from sifa.practice.selectors.discipline import practitioner_discipline
from sifa.practice.selectors.inspection import practitioner_assessments
from sifa.practice.views.columns import INSTITUTION_COLUMN, INSTITUTION_MATTER_COLUMNS


def _require_view(user) -> None:
    if not access.has_capability_anywhere(user, Cap.VIEW, line=LINE):
        raise PermissionDenied(_("您没有权限查看律师和基层法律服务登记。"))


INSTITUTION_COLUMNS = (
    Column(gettext_lazy("机构名称"), "office__name"),
    Column(gettext_lazy("机构类别"), "category"),
    Column(gettext_lazy("执业许可证号"), "licence_number"),
    Column(gettext_lazy("设立日期"), "founded_on"),
    STATUS_COLUMN,
)
PRACTITIONER_COLUMNS = (
    PERSON_NAME_COLUMN,
    Column(gettext_lazy("执业证号"), "licence_number"),
    Column(gettext_lazy("执业类型"), "kind"),
    INSTITUTION_COLUMN,
    Column(gettext_lazy("执业日期"), "licensed_on"),
    Column(gettext_lazy("执业状态"), "status"),
)


@login_required
def institution_list(request):
    """执业机构: the institutions the user sees (an institution's account: its own)."""
    _require_view(request.user)
    category = request.GET.get("category") or None
    if category not in (None, *Category.values):
        category = None
    rows = selectors.institution_list(actor=request.user, category=category)
    return table_page(
        request,
        "practice/institution_list.html",
        rows,
        columns=INSTITUTION_COLUMNS,
        title=_("执业机构"),
        empty=_("没有执业机构登记。"),
        can_register=selectors.offices_to_register(actor=request.user).exists(),
    )


@login_required
def institution_detail(request, pk):
    """One institution: its register entry, practitioners and business register."""
    institution = selectors.institution_get(actor=request.user, pk=pk)
    matters = selectors.matter_list(actor=request.user, institution=institution)
    return table_page(
        request,
        "practice/institution_detail.html",
        matters,
        columns=INSTITUTION_MATTER_COLUMNS,
        title=str(institution),
        institution=institution,
        practitioners=selectors.practitioner_list(actor=request.user, institution=institution),
        empty=_("该机构还没有业务登记。"),
        can_edit=access.can(request.user, Cap.EDIT, institution.office, line=LINE),
        can_license=selectors.may_license(actor=request.user, institution=institution),
    )


@login_required
def practitioner_list(request):
    """执业人员: lawyers and grassroots legal service workers the user sees."""
    _require_view(request.user)
    rows = selectors.practitioner_list(actor=request.user)
    return table_page(
        request,
        "practice/practitioner_list.html",
        rows,
        columns=PRACTITIONER_COLUMNS,
        title=_("执业人员"),
        empty=_("没有执业人员登记。"),
    )


@login_required
def practitioner_detail(request, pk):
    practitioner = selectors.practitioner_get(actor=request.user, pk=pk)
    context = {
        "title": str(practitioner),
        "practitioner": practitioner,
        "transfers": selectors.practitioner_transfers(
            actor=request.user, practitioner=practitioner
        ),
        "can_license": practitioner.status in HELD
        and selectors.may_license(actor=request.user, institution=practitioner.institution),
        "assessments": practitioner_assessments(actor=request.user, practitioner=practitioner),
    }
    # complaints and sanctions (投诉与惩戒): those the user sees
    context.update(practitioner_discipline(actor=request.user, practitioner=practitioner))
    return render(request, "practice/practitioner_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def matter_add(request, pk):
    """登记业务: a new row of the institution's business register (its account or the bureau)."""
    institution = selectors.institution_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, institution.office, line=LINE)
    handlers = selectors.practitioner_list(actor=request.user, institution=institution)
    form = MatterForm(request.POST or None, handlers=handlers)
    saved = save_valid(
        request,
        form,
        lambda: matter_save(actor=request.user, institution=institution, **form.cleaned_data),
    )
    if saved:
        messages.success(request, _("已登记业务。"))
        return redirect(institution.get_absolute_url())
    title = _("登记业务：%(name)s") % {"name": institution}
    return _form_page(
        request, form, title=title, back_url=institution.get_absolute_url(), record=institution
    )


def _form_page(request, form, *, title, back_url, submit_label=None, record=None):
    """One form in a card. A form that changes ``record`` or adds to it is an edit page of it
    (`sifa.core.views.edit_page`: the warning when a submitted report month holds the record)."""
    context = {"title": title, "form": form, "back_url": back_url}
    if submit_label:
        context["submit_label"] = submit_label
    if record is not None:
        return edit_page(request, "core/form_page.html", {**context, "record": record}, record)
    return render(request, "core/form_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def institution_register(request):
    """登记执业机构: the register entry of an office of kind 律师事务所 / 基层法律服务所."""
    _require_view(request.user)
    offices = selectors.offices_to_register(actor=request.user)
    form = InstitutionRegisterForm(request.POST or None, offices=offices)
    saved = save_valid(
        request,
        form,
        lambda: actions.institution_register(actor=request.user, **form.action_arguments()),
    )
    if saved:
        institution = saved.result
        messages.success(request, _("已登记执业机构。"))
        return redirect(institution.get_absolute_url())
    back = reverse("practice:institution_list")
    return _form_page(request, form, title=_("登记执业机构"), back_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def practitioner_register(request, pk):
    """登记执业人员 at an institution (the supervising bureau's clerk)."""
    institution = selectors.institution_get(actor=request.user, pk=pk)
    if not selectors.may_license(actor=request.user, institution=institution):
        raise PermissionDenied(_("执业人员由主管司法局登记。"))
    form = PractitionerRegisterForm(request.POST or None, actor=request.user)
    saved = save_valid(
        request,
        form,
        lambda: actions.practitioner_register(
            actor=request.user, institution=institution, **form.action_arguments()
        ),
    )
    if saved:
        practitioner = saved.result
        messages.success(request, _("已登记执业人员。"))
        return redirect(practitioner.get_absolute_url())
    title = _("登记执业人员：%(name)s") % {"name": institution}
    back = institution.get_absolute_url()
    return _form_page(request, form, title=title, back_url=back, record=institution)


@login_required
@require_http_methods(["GET", "POST"])
def practitioner_transfer(request, pk):
    """变更执业机构."""
    practitioner = selectors.practitioner_get(actor=request.user, pk=pk)
    if not selectors.may_license(actor=request.user, institution=practitioner.institution):
        raise PermissionDenied(_("执业机构变更由主管司法局办理。"))
    targets = selectors.transfer_targets(actor=request.user, practitioner=practitioner)
    form = TransferForm(request.POST or None, institutions=targets)
    saved = save_valid(
        request,
        form,
        lambda: actions.practitioner_transfer(
            actor=request.user, practitioner=practitioner, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("已变更执业机构。"))
        return redirect(practitioner.get_absolute_url())
    title = _("变更执业机构：%(name)s") % {"name": practitioner}
    back = practitioner.get_absolute_url()
    return _form_page(request, form, title=title, back_url=back, record=practitioner)


@login_required
@require_http_methods(["GET", "POST"])
def practitioner_cancel(request, pk):
    """注销执业证."""
    practitioner = selectors.practitioner_get(actor=request.user, pk=pk)
    if not selectors.may_license(actor=request.user, institution=practitioner.institution):
        raise PermissionDenied(_("执业证由主管司法局注销。"))
    form = CancelForm(request.POST or None)
    saved = save_valid(
        request,
        form,
        lambda: actions.practitioner_cancel(
            actor=request.user, practitioner=practitioner, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("已注销执业证。"))
        return redirect(practitioner.get_absolute_url())
    title = _("注销执业证：%(name)s") % {"name": practitioner}
    return _form_page(
        request,
        form,
        title=title,
        back_url=practitioner.get_absolute_url(),
        submit_label=_("注销"),
        record=practitioner,
    )


@login_required
@require_http_methods(["GET", "POST"])
def matter_edit(request, pk):
    """修改业务登记: a row of the register (its institution's account or the bureau)."""
    matter = selectors.matter_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, matter.office, line=LINE)
    institution = matter.institution
    handlers = selectors.practitioner_list(actor=request.user, institution=institution)
    form = MatterForm(
        request.POST or None, handlers=handlers, initial=MatterForm.initial_of(matter)
    )
    saved = save_valid(
        request,
        form,
        lambda: matter_save(
            actor=request.user, institution=institution, matter=matter, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("已修改业务登记。"))
        return redirect(institution.get_absolute_url())
    title = _("修改业务登记：%(number)s") % {"number": matter.number}
    back = institution.get_absolute_url()
    return _form_page(request, form, title=title, back_url=back, record=matter)


@login_required
@require_http_methods(["GET", "POST"])
def institution_status(request, pk):
    """执业机构状态变更 (the supervising bureau)."""
    institution = selectors.institution_get(actor=request.user, pk=pk)
    if not selectors.may_license(actor=request.user, institution=institution):
        raise PermissionDenied(_("执业机构的状态由主管司法局变更。"))
    form = InstitutionStatusForm(request.POST or None)
    saved = save_valid(
        request,
        form,
        lambda: actions.institution_status_change(
            actor=request.user, institution=institution, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, _("已变更执业机构状态。"))
        return redirect(institution.get_absolute_url())
    title = _("变更执业机构状态：%(name)s") % {"name": institution}
    back = institution.get_absolute_url()
    return _form_page(request, form, title=title, back_url=back, record=institution)
