"""调查评估 pages: the list (filters, the adoption rate, Excel export), registering a
commission, the detail page (every view is written to the access log), and one small form page
each for the opinion and for the commissioning body's adoption.

Reads go through `sifa.corrections.selectors.investigations` (office scope and the minors rule),
writes through `sifa.corrections.actions.investigations`: an assessment out of sight — or a
minor's, for a user without the minors capability — is not found (404); one seen but not
editable is forbidden (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sifa.audit.actions import read_for_page
from sifa.core import deadlines
from sifa.core.masking import mask_id_number, mask_text
from sifa.core.views import Column, Export, Register, RegisterPage, edit_page, save_valid
from sifa.corrections.actions import investigations as actions
from sifa.corrections.constants import INVESTIGATION_RULE, INVESTIGATION_SUMMARY_RULE
from sifa.corrections.forms import investigations as forms
from sifa.corrections.selectors import investigations as selectors
from sifa.corrections.views.common import person_register_page, require_anywhere
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.selectors import hidden_minors_context

TEMPLATES = "corrections/investigations/"


def _require_view(user) -> None:
    require_anywhere(user, Cap.VIEW, _("您没有权限查看调查评估。"))


def _annotate(rows) -> None:
    entered = selectors.imported_investigations(rows)  # go-live imports: past is history
    for investigation in rows:
        entered_on = entered.get(investigation.pk)
        investigation.deadline = selectors.deadline_of(investigation, entered_on=entered_on)
        investigation.deadline_label = selectors.state_label(investigation.deadline)


def _adoption_label(investigation) -> str:
    if investigation.adopted is None:
        return ""
    return _("采信") if investigation.adopted else _("未采信")


def _export_headers() -> list:
    return [
        _("委托编号"), _("承办机构"), _("委托机关类别"), _("委托机关"), _("委托阶段"),
        _("被调查评估对象"), _("涉嫌罪名"), _("拟适用刑罚"), _("速裁程序"), _("收到委托日期"),
        _("完成期限"), _("完成日期"), _("期限状态"), _("评估意见"), _("调查人员"),
        _("委托机关采信"), _("采信情况登记日期"),
    ]  # fmt: skip


def _export_row(i) -> list:
    """One assessment's row: the person's name, no numbers."""
    return [
        i.commission_number,
        i.office.name,
        i.get_commissioning_body_display(),
        i.commissioning_name,
        i.get_stage_display(),
        i.person.name,
        mask_text(i.crime),  # encrypted: masked in lists and exports
        mask_text(i.proposed_sentence),
        _("是") if i.summary_procedure else _("否"),
        i.received_on,
        i.due_on,
        i.completed_on,
        i.deadline_label,
        i.get_result_display() if i.result else "",
        i.investigators,
        _adoption_label(i),
        i.adoption_recorded_on,
    ]


def _list_context(request, filters, rows) -> dict:
    """The selection's 采信率, the register button and the minors' records it does not show."""
    return {
        "summary": selectors.adoption_summary(rows),
        "can_register": access.has_capability_anywhere(request.user, Cap.EDIT, line="corrections"),
        **hidden_minors_context(
            request.user,
            selectors.investigation_list,
            listed=rows.count(),
            unit=_("件"),
            filters=filters,
        ),
    }


# 调查评估: filtered, paginated, each with its deadline state; the export has every page.
INVESTIGATIONS = Register(
    title=gettext_lazy("调查评估"),
    template=TEMPLATES + "investigation_list.html",
    name="investigations",
    columns=(
        Column(gettext_lazy("委托编号"), "commission_number"),
        Column(gettext_lazy("收到委托日期"), "received_on"),
        Column(gettext_lazy("承办机构"), "office__name"),
        Column(gettext_lazy("委托机关"), "commissioning_name"),
        Column(gettext_lazy("委托阶段"), "stage"),
        Column(gettext_lazy("被调查评估对象"), "person__name"),
        Column(gettext_lazy("完成期限"), "due_on"),
        Column(gettext_lazy("评估意见"), "result"),
        Column(gettext_lazy("采信"), "adopted"),
    ),
    filter_form=forms.InvestigationFilterForm,
    rows_of=selectors.investigation_list,
    filter_arguments=lambda user: {"offices": selectors.offices_for_filter(actor=user)},
    require_view=_require_view,
    annotate=_annotate,
    context=_list_context,
    export=Export(gettext_lazy("导出调查评估"), _export_headers, _export_row),
)
investigation_list = INVESTIGATIONS.list_view()
investigation_export = INVESTIGATIONS.export_view()


@login_required
@require_http_methods(["GET", "POST"])
def investigation_register(request):
    """收到调查评估委托: the commission, its subject and the deadline it starts."""
    actor = request.user
    require_anywhere(actor, Cap.EDIT, _("您没有登记调查评估委托的权限。"))
    return person_register_page(
        request,
        form_class=forms.InvestigationRegisterForm,
        offices=selectors.offices_for_registration(actor=actor),
        action=actions.investigation_register,
        success=lambda investigation: (
            _("已登记调查评估委托 %(number)s，应于 %(due)s 前完成。")
            % {"number": investigation.commission_number, "due": investigation.due_on.isoformat()}
        ),
        template=TEMPLATES + "investigation_register.html",
        words=RegisterPage(
            title=_("登记调查评估委托"),
            list_url="corrections:investigation_list",
            list_label=_("调查评估"),
            crumb=_("登记委托"),
            no_office=_("您有权登记的范围内没有司法局、社区矫正机构或司法所，无法登记委托。"),
            section_title=_("委托情况"),
            submit_label=_("登记委托"),
        ),
    )


@never_cache
@login_required
def investigation_detail(request, pk):
    """调查评估详情 (the read is logged: the record is sensitive)."""
    investigation, can_edit = read_for_page(request, selectors.investigation_get, pk)
    person = investigation.person
    entered_on = selectors.imported_investigations([investigation]).get(investigation.pk)
    state = selectors.deadline_of(investigation, entered_on=entered_on)
    context = {
        "investigation": investigation,
        "person": person,
        "masked_id_number": mask_id_number(person.id_number),
        "is_minor": selectors.was_minor_on(person, investigation.received_on),
        "deadline": state,
        "deadline_label": selectors.state_label(state),
        "adoption_label": _adoption_label(investigation),
        "can_complete": can_edit and investigation.completed_on is None,
        "can_record_adoption": can_edit and investigation.completed_on is not None,
        "rule": deadlines.rule(
            INVESTIGATION_SUMMARY_RULE if investigation.summary_procedure else INVESTIGATION_RULE
        ),
    }
    return render(request, TEMPLATES + "investigation_detail.html", context)


def _action_page(request, pk, *, form_class, call, title, allowed, refused, success):
    """One action's form page: GET shows it, POST calls the action and returns to the record."""
    user = request.user
    investigation = access.editable(user, selectors.investigation_get, pk)
    if not allowed(investigation):
        messages.warning(request, refused)
        return redirect(investigation)
    form = form_class(request.POST or None, investigation=investigation)
    saved = save_valid(
        request, form, lambda: call(actor=user, investigation=investigation, **form.values())
    )
    if saved:
        messages.success(request, success)
        return redirect(investigation)
    context = {
        "investigation": investigation,
        "form": form,
        "title": title,
        "back_url": reverse("corrections:investigation_detail", args=[investigation.pk]),
    }
    return edit_page(request, TEMPLATES + "investigation_action.html", context, investigation)


def _action_view(form_class, call, title, allowed, refused, success):
    """The view of one action on an assessment (see `_action_page`)."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        return _action_page(
            request, pk, form_class=form_class, call=call, title=title, allowed=allowed,
            refused=refused, success=success,
        )  # fmt: skip

    return view


# 出具评估意见 (once), then 登记委托机关采信情况 (after the opinion).
investigation_complete = _action_view(
    forms.CompleteForm, actions.investigation_complete, gettext_lazy("出具评估意见"),
    lambda i: i.completed_on is None, gettext_lazy("该调查评估已完成，不能重复出具意见。"),
    gettext_lazy("已登记调查评估意见。"),
)  # fmt: skip
investigation_adoption = _action_view(
    forms.AdoptionForm, actions.investigation_record_adoption, gettext_lazy("登记采信情况"),
    lambda i: i.completed_on is not None,
    gettext_lazy("调查评估尚未完成，不能登记委托机关的采信情况。"),
    gettext_lazy("已登记委托机关采信情况。"),
)  # fmt: skip
