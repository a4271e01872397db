"""Forms of the mediation pages, one module per subject; shared pieces live here."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sifa.orgs.forms import MarksInvalidFields, add_action_errors
from sifa.people import selectors as people_selectors


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StyledForm(MarksInvalidFields, forms.Form):
    """Bootstrap classes on every widget; errors mark their field `is-invalid`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)

    def value(self, name, default=""):
        """A cleaned filter value, or `default` when empty or the form is invalid."""
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default

    def describe(self) -> str:
        """The chosen filters in words, for the export's 说明 sheet."""
        if not self.is_valid():
            return ""
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", False):
                continue
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                value = dict(field.choices).get(value, value)
            parts.append(f"{field.label}：{value}")
        return "；".join(parts)


class PeriodFilterForm(StyledForm):
    """所属机构 (a subtree of the actor's sight) and a date range; all optional."""

    within = forms.ModelChoiceField(label=_("所属机构"), required=False, queryset=None)
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = offices
        self.fields["within"].empty_label = _("全部机构")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


def person_from_reference(actor, reference: str):
    """A person the actor sees, by 人员编号 (the number shown in the registry) or 证件号码."""
    reference = (reference or "").strip()
    if reference.isdigit() and len(reference) < 10:
        try:
            return people_selectors.person_get(actor=actor, pk=int(reference))
        except Http404:
            pass
    elif reference:
        person = people_selectors.person_find_by_id_number(actor=actor, id_number=reference)
        if person is not None:
            return person
    raise ValidationError(_("在人员信息库中未找到该人员，请先登记人员信息。"))


class PersonReferenceField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("人员（人员编号或证件号码）"))
        kwargs.setdefault(
            "help_text", _("填写人员信息库中的人员编号或证件号码；新人员请先在人员信息中登记。")
        )
        super().__init__(max_length=40, **kwargs)


__all__ = [
    "DateInput",
    "PeriodFilterForm",
    "PersonReferenceField",
    "StyledForm",
    "add_action_errors",
    "person_from_reference",
]
