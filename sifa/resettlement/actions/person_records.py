"""Released persons at once (an import of the 安置帮教 register at go-live): checked by the same
rules as the actions, then written in bulk — or brought up to date through the actions.

A `ReleasedRecord` is what a register row says of one release: the person, where from (刑满释放
or 解除社区矫正), the release date, the offence, the classification (重点, 风险等级) and how far
assistance went — 已收到释放通知, 已衔接 (with 必接必送), 未衔接（下落不明）, 帮教结束.

* `record_errors(record, taken)` walks the release through the steps a 司法所 would take —
  `register_errors` and the one-record-per-release rule, the transition table, `connect_errors`,
  `not_connected_errors`, `end_errors` — on an unsaved record;
* `records_create(actor, records, taken, reason)` checks again and writes them in bulk with
  their history rows, the five-year window computed as the actions compute it (RA-1);
* `update_errors` / `record_changes` / `record_update` bring a registered release up to a
  corrected or later file through the actions (`released_person_correct`: the texts and
  收到通知日期; `classify`, `connect`, `mark_not_connected`, `end_assistance`); a step once
  taken is not changed by a file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core import bulk
from sifa.core.imports.spec import Change
from sifa.core.imports.steps import RecordsRefused, refuse_records
from sifa.core.imports.writing import sign_history, snapshot
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.resettlement.actions.persons import (
    assistance_end_for,
    classify,
    connect,
    connect_errors,
    end_assistance,
    end_errors,
    mark_not_connected,
    not_connected_errors,
    person_change_begin,
    person_save,
    register_errors,
    same_release_message,
)
from sifa.resettlement.constants import TRANSITIONS, Source, Status
from sifa.resettlement.models import ReleasedPerson
from sifa.stats import figure_cache

# What a corrected register may change (`released_person_correct`): texts, and dates a blank
# cell leaves as they are (a file corrects a date, it does not erase one).
CORRECTABLE = ("prison", "crime", "original_sentence", "certificate_number")
CORRECTABLE_DATES = ("notice_received_on",)
CLASSIFICATION = ("key_person", "key_reason", "risk_level")
SNAPSHOT = (
    *CORRECTABLE,
    *CLASSIFICATION,
    "notice_received_on",
    "status",
    "connected_on",
    "met_at_gate",
    "met_by",
    "ended_on",
    "end_reason",
)
ORDER = {Status.NOTIFIED: 0, Status.NOT_CONNECTED: 1, Status.CONNECTED: 2, Status.ENDED: 3}


@dataclass
class ReleasedRecord:
    office: object
    person: object  # a Person, or an unsaved stand-in
    released_on: datetime.date
    crime: str
    status: str
    source: str = Source.PRISON
    prison: str = ""
    original_sentence: str = ""
    certificate_number: str = ""
    notice_received_on: datetime.date | None = None
    key_person: bool = False
    key_reason: str = ""
    risk_level: str = ""
    connected_on: datetime.date | None = None
    met_at_gate: bool = False
    met_by: str = ""
    not_connected_on: datetime.date | None = None
    not_connected_reason: str = ""
    ended_on: datetime.date | None = None
    end_reason: str = ""

    def steps(self) -> tuple[str, ...]:
        """The statuses the release passes through after 已收到释放通知, in order: 未衔接 when
        the row says so (or it ended without a connection), 已衔接 when it was connected, and
        帮教结束 last."""
        if self.status == Status.NOTIFIED:
            return ()
        ended = self.status == Status.ENDED
        connected = self.status == Status.CONNECTED or (ended and self.connected_on is not None)
        steps = []
        if self.not_connected_on or self.status == Status.NOT_CONNECTED or not connected:
            steps.append(Status.NOT_CONNECTED)
        if connected:
            steps.append(Status.CONNECTED)
        if ended:
            steps.append(Status.ENDED)
        return tuple(steps)


def _transition_error(from_status: str, to_status: str) -> str | None:
    if to_status in TRANSITIONS.get(from_status, set()):
        return None
    return _("安置帮教对象不能从「%(from)s」变为「%(to)s」。") % {
        "from": Status(from_status).label,
        "to": Status(to_status).label,
    }


def record_errors(record: ReleasedRecord, taken: set) -> dict[str, list[str]]:
    """Every rule the 司法所's steps would meet for this release, by field. `taken`: the
    (person key, release date) already registered (one record per release, whoever has it)."""
    if record.source not in Source.values:
        return {"source": [_("请选择来源。")]}
    errors = register_errors(
        office=record.office,
        person=record.person,
        released_on=record.released_on,
        crime=record.crime,
        notice_received_on=record.notice_received_on,
        key_person=record.key_person,
        key_reason=record.key_reason,
        risk_level=record.risk_level,
    )
    if errors:
        return errors
    if (record.person.pk, record.released_on) in taken:
        return {"released_on": [same_release_message(record.released_on)]}
    probe = _unsaved(record)
    if record.status == Status.ENDED and not (record.connected_on or record.not_connected_on):
        return {"connected_on": [_("帮教结束的对象请填写衔接日期或未衔接登记日期。")]}
    return _steps_errors(probe, record, record.steps())


def _steps_errors(probe: ReleasedPerson, record: ReleasedRecord, steps) -> dict:
    for step in steps:
        problem = _transition_error(probe.status, step)
        if problem:
            return {"status": [problem]}
        if step == Status.CONNECTED:
            errors = connect_errors(
                probe,
                connected_on=record.connected_on,
                met_at_gate=record.met_at_gate,
                met_by=record.met_by,
            )
        elif step == Status.NOT_CONNECTED:
            errors = _prefixed(
                "not_connected",
                not_connected_errors(
                    probe, on=record.not_connected_on, reason=record.not_connected_reason
                ),
            )
        else:
            errors = _prefixed(
                "end",
                end_errors(
                    probe, ended_on=record.ended_on, reason=record.end_reason, reoffended=False
                ),
            )
        if errors:
            return errors
        probe.status = step
    return {}


def _prefixed(prefix: str, errors: dict) -> dict:
    return {f"{prefix}.{name}": messages for name, messages in errors.items()}


def _unsaved(record: ReleasedRecord) -> ReleasedPerson:
    return ReleasedPerson(
        office=record.office,
        person=record.person,
        source=record.source,
        prison=(record.prison or "").strip(),
        crime=record.crime.strip(),
        original_sentence=(record.original_sentence or "").strip(),
        released_on=record.released_on,
        certificate_number=(record.certificate_number or "").strip(),
        notice_received_on=record.notice_received_on,
        key_person=bool(record.key_person),
        key_reason=(record.key_reason or "").strip() if record.key_person else "",
        risk_level=record.risk_level or "",
        status=Status.NOTIFIED,
        assistance_end=assistance_end_for(record.released_on),
    )


@transaction.atomic
def records_create(
    *, actor, records: list[ReleasedRecord], taken: set, reason: str
) -> list[ReleasedPerson]:
    """登记 many releases at once, each taken as far as its record says. Every record is
    checked first (RecordsRefused names the refused ones and nothing is written)."""
    for office in {record.office.pk: record.office for record in records}.values():
        access.require(actor, Cap.EDIT, office, line="resettlement")
    refuse_records(records, lambda record: record_errors(record, taken))
    rows = []
    for record in records:
        released = _unsaved(record)
        released.created_by = actor
        for step in record.steps():
            _step(released, record, step)
        rows.append(released)
    created = bulk.insert_with_history(rows, reason=reason)
    sign_history(ReleasedPerson, actor, reason)
    figure_cache.office_ids_changed({row.office_id for row in created})
    return created


def _step(released: ReleasedPerson, record: ReleasedRecord, step: str) -> None:
    """What each step stores, as the actions store it."""
    released.status = step
    if step == Status.CONNECTED:
        released.connected_on = record.connected_on
        released.met_at_gate = bool(record.met_at_gate)
        released.met_by = (record.met_by or "").strip() if record.met_at_gate else ""
    elif step == Status.ENDED:
        released.ended_on = record.ended_on
        released.end_reason = record.end_reason


# --- a registered release ------------------------------------------------------------------------


def update_errors(released: ReleasedPerson, record: ReleasedRecord) -> dict[str, list[str]]:
    """What a corrected or later file may not do to a registered release, and the rules of what
    it may (the actions' functions); {} when `record_update` will succeed."""
    if record.source != released.source:
        return {"source": [_("已登记的安置帮教对象的来源不能通过导入修改。")]}
    found = register_errors(
        office=released.office,
        person=released.person,
        released_on=released.released_on,
        crime=record.crime,
        notice_received_on=record.notice_received_on or released.notice_received_on,
        key_person=record.key_person,
        key_reason=record.key_reason,
        risk_level=record.risk_level,
    )
    if found:
        return found
    if ORDER[record.status] < ORDER[released.status]:
        return {
            "status": [
                _("系统中该对象已是“%(now)s”，导入文件不能改为“%(then)s”。")
                % {"now": released.get_status_display(), "then": Status(record.status).label}
            ]
        }
    for name, label in (("connected_on", _("衔接日期")), ("ended_on", _("帮教结束日期"))):
        stored = getattr(released, name)
        if stored is not None and stored != getattr(record, name):
            return {
                name: [
                    _("系统中已登记%(label)s为%(date)s，不能通过导入修改。")
                    % {"label": label, "date": stored.isoformat()}
                ]
            }
    if released.status == Status.ENDED and released.end_reason != record.end_reason:
        return {"end.reason": [_("帮教已结束，结束原因不能通过导入修改。")]}
    if _classification_changes(released, record) and released.status == Status.ENDED:
        return {"key_person": [_("帮教已结束，不能再调整分类。")]}
    probe = ReleasedPerson(
        pk=released.pk,
        office=released.office,
        released_on=released.released_on,
        assistance_end=released.assistance_end,
        key_person=bool(record.key_person),
        status=released.status,
    )
    return _steps_errors(probe, record, _remaining(released, record))


def _remaining(released: ReleasedPerson, record: ReleasedRecord) -> list[str]:
    steps = list(record.steps())
    if released.status == Status.NOTIFIED:
        return steps
    if released.status in steps:
        return steps[steps.index(released.status) + 1 :]
    if released.status == Status.NOT_CONNECTED and record.status == Status.CONNECTED:
        return [Status.CONNECTED]
    return [step for step in steps if ORDER[step] > ORDER[released.status]]


def _classification_changes(released: ReleasedPerson, record: ReleasedRecord) -> bool:
    wanted = (
        bool(record.key_person),
        (record.key_reason or "").strip() if record.key_person else "",
        record.risk_level or "",
    )
    return (released.key_person, released.key_reason, released.risk_level) != wanted


def _corrections(released: ReleasedPerson, record: ReleasedRecord) -> dict:
    found = {
        name: (getattr(record, name) or "").strip()
        for name in CORRECTABLE
        if getattr(released, name) != (getattr(record, name) or "").strip()
    }
    for name in CORRECTABLE_DATES:
        value = getattr(record, name)
        if value is not None and value != getattr(released, name):
            found[name] = value
    return found


def record_changes(released: ReleasedPerson, record: ReleasedRecord) -> dict[str, tuple]:
    changes: dict[str, tuple] = {}
    for name, after in _corrections(released, record).items():
        label = str(ReleasedPerson._meta.get_field(name).verbose_name)
        changes[label] = (getattr(released, name), after)
    if _classification_changes(released, record):
        changes[_("分类帮教")] = (
            _classification_text(released.key_person, released.risk_level),
            _classification_text(record.key_person, record.risk_level),
        )
    if record.status != released.status:
        changes[_("状态")] = (released.get_status_display(), Status(record.status).label)
    return changes


def _classification_text(key_person: bool, risk_level: str) -> str:
    key = _("重点") if key_person else _("一般")
    return f"{key}/{risk_level or '-'}"


@transaction.atomic
def record_update(*, actor, released: ReleasedPerson, record: ReleasedRecord) -> list[Change]:
    """Bring a registered release up to `record` through the actions."""
    changes = [Change(released, created=False, before=snapshot(released, SNAPSHOT))]
    corrections = _corrections(released, record)
    if corrections:
        released = released_person_correct(actor=actor, released=released, **corrections)
    if _classification_changes(released, record):
        released = classify(
            actor=actor,
            released=released,
            key_person=record.key_person,
            key_reason=record.key_reason,
            risk_level=record.risk_level,
        )
    for step in _remaining(released, record):
        if step == Status.CONNECTED:
            released = connect(
                actor=actor,
                released=released,
                connected_on=record.connected_on,
                met_at_gate=record.met_at_gate,
                met_by=record.met_by,
            )
        elif step == Status.NOT_CONNECTED:
            released = mark_not_connected(
                actor=actor,
                released=released,
                on=record.not_connected_on,
                reason=record.not_connected_reason,
            )
        else:
            released = end_assistance(
                actor=actor, released=released, ended_on=record.ended_on, reason=record.end_reason
            )
    return changes


@transaction.atomic
def released_person_correct(*, actor, released: ReleasedPerson, **values) -> ReleasedPerson:
    """更正登记信息: 释放单位, 罪名, 原判刑罚, 证明书编号, 收到通知日期 as a corrected register
    says them."""
    unknown = set(values) - set(CORRECTABLE) - set(CORRECTABLE_DATES)
    if unknown:
        raise TypeError(f"released_person_correct() got unexpected fields: {sorted(unknown)}")
    person_change_begin(actor, released)
    wanted = {
        name: value if name in CORRECTABLE_DATES else (value or "").strip()
        for name, value in values.items()
    }
    if "crime" in wanted and not wanted["crime"]:
        raise ValidationError({"crime": [_("请填写罪名。")]})
    notice = wanted.get("notice_received_on")
    if notice is not None and notice > timezone.localdate():
        raise ValidationError({"notice_received_on": [_("收到通知日期不能晚于今天。")]})
    for name, value in wanted.items():
        setattr(released, name, value)
    return person_save(released, _("更正登记信息"), actor)


__all__ = [
    "RecordsRefused",
    "ReleasedRecord",
    "record_changes",
    "record_errors",
    "record_update",
    "records_create",
    "released_person_correct",
    "update_errors",
]
