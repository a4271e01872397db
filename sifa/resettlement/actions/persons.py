"""Writes of resettlement and assistance (安置帮教, DOMAIN §4, RA-1…RA-6).

A released person (安置帮教对象) is one release — from prison (刑满释放, entered by the 司法所 or
received from the prison through the API) or from community correction (解除社区矫正, handed over
automatically when the subject is released) — assisted for five years by the 司法所 of the
person's residence (RA-1). The status table is `constants.TRANSITIONS`:

    NOTIFIED (释放通知已收到) → CONNECTED (衔接到位) | NOT_CONNECTED (未衔接/下落不明)
    NOT_CONNECTED → CONNECTED | ENDED;  CONNECTED → ENDED (期满/死亡/迁出/重新犯罪被收监)

Every change is saved with a reason in the record's history (simple_history's change reason),
so the detail page can show who moved it, when and why.

Settings read here: SIFA_RS_ASSISTANCE_YEARS (the 帮教期, RA-1; the API's token is checked in
`views/api.py`).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core.deadlines import add_months
from sifa.core.idnumber import parse_resident_id
from sifa.core.records import create_checked
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people import selectors as people_selectors
from sifa.people.actions import PersonIdentity, person_obtain, resident_person
from sifa.people.models import Person
from sifa.resettlement.constants import (
    TRANSITIONS,
    EndReason,
    PlacementKind,
    RiskLevel,
    Source,
    Status,
)
from sifa.resettlement.models import HelpTeamMember, Placement, ReleasedPerson, Reoffence, Visit

logger = logging.getLogger(__name__)

# The reason kept for a key person notified by a prison without one (RA-4).
PRISON_KEY_REASON = "监狱通知列为重点帮教对象"


def assistance_years() -> int:
    """RA-1: years of assistance after release, SIFA_RS_ASSISTANCE_YEARS (default 5, [V-local]
    福建 分类帮教 measures 第2条)."""
    return int(sifa_setting("SIFA_RS_ASSISTANCE_YEARS"))


def assistance_end_for(released_on: datetime.date) -> datetime.date:
    """RA-1: assistance runs five years (the setting) from the day of release (民法典 第202条:
    the same day of the final month, or its last day)."""
    return add_months(released_on, 12 * assistance_years())


# ---------------------------------------------------------------------------------------------
# Registration


@transaction.atomic
def released_person_register(
    *,
    actor,
    office: Office,
    person: Person | None = None,
    identity: PersonIdentity | None = None,
    released_on: datetime.date,
    crime: str,
    prison: str = "",
    original_sentence: str = "",
    certificate_number: str = "",
    notice_received_on: datetime.date | None = None,
    key_person: bool = False,
    key_reason: str = "",
    risk_level: str = "",
) -> ReleasedPerson:
    """登记刑满释放人员 (source prison, status 已收到释放通知) at the 司法所 of residence.

    The person is `person`, or the one `identity` names (registered here first when new, so a
    refused registration leaves nobody behind)."""
    access.require(actor, Cap.EDIT, office, line="resettlement")
    if identity is not None:
        person = person_obtain(actor=actor, office=office, identity=identity)
    return _create_from_prison(
        actor=actor,
        office=office,
        person=person,
        released_on=released_on,
        crime=crime,
        prison=prison,
        original_sentence=original_sentence,
        certificate_number=certificate_number,
        notice_received_on=notice_received_on,
        key_person=key_person,
        key_reason=key_reason,
        risk_level=risk_level,
    )


def _create_from_prison(
    *,
    actor,
    office,
    person,
    released_on,
    crime,
    prison,
    original_sentence,
    certificate_number,
    notice_received_on,
    key_person,
    key_reason,
    risk_level,
    reason: str = "",
) -> ReleasedPerson:
    errors = register_errors(
        office=office,
        person=person,
        released_on=released_on,
        crime=crime,
        notice_received_on=notice_received_on,
        key_person=key_person,
        key_reason=key_reason,
        risk_level=risk_level,
    )
    if not errors and _same_release(person, released_on) is not None:
        errors["released_on"] = [same_release_message(released_on)]
    if errors:
        raise ValidationError(errors)
    crime = crime.strip()
    key_reason = (key_reason or "").strip() if key_person else ""
    released = ReleasedPerson(
        office=office,
        created_by=actor,
        person=person,
        source=Source.PRISON,
        prison=(prison or "").strip(),
        crime=crime,
        original_sentence=(original_sentence or "").strip(),
        released_on=released_on,
        certificate_number=(certificate_number or "").strip(),
        notice_received_on=notice_received_on,
        key_person=bool(key_person),
        key_reason=key_reason,
        risk_level=risk_level or "",
        status=Status.NOTIFIED,
        assistance_end=assistance_end_for(released_on),
    )
    released.full_clean()
    released._change_reason = reason or _("登记刑满释放人员")
    if actor is not None:
        released._history_user = actor
    released.save()
    return released


def register_errors(
    *,
    office,
    person,
    released_on: datetime.date | None,
    crime: str,
    notice_received_on: datetime.date | None = None,
    key_person: bool = False,
    key_reason: str = "",
    risk_level: str = "",
) -> dict[str, list[str]]:
    """The rules of 登记释放人员 (`released_person_register`) but the one-record-per-release
    rule (`same_release_message`), by field; {} when they hold."""
    errors: dict[str, list[str]] = {}
    if office is None or office.kind != OfficeKind.JUDICIAL_OFFICE or not office.is_active:
        errors["office"] = [_("安置帮教对象应由其居住地的司法所登记，请选择司法所。")]
    if person is None:
        errors["person"] = [_("请选择或登记释放人员。")]
    if released_on is None:
        errors["released_on"] = [_("请填写释放日期。")]
    if not (crime or "").strip():
        errors["crime"] = [_("请填写罪名。")]
    if notice_received_on is not None and notice_received_on > timezone.localdate():
        errors["notice_received_on"] = [_("收到通知日期不能晚于今天。")]
    if key_person and not (key_reason or "").strip():
        errors["key_reason"] = [_("列为重点帮教对象的，请填写理由。")]
    if risk_level and risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("请选择有效的风险等级。")]
    return errors


def same_release_message(released_on: datetime.date) -> str:
    """One release of a person is one record (the prisons' API may repeat a notice)."""
    return _("该人员 %(date)s 的释放已登记为安置帮教对象，请勿重复登记。") % {
        "date": released_on.isoformat()
    }


def _same_release(person, released_on) -> ReleasedPerson | None:
    # Unscoped on purpose: one release of a person is one record, whoever registered it.
    return (
        ReleasedPerson.objects.filter(person=person, released_on=released_on).order_by("pk").first()
    )


@transaction.atomic
def released_person_from_correction(*, actor, subject) -> ReleasedPerson:
    """转安置帮教: the released corrections subject becomes an assisted person (source 解除社区
    矫正) of the subject's 司法所, connected at once (the 司法所 knows the person). Idempotent:
    a second call returns the existing record."""
    access.require(actor, Cap.EDIT, subject.office, line="resettlement")
    existing = ReleasedPerson.objects.filter(subject=subject).first()
    if existing is not None:
        return existing
    if subject.released_on is None:
        raise ValidationError({"released_on": [_("社区矫正对象尚未解除矫正，不能转入安置帮教。")]})
    released = ReleasedPerson(
        office=subject.office,
        created_by=actor,
        person=subject.person,
        source=Source.CORRECTION,
        subject=subject,
        crime=subject.crime,
        original_sentence=subject.original_sentence or "",
        released_on=subject.released_on,
        certificate_number=subject.certificate_number or "",
        notice_received_on=subject.released_on,
        status=Status.CONNECTED,
        connected_on=subject.released_on,
        assistance_end=assistance_end_for(subject.released_on),
    )
    released.full_clean(exclude=["subject"])  # the one-to-one is checked by the database
    released._change_reason = _("解除社区矫正，转入安置帮教")
    released._history_user = actor
    try:
        with transaction.atomic():  # savepoint: a concurrent hand-over wins
            released.save()
    except IntegrityError:
        existing = ReleasedPerson.objects.filter(subject=subject).first()
        if existing is None:
            raise
        return existing
    return released


# ---------------------------------------------------------------------------------------------
# The API for prisons: 刑满释放人员通知书 received electronically (RA-2)


@dataclass
class NoticeResult:
    released: ReleasedPerson
    created: bool
    warnings: list[str] = field(default_factory=list)


class ReleaseOutOfSight(Exception):
    """The same release of the same person is registered by an office the caller cannot see
    (a person of its scope, registered by a higher office elsewhere): not received again."""

    message = _("该人员的本次释放已由其他机构登记为安置帮教对象，请与司法行政机关联系。")


@transaction.atomic
def release_notice_receive(
    *,
    actor=None,
    reach: Office | None = None,
    office_code: str,
    name: str,
    id_number: str,
    released_on: datetime.date | None,
    prison: str,
    crime: str,
    original_sentence: str = "",
    certificate_number: str = "",
    key_person: bool = False,
    key_reason: str = "",
) -> NoticeResult:
    """接收释放通知 from a prison.

    `actor` is the API client's service account (the caller checked its token and that the
    target office is in its scope); without one (the shared-token endpoint) `reach` is the
    office whose subtree the token reaches (None: every office). The person is found by ID
    number *within the caller's sight* — the actor's scope, or the target 司法所 for the shared
    token — or registered at the target 司法所; a registration out of sight is neither used nor
    mentioned, so the answer is the same whether the number exists elsewhere or not (issue 14,
    items 8 and 9). An existing registry record is never overwritten. The same release of the
    same person (person, release date) is received once: a repeated notice returns the
    existing record (`created=False`); one registered out of sight raises ReleaseOutOfSight."""
    errors: dict[str, list[str]] = {}
    office = _target_office(office_code, errors, reach)
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请提供姓名。")]
    resident = None
    if not (id_number or "").strip():
        errors["id_number"] = [_("请提供身份证号码。")]
    else:
        try:
            resident = parse_resident_id(id_number)
        except ValidationError as error:
            errors["id_number"] = error.messages
    if released_on is None:
        errors["released_on"] = [_("请提供释放日期。")]
    if not (prison or "").strip():
        errors["prison"] = [_("请提供释放单位（监狱）名称。")]
    if not (crime or "").strip():
        errors["crime"] = [_("请提供罪名。")]
    if errors:
        raise ValidationError(errors)

    person, warnings = _person_for_notice(actor=actor, office=office, name=name, resident=resident)
    existing = _same_release(person, released_on)
    if existing is not None:
        if not _release_in_sight(actor, office, existing):
            raise ReleaseOutOfSight(ReleaseOutOfSight.message)
        return NoticeResult(existing, False, warnings)
    key_reason = (key_reason or "").strip()
    if key_person and not key_reason:
        key_reason = PRISON_KEY_REASON
    released = _create_from_prison(
        actor=None,
        office=office,
        person=person,
        released_on=released_on,
        crime=crime,
        prison=prison,
        original_sentence=original_sentence,
        certificate_number=certificate_number,
        notice_received_on=timezone.localdate(),
        key_person=key_person,
        key_reason=key_reason,
        risk_level="",
        reason=_("接收监狱释放通知（%(prison)s）") % {"prison": prison.strip()},
    )
    # Log the fact, never the person.
    logger.info("resettlement: release notice received as record %s", released.pk)
    return NoticeResult(released, True, warnings)


def _target_office(code, errors, reach: Office | None = None) -> Office | None:
    code = (code or "").strip()
    if not code:
        errors["office_code"] = [_("请提供接收司法所的机构编码。")]
        return None
    offices = Office.objects.all() if reach is None else access.within(Office.objects, reach)
    office = offices.filter(code=code).first()  # out of reach: as if there were no such office
    if office is None or office.kind != OfficeKind.JUDICIAL_OFFICE or not office.is_active:
        errors["office_code"] = [_("机构编码 %(code)s 不是有效的司法所。") % {"code": code}]
        return None
    return office


def _person_for_notice(*, actor, office, name, resident) -> tuple[Person, list[str]]:
    existing, created = resident_person(
        office=office,
        name=name,
        resident=resident,
        registered=lambda: _registered(actor, office, resident.number),
        meanwhile=lambda: people_selectors.person_in_office_by_id_number(
            office=office, id_number=resident.number
        ),
    )
    if created:
        return existing, []
    warnings = []
    if existing.name != name:
        warnings.append(_("通知中的姓名与人员信息库登记的姓名不一致，已按身份证号码匹配，请核实。"))
    return existing, warnings


def _registered(actor, office: Office, number: str) -> Person | None:
    """The registration of the number in the caller's sight: the actor's scope, or (for the
    shared token, no actor) the target 司法所."""
    if actor is not None:
        return people_selectors.person_find_by_id_number(actor=actor, id_number=number)
    return people_selectors.person_in_office_by_id_number(office=office, id_number=number)


def _release_in_sight(actor, office: Office, released: ReleasedPerson) -> bool:
    rows = ReleasedPerson.objects.filter(pk=released.pk)
    if actor is not None:
        return access.scope(actor, rows).exists()
    return access.within(rows, office).exists()


# ---------------------------------------------------------------------------------------------
# Connection (衔接) and the end of assistance


def person_change_begin(actor, released: ReleasedPerson, to_status: str | None = None) -> None:
    """Edit permission, a row lock, the current state and (optionally) the table check."""
    access.require_for(actor, Cap.EDIT, released)
    ReleasedPerson.objects.select_for_update().only("pk").get(pk=released.pk)
    released.refresh_from_db()
    if to_status is not None:
        _check(released, to_status)


def _check(released: ReleasedPerson, to_status: str) -> None:
    if to_status not in TRANSITIONS.get(released.status, set()):
        raise ValidationError(
            _("安置帮教对象不能从「%(from)s」变为「%(to)s」。")
            % {"from": Status(released.status).label, "to": Status(to_status).label},
            code="transition",
        )


def _not_future(value, field_name, label, errors) -> None:
    if value is not None and value > timezone.localdate():
        errors.setdefault(field_name, []).append(_("%(label)s不能晚于今天。") % {"label": label})


def _not_before_release(released, value, field_name, label, errors) -> None:
    if value is not None and value < released.released_on:
        errors.setdefault(field_name, []).append(
            _("%(label)s不能早于释放日期（%(date)s）。")
            % {"label": label, "date": released.released_on.isoformat()}
        )


def person_save(released: ReleasedPerson, reason: str, actor) -> ReleasedPerson:
    released.full_clean(exclude=["subject"])
    released._change_reason = reason
    released._history_user = actor
    released.save()
    return released


@transaction.atomic
def connect(
    *,
    actor,
    released: ReleasedPerson,
    connected_on: datetime.date,
    met_at_gate: bool = False,
    met_by: str = "",
) -> ReleasedPerson:
    """衔接到位. A key person (重点帮教对象) must be met at the prison gate (必接必送, RA-4):
    the connection of a key person needs the gate record and who met them."""
    person_change_begin(actor, released, Status.CONNECTED)
    errors = connect_errors(
        released, connected_on=connected_on, met_at_gate=met_at_gate, met_by=met_by
    )
    if errors:
        raise ValidationError(errors)
    met_by = (met_by or "").strip()
    released.status = Status.CONNECTED
    released.connected_on = connected_on
    released.met_at_gate = bool(met_at_gate)
    released.met_by = met_by if met_at_gate else ""
    return person_save(released, connect_reason(met_at_gate, met_by), actor)


def connect_reason(met_at_gate: bool, met_by: str) -> str:
    return _("衔接到位（必接必送：%(by)s）") % {"by": met_by} if met_at_gate else _("衔接到位")


def connect_errors(
    released: ReleasedPerson, *, connected_on, met_at_gate: bool, met_by: str
) -> dict[str, list[str]]:
    """The rules of 衔接到位 (`connect`) besides the transition (RA-4: a key person is met at
    the gate, 必接必送)."""
    errors: dict[str, list[str]] = {}
    if connected_on is None:
        errors["connected_on"] = [_("请填写衔接日期。")]
    _not_future(connected_on, "connected_on", _("衔接日期"), errors)
    _not_before_release(released, connected_on, "connected_on", _("衔接日期"), errors)
    if released.key_person and not met_at_gate:
        errors["met_at_gate"] = [_("重点帮教对象必须必接必送：请登记出监时的接送情况后再衔接。")]
    if met_at_gate and not (met_by or "").strip():
        errors["met_by"] = [_("请填写接送人员。")]
    return errors


@transaction.atomic
def mark_not_connected(
    *, actor, released: ReleasedPerson, on: datetime.date, reason: str
) -> ReleasedPerson:
    """未衔接（下落不明）: the person did not arrive after release; 脱管 → 协查通报 (RA-4)."""
    person_change_begin(actor, released, Status.NOT_CONNECTED)
    errors = not_connected_errors(released, on=on, reason=reason)
    if errors:
        raise ValidationError(errors)
    reason = reason.strip()
    released.status = Status.NOT_CONNECTED
    return person_save(released, not_connected_reason(reason), actor)


def not_connected_reason(reason: str) -> str:
    return _("未衔接：%(reason)s") % {"reason": reason}


def not_connected_errors(
    released: ReleasedPerson, *, on: datetime.date | None, reason: str
) -> dict[str, list[str]]:
    """The rules of 未衔接（下落不明） (`mark_not_connected`) besides the transition."""
    errors: dict[str, list[str]] = {}
    if on is None:
        errors["on"] = [_("请填写日期。")]
    _not_future(on, "on", _("日期"), errors)
    if on is not None and on <= released.released_on:
        errors.setdefault("on", []).append(
            _("释放之日（%(date)s）后仍未衔接的，才能登记为未衔接。")
            % {"date": released.released_on.isoformat()}
        )
    if not (reason or "").strip():
        errors["reason"] = [_("请填写未衔接的情况（查找经过、是否已通报公安协查等）。")]
    return errors


def end_errors(
    released: ReleasedPerson, *, ended_on: datetime.date | None, reason: str, reoffended: bool
) -> dict[str, list[str]]:
    """The rules of 帮教结束 (`end_assistance`) besides the transition: 帮教期满 not before the
    five-year window ends (RA-1); 重新犯罪被收监 only with a criminal re-offence recorded by
    then (`reoffended`)."""
    errors: dict[str, list[str]] = {}
    if ended_on is None:
        errors["ended_on"] = [_("请填写帮教结束日期。")]
    _not_future(ended_on, "ended_on", _("帮教结束日期"), errors)
    _not_before_release(released, ended_on, "ended_on", _("帮教结束日期"), errors)
    if reason not in EndReason.values:
        errors["reason"] = [_("请选择结束原因。")]
    elif reason == EndReason.EXPIRED and ended_on and ended_on < released.assistance_end:
        errors["ended_on"] = [
            _("帮教期至 %(date)s 届满，期满前不能以“帮教期满”结束。")
            % {"date": released.assistance_end.isoformat()}
        ]
    elif reason == EndReason.REOFFENDED and ended_on and not reoffended:
        errors["reason"] = [_("请先登记重新犯罪情况，再以“重新犯罪被收监”结束帮教。")]
    return errors


def end_reason_text(reason: str, note: str = "") -> str:
    text = EndReason(reason).label
    note = (note or "").strip()
    return f"{text}：{note}" if note else str(text)


@transaction.atomic
def end_assistance(
    *,
    actor,
    released: ReleasedPerson,
    ended_on: datetime.date,
    reason: str,
    note: str = "",
) -> ReleasedPerson:
    """帮教结束: 帮教期满 only on or after the end of the five-year window (RA-1); 重新犯罪
    被收监 only with a recorded criminal re-offence."""
    person_change_begin(actor, released, Status.ENDED)
    reoffended = (
        reason == EndReason.REOFFENDED
        and ended_on is not None
        and released.reoffences.filter(criminal=True, occurred_on__lte=ended_on).exists()
    )
    errors = end_errors(released, ended_on=ended_on, reason=reason, reoffended=reoffended)
    if errors:
        raise ValidationError(errors)
    released.status = Status.ENDED
    released.ended_on = ended_on
    released.end_reason = reason
    return person_save(released, end_reason_text(reason, note), actor)


# ---------------------------------------------------------------------------------------------
# Key person, risk level (分类帮教, RA-5)


@transaction.atomic
def classify(
    *,
    actor,
    released: ReleasedPerson,
    key_person: bool,
    key_reason: str = "",
    risk_level: str = "",
) -> ReleasedPerson:
    """分类帮教: list or unlist a key person and set the assessed risk level (RA-5)."""
    person_change_begin(actor, released)
    errors: dict[str, list[str]] = {}
    if released.status == Status.ENDED:
        errors["key_person"] = [_("帮教已结束，不能再调整分类。")]
    key_reason = (key_reason or "").strip()
    if key_person and not key_reason:
        errors["key_reason"] = [_("列为重点帮教对象的，请填写理由。")]
    if risk_level and risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("请选择有效的风险等级。")]
    if errors:
        raise ValidationError(errors)
    released.key_person = bool(key_person)
    released.key_reason = key_reason if key_person else ""
    released.risk_level = risk_level or ""
    return person_save(released, _("调整分类帮教"), actor)


