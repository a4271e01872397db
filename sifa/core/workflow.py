"""A record's state machine: the allowed transitions and the immutable history of changes.

Each business line declares its table once (`constants.TRANSITIONS`) and an event model with
`office`, `created_by`, a foreign key to the record, `from_status`, `to_status`, `happened_on`
and `reason`; its actions then move records only through a `Workflow`:

    CASE_FLOW = Workflow(
        MediationCase, CaseEvent, "case", TRANSITIONS, CaseStatus, access.require_edit
    )

    CASE_FLOW.begin(actor, case, CaseStatus.IN_MEDIATION)   # permission, row lock, state check
    ... validate, set fields ...
    CASE_FLOW.move(case, CaseStatus.IN_MEDIATION, actor=actor, on=day, reason="…")
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Workflow:
    model: type[models.Model]
    event_model: type[models.Model]
    event_field: str  # the event's foreign key to the record, e.g. "case"
    transitions: dict[str, set[str]]
    statuses: type[models.TextChoices]
    # `require_edit(actor, record)` refuses an actor who may not edit the record (its office,
    # its line): the line passes `sifa.orgs.access.require_edit` (core sits below orgs).
    require_edit: Callable[..., None]
    # What the refusal calls the record ("投诉不能从…"); lines whose records are cases keep 案件.
    noun: str = "案件"

    def check(self, record, to_status: str) -> None:
        """Refuse a change the transition table does not allow (a Chinese message)."""
        if to_status not in self.transitions.get(record.status, set()):
            labels = {
                "noun": self.noun,
                "from": self.statuses(record.status).label,
                "to": self.statuses(to_status).label,
            }
            raise ValidationError(
                _("%(noun)s不能从「%(from)s」变为「%(to)s」。") % labels, code="transition"
            )

    def allows(self, record, to_status: str, errors: dict, key: str = "status") -> bool:
        """`check` for rules that collect their errors (a bulk write): a refusal is filed in
        `errors[key]` (False) rather than raised."""
        try:
            self.check(record, to_status)
        except ValidationError as error:
            errors.setdefault(key, []).extend(error.messages)
            return False
        return True

    def begin(self, actor, record, to_status: str | None = None) -> None:
        """The common start of an action: edit permission on the record (office and line), a
        lock on its row (so two clerks cannot both move it), its current state, and the state
        check."""
        self.require_edit(actor, record)
        self.model.objects.select_for_update().only("pk").get(pk=record.pk)
        record.refresh_from_db()
        if to_status is not None:
            self.check(record, to_status)

    def move(self, record, to_status: str, *, actor, on: datetime.date, reason: str = ""):
        """Change the status if the table allows it, save the record, and write the event."""
        self.check(record, to_status)
        from_status = record.status
        record.status = to_status
        record.save()
        self.record_event(record, from_status, to_status, actor=actor, on=on, reason=reason)
        return record

    def record_event(self, record, from_status, to_status, *, actor, on, reason=""):
        return self.event_model.objects.create(
            office=record.office,
            created_by=actor,
            from_status=from_status,
            to_status=to_status,
            happened_on=on,
            reason=reason or "",
            **{self.event_field: record},
        )
