"""The form kit every line shares: the styled form base, THE date (and date-time) widget, the
office select, the period filter and the mapping of an action's ValidationError onto a form.

Forms collect and tidy input; they never write. The actions decide and save.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

ISO_DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends and shows

BLANK_LABEL = _("请选择")  # the empty choice of every select (sifa/core/apps.py sets Django's)
BLANK = ("", BLANK_LABEL)  # the empty first choice of a required select


def today():
    """Today, as a callable initial value (evaluated when the form is shown)."""
    return timezone.localdate()


class DateInput(forms.DateInput):
    """An `<input type="date">` that always renders its value as `YYYY-MM-DD`.

    Browsers show a date input empty when its value is in any other format, so a bare
    `forms.DateInput(attrs={"type": "date"})` under a Chinese locale loses the value on
    every re-display. Use this widget for every date field.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def kit_widget(field: forms.Field, widget: forms.Widget | None = None) -> forms.Widget | None:
    """The kit's widget for a date or date-time field (keeping the attributes of `widget`, the
    field's own by default), or None when the field already has it or is neither.

    A date field left with Django's default widget renders the locale's format ("2000/03/07"):
    the browser's date input shows that empty and the next save wipes the date.
    """
    widget = widget if widget is not None else field.widget
    if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
        return None
    if isinstance(field, forms.DateTimeField):
        kit = DateTimeInput
    elif isinstance(field, forms.DateField):
        kit = DateInput
    else:
        return None
    if isinstance(widget, kit):
        return None
    attrs = {key: value for key, value in widget.attrs.items() if key != "type"}
    return kit(attrs=attrs)


def use_kit_widgets(fields) -> None:
    """Give every date and date-time field among `fields` (a form's fields) the kit's widget."""
    for field in fields.values():
        replacement = kit_widget(field)
        if replacement is not None:
            field.widget = replacement


def kit_formfield(db_field, **kwargs):
    """A ModelForm's `formfield_callback`: model date fields get the kit's widgets."""
    formfield = db_field.formfield(**kwargs)
    if formfield is not None:
        replacement = kit_widget(formfield)
        if replacement is not None:
            formfield.widget = replacement
    return formfield


class KitWidgets:
    """Mixin: after the form builds its fields (declared, model-made or added in `__init__` by a
    subclass before it calls this), every date field has the kit's ISO widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_kit_widgets(self.fields)


class KitModelFormMetaclass(forms.models.ModelFormMetaclass):
    """Puts `kit_formfield` in every Meta that names no `formfield_callback` of its own (Django
    reads the callback from the form's own Meta only)."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(kit_formfield)
        return super().__new__(mcs, name, bases, attrs)


class KitModelForm(KitWidgets, forms.ModelForm, metaclass=KitModelFormMetaclass):
    """The base of every ModelForm: model date fields get the kit's ISO widgets."""


class OfficeChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of an `OfficeChoiceField` read as (key, name) rows: a county's filter lists
    hundreds of offices, and a model object per option (read through a server-side cursor)
    cost a county list page more than the rest of its filter form. Same values and labels."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name in self.queryset.values_list("pk", "name"):
            yield (forms.models.ModelChoiceIteratorValue(pk, None), name)


class OfficeChoiceField(forms.ModelChoiceField):
    """Offices by their name alone (the choices are already the ones the user may pick)."""

    iterator = OfficeChoiceIterator

    def label_from_instance(self, obj):
        return obj.name


class MarksInvalidFields(KitWidgets):
    """Adds Bootstrap's `is-invalid` to the widget of every field that has an error (and, as
    every kit form, gives date fields the kit's ISO widgets)."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "")
                if "is-invalid" not in css.split():
                    widget.attrs["class"] = f"{css} is-invalid".strip()


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Show an action's ValidationError on the form: by field where the form has the field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def widget_class(widget: forms.Widget) -> str:
    """The Bootstrap class of a form control: a check box, a select or any other input."""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class StyledForm(MarksInvalidFields, forms.Form):
    """Bootstrap classes on every widget; errors mark their field `is-invalid`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            widget.attrs.setdefault("class", widget_class(widget))
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)

    def value(self, name, default=""):
        """A cleaned filter value, or `default` when empty or the form is invalid."""
        if not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default

    def chosen(self, *names) -> dict:
        """The filters `names` by name, each its value or blank (see `value`)."""
        return {name: self.value(name) for name in names}

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


class DateRangeChecked:
    """Mixin for a form with optional ``date_from`` and ``date_to`` fields: the end may not come
    before the start."""

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


class PeriodFilterForm(DateRangeChecked, StyledForm):
    """所属机构 (a subtree of the actor's sight) and a date range; all optional. A form whose
    range is of one date sets `dated_by` (收到申请日期): the range reads 收到申请日期自 … 至."""

    dated_by = None

    within = OfficeChoiceField(label=_("所属机构"), required=False, queryset=None)
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = offices
        self.fields["within"].empty_label = _("全部机构")
        if self.dated_by:
            self.fields["date_from"].label = format_lazy("{}自", self.dated_by)
            self.fields["date_to"].label = format_lazy("{}至", self.dated_by)

    def period(self, prefix: str) -> dict:
        """The date range as a selector's `<prefix>_from` and `<prefix>_to` (None when open)."""
        return {
            f"{prefix}_from": self.value("date_from", None),
            f"{prefix}_to": self.value("date_to", None),
        }


def filter_choice(label, everything, choices) -> forms.ChoiceField:
    """An optional choice of a filter form: `everything` (全部状态) first, then `choices`, the
    (value, label) pairs, or a function giving them when the form is shown (a code list)."""
    if callable(choices):
        return forms.ChoiceField(
            label=label, required=False, choices=lambda: [("", everything), *choices()]
        )
    return forms.ChoiceField(label=label, required=False, choices=[("", everything), *choices])


IMPORT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


class ImportForm(MarksInvalidFields, forms.Form):
    """The upload of an all-or-nothing import (sifa.core.imports): the file and, when the user
    may import into several offices, the office whose subtree the rows belong to."""

    office = forms.TypedChoiceField(label=_("导入范围"), coerce=int, required=False)
    file = forms.FileField(
        label=_("导入文件"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ",".join(IMPORT_SUFFIXES)}
        ),
    )

    def __init__(self, *args, offices=(), default=None, **kwargs):
        """`offices`: those the user may choose; `default`: the one taken when none is chosen
        (the user's own office, when they have one)."""
        super().__init__(*args, **kwargs)
        self.offices = {office.pk: office for office in offices}
        self.default = default
        if len(self.offices) > 1:
            field = self.fields["office"]
            field.choices = [BLANK] + [(o.pk, o.name) for o in offices]
            field.widget.attrs["class"] = "form-select"
            field.required = default is None
            if default is not None:
                field.initial = default.pk
        else:
            del self.fields["office"]
            self.default = default or next(iter(self.offices.values()), None)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(IMPORT_SUFFIXES):
            raise ValidationError(
                _("请上传 .xlsx、.xls 格式的 Excel 文件或 .csv 文件（可先下载导入模板）。")
            )
        return file

    def chosen_office(self):
        """The office chosen, else the default."""
        chosen = self.cleaned_data.get("office") if "office" in self.fields else None
        return self.offices.get(chosen) or self.default
