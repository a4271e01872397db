"""The forensic line's time limits (司法鉴定程序通则 2016, DOMAIN §6.4), declared once.

* 受理决定: 7 working days from the day after the commission is received (10 for a commission
  by letter, [V-local]) — `SIFA_FORENSIC_ACCEPT_DAYS` / `SIFA_FORENSIC_ACCEPT_LETTER_DAYS`;
* 办结: 30 working days from the day after the commission takes effect
  (`SIFA_FORENSIC_COMPLETION_DAYS`), the time for supplementary materials not counted (pauses)
  and an extension of at most `SIFA_FORENSIC_EXTENSION_MAX_DAYS` working days approved by the
  institution's head (the client told).

Working-day periods always end on a working day (sifa/core/deadlines.py).
"""

from __future__ import annotations

from datetime import date

from config.sifa_settings import sifa_setting
from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import DeadlineRule, Pause, Unit, compute, register_rule

ACCEPT_RULE = "forensic.acceptance"
ACCEPT_LETTER_RULE = "forensic.acceptance_letter"
COMPLETION_RULE = "forensic.completion"

ACCEPT = register_rule(
    DeadlineRule(
        ACCEPT_RULE,
        int(sifa_setting("SIFA_FORENSIC_ACCEPT_DAYS")),
        Unit.WORKDAY,
        "司法鉴定程序通则 第13条",
        "作出是否受理鉴定委托的决定",
    )
)
ACCEPT_LETTER = register_rule(
    DeadlineRule(
        ACCEPT_LETTER_RULE,
        int(sifa_setting("SIFA_FORENSIC_ACCEPT_LETTER_DAYS")),
        Unit.WORKDAY,
        "司法鉴定程序通则 第13条（函件委托，[V-local]）",
        "作出是否受理函件委托的决定",
    )
)
COMPLETION = register_rule(
    DeadlineRule(
        COMPLETION_RULE,
        int(sifa_setting("SIFA_FORENSIC_COMPLETION_DAYS")),
        Unit.WORKDAY,
        "司法鉴定程序通则 第28条",
        "完成鉴定",
    )
)


def extension_max() -> int:
    return int(sifa_setting("SIFA_FORENSIC_EXTENSION_MAX_DAYS"))


def warn_days() -> int:
    return int(sifa_setting("SIFA_FORENSIC_WARN_DAYS"))


def decision_due(received_on: date, *, by_letter: bool, calendar: WorkingCalendar | None = None):
    return compute(ACCEPT_LETTER_RULE if by_letter else ACCEPT_RULE, received_on, calendar=calendar)


def completion_due(
    effective_on: date,
    pauses=(),
    *,
    extension: int = 0,
    calendar: WorkingCalendar | None = None,
) -> date | None:
    """30 working days after `effective_on`, without the days of `pauses` (`Pause` or rows with
    `first`/`last`), plus `extension` working days; None while a pause is open."""
    pauses = [p if isinstance(p, Pause) else Pause(p.first, p.last) for p in pauses]
    return compute(
        COMPLETION_RULE, effective_on, pauses=pauses, extension=extension, calendar=calendar
    )
