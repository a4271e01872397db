"""Writes of publicity events (普法活动): the event, the materials handed out by kind, its
lecturers, its photos.

Any office of the line records its own events (a bureau, a 司法所, a village service station).
Photos are JPEG or PNG only, their bytes checked against the type their name claims (the magic
numbers of the legal-aid uploads, `sifa.legalaid.actions.portal.FILE_TYPES`), at most
SIFA_PUBLICITY_PHOTO_MAX_BYTES each and SIFA_PUBLICITY_PHOTOS_PER_EVENT per event, stored
encrypted in the database as the legal-aid uploads are (`EventPhoto.content`).
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.audit.models import AccessLog
from sifa.core.codes import validate_code
from sifa.legalaid.actions.portal import FILE_TYPES, megabytes, safe_filename
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.publicity.constants import LINE, THEME_CODE_LIST, Audience, MaterialKind
from sifa.publicity.models import Event, EventLecturer, EventMaterial, EventPhoto, Plan, Unit

IMAGE_TYPES = ("image/jpeg", "image/png")
MAGIC_LENGTH = max(len(FILE_TYPES[kind][0]) for kind in IMAGE_TYPES)


@dataclass(frozen=True)
class Photo:
    """An uploaded photo as a form hands it over: the name the user gave it and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class Lecturer:
    """A lecturer named on the form: a practitioner of the register (the name is theirs), or a
    name alone."""

    name: str = ""
    practitioner: object = None


def max_photo_bytes() -> int:
    return int(sifa_setting("SIFA_PUBLICITY_PHOTO_MAX_BYTES"))


def max_photos() -> int:
    return int(sifa_setting("SIFA_PUBLICITY_PHOTOS_PER_EVENT"))


def photo_type(photo: Photo) -> str:
    """The content type of an acceptable photo, or ValidationError saying why not."""
    display = PurePath(photo.name or "").name or _("未命名文件")
    if not photo.content:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": display}, code="empty")
    if len(photo.content) > max_photo_bytes():
        raise ValidationError(
            _("照片“%(name)s”超过 %(mb)s MB，请压缩后再上传。")
            % {"name": display, "mb": megabytes(max_photo_bytes())},
            code="too_large",
        )
    extension = PurePath(display).suffix.lower()
    for content_type in IMAGE_TYPES:
        magic, extensions = FILE_TYPES[content_type]
        if extension in extensions:
            if photo.content.startswith(magic):
                return content_type
            raise ValidationError(
                _("文件“%(name)s”的内容与扩展名不符，不是有效的 JPEG 或 PNG 图片。")
                % {"name": display},
                code="bad_content",
            )
    raise ValidationError(
        _("文件“%(name)s”的类型不受支持：活动照片只能是 JPEG 或 PNG 图片。") % {"name": display},
        code="bad_type",
    )


def event_errors(
    *,
    office: Office,
    title: str,
    theme: str,
    started_on,
    ended_on,
    audience: str,
    participants,
    unit: Unit | None,
    plan: Plan | None,
    materials: dict,
) -> dict:
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("请填写活动名称。")]
    today = timezone.localdate()
    if started_on is None:
        errors["started_on"] = [_("请填写开始日期。")]
    elif started_on > today:
        errors["started_on"] = [_("开始日期不能晚于今天（活动办完后登记）。")]
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = [_("结束日期不能早于开始日期。")]
    elif ended_on and ended_on > today and "started_on" not in errors:
        errors["ended_on"] = [_("结束日期不能晚于今天。")]
    try:
        validate_code(THEME_CODE_LIST, theme, on=started_on or today)
    except ValidationError as error:
        errors["theme"] = error.messages
    if audience not in Audience.values:
        errors["audience"] = [_("请选择受众类别。")]
    if participants is None or participants < 0:
        errors["participants"] = [_("参加人数不能为负数。")]
    for kind, quantity in materials.items():
        if kind not in MaterialKind.values:
            errors.setdefault("materials", []).append(_("资料类别不正确。"))
        elif quantity is not None and quantity < 0:
            errors.setdefault(kind, []).append(_("数量不能为负数。"))
    if unit is not None and not _related(office, unit.office):
        errors["unit"] = [_("主办单位应为本地司法局名册中的单位。")]
    if plan is not None and not office.path.startswith(plan.office.path):
        errors["plan"] = [_("所属普法规划应为本地司法局的规划。")]
    return errors


