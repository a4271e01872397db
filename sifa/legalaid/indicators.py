"""Figures of legal aid (法律援助) and 12348, one definition each (DESIGN §5, DOMAIN §5.5).

Every flow names the date it is counted by; docs/legalaid.md gives the 口径 of each figure and
the decisions behind them. In short:

* 受理 (accepted): an `Application` whose 受理日期 `accepted_on` is set, counted by that date.
  The actions set it when the agency takes the matter on — a 给予 decision, a notification
  (通知辩护/代理, accepted on the day notified) or 先行提供 — and never clear it, so a case
  stays accepted whatever happens to it later (assigned, terminated, archived …). A refusal
  sets no `accepted_on`; an objection that corrects a refusal sets it then. This is the same
  set as "status in constants.ACCEPTED_STATUSES" for consistent records, and unlike the status
  it does not change when a terminated case goes through an objection.
* Timeliness (7-day decision, 3-day assignment, 法律援助法 第36、43条): the actions store the
  due date each rule gives when its period starts (`decision_due_on`, `assignment_due_on`,
  computed by `sifa.core.deadlines.compute` with the holiday calendar and policy), and the
  figures compare the decision or first assignment with it in SQL. The to-do lists read the
  same stored dates, so "overdue" on a list and "late" in a figure cannot disagree.

The network (法律援助中心 / 工作站 / 联络点: 11 / 15 / 253 in the demo city) is counted by the
`orgs.legal_aid_*` indicators (sifa/orgs/indicators.py), not here.
"""

from __future__ import annotations

from functools import partial

from django.db.models import DateField, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_labels
from sifa.legalaid.constants import (
    CONSULTATION_CATEGORY_CODE_LIST,
    ApplicantGroup,
    Channel,
    MatterType,
    Origin,
    QualityKind,
    Satisfaction,
    Status,
)
from sifa.legalaid.models import (
    ApplicantGroupMembership,
    Application,
    ApplicationEvent,
    Assignment,
    Complaint,
    Consultation,
    DutyShift,
    QualityCheck,
)
from sifa.orgs.constants import OfficeKind
from sifa.stats.registry import Breakdown, IndicatorFamily

LINE = _("法律援助")

PIECES, PERSONS, YUAN, TIMES = _("件"), _("人"), _("元"), _("次")
PERSON_TIMES = _("人次")

# 满意 for a satisfaction rate: 非常满意, 满意 and 基本满意 (不满意 is the only "no").
SATISFIED = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.NEUTRAL)


def _office_kind(path: str = "office__kind") -> Breakdown:
    return Breakdown("office_kind", _("按机构类型"), path, dict(OfficeKind.choices))


BY_MATTER_TYPE = Breakdown("matter_type", _("按案件类别"), "matter_type", dict(MatterType.choices))
BY_ORIGIN = Breakdown("origin", _("按案件来源"), "origin", dict(Origin.choices))
BY_CHANNEL = Breakdown("channel", _("按申请渠道"), "channel", dict(Channel.choices))
CASE_BREAKDOWNS = (BY_MATTER_TYPE, BY_ORIGIN, BY_CHANNEL, _office_kind())


# --- querysets -----------------------------------------------------------------------------


def applications():
    return Application.objects.select_related("office")


def _first_assignment():
    return Subquery(
        Assignment.objects.filter(application=OuterRef("pk"))
        .order_by("assigned_on", "pk")
        .values("assigned_on")[:1],
        output_field=DateField(),
    )


def accepted():
    """受理: `accepted_on` set (see the module docstring).

    `first_assigned` (the first assignment's date) is named here, unselected, so the
    assignment timeliness figures are `where`s on the accepted cases and share their query.
    """
    return (
        applications().filter(accepted_on__isnull=False).alias(first_assigned=_first_assignment())
    )


# 不予法律援助 decisions on review: applications with a 收到申请 → 决定不予 event. A refusal
# upheld after an objection is the same decision and is not counted again; a refusal corrected
# after an objection stays a refusal of its decision date (and becomes accepted on the
# correction).
REFUSED_Q = Q(
    pk__in=ApplicationEvent.objects.filter(
        from_status=Status.RECEIVED, to_status=Status.REFUSED
    ).values("application_id")
)
# Timeliness against the due dates stored when each period started (第36、43条).
DECIDED_ON_TIME_Q = Q(decided_on__lte=F("decision_due_on"))
DECIDED_LATE_Q = Q(decided_on__gt=F("decision_due_on"))
ASSIGNED_ON_TIME_Q = Q(first_assigned__lte=F("assignment_due_on"))
ASSIGNED_LATE_Q = Q(first_assigned__gt=F("assignment_due_on"))


