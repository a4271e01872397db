"""Many consultations at once (an import of the 12348 call log or the 来访咨询登记): checked by
the rules of `consultation_record` and `consultation_follow_up`, then written in bulk — or
corrected one by one through `consultation_update` and `consultation_follow_up`.

A `ConsultationRecord` is what a log row says of one consultation: office, channel, moment,
caller (name, phone, a registered person), category, question and answer, duration,
satisfaction, what it led to, whether it needs a follow-up call and the day it was made.

* `record_errors(checks, record)` — `consultation_errors` (the 12348 call with its 话务流水号
  or duration, the 话务流水号 once per office, the category valid on the day, the phone …) and
  `follow_up_errors`; nothing is read but what `checks` was given;
* `records_create(actor, records, checks, reason)` — checked again, written with their
  history rows (the phone encrypted as a clerk's entry is; a dissatisfied call always marked
  for follow-up);
* `record_update(actor, consultation, record)` — what differs, through the actions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from sifa.core import bulk
from sifa.core.imports.spec import Change
from sifa.core.imports.steps import RecordsRefused, refuse_records
from sifa.core.imports.writing import sign_history, snapshot
from sifa.legalaid.actions.checks import Checks
from sifa.legalaid.actions.consultations import (
    RECORDED_FIELDS,
    consultation_errors,
    consultation_follow_up,
    consultation_update,
    consultation_values,
    follow_up_errors,
)
from sifa.legalaid.constants import Referral
from sifa.legalaid.models import Consultation
from sifa.orgs import access
from sifa.orgs.access import Cap


@dataclass
class ConsultationRecord:
    office: object
    channel: str
    consulted_at: datetime.datetime
    category: str
    question: str
    answer: str = ""
    duration_minutes: int = 0
    satisfaction: str = ""
    referral: str = Referral.ANSWERED
    person: object = None
    caller_name: str = ""
    caller_phone: str = ""
    call_id: str = ""
    answered_by: str = ""
    follow_up_required: bool = False
    followed_up_on: datetime.date | None = None

    def values(self) -> dict:
        """The values as `consultation_record` takes them."""
        return {name: getattr(self, name) for name in (*RECORDED_FIELDS, "person")}


def record_errors(checks: Checks, record: ConsultationRecord, pk: int | None = None) -> dict:
    """Every rule of recording the consultation (and its follow-up), by field; {} when it may
    be written. `pk`: the consultation it corrects (its own 话务流水号 is no clash)."""
    errors = consultation_errors(checks, record.office, pk=pk, **record.values())
    if record.followed_up_on is not None and record.consulted_at is not None:
        found = follow_up_errors(record.consulted_at, record.followed_up_on)
        errors.update({f"follow_up.{key}": value for key, value in found.items()})
    if not errors:
        checks.claim_call_id(record.office.pk, (record.call_id or "").strip(), pk)
    return errors


@transaction.atomic
def records_create(
    *, actor, records: list[ConsultationRecord], checks: Checks, reason: str
) -> list[Consultation]:
    """登记咨询 of many at once: every record checked first (RecordsRefused names the refused
    ones and nothing is written), then all written with their history rows."""
    for office in {record.office.pk: record.office for record in records}.values():
        access.require(actor, Cap.EDIT, office, line="legalaid")
    refuse_records(records, lambda record: record_errors(checks, record))
    consultations = []
    for record in records:
        consultation = Consultation(office=record.office, created_by=actor)
        for name, value in consultation_values(**record.values()).items():
            setattr(consultation, name, value)
        consultation.followed_up_on = record.followed_up_on
        consultations.append(consultation)
    saved = bulk.insert_with_history(consultations, reason=reason)
    sign_history(Consultation, actor, reason)
    return saved


# What a corrected log may change, as the consultation stores it.
COMPARED = (*RECORDED_FIELDS, "person")


def record_changes(consultation: Consultation, record: ConsultationRecord) -> dict[str, tuple]:
    """{label: (before, after)} of what `record_update` would change ({}: nothing)."""
    wanted = consultation_values(**record.values())
    changes = {}
    for name in COMPARED:
        before, after = getattr(consultation, name), wanted[name]
        if name == "person":
            if after is None or before == after:
                continue  # a log without the ID number does not unlink the person
            before, after = str(before or ""), after.name
        if before != after:
            changes[str(Consultation._meta.get_field(name).verbose_name)] = (before, after)
    followed = record.followed_up_on
    if followed is not None and consultation.followed_up_on != followed:
        changes[str(Consultation._meta.get_field("followed_up_on").verbose_name)] = (
            consultation.followed_up_on,
            followed,
        )
    return changes


def update_errors(checks: Checks, consultation: Consultation, record: ConsultationRecord) -> dict:
    """The rules of `consultation_update` on what the record changes ({}: it will succeed)."""
    values = record.values()
    if values["person"] is None:
        values["person"] = consultation.person
    errors = consultation_errors(
        checks,
        consultation.office,
        pk=consultation.pk,
        check_category=record.category != consultation.category,
        **values,
    )
    if record.followed_up_on is not None and record.followed_up_on != consultation.followed_up_on:
        found = follow_up_errors(record.consulted_at, record.followed_up_on)
        errors.update({f"follow_up.{key}": value for key, value in found.items()})
    return errors


@transaction.atomic
def record_update(*, actor, consultation: Consultation, record: ConsultationRecord) -> list[Change]:
    """Bring `consultation` up to `record` through the actions; its values before, for the
    import batch."""
    names = [*COMPARED, "followed_up_on"]
    changes = [Change(consultation, created=False, before=snapshot(consultation, names))]
    wanted = consultation_values(**record.values())
    differing = {
        name: value
        for name, value in record.values().items()
        if getattr(consultation, name) != wanted[name] and not (name == "person" and value is None)
    }
    if differing:
        consultation = consultation_update(actor=actor, consultation=consultation, **differing)
    followed = record.followed_up_on
    if followed is not None and consultation.followed_up_on != followed:
        consultation_follow_up(actor=actor, consultation=consultation, on=followed)
    return changes


__all__ = [
    "ConsultationRecord",
    "RecordsRefused",
    "record_changes",
    "record_errors",
    "record_update",
    "records_create",
    "update_errors",
]
