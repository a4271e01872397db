"""Forms of the agency-client administration pages (接口客户端管理)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.api.constants import AgencyKind
from sifa.api.purposes import purpose_choices
from sifa.core.forms import DateInput, DateRangeChecked


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget, and `is-invalid` on the fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class ClientSettingsForm(BootstrapForm):
    """What an administrator may change on a client: purposes, rate limit, contact."""

    purposes = forms.MultipleChoiceField(
        label=_("用途"),
        choices=purpose_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一项用途。")},
        help_text=_("客户端只能调用所选用途的接口，读到的字段也按用途最小化。"),
    )
    rate_per_minute = forms.IntegerField(
        label=_("每分钟请求上限"),
        min_value=1,
        max_value=10_000,
        initial=120,
        error_messages={"required": _("请填写每分钟请求上限。")},
    )
    contact = forms.CharField(
        label=_("联系人及电话"),
        required=False,
        max_length=200,
        help_text=_("对方机关负责对接的人员，便于令牌轮换时联系。"),
    )

    def settings_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "purposes": list(data["purposes"]),
            "rate_per_minute": data["rate_per_minute"],
            "contact": data["contact"].strip(),
        }


class ClientCreateForm(ClientSettingsForm):
    office = forms.ModelChoiceField(
        label=_("范围机构"),
        queryset=None,
        empty_label=_("请选择"),
        error_messages={
            "required": _("请选择范围机构。"),
            "invalid_choice": _("请选择您有权管理的机构。"),
        },
        help_text=_("客户端只能读写该机构及其下级机构的记录。"),
    )
    name = forms.CharField(
        label=_("客户端名称"),
        max_length=100,
        error_messages={"required": _("请填写客户端名称。")},
        help_text=_("如“甲县人民法院”“青川市监狱”。"),
    )
    agency_kind = forms.ChoiceField(
        label=_("机关类型"),
        choices=[("", _("请选择")), *AgencyKind.choices],
        error_messages={"required": _("请选择机关类型。")},
    )
    field_order = ["name", "agency_kind", "office", "purposes", "rate_per_minute", "contact"]

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["office"].label_from_instance = lambda office: (
            f"{'　' * (office.depth - 1)}{office.name}（{office.code}）"
        )

    def client_fields(self) -> dict:
        return {
            "office": self.cleaned_data["office"],
            "name": self.cleaned_data["name"].strip(),
            "agency_kind": self.cleaned_data["agency_kind"],
            **self.settings_fields(),
        }


class ConfirmForm(forms.Form):
    """A rotation or revocation: `token_prefix` is the token the administrator saw on the
    confirmation page, so a reloaded (re-posted) answer page does not rotate a second time."""

    token_prefix = forms.CharField(widget=forms.HiddenInput, max_length=12)


class RequestLogFilterForm(DateRangeChecked, BootstrapForm):
    client = forms.ChoiceField(label=_("客户端"), required=False)
    status_class = forms.ChoiceField(
        label=_("结果"),
        required=False,
        choices=[
            ("", _("全部")),
            ("2xx", _("成功（2xx）")),
            ("4xx", _("请求错误（4xx）")),
            ("5xx", _("服务器错误（5xx）")),
        ],
    )
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput)

    def __init__(self, *args, client_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", _("全部")), *client_choices]

    def filters(self) -> dict:
        """The valid filters; a field with an error is left out (and its error shown)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
