"""Forms of the office pages. They collect and tidy input; the actions decide and save."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, MarksInvalidFields
from sifa.orgs.constants import SUBTYPES_BY_KIND, OfficeKind
from sifa.orgs.models import Office

SUBTYPE_SEPARATOR = ":"


def _subtype_choices() -> list:
    """Sub-types grouped under their kind; values are `kind:subtype`, since two kinds share
    a stored value (`township`) and one drop-down must tell them apart."""
    groups = [
        (
            OfficeKind(kind).label,
            [(f"{kind}{SUBTYPE_SEPARATOR}{value}", label) for value, label in choices.choices],
        )
        for kind, choices in SUBTYPES_BY_KIND.items()
    ]
    return [("", _("（无）")), *groups]


def subtype_choice_value(office: Office) -> str:
    return f"{office.kind}{SUBTYPE_SEPARATOR}{office.subtype}" if office.subtype else ""


class OfficeForm(MarksInvalidFields, forms.Form):
    """The office's own fields, for creating a child office and for editing."""

    code = forms.CharField(label=_("机构编码"), max_length=32)
    name = forms.CharField(label=_("机构名称"), max_length=100)
    short_name = forms.CharField(
        label=_("简称（机关代字）"),
        max_length=20,
        required=False,
        help_text=_(
            "用于文书文号，如“丰司”；留空则沿用上级机构的简称，均未填写时取司法局名称首字加“司”。"
        ),
    )
    kind = forms.ChoiceField(label=_("机构类型"), choices=[BLANK, *OfficeKind.choices])
    subtype = forms.ChoiceField(
        label=_("类型细分"),
        required=False,
        help_text=_("人民调解委员会、法律援助工作站必填。"),
    )
    region_code = forms.CharField(
        label=_("行政区划代码"),
        max_length=12,
        help_text=_("县级6位、乡镇(街道)9位、村(社区)12位数字。"),
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    established_on = forms.DateField(label=_("成立日期"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subtype"].choices = _subtype_choices()
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)

    @classmethod
    def initial_for(cls, office: Office) -> dict:
        return {
            "code": office.code,
            "name": office.name,
            "short_name": office.short_name,
            "kind": office.kind,
            "subtype": subtype_choice_value(office),
            "region_code": office.region_code,
            "address": office.address,
            "phone": office.phone,
            "established_on": office.established_on,
        }

    def clean_region_code(self):
        return self.cleaned_data["region_code"].strip()

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        chosen = cleaned.get("subtype") or ""
        if chosen:
            subtype_kind, _sep, subtype = chosen.partition(SUBTYPE_SEPARATOR)
            if kind and subtype_kind != kind:
                self.add_error("subtype", _("所选类型细分不属于该机构类型。"))
            cleaned["subtype"] = subtype
        return cleaned

    def office_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class DeactivateForm(MarksInvalidFields, forms.Form):
    closed_on = forms.DateField(
        label=_("撤销日期"),
        widget=DateInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"closed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class OfficeFilterForm(forms.Form):
    """Filters of the office tree page (all optional)."""

    q = forms.CharField(
        label=_("名称或编码"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("名称或编码")}),
    )
    kind = forms.ChoiceField(
        label=_("机构类型"),
        required=False,
        choices=[("", _("全部类型")), *OfficeKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    inactive = forms.BooleanField(
        label=_("含已撤销"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    within = forms.IntegerField(required=False, widget=forms.HiddenInput)
