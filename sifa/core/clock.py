"""Times as the bureau reads them: every time shown or exported is in its zone (TIME_ZONE,
Asia/Shanghai). The database keeps UTC; templates convert by themselves (`|date` under
USE_TZ), DRF's DateTimeField and the API renderer too; Python code that writes a time as text
goes through here, never `f"{value:%H:%M}"` on a stored value (that is UTC).
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

MINUTE = "%Y-%m-%d %H:%M"
SECOND = "%Y-%m-%d %H:%M:%S"


def local(value: datetime) -> datetime:
    """An aware time in the bureau's zone (a naive one is taken as already local)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def local_day(value: date | datetime) -> date:
    """The bureau's calendar day of a time (a date stays as it is)."""
    return local(value).date() if isinstance(value, datetime) else value


def minute_text(value: datetime | None, fmt: str = MINUTE) -> str:
    """`2026-03-01 08:30` in the bureau's zone; "" for None."""
    return "" if value is None else local(value).strftime(fmt)


def second_text(value: datetime | None) -> str:
    return minute_text(value, SECOND)
