"""The corrections line's deadlines, declared once (imported from CorrectionsConfig.ready()).

* CC-5 调查评估: 10 working days from receiving the commission (5 in 速裁 cases) — [M], the
  amounts are settings (sifa/corrections/rules.py), read when the app starts.
* CC-2/3 报到: within 10 days of the judgment taking effect (statutory).
* CC-6 回执: within 5 days of receiving the documents — [M].
* CC-15 执行地变更: report at the new place within 7 days of the decision — [M].

The two 报到 deadlines are the subject's statutory time limits, not the agency's administrative
ones: a last day on a holiday always moves to the next working day (民法典 第203条; 刑事诉讼法
第105条 for periods of criminal procedure), whatever SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS says (that
setting is the policy for the agencies' own deadlines, DOMAIN §1.7).
"""

from sifa.core.deadlines import DeadlineRule, Unit, register_rule
from sifa.corrections import constants as c
from sifa.corrections import rules

INVESTIGATION = register_rule(
    DeadlineRule(
        c.INVESTIGATION_RULE,
        rules.value("SIFA_CC_INVESTIGATION_WORKDAYS"),
        Unit.WORKDAY,
        "社区矫正法实施办法 第14条",
        "完成调查评估",
    )
)
INVESTIGATION_SUMMARY = register_rule(
    DeadlineRule(
        c.INVESTIGATION_SUMMARY_RULE,
        rules.value("SIFA_CC_INVESTIGATION_SUMMARY_WORKDAYS"),
        Unit.WORKDAY,
        "社区矫正法实施办法 第14条（速裁程序）",
        "完成调查评估",
    )
)
REPORT = register_rule(
    DeadlineRule(
        c.REPORT_RULE,
        rules.REPORT_DAYS,
        Unit.DAY,
        "社区矫正法 第21条",
        "报到",
        # 民法典 第203条 / 刑事诉讼法 第105条: always shifted off holidays (not the policy setting).
        shift_off_holidays=True,
    )
)
RECEIPT = register_rule(
    DeadlineRule(
        c.RECEIPT_RULE,
        rules.value("SIFA_CC_RECEIPT_DAYS"),
        Unit.DAY,
        "社区矫正法实施办法 第16条",
        "送达回执",
    )
)
PLACE_CHANGE_REPORT = register_rule(
    DeadlineRule(
        c.PLACE_CHANGE_REPORT_RULE,
        rules.value("SIFA_CC_PLACE_CHANGE_REPORT_DAYS"),
        Unit.DAY,
        "社区矫正法实施办法 第31条",
        "到新执行地报到",
        # 民法典 第203条 / 刑事诉讼法 第105条: always shifted off holidays (not the policy setting).
        shift_off_holidays=True,
    )
)
