"""Forms of the submission pages: the month picker, 上报 and the review (退回 / 审核通过)."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

MONTH_CHOICES = [(m, format_lazy(_("{month}月"), month=m)) for m in range(1, 13)]


YEAR_WIDGET = {"class": "form-control", "style": "width: 7rem"}
MONTH_WIDGET = {"class": "form-select"}


class MonthForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=YEAR_WIDGET),
    )
    month = forms.TypedChoiceField(
        label=_("月份"),
        choices=MONTH_CHOICES,
        coerce=int,
        widget=forms.Select(attrs=MONTH_WIDGET),
    )


class OptionalMonthForm(forms.Form):
    """The consistency page's filter: any month when left empty."""

    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs=YEAR_WIDGET),
    )
    month = forms.TypedChoiceField(
        label=_("月份"),
        choices=[("", _("全部月份")), *MONTH_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs=MONTH_WIDGET),
    )


class SubmitForm(MonthForm):
    office = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("上报说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"

    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[(ACCEPT, _("审核通过")), (RETURN, _("退回"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("退回月报须填写退回理由。"))
        return data
