"""Forms of the front desk: validation only (they never write; tests/test_forms_never_write.py)."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_choices
from sifa.core.forms import (
    BLANK,
    DATETIME_FORMAT,
    DateInput,
    DateTimeInput,
    OfficeChoiceField,
    PeriodFilterForm,
    StyledForm,
    filter_choice,
)
from sifa.forensic.constants import CATEGORY_LIST as FORENSIC_CATEGORY_LIST
from sifa.frontdesk.constants import MatterCategory, Satisfaction, Service
from sifa.legalaid.constants import (
    CONSULTATION_CATEGORY_CODE_LIST,
    DutyKind,
    DutyPeriod,
    Matter,
    MatterType,
)
from sifa.mediation.constants import DISPUTE_TYPE_CODE_LIST, SOURCE_CODE_LIST, PartyRole
from sifa.notary.constants import MatterCode
from sifa.people.forms import IdentityFields, PartyForm

DATETIME_INPUTS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]


def _initial_office(field, offices) -> None:
    field.queryset = offices
    if len(offices) == 1:
        field.initial = offices[0]


# --- the visitor register -------------------------------------------------------------------


class VisitForm(IdentityFields):
    """来访登记: the visitor by 身份证号码 (found or registered) or by name alone."""

    office = OfficeChoiceField(label=_("接待机构"), queryset=None)
    visited_at = forms.DateTimeField(
        label=_("来访时间"), widget=DateTimeInput, input_formats=DATETIME_INPUTS
    )
    category = forms.ChoiceField(label=_("事项类别"), choices=[BLANK, *MatterCategory.choices])
    matter = forms.CharField(label=_("来访事项"), widget=forms.Textarea)
    service = forms.ChoiceField(label=_("服务方式"), choices=[BLANK, *Service.choices])
    answer = forms.CharField(label=_("解答内容"), required=False, widget=forms.Textarea)
    referred_to = forms.CharField(label=_("转办转介去向"), required=False, max_length=100)
    satisfaction = forms.ChoiceField(
        label=_("满意度"), required=False, choices=[("", _("未评价")), *Satisfaction.choices]
    )
    received_by = forms.CharField(label=_("接待人员"), required=False, max_length=50)

    field_order = (
        "office", "visited_at", "id_number", "name", "phone", "category", "matter", "service",
        "answer", "referred_to", "satisfaction", "received_by",
    )  # fmt: skip

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        _initial_office(self.fields["office"], offices)
        self.fields["visited_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["id_number"].help_text = _("来访人不提供身份证号码的，只填姓名。")
        self.fields["name"].label = _("来访人姓名")

    def clean(self):
        data = super().clean()
        self.clean_identity(data)
        if not (data.get("id_number") or data.get("name")):
            self.add_error("name", _("请填写来访人姓名，或登记身份证号码。"))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        keys = (
            "office", "visited_at", "category", "matter", "service", "answer", "referred_to",
            "satisfaction", "received_by",
        )  # fmt: skip
        values = {key: data[key] for key in keys}
        if data.get("id_number"):
            values["identity"] = self.identity()
        else:
            values["visitor_name"] = data.get("name") or ""
            values["phone"] = data.get("phone") or ""
        return values


class VisitFilterForm(PeriodFilterForm):
    dated_by = _("来访日期")

    category = filter_choice(_("事项类别"), _("全部类别"), MatterCategory.choices)
    service = filter_choice(_("服务方式"), _("全部方式"), Service.choices)
    satisfaction = filter_choice(_("满意度"), _("全部"), Satisfaction.choices)
    q = forms.CharField(label=_("姓名或事项"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("category", "service", "satisfaction", "q"),
            **self.period("visited"),
        }


class RateForm(StyledForm):
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=[BLANK, *Satisfaction.choices])


# --- consultation events held outside ------------------------------------------------------


class EventForm(StyledForm):
    office = OfficeChoiceField(label=_("组织机构"), queryset=None)
    held_on = forms.DateField(label=_("活动日期"), widget=DateInput)
    place = forms.CharField(label=_("活动地点"), max_length=100)
    topic = forms.CharField(label=_("活动主题"), required=False, max_length=100)
    sessions = forms.IntegerField(
        label=_("场次"), initial=1, validators=[MinValueValidator(1, _("场次至少为1。"))]
    )
    persons = forms.IntegerField(
        label=_("咨询人次"), validators=[MinValueValidator(0, _("咨询人次不能为负数。"))]
    )
    notes = forms.CharField(label=_("活动情况"), required=False, widget=forms.Textarea)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        _initial_office(self.fields["office"], offices)
        self.fields["held_on"].initial = timezone.localdate()


class EventFilterForm(PeriodFilterForm):
    dated_by = _("活动日期")

    q = forms.CharField(label=_("地点或主题"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {"office": self.value("within", None), "q": self.value("q"), **self.period("held")}


# --- the roster (legal aid's duty shifts at the front desks) -------------------------------


class RosterFilterForm(StyledForm):
    week = forms.DateField(label=_("周次（任一日期）"), required=False, widget=DateInput)
    within = OfficeChoiceField(label=_("所属机构"), required=False, queryset=None)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = offices
        self.fields["within"].empty_label = _("全部机构")

    def monday(self):
        day = self.value("week", None) or timezone.localdate()
        return day - datetime.timedelta(days=day.weekday())

    def selector_arguments(self) -> dict:
        return {"office": self.value("within", None), "week_of": self.monday()}


class ShiftForm(StyledForm):
    """排班: one shift at a centre's or station's desk."""

    office = OfficeChoiceField(label=_("值班机构"), queryset=None)
    on_date = forms.DateField(label=_("值班日期"), widget=DateInput)
    period = forms.ChoiceField(label=_("时段"), choices=[BLANK, *DutyPeriod.choices])
    kind = forms.ChoiceField(label=_("值班类别"), choices=[BLANK, *DutyKind.choices])
    handler = forms.ModelChoiceField(label=_("值班人员"), queryset=None, empty_label=_("请选择"))
    place = forms.CharField(label=_("值班地点"), required=False, max_length=100)

    def __init__(self, *args, offices, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        _initial_office(self.fields["office"], offices)
        self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = lambda h: (
            f"{h.person.name}（{h.get_kind_display()}，{h.provider.name}）"
        )


# --- 转办: one form per target (the view's table `FORMS`) ------------------------------------


class ToTargetForm(IdentityFields):
    """The visitor's 身份证号码 when the visit has none and the target needs a person."""

    def __init__(self, *args, visit, offices, needs_person: bool, **kwargs):
        super().__init__(*args, person=visit.person, **kwargs)
        self.visit = visit
        self.needs_person = needs_person and visit.person is None
        if visit.person is not None or not needs_person:
            for name in ("id_number", "name", "phone"):
                del self.fields[name]
        else:
            self.fields["name"].initial = visit.visitor_name
            self.fields["phone"].initial = visit.phone
        if "office" in self.fields:
            _initial_office(self.fields["office"], offices)

    def clean(self):
        data = super().clean()
        if self.needs_person:
            self.clean_identity(data, required=_("请填写来访人的身份证号码。"))
        return data

    def identity(self):
        return super().identity() if self.needs_person else None

    def values(self) -> dict:
        skip = {"id_number", "name", "phone"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class ToLegalaidApplicationForm(ToTargetForm):
    office = OfficeChoiceField(label=_("受理机构"), queryset=None)
    matter_type = forms.ChoiceField(label=_("案件类别"), choices=[BLANK, *MatterType.choices])
    matter = forms.ChoiceField(label=_("援助事项"), choices=[BLANK, *Matter.choices])
    received_on = forms.DateField(label=_("收到申请日期"), widget=DateInput)
    adverse_party = forms.CharField(label=_("对方当事人"), required=False, max_length=100)

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, visit=visit, **kwargs)
        self.fields["received_on"].initial = timezone.localdate(visit.visited_at)


