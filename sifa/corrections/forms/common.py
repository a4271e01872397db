"""Pieces the corrections forms share: the blank choice, today's date as an initial value, the
office select and the registration form that names its person by 身份证号码."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from sifa.people.forms import IdentityFields

BLANK = ("", "---------")


def today():
    """Today, as a callable initial value (evaluated when the form is shown)."""
    return timezone.localdate()


class OfficeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PersonRegisterForm(IdentityFields):
    """A registration at one of `offices` (its `office` field) whose person is found in the
    registry by 身份证号码, or described so that the action registers one (forms never write).

    The number is required; `id_number_help`/`name_help` explain the fields on the page."""

    id_number_help = ""
    name_help = ""
    field_order = ["office", "id_number", "name", "phone"]

    def __init__(self, *args, actor, offices, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["office"].queryset = offices
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]
        self.fields["id_number"].required = True
        self.fields["id_number"].help_text = self.id_number_help
        self.fields["name"].help_text = self.name_help

    def clean(self):
        data = super().clean()
        self.clean_identity(data)
        return data
