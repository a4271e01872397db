"""The mediation line's legal deadlines, declared once (imported from MediationConfig.ready()).

* PM-22 — 人民调解工作若干规定 第33条: a dispute should generally be closed (调结) within one
  month of 受理. An internal working target, so it follows the bureau's holiday policy
  (`settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS`).
* PM-20 — 人民调解法 第33条: the parties apply to the court for 司法确认 within 30 days of the
  agreement taking effect. This is the parties' civil-law period, so 民法典 第203条 always
  applies: a last day on a holiday moves to the next working day.
"""

from sifa.core.deadlines import DeadlineRule, Unit, register_rule
from sifa.mediation.constants import CLOSING_TARGET_RULE, JUDICIAL_CONFIRMATION_RULE

CLOSING_TARGET = register_rule(
    DeadlineRule(
        code=CLOSING_TARGET_RULE,
        amount=1,
        unit=Unit.MONTH,
        article="人民调解工作若干规定 第33条",
        label="调结纠纷",
    )
)

JUDICIAL_CONFIRMATION_WINDOW = register_rule(
    DeadlineRule(
        code=JUDICIAL_CONFIRMATION_RULE,
        amount=30,
        unit=Unit.DAY,
        article="人民调解法 第33条",
        label="共同向人民法院申请司法确认",
        shift_off_holidays=True,
    )
)
