"""Writes to the audit trail that the lines call (their front door to the access log)."""

from __future__ import annotations

from sifa.audit.models import AccessLog
from sifa.core.proxies import client_ip
from sifa.orgs import access
from sifa.orgs.access import Cap

READ = "read"  # AccessLog.field of a read of a whole record


def log_read(*, actor, record, ip_address: str | None) -> None:
    """Write the read of a sensitive record to the access log (社区矫正 and 安置帮教 data is
    sensitive: every page showing such a record leaves a trace, as a reveal does)."""
    AccessLog.objects.create(
        user=actor,
        model=f"{record._meta.app_label}.{record._meta.object_name}",
        object_id=str(record.pk),
        object_repr=str(record)[:200],
        field=READ,
        ip_address=ip_address or None,
    )


def read_for_page(request, get, pk):
    """The sensitive record a page shows: `get(actor=, pk=)` (the line's selector: 404 out of
    sight), its read logged (`log_read`), and whether the reader may change it (EDIT on it,
    `access.can_for`)."""
    record = get(actor=request.user, pk=pk)
    log_read(actor=request.user, record=record, ip_address=client_ip(request))
    return record, access.can_for(request.user, Cap.EDIT, record)