# ---------------------------------------------------------------------------------------------
# Help team, visits, placements, re-offences


def _open_for_records(released, on, field_name, errors) -> None:
    """A dated record must fall before the end of assistance when it has ended."""
    if released.ended_on is not None and on is not None and on > released.ended_on:
        errors.setdefault(field_name, []).append(
            _("帮教已于 %(date)s 结束，不能登记此后的情况。")
            % {"date": released.ended_on.isoformat()}
        )


def _check_record_date(released, on, field_name, label, errors, *, after_release=True) -> None:
    """The date of a record in the person's file: given, not in the future, not before the
    release (unless `after_release` is false) and not after the end of assistance."""
    if on is None:
        errors[field_name] = [_("请填写日期。")]
    _not_future(on, field_name, label, errors)
    if after_release:
        _not_before_release(released, on, field_name, label, errors)
    _open_for_records(released, on, field_name, errors)


def _file_record(model, *, actor, released: ReleasedPerson, **fields):
    """Save a record into the person's file: it belongs to the person's office."""
    return create_checked(
        model, office=released.office, created_by=actor, released=released, **fields
    )


@transaction.atomic
def team_member_add(*, actor, released: ReleasedPerson, name: str, role: str) -> HelpTeamMember:
    """帮教小组 member (e.g. 司法所工作人员, 村(居)委会成员, 家属, 志愿者)."""
    person_change_begin(actor, released)
    errors: dict[str, list[str]] = {}
    if released.status == Status.ENDED:
        errors["name"] = [_("帮教已结束，不能再增加帮教小组成员。")]
    name, role = (name or "").strip(), (role or "").strip()
    if not name:
        errors["name"] = [_("请填写姓名。")]
    if not role:
        errors["role"] = [_("请填写身份。")]
    if not errors and released.team.filter(name=name, role=role).exists():
        errors["name"] = [_("该成员已在帮教小组中。")]
    if errors:
        raise ValidationError(errors)
    return _file_record(HelpTeamMember, actor=actor, released=released, name=name, role=role)


