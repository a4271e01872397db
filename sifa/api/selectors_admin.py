"""Reads for the administration of agency clients (接口客户端管理) and their request log.

Only a holder of `Cap.ACCOUNTS_MANAGE` (the system administrator) reads these; everybody else
is refused with 403. An administrator sees the clients whose scope office lies in the subtree
where the capability is held, and the log rows of those clients. Rows without a client (a
request with no or a wrong token) belong to no office: only an administrator of a whole tree
(a root office) sees them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.api.models import ApiClient, ApiRequestLog
from sifa.orgs import access
from sifa.orgs.access import Cap

STATUS_CLASSES = {"2xx": (200, 300), "4xx": (400, 500), "5xx": (500, 600)}


def require_client_admin(actor) -> None:
    """403 unless the user may manage accounts somewhere (the clients are accounts)."""
    access.require_anywhere(actor, Cap.ACCOUNTS_MANAGE, _("只有系统管理员可以管理接口客户端。"))


def manageable_offices(*, actor):
    """The offices a new client may be scoped to, in tree order."""
    require_client_admin(actor)
    return access.visible_offices(actor, Cap.ACCOUNTS_MANAGE).order_by("path")


def _managed_clients(actor) -> QuerySet[ApiClient]:
    return access.scope(actor, ApiClient.objects.select_related("office"), Cap.ACCOUNTS_MANAGE)


def client_list(*, actor) -> QuerySet[ApiClient]:
    """The clients in the administrator's scope, each with the time of its last request."""
    require_client_admin(actor)
    last_request = ApiRequestLog.objects.filter(client=OuterRef("pk")).order_by("-at")
    return _managed_clients(actor).annotate(last_request_at=Subquery(last_request.values("at")[:1]))


def client_for_manage(*, actor, pk: int) -> ApiClient:
    """One client in the administrator's scope (404 outside it)."""
    require_client_admin(actor)
    try:
        return _managed_clients(actor).get(pk=pk)
    except ApiClient.DoesNotExist:
        raise Http404(_("未找到该接口客户端。")) from None


def log_client_choices(*, actor) -> list[tuple[str, str]]:
    return [(str(c.pk), c.name) for c in _managed_clients(actor).order_by("name")]


def _sees_clientless_rows(actor) -> bool:
    return any(office.is_root() for office in access.granted_offices(actor, Cap.ACCOUNTS_MANAGE))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def request_log_list(
    *,
    actor,
    client: str = "",
    status_class: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[ApiRequestLog]:
    """接口调用日志, newest first; both ends of the date range inclusive."""
    require_client_admin(actor)
    visible = Q(client__in=_managed_clients(actor))
    if _sees_clientless_rows(actor):
        visible |= Q(client__isnull=True)
    rows = ApiRequestLog.objects.select_related("client").filter(visible)
    if client:
        rows = rows.filter(client_id=client)
    if status_class in STATUS_CLASSES:
        low, high = STATUS_CLASSES[status_class]
        rows = rows.filter(status__gte=low, status__lt=high)
    if date_from:
        rows = rows.filter(at__gte=_day_start(date_from))
    if date_to:
        rows = rows.filter(at__lt=_day_start(date_to + timedelta(days=1)))
    return rows.order_by("-at", "-id")
