"""Forms of the person registry. They check input early; the actions check it again."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_choices
from sifa.core.forms import BLANK, DateInput, StyledForm, widget_class
from sifa.core.idnumber import normalize_document_number, normalize_phone, normalize_resident_id
from sifa.core.masking import mask_id_number, mask_phone
from sifa.people import selectors
from sifa.people.actions import ETHNICITY_CODE_LIST, PersonIdentity
from sifa.people.constants import PartyKind
from sifa.people.models import DocumentType, Gender


class BootstrapBoundField(BoundField):
    """Renders widgets with Bootstrap classes, and `is-invalid` on fields with errors."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        css = widget_class(widget or self.field.widget)
        if self.errors:
            css += " is-invalid"
        attrs["class"] = css
        return attrs


class BootstrapForm(forms.Form):
    bound_field_class = BootstrapBoundField


class OfficeChoiceField(forms.ModelChoiceField):
    """Offices indented by their depth in the tree, so the select reads like the tree."""

    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


class PersonFilterForm(BootstrapForm):
    name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    office = OfficeChoiceField(
        label=_("所属机构"), queryset=None, required=False, empty_label=_("全部机构")
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.offices_for_filter(actor=actor)


class PersonForm(BootstrapForm):
    """登记 / 修改人员. On edit, blank number fields keep the stored (never displayed) value."""

    office = OfficeChoiceField(label=_("所属机构"), queryset=None)
    name = forms.CharField(label=_("姓名"), max_length=50)
    doc_type = forms.ChoiceField(
        label=_("证件类型"), choices=DocumentType.choices, initial=DocumentType.RESIDENT_ID
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("居民身份证可输入18位或15位旧号码，末位 x 不区分大小写。"),
    )
    gender = forms.ChoiceField(
        label=_("性别"),
        required=False,
        choices=[("", _("按身份证号码自动识别")), *Gender.choices],
    )
    birth_date = forms.DateField(
        label=_("出生日期"),
        required=False,
        widget=DateInput,
        help_text=_("居民身份证号码已包含出生日期，可不填。"),
    )
    ethnicity = forms.ChoiceField(label=_("民族"), required=False)
    phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    clear_phone = forms.BooleanField(label=_("清除联系电话"), required=False)
    address = forms.CharField(label=_("住址"), required=False, max_length=200)
    region_code = forms.CharField(
        label=_("住址行政区划代码"),
        required=False,
        max_length=12,
        help_text=_("6位县级、9位乡镇级或12位村级代码，可不填。"),
    )

    def __init__(self, *args, actor, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["office"].queryset = selectors.offices_for_registration(actor=actor)
        self.fields["ethnicity"].choices = [BLANK, *code_choices(ETHNICITY_CODE_LIST)]
        if person is None:
            del self.fields["clear_phone"]
        else:
            self._describe_stored_numbers(person)

    def _describe_stored_numbers(self, person) -> None:
        """On edit the stored numbers stay hidden: show them masked and accept blank as 'keep'."""
        if person.id_number:
            self.fields["id_number"].help_text = _(
                "当前：%(masked)s。留空表示不修改；输入新号码将替换原号码。"
            ) % {"masked": mask_id_number(person.id_number)}
        if person.phone:
            self.fields["phone"].help_text = _("当前：%(masked)s。留空表示不修改。") % {
                "masked": mask_phone(person.phone)
            }
        else:
            del self.fields["clear_phone"]

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalize_phone(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        doc_type, number = cleaned.get("doc_type"), cleaned.get("id_number")
        if doc_type and number:
            try:
                cleaned["id_number"] = normalize_document_number(doc_type, number)
            except ValidationError as exc:
                self.add_error("id_number", exc)
        if cleaned.get("clear_phone") and cleaned.get("phone"):
            self.add_error("phone", _("已勾选“清除联系电话”，请不要同时输入新号码。"))
        return cleaned

    # -- what the actions receive -----------------------------------------------------------

    def registration_values(self) -> dict:
        data = self.cleaned_data
        return {
            "office": data["office"],
            "name": data["name"],
            "doc_type": data["doc_type"],
            "id_number": data["id_number"],
            "phone": data["phone"],
            "ethnicity": data["ethnicity"],
            "address": data["address"],
            "region_code": data["region_code"],
            "gender": data["gender"] or None,
            "birth_date": data["birth_date"],
        }

    def changes(self) -> dict:
        """Only what the user changed, so untouched derived fields follow a new ID number."""
        data = self.cleaned_data
        values = self.registration_values()
        changes = {
            field: values[field]
            for field in self.changed_data
            if field in values and field not in ("id_number", "phone")
        }
        if data["id_number"]:
            changes["id_number"] = data["id_number"]
        if data["phone"]:
            changes["phone"] = data["phone"]
        elif data.get("clear_phone"):
            changes["phone"] = ""
        return changes


PARTY_FIELDS = (
    "role",
    "kind",
    "id_number",
    "name",
    "phone",
    "organisation",
    "credit_code",
    "agent",
)


class IdentityFields(StyledForm):
    """身份证号码, 姓名 and 联系电话 of one natural person, found in the registry by exact number or
    registered on the spot. `clean_identity` checks them (call it from `clean`); `identity()`
    hands the result to the line's action, which registers a new person (forms never write).

    A form that already knows its person (the caller of a consultation) passes `person=`; the
    number may then stay empty. `id_number_label`/`name_label` name whose number it is."""

    id_number_label = _("身份证号码")
    name_label = _("姓名")

    id_number = forms.CharField(
        label=_("身份证号码"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )

    def __init__(self, *args, actor, person=None, **kwargs):
        self.actor = actor
        self.known_person = person
        self.person = None  # the registry entry found for the typed number
        super().__init__(*args, **kwargs)
        self.fields["id_number"].label = self.id_number_label
        self.fields["name"].label = self.name_label

    def clean_identity(self, data, *, required: str | None = None) -> None:
        """Normalise the number and find its person. `required` is the message when the number
        is empty and no person is known; without it an empty number is allowed."""
        raw = (data.get("id_number") or "").strip()
        if not raw:
            if self.known_person is not None:
                self.person = self.known_person
            elif required:
                self.add_error("id_number", required)
            return
        try:
            data["id_number"] = normalize_resident_id(raw)
        except ValidationError as error:
            self.add_error("id_number", error)
            return
        self.person = selectors.person_find_by_id_number(
            actor=self.actor, id_number=data["id_number"]
        )
        name = (data.get("name") or "").strip()
        if self.person is None and not name:
            self.add_error("name", _("人员信息库中没有该身份证号码，请填写姓名以便登记。"))
        elif self.person is not None and name and name != self.person.name:
            self.add_error(
                "name",
                _("身份证号码 %(number)s 登记的姓名为“%(name)s”，与填写的姓名不符。")
                % {"number": mask_id_number(self.person.id_number), "name": self.person.name},
            )

    def identity(self) -> PersonIdentity:
        """The person found, or what registers one; for `people.actions.person_obtain`."""
        data = self.cleaned_data
        return PersonIdentity(
            person=self.person,
            name=(data.get("name") or "").strip(),
            id_number=data.get("id_number") or "",
            phone=data.get("phone") or "",
        )


class PartyForm(IdentityFields):
    """One 当事人. A natural person is found in the registry by exact 身份证号码, or registered
    on the spot with name and number (and phone); a legal person is given by name."""

    role = forms.ChoiceField(label=_("身份"))
    kind = forms.ChoiceField(label=_("类型"), choices=[BLANK, *PartyKind.choices])
    organisation = forms.CharField(label=_("单位名称"), required=False, max_length=100)
    credit_code = forms.CharField(label=_("统一社会信用代码"), required=False, max_length=18)
    agent = forms.CharField(label=_("代理人"), required=False, max_length=50)

    field_order = PARTY_FIELDS

    def __init__(self, *args, actor, roles, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["role"].choices = [BLANK, *roles]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == PartyKind.NATURAL:
            self.clean_identity(data, required=_("请填写自然人当事人的身份证号码。"))
        elif kind == PartyKind.LEGAL and not data.get("organisation", "").strip():
            self.add_error("organisation", _("请填写法人或其他组织的名称。"))
        return data

    def fields_of_party(self) -> dict:
        """What a line's `party_obtain` action takes, besides the person found."""
        data = self.cleaned_data
        names = ("role", "kind", "organisation", "credit_code", "agent")
        return {name: data[name] for name in names}
