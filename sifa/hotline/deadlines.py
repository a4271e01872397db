"""The time limits of a 12345 work order, in working hours and working days of office time
(`sifa.core.deadlines.add_working_hours` / `add_working_days_from`), all settings [M]:

* 签收: SIFA_HOTLINE_SIGN_HOURS working hours from receipt (SIFA_HOTLINE_URGENT_SIGN_HOURS
  for an urgent order);
* 答复 (办结/反馈): SIFA_HOTLINE_REPLY_WORKDAYS working days by category from receipt
  (SIFA_HOTLINE_URGENT_REPLY_WORKDAYS for an urgent order); after a 不满意 callback the
  re-handling gets the same limit again from the callback;
* 退单: within SIFA_HOTLINE_RETURN_WORKDAYS working days from receipt.

The platform's own deadlines, when it sends them, are the ones the bureau is scored on, so
they win over the computed ones.
"""

from __future__ import annotations

from datetime import datetime

from config.sifa_settings import sifa_setting
from sifa.core.deadlines import add_working_days_from, add_working_hours
from sifa.hotline.constants import Urgency

BASIS = "12345热线工单办理规定（地方）"


def sign_hours(urgency: str) -> int:
    if urgency == Urgency.URGENT:
        return int(sifa_setting("SIFA_HOTLINE_URGENT_SIGN_HOURS"))
    return int(sifa_setting("SIFA_HOTLINE_SIGN_HOURS"))


def reply_workdays(category: str, urgency: str) -> int:
    if urgency == Urgency.URGENT:
        return int(sifa_setting("SIFA_HOTLINE_URGENT_REPLY_WORKDAYS"))
    limits = dict(sifa_setting("SIFA_HOTLINE_REPLY_WORKDAYS"))
    return int(limits.get(category, max(limits.values())))


def sign_due(received_at: datetime, urgency: str, *, calendar=None) -> datetime:
    return add_working_hours(received_at, sign_hours(urgency), calendar=calendar)


def reply_due(start: datetime, category: str, urgency: str, *, calendar=None) -> datetime:
    return add_working_days_from(start, reply_workdays(category, urgency), calendar=calendar)


def return_workdays() -> int:
    return int(sifa_setting("SIFA_HOTLINE_RETURN_WORKDAYS"))


def return_due(received_at: datetime, *, calendar=None) -> datetime:
    return add_working_days_from(received_at, return_workdays(), calendar=calendar)


def extended_due(due: datetime, workdays: int, *, calendar=None) -> datetime:
    return add_working_days_from(due, workdays, calendar=calendar)


def near_hours() -> int:
    """Working hours before a deadline from which the order is a near-due to-do (a setting)."""
    return int(sifa_setting("SIFA_HOTLINE_NEAR_HOURS"))
