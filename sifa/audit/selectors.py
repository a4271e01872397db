"""Reads of the audit trail for the audit pages (安全审计).

Only a holder of `Cap.AUDIT_READ` (安全审计员) reads the trail; everybody else — the system
administrator included (三权分立) — is refused with 403 by every function here.

The audit logs are not office-owned: a login or a reveal belongs to a user, not to an
office, and the change history spans every table. An auditor therefore sees the whole
trail wherever the role is granted. Restricting it by office would let a change made by a
city user to a township record fall out of every auditor's sight.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.audit import history
from sifa.audit.models import AccessLog, AuthEvent
from sifa.orgs import access
from sifa.orgs.access import Cap


def require_auditor(actor) -> None:
    """403 unless the user holds the security auditor's capability somewhere."""
    access.require_anywhere(actor, Cap.AUDIT_READ, _("只有安全审计员可以查看审计记录。"))


def _day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the bureau's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _date_range_q(field: str, date_from: date | None, date_to: date | None) -> Q:
    """Both ends inclusive, as people read "从 5月1日 到 5月31日"."""
    q = Q()
    if date_from:
        q &= Q(**{f"{field}__gte": _day_start(date_from)})
    if date_to:
        q &= Q(**{f"{field}__lt": _day_start(date_to + timedelta(days=1))})
    return q


def _user_q(prefix: str, text: str) -> Q:
    """A user by (part of) the user name or the person's name."""
    if not text:
        return Q()
    return Q(**{f"{prefix}__username__icontains": text}) | Q(
        **{f"{prefix}__full_name__icontains": text}
    )


def auth_event_list(
    *,
    actor,
    username: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuthEvent]:
    """登录日志, newest first. `username` matches what was typed at the login form."""
    require_auditor(actor)
    events = AuthEvent.objects.select_related("user").filter(
        _date_range_q("at", date_from, date_to)
    )
    if username:
        events = events.filter(username__icontains=username)
    if kind:
        events = events.filter(kind=kind)
    return events.order_by("-at", "-id")


def access_log_list(
    *,
    actor,
    user: str = "",
    model: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessLog]:
    """敏感信息查看记录, newest first."""
    require_auditor(actor)
    logs = AccessLog.objects.select_related("user").filter(
        _date_range_q("at", date_from, date_to), _user_q("user", user)
    )
    if model:
        logs = logs.filter(model=model)
    return logs.order_by("-at", "-id")


def access_log_model_choices(*, actor) -> list[tuple[str, str]]:
    """(stored value, verbose name) of the record types that appear in the access log."""
    require_auditor(actor)
    values = AccessLog.objects.order_by("model").values_list("model", flat=True).distinct()
    return [(value, history.model_verbose_name(value)) for value in values]


def change_list(
    *,
    actor,
    model: str = "",
    user: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet:
    """数据修改记录: every history table of the project merged, newest first.

    Returns light rows (dicts: model_label, history_id, history_date, history_user_id,
    history_type) from a UNION ALL of the historical tables, so the database pages through
    all of them at once; `change_entries()` turns one page of rows into entries.
    """
    require_auditor(actor)
    models = history.history_models()
    if model:
        models = [m for m in models if m.instance_type._meta.label_lower == model]
    conditions = _date_range_q("history_date", date_from, date_to) & _user_q("history_user", user)
    parts = [
        m._default_manager.filter(conditions)
        .order_by()  # a UNION member may not carry its own ORDER BY
        # Cast: PostgreSQL must know the literal's type to UNION it with the other parts.
        .annotate(model_label=Cast(Value(m.instance_type._meta.label_lower), CharField()))
        .values("history_id", "history_date", "history_user_id", "history_type", "model_label")
        for m in models
    ]
    if not parts:  # a model label that keeps no history: nothing to list
        return AuthEvent.objects.none()
    merged = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return merged.order_by("-history_date", "-history_id", "model_label")


def change_entries(*, actor, rows) -> list[history.HistoryEntry]:
    """The displayable entries for one page of `change_list()` rows."""
    require_auditor(actor)
    return history.entries_for_rows(list(rows))
