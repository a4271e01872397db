"""Consultation pages (法律咨询, 12348): list with filters and export, record, detail, edit,
follow-up, the logged reveal of the caller's phone, linking the person, and the two ways a
consultation goes on without re-typing: an application (H2's register page, pre-filled from
`?consultation=<pk>`) and a mediation case.

Reads go through `sifa.legalaid.selectors.consultations`, writes through
`sifa.legalaid.actions.consultations`; out of sight → 404, seen but not editable → 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sifa.accounts.events import client_ip
from sifa.core.codes import code_labels
from sifa.core.masking import mask_phone
from sifa.core.views import PHONE_COLUMN, Column, Export, Register, RegisterList, save_valid
from sifa.legalaid.actions import consultations as actions
from sifa.legalaid.constants import CONSULTATION_CATEGORY_CODE_LIST
from sifa.legalaid.forms import consultations as forms
from sifa.legalaid.selectors import consultations as selectors
from sifa.legalaid.views.pages import FORM_PAGE, form_page, list_crumb
from sifa.mediation.actions.cases import party_obtain
from sifa.mediation.constants import PartyRole
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.people.forms import PartyForm

NEXT_APPLICATION = "application"
NEXT_MEDIATION = "mediation"


def _require_view_anywhere(user):
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看法律咨询。"), line="legalaid")


def _require_edit_anywhere(user):
    access.require_anywhere(user, Cap.EDIT, _("您没有登记法律咨询的权限。"), line="legalaid")


# ---------------------------------------------------------------------------------------------
# List and export


def _annotate(rows) -> None:
    categories = code_labels(CONSULTATION_CATEGORY_CODE_LIST)
    for row in rows:
        row.category_name = categories.get(row.category, row.category)
        row.masked_phone = mask_phone(row.caller_phone)
        row.caller = row.person.name if row.person_id else row.caller_name
        row.follow_up_pending = row.follow_up_required and row.followed_up_on is None


def _export_headers() -> list:
    return [
        _("咨询时间"), _("接待机构"), _("咨询渠道"), _("话务流水号"), _("咨询人"),
        _("联系电话"), _("咨询类别"), _("咨询问题"), _("解答内容"), _("时长（分钟）"),
        _("处理结果"), _("满意度"), _("接待人"), _("需要回访"), _("回访日期"),
    ]  # fmt: skip


def _export_row(row) -> list:
    """One consultation's row; the phone number masked."""
    return [
        timezone.localtime(row.consulted_at).replace(tzinfo=None),
        row.office.name,
        row.get_channel_display(),
        row.call_id,
        row.caller,
        row.masked_phone,
        row.category_name,
        row.question,
        row.answer,
        row.duration_minutes,
        row.get_referral_display(),
        row.get_satisfaction_display(),
        row.answered_by,
        _("是") if row.follow_up_required else _("否"),
        row.followed_up_on,
    ]


# 法律咨询: filtered, paginated, pending follow-ups marked; the export has every page.
CONSULTATIONS = Register(
    title=gettext_lazy("法律咨询"),
    template="legalaid/consultations/consultation_list.html",
    name="consultations",
    columns=(
        Column(gettext_lazy("咨询时间"), "consulted_at"),
        Column(gettext_lazy("接待机构"), "office__name"),
        Column(gettext_lazy("咨询渠道"), "channel"),
        Column(gettext_lazy("咨询人"), "caller_name"),
        PHONE_COLUMN,
        Column(gettext_lazy("咨询类别"), "category"),
        Column(gettext_lazy("处理结果"), "referral"),
        Column(gettext_lazy("满意度"), "satisfaction"),
        Column(gettext_lazy("回访"), "followed_up_on"),
    ),
    filter_form=forms.ConsultationFilterForm,
    rows_of=selectors.consultation_list,
    filter_arguments=lambda user: {"offices": selectors.offices_for_filter(actor=user)},
    require_view=_require_view_anywhere,
    annotate=_annotate,
    words=RegisterList(
        gettext_lazy("法律咨询"),
        "legalaid:consultation_",
        gettext_lazy("登记咨询"),
        gettext_lazy("只显示您有权查看的机构登记的咨询。"),
    ),
    context=lambda request, filters, rows: {
        "can_register": access.has_capability_anywhere(request.user, Cap.EDIT, line="legalaid")
    },
    export=Export(gettext_lazy("导出法律咨询"), _export_headers, _export_row),
)
consultation_list = CONSULTATIONS.list_view()
consultation_export = CONSULTATIONS.export_view()


# ---------------------------------------------------------------------------------------------
# Record and edit


