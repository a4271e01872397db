"""Forms of the standards pages: 经济困难标准, 办案补贴标准 and the eligibility 试算."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, StyledForm
from sifa.legalaid.constants import Area, ExemptionProof, HardshipCheck, Matter, MatterType
from sifa.legalaid.eligibility import VERIFICATION_CHECKS, Facts


class HardshipStandardForm(StyledForm):
    region_code = forms.CharField(
        label=_("适用行政区划代码"),
        max_length=12,
        help_text=_("行政区划代码的前缀，如“33”为全省、“3301”为一个设区的市；最长前缀优先适用。"),
    )
    area = forms.ChoiceField(label=_("城乡"), choices=[BLANK, *Area.choices])
    valid_from = forms.DateField(label=_("执行日期"), widget=DateInput)
    monthly_income_limit = forms.DecimalField(
        label=_("家庭人均月收入上限（元）"), min_value=0, max_digits=14, decimal_places=2
    )
    basis = forms.CharField(
        label=_("依据"), max_length=200, help_text=_("如：省司法厅、财政厅关于经济困难标准的通知")
    )

    @classmethod
    def initial_from(cls, standard) -> dict:
        return {
            name: getattr(standard, name)
            for name in ("region_code", "area", "valid_from", "monthly_income_limit", "basis")
        }


class SubsidyRateForm(StyledForm):
    matter_type = forms.ChoiceField(label=_("案件类别"), choices=[BLANK, *MatterType.choices])
    amount = forms.DecimalField(
        label=_("补贴标准（元/件）"), min_value=0, max_digits=14, decimal_places=2
    )
    valid_from = forms.DateField(label=_("执行日期"), widget=DateInput)

    @classmethod
    def initial_from(cls, rate) -> dict:
        return {name: getattr(rate, name) for name in ("matter_type", "amount", "valid_from")}


class TrialForm(StyledForm):
    """试算: the facts of an application, to see how the rules assess them."""

    matter = forms.ChoiceField(label=_("援助事项"), choices=[BLANK, *Matter.choices])
    matter_type = forms.ChoiceField(label=_("案件类别"), choices=[BLANK, *MatterType.choices])
    on = forms.DateField(label=_("申请日期"), widget=DateInput)
    region_code = forms.CharField(
        label=_("申请人住所地行政区划代码"), max_length=12, required=False
    )
    area = forms.ChoiceField(label=_("城乡"), choices=[BLANK, *Area.choices], required=False)
    household_size = forms.IntegerField(label=_("家庭人口"), min_value=1, required=False)
    household_monthly_income = forms.DecimalField(
        label=_("家庭月收入（元）"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    exemption_proof = forms.ChoiceField(
        label=_("免予核查情形（第四十二条）"),
        choices=[("", _("无")), *ExemptionProof.choices],
        required=False,
    )
    hardship_check = forms.ChoiceField(
        label=_("经济状况核查方式（第四十一条）"),
        choices=[
            BLANK,
            *[(c, label) for c, label in HardshipCheck.choices if c in VERIFICATION_CHECKS],
        ],
        required=False,
    )
    notified = forms.BooleanField(label=_("办案机关通知辩护/代理"), required=False)
    serious_charge = forms.BooleanField(label=_("可能判处无期徒刑、死刑"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def facts(self) -> Facts:
        data = self.cleaned_data
        return Facts(
            matter=data["matter"],
            matter_type=data["matter_type"],
            on=data["on"],
            region_code=(data.get("region_code") or "").strip(),
            area=data.get("area") or "",
            household_size=data.get("household_size"),
            household_monthly_income=data.get("household_monthly_income"),
            exemption_proof=data.get("exemption_proof") or "",
            hardship_check=data.get("hardship_check") or "",
            notified=bool(data.get("notified")),
            serious_charge=bool(data.get("serious_charge")),
        )
