"""The legal-aid periods are settings (issue 15 item 6): declared with the statutory default and
the article it comes from, and the registered deadline rules use them."""

from __future__ import annotations

import pytest

from config.sifa_settings import DECLARED
from sifa.core.deadlines import Unit, rule
from sifa.legalaid import constants as c

PERIODS = [
    # (setting, statutory default, source cited, rule code, unit)
    ("SIFA_LEGALAID_DECISION_DAYS", 7, "法律援助法 第43条", c.DECISION_RULE, Unit.DAY),
    ("SIFA_LEGALAID_ASSIGNMENT_DAYS", 3, "法律援助法 第43条", c.ASSIGNMENT_RULE, Unit.DAY),
    (
        "SIFA_LEGALAID_NOTIFICATION_ASSIGNMENT_DAYS",
        3,
        "法律援助法 第36条",
        c.NOTIFICATION_ASSIGNMENT_RULE,
        Unit.DAY,
    ),
    ("SIFA_LEGALAID_AGREEMENT_DAYS", 5, "程序规定 第27条", c.AGREEMENT_RULE, Unit.DAY),
    ("SIFA_LEGALAID_OBJECTION_DAYS", 5, "法律援助法 第49条", c.OBJECTION_RULE, Unit.DAY),
    ("SIFA_LEGALAID_FORWARDING_HOURS", 24, "法律援助法 第39条", c.FORWARDING_RULE, Unit.HOUR),
    ("SIFA_LEGALAID_CLOSING_MATERIALS_DAYS", 30, "第50条", c.MATERIALS_RULE, Unit.DAY),
    ("SIFA_LEGALAID_CLOSING_REVIEW_DAYS", 30, "第50条", c.REVIEW_RULE, Unit.DAY),
]


@pytest.mark.parametrize(("name", "default", "source", "code", "unit"), PERIODS)
def test_legal_aid_periods_are_settings_with_the_statutory_default(
    name, default, source, code, unit
):
    declared = DECLARED.get(name)
    assert declared is not None, f"{name} is not declared in config/sifa_settings.py"
    assert declared.default == default
    assert declared.type is int
    assert source in declared.source
    # The deadline rule the to-dos and the timeliness figures read uses the setting.
    assert rule(code).amount == default
    assert rule(code).unit == unit


def test_a_bureau_may_set_another_value(settings):
    # Read when the app starts: the value configured in Django settings wins over the default.
    from sifa.legalaid import deadlines

    settings.SIFA_LEGALAID_DECISION_DAYS = 10
    assert deadlines._amount("SIFA_LEGALAID_DECISION_DAYS") == 10
