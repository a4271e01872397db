"""The scope form of the statistics pages: which office, which period (统计范围)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import DateInput

# URL parameter names shared by the indicator page, its drill-down and their links.
SCOPE_PARAMS = ("office", "from", "to")


class OfficeForm(forms.Form):
    """The office alone (the data-quality pages count today's records, not a period's): read
    from the query string like ScopeForm, the office checked by the view before."""

    def __init__(self, data, *, offices):
        super().__init__(data)
        offices = list(offices)
        top = min((o.depth for o in offices), default=1)
        self.fields["office"] = forms.TypedChoiceField(
            label=_("机构"),
            coerce=int,
            choices=[(o.pk, "\u3000" * (o.depth - top) + o.name) for o in offices],
            widget=forms.Select(attrs={"class": "form-select"}),
        )


class ScopeForm(OfficeForm):
    """office / from / to, read from the query string (GET), so every page is a link.

    The office is checked against the user's scope by the view before this form runs (an
    office out of sight is a 404, not a form error); the choices only drive the select.
    """

    def __init__(self, data, *, offices):
        super().__init__(data, offices=offices)
        for name, label in (("from", _("开始日期")), ("to", _("截止日期"))):
            widget = DateInput(attrs={"class": "form-control"})
            self.fields[name] = forms.DateField(label=label, widget=widget)
        for name in SCOPE_PARAMS:
            self.fields[name].error_messages["required"] = _("请填写%(label)s。") % {
                "label": self.fields[name].label
            }
        self.fields["from"].error_messages["invalid"] = _("开始日期格式应为 年-月-日。")
        self.fields["to"].error_messages["invalid"] = _("截止日期格式应为 年-月-日。")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("开始日期不能晚于截止日期。"))
        return cleaned
