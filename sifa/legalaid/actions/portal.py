"""Writes of the public online application (网上申请法律援助, 法律援助法 第41–43条).

A citizen applies without an account. The applicant is found in the person registry by ID
number, or registered at the chosen legal-aid centre; an existing record is reused and never
shown. The application is created by `application_create` (the same function the centre's own
registration uses) with origin and channel 网络, and the citizen receives a random query code
of which only a keyed hash is stored. Uploaded materials are stored encrypted in `Upload` rows.

Settings (all optional, read with getattr):

* SIFA_PORTAL_MAX_UPLOADS        files per application (default 5)
* SIFA_PORTAL_MAX_UPLOAD_BYTES   bytes per file (default 5 MB)
* SIFA_PORTAL_QUERY_CODE_LENGTH  characters of the query code (default 10, at least 8)
"""

from __future__ import annotations

import base64
import datetime
import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core.idnumber import normalize_phone, parse_resident_id
from sifa.legalaid.actions.applications import application_create
from sifa.legalaid.constants import Channel, Matter, MatterType, Origin
from sifa.legalaid.models import Application, Upload
from sifa.legalaid.selectors.portal import QUERY_CODE_ALPHABET, query_code_hash
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people import selectors as people_selectors
from sifa.people.actions import resident_person
from sifa.people.models import Person

logger = logging.getLogger(__name__)

MIN_QUERY_CODE_LENGTH = 8

# Accepted file types: their leading bytes ("magic numbers") and the file-name extensions
# that go with them. The extension alone proves nothing; the bytes must agree with it.
FILE_TYPES = {
    "application/pdf": (b"%PDF-", (".pdf",)),
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",)),
}
MAGIC_LENGTH = max(len(magic) for magic, _extensions in FILE_TYPES.values())

# 案件类别 by 援助事项, for applications that come in without a clerk to classify them; the
# centre corrects it on review when the matter is, say, an administrative one.
MATTER_TYPES = {
    Matter.CRIMINAL_DEFENCE: MatterType.CRIMINAL,
    Matter.CRIMINAL_VICTIM: MatterType.CRIMINAL,
    Matter.COMPULSORY_MEDICAL: MatterType.CRIMINAL,
    Matter.STATE_COMPENSATION: MatterType.STATE_COMPENSATION,
    Matter.RETRIAL_ACQUITTAL: MatterType.STATE_COMPENSATION,
}


def matter_type_for(matter: str) -> str:
    return MATTER_TYPES.get(matter, MatterType.CIVIL)


def max_uploads() -> int:
    return int(sifa_setting("SIFA_PORTAL_MAX_UPLOADS"))


def max_upload_bytes() -> int:
    return int(sifa_setting("SIFA_PORTAL_MAX_UPLOAD_BYTES"))


@dataclass(frozen=True)
class UploadedMaterial:
    """One checked file: a safe name, the type its bytes show, the bytes."""

    filename: str
    content_type: str
    content: bytes


def check_upload(name: str, head: bytes, size: int) -> str:
    """The content type of an acceptable file, or ValidationError saying why not.

    `head` is the file's first bytes (at least MAGIC_LENGTH when the file is that long).
    """
    limit = max_upload_bytes()
    display = PurePath(name or "").name or _("未命名文件")
    if size <= 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": display}, code="empty")
    if size > limit:
        raise ValidationError(
            _("文件“%(name)s”超过 %(mb)s MB，请压缩后再上传。")
            % {"name": display, "mb": megabytes(limit)},
            code="too_large",
        )
    extension = PurePath(display).suffix.lower()
    for content_type, (magic, extensions) in FILE_TYPES.items():
        if extension in extensions:
            if head.startswith(magic):
                return content_type
            raise ValidationError(
                _("文件“%(name)s”的内容与扩展名不符，不是有效的 PDF、JPEG 或 PNG 文件。")
                % {"name": display},
                code="bad_content",
            )
    raise ValidationError(
        _("文件“%(name)s”的类型不受支持：只能上传 PDF、JPEG 或 PNG 文件。") % {"name": display},
        code="bad_type",
    )


def megabytes(size: int) -> str:
    value = Decimal(size) / (1024 * 1024)
    return f"{value.normalize():f}"


