"""Forms of the practice line: validation only, the writes are the actions'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, OfficeChoiceField, PeriodFilterForm, StyledForm
from sifa.people.forms import IdentityFields
from sifa.practice.constants import (
    OFFICE_KIND,
    ClientKind,
    FirmKind,
    InstitutionStatus,
    LitigationType,
    MatterCategory,
    PractitionerKind,
)


class MatterForm(StyledForm):
    """One row of the business register (业务登记台账)."""

    number = forms.CharField(label=_("登记编号"), max_length=40)
    category = forms.ChoiceField(label=_("业务类别"), choices=MatterCategory.choices)
    litigation_type = forms.ChoiceField(
        label=_("诉讼类别"), choices=[BLANK, *LitigationType.choices], required=False
    )
    client = forms.CharField(label=_("委托人"), max_length=100)
    client_kind = forms.ChoiceField(label=_("委托人类别"), choices=ClientKind.choices)
    cause = forms.CharField(label=_("案由/事项"), max_length=200, required=False)
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=None, required=False)
    subject_amount = forms.DecimalField(label=_("标的额（元）"), min_value=0, initial=0)
    recovered_amount = forms.DecimalField(label=_("索回/挽回金额（元）"), min_value=0, initial=0)
    fee = forms.DecimalField(label=_("收费（元）"), min_value=0, initial=0)
    accepted_on = forms.DateField(label=_("收案日期"), widget=DateInput)
    closed_on = forms.DateField(label=_("结案/期满日期"), widget=DateInput, required=False)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers

    @classmethod
    def initial_of(cls, matter) -> dict:
        """The form's values for an existing row (修改业务登记)."""
        return {name: getattr(matter, name) for name in cls.base_fields}


class InstitutionRegisterForm(StyledForm):
    """登记执业机构: an office of kind 律师事务所 / 基层法律服务所 not registered yet."""

    office = OfficeChoiceField(
        label=_("机构（机构树中的律师事务所或基层法律服务所）"), queryset=None
    )
    firm_kind = forms.ChoiceField(
        label=_("组织形式（律师事务所）"),
        choices=[BLANK, *FirmKind.choices],
        required=False,
    )
    licence_number = forms.CharField(label=_("执业许可证号（统一社会信用代码）"), max_length=18)
    founded_on = forms.DateField(label=_("设立日期"), widget=DateInput)
    address = forms.CharField(label=_("住所"), max_length=200, required=False)
    head_name = forms.CharField(label=_("负责人"), max_length=50, required=False)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def action_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        office = data["office"]
        data["category"] = next(c for c, kind in OFFICE_KIND.items() if kind == office.kind)
        return data


class PractitionerRegisterForm(IdentityFields):
    """登记执业人员: the person by 身份证号码 (found in the registry or registered there)."""

    licence_number = forms.CharField(label=_("执业证号"), max_length=20)
    kind = forms.ChoiceField(label=_("执业类型"), choices=[BLANK, *PractitionerKind.choices])
    licensed_on = forms.DateField(label=_("执业日期"), widget=DateInput)
    is_partner = forms.BooleanField(label=_("合伙人"), required=False)

    def clean(self):
        data = super().clean()
        self.clean_identity(data, required=_("请填写身份证号码。"))
        return data

    def action_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "identity": self.identity(),
            "licence_number": data["licence_number"],
            "kind": data["kind"],
            "licensed_on": data["licensed_on"],
            "is_partner": data.get("is_partner", False),
        }


class TransferForm(StyledForm):
    """变更执业机构."""

    to_institution = forms.ModelChoiceField(label=_("新执业机构"), queryset=None)
    moved_on = forms.DateField(label=_("变更日期"), widget=DateInput)
    reason = forms.CharField(label=_("变更原因"), max_length=200, required=False)

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_institution"].queryset = institutions


class CancelForm(StyledForm):
    """注销执业证."""

    cancelled_on = forms.DateField(label=_("注销日期"), widget=DateInput)
    reason = forms.CharField(label=_("注销原因"), max_length=200, required=False)


class InstitutionStatusForm(StyledForm):
    """执业机构状态变更: 正常 ⇄ 停业整顿 → 注销."""

    status = forms.ChoiceField(label=_("新状态"), choices=[BLANK, *InstitutionStatus.choices])
    on = forms.DateField(label=_("日期"), widget=DateInput)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class MatterFilterForm(PeriodFilterForm):
    """业务登记台账's filters: 所属机构 (subtree), 收案日期 range, 业务类别, 委托人 or 登记编号."""

    category = forms.ChoiceField(label=_("业务类别"), required=False)
    q = forms.CharField(label=_("委托人或登记编号"), required=False, max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_from"].label = _("收案日期自")
        self.fields["date_to"].label = _("收案日期至")
        self.fields["category"].choices = [("", _("全部类别")), *MatterCategory.choices]

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            "category": self.value("category"),
            "accepted_from": self.value("date_from", None),
            "accepted_to": self.value("date_to", None),
            "query": self.value("q"),
        }
