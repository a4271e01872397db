"""Figures of the public legal service centres' front desk (公共法律服务中心/工作站), one definition
each (docs/frontdesk.md "Figures"): 值班人次 (legal aid's duty shifts at the front desks, signed
in), 接待人次 and the visits by service (当场解答 / 转办转介 / 受理申请), the visits turned into
another line's record (转办件数 by target), satisfaction, and the consultation events held
outside (法律咨询活动 场次 and 人次)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sifa.frontdesk.constants import MatterCategory, Satisfaction, Service, Target
from sifa.frontdesk.models import Conversion, OutreachEvent, Visit
from sifa.legalaid.constants import DutyKind
from sifa.legalaid.selectors.duty import front_desk_shifts
from sifa.orgs.constants import OfficeKind
from sifa.stats.registry import Breakdown, IndicatorFamily

LINE = _("公共法律服务中心")
PIECES, TIMES, PERSON_TIMES = _("件"), _("次"), _("人次")

FAMILY = IndicatorFamily("frontdesk", LINE)

BY_OFFICE = Breakdown("office", _("按接待机构"), "office")
BY_OFFICE_KIND = Breakdown("office_kind", _("按机构类型"), "office__kind", dict(OfficeKind.choices))
BY_SERVICE = Breakdown("service", _("按服务方式"), "service", dict(Service.choices))
BY_CATEGORY = Breakdown("category", _("按事项类别"), "category", dict(MatterCategory.choices))
BY_SATISFACTION = Breakdown(
    "satisfaction", _("按满意度"), "satisfaction", dict(Satisfaction.choices)
)
VISIT_BREAKDOWNS = (BY_SERVICE, BY_CATEGORY, BY_SATISFACTION, BY_OFFICE, BY_OFFICE_KIND)


def visits():
    return Visit.objects.select_related("office")


def conversions():
    return Conversion.objects.select_related("office", "visit")


def events():
    return OutreachEvent.objects.select_related("office")


FAMILY.flow(
    "duty_shifts",
    _("值班人次"),
    PERSON_TIMES,
    _(
        "公共法律服务中心、工作站的值班记录中已签到的，每条计一人次（律师、公证员、调解员、法援"
        "值班），按值班日期（on_date）计。"
    ),
    front_desk_shifts,
    "on_date",
    10,
    (
        Breakdown("kind", _("按值班类别"), "kind", dict(DutyKind.choices)),
        BY_OFFICE,
        BY_OFFICE_KIND,
    ),
    where=Q(signed_in_at__isnull=False),
)
FAMILY.flow(
    "visits",
    _("接待来访人次"),
    PERSON_TIMES,
    _("来访登记每条计一人次，按来访时间（visited_at，当地日期）计。"),
    visits,
    "visited_at",
    20,
    VISIT_BREAKDOWNS,
)
for order, (service, label) in enumerate(
    (
        (Service.ANSWERED, _("当场解答件数")),
        (Service.REFERRED, _("转办转介件数")),
        (Service.ACCEPTED, _("受理申请件数")),
    ),
    start=21,
):
    FAMILY.flow(
        f"visits_{service}",
        label,
        PIECES,
        _("服务方式为“%(service)s”的来访登记，按来访时间（visited_at）计。")
        % {"service": Service(service).label},
        visits,
        "visited_at",
        order,
        (BY_CATEGORY, BY_OFFICE, BY_OFFICE_KIND),
        where=Q(service=service),
    )
FAMILY.flow(
    "conversions",
    _("来访转各业务件数"),
    PIECES,
    _(
        "来访转为人民调解案件、法律援助咨询或申请（及公证、司法鉴定）的记录，每条计一件，按来访"
        "时间（visit.visited_at）计。"
    ),
    conversions,
    "visit__visited_at",
    25,
    (Breakdown("target", _("按转办去向"), "target", dict(Target.choices)), BY_OFFICE),
)
FAMILY.flow(
    "rated",
    _("评价人次"),
    PERSON_TIMES,
    _("来访登记中已评价满意度的，按来访时间（visited_at）计。"),
    visits,
    "visited_at",
    30,
    (BY_SATISFACTION, BY_OFFICE),
    where=~Q(satisfaction=""),
)
FAMILY.flow(
    "satisfied",
    _("满意人次"),
    PERSON_TIMES,
    _("来访登记中评价为“满意”或“基本满意”的，按来访时间（visited_at）计。"),
    visits,
    "visited_at",
    31,
    (BY_OFFICE,),
    where=Q(satisfaction__in=(Satisfaction.SATISFIED, Satisfaction.BASIC)),
)
SATISFACTION_RATE = FAMILY.ratio(
    "satisfaction_rate",
    _("来访满意率"),
    "satisfied",
    "rated",
    _("满意人次（满意、基本满意）÷ 评价人次。"),
)
FAMILY.flow(
    "event_sessions",
    _("法律咨询活动场次"),
    _("场"),
    _("法律咨询活动登记的场次之和，按活动日期（held_on）计。"),
    events,
    "held_on",
    40,
    (BY_OFFICE, BY_OFFICE_KIND),
    sum_field="sessions",
)
FAMILY.flow(
    "event_persons",
    _("法律咨询活动咨询人次"),
    PERSON_TIMES,
    _("法律咨询活动登记的咨询人次之和，按活动日期（held_on）计。"),
    events,
    "held_on",
    41,
    (BY_OFFICE, BY_OFFICE_KIND),
    sum_field="persons",
)
