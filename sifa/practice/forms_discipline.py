"""Forms of complaints and sanctions: validation only, the writes are the actions'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, StyledForm
from sifa.people.forms import IdentityFields
from sifa.practice.constants_discipline import (
    PRACTITIONER_KINDS,
    Authority,
    Channel,
    SanctionKind,
)


class ComplaintReceiveForm(IdentityFields):
    """受理投诉: the target, the receipt, and the complainant (or nobody: anonymous)."""

    id_number_label = _("投诉人身份证号码（匿名投诉留空）")
    name_label = _("投诉人姓名")

    institution = forms.ModelChoiceField(label=_("被投诉机构"), queryset=None)
    practitioner = forms.ModelChoiceField(
        label=_("被投诉人员（投诉机构的留空）"), queryset=None, required=False
    )
    number = forms.CharField(label=_("投诉登记号（可留空）"), max_length=40, required=False)
    received_on = forms.DateField(label=_("受理日期"), widget=DateInput)
    channel = forms.ChoiceField(label=_("投诉方式"), choices=[BLANK, *Channel.choices])
    content = forms.CharField(label=_("投诉内容"), widget=forms.Textarea(attrs={"rows": 4}))

    field_order = ["institution", "practitioner", "number", "received_on", "channel", "content"]

    def __init__(self, *args, institutions, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.fields["practitioner"].queryset = practitioners

    def clean(self):
        data = super().clean()
        self.clean_identity(data)
        return data

    def action_arguments(self) -> dict:
        data = self.cleaned_data
        identity = self.identity()
        return {
            "institution": data["institution"],
            "practitioner": data.get("practitioner"),
            "received_on": data["received_on"],
            "channel": data["channel"],
            "content": data["content"],
            "number": data.get("number") or "",
            "complainant": identity if (identity.person or identity.id_number) else None,
        }


class InvestigateForm(StyledForm):
    handler = forms.CharField(label=_("承办人"), max_length=50)
    on = forms.DateField(label=_("调查开始日期"), widget=DateInput)


class ConcludeForm(StyledForm):
    substantiated = forms.TypedChoiceField(
        label=_("处理结果"),
        choices=[BLANK, ("1", _("投诉成立")), ("0", _("投诉不成立"))],
        coerce=lambda value: value == "1",
    )
    findings = forms.CharField(
        label=_("调查情况和处理意见"), widget=forms.Textarea(attrs={"rows": 4})
    )
    concluded_on = forms.DateField(label=_("办结日期"), widget=DateInput)


class SanctionProposeForm(StyledForm):
    """拟处罚: Sifa's 律师法 第51条 suggestion is shown above it, never filled in for the clerk."""

    authority = forms.ChoiceField(label=_("处罚类别"), choices=[BLANK, *Authority.choices])
    kind = forms.ChoiceField(label=_("处罚种类"), choices=[BLANK, *SanctionKind.choices])
    amount = forms.DecimalField(
        label=_("罚款金额（元，罚款填写）"), min_value=0, required=False, decimal_places=2
    )
    months = forms.IntegerField(label=_("停止执业期限（月，停止执业填写）"), required=False)
    act_on = forms.DateField(label=_("违法违规行为发生日期"), widget=DateInput)
    facts = forms.CharField(label=_("违法违规事实"), widget=forms.Textarea(attrs={"rows": 4}))
    complaint = forms.ModelChoiceField(label=_("所涉投诉"), queryset=None, required=False)

    def __init__(self, *args, complaints, kinds=PRACTITIONER_KINDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].queryset = complaints
        self.fields["kind"].choices = [BLANK, *((k.value, k.label) for k in kinds)]
        if SanctionKind.CLOSURE in kinds:  # a sanction of an institution (律师法 第50条)
            self.fields["months"].label = _("停业整顿期限（月，停业整顿填写）")


class SanctionDecideForm(StyledForm):
    decision_number = forms.CharField(label=_("决定书文号"), max_length=60, required=False)
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput)
    starts_on = forms.DateField(label=_("起始日期"), widget=DateInput)


class SanctionCloseForm(StyledForm):
    """不予处罚 or 撤销处罚决定: the date and the reason."""

    on = forms.DateField(label=_("日期"), widget=DateInput)
    reason = forms.CharField(label=_("理由"), max_length=200)