def safe_filename(name: str) -> str:
    """The file's own name (no directories, no control characters), at most 200 characters."""
    name = PurePath((name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "file"
    if len(name) > 200:
        suffix = PurePath(name).suffix[:20]
        name = name[: 200 - len(suffix)] + suffix
    return name


def check_uploads(files) -> list[UploadedMaterial]:
    """Check count, size and type of uploaded files (Django UploadedFile objects); read them."""
    files = list(files or [])
    if len(files) > max_uploads():
        raise ValidationError(
            _("最多上传 %(count)s 个文件。") % {"count": max_uploads()}, code="too_many"
        )
    checked, errors = [], []
    for upload in files:
        try:
            size = upload.size
            upload.seek(0)
            head = upload.read(MAGIC_LENGTH)
            content_type = check_upload(upload.name, head, size)
        except ValidationError as error:
            errors.extend(error.error_list)
            continue
        upload.seek(0)
        content = upload.read()
        checked.append(UploadedMaterial(safe_filename(upload.name), content_type, content))
    if errors:
        raise ValidationError(errors)
    return checked


def new_query_code() -> str:
    length = max(
        MIN_QUERY_CODE_LENGTH,
        int(sifa_setting("SIFA_PORTAL_QUERY_CODE_LENGTH")),
    )
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _unused in range(length))


@dataclass(frozen=True)
class Submitted:
    """What the citizen is told once: the application number and the query code."""

    application: Application
    query_code: str


@transaction.atomic
def online_application_submit(
    *,
    office: Office,
    name: str,
    id_number: str,
    phone: str,
    address: str,
    region_code: str,
    matter: str,
    facts: str,
    received_on: datetime.date,
    adverse_party: str = "",
    area: str = "",
    household_size: int | None = None,
    household_monthly_income: Decimal | None = None,
    exemption_proof: str = "",
    hardship_check: str = "",
    groups=(),
    materials: list[UploadedMaterial] | tuple = (),
) -> Submitted:
    """网上申请: register (or find) the applicant, create the application, store the files.

    Public: there is no actor and no access check. Everything the form checked is checked
    again here. The returned query code exists only in the return value.
    """
    errors: dict[str, list[str]] = {}
    if office is None or office.kind != OfficeKind.LEGAL_AID_CENTER or not office.is_active:
        errors["office"] = [_("请选择受理申请的法律援助中心。")]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请填写姓名。")]
    try:
        resident = parse_resident_id(id_number)
    except ValidationError as error:
        errors["id_number"] = error.messages
        resident = None
    try:
        phone = normalize_phone(phone)
    except ValidationError as error:
        errors["phone"] = error.messages
    if matter not in Matter.values:
        errors["matter"] = [_("请选择申请援助的事项。")]
    if not (facts or "").strip():
        errors["facts"] = [_("请填写案情及申请理由。")]
    if len(materials) > max_uploads():
        errors["materials"] = [_("最多上传 %(count)s 个文件。") % {"count": max_uploads()}]
    for material in materials:
        try:
            check_upload(material.filename, material.content[:MAGIC_LENGTH], len(material.content))
        except ValidationError as error:
            errors.setdefault("materials", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)

    applicant, note = _applicant(
        office=office,
        name=name,
        resident=resident,
        phone=phone,
        address=(address or "").strip(),
        region_code=region_code,
    )
    code = new_query_code()
    application = application_create(
        office=office,
        applicant=applicant,
        matter_type=matter_type_for(matter),
        matter=matter,
        facts=facts.strip() + note,
        received_on=received_on,
        origin=Origin.ONLINE,
        channel=Channel.ONLINE,
        groups=tuple(groups),
        area=area or "",
        household_size=household_size,
        household_monthly_income=household_monthly_income,
        exemption_proof=exemption_proof or "",
        hardship_check=hardship_check or "",
        adverse_party=(adverse_party or "").strip(),
        query_code_hash=query_code_hash(code),
    )
    for material in materials:
        Upload.objects.create(
            office=application.office,
            application=application,
            filename=material.filename,
            content_type=material.content_type,
            size=len(material.content),
            content=base64.b64encode(material.content).decode("ascii"),
        )
    # Log the fact, never the person: no name, no ID number, no code.
    logger.info(
        "legalaid portal: application %s received online with %d file(s)",
        application.number,
        len(materials),
    )
    return Submitted(application=application, query_code=code)


def _applicant(*, office, name, resident, phone, address, region_code) -> tuple[Person, str]:
    """The person with this ID number registered at the centre (`office` and the offices
    under it), or a new one registered there. A registration in any other office is neither
    used nor touched: the centre's staff learn nothing of other offices' people through a
    citizen typing a number (issue 14, item 8; docs/security.md).

    An existing record is reused as it is (a citizen cannot overwrite someone's record by
    typing their number): only empty phone, address and region fields are filled in. When the
    name typed differs from the registered one, a note for the centre is returned, to be
    appended to the facts; the citizen is never told anything about the existing record.
    """
    existing, created = resident_person(
        office=office,
        name=name,
        resident=resident,
        registered=lambda: _registered(office, resident.number),
        address=address,
        region_code=region_code or "",
        phone=phone,
    )
    if created:
        return existing, ""
    changed = []
    if not existing.phone and phone:
        existing.set_phone(phone)
        changed += ["phone", "phone_hash"]
    if not existing.address and address:
        existing.address = address
        changed += ["address", "address_hash"]
    if not existing.region_code and region_code:
        existing.region_code = region_code
        changed.append("region_code")
    if changed:
        existing.save(update_fields=[*changed, "updated_at"])
    note = ""
    if existing.name != name:
        note = "\n\n" + _(
            "【网上申请】申请人填写的姓名为“%(name)s”，与人员信息库登记的姓名不一致，请核实身份。"
        ) % {"name": name}
    return existing, note


def _registered(office, number: str) -> Person | None:
    return people_selectors.person_in_office_by_id_number(office=office, id_number=number)