def _related(office: Office, other: Office) -> bool:
    """One office is the other or above it."""
    return office.path.startswith(other.path) or other.path.startswith(office.path)


@transaction.atomic
def event_record(
    *,
    actor,
    office: Office,
    title: str,
    theme: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    place: str = "",
    audience: str,
    participants: int = 0,
    unit: Unit | None = None,
    plan: Plan | None = None,
    summary: str = "",
    materials: dict | None = None,
    lecturers: list[Lecturer] = (),
    photos: list[Photo] = (),
) -> Event:
    """登记普法活动 at `office`, with its materials ({kind: quantity}), lecturers and photos."""
    access.require(actor, Cap.EDIT, office, line=LINE)
    materials = {kind: quantity for kind, quantity in (materials or {}).items() if quantity}
    ended_on = ended_on or started_on
    errors = event_errors(
        office=office, title=title, theme=theme, started_on=started_on, ended_on=ended_on,
        audience=audience, participants=participants, unit=unit, plan=plan, materials=materials,
    )  # fmt: skip
    checked = _checked_photos(photos, already=0, errors=errors)
    if errors:
        raise ValidationError(errors)
    event = Event(
        office=office,
        title=title.strip(),
        theme=theme,
        started_on=started_on,
        ended_on=ended_on,
        place=(place or "").strip(),
        unit=unit,
        plan=plan,
        audience=audience,
        participants=participants or 0,
        summary=(summary or "").strip(),
        created_by=actor,
    )
    event._history_user = actor
    event._change_reason = _("登记普法活动")
    event.full_clean()
    event.save()
    for kind, quantity in materials.items():
        EventMaterial.objects.create(event=event, office=office, kind=kind, quantity=quantity)
    for lecturer in lecturers:
        practitioner = lecturer.practitioner
        name = practitioner.person.name if practitioner is not None else lecturer.name.strip()
        if name:
            EventLecturer.objects.create(
                event=event, office=office, name=name, practitioner=practitioner
            )
    _store_photos(event, checked, actor)
    return event


@transaction.atomic
def photos_add(*, actor, event: Event, photos: list[Photo]) -> list[EventPhoto]:
    """Add photos to a recorded event."""
    access.require(actor, Cap.EDIT, event.office, line=LINE)
    event = Event.objects.select_for_update().get(pk=event.pk)
    errors: dict[str, list[str]] = {}
    checked = _checked_photos(photos, already=event.photos.count(), errors=errors)
    if errors:
        raise ValidationError(errors)
    return _store_photos(event, checked, actor)


def _checked_photos(photos, *, already: int, errors: dict) -> list[tuple[Photo, str]]:
    photos = list(photos or [])
    if already + len(photos) > max_photos():
        errors["photos"] = [_("每次活动最多上传 %(count)s 张照片。") % {"count": max_photos()}]
        return []
    checked = []
    for photo in photos:
        try:
            checked.append((photo, photo_type(photo)))
        except ValidationError as error:
            errors.setdefault("photos", []).extend(error.messages)
    return checked


def _store_photos(event: Event, checked, actor) -> list[EventPhoto]:
    return [
        EventPhoto.objects.create(
            event=event,
            office=event.office,
            filename=safe_filename(photo.name),
            content_type=content_type,
            size=len(photo.content),
            content=base64.b64encode(photo.content).decode("ascii"),
            created_by=actor,
        )
        for photo, content_type in checked
    ]


@transaction.atomic
def photo_open(*, actor, photo: EventPhoto, ip_address: str | None) -> bytes:
    """The photo's bytes for a user who may see the event; the opening is logged."""
    access.require_for(actor, Cap.VIEW, photo)
    AccessLog.objects.create(
        user=actor,
        model="publicity.EventPhoto",
        object_id=str(photo.pk),
        object_repr=f"{photo.event_id} {photo.filename}"[:200],
        field="content",
        ip_address=ip_address or None,
    )
    return base64.b64decode(photo.content)
