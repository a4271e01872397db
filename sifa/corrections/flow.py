"""The subject's state machine and the read log shared by every corrections action and page."""

from __future__ import annotations

from sifa.audit.models import AccessLog
from sifa.core.workflow import Workflow
from sifa.corrections.constants import TRANSITIONS, Status
from sifa.corrections.models import Subject, SubjectEvent

# Every status change of a subject goes through this (permission, row lock, table, event).
SUBJECT_FLOW = Workflow(Subject, SubjectEvent, "subject", TRANSITIONS, Status)

READ = "read"  # AccessLog.field of a read of a whole corrections record


def log_read(*, actor, record, ip_address: str | None) -> None:
    """Write the read of a corrections record to the access log (社区矫正 data is sensitive:
    every page showing a subject's or an assessment's record leaves a trace, as a reveal does)."""
    AccessLog.objects.create(
        user=actor,
        model=f"{record._meta.app_label}.{record._meta.object_name}",
        object_id=str(record.pk),
        object_repr=str(record)[:200],
        field=READ,
        ip_address=ip_address or None,
    )
