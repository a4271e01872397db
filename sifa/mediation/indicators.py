"""Figures of people's mediation (人民调解), one definition each (DESIGN §5, DOMAIN §2.5).

Every flow names the date it is counted by. Cases belong to the committee that keeps them
(`office`); a case kept by a 矛盾纠纷调处中心 itself is a case the centre accepted directly.

The success rate (调解成功率 = 调解成功 / 调结, DOMAIN §2.5) is a ratio and the registry holds
counts and sums only: `success_rate(scope)` below computes it from the two registered
indicators `mediation.cases_succeeded` and `mediation.cases_closed`, so the figure cannot drift
from them.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.db.models import Min, Q
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_labels
from sifa.core.models import CodeItem
from sifa.mediation.constants import (
    DISPUTE_TYPE_CODE_LIST,
    SOURCE_CODE_LIST,
    AgreementForm,
    CaseStatus,
    Performance,
)
from sifa.mediation.models import (
    Agreement,
    CaseEvent,
    EscalationPrevented,
    FollowUp,
    JudicialConfirmation,
    MediationCase,
    PetitionDissuaded,
    Reception,
    Screening,
    ScreeningFinding,
    SubsidyClaim,
)
from sifa.orgs.constants import MediationCommitteeType, OfficeKind
from sifa.stats import registry
from sifa.stats.registry import Breakdown, IndicatorFamily

LINE = _("人民调解")

# Dispute types a summary names on their own (SEED_FIGURES: 医患 / 消费 / 交通事故).
MEDICAL = "medical"
CONSUMER = "consumer"
TRAFFIC = "traffic_accident"

_type_labels = partial(code_labels, DISPUTE_TYPE_CODE_LIST)
_source_labels = partial(code_labels, SOURCE_CODE_LIST)
_committee_types = dict(MediationCommitteeType.choices)


def _by_type(path: str = "dispute_type") -> Breakdown:
    return Breakdown("type", _("按纠纷类型"), path, _type_labels)


def _by_source(path: str = "source") -> Breakdown:
    return Breakdown("source", _("按纠纷来源"), path, _source_labels)


def _by_committee_type(path: str = "office__subtype") -> Breakdown:
    return Breakdown("committee_type", _("按调委会类型"), path, _committee_types)


CASE_BREAKDOWNS = (_by_type(), _by_source(), _by_committee_type())
# 调解成功 is counted on the effective agreements (one per case): the same count as the cases,
# and the same records as the agreement figures, so all of them share one query (bench/).
SUCCESS_BREAKDOWNS = (
    _by_type("case__dispute_type"),
    _by_source("case__source"),
    _by_committee_type(),
)
AGREEMENT_BREAKDOWNS = (
    Breakdown("form", _("按协议形式"), "form", dict(AgreementForm.choices)),
    _by_type("case__dispute_type"),
    _by_committee_type(),
)


# --- querysets -----------------------------------------------------------------------------


def _failed_q() -> Q:
    """调解不成: failed now, or failed before being archived (the CaseEvent keeps it)."""
    failed_events = CaseEvent.objects.filter(to_status=CaseStatus.FAILED).values("case_id")
    return Q(status=CaseStatus.FAILED) | Q(pk__in=failed_events)


def _succeeded_q() -> Q:
    return Q(agreement__effective_on__isnull=False)


def cases():
    return MediationCase.objects.select_related("office")


def failed_cases():
    return cases().filter(_failed_q())


def closed_cases():
    return cases().filter(_succeeded_q() | _failed_q(), closed_on__isnull=False)


def type_with_children(code: str, path: str = "dispute_type") -> Q:
    """The dispute type at `path` is `code` or one of its sub-items (有子项的类型含其子项)."""
    children = CodeItem.objects.filter(
        code_list__key=DISPUTE_TYPE_CODE_LIST, parent_code=code
    ).values("code")
    return Q(**{path: code}) | Q(**{f"{path}__in": children})


def effective_agreements():
    return Agreement.objects.select_related("case", "office").filter(effective_on__isnull=False)


def verified_claims():
    """Claims whose case file passed the 司法所 check (rejected ones are not 核查通过)."""
    return (
        SubsidyClaim.objects.select_related("case", "office")
        .filter(file_checked_on__isnull=False)
        .exclude(status=SubsidyClaim.Status.REJECTED)
    )


def paid_claims():
    return SubsidyClaim.objects.select_related("case", "office", "batch").filter(
        batch__paid_on__isnull=False
    )


def petitions_dissuaded():
    return PetitionDissuaded.objects.select_related("office")


def escalations_prevented():
    return EscalationPrevented.objects.select_related("office")


def centre_receptions():
    return Reception.objects.select_related("office").filter(office__kind=OfficeKind.DISPUTE_CENTER)


def leader_receptions():
    return centre_receptions().exclude(leader="")


def leader_reception_days():
    """One record per office and day on which a leader received visitors: that day's first.

    The registry counts records, so a "day" is represented by its first leader reception
    (lowest id); the drill-down lists those, one per day.
    """
    firsts = (
        Reception.objects.exclude(leader="")
        .values("office_id", "received_on")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return leader_receptions().filter(pk__in=firsts)


def pre_visit_guidance():
    return centre_receptions().filter(pre_visit_guidance=True)


def centre_cases():
    return cases().filter(office__kind=OfficeKind.DISPUTE_CENTER)


# 行业性专业性调委会: the successes of one committee type (a `where` on all successes; an
# agreement belongs to its case's committee).
PROFESSIONAL_Q = Q(
    office__kind=OfficeKind.MEDIATION_COMMITTEE,
    office__subtype=MediationCommitteeType.PROFESSIONAL,
)


# --- declarations --------------------------------------------------------------------------


FAMILY = IndicatorFamily("mediation", LINE)
_flow = FAMILY.flow


PIECES, PERSONS, YUAN, BATCHES, TIMES = _("件"), _("人"), _("元"), _("批"), _("次")

_flow(
    "cases_accepted",
    _("受理调解纠纷数"),
    PIECES,
    _(
        "各人民调解组织（含矛盾纠纷调处中心）登记受理的纠纷案件，按受理日期（received_on）计；"
        "含受理后因当事人拒绝调解或不属人民调解范围而终结的案件。"
    ),
    cases,
    "received_on",
    10,
    CASE_BREAKDOWNS,
)
_flow(
    "cases_succeeded",
    _("调解成功数"),
    PIECES,
    _(
        "达成调解协议且协议已生效的案件，按协议生效日期（effective_on）计；每件案件以其已生效的"
        "调解协议计（一案一份协议），下钻列出这些协议及其案件。"
    ),
    effective_agreements,
    "effective_on",
    20,
    SUCCESS_BREAKDOWNS,
)
_flow(
    "successes_medical",
    _("医疗纠纷调解成功数"),
    PIECES,
    _(
        "纠纷类型为“医疗纠纷”（medical，含其子项）的调解成功案件（已生效的调解协议），按协议生效日期计。"
    ),
    effective_agreements,
    "effective_on",
    21,
    (_by_committee_type(),),
    where=type_with_children(MEDICAL, "case__dispute_type"),
)
_flow(
    "successes_consumer",
    _("消费纠纷调解成功数"),
    PIECES,
    _(
        "纠纷类型为“消费纠纷”（consumer）及其子项（旅游纠纷、电子商务纠纷、其他消费纠纷）的"
        "调解成功案件（已生效的调解协议），按协议生效日期计。"
    ),
    effective_agreements,
    "effective_on",
    22,
    (_by_type("case__dispute_type"), _by_committee_type()),
    where=type_with_children(CONSUMER, "case__dispute_type"),
)
_flow(
    "successes_traffic",
    _("道路交通事故纠纷调解成功数"),
    PIECES,
    _(
        "纠纷类型为“道路交通事故纠纷”（traffic_accident，含其子项）的调解成功案件（已生效的调解协议），按协议生效日期计。"
    ),
    effective_agreements,
    "effective_on",
    23,
    (_by_committee_type(),),
    where=type_with_children(TRAFFIC, "case__dispute_type"),
)
_flow(
    "cases_failed",
    _("调解不成数"),
    PIECES,
    _(
        "调解不成而终止的案件（状态为“调解不成”，或终止后已归档、状态记录中有“调解不成”），"
        "按调结日期（closed_on，即终止日期）计；不含当事人拒绝调解和不予受理的案件。"
    ),
    failed_cases,
    "closed_on",
    30,
    CASE_BREAKDOWNS,
)
_flow(
    "cases_closed",
    _("调结数"),
    PIECES,
    _(
        "调结 = 调解成功 + 调解不成：按调结日期（closed_on）计；调解成功案件的调结日期即协议"
        "生效日期。调解成功率 = 调解成功数 / 调结数。"
    ),
    closed_cases,
    "closed_on",
    40,
    CASE_BREAKDOWNS,
)
_flow(
    "agreements",
    _("调解协议数"),
    PIECES,
    _("已生效的调解协议，按生效日期（effective_on）计；可按书面/口头协议细分。"),
    effective_agreements,
    "effective_on",
    50,
    AGREEMENT_BREAKDOWNS,
)
_flow(
    "agreement_amount",
    _("协议涉及金额"),
    YUAN,
    _("已生效调解协议的协议涉及金额（amount）之和，按协议生效日期（effective_on）计，单位元。"),
    effective_agreements,
    "effective_on",
    60,
    AGREEMENT_BREAKDOWNS,
    sum_field="amount",
)
_flow(
    "persons_involved",
    _("受理纠纷涉及人数"),
    PERSONS,
    _("受理的纠纷案件登记的涉及人数（persons_involved）之和，按受理日期（received_on）计。"),
    cases,
    "received_on",
    70,
    CASE_BREAKDOWNS,
    sum_field="persons_involved",
)
_flow(
    "performed",
    _("协议履行数"),
    PIECES,
    _("履行情况为“已履行”的调解协议，按履行日期（performed_on）计。"),
    lambda: effective_agreements().filter(performance=Performance.PERFORMED),
    "performed_on",
    80,
    AGREEMENT_BREAKDOWNS,
)
_flow(
    "judicial_confirmations",
    _("申请司法确认数"),
    PIECES,
    _("当事人就调解协议向人民法院申请司法确认的件数，按申请日期（applied_on）计；可按结果细分。"),
    lambda: JudicialConfirmation.objects.select_related("agreement", "office"),
    "applied_on",
    90,
    (Breakdown("decision", _("按确认结果"), "decision"),),
)
_flow(
    "follow_ups",
    _("回访数"),
    TIMES,
    _("调解后的回访记录（电话或上门），按回访日期（visited_on）计。"),
    lambda: FollowUp.objects.select_related("case", "office"),
    "visited_on",
    100,
    (Breakdown("method", _("按回访方式"), "method"),),
)
_flow(
    "screenings",
    _("矛盾纠纷排查次数"),
    TIMES,
    _("常规和专项矛盾纠纷排查的次数（每条排查记录计一次），按排查日期（screened_on）计。"),
    lambda: Screening.objects.select_related("office"),
    "screened_on",
    110,
    (Breakdown("kind", _("按排查类型"), "kind"), _by_committee_type()),
)
_flow(
    "screening_findings",
    _("排查发现纠纷数"),
    PIECES,
    _("矛盾纠纷排查中发现的纠纷（每条发现记录计一件），按发现日期（found_on）计。"),
    lambda: ScreeningFinding.objects.select_related("office"),
    "found_on",
    120,
    (
        _by_type(),
        Breakdown("risk", _("按风险等级"), "risk_level"),
        Breakdown("handling", _("按处置方式"), "handling"),
    ),
)
_flow(
    "subsidy_files_verified",
    _("核查人民调解个案数"),
    PIECES,
    _(
        "以案定补：司法所卷宗核查通过的个案补贴申请（状态不是“未通过”），"
        "按卷宗核查日期（file_checked_on）计。"
    ),
    verified_claims,
    "file_checked_on",
    130,
    (Breakdown("grade", _("按难易等级"), "grade"), _by_committee_type()),
)
_flow(
    "subsidy_paid_cases",
    _("发放个案补贴件数"),
    PIECES,
    _("以案定补：编入发放批次且该批次在期内发放的个案补贴，按批次发放日期（batch.paid_on）计。"),
    paid_claims,
    "batch__paid_on",
    140,
    (Breakdown("grade", _("按难易等级"), "grade"), _by_committee_type()),
)
_flow(
    "subsidy_paid_amount",
    _("发放个案补贴金额"),
    YUAN,
    _(
        "以案定补：期内发放的批次中各个案补贴金额（amount）之和，按批次发放日期（batch.paid_on）"
        "计，单位元。"
    ),
    paid_claims,
    "batch__paid_on",
    150,
    (Breakdown("grade", _("按难易等级"), "grade"), _by_committee_type()),
    sum_field="amount",
)
_flow(
    "petitions_dissuaded",
    _("成功劝阻群体性上访批数"),
    BATCHES,
    _("成功劝阻的群体性上访，每条记录计一批，按劝阻日期（dissuaded_on）计。"),
    petitions_dissuaded,
    "dissuaded_on",
    160,
)
_flow(
    "petitions_dissuaded_persons",
    _("成功劝阻群体性上访人次"),
    PERSONS,
    _("成功劝阻的群体性上访记录的人数（persons）之和，按劝阻日期（dissuaded_on）计。"),
    petitions_dissuaded,
    "dissuaded_on",
    161,
    sum_field="persons",
)
_flow(
    "escalations_prevented",
    _("防止纠纷矛盾激化数"),
    PIECES,
    _("防止民间纠纷激化（转化为刑事、治安案件或群体性事件）的记录，按日期（prevented_on）计。"),
    escalations_prevented,
    "prevented_on",
    170,
)
_flow(
    "escalations_prevented_persons",
    _("防止纠纷矛盾激化涉及人数"),
    PERSONS,
    _("防止纠纷矛盾激化记录的涉及人数（persons）之和，按日期（prevented_on）计。"),
    escalations_prevented,
    "prevented_on",
    171,
    sum_field="persons",
)
_flow(
    "centre_receptions",
    _("调处中心接待来访批次"),
    BATCHES,
    _(
        "矛盾纠纷调处中心（机构类型“矛盾纠纷调处中心”）直接接待来访群众，每条接待记录计一批次"
        "（含领导接访和预访疏导），按接待日期（received_on）计。"
    ),
    centre_receptions,
    "received_on",
    180,
)
_flow(
    "centre_reception_persons",
    _("调处中心接待来访人次"),
    PERSONS,
    _("矛盾纠纷调处中心接待记录的人数（persons）之和，按接待日期（received_on）计。"),
    centre_receptions,
    "received_on",
    181,
    sum_field="persons",
)
_flow(
    "leader_reception_days",
    _("领导接访天数"),
    TIMES,
    _(
        "矛盾纠纷调处中心有领导接访（接访领导已填写）的天数：同一机构同一天计一次，以当天第一条"
        "领导接访记录代表该天，按接待日期（received_on）计。"
    ),
    leader_reception_days,
    "received_on",
    190,
)
_flow(
    "leader_reception_batches",
    _("领导接访批次"),
    BATCHES,
    _("矛盾纠纷调处中心接访领导已填写的接待记录，每条计一批，按接待日期（received_on）计。"),
    leader_receptions,
    "received_on",
    191,
    (Breakdown("leader", _("按接访领导"), "leader"),),
)
_flow(
    "leader_reception_persons",
    _("领导接访人次"),
    PERSONS,
    _("矛盾纠纷调处中心领导接访记录的人数之和，按接待日期（received_on）计。"),
    leader_receptions,
    "received_on",
    192,
    sum_field="persons",
)
_flow(
    "pre_visit_guidance",
    _("预访疏导批次"),
    BATCHES,
    _("矛盾纠纷调处中心标记为“预访疏导”的接待记录，每条计一批，按接待日期（received_on）计。"),
    pre_visit_guidance,
    "received_on",
    200,
)
_flow(
    "pre_visit_guidance_persons",
    _("预访疏导人次"),
    PERSONS,
    _("矛盾纠纷调处中心预访疏导接待记录的人数之和，按接待日期（received_on）计。"),
    pre_visit_guidance,
    "received_on",
    201,
    sum_field="persons",
)
_flow(
    "centre_cases_accepted",
    _("调处中心直接受理纠纷数"),
    PIECES,
    _(
        "由矛盾纠纷调处中心本身（案件所属机构为调处中心，不含其下设的行业性专业性调委会）"
        "登记受理的纠纷案件，按受理日期（received_on）计。"
    ),
    centre_cases,
    "received_on",
    210,
    (_by_type(), _by_source()),
)
_flow(
    "professional_successes",
    _("行业性专业性调委会调解成功数"),
    PIECES,
    _(
        "调委会类型为“行业性专业性调委会”（在矛盾纠纷调处中心指导下）的调解成功案件，"
        "按协议生效日期（effective_on）计。"
    ),
    effective_agreements,
    "effective_on",
    220,
    (_by_type("case__dispute_type"), _by_source("case__source")),
    where=PROFESSIONAL_Q,
)


SUCCESS_RATE = FAMILY.ratio(
    "success_rate",
    _("调解成功率"),
    "cases_succeeded",
    "cases_closed",
    _("调解成功数 ÷ 调结数 × 100%（调结 = 成功 + 不成，不以受理数为分母）。"),
)


def success_rate(scope: registry.Scope) -> Decimal | None:
    """调解成功率 (%) = 调解成功数 / 调结数 × 100, two decimals; None when nothing was closed.

    Formula version 1 (DOMAIN §2.5: the denominator is 调结 = success + failure, not 受理).
    """
    return registry.ratio_value(SUCCESS_RATE, scope).value
