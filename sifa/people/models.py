"""The person registry (人员信息): one Person shared by every business line."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sifa.core.crypto import blind_index, blind_indexes
from sifa.core.fields import EncryptedCharField
from sifa.core.masking import mask_id_number
from sifa.core.models import OfficeOwnedModel
from sifa.orgs import access


class DocumentType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    HMT_RESIDENCE = "hmt_residence", _("港澳台居民居住证")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")
    OTHER = "other", _("其他证件")


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")
    UNKNOWN = "U", _("未知")


ID_NUMBER_PURPOSE = "person.id_number"
PHONE_PURPOSE = "person.phone"
# The masked document number as pages show it (110105********002X): found again by typing it.
ID_MASK_PURPOSE = "person.id_number_masked"
ADDRESS_PURPOSE = "person.address"


class Person(OfficeOwnedModel):
    """A natural person known to the bureau (当事人, 调解员, 受援人, 矫正对象 …).

    `office` is the office that registered the person; it decides who sees the entry.
    ID and phone numbers and the address are stored encrypted, with keyed hashes for exact
    search (`EncryptedCharField` fills each hash on save); the same document number cannot be
    registered twice (constraint on the hash).
    """

    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    doc_type = models.CharField(
        _("证件类型"), max_length=24, choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    id_number = EncryptedCharField(
        _("证件号码"),
        blank=True,
        index_field="id_number_hash",
        index_purpose=ID_NUMBER_PURPOSE,
        masked_index=("id_mask_hash", ID_MASK_PURPOSE, mask_id_number),
    )
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Keyed hash of the masked number (global search by what a page shows; sifa.core.fields).
    id_mask_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    gender = models.CharField(
        _("性别"), max_length=1, choices=Gender.choices, default=Gender.UNKNOWN
    )
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=8, blank=True)
    code_lists = {"ethnicity": "ethnicity"}  # people.actions.ETHNICITY_CODE_LIST
    phone = EncryptedCharField(
        _("联系电话"), blank=True, index_field="phone_hash", index_purpose=PHONE_PURPOSE
    )
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    address = EncryptedCharField(
        _("住址"),
        max_length=200,
        blank=True,
        index_field="address_hash",
        index_purpose=ADDRESS_PURPOSE,
    )
    # Keyed hash of the address: groups the same address (mediation's 同一住址 analysis).
    address_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    region_code = models.CharField(_("住址行政区划代码"), max_length=12, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("人员")
        constraints = [
            # One registration of a document per office (issue 14, item 8): an office that
            # cannot see another office's registration makes its own, so that registering a
            # number never tells it whether the number exists elsewhere (docs/security.md).
            models.UniqueConstraint(
                fields=["office", "doc_type", "id_number_hash"],
                condition=~models.Q(id_number_hash=""),
                name="people_person_unique_document_per_office",
            )
        ]
        indexes = [models.Index(fields=["office", "name"])]

    def __str__(self):
        return self.name

    def set_id_number(self, number: str) -> None:
        """Store an already normalised document number with its search hash."""
        self.__dict__.update(document_values(number))

    def set_phone(self, phone: str) -> None:
        """Store an already normalised phone number with its search hash."""
        self.__dict__.update(phone_values(phone))


def document_values(number: str) -> dict[str, str]:
    """A normalised document number with its keyed hashes (exact and masked search)."""
    return {
        "id_number": number,
        "id_number_hash": id_number_index(number) if number else "",
        "id_mask_hash": id_mask_index(mask_id_number(number)) if number else "",
    }


def phone_values(phone: str) -> dict[str, str]:
    """A normalised phone number with its keyed hash."""
    return {"phone": phone, "phone_hash": phone_index(phone) if phone else ""}


def id_number_index(number: str) -> str:
    """Keyed hash for exact search by document number (the same for every document type)."""
    return blind_index(number, purpose=ID_NUMBER_PURPOSE)


def id_number_indexes(number: str) -> list[str]:
    """The hashes a document number may be stored under (both keys during a key rotation)."""
    return blind_indexes(number, purpose=ID_NUMBER_PURPOSE)


def id_mask_index(masked: str) -> str:
    """Keyed hash of a masked document number (`mask_id_number`'s form)."""
    return blind_index(masked, purpose=ID_MASK_PURPOSE)


def id_mask_indexes(masked: str) -> list[str]:
    return blind_indexes(masked, purpose=ID_MASK_PURPOSE)


def phone_index(phone: str) -> str:
    return blind_index(phone, purpose=PHONE_PURPOSE)


def phone_indexes(phone: str) -> list[str]:
    return blind_indexes(phone, purpose=PHONE_PURPOSE)


# --- access policies (sifa.orgs.access): office path, business line, minors rule ---

# A person who is or was a minor in community corrections (a correction whose `is_minor` is set,
# derived from the birth date) is seen only with Cap.MINORS over the person's office, like the
# corrections file itself: 刑事诉讼法 第286条 (a juvenile's criminal record is sealed), 社区矫正法
# 第54条 (a minor's identity is kept confidential). The lookup names the corrections line's
# reverse link as a string: the registry imports no line.
access.register_policy(
    Person,
    access.AccessPolicy(office="office", line="people", minor="corrections_subjects__is_minor"),
)
