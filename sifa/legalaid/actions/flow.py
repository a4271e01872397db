"""The application's state machine (sifa/core/workflow.py): Status, TRANSITIONS and
ApplicationEvent. Its own module so that every action module can use it without importing
another action module (tests/test_import_graph.py: no cycles inside an app)."""

from sifa.core.workflow import Workflow
from sifa.legalaid.constants import TRANSITIONS, Status
from sifa.legalaid.models import Application, ApplicationEvent
from sifa.orgs import access

APPLICATION_FLOW = Workflow(
    Application, ApplicationEvent, "application", TRANSITIONS, Status, access.require_edit
)
