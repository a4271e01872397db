"""Small validation steps the actions of every line share: collect the errors of several checks
into one ValidationError by field, and the date that may not lie in the future."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def collect_error(errors: dict, field: str, check) -> None:
    """Run `check`; file its ValidationError messages under `field`."""
    try:
        check()
    except ValidationError as error:
        errors.setdefault(field, []).extend(error.messages)


def check_not_future(day: datetime.date | None) -> None:
    if day is None:
        raise ValidationError(_("请填写日期。"))
    if day > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"))
