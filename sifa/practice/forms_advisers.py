"""Forms of village (community) legal advisers: validation only, the writes are the actions'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, OfficeChoiceField, StyledForm
from sifa.practice.constants_advisers import ServiceKind


class AdviserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.institution.office.name}，{obj.licence_number}）"


class ContractForm(StyledForm):
    """签订法律顾问合同."""

    village = OfficeChoiceField(label=_("村(社区)"), queryset=None)
    adviser = AdviserChoiceField(label=_("法律顾问"), queryset=None)
    starts_on = forms.DateField(label=_("起始日期"), widget=DateInput)
    ends_on = forms.DateField(label=_("期满日期"), widget=DateInput)
    fee = forms.DecimalField(label=_("服务费（元）"), min_value=0, initial=0)

    def __init__(self, *args, villages, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["adviser"].queryset = advisers


class RenewForm(StyledForm):
    """续签: the new 期满日期 (the new contract starts the day after the old one's)."""

    ends_on = forms.DateField(label=_("新的期满日期"), widget=DateInput)
    fee = forms.DecimalField(label=_("服务费（元）"), min_value=0, required=False)


class EndForm(StyledForm):
    """解除合同."""

    on = forms.DateField(label=_("解除日期"), widget=DateInput)
    reason = forms.CharField(label=_("解除原因"), max_length=200)


class ServiceLogForm(StyledForm):
    """登记服务日志 (一事一记)."""

    kind = forms.ChoiceField(label=_("服务类别"), choices=[BLANK, *ServiceKind.choices])
    served_on = forms.DateField(label=_("服务日期"), widget=DateInput)
    hours = forms.DecimalField(
        label=_("服务时长（小时）"), min_value=0, max_value=24, decimal_places=1
    )
    persons = forms.IntegerField(label=_("服务人次"), min_value=0, initial=0)
    note = forms.CharField(label=_("服务内容"), max_length=500, required=False)


class LogFilterForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("服务类别"), choices=[("", _("全部")), *ServiceKind.choices], required=False
    )
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput)
