"""Small validation steps the actions of every line share: collect the errors of several checks
into one ValidationError by field, and the date that may not lie in the future."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def collect_error(errors: dict, field: str, check) -> None:
    """Run `check`; file its ValidationError messages under `field`."""
    try:
        check()
    except ValidationError as error:
        errors.setdefault(field, []).extend(error.messages)


_fixed_today: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar(
    "sifa_fixed_today", default=None
)


@contextlib.contextmanager
def one_day():
    """Within the block "today" is read once: work over many records (an import of 200,000
    cases) checks them all against the same day, without asking the clock for each date."""
    token = _fixed_today.set(timezone.localdate())
    try:
        yield
    finally:
        _fixed_today.reset(token)


def today() -> datetime.date:
    return _fixed_today.get() or timezone.localdate()


def check_not_future(day: datetime.date | None) -> None:
    if day is None:
        raise ValidationError(_("请填写日期。"))
    if day > today():
        raise ValidationError(_("日期不能晚于今天。"))


# Control characters (C0 but tab, line feed and carriage return; DEL; C1) have no place in a
# search box, a list filter or a URL. PostgreSQL refuses NUL in text outright (a server error
# if it reaches a query); the others only hide text from the eye.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def control_characters_message() -> str:
    return _("查询条件中含有控制字符（例如空字符），无法查询。请删除这些字符后重新输入。")
