"""Forms of the 办案补贴 (第52条) pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import DateInput, StyledForm


class BatchForm(StyledForm):
    """A new batch: the centre, its title and (optionally) the last archive date it takes."""

    office = forms.ModelChoiceField(label=_("法律援助中心"), queryset=None)
    title = forms.CharField(label=_("批次名称"), max_length=100)
    archived_until = forms.DateField(
        label=_("归档日期截至"),
        required=False,
        widget=DateInput,
        help_text=_("不填则汇总全部已归档、尚未发放补贴的案件。"),
    )

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = centres
        if len(centres) == 1:
            self.fields["office"].initial = centres[0].pk


class PayForm(StyledForm):
    paid_on = forms.DateField(label=_("发放日期"), widget=DateInput)
