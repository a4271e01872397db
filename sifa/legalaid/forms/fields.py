"""Form pieces every legal-aid form module uses: the empty choice, the office select (offices by
name) and the date-and-time input."""

from __future__ import annotations

from django import forms

BLANK = ("", "---------")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class OfficeChoiceField(forms.ModelChoiceField):
    """Offices by their name alone (the choices are already the ones the user may pick)."""

    def label_from_instance(self, obj):
        return obj.name


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)
