"""Forms of the screening pages: the screening itself and a formset of its findings."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_choices
from sifa.core.forms import BLANK, DateInput, PeriodFilterForm, StyledForm, filter_choice
from sifa.mediation.constants import (
    DISPUTE_TYPE_CODE_LIST,
    FindingHandling,
    RiskLevel,
    ScreeningKind,
)
from sifa.mediation.selectors import screening as selectors

EXTRA_FINDING_ROWS = 3


class ScreeningFilterForm(PeriodFilterForm):
    kind = filter_choice(_("排查类型"), _("全部"), ScreeningKind.choices)


class ScreeningForm(StyledForm):
    office = forms.ModelChoiceField(label=_("排查单位"), queryset=None)
    screened_on = forms.DateField(label=_("排查日期"), widget=DateInput)
    kind = forms.ChoiceField(label=_("排查类型"), choices=ScreeningKind.choices)
    occasion = forms.CharField(
        label=_("专项名称"),
        required=False,
        max_length=100,
        help_text=_("专项排查填写，如春节、两会。"),
    )
    scope = forms.CharField(label=_("排查范围"), max_length=200, help_text=_("如村、社区、网格。"))
    notes = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class FindingForm(StyledForm):
    dispute_type = forms.ChoiceField(label=_("纠纷类型"), choices=())
    description = forms.CharField(label=_("纠纷情况"), widget=forms.Textarea(attrs={"rows": 2}))
    risk_level = forms.ChoiceField(label=_("风险等级"), choices=[BLANK, *RiskLevel.choices])
    handling = forms.ChoiceField(label=_("处置方式"), choices=[BLANK, *FindingHandling.choices])
    case_number = forms.CharField(
        label=_("案件编号"), required=False, max_length=40, help_text=_("登记为调解案件时可填写。")
    )

    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)
        self.fields["dispute_type"].choices = [
            BLANK,
            *code_choices(DISPUTE_TYPE_CODE_LIST),
        ]

    def clean(self):
        data = super().clean()
        number = (data.get("case_number") or "").strip()
        data["case"] = None
        if number:
            if data.get("handling") != FindingHandling.REGISTERED:
                self.add_error("case_number", _("只有“登记为调解案件”的纠纷才能关联案件。"))
            else:
                data["case"] = selectors.case_by_number(actor=self.actor, number=number)
                if data["case"] is None:
                    self.add_error("case_number", _("未找到该案件编号。"))
        return data

    def finding(self) -> dict:
        """The action's finding dict."""
        keys = ("dispute_type", "description", "risk_level", "handling", "case")
        return {key: self.cleaned_data[key] for key in keys}


class BaseFindingFormSet(forms.BaseFormSet):
    def findings(self) -> list[dict]:
        return [
            form.finding()
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for form in self.forms:
            if form.has_changed() and not form.cleaned_data:
                raise ValidationError(_("请完整填写发现的纠纷。"))


FindingFormSet = forms.formset_factory(
    FindingForm, formset=BaseFindingFormSet, extra=EXTRA_FINDING_ROWS, max_num=200
)