def consultations():
    return Consultation.objects.select_related("office")


def ended():
    """Cases the handler ended (办结); terminated cases have no `ended_on`."""
    return applications().filter(ended_on__isnull=False)


def subsidised():
    """Cases in a subsidy batch (办案补贴), counted when the batch is paid."""
    return applications().filter(subsidy_batch__isnull=False)


def duty_shifts():
    return DutyShift.objects.select_related("office", "handler")


def quality_checks():
    return QualityCheck.objects.select_related("application", "office")


def decided():
    """Applications reviewed and decided (给予 or 不予) — notifications are not reviewed."""
    return applications().filter(decided_on__isnull=False).exclude(origin=Origin.NOTIFICATION)


# --- declarations --------------------------------------------------------------------------


FAMILY = IndicatorFamily("legalaid", LINE)
_flow = FAMILY.flow


_ACCEPTED_RULE = _(
    "受理日期（accepted_on）在期内的法律援助案件：经审查决定给予、收到办案机关通知辩护/代理"
    "或先行提供法律援助之日即受理日期；受理后无论指派、承办、终止或归档均计入，"
    "决定不予、视为撤回和尚未审查的申请不计入。"
)

_flow(
    "cases_accepted",
    _("受理法律援助案件数"),
    PIECES,
    _ACCEPTED_RULE,
    accepted,
    "accepted_on",
    10,
    CASE_BREAKDOWNS,
)
_flow(
    "civil_accepted",
    _("受理民事法律援助案件数"),
    PIECES,
    _(
        "案件类别为“民事”的受理法律援助案件，按受理日期（accepted_on）计；口径同受理法律援助案件数。"
    ),
    accepted,
    "accepted_on",
    11,
    (BY_ORIGIN, BY_CHANNEL, _office_kind()),
    where=Q(matter_type=MatterType.CIVIL),
)
_flow(
    "criminal_accepted",
    _("受理刑事法律援助案件数"),
    PIECES,
    _(
        "案件类别为“刑事”的受理法律援助案件（含申请和通知辩护/代理），按受理日期（accepted_on）计；"
        "口径同受理法律援助案件数。"
    ),
    accepted,
    "accepted_on",
    12,
    (BY_ORIGIN, Breakdown("stage", _("按诉讼阶段"), "criminal_stage"), _office_kind()),
    where=Q(matter_type=MatterType.CRIMINAL),
)
_flow(
    "notifications",
    _("通知辩护/代理案件数"),
    PIECES,
    _(
        "案件来源为“通知辩护/代理”（公安机关、人民检察院、人民法院通知）的案件，"
        "按受理日期（accepted_on，即收到通知之日）计；均计入受理法律援助案件数。"
    ),
    accepted,
    "accepted_on",
    13,
    (
        Breakdown("organ", _("按通知机关"), "notifying_organ"),
        Breakdown("stage", _("按诉讼阶段"), "criminal_stage"),
        BY_MATTER_TYPE,
    ),
    where=Q(origin=Origin.NOTIFICATION),
)
_flow(
    "foundation_funded",
    _("基金会资助案件数"),
    PIECES,
    _("标记为“基金会资助”的受理法律援助案件，按受理日期（accepted_on）计。"),
    accepted,
    "accepted_on",
    14,
    (BY_MATTER_TYPE,),
    where=Q(foundation_funded=True),
)
_flow(
    "aided_group_members",
    _("受援人群体人次"),
    PERSON_TIMES,
    _(
        "受理案件的受援人所属群体（未成年人、老年人、残疾人、妇女、农民工、少数民族、军人军属），"
        "每个案件的每个群体计一人次，按案件受理日期（application.accepted_on）计；"
        "一人属于多个群体时在每个群体各计一次，故各群体之和可大于受理案件数。"
    ),
    lambda: ApplicantGroupMembership.objects.select_related("application", "office").filter(
        application__accepted_on__isnull=False
    ),
    "application__accepted_on",
    15,
    (
        Breakdown("group", _("按群体"), "group", dict(ApplicantGroup.choices)),
        Breakdown("matter_type", _("按案件类别"), "application__matter_type"),
    ),
)
_flow(
    "applications_received",
    _("收到法律援助申请数"),
    PIECES,
    _(
        "收到的法律援助申请（来访、电话、信函、网上申请、羁押场所转交、值班律师转化），"
        "按收到申请日期（received_on）计；不含通知辩护/代理。"
    ),
    lambda: applications().exclude(origin=Origin.NOTIFICATION),
    "received_on",
    20,
    CASE_BREAKDOWNS,
)
_flow(
    "applications_refused",
    _("决定不予法律援助数"),
    PIECES,
    _(
        "审查后决定不予法律援助的申请（状态记录中有“已收到申请→决定不予”），"
        "按审查决定日期（decided_on）计；异议后维持原决定的不重复计算。"
    ),
    decided,
    "decided_on",
    21,
    (BY_MATTER_TYPE, _office_kind()),
    where=REFUSED_Q,
)
_flow(
    "objections",
    _("异议审查数"),
    PIECES,
    _("申请人对不予或终止法律援助提出异议的案件，按提出异议日期（objection_filed_on）计。"),
    lambda: applications().filter(objection_filed_on__isnull=False),
    "objection_filed_on",
    22,
    (Breakdown("result", _("按审查结果"), "objection_result"),),
)
_flow(
    "decisions",
    _("审查决定数"),
    PIECES,
    _(
        "作出给予或不予法律援助决定的申请（不含通知辩护/代理），按审查决定日期（decided_on）计；"
        "按期决定数 + 逾期决定数 = 审查决定数。"
    ),
    decided,
    "decided_on",
    30,
    (BY_MATTER_TYPE, _office_kind()),
)
_flow(
    "decisions_on_time",
    _("按期审查决定数"),
    PIECES,
    _(
        "审查决定日期不晚于审查决定期限（decision_due_on：法律援助法第43条，收到申请之日起7日，"
        "按期间计算规则起算、末日遇节假日顺延；补齐材料后重新起算）的审查决定，"
        "按审查决定日期（decided_on）计。"
    ),
    decided,
    "decided_on",
    31,
    (BY_MATTER_TYPE,),
    where=DECIDED_ON_TIME_Q,
)
_flow(
    "decisions_late",
    _("逾期审查决定数"),
    PIECES,
    _(
        "审查决定日期晚于审查决定期限（decision_due_on，收到申请之日起7日，末日遇节假日顺延）"
        "的审查决定，按审查决定日期（decided_on）计。"
    ),
    decided,
    "decided_on",
    32,
    (BY_MATTER_TYPE, _office_kind()),
    where=DECIDED_LATE_Q,
)
_flow(
    "assignments_on_time",
    _("按期指派数"),
    PIECES,
    _(
        "已指派的受理案件中，首次指派日期不晚于指派期限（assignment_due_on：法律援助法第43条，"
        "决定给予之日起3日；第36条，收到通知之日起3日；末日遇节假日顺延）的，"
        "按受理日期（accepted_on，即期限起算日）计。"
    ),
    accepted,
    "accepted_on",
    33,
    (BY_ORIGIN,),
    where=ASSIGNED_ON_TIME_Q,
)
_flow(
    "assignments_late",
    _("逾期指派数"),
    PIECES,
    _(
        "已指派的受理案件中，首次指派日期晚于指派期限（assignment_due_on）的，"
        "按受理日期（accepted_on）计；尚未指派的案件不计入按期或逾期。"
    ),
    accepted,
    "accepted_on",
    34,
    (BY_ORIGIN, _office_kind()),
    where=ASSIGNED_LATE_Q,
)
_flow(
    "cases_ended",
    _("办结法律援助案件数"),
    PIECES,
    _("承办人员办结的案件，按办结日期（ended_on）计；终止援助的案件不计入。"),
    ended,
    "ended_on",
    40,
    (BY_MATTER_TYPE, Breakdown("outcome", _("按办理结果"), "outcome")),
)
_flow(
    "money_recovered",
    _("挽回经济损失"),
    YUAN,
    _("办结案件登记的挽回经济损失（money_recovered）之和，按办结日期（ended_on）计，单位元。"),
    ended,
    "ended_on",
    41,
    (BY_MATTER_TYPE,),
    sum_field="money_recovered",
)
_flow(
    "subsidy_paid_cases",
    _("发放办案补贴案件数"),
    PIECES,
    _("编入补贴发放批次且该批次在期内发放的案件，按批次发放日期（subsidy_batch.paid_on）计。"),
    subsidised,
    "subsidy_batch__paid_on",
    50,
    (BY_MATTER_TYPE,),
)
_flow(
    "subsidy_paid",
    _("发放办案补贴金额"),
    YUAN,
    _(
        "期内发放的补贴批次中各案件的办案补贴（subsidy_amount）之和，"
        "按批次发放日期（subsidy_batch.paid_on）计，单位元。"
    ),
    subsidised,
    "subsidy_batch__paid_on",
    51,
    (BY_MATTER_TYPE,),
    sum_field="subsidy_amount",
)
_flow(
    "consultations",
    _("接待来电来访网上咨询人次"),
    PERSON_TIMES,
    _(
        "各渠道（来访、12348热线、其他电话、信函、网络）登记的法律咨询，每条记录计一人次，"
        "按咨询时间（consulted_at，当地日期）计。"
    ),
    consultations,
    "consulted_at",
    60,
    (
        Breakdown("channel", _("按咨询渠道"), "channel", dict(Channel.choices)),
        Breakdown(
            "category",
            _("按咨询类别"),
            "category",
            partial(code_labels, CONSULTATION_CATEGORY_CODE_LIST),
        ),
        Breakdown("referral", _("按处理结果"), "referral"),
        _office_kind(),
    ),
)
_flow(
    "hotline_calls",
    _("12348热线接听量"),
    PERSON_TIMES,
    _("咨询渠道为“12348热线”的法律咨询，每条记录计一次，按咨询时间（consulted_at）计。"),
    consultations,
    "consulted_at",
    61,
    (
        Breakdown(
            "category",
            _("按咨询类别"),
            "category",
            partial(code_labels, CONSULTATION_CATEGORY_CODE_LIST),
        ),
        Breakdown("satisfaction", _("按满意度"), "satisfaction"),
    ),
    where=Q(channel=Channel.HOTLINE),
)
_flow(
    "duty_shifts",
    _("值班次数"),
    TIMES,
    _("法律援助机构、工作站、联络点的值班记录，每条计一次，按值班日期（on_date）计。"),
    duty_shifts,
    "on_date",
    70,
    (_office_kind(),),
)
_flow(
    "duty_persons_helped",
    _("值班提供法律帮助人次"),
    PERSON_TIMES,
    _("值班记录登记的提供法律帮助人次（persons_helped）之和，按值班日期（on_date）计。"),
    duty_shifts,
    "on_date",
    71,
    (_office_kind(),),
    sum_field="persons_helped",
)
_flow(
    "quality_checks",
    _("质量检查次数"),
    TIMES,
    _(
        "庭审旁听、案卷检查、征询司法机关意见、回访受援人、同行评估的记录，每条计一次，"
        "按检查日期（checked_on）计。"
    ),
    quality_checks,
    "checked_on",
    80,
    (
        Breakdown("kind", _("按方式"), "kind", dict(QualityKind.choices)),
        Breakdown("grade", _("按评定"), "grade"),
    ),
)
_flow(
    "follow_ups",
    _("回访受援人次数"),
    TIMES,
    _("方式为“回访受援人”的质量检查，按回访日期（checked_on）计；满意度 = 回访满意数 / 本数。"),
    lambda: quality_checks().filter(kind=QualityKind.FOLLOW_UP),
    "checked_on",
    81,
    (Breakdown("satisfaction", _("按满意度"), "satisfaction", dict(Satisfaction.choices)),),
)
_flow(
    "follow_ups_satisfied",
    _("回访满意数"),
    TIMES,
    _(
        "回访受援人时受援人评价为非常满意、满意或基本满意的回访，按回访日期（checked_on）计；"
        "评价为不满意或未填写的不计入。"
    ),
    lambda: quality_checks().filter(kind=QualityKind.FOLLOW_UP, satisfaction__in=SATISFIED),
    "checked_on",
    82,
)
_flow(
    "complaints",
    _("投诉件数"),
    PIECES,
    _("收到的法律援助投诉（法律援助法第55、56条），按收到投诉日期（received_on）计。"),
    lambda: Complaint.objects.select_related("application", "office"),
    "received_on",
    90,
)
