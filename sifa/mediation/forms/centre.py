"""Forms of the centre-work pages: reception log, group petitions dissuaded, escalations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import DateInput, PeriodFilterForm, StyledForm
from sifa.mediation.selectors import screening as screening_selectors


class ReceptionFilterForm(PeriodFilterForm):
    leader_only = forms.BooleanField(label=_("仅领导接访"), required=False)


class _OfficeForm(StyledForm):
    office = forms.ModelChoiceField(label=_("登记单位"), queryset=None)

    def __init__(self, *args, actor, offices, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class _LinksCase:
    """An optional 案件编号 resolved to a case the actor sees (cleaned as `case`)."""

    def clean_case(self):
        number = (self.cleaned_data.get("case") or "").strip()
        if not number:
            return None
        case = screening_selectors.case_by_number(actor=self.actor, number=number)
        if case is None:
            raise forms.ValidationError(_("未找到该案件编号。"))
        return case


class ReceptionForm(_LinksCase, _OfficeForm):
    received_on = forms.DateField(label=_("接待日期"), widget=DateInput)
    persons = forms.IntegerField(label=_("人数"), min_value=1)
    matter = forms.CharField(label=_("来访事项"), max_length=200)
    leader = forms.CharField(
        label=_("接访领导"), max_length=50, required=False, help_text=_("领导接访日填写。")
    )
    pre_visit_guidance = forms.BooleanField(label=_("预访疏导"), required=False)
    case = forms.CharField(label=_("受理案件编号"), max_length=40, required=False)


class PetitionDissuadedForm(_OfficeForm):
    dissuaded_on = forms.DateField(label=_("劝阻日期"), widget=DateInput)
    persons = forms.IntegerField(label=_("人数"), min_value=1)
    matter = forms.CharField(label=_("事由"), max_length=200)


class EscalationPreventedForm(_LinksCase, _OfficeForm):
    prevented_on = forms.DateField(label=_("日期"), widget=DateInput)
    persons = forms.IntegerField(label=_("涉及人数"), min_value=1, initial=1)
    description = forms.CharField(label=_("情况"), widget=forms.Textarea)
    case = forms.CharField(label=_("调解案件编号"), max_length=40, required=False)
