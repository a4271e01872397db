"""Forms of the practice line: validation only, the writes are the actions'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, StyledForm
from sifa.practice.constants import ClientKind, LitigationType, MatterCategory


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
