"""Figures of the annual inspection of practice institutions (年度检查考核), DOMAIN §6.1;
docs/practice.md ("Annual inspection"). Imported at the end of `indicators.py`.

* Decisions are flows by their 考核决定日期 (`decided_on`): institutions inspected (合格 or
  不合格), 合格, 不合格; 暂缓 is not a result yet.
* Institutions not submitted by the due date are a stock: from the day after the due date
  (`late_from`) until the day the materials came in (`submitted_on`).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifa.practice.constants import Category
from sifa.practice.constants_inspection import DECIDED, SubmissionStatus
from sifa.practice.models import Submission
from sifa.stats.registry import FLOW, STOCK, Breakdown, IndicatorFamily

# The line's family (indicators.py declares the same; this module is imported at its end and
# does not import it back).
FAMILY = IndicatorFamily("practice", _("律师和基层法律服务"))
HOUSES = _("家")

BY_RESULT = Breakdown("status", _("按考核结果"), "status", dict(SubmissionStatus.choices))
BY_CATEGORY = Breakdown(
    "institution__category", _("按机构类别"), "institution__category", dict(Category.choices)
)
BY_INSTITUTION = Breakdown("institution", _("按执业机构"), "institution")
BY_YEAR = Breakdown("year", _("按考核年度"), "year")


def submissions():
    return Submission.objects.select_related("institution__office", "office")


DECISION = {"kind": FLOW, "date_field": "decided_on"}

FAMILY.declare(
    "inspected",
    _("完成年度检查考核的执业机构数"),
    HOUSES,
    _("考核决定日期（decided_on）在期内、结果为合格或不合格的年度检查考核，每家机构每年度一次；"
      "暂缓的不计。"),
    submissions, 80, (BY_RESULT, BY_CATEGORY, BY_YEAR, BY_INSTITUTION),
    where=Q(status__in=DECIDED), **DECISION,
)  # fmt: skip
FAMILY.declare(
    "inspection_passed",
    _("年度检查考核合格的执业机构数"),
    HOUSES,
    _("考核决定日期在期内、结果为合格的年度检查考核。"),
    submissions, 81, (BY_CATEGORY, BY_YEAR, BY_INSTITUTION),
    where=Q(status=SubmissionStatus.PASSED), **DECISION,
)  # fmt: skip
FAMILY.declare(
    "inspection_failed",
    _("年度检查考核不合格的执业机构数"),
    HOUSES,
    _("考核决定日期在期内、结果为不合格的年度检查考核（须在整改期限内整改）。"),
    submissions, 82, (BY_CATEGORY, BY_YEAR, BY_INSTITUTION),
    where=Q(status=SubmissionStatus.FAILED), **DECISION,
)  # fmt: skip
FAMILY.declare(
    "inspection_not_submitted",
    _("逾期未报送年度检查考核材料的执业机构数"),
    HOUSES,
    _("统计截止日已过材料报送截止日期（逾期起始日期 late_from 不晚于截止日），且报送日期"
      "（submitted_on）为空或晚于截止日的年度检查考核。"),
    submissions, 83, (BY_CATEGORY, BY_YEAR, BY_INSTITUTION),
    kind=STOCK, start_field="late_from", end_field="submitted_on",
)  # fmt: skip