class ToLegalaidConsultationForm(ToTargetForm):
    office = OfficeChoiceField(label=_("接待机构"), queryset=None)
    category = forms.ChoiceField(label=_("咨询类别"))
    answer = forms.CharField(label=_("解答内容"), required=False, widget=forms.Textarea)

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, visit=visit, **kwargs)
        self.fields["category"].choices = [
            BLANK,
            *code_choices(CONSULTATION_CATEGORY_CODE_LIST),
        ]
        self.fields["answer"].initial = visit.answer


class ToMediationCaseForm(ToTargetForm):
    committee = OfficeChoiceField(label=_("调解组织"), queryset=None)
    received_on = forms.DateField(label=_("受理日期"), widget=DateInput)
    source = forms.ChoiceField(label=_("纠纷来源"))
    dispute_type = forms.ChoiceField(label=_("纠纷类型"))
    claims = forms.CharField(label=_("当事人请求"), required=False, widget=forms.Textarea)
    amount = forms.DecimalField(
        label=_("涉及金额（元）"),
        max_digits=14,
        decimal_places=2,
        initial=0,
        validators=[MinValueValidator(0, _("涉及金额不能为负数。"))],
    )

    def __init__(self, *args, visit, offices, **kwargs):
        super().__init__(*args, visit=visit, offices=offices, **kwargs)
        _initial_office(self.fields["committee"], offices)
        self.fields["received_on"].initial = timezone.localdate(visit.visited_at)
        self.fields["source"].choices = [BLANK, *code_choices(SOURCE_CODE_LIST)]
        self.fields["source"].initial = "other_department"
        self.fields["dispute_type"].choices = [BLANK, *code_choices(DISPUTE_TYPE_CODE_LIST)]


class ToNotarisationForm(ToTargetForm):
    """公证申请: the notary office (its office) and the 公证事项; the summary is the visit's
    matter."""

    office = OfficeChoiceField(label=_("公证机构"), queryset=None)
    matter_code = forms.ChoiceField(label=_("公证事项"), choices=[BLANK, *MatterCode.choices])
    applied_on = forms.DateField(label=_("申请日期"), widget=DateInput)

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, visit=visit, **kwargs)
        self.fields["applied_on"].initial = timezone.localdate(visit.visited_at)


class ToAppraisalForm(ToTargetForm):
    """司法鉴定委托: the forensic institution (its office) and the 鉴定类别; the matter is the
    visit's."""

    office = OfficeChoiceField(label=_("司法鉴定机构"), queryset=None)
    category = forms.ChoiceField(label=_("鉴定类别"))
    received_on = forms.DateField(label=_("收到委托日期"), widget=DateInput)

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, visit=visit, **kwargs)
        self.fields["category"].choices = [BLANK, *code_choices(FORENSIC_CATEGORY_LIST)]
        self.fields["received_on"].initial = timezone.localdate(visit.visited_at)


class RespondentForm(PartyForm):
    """被申请人 of the mediation case (the visitor is the 申请人)."""

    prefix = "respondent"

    def __init__(self, *args, actor, **kwargs):
        super().__init__(
            *args, actor=actor, roles=[(PartyRole.RESPONDENT, PartyRole.RESPONDENT.label)], **kwargs
        )
        self.fields["role"].initial = PartyRole.RESPONDENT
