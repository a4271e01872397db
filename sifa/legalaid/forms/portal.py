"""Forms of the public online application: eligibility check, application, status query.

Abuse protection lives in `GuardedForm`: a honeypot field people do not see (bots fill it in)
and a signed timestamp (django.core.signing) that says when the page was served, so a form
sent back faster than a person can fill it in is refused. CSRF is Django's middleware.

Settings (optional, read with getattr):

* SIFA_PORTAL_MIN_FILL_SECONDS  the application form's minimum fill time (default 5)
* SIFA_PORTAL_FORM_MAX_AGE      seconds a served form stays valid (default 24 hours)
"""

from __future__ import annotations

import time
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.sifa_settings import sifa_setting
from sifa.core.forms import MarksInvalidFields
from sifa.core.idnumber import normalize_phone, parse_resident_id
from sifa.legalaid import eligibility
from sifa.legalaid.actions.portal import (
    check_uploads,
    matter_type_for,
    max_upload_bytes,
    max_uploads,
    megabytes,
)
from sifa.legalaid.constants import ApplicantGroup, Area, ExemptionProof, HardshipCheck, Matter
from sifa.legalaid.selectors import portal as selectors

FORM_STAMP_SALT = "sifa.legalaid.portal.form"
HONEYPOT_FIELD = "homepage"

HARDSHIP_CHECK_CHOICES = [
    (HardshipCheck.PLEDGE, HardshipCheck.PLEDGE.label),
    (HardshipCheck.INFO_SHARING, HardshipCheck.INFO_SHARING.label),
    (HardshipCheck.DOCUMENTS, HardshipCheck.DOCUMENTS.label),
]
# The eligibility answers: the check page's fields, carried over to the application.
ELIGIBILITY_FIELDS = (
    "matter",
    "region_code",
    "area",
    "household_size",
    "household_monthly_income",
    "exemption_proof",
    "hardship_check",
)


def issue_form_token(now: float | None = None) -> str:
    """A signed timestamp of when the form was served."""
    return signing.dumps(time.time() if now is None else now, salt=FORM_STAMP_SALT)


def min_fill_seconds() -> float:
    return float(sifa_setting("SIFA_PORTAL_MIN_FILL_SECONDS"))


def form_max_age() -> int:
    return int(sifa_setting("SIFA_PORTAL_FORM_MAX_AGE"))


class PortalForm(MarksInvalidFields, forms.Form):
    """Bootstrap classes on every widget; errors mark their field `is-invalid`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.HiddenInput):
                continue
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 4)


class GuardedForm(PortalForm):
    """A honeypot and a signed timestamp against scripted submissions."""

    min_seconds: float | None = None  # None: no minimum fill time for this form

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = issue_form_token()
        self.abuse = ""  # "honeypot", "too_fast", "expired" when the guard refused the form

    def clean(self):
        data = super().clean()
        if data.get(HONEYPOT_FIELD):
            self.abuse = "honeypot"
            raise ValidationError(_("无法受理此次提交，请刷新页面后重新填写。"), code="honeypot")
        try:
            stamp = data.get("form_token") or ""
            served = float(signing.loads(stamp, salt=FORM_STAMP_SALT, max_age=form_max_age()))
        except (signing.BadSignature, TypeError, ValueError):
            self.abuse = "expired"
            raise ValidationError(
                _("页面已过期或无效，请核对填写的内容后重新提交。"), code="expired"
            ) from None
        minimum = self.minimum_seconds()
        if minimum and time.time() - served < minimum:
            self.abuse = "too_fast"
            raise ValidationError(_("提交过快，请核对填写的内容后重新提交。"), code="too_fast")
        return data

    def minimum_seconds(self) -> float:
        return 0 if self.min_seconds is None else self.min_seconds

    def refresh_token(self) -> None:
        """Serve the form again with a new timestamp (keeps what was typed)."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["form_token"] = issue_form_token()
            self.data[HONEYPOT_FIELD] = ""


