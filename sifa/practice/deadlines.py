"""The practice line's deadlines, declared once (imported by the modules that compute them).

A complaint against a lawyer or an institution is to be concluded within
`SIFA_PRACTICE_COMPLAINT_DAYS` days (日, calendar days; default 60) of its receipt — an [M]
value (DOMAIN §6.1; docs/practice.md), a setting so that a province's own rule can replace it.
It is a period the bureau owes, so it follows the holiday policy
(`settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS`, 民法典 第203条 by default).
"""

from config.sifa_settings import sifa_setting
from sifa.core.deadlines import DeadlineRule, Unit, register_rule
from sifa.practice.constants_discipline import COMPLAINT_RULE

COMPLAINT = register_rule(
    DeadlineRule(
        COMPLAINT_RULE,
        int(sifa_setting("SIFA_PRACTICE_COMPLAINT_DAYS")),
        Unit.DAY,
        "律师执业管理办法、投诉处理办法（[M] 待核实）",
        "办结对律师、律师事务所的投诉",
    )
)
