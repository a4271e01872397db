"""Forms of the roster pages (承办机构和承办人员)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, OfficeChoiceField, StyledForm
from sifa.legalaid.constants import HandlerKind, ProviderKind
from sifa.legalaid.selectors.providers import ACTIVE, INACTIVE
from sifa.people.forms import IdentityFields


class ProviderFilterForm(StyledForm):
    within = OfficeChoiceField(label=_("名册所属机构"), required=False, queryset=None)
    kind = forms.ChoiceField(label=_("机构类别"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    q = forms.CharField(label=_("机构或人员姓名"), required=False, max_length=50)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = offices
        self.fields["within"].empty_label = _("全部机构")
        self.fields["kind"].choices = [("", _("全部类别")), *ProviderKind.choices]
        self.fields["status"].choices = [
            ("", _("全部")),
            (ACTIVE, _("在册")),
            (INACTIVE, _("不在册")),
        ]

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            "kind": self.value("kind"),
            "status": self.value("status"),
            "q": self.value("q").strip(),
        }


class ProviderForm(StyledForm):
    office = OfficeChoiceField(label=_("名册所属机构"), queryset=None)
    name = forms.CharField(label=_("机构名称"), max_length=100)
    kind = forms.ChoiceField(label=_("机构类别"), choices=[BLANK, *ProviderKind.choices])
    credit_code = forms.CharField(label=_("统一社会信用代码"), required=False, max_length=18)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)

    def __init__(self, *args, offices, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        if provider is not None:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices
            if len(offices) == 1:
                self.fields["office"].initial = offices[0]

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("name", "kind", "credit_code", "phone")}


class HandlerForm(IdentityFields):
    """承办人员: the person by 身份证号码 (registered on the spot by the action if new), kind and
    experience."""

    kind = forms.ChoiceField(label=_("人员类别"), choices=[BLANK, *HandlerKind.choices])
    licence_number = forms.CharField(label=_("执业证号"), required=False, max_length=30)
    practising_since = forms.DateField(label=_("执业开始日期"), required=False, widget=DateInput)
    criminal_defence_since = forms.DateField(
        label=_("从事刑事辩护起始日期"),
        required=False,
        widget=DateInput,
        help_text=_("可能判处无期徒刑、死刑的案件须指派具有三年以上刑事辩护经历的律师。"),
    )
    juvenile_experience = forms.BooleanField(label=_("熟悉未成年人身心特点"), required=False)

    def __init__(self, *args, handler=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["phone"]  # the roster does not record a handler's phone
        self.fields["id_number"].required = True
        if handler is not None:
            del self.fields["id_number"]
            del self.fields["name"]

    def clean(self):
        data = super().clean()
        if "id_number" in self.fields:
            self.clean_identity(data)
        return data

    def values(self) -> dict:
        keys = (
            "kind",
            "licence_number",
            "practising_since",
            "criminal_defence_since",
            "juvenile_experience",
        )
        return {k: self.cleaned_data[k] for k in keys}
