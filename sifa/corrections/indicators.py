"""Figures of community corrections (社区矫正), DOMAIN §3.7; one definition each (DESIGN §5).

docs/corrections.md gives the 口径 of every figure and the decisions behind them. In short:

* A subject is one correction episode (`Subject`). 新接收 counts it by 接收登记日期
  `registered_on` — except an episode opened at a new 司法所 after a 执行地变更 inside Sifa
  (`moved_from` set): that is 迁入, not a new reception.
* 解除 counts by `released_on`, 终止 by `terminated_on`, 迁出 by `transferred_on`; an episode
  ends in exactly one of these ways, so 在矫 at a date is the stock over
  [registered_on, the first of released_on / terminated_on / transferred_on). The end is the
  queryset annotation `ended_on` (a Coalesce of the three); the stats registry accepts an
  annotation as `end_field` (see the report of helper C6 / docs/corrections.md).
* 调查评估 counts completed assessments by `completed_on`; 采信率 = opinions adopted / opinions
  whose adoption was recorded, among the same completed assessments (`adoption_rate`).
* 撤缓收监 counts proposals to revoke probation whose outcome is 已采纳, by `outcome_on`.
* 教育帮扶 counts activities by `held_on`; 参加工作人员人次 sums `staff_count`; 参加矫正对象人次
  counts the rows of the activity ↔ subject table (`Education.subjects.through`), which is
  made office-owned here through its activity (`education__office`).
* Minors' records are counted like any other (a count identifies nobody); see the report for
  the drill-down (DOMAIN CC-32).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.db.models import DateField, F, Q
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_labels
from sifa.corrections.constants import (
    CATEGORY_CODE_LIST,
    CRIME_CATEGORY_CODE_LIST,
    SANCTION_PROPOSAL_KINDS,
    AlertKind,
    ApprovalLevel,
    CommissioningBody,
    EducationKind,
    InvestigationResult,
    InvestigationStage,
    LeaveStatus,
    MeasureKind,
    MonitoringGround,
    ProposalOutcome,
    ReleaseType,
    SentenceType,
    SupervisionKind,
    TerminationType,
)
from sifa.corrections.models import (
    Alert,
    Education,
    Investigation,
    Leave,
    LostContact,
    Measure,
    Monitoring,
    Participation,
    PlaceChange,
    Subject,
    Supervision,
)
from sifa.corrections.rules import minors_restriction
from sifa.corrections.selectors.investigations import with_minor_flag
from sifa.people.models import Gender
from sifa.stats import registry
from sifa.stats.registry import STOCK, Breakdown, IndicatorFamily

LINE = _("社区矫正")

PERSONS, PIECES, TIMES, PERSON_TIMES = _("人"), _("件"), _("次"), _("人次")

# The activity ↔ subject rows of 教育帮扶 belong to the activity's office (for the registry and
# sifa.orgs.access; the auto-created through model has no office of its own).

# --- breakdowns ----------------------------------------------------------------------------


def _subject_breakdowns(prefix: str = "") -> tuple[Breakdown, ...]:
    return (
        Breakdown(
            "sentence_type",
            _("按矫正类别"),
            f"{prefix}sentence_type",
            dict(SentenceType.choices),
        ),
        Breakdown(
            "category",
            _("按管理类别"),
            f"{prefix}category",
            partial(code_labels, CATEGORY_CODE_LIST),
        ),
        Breakdown(
            "crime_category",
            _("按犯罪类型"),
            f"{prefix}crime_category",
            partial(code_labels, CRIME_CATEGORY_CODE_LIST),
        ),
        Breakdown("minor", _("按是否未成年人"), f"{prefix}is_minor"),
        Breakdown("gender", _("按性别"), f"{prefix}person__gender", dict(Gender.choices)),
        Breakdown("office", _("按司法所"), f"{prefix}office"),
    )


SUBJECT_BREAKDOWNS = _subject_breakdowns()
BY_SENTENCE_TYPE = SUBJECT_BREAKDOWNS[0]
BY_OFFICE = SUBJECT_BREAKDOWNS[-1]

# --- querysets -----------------------------------------------------------------------------


def subjects():
    return Subject.objects.select_related("person", "office")


def registered():
    """Episodes registered (接收登记) at some time; 待报到/未报到 ones are not yet counted."""
    return subjects().filter(registered_on__isnull=False)


def received():
    """新接收: registered episodes that are not the continuation of a move inside Sifa."""
    return registered().filter(moved_from__isnull=True)


def in_correction():
    """Registered episodes with their end: the first of 解除 / 终止 / 迁出 (only one is set)."""
    return registered().annotate(
        ended_on=Coalesce(
            "released_on",
            "terminated_on",
            "transferred_on",
            output_field=DateField(verbose_name=_("矫正结束日期")),
        )
    )


def investigations():
    # `minor_on_receipt` lets the drill-down hide a minor's assessment (rules.minors_restriction).
    return with_minor_flag(Investigation.objects.select_related("person", "office"))


def completed_investigations():
    return investigations().filter(completed_on__isnull=False)


def measures():
    return Measure.objects.select_related("subject__person", "office")


def decided_proposals():
    return measures().filter(
        kind__in=SANCTION_PROPOSAL_KINDS,
        outcome__in=(ProposalOutcome.GRANTED, ProposalOutcome.REJECTED),
        outcome_on__isnull=False,
    )


def education():
    return Education.objects.select_related("office")


def participations():
    return Participation.objects.select_related("education__office", "subject__person")


# --- declarations --------------------------------------------------------------------------


# Every drill-down hides a minor's records from users without the capability (rules.py).
FAMILY = IndicatorFamily("corrections", LINE, restricted=minors_restriction)
_flow = FAMILY.flow


def _stock(key, label, unit, definition, order, breakdowns=SUBJECT_BREAKDOWNS, where=None):
    FAMILY.declare(
        key,
        label,
        unit,
        definition,
        in_correction,
        order,
        breakdowns,
        kind=STOCK,
        start_field="registered_on",
        end_field="ended_on",
        where=where,
    )


def _flow_per_value(field, rows, first_order, rule, detail, queryset, date_field, breakdowns):
    """One count (件) per value of `field`: `rows` are (name, label, value), numbered from
    `first_order`; each definition is the shared `rule` followed by `detail(value)`."""
    for order, (name, label, value) in enumerate(rows, start=first_order):
        _flow(
            name,
            label,
            PIECES,
            format_lazy("{}{}", rule, detail(value)),
            queryset,
            date_field,
            order,
            breakdowns,
            where=Q(**{field: value}),
        )


# 在矫 (stock at the period end)

_IN_CORRECTION_RULE = _(
    "统计截止日在矫的社区矫正对象：接收登记日期（registered_on）不晚于截止日，且解除矫正日期"
    "（released_on）、终止矫正日期（terminated_on）、迁出日期（transferred_on）中先到者"
    "（矫正结束日期）为空或晚于截止日；一个矫正档案计一人，待报到、未报到查找中的不计入。"
)
_stock("under_correction", _("在矫社区矫正对象数"), PERSONS, _IN_CORRECTION_RULE, 10)
_stock(
    "under_correction_minors",
    _("在矫未成年社区矫正对象数"),
    PERSONS,
    _("在矫社区矫正对象中标记为未成年人的；口径同在矫社区矫正对象数。"),
    11,
    SUBJECT_BREAKDOWNS[:3],
    where=Q(is_minor=True),
)
_stock(
    "under_correction_women",
    _("在矫女性社区矫正对象数"),
    PERSONS,
    _("在矫社区矫正对象中性别为女的；口径同在矫社区矫正对象数。"),
    12,
    SUBJECT_BREAKDOWNS[:3],
    where=Q(person__gender=Gender.FEMALE),
)

# Intake, release, termination, moves (flows)

_flow(
    "received",
    _("新接收社区矫正对象数"),
    PERSONS,
    _(
        "接收登记日期（registered_on）在期内的社区矫正对象（入矫）；因执行地变更在本系统内"
        "另一司法所重新登记的不计入（计入迁入数），待报到、未报到查找中的尚未接收。"
    ),
    received,
    "registered_on",
    20,
    (*SUBJECT_BREAKDOWNS, Breakdown("report_type", _("按报到情况"), "report_type")),
)
_flow(
    "received_late",
    _("超期报到人数"),
    PERSONS,
    _("新接收社区矫正对象中报到情况为“超期报到”的，按接收登记日期（registered_on）计。"),
    received,
    "registered_on",
    21,
    (BY_SENTENCE_TYPE, BY_OFFICE),
    where=Q(report_type="late"),
)
# 社区矫正法 第21条第2–3款 (CC-3): a 暂予监外执行 subject is handed over by 看守所/监狱/公安 within
# 10 days; a late handover is booked on that organ (by it), not counted as the subject's 超期报到.
_flow(
    "handover_late",
    _("暂予监外执行移交超期人数"),
    PERSONS,
    _(
        "新接收的暂予监外执行对象中移交超期（看守所、监狱或公安机关未在十日内移交）的，按接收"
        "登记日期（registered_on）计，按移交机关（handover_organ）分列；不计入超期报到。"
    ),
    received,
    "registered_on",
    24,
    (Breakdown("handover_organ", _("按移交机关"), "handover_organ"), BY_OFFICE),
    where=Q(handover_late=True),
)
_flow(
    "transfers_in",
    _("迁入社区矫正对象数"),
    PERSONS,
    _(
        "因执行地变更由本系统内其他司法所迁来、在新执行地接收登记的，按接收登记日期（registered_on）计。"
    ),
    lambda: registered().filter(moved_from__isnull=False),
    "registered_on",
    22,
    (BY_SENTENCE_TYPE, BY_OFFICE),
)
_flow(
    "transfers_out",
    _("迁出社区矫正对象数"),
    PERSONS,
    _("因执行地变更迁出的社区矫正对象，按迁出日期（transferred_on）计。"),
    lambda: subjects().filter(transferred_on__isnull=False),
    "transferred_on",
    23,
    (BY_SENTENCE_TYPE, BY_OFFICE),
)
_RELEASE_BREAKDOWNS = (
    Breakdown("release_type", _("按解除类型"), "release_type", dict(ReleaseType.choices)),
    *SUBJECT_BREAKDOWNS,
)
_flow(
    "released",
    _("解除矫正人数"),
    PERSONS,
    _("解除矫正日期（released_on）在期内的社区矫正对象（期满解除、赦免及其他）。"),
    lambda: subjects().filter(released_on__isnull=False),
    "released_on",
    30,
    _RELEASE_BREAKDOWNS,
)
_flow(
    "released_expiry",
    _("期满解除矫正人数"),
    PERSONS,
    _("解除类型为“期满解除”的社区矫正对象（解矫），按解除矫正日期（released_on）计。"),
    lambda: subjects().filter(released_on__isnull=False),
    "released_on",
    31,
    SUBJECT_BREAKDOWNS,
    where=Q(release_type=ReleaseType.EXPIRY),
)
_TERMINATION_BREAKDOWNS = (
    Breakdown(
        "termination_type",
        _("按终止类型"),
        "termination_type",
        dict(TerminationType.choices),
    ),
    *SUBJECT_BREAKDOWNS,
)


def _terminated():
    return subjects().filter(terminated_on__isnull=False)


_flow(
    "terminated",
    _("终止矫正人数"),
    PERSONS,
    _(
        "终止矫正日期（terminated_on）在期内的社区矫正对象：撤销缓刑、撤销假释、收监执行、死亡及其他。"
    ),
    _terminated,
    "terminated_on",
    40,
    _TERMINATION_BREAKDOWNS,
)
_flow(
    "deaths",
    _("死亡人数"),
    PERSONS,
    _("终止类型为“死亡”的社区矫正对象，按终止矫正日期（terminated_on）计。"),
    _terminated,
    "terminated_on",
    41,
    SUBJECT_BREAKDOWNS,
    where=Q(termination_type=TerminationType.DEATH),
)
_flow(
    "revoked",
    _("撤销缓刑、假释和收监执行人数"),
    PERSONS,
    _("终止类型为撤销缓刑、撤销假释或收监执行的社区矫正对象，按终止矫正日期（terminated_on）计。"),
    _terminated,
    "terminated_on",
    42,
    _TERMINATION_BREAKDOWNS,
    where=Q(
        termination_type__in=(
            TerminationType.REVOKED_PROBATION,
            TerminationType.REVOKED_PAROLE,
            TerminationType.COMMITTED,
        )
    ),
)

# 调查评估

_INVESTIGATION_BREAKDOWNS = (
    Breakdown("stage", _("按委托阶段"), "stage", dict(InvestigationStage.choices)),
    Breakdown(
        "body",
        _("按委托机关类别"),
        "commissioning_body",
        dict(CommissioningBody.choices),
    ),
    Breakdown("result", _("按评估意见"), "result", dict(InvestigationResult.choices)),
    Breakdown("office", _("按承办机构"), "office"),
)
_flow(
    "investigations_received",
    _("受托调查评估数"),
    PIECES,
    _("收到委托函及材料的调查评估，按收到委托日期（received_on）计。"),
    investigations,
    "received_on",
    50,
    _INVESTIGATION_BREAKDOWNS[:2],
)
_COMPLETED_RULE = _("完成日期（completed_on）在期内的调查评估（已出具评估意见）")
_flow(
    "investigations_completed",
    _("完成调查评估数"),
    PIECES,
    format_lazy("{}{}", _COMPLETED_RULE, _("，按委托阶段、委托机关、评估意见可分。")),
    completed_investigations,
    "completed_on",
    51,
    _INVESTIGATION_BREAKDOWNS,
)
_flow_per_value(
    "stage",
    (
        ("investigations_pre_trial", _("审前调查评估数"), InvestigationStage.PRE_TRIAL),
        (
            "investigations_pre_prosecution",
            _("诉前调查评估数"),
            InvestigationStage.PRE_PROSECUTION,
        ),
        ("investigations_pre_parole", _("假释前调查评估数"), InvestigationStage.PRE_PAROLE),
    ),
    52,
    _COMPLETED_RULE,
    lambda stage: format_lazy(_("中委托阶段为“{stage}”的，按完成日期计。"), stage=stage.label),
    completed_investigations,
    "completed_on",
    _INVESTIGATION_BREAKDOWNS[1:],
)
_flow(
    "investigations_late",
    _("逾期完成调查评估数"),
    PIECES,
    format_lazy(
        "{}{}",
        _COMPLETED_RULE,
        _("中完成日期晚于完成期限（due_on：收到委托之日起10个工作日，速裁程序5个工作日）的。"),
    ),
    completed_investigations,
    "completed_on",
    55,
    _INVESTIGATION_BREAKDOWNS,
    where=Q(completed_on__gt=F("due_on")),
)
_flow(
    "investigations_adoption_recorded",
    _("已登记采信情况的调查评估数"),
    PIECES,
    format_lazy(
        "{}{}",
        _COMPLETED_RULE,
        _("中已登记委托机关是否采信评估意见的（adopted 非空），按完成日期计；采信率的分母。"),
    ),
    completed_investigations,
    "completed_on",
    56,
    _INVESTIGATION_BREAKDOWNS,
    where=Q(adopted__isnull=False),
)
_flow(
    "investigations_adopted",
    _("评估意见被采信数"),
    PIECES,
    format_lazy(
        "{}{}",
        _COMPLETED_RULE,
        _("中委托机关采信评估意见的（adopted 为是），按完成日期计；采信率的分子。"),
    ),
    completed_investigations,
    "completed_on",
    57,
    _INVESTIGATION_BREAKDOWNS,
    where=Q(adopted=True),
)


ADOPTION_RATE = FAMILY.ratio(
    "adoption_rate",
    _("调查评估意见采信率"),
    "investigations_adopted",
    "investigations_adoption_recorded",
    _("评估意见被采信数 ÷ 已登记采信情况的调查评估数 × 100%；采信情况未知的不计入分子分母。"),
)


def adoption_rate(scope: registry.Scope) -> Decimal | None:
    """调查评估意见采信率 (%) = 被采信数 / 已登记采信情况数 × 100, two decimals.

    Formula version 1: among the assessments completed in the period whose adoption was
    recorded; None when none was. Assessments whose adoption is still unknown are left out of
    both parts (a recorded "not adopted" lowers the rate, an unknown one does not).
    """
    return registry.ratio_value(ADOPTION_RATE, scope).value


# 再犯罪

_flow(
    "new_crimes",
    _("再犯罪人数"),
    PERSONS,
    _(
        "社区矫正期间再犯罪、经查实登记的矫正对象，按查实再犯罪日期（new_crime_on）计；"
        "每个矫正期次计一人。"
    ),
    lambda: registered().filter(new_crime_on__isnull=False),
    "new_crime_on",
    35,
    SUBJECT_BREAKDOWNS,
)


def reoffence_rate(scope: registry.Scope) -> Decimal | None:
    """再犯罪率 (%) = 再犯罪人数 / 分母 × 100, two decimals; None when the denominator is 0.

    The denominator is a setting (`SIFA_CC_REOFFENCE_DENOMINATOR`, sifa/corrections/rules.py),
    since no source publishes it (DOMAIN §3.7): by default 在矫 at the period start (the stock
    the day before) + 新接收 in the period; or 在矫 at the period end.
    """
    from dataclasses import replace
    from datetime import timedelta

    from sifa.corrections.rules import reoffence_denominator

    stock = registry.get("corrections.under_correction")
    if reoffence_denominator() == "end_stock":
        denominator = registry.value(stock, scope)
    else:
        day_before = scope.start - timedelta(days=1)
        denominator = registry.value(
            stock, replace(scope, start=day_before, end=day_before)
        ) + registry.value(registry.get("corrections.received"), scope)
    if not denominator:
        return None
    new_crimes = registry.value(registry.get("corrections.new_crimes"), scope)
    return (Decimal(new_crimes) * 100 / denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)


# 考核奖惩

_MEASURE_BREAKDOWNS = (
    Breakdown("kind", _("按类型"), "kind", dict(MeasureKind.choices)),
    Breakdown(
        "sentence_type", _("按矫正类别"), "subject__sentence_type", dict(SentenceType.choices)
    ),
    Breakdown("office", _("按司法所"), "office"),
)
_MEASURE_RULE = _("决定/提请日期（decided_on）在期内的")
_flow(
    "measures",
    _("考核奖惩数"),
    PIECES,
    format_lazy(
        "{}{}",
        _MEASURE_RULE,
        _(
            "表扬、训诫、警告及各类提请（提请治安管理处罚、撤销缓刑、撤销假释、收监执行、逮捕、"
            "减刑）。"
        ),
    ),
    measures,
    "decided_on",
    60,
    _MEASURE_BREAKDOWNS,
)
_flow_per_value(
    "kind",
    (
        ("commendations", _("表扬数"), MeasureKind.COMMENDATION),
        ("admonitions", _("训诫数"), MeasureKind.ADMONITION),
        ("warnings", _("警告数"), MeasureKind.WARNING),
    ),
    61,
    _MEASURE_RULE,
    lambda kind: format_lazy(_("“{kind}”决定，按决定日期计。"), kind=kind.label),
    measures,
    "decided_on",
    _MEASURE_BREAKDOWNS[1:],
)
_flow(
    "proposals",
    _("提请数"),
    PIECES,
    format_lazy(
        "{}{}",
        _MEASURE_RULE,
        _("提请治安管理处罚、撤销缓刑、撤销假释、收监执行、逮捕，按提请日期计。"),
    ),
    measures,
    "decided_on",
    65,
    (*_MEASURE_BREAKDOWNS, Breakdown("outcome", _("按处理结果"), "outcome")),
    where=Q(kind__in=SANCTION_PROPOSAL_KINDS),
)
_OUTCOME_RULE = _("结果日期（outcome_on）在期内、处理结果为“已采纳”的")
_flow(
    "proposals_granted",
    _("提请被采纳数"),
    PIECES,
    format_lazy("{}{}", _OUTCOME_RULE, _("各类提请，按结果日期计。")),
    decided_proposals,
    "outcome_on",
    66,
    _MEASURE_BREAKDOWNS,
    where=Q(outcome=ProposalOutcome.GRANTED),
)
_flow(
    "probation_revoked",
    _("撤销缓刑收监数"),
    PIECES,
    format_lazy("{}{}", _OUTCOME_RULE, _("提请撤销缓刑（撤缓收监），按结果日期（outcome_on）计。")),
    decided_proposals,
    "outcome_on",
    67,
    _MEASURE_BREAKDOWNS[1:],
    where=Q(outcome=ProposalOutcome.GRANTED, kind=MeasureKind.REVOKE_PROBATION),
)
_flow(
    "commutation_proposals",
    _("提请减刑数"),
    PIECES,
    format_lazy(
        "{}{}",
        _MEASURE_RULE,
        _("提请减刑（减刑建议，社区矫正法 第33条），按提请日期计；处理结果见“按处理结果”。"),
    ),
    measures,
    "decided_on",
    68,
    (*_MEASURE_BREAKDOWNS[1:], Breakdown("outcome", _("按处理结果"), "outcome")),
    where=Q(kind=MeasureKind.COMMUTATION),
)

# 教育帮扶

_EDUCATION_KIND = Breakdown("kind", _("按类型"), "kind", dict(EducationKind.choices))
_EDUCATION_BREAKDOWNS = (_EDUCATION_KIND, Breakdown("office", _("按机构"), "office"))
_flow(
    "education_activities",
    _("教育帮扶活动次数"),
    TIMES,
    _(
        "举办日期（held_on）在期内的教育帮扶活动（集体教育、个别教育、心理辅导、公益活动、"
        "职业技能培训、就业指导、就学帮扶、社会救助协助、走访困难家庭），每次活动计一次。"
    ),
    education,
    "held_on",
    70,
    _EDUCATION_BREAKDOWNS,
)
_flow(
    "home_visits",
    _("走访困难家庭次数"),
    TIMES,
    _("类型为“走访困难家庭”的教育帮扶活动，按举办日期（held_on）计，每次走访计一次。"),
    education,
    "held_on",
    71,
    _EDUCATION_BREAKDOWNS[1:],
    where=Q(kind=EducationKind.HOME_VISIT),
)
_flow(
    "group_education",
    _("集体教育次数"),
    TIMES,
    _("类型为“集体教育”的教育帮扶活动，按举办日期（held_on）计。"),
    education,
    "held_on",
    72,
    _EDUCATION_BREAKDOWNS[1:],
    where=Q(kind=EducationKind.GROUP),
)
_flow(
    "education_staff",
    _("教育帮扶参加工作人员人次"),
    PERSON_TIMES,
    _("期内教育帮扶活动登记的参加工作人员数（staff_count）之和，按举办日期（held_on）计。"),
    education,
    "held_on",
    73,
    _EDUCATION_BREAKDOWNS,
    sum_field="staff_count",
)
_flow(
    "group_education_staff",
    _("集体教育参加工作人员人次"),
    PERSON_TIMES,
    _("期内集体教育活动登记的参加工作人员数（staff_count）之和，按举办日期（held_on）计。"),
    education,
    "held_on",
    74,
    _EDUCATION_BREAKDOWNS[1:],
    sum_field="staff_count",
    where=Q(kind=EducationKind.GROUP),
)
_PARTICIPATION_BREAKDOWNS = (
    Breakdown("kind", _("按类型"), "education__kind", dict(EducationKind.choices)),
    *_subject_breakdowns("subject__")[:2],
    Breakdown("office", _("按机构"), "education__office"),
)
_flow(
    "education_participants",
    _("教育帮扶参加矫正对象人次"),
    PERSON_TIMES,
    _(
        "期内教育帮扶活动的参加矫正对象，每次活动的每名对象计一人次，"
        "按活动举办日期（education.held_on）计。"
    ),
    participations,
    "education__held_on",
    75,
    _PARTICIPATION_BREAKDOWNS,
)
_flow(
    "group_education_participants",
    _("集体教育参加矫正对象人次"),
    PERSON_TIMES,
    _("期内集体教育活动的参加矫正对象人次，按活动举办日期（education.held_on）计。"),
    participations,
    "education__held_on",
    76,
    _PARTICIPATION_BREAKDOWNS[1:],
    where=Q(education__kind=EducationKind.GROUP),
)

# 日常管理、外出、执行地变更、电子定位、脱管、预警

_flow(
    "supervisions",
    _("日常管理记录数"),
    TIMES,
    _("报告、通信联络、信息化核查、实地查访记录，按日期（happened_on）计，每条计一次。"),
    lambda: Supervision.objects.select_related("office"),
    "happened_on",
    80,
    (
        Breakdown("kind", _("按方式"), "kind", dict(SupervisionKind.choices)),
        Breakdown("anomaly", _("按是否发现异常"), "anomaly"),
        Breakdown("office", _("按司法所"), "office"),
    ),
)
_flow(
    "leaves_approved",
    _("外出审批件数"),
    PIECES,
    _("批准外出的申请（已批准、已销假），按审批日期（decided_on）计。"),
    lambda: Leave.objects.select_related("office").filter(
        status__in=(LeaveStatus.APPROVED, LeaveStatus.RETURNED), decided_on__isnull=False
    ),
    "decided_on",
    81,
    (
        Breakdown("level", _("按审批层级"), "approval_level", dict(ApprovalLevel.choices)),
        Breakdown("office", _("按司法所"), "office"),
    ),
)
_flow(
    "place_changes",
    _("执行地变更决定数"),
    PIECES,
    _("作出同意或不同意执行地变更决定的申请，按决定日期（decided_on）计。"),
    lambda: PlaceChange.objects.select_related("office", "to_office").filter(
        decided_on__isnull=False
    ),
    "decided_on",
    82,
    (Breakdown("approved", _("按决定"), "approved"), Breakdown("office", _("按司法所"), "office")),
)
_flow(
    "monitorings_started",
    _("适用电子定位次数"),
    TIMES,
    _("开始日期（start_on）在期内的电子定位（含延长），按开始日期计。"),
    lambda: Monitoring.objects.select_related("office"),
    "start_on",
    83,
    (Breakdown("ground", _("按适用情形"), "ground", dict(MonitoringGround.choices)),),
)


def monitorings():
    """电子定位 with the day it stopped being in use: released, or continued by its extension
    (a new row), whichever came first; a lapsed, unreleased device is still in use (its expiry
    is a to-do, not an end)."""
    return Monitoring.objects.select_related("office").annotate(
        stopped_on=Coalesce("released_on", "extension__start_on")
    )


FAMILY.declare(
    "monitorings_in_use",
    _("电子定位在用数"),
    PERSONS,
    _(
        "统计截止日正在使用的电子定位：开始日期（start_on）不晚于截止日，且截止日时尚未解除、"
        "也未由延长后的下一期接续（解除日期或延长期开始日期晚于截止日）；期满未解除的仍计入"
        "（到期提醒见待办）。每名对象同一时间只有一条在用记录。"
    ),
    monitorings,
    83,
    (Breakdown("ground", _("按适用情形"), "ground", dict(MonitoringGround.choices)),),
    kind=STOCK,
    start_field="start_on",
    end_field="stopped_on",
)
_flow(
    "lost_contacts",
    _("失去联系（脱管）次数"),
    TIMES,
    _("失联日期（lost_on）在期内的失去联系记录，每条计一次。"),
    lambda: LostContact.objects.select_related("office"),
    "lost_on",
    84,
    (Breakdown("office", _("按司法所"), "office"),),
)
_flow(
    "alerts",
    _("预警次数"),
    TIMES,
    _("预警时间（raised_at，当地日期）在期内的预警，每条计一次。"),
    lambda: Alert.objects.select_related("office"),
    "raised_at",
    85,
    (
        Breakdown("kind", _("按类型"), "kind", dict(AlertKind.choices)),
        Breakdown("office", _("按司法所"), "office"),
    ),
)
