"""The 公证 line's time limits (docs/deadlines.md, docs/notary.md)."""

from sifa.core.deadlines import DeadlineRule, Unit, register_rule
from sifa.notary.constants import ISSUE_RULE, REVIEW_RULE

ISSUE = register_rule(
    DeadlineRule(
        code=ISSUE_RULE,
        amount=15,
        unit=Unit.WORKDAY,
        article="公证法 第30条",
        label="出具公证书（自受理之日起，补充材料、核实、不可抗力的时间不计）",
    )
)
# [M] 公证程序规则 (2020) 第63条 as recalled: the review decided within 30 days of receipt.
REVIEW = register_rule(
    DeadlineRule(
        code=REVIEW_RULE,
        amount=30,
        unit=Unit.DAY,
        article="公证程序规则 第63条",
        label="作出复查决定",
    )
)