@login_required
@require_http_methods(["GET", "POST"])
def consultation_register(request):
    """登记咨询 (来访、12348热线、电话、信函、网络)."""
    actor = request.user
    _require_edit_anywhere(actor)
    offices = selectors.offices_for_recording(actor=actor)
    form = forms.ConsultationForm(request.POST or None, actor=actor, offices=offices)
    saved = save_valid(
        request,
        form,
        lambda: actions.consultation_record(
            actor=actor,
            office=form.cleaned_data["office"],
            identity=form.caller_identity(),
            **form.values(),
        ),
        errors_to=forms.ConsultationForm.add_action_errors,
    )
    if saved:
        messages.success(request, _("已登记法律咨询。"))
        return redirect(saved.result)
    back_url = reverse("legalaid:consultation_list")
    return _consultation_form(request, form, title=_("登记法律咨询"), back_url=back_url)


def _consultation_form(
    request, form, *, title, back_url, consultation=None, template=FORM_PAGE, **extra
):
    """A form page under 法律咨询 (and the consultation, when the form acts on one)."""
    crumbs = list_crumb("legalaid:consultation_list", _("法律咨询"))
    if consultation is not None:
        crumbs.append((consultation.get_absolute_url(), str(consultation)))
    return form_page(
        request,
        form,
        title=title,
        back_url=back_url,
        crumbs=crumbs,
        template=template,
        consultation=consultation,
        record=consultation,
        **extra,
    )


def _initial(consultation) -> dict:
    return {
        "channel": consultation.channel,
        "consulted_at": timezone.localtime(consultation.consulted_at),
        "call_id": consultation.call_id,
        "duration_minutes": consultation.duration_minutes,
        "name": consultation.caller_name,
        "category": consultation.category,
        "question": consultation.question,
        "answer": consultation.answer,
        "referral": consultation.referral,
        "satisfaction": consultation.satisfaction,
        "answered_by": consultation.answered_by,
        "follow_up_required": consultation.follow_up_required,
    }


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request, pk):
    """修改咨询记录. The phone is not shown: left empty it stays as stored."""
    actor = request.user
    consultation = access.editable(actor, selectors.consultation_get, pk)
    form = forms.ConsultationForm(
        request.POST or None,
        actor=actor,
        offices=selectors.offices_for_recording(actor=actor),
        consultation=consultation,
        initial=_initial(consultation),
    )
    form.fields["phone"].help_text = _("不修改请留空（当前：%(masked)s）。") % {
        "masked": mask_phone(consultation.caller_phone) or "—"
    }
    if save_valid(
        request,
        form,
        lambda: actions.consultation_update(
            actor=actor,
            consultation=consultation,
            identity=form.caller_identity(),
            **_changes(form),
        ),
        errors_to=forms.ConsultationForm.add_action_errors,
    ):
        messages.success(request, _("已保存咨询记录。"))
        return redirect(consultation)
    back_url = consultation.get_absolute_url()
    return _consultation_form(
        request,
        form,
        title=_("修改咨询记录"),
        back_url=back_url,
        consultation=consultation,
    )


def _changes(form) -> dict:
    """The edit form's values; an empty phone keeps the stored one (it is never shown)."""
    values = form.values()
    if not values["caller_phone"]:
        values.pop("caller_phone")
    return values


# ---------------------------------------------------------------------------------------------
# Detail and reveal


def _detail_context(request, consultation, revealed: str = "") -> dict:
    user = request.user
    can_edit = access.can(user, Cap.EDIT, consultation.office, line="legalaid")
    return {
        "consultation": consultation,
        "crumbs": list_crumb("legalaid:consultation_list", _("法律咨询")),
        "category_name": code_labels(CONSULTATION_CATEGORY_CODE_LIST).get(
            consultation.category, consultation.category
        ),
        "masked_phone": mask_phone(consultation.caller_phone),
        "revealed_phone": revealed,
        "can_edit": can_edit,
        "can_reveal": access.can(user, Cap.REVEAL, consultation.office, line="legalaid"),
        "applications": list(
            selectors.consultation_applications(actor=user, consultation=consultation)
        ),
        "mediation_case": selectors.consultation_mediation_case(
            actor=user, consultation=consultation
        ),
        "follow_up_pending": consultation.follow_up_required
        and consultation.followed_up_on is None,
        "application_url": _application_url(consultation) if can_edit else "",
        "mediation_url": reverse("legalaid:consultation_to_mediation", args=[consultation.pk])
        if can_edit and not consultation.mediation_case_id
        else "",
    }


def _application_url(consultation) -> str:
    """申请法律援助 from this consultation: the person first, when none is registered yet."""
    if consultation.person_id is None:
        url = reverse("legalaid:consultation_link_person", args=[consultation.pk])
        return f"{url}?next={NEXT_APPLICATION}"
    return _application_register_url(consultation)


def _application_register_url(consultation) -> str:
    try:
        url = reverse("legalaid:application_register")
    except NoReverseMatch:  # the application pages are not installed
        return ""
    return f"{url}?consultation={consultation.pk}"


@never_cache
@login_required
def consultation_detail(request, pk):
    consultation = selectors.consultation_get(actor=request.user, pk=pk)
    return render(
        request,
        "legalaid/consultations/consultation_detail.html",
        _detail_context(request, consultation),
    )


