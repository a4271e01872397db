"""The subject's state machine shared by every corrections action (the read log of its pages is
sifa.audit.actions.log_read)."""

from __future__ import annotations

from sifa.core.workflow import Workflow
from sifa.corrections.constants import TRANSITIONS, Status
from sifa.corrections.models import Subject, SubjectEvent
from sifa.orgs import access

# Every status change of a subject goes through this (permission, row lock, table, event).
SUBJECT_FLOW = Workflow(Subject, SubjectEvent, "subject", TRANSITIONS, Status, access.require_edit)
