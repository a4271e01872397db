"""The workbench's forms: the to-do list's filter (业务、机构)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core import todos
from sifa.core.forms import OfficeChoiceField, StyledForm
from sifa.orgs.constants import OfficeKind
from sifa.orgs.selectors import offices_to_filter

# The offices the filter offers: those that own to-dos or lead offices that do. A to-do of a
# mediation committee or service station is found under its 司法所 (the filter keeps a subtree).
FILTER_OFFICE_KINDS = (
    OfficeKind.JUSTICE_BUREAU,
    OfficeKind.JUDICIAL_OFFICE,
    OfficeKind.LEGAL_AID_CENTER,
    OfficeKind.CORRECTIONS_INSTITUTION,
    OfficeKind.DISPUTE_CENTER,
)


class TodoFilterForm(StyledForm):
    line = forms.ChoiceField(label=_("业务"), required=False)
    office = OfficeChoiceField(label=_("机构"), required=False, queryset=None)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("全部业务")), *todos.line_choices()]
        self.fields["office"].queryset = offices_to_filter(actor, FILTER_OFFICE_KINDS)
        self.fields["office"].empty_label = _("全部机构")