@transaction.atomic
def team_member_remove(*, actor, member: HelpTeamMember) -> None:
    released = member.released
    person_change_begin(actor, released)
    if released.status == Status.ENDED:
        raise ValidationError(_("帮教已结束，不能再调整帮教小组。"))
    member.delete()


@transaction.atomic
def visit_add(*, actor, released: ReleasedPerson, visited_on: datetime.date, content: str) -> Visit:
    """走访/帮教记录 (may precede the release: 入监帮教 before release is assistance too)."""
    person_change_begin(actor, released)
    errors: dict[str, list[str]] = {}
    # 入监帮教 before the release is assistance too: no check against the release date.
    _check_record_date(
        released, visited_on, "visited_on", _("走访日期"), errors, after_release=False
    )
    content = (content or "").strip()
    if not content:
        errors["content"] = [_("请填写走访帮教情况。")]
    if errors:
        raise ValidationError(errors)
    return _file_record(
        Visit, actor=actor, released=released, visited_on=visited_on, content=content
    )


@transaction.atomic
def placement_add(
    *, actor, released: ReleasedPerson, kind: str, placed_on: datetime.date, detail: str
) -> Placement:
    """安置: a job, schooling, 低保, social or temporary assistance, or skills training."""
    person_change_begin(actor, released)
    errors: dict[str, list[str]] = {}
    if kind not in PlacementKind.values:
        errors["kind"] = [_("请选择安置方式。")]
    _check_record_date(released, placed_on, "placed_on", _("安置日期"), errors)
    detail = (detail or "").strip()
    if not detail:
        errors["detail"] = [_("请填写安置情况（单位、学校或救助项目）。")]
    if errors:
        raise ValidationError(errors)
    return _file_record(
        Placement, actor=actor, released=released, kind=kind, placed_on=placed_on, detail=detail
    )


