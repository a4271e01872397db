"""Forms of the work-summary pages: a template, a draft's prose, a new draft."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import DateInput
from sifa.reports import summary
from sifa.reports.models import SummaryTemplate
from sifa.reports.summary_defaults import FILES, default_template

DEFAULT_PREFIX = "default:"


class _ValidatedText:
    """Checks title and body with the template language; every problem names its line."""

    def clean(self):
        cleaned = super().clean()
        title, body = cleaned.get("title"), cleaned.get("body")
        if title is not None and body is not None:
            for message in summary.validate(body, title):
                field = "title" if message.startswith(str(_("标题："))) else "body"
                self.add_error(field, message)
        return cleaned


def _text_widgets():
    return {
        "title": forms.TextInput(attrs={"class": "form-control"}),
        "body": forms.Textarea(
            attrs={"class": "form-control font-monospace", "rows": 24, "spellcheck": "false"}
        ),
    }


class TemplateForm(_ValidatedText, forms.ModelForm):
    class Meta:
        model = SummaryTemplate
        fields = ["name", "kind", "title", "body", "active"]
        widgets = {
            **_text_widgets(),
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "kind": forms.Select(attrs={"class": "form-select"}),
            "active": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


class DraftForm(_ValidatedText, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=_text_widgets()["title"])
    body = forms.CharField(label=_("正文"), widget=_text_widgets()["body"], strip=False)


class NewDraftForm(forms.Form):
    """Which template, which period: the office is the page's."""

    template = forms.ChoiceField(
        label=_("模板"), widget=forms.Select(attrs={"class": "form-select"})
    )
    start = forms.DateField(label=_("开始日期"), widget=DateInput(attrs={"class": "form-control"}))
    end = forms.DateField(label=_("截止日期"), widget=DateInput(attrs={"class": "form-control"}))

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {str(t.pk): t for t in templates}
        choices = [(str(t.pk), t.name) for t in templates]
        choices += [(DEFAULT_PREFIX + kind, default_template(kind).name) for kind in FILES]
        self.fields["template"].choices = choices

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("截止日期不能早于开始日期。"))
        return cleaned

    def chosen_template(self):
        value = self.cleaned_data["template"]
        if value.startswith(DEFAULT_PREFIX):
            return default_template(value.removeprefix(DEFAULT_PREFIX))
        return self.templates[value]


def half_year_initial(today: date) -> dict:
    """The half-year just ended (or the first half of this year from July on)."""
    if today.month >= 7:
        return {"start": date(today.year, 1, 1), "end": date(today.year, 6, 30)}
    return {"start": date(today.year - 1, 7, 1), "end": date(today.year - 1, 12, 31)}
