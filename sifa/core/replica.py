"""The read replica (只读副本): heavy report reads go to it, everything else to the primary.

With `DATABASE_REPLICA_URL` set (config/settings.py, docs/caching.md) the database alias
"replica" exists, and the reads of a GET or HEAD request to one of the pages below are sent to it:

* the leader dashboard, the report forms and their Excel workbook, the summary's export
  (`REPLICA_VIEWS`);
* the indicator pages and their drill-down lists and exports;
* every export of a line's register (a URL name ending in "export");
* the API's statistics exchange (/api/v1/statistics/…).

Everything else reads the primary: every write (`db_for_write`), every read of a POST, PUT,
PATCH or DELETE request (a write request sees what it writes), every read inside a transaction
on the primary (`select_for_update`, read-then-write), and every other page — a clerk's list or
record right after saving must show the save, and a replica lags by a moment. Without the alias
the router sends nothing anywhere: one database, as before.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
SAFE_METHODS = ("GET", "HEAD")

# URL names (namespace:name) whose GET reads go to the replica, besides every "…export".
REPLICA_VIEWS = frozenset(
    {
        "reports:dashboard",
        "reports:form",
        "reports:form_set",
        "reports:summary_export",
        "stats:indicator",
        "stats:records",
        "api:statistics_indicators",
        "api:statistics_reports",
        "api:statistics_report",
    }
)

_reading_replica: ContextVar[bool] = ContextVar("sifa_reading_replica", default=False)


def available() -> bool:
    """Is a replica configured (the "replica" database alias)?"""
    return REPLICA in connections.settings


@contextmanager
def reads():
    """Reads inside go to the replica (when there is one and no transaction is open)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def wants_replica(request) -> bool:
    """A read-only request to a page whose reads may lag a moment behind the primary."""
    match = getattr(request, "resolver_match", None)
    if request.method not in SAFE_METHODS or match is None:
        return False
    return match.view_name in REPLICA_VIEWS or (match.url_name or "").endswith("export")


class ReplicaRouter:
    """Reads to the replica inside `reads()` (outside any transaction), everything else to the
    primary; never a migration on the replica (it copies the primary)."""

    def db_for_read(self, model, **hints):
        if (
            _reading_replica.get()
            and available()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return None  # Django's choice: the primary, or the database the instance came from

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Sends the reads of the pages `wants_replica()` names to the replica (from the view on:
    the session and the user of the request are read from the primary)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = request.__dict__.pop("_sifa_replica_token", None)
            if token is not None:
                _reading_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if wants_replica(request):
            request._sifa_replica_token = _reading_replica.set(True)