@transaction.atomic
def reoffence_add(
    *,
    actor,
    released: ReleasedPerson,
    occurred_on: datetime.date,
    description: str,
    criminal: bool = True,
    end_assistance_now: bool = False,
) -> Reoffence:
    """重新违法犯罪 within the assistance window. A criminal re-offence may end assistance at
    once with the reason 重新犯罪被收监 (`end_assistance_now`)."""
    person_change_begin(actor, released)
    errors: dict[str, list[str]] = {}
    _check_record_date(released, occurred_on, "occurred_on", _("违法犯罪日期"), errors)
    if occurred_on is not None and occurred_on > released.assistance_end:
        errors.setdefault("occurred_on", []).append(
            _("帮教期已于 %(date)s 届满，此后的违法犯罪不属于帮教期内重新违法犯罪。")
            % {"date": released.assistance_end.isoformat()}
        )
    description = (description or "").strip()
    if not description:
        errors["description"] = [_("请填写违法犯罪情况。")]
    if end_assistance_now and not criminal:
        errors["end_assistance_now"] = [_("只有重新犯罪被收监的，才能同时结束帮教。")]
    elif end_assistance_now and Status.ENDED not in TRANSITIONS.get(released.status, set()):
        errors["end_assistance_now"] = [
            _("当前状态为“%(status)s”，不能结束帮教。") % {"status": released.get_status_display()}
        ]
    if errors:
        raise ValidationError(errors)
    reoffence = _file_record(
        Reoffence,
        actor=actor,
        released=released,
        occurred_on=occurred_on,
        description=description,
        criminal=bool(criminal),
    )
    if end_assistance_now:
        end_assistance(
            actor=actor, released=released, ended_on=occurred_on, reason=EndReason.REOFFENDED
        )
    return reoffence