class EligibilityForm(PortalForm):
    """The eligibility answers (自助评估): the matter, where, the household, 第42条 situation."""

    matter = forms.ChoiceField(label=_("申请援助的事项"), choices=())
    region_code = forms.ChoiceField(label=_("居住地（县、乡镇）"), choices=())
    area = forms.ChoiceField(
        label=_("城镇或农村"),
        choices=[("", _("请选择")), *Area.choices],
        required=False,
        help_text=_("按户籍或经常居住地所在的城镇、农村填写，用于适用经济困难标准。"),
    )
    household_size = forms.IntegerField(
        label=_("家庭人口（人）"), required=False, min_value=1, max_value=30
    )
    household_monthly_income = forms.DecimalField(
        label=_("家庭月收入合计（元）"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text=_("全家每月收入的合计，不是人均。"),
    )
    exemption_proof = forms.ChoiceField(
        label=_("是否属于以下情形（免予核查经济困难）"),
        choices=[("", _("不属于以下情形")), *ExemptionProof.choices],
        required=False,
        help_text=_("法律援助法第四十二条：能够提供相应证件或者证明材料的，免予核查经济困难状况。"),
    )
    hardship_check = forms.ChoiceField(
        label=_("经济困难状况的说明方式"),
        choices=[("", _("请选择")), *HARDSHIP_CHECK_CHOICES],
        required=False,
        help_text=_(
            "需要审查经济状况时，您打算如何说明：书面承诺、同意信息共享查询或提交证明材料。"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].choices = [("", _("请选择")), *Matter.choices]
        self.fields["region_code"].choices = [("", _("请选择")), *selectors.region_choices()]

    def facts(self, on=None) -> eligibility.Facts:
        data = self.cleaned_data
        return eligibility.Facts(
            matter=data["matter"],
            matter_type=matter_type_for(data["matter"]),
            on=on or timezone.localdate(),
            region_code=data.get("region_code") or "",
            area=data.get("area") or "",
            household_size=data.get("household_size"),
            household_monthly_income=data.get("household_monthly_income"),
            exemption_proof=data.get("exemption_proof") or "",
            hardship_check=data.get("hardship_check") or "",
        )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (possibly empty)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ApplyForm(GuardedForm, EligibilityForm):
    """网上申请法律援助."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("居民身份证号码"), max_length=30)
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    address = forms.CharField(label=_("住址"), max_length=200)
    office = forms.ModelChoiceField(
        label=_("向哪个法律援助中心申请"),
        queryset=None,
        help_text=_(
            "诉讼事项向办案机关所在地、非诉讼事项向争议处理机关所在地或事由发生地的法律援助中心申请。"
        ),
    )
    facts_text = forms.CharField(label=_("案情及申请理由"), widget=forms.Textarea, max_length=5000)
    adverse_party = forms.CharField(label=_("对方当事人"), max_length=100, required=False)
    groups = forms.MultipleChoiceField(
        label=_("申请人属于（可多选）"),
        choices=ApplicantGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    materials = MultipleFileField(
        label=_("申请材料"),
        required=False,
        help_text=_("身份证件、经济困难状况说明、与案件有关的材料等，PDF、JPEG 或 PNG 格式。"),
    )
    truthful = forms.BooleanField(
        label=_("本人承诺以上所填信息和提交的材料真实、准确。"),
        error_messages={"required": _("请确认所填信息真实后再提交。")},
    )

    field_order = [
        "name",
        "id_number",
        "phone",
        "address",
        "office",
        *ELIGIBILITY_FIELDS,
        "groups",
        "adverse_party",
        "facts_text",
        "materials",
        "truthful",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.centres()
        self.fields["office"].empty_label = _("请选择")
        limit = max_uploads()
        self.fields["materials"].help_text = _(
            "身份证件、经济困难状况说明、与案件有关的材料等；PDF、JPEG 或 PNG 格式，"
            "每个文件不超过 %(mb)s MB，最多 %(count)s 个。"
        ) % {"mb": megabytes(max_upload_bytes()), "count": limit}

    def minimum_seconds(self) -> float:
        return min_fill_seconds()

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_id_number(self):
        return parse_resident_id(self.cleaned_data["id_number"]).number

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_materials(self):
        return check_uploads(self.cleaned_data.get("materials") or [])

    def submission(self) -> dict:
        """The keyword arguments of `online_application_submit`."""
        data = self.cleaned_data
        return {
            "office": data["office"],
            "name": data["name"],
            "id_number": data["id_number"],
            "phone": data["phone"],
            "address": data["address"],
            "region_code": data.get("region_code") or "",
            "matter": data["matter"],
            "facts": data["facts_text"],
            "adverse_party": data.get("adverse_party") or "",
            "area": data.get("area") or "",
            "household_size": data.get("household_size"),
            "household_monthly_income": data.get("household_monthly_income"),
            "exemption_proof": data.get("exemption_proof") or "",
            "hardship_check": data.get("hardship_check") or "",
            "groups": data.get("groups") or [],
            "materials": data.get("materials") or [],
        }


class StatusForm(GuardedForm):
    """查询申请进度: the application number and the query code."""

    number = forms.CharField(label=_("申请编号"), max_length=40)
    code = forms.CharField(
        label=_("查询码"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    field_order = ["number", "code"]
