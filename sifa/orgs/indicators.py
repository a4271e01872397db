"""Figures of the office tree and its staff (机构队伍), one definition each (DESIGN §5).

Offices are a stock: an office counts at a period end when its 成立日期 is empty or not after
that day and its 撤销日期 is empty or after it — so a closed office still counts for the
periods before its closing. Staff are a stock of roster rows (工作人员 StaffMember): 任职日期
on or before the period end and 离任日期 empty or after it. A person serving in two offices
has two rows and is counted in each.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sifa.orgs.constants import (
    MEDIATOR_POST,
    STAFF_POST_CODE_LIST,
    LegalAidStationHost,
    MediationCommitteeType,
    OfficeKind,
)
from sifa.orgs.models import Office, StaffMember
from sifa.stats.registry import STOCK, Breakdown, IndicatorFamily

LINE = _("机构队伍")

OFFICE_VALIDITY = dict(kind=STOCK, start_field="established_on", end_field="closed_on")
STAFF_VALIDITY = dict(kind=STOCK, start_field="start_date", end_field="end_date")

OFFICE_RULE = _(
    "成立日期为空或不晚于期末、且撤销日期为空或晚于期末的机构，按所选机构及其全部下级机构统计（含本级）"
)
STAFF_RULE = _(
    "任职日期不晚于期末、且离任日期为空或晚于期末的工作人员任职记录；同一人在两个机构任职计两次"
)


def _offices_of(kind: str):
    return lambda: Office.objects.filter(kind=kind)


def _staff_post_labels() -> dict:
    """Post names from the `staff_post` code list (字典), when the code tables are installed."""
    try:
        from sifa.core.codes import code_labels
    except ImportError:
        return {MEDIATOR_POST: _("人民调解员")}
    return code_labels(STAFF_POST_CODE_LIST)


BY_KIND = Breakdown("kind", _("按机构类型"), "kind", dict(OfficeKind.choices))
BY_FULL_TIME = Breakdown(
    "full_time", _("按专兼职"), "full_time", {True: _("专职"), False: _("兼职")}
)
BY_GENDER = Breakdown("gender", _("按性别"), "person__gender")
BY_OFFICE_KIND = Breakdown(
    "office_kind", _("按所在机构类型"), "office__kind", dict(OfficeKind.choices)
)


FAMILY = IndicatorFamily("orgs", LINE)


def _office_indicator(name, label, definition, order, kind=None, breakdowns=()):
    """Offices (of one `kind`, or all); `definition` says which, around {rule} (OFFICE_RULE)."""
    return FAMILY.declare(
        name,
        label,
        _("个"),
        format_lazy(definition, rule=OFFICE_RULE),
        _offices_of(kind) if kind else Office.objects.all,
        order,
        breakdowns,
        **OFFICE_VALIDITY,
    )


_office_indicator(
    "offices",
    _("机构数"),
    _("机构树中{rule}的各类机构数（全部机构类型）。"),
    10,
    breakdowns=[BY_KIND],
)
_office_indicator(
    "judicial_offices",
    _("司法所数"),
    _("机构类型为“司法所”，且{rule}。"),
    20,
    kind=OfficeKind.JUDICIAL_OFFICE,
)
_office_indicator(
    "service_stations",
    _("村(社区)司法行政服务站数"),
    _("机构类型为“村(社区)司法行政服务站”，且{rule}。"),
    30,
    kind=OfficeKind.SERVICE_STATION,
)
_office_indicator(
    "mediation_organisations",
    _("人民调解组织数"),
    _(
        "人民调解组织即人民调解委员会（村、居(社区)、乡镇、街道、企事业单位、行业性专业性、"
        "社会团体和其他组织调委会）：机构类型为“人民调解委员会”，且{rule}；可按调委会类型细分。"
    ),
    40,
    kind=OfficeKind.MEDIATION_COMMITTEE,
    breakdowns=[
        Breakdown("subtype", _("按调委会类型"), "subtype", dict(MediationCommitteeType.choices))
    ],
)
_office_indicator(
    "legal_aid_centres",
    _("法律援助中心数"),
    _("机构类型为“法律援助中心”（县级以上司法行政部门设立的法律援助机构），且{rule}。"),
    50,
    kind=OfficeKind.LEGAL_AID_CENTER,
)
_office_indicator(
    "legal_aid_workstations",
    _("法律援助工作站数"),
    _(
        "机构类型为“法律援助工作站”（法律援助法第13条：设在乡镇(街道)、社会组织、法院、"
        "检察院、看守所等），且{rule}；可按设立单位（类型细分）细分。"
    ),
    60,
    kind=OfficeKind.LEGAL_AID_WORKSTATION,
    breakdowns=[Breakdown("host", _("按设立单位"), "subtype", dict(LegalAidStationHost.choices))],
)
_office_indicator(
    "legal_aid_liaison_points",
    _("法律援助联络点数"),
    _("机构类型为“法律援助联络点”（多设在村(社区)），且{rule}。"),
    70,
    kind=OfficeKind.LEGAL_AID_LIAISON,
)


def _staff_indicator(name, label, definition, queryset, order, breakdowns):
    """Roster rows; `definition` says which, around {rule} (STAFF_RULE)."""
    return FAMILY.declare(
        name,
        label,
        _("人"),
        format_lazy(definition, rule=STAFF_RULE),
        queryset,
        order,
        breakdowns,
        **STAFF_VALIDITY,
    )


_staff_indicator(
    "staff",
    _("工作人员数"),
    _("所选机构及其全部下级机构的{rule}；可按岗位（字典“岗位”）、专兼职、所在机构类型细分。"),
    lambda: StaffMember.objects.select_related("person"),
    80,
    (Breakdown("post", _("按岗位"), "post", _staff_post_labels), BY_FULL_TIME, BY_OFFICE_KIND),
)
_staff_indicator(
    "mediators",
    _("人民调解员数"),
    _(
        "专兼职人民调解员：所选机构及其全部下级机构中岗位代码为 mediator（人民调解员）的"
        "{rule}；按“专职”标记分专职、兼职，按人员信息中的性别分男女。"
    ),
    lambda: StaffMember.objects.select_related("person").filter(post=MEDIATOR_POST),
    90,
    (BY_FULL_TIME, BY_GENDER, BY_OFFICE_KIND),
)