@never_cache
@require_POST
@login_required
def consultation_reveal_phone(request, pk):
    """显示明文 of the caller's phone (logged). htmx swaps the value in place."""
    consultation = selectors.consultation_get(actor=request.user, pk=pk)
    plaintext = actions.consultation_reveal_phone(
        actor=request.user, consultation=consultation, ip_address=client_ip(request)
    )
    if request.headers.get("HX-Request"):
        fragment = render_to_string(
            "people/_revealed_value.html", {"value": plaintext, "field": "phone"}, request
        )
        return HttpResponse(fragment)
    context = _detail_context(request, consultation, revealed=plaintext)
    return render(request, "legalaid/consultations/consultation_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Follow-up, person, referral


def _editable(request, pk):
    consultation = selectors.consultation_get(actor=request.user, pk=pk)
    access.require_for(request.user, Cap.EDIT, consultation)
    return consultation


def _action_page(request, consultation, form, title, extra=None):
    return _consultation_form(
        request,
        form,
        title=title,
        back_url=consultation.get_absolute_url(),
        consultation=consultation,
        template="legalaid/consultations/consultation_action.html",
        **(extra or {}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_follow_up(request, pk):
    """回访: the date (and the satisfaction stated then)."""
    consultation = _editable(request, pk)
    form = forms.FollowUpForm(request.POST or None)
    if save_valid(
        request,
        form,
        lambda: actions.consultation_follow_up(
            actor=request.user, consultation=consultation, **form.cleaned_data
        ),
    ):
        messages.success(request, _("已登记回访。"))
        return redirect(consultation)
    return _action_page(request, consultation, form, _("登记回访"))


def _next_url(consultation, next_step: str) -> str:
    if next_step == NEXT_APPLICATION:
        return _application_register_url(consultation) or consultation.get_absolute_url()
    if next_step == NEXT_MEDIATION:
        return reverse("legalaid:consultation_to_mediation", args=[consultation.pk])
    return consultation.get_absolute_url()


@login_required
@require_http_methods(["GET", "POST"])
def consultation_link_person(request, pk):
    """选择或登记咨询人, then continue to what the clerk was doing (`?next=`)."""
    consultation = _editable(request, pk)
    next_step = request.GET.get("next", "")
    form = forms.LinkPersonForm(
        request.POST or None, actor=request.user, initial={"name": consultation.caller_name}
    )
    if save_valid(
        request,
        form,
        lambda: actions.consultation_link_person(
            actor=request.user, consultation=consultation, identity=form.identity()
        ),
    ):
        name = consultation.person.name
        messages.success(request, _("已关联咨询人：%(name)s。") % {"name": name})
        return redirect(_next_url(consultation, next_step))
    return _action_page(request, consultation, form, _("选择或登记咨询人"))


def _respondent_form(request):
    form = PartyForm(
        request.POST or None,
        prefix="respondent",
        actor=request.user,
        roles=[(PartyRole.RESPONDENT, PartyRole.RESPONDENT.label)],
    )
    form.fields["role"].initial = PartyRole.RESPONDENT
    return form


@login_required
@require_http_methods(["GET", "POST"])
def consultation_to_mediation(request, pk):
    """转人民调解: the consultation's person is the applicant, its question the facts."""
    consultation = _editable(request, pk)
    if consultation.person_id is None:
        url = reverse("legalaid:consultation_link_person", args=[consultation.pk])
        return redirect(f"{url}?next={NEXT_MEDIATION}")
    if consultation.mediation_case_id:
        messages.warning(request, _("该咨询已转为人民调解案件。"))
        return redirect(consultation)
    committees = selectors.committees_for_referral(actor=request.user)
    if not committees.exists():
        messages.warning(
            request,
            _("您没有在任何人民调解委员会受理纠纷的权限，请联系调解组织或上级业务科室办理。"),
        )
    form = forms.ToMediationForm(request.POST or None, committees=committees)
    respondent = _respondent_form(request)
    if request.method == "POST" and form.is_valid() and respondent.is_valid():
        values = form.values()
        try:
            with transaction.atomic():
                party = party_obtain(
                    actor=request.user,
                    office=values["committee"],
                    identity=respondent.identity(),
                    **respondent.fields_of_party(),
                )
                case = actions.consultation_to_mediation_case(
                    actor=request.user,
                    consultation=consultation,
                    respondents=[party],
                    **values,
                )
        except ValidationError as error:
            _split_errors(form, respondent, error)
        else:
            messages.success(
                request, _("已转人民调解，案件编号：%(number)s。") % {"number": case.number}
            )
            return redirect(consultation)
    return _action_page(request, consultation, form, _("转人民调解"), {"respondent": respondent})


def _split_errors(form, respondent, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field in respondent.fields:
            respondent.add_error(field, errors)
        else:
            form.add_error(None, errors)
