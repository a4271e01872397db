"""Figures of village (community) legal advisers (一村(社区)一法律顾问, DOMAIN §6.5);
docs/practice.md ("Village legal advisers") gives the decisions.

* Coverage: the villages (村(社区)司法行政服务站 offices) are a stock over [成立日期, 撤销日期);
  the villages with an adviser are the contracts in force at the period end, a stock over
  [起始日期, 失效日期) (失效日期: the day after 期满, or the day of 解除). One contract in force
  per village (SIFA_PRACTICE_VILLAGE_ADVISERS_MAX = 1) makes it a count of villages; the rate
  is the one over the other. Both split by township along the tree (the indicator page's
  按下级机构) and by 乡镇(街道) explicitly; the coverage page lists the villages without one.
* Service logs are flows by 服务日期; 人次 and 小时 are sums over the same rows.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifa.orgs.models import Office
from sifa.practice.constants_advisers import VILLAGE_KIND, ServiceKind
from sifa.practice.models import AdviserContract, ServiceLog
from sifa.stats.registry import FLOW, STOCK, Breakdown, IndicatorFamily

FAMILY = IndicatorFamily("practice", _("律师和基层法律服务"))
HOUSES, SESSIONS, PERSON_TIMES, HOURS = _("个"), _("场次"), _("人次"), _("小时")

BY_TOWNSHIP = Breakdown("township", _("按乡镇(街道)"), "township")
BY_INSTITUTION = Breakdown("institution", _("按执业机构"), "institution")
BY_SERVICE = Breakdown("kind", _("按服务类别"), "kind", dict(ServiceKind.choices))
BY_LOG_TOWNSHIP = Breakdown("township", _("按乡镇(街道)"), "contract__township")
BY_LOG_INSTITUTION = Breakdown("institution", _("按执业机构"), "contract__institution")
LOG_BREAKDOWNS = (BY_SERVICE, BY_LOG_TOWNSHIP, BY_LOG_INSTITUTION)


def villages():
    return Office.objects.filter(kind=VILLAGE_KIND)


def contracts():
    return AdviserContract.objects.select_related("office", "adviser__person")


def service_logs():
    return ServiceLog.objects.select_related("office", "contract__office")


FAMILY.declare(
    "villages",
    _("村(社区)数"),
    HOUSES,
    _("机构类型为“村(社区)司法行政服务站”的机构：成立日期为空或不晚于期末，且撤销日期为空或晚于"
      "期末；一个服务站即一个村(社区)。"),
    villages, 80,
    kind=STOCK, start_field="established_on", end_field="closed_on",
)  # fmt: skip
FAMILY.declare(
    "villages_with_adviser",
    _("已配备法律顾问的村(社区)数"),
    HOUSES,
    _("统计截止日在履行中的村(社区)法律顾问合同：起始日期（starts_on）不晚于截止日，且失效日期"
      "（lapses_on，期满日期次日或解除日期）晚于截止日；每个村(社区)同一期间只有一份合同"
      "（SIFA_PRACTICE_VILLAGE_ADVISERS_MAX 为 1 时），故即村(社区)数。"),
    contracts, 81, (BY_TOWNSHIP, BY_INSTITUTION),
    kind=STOCK, start_field="starts_on", end_field="lapses_on",
)  # fmt: skip
FAMILY.ratio(
    "adviser_coverage",
    _("村(社区)法律顾问覆盖率"),
    "villages_with_adviser",
    "villages",
    _("已配备法律顾问的村(社区)数 ÷ 村(社区)数 × 100%，均按统计截止日。"),
)

_flow = {"kind": FLOW, "date_field": "served_on"}
FAMILY.declare(
    "adviser_services",
    _("村(社区)法律顾问服务场次"),
    SESSIONS,
    _("服务日期（served_on）在期内的村(社区)法律顾问服务日志，每条一场次（值班、咨询、讲座等）。"),
    service_logs, 82, LOG_BREAKDOWNS, **_flow,
)  # fmt: skip
FAMILY.declare(
    "adviser_persons",
    _("村(社区)法律顾问服务人次"),
    PERSON_TIMES,
    _("服务日期在期内的服务日志的服务人次（persons）之和。"),
    service_logs, 83, LOG_BREAKDOWNS, sum_field="persons", **_flow,
)  # fmt: skip
FAMILY.declare(
    "adviser_consultations",
    _("村(社区)法律顾问法律咨询场次"),
    SESSIONS,
    _("服务日期在期内、服务类别为“咨询”的服务日志，每条一场次。"),
    service_logs, 84, (BY_LOG_TOWNSHIP, BY_LOG_INSTITUTION),
    where=Q(kind=ServiceKind.CONSULTATION), **_flow,
)  # fmt: skip
FAMILY.declare(
    "adviser_consultation_persons",
    _("村(社区)法律顾问法律咨询人次"),
    PERSON_TIMES,
    _("服务日期在期内、服务类别为“咨询”的服务日志的服务人次之和。"),
    service_logs, 85, (BY_LOG_TOWNSHIP, BY_LOG_INSTITUTION),
    where=Q(kind=ServiceKind.CONSULTATION), sum_field="persons", **_flow,
)  # fmt: skip
FAMILY.declare(
    "adviser_lectures",
    _("村(社区)法律顾问法治讲座场次"),
    SESSIONS,
    _("服务日期在期内、服务类别为“讲座”的服务日志，每条一场次。"),
    service_logs, 86, (BY_LOG_TOWNSHIP, BY_LOG_INSTITUTION),
    where=Q(kind=ServiceKind.LECTURE), **_flow,
)  # fmt: skip
FAMILY.declare(
    "adviser_hours",
    _("村(社区)法律顾问服务时长"),
    HOURS,
    _("服务日期在期内的服务日志的服务时长（hours）之和。"),
    service_logs, 87, LOG_BREAKDOWNS, sum_field="hours", **_flow,
)  # fmt: skip
