"""Forms of the duty pages (值班): the week filter, a week's roster, the record of a shift."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, OfficeChoiceField, StyledForm
from sifa.legalaid.actions.duty import ShiftInput, week_start
from sifa.legalaid.constants import DutyPeriod

WEEKDAYS = (
    _("星期一"),
    _("星期二"),
    _("星期三"),
    _("星期四"),
    _("星期五"),
    _("星期六"),
    _("星期日"),
)
ROWS = 10


def weekday_choices() -> list[tuple[int, str]]:
    return list(enumerate(WEEKDAYS))


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.provider.name}）"


class DutyFilterForm(StyledForm):
    within = OfficeChoiceField(label=_("值班机构"), required=False, queryset=None)
    week = forms.DateField(label=_("周（任选一天）"), required=False, widget=DateInput)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = offices
        self.fields["within"].empty_label = _("全部机构")

    def monday(self) -> datetime.date:
        return week_start(self.value("week", None) or timezone.localdate())


class DutyWeekForm(StyledForm):
    office = OfficeChoiceField(label=_("值班机构"), queryset=None)
    week = forms.DateField(label=_("周（任选一天）"), widget=DateInput)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]
        self.fields["week"].initial = week_start(timezone.localdate() + datetime.timedelta(days=7))


class ShiftRowForm(StyledForm):
    """One row of the week: day of the week, period, handler, place. Empty rows are skipped."""

    weekday = forms.TypedChoiceField(
        label=_("星期"),
        coerce=int,
        required=False,
    )
    period = forms.ChoiceField(
        label=_("时段"), required=False, choices=[BLANK, *DutyPeriod.choices]
    )
    handler = HandlerChoiceField(label=_("值班人员"), required=False, queryset=None)
    place = forms.CharField(label=_("值班地点"), required=False, max_length=100)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.fields["weekday"].choices = [BLANK, *weekday_choices()]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return data.get("weekday") in (None, "") and not data.get("handler")

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        if data.get("weekday") in (None, ""):
            self.add_error("weekday", _("请选择星期。"))
        if not data.get("period"):
            self.add_error("period", _("请选择时段。"))
        if not data.get("handler"):
            self.add_error("handler", _("请选择值班人员。"))
        return data

    def shift_input(self, monday: datetime.date) -> ShiftInput:
        data = self.cleaned_data
        return ShiftInput(
            on_date=monday + datetime.timedelta(days=data["weekday"]),
            period=data["period"],
            handler=data["handler"],
            place=data["place"],
        )


class BaseShiftFormSet(forms.BaseFormSet):
    def __init__(self, *args, handlers, **kwargs):
        self.handlers = handlers
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "handlers": self.handlers}


ShiftFormSet = forms.formset_factory(
    ShiftRowForm, formset=BaseShiftFormSet, extra=ROWS, max_num=50, validate_max=True
)
SHIFT_PREFIX = "shifts"


class DutyRecordForm(StyledForm):
    persons_helped = forms.IntegerField(
        label=_("提供法律帮助人次"),
        validators=[MinValueValidator(0, _("提供法律帮助人次不能为负数。"))],
    )
    notes = forms.CharField(label=_("值班情况"), required=False, widget=forms.Textarea)
