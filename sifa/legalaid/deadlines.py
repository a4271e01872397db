"""The legal-aid line's deadlines, declared once (imported from LegalAidConfig.ready()).

法律援助法 counts in calendar days ("日", DOMAIN §5.2 LA-4; the 2012 rules' working days no
longer apply). These are periods the agency owes by law, so they follow the bureau's holiday
policy (`settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS`, 民法典 第203条 by default), except the
24-hour forwarding, which runs by the clock.

Each amount is a setting (config/sifa_settings.py, docs/settings.md) whose default is the
statutory or local value cited beside it; it is read when the app starts.
"""

from config.sifa_settings import sifa_setting
from sifa.core.deadlines import DeadlineRule, Unit, register_rule
from sifa.legalaid import constants as c


def _amount(name: str) -> int:
    return int(sifa_setting(name))


# 法律援助法 第43条: review and decide within 7 days of receiving the application.
DECISION = register_rule(
    DeadlineRule(
        c.DECISION_RULE,
        _amount("SIFA_LEGALAID_DECISION_DAYS"),
        Unit.DAY,
        "法律援助法 第43条",
        "审查申请并作出决定",
    )
)
# 法律援助法 第43条: assign within 3 days of the decision to grant.
ASSIGNMENT = register_rule(
    DeadlineRule(
        c.ASSIGNMENT_RULE,
        _amount("SIFA_LEGALAID_ASSIGNMENT_DAYS"),
        Unit.DAY,
        "法律援助法 第43条",
        "指派承办人员",
    )
)
# 法律援助法 第36条: assign a lawyer within 3 days of the notification.
NOTIFICATION_ASSIGNMENT = register_rule(
    DeadlineRule(
        c.NOTIFICATION_ASSIGNMENT_RULE,
        _amount("SIFA_LEGALAID_NOTIFICATION_ASSIGNMENT_DAYS"),
        Unit.DAY,
        "法律援助法 第36条",
        "通知辩护案件指派律师",
    )
)
# 办理法律援助案件程序规定 第27条: sign the 委托协议 within 5 days of the assignment.
AGREEMENT = register_rule(
    DeadlineRule(
        c.AGREEMENT_RULE,
        _amount("SIFA_LEGALAID_AGREEMENT_DAYS"),
        Unit.DAY,
        "法律援助法实施程序规定 第27条",
        "签订委托协议",
    )
)
# 法律援助法 第49条: the 司法行政部门 decides an objection within 5 days of receiving it.
OBJECTION = register_rule(
    DeadlineRule(
        c.OBJECTION_RULE,
        _amount("SIFA_LEGALAID_OBJECTION_DAYS"),
        Unit.DAY,
        "法律援助法 第49条",
        "作出异议审查决定",
    )
)
# 法律援助法 第39条: the custody place forwards a detained applicant's request within 24 hours.
FORWARDING = register_rule(
    DeadlineRule(
        c.FORWARDING_RULE,
        _amount("SIFA_LEGALAID_FORWARDING_HOURS"),
        Unit.HOUR,
        "法律援助法 第39条",
        "羁押场所转交法律援助申请",
    )
)
# 法律援助法 第50条 with the local rule (DOMAIN LA-13): 立卷材料 within 30 days of the end.
MATERIALS = register_rule(
    DeadlineRule(
        c.MATERIALS_RULE,
        _amount("SIFA_LEGALAID_CLOSING_MATERIALS_DAYS"),
        Unit.DAY,
        "地方规定（办结后30日）",
        "提交结案材料",
    )
)
# Local rule (DOMAIN LA-13): the centre reviews the closing materials within 30 days.
REVIEW = register_rule(
    DeadlineRule(
        c.REVIEW_RULE,
        _amount("SIFA_LEGALAID_CLOSING_REVIEW_DAYS"),
        Unit.DAY,
        "地方规定（收到后30日）",
        "审查结案材料",
    )
)
