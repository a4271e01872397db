"""Forms of the consultation pages (法律咨询, 12348): list filter, record/edit, follow-up,
linking the person, and the referral to a mediation committee.

They tidy input and give early Chinese messages; the actions in
`sifa.legalaid.actions.consultations` validate again and decide.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_choices, code_labels
from sifa.core.forms import (
    BLANK,
    DATETIME_FORMAT,
    DateInput,
    DateTimeInput,
    OfficeChoiceField,
    PeriodFilterForm,
    StyledForm,
    add_action_errors,
    filter_choice,
)
from sifa.legalaid.actions.consultations import RECORDED_FIELDS
from sifa.legalaid.constants import (
    CONSULTATION_CATEGORY_CODE_LIST,
    Channel,
    Referral,
    Satisfaction,
)
from sifa.legalaid.selectors.consultations import FOLLOW_UP_DONE, FOLLOW_UP_PENDING
from sifa.mediation.constants import DISPUTE_TYPE_CODE_LIST, SOURCE_CODE_LIST
from sifa.people.actions import PersonIdentity
from sifa.people.forms import IdentityFields


class ConsultationFilterForm(PeriodFilterForm):
    """所属机构 and 咨询日期 range (from PeriodFilterForm), channel, category, satisfaction."""

    dated_by = _("咨询日期")

    channel = filter_choice(_("咨询渠道"), _("全部渠道"), Channel.choices)
    category = filter_choice(
        _("咨询类别"),
        _("全部类别"),
        lambda: code_labels(CONSULTATION_CATEGORY_CODE_LIST).items(),
    )
    satisfaction = filter_choice(_("满意度"), _("全部"), Satisfaction.choices)
    follow_up = filter_choice(
        _("回访"), _("全部"), [(FOLLOW_UP_PENDING, _("待回访")), (FOLLOW_UP_DONE, _("已回访"))]
    )
    q = forms.CharField(label=_("咨询人、问题或流水号"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("channel", "category", "satisfaction", "follow_up"),
            **self.period("consulted"),
            "q": self.value("q").strip(),
        }


class ConsultationForm(IdentityFields):
    """登记/修改咨询. The caller may stay anonymous; with a 身份证号码 the registered person is
    linked (or registered on the spot by the action, with the name and phone given)."""

    id_number_label = _("咨询人身份证号码")
    name_label = _("咨询人姓名")
    # The consultation stores the caller's name and phone as caller_name / caller_phone.
    STORED_AS = {"name": "caller_name", "phone": "caller_phone"}

    office = OfficeChoiceField(label=_("接待机构"), queryset=None)
    channel = forms.ChoiceField(label=_("咨询渠道"), choices=[BLANK, *Channel.choices])
    consulted_at = forms.DateTimeField(
        label=_("咨询时间"), widget=DateTimeInput, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
    )
    call_id = forms.CharField(
        label=_("话务流水号"),
        required=False,
        max_length=40,
        help_text=_("12348热线来电填写话务流水号或通话时长。"),
    )
    duration_minutes = forms.IntegerField(
        label=_("时长（分钟）"),
        initial=0,
        validators=[MinValueValidator(0, _("时长不能为负数。"))],
    )
    category = forms.ChoiceField(label=_("咨询类别"))
    question = forms.CharField(label=_("咨询问题"), widget=forms.Textarea)
    answer = forms.CharField(label=_("解答内容"), required=False, widget=forms.Textarea)
    referral = forms.ChoiceField(label=_("处理结果"), choices=Referral.choices)
    satisfaction = forms.ChoiceField(
        label=_("满意度"), required=False, choices=[BLANK, *Satisfaction.choices]
    )
    answered_by = forms.CharField(label=_("接待人"), required=False, max_length=50)
    follow_up_required = forms.BooleanField(
        label=_("需要回访"),
        required=False,
        help_text=_("不满意的来电一律回访。"),
    )

    field_order = [
        "office", "channel", "consulted_at", "call_id", "duration_minutes", "id_number",
        "name", "phone", "category", "question", "answer", "referral", "satisfaction",
        "answered_by", "follow_up_required",
    ]  # fmt: skip

    def __init__(self, *args, actor, offices, consultation=None, **kwargs):
        self.consultation = consultation
        linked = consultation.person if consultation is not None else None
        super().__init__(*args, actor=actor, person=linked, **kwargs)
        self.fields["id_number"].help_text = _(
            "选填。填写后关联人员信息库中的人员，库中没有的将按姓名登记。"
        )
        self.fields["office"].queryset = offices
        if consultation is not None:
            del self.fields["office"]  # a record stays with the office that took it
            if consultation.person_id:
                del self.fields["id_number"]
        elif len(offices) == 1:
            self.fields["office"].initial = offices[0]
        self.fields["consulted_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        choices = code_choices(CONSULTATION_CATEGORY_CODE_LIST)
        if consultation is not None and consultation.category not in dict(choices):
            labels = code_labels(CONSULTATION_CATEGORY_CODE_LIST)
            choices.append(
                (consultation.category, labels.get(consultation.category, consultation.category))
            )
        self.fields["category"].choices = [BLANK, *choices]

    def clean(self):
        data = super().clean()
        self.clean_identity(data)
        return data

    def caller_identity(self) -> PersonIdentity | None:
        """The person to link: found, to be registered, or the one already linked; None for
        an anonymous caller."""
        if self.person is None and not self.cleaned_data.get("id_number"):
            return None
        return self.identity()

    def values(self) -> dict:
        """What `consultation_record` / `consultation_update` take, by the consultation's names."""
        form_field = {stored: name for name, stored in self.STORED_AS.items()}
        return {key: self.cleaned_data[form_field.get(key, key)] for key in RECORDED_FIELDS}

    def add_action_errors(self, error: ValidationError) -> None:
        """The action's errors, those on caller_name / caller_phone shown on name / phone."""
        if hasattr(error, "error_dict"):
            fields = {stored: name for name, stored in self.STORED_AS.items()}
            error = ValidationError(
                {fields.get(key, key): errors for key, errors in error.error_dict.items()}
            )
        add_action_errors(self, error)


class FollowUpForm(StyledForm):
    on = forms.DateField(label=_("回访日期"), widget=DateInput)
    satisfaction = forms.ChoiceField(
        label=_("回访满意度"), required=False, choices=[BLANK, *Satisfaction.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class LinkPersonForm(IdentityFields):
    """选择或登记咨询人: by 身份证号码; a new person is registered (by the action) with name and
    phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].required = True

    def clean(self):
        data = super().clean()
        self.clean_identity(data)
        return data


class ToMediationForm(StyledForm):
    """转人民调解: the committee, the dispute's classification and the date of 受理."""

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

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        if len(committees) == 1:
            self.fields["committee"].initial = committees[0]
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["source"].choices = [BLANK, *code_choices(SOURCE_CODE_LIST)]
        self.fields["source"].initial = "other_department"
        self.fields["dispute_type"].choices = [BLANK, *code_choices(DISPUTE_TYPE_CODE_LIST)]

    def values(self) -> dict:
        data = self.cleaned_data
        keys = ("committee", "received_on", "source", "dispute_type", "claims", "amount")
        return {key: data[key] for key in keys}
