"""The registration form the corrections forms share: it names its person by 身份证号码."""

from __future__ import annotations

from sifa.people.forms import IdentityFields


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
