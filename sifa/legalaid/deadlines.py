"""The legal-aid line's deadlines, declared once (imported from LegalAidConfig.ready()).

法律援助法 counts in calendar days ("日", DOMAIN §5.2 LA-4; the 2012 rules' working days no
longer apply). These are periods the agency owes by law, so they follow the bureau's holiday
policy (`settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS`, 民法典 第203条 by default), except the
24-hour forwarding, which runs by the clock.
"""

from sifa.core.deadlines import DeadlineRule, Unit, register_rule
from sifa.legalaid import constants as c

DECISION = register_rule(
    DeadlineRule(c.DECISION_RULE, 7, Unit.DAY, "法律援助法 第43条", "审查申请并作出决定")
)
ASSIGNMENT = register_rule(
    DeadlineRule(c.ASSIGNMENT_RULE, 3, Unit.DAY, "法律援助法 第43条", "指派承办人员")
)
NOTIFICATION_ASSIGNMENT = register_rule(
    DeadlineRule(
        c.NOTIFICATION_ASSIGNMENT_RULE, 3, Unit.DAY, "法律援助法 第36条", "通知辩护案件指派律师"
    )
)
AGREEMENT = register_rule(
    DeadlineRule(c.AGREEMENT_RULE, 5, Unit.DAY, "法律援助法实施程序规定 第27条", "签订委托协议")
)
OBJECTION = register_rule(
    DeadlineRule(c.OBJECTION_RULE, 5, Unit.DAY, "法律援助法 第49条", "作出异议审查决定")
)
FORWARDING = register_rule(
    DeadlineRule(c.FORWARDING_RULE, 24, Unit.HOUR, "法律援助法 第39条", "羁押场所转交法律援助申请")
)
MATERIALS = register_rule(
    DeadlineRule(c.MATERIALS_RULE, 30, Unit.DAY, "地方规定（办结后30日）", "提交结案材料")
)
REVIEW = register_rule(
    DeadlineRule(c.REVIEW_RULE, 30, Unit.DAY, "地方规定（收到后30日）", "审查结案材料")
)
