"""法律援助案件导入: the case book (法律援助案件台账), one case per row — its intake (申请, or
通知辩护/代理), review decision (给予 / 不予), assignment (承办机构, 承办人员, 委托协议), end
(办结 with the money recovered) or termination (终止), closing (结案材料, 结案审查, 归档) and a
quality check with its 评定 — declared on the import kit (sifa/core/imports) and applied
through the line's rules (`sifa.legalaid.actions.application_records`).

Natural key: the 申请编号. A row without one (the book had none) is found again by 受理机构,
收到申请日期, the applicant's 身份证号码 and the 援助事项, and numbered as a clerk's case is
when it is new. A row that matches a case updates what differs (a corrected file, or the case
went further); the same file again changes nothing. A number of another office or 收到申请日期
is an error.

The applicant is a natural person with a 居民身份证号码: a number the importer may see is that
person (the name must match), else the person is registered at the receiving office. The
provider and the handler are matched against the roster the importer may see (承办机构和人员 —
imported first): the provider by its name or 统一社会信用代码, the handler by name and, when
given, 执业证号; one not found is the row's error.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import spec, steps
from sifa.core.imports.spec import CREATE, UPDATE, ImportContext, ImportSpec
from sifa.legalaid.actions import application_records as records
from sifa.legalaid.actions.application_records import (
    ApplicationRecord,
    AssignmentInput,
    ClosingInput,
    DecisionInput,
    EndInput,
    NotificationInput,
    QualityInput,
    TerminationInput,
)
from sifa.legalaid.actions.checks import Checks
from sifa.legalaid.constants import (
    ApplicantGroup,
    Area,
    Channel,
    CriminalStage,
    DefenceGround,
    ExemptionProof,
    HardshipCheck,
    Matter,
    MatterType,
    NotifyingOrgan,
    Origin,
    Outcome,
    QualityGrade,
    QualityKind,
    Satisfaction,
    TerminationGround,
)
from sifa.legalaid.imports import common
from sifa.legalaid.selectors.imports import (
    applications_for_import,
    archive_numbers_of,
    providers_for_import,
    registered_notices,
)

KEY = "legalaid.applications"
GRANT, REFUSE = "grant", "refuse"
DECISIONS = ((GRANT, gettext_lazy("给予")), (REFUSE, gettext_lazy("不予")))
DECISION_WORDS = {
    "决定给予": GRANT,
    "给予法律援助": GRANT,
    "决定给予法律援助": GRANT,
    "同意": GRANT,
    "决定不予": REFUSE,
    "不予法律援助": REFUSE,
    "决定不予法律援助": REFUSE,
    "不同意": REFUSE,
}
ORIGIN_WORDS = {"通知辩护": Origin.NOTIFICATION, "通知代理": Origin.NOTIFICATION}
GRADE_WORDS = {"优秀": QualityGrade.EXCELLENT, "良好": QualityGrade.GOOD}
QUALITY_KIND_WORDS = {"回访": QualityKind.FOLLOW_UP, "旁听庭审": QualityKind.HEARING_ATTENDANCE}

FIELDS = (
    spec.text(
        "number",
        "申请编号",
        max_length=40,
        as_text=True,
        note=gettext_lazy("原案件编号，全系统唯一；留空则按本系统规则自动编号"),
        width=22,
        example="（2025）甲法援字第12号",
    ),
    spec.office_code(
        "office_code",
        "受理机构编码",
        gettext_lazy("受理案件的法律援助中心或工作站的机构编码"),
        example="330102L001",
    ),
    spec.date("received_on", "收到申请日期", required=True, example="2025-03-03"),
    spec.choice(
        "origin",
        "案件来源",
        lambda: Origin.choices,
        default=Origin.APPLICATION,
        aliases=ORIGIN_WORDS,
        note=gettext_lazy("留空为“申请”；通知辩护/代理的，收到通知日期即受理日期"),
        example="申请",
    ),
    spec.choice(
        "channel",
        "申请渠道",
        lambda: Channel.choices,
        default=Channel.VISIT,
        note=gettext_lazy("留空为“来访”；通知辩护/代理不填"),
    ),
    spec.text("applicant", "申请人姓名", required=True, max_length=50, example="张三"),
    spec.resident_id("applicant_id", "申请人身份证号码", required=True),
    spec.text("agent_name", "代为申请人", max_length=50),
    spec.text("agent_relation", "与申请人关系", max_length=30),
    spec.choice(
        "matter_type", "案件类别", lambda: MatterType.choices, required=True, example="民事"
    ),
    spec.choice(
        "matter",
        "援助事项",
        lambda: Matter.choices,
        required=True,
        width=30,
        example="请求确认劳动关系或者支付劳动报酬",
    ),
    spec.text(
        "facts",
        "案情及申请理由",
        required=True,
        width=30,
        example="申请人在工地务工，被拖欠工资三个月。",
    ),
    spec.text("adverse_party", "对方当事人", max_length=100, width=24, example="某建筑劳务公司"),
    spec.amount("amount_claimed", "请求金额（元）", note=gettext_lazy("单位：元，留空为0")),
    common.several(
        "groups",
        "受援人群体",
        lambda: ApplicantGroup.choices,
        note=gettext_lazy("可填多项，用顿号“、”分隔，如：农民工、妇女"),
        example="农民工",
    ),
    spec.choice("area", "城乡", lambda: Area.choices),
    spec.integer("household_size", "家庭人口", minimum=1),
    spec.amount("household_monthly_income", "家庭月收入（元）", default=None),
    spec.choice("exemption_proof", "免予核查情形", lambda: ExemptionProof.choices),
    spec.choice("hardship_check", "经济状况审查方式", lambda: HardshipCheck.choices),
    spec.yes_no("serious_charge", "可能判处无期徒刑、死刑", default=False),
    spec.choice("defence_ground", "第二十五条情形", lambda: DefenceGround.choices),
    spec.choice(
        "notifying_organ",
        "通知机关类别",
        lambda: NotifyingOrgan.choices,
        note=gettext_lazy("通知辩护/代理必填"),
    ),
    spec.text("notifying_organ_name", "通知机关", max_length=100, width=22),
    spec.text("notice_number", "通知书文号", max_length=60, as_text=True, width=22),
    spec.choice("criminal_stage", "诉讼阶段", lambda: CriminalStage.choices),
    spec.text("notification_ground", "通知理由", max_length=100, width=22),
    spec.choice(
        "decision",
        "审查决定",
        lambda: DECISIONS,
        aliases=DECISION_WORDS,
        note=gettext_lazy("给予或不予；尚未审查的留空；通知辩护/代理不填"),
        example="给予",
    ),
    spec.date("decided_on", "审查决定日期", example="2025-03-05"),
    spec.text(
        "refusal_reasons",
        "不予援助理由",
        width=30,
        note=gettext_lazy("决定不予的必填（法律援助法第43条）"),
    ),
    spec.text(
        "provider",
        "承办机构",
        max_length=100,
        width=24,
        note=gettext_lazy("承办机构名册中的机构名称或统一社会信用代码"),
        example="某某律师事务所",
    ),
    spec.text(
        "handler",
        "承办人员",
        max_length=50,
        note=gettext_lazy("该机构在册的承办人员姓名"),
        example="李律师",
    ),
    spec.text(
        "licence_number",
        "执业证号",
        max_length=30,
        as_text=True,
        width=20,
        note=gettext_lazy("承办人员的执业证号；同名时必填"),
    ),
    spec.date("assigned_on", "指派日期", example="2025-03-06"),
    spec.date(
        "signed_on",
        "委托协议签订日期",
        note=gettext_lazy("已办结的案件留空时按指派日期记录"),
        example="2025-03-08",
    ),
    spec.choice("outcome", "办理结果", lambda: Outcome.choices, example="胜诉"),
    spec.date("ended_on", "办结日期", example="2025-06-30"),
    spec.amount("money_recovered", "挽回经济损失（元）", example="36000"),
    spec.choice("termination_ground", "终止理由", lambda: TerminationGround.choices, width=30),
    spec.date("terminated_on", "终止日期"),
    spec.text("termination_note", "终止情况说明", width=30),
    spec.date("materials_submitted_on", "提交结案材料日期", example="2025-07-10"),
    spec.date("reviewed_on", "结案审查日期", note=gettext_lazy("审查通过、归档的日期")),
    spec.text("archive_number", "档案号", max_length=40, as_text=True),
    spec.choice(
        "quality_kind",
        "质量检查方式",
        lambda: QualityKind.choices,
        aliases=QUALITY_KIND_WORDS,
        note=gettext_lazy("庭审旁听、案卷检查、征询司法机关意见、回访受援人、同行评估"),
    ),
    spec.date("quality_checked_on", "质量检查日期"),
    spec.choice(
        "quality_grade",
        "质量评定",
        lambda: QualityGrade.choices,
        aliases=GRADE_WORDS,
        header_aliases=("质量评级", "质量评估"),
    ),
    spec.choice(
        "quality_satisfaction",
        "受援人满意度",
        lambda: Satisfaction.choices,
        note=gettext_lazy("回访受援人时必填"),
    ),
    spec.text("quality_notes", "质量检查情况", width=30),
)

# Where an error of the rules (by their field) is shown in the file.
FIELD_COLUMNS = {
    "office": "office_code",
    "applicant": "applicant_id",
    "matter_type": "matter_type",
    "matter": "matter",
    "origin": "origin",
    "channel": "channel",
    "facts": "facts",
    "received_on": "received_on",
    "groups": "groups",
    "area": "area",
    "household_size": "household_size",
    "household_monthly_income": "household_monthly_income",
    "exemption_proof": "exemption_proof",
    "hardship_check": "hardship_check",
    "amount_claimed": "amount_claimed",
    "agent_relation": "agent_relation",
    "serious_charge": "serious_charge",
    "defence_ground": "defence_ground",
    "notification.notifying_organ": "notifying_organ",
    "notification.notifying_organ_name": "notifying_organ_name",
    "notification.criminal_stage": "criminal_stage",
    "notification.notification_ground": "notification_ground",
    "notification.notice_number": "notice_number",
    "status": None,
    "decision.decided_on": "decided_on",
    "decision.refusal_reasons": "refusal_reasons",
    "assignment.provider": "provider",
    "assignment.handler": "handler",
    "assignment.assigned_on": "assigned_on",
    "assignment.signed_on": "signed_on",
    "assignment.__all__": "assigned_on",
    "end.outcome": "outcome",
    "end.ended_on": "ended_on",
    "end.money_recovered": "money_recovered",
    "termination.ground": "termination_ground",
    "termination.terminated_on": "terminated_on",
    "termination.note": "termination_note",
    "closing.submitted_on": "materials_submitted_on",
    "closing.materials_submitted_on": "materials_submitted_on",
    "closing.reviewed_on": "reviewed_on",
    "closing.archive_number": "archive_number",
    "quality.kind": "quality_kind",
    "quality.checked_on": "quality_checked_on",
    "quality.grade": "quality_grade",
    "quality.satisfaction": "quality_satisfaction",
}
# Columns filled together or not at all: (columns, the message).
TOGETHER = (
    (("decision", "decided_on"), gettext_lazy("审查决定和审查决定日期应同时填写。")),
    (
        ("provider", "handler", "assigned_on"),
        gettext_lazy("指派应填写承办机构、承办人员和指派日期。"),
    ),
    (("outcome", "ended_on"), gettext_lazy("办结应填写办理结果和办结日期。")),
    (("termination_ground", "terminated_on"), gettext_lazy("终止应填写终止理由和终止日期。")),
    (("reviewed_on", "archive_number"), gettext_lazy("归档应填写结案审查日期和档案号。")),
    (
        ("quality_kind", "quality_checked_on"),
        gettext_lazy("质量检查应填写质量检查方式和质量检查日期。"),
    ),
)


# --- one row ---------------------------------------------------------------------------------


def check_row(row, plan) -> None:
    """The rules between the cells of one row (before anything is looked up): which columns
    go together. The dates' order is the line's rules' (checked against the database)."""
    for keys, message in TOGETHER:
        given = [key for key in keys if row.get(key)]
        if given and len(given) < len(keys):
            missing = next(key for key in keys if not row.get(key))
            plan.error(row, missing, str(message))
    notified = row["origin"] == Origin.NOTIFICATION
    if notified and row["decision"]:
        plan.error(row, "decision", _("通知辩护/代理案件收到通知之日即受理，不填写审查决定。"))
    if row["signed_on"] and not row["assigned_on"]:
        plan.error(row, "signed_on", _("尚未指派的案件不填写委托协议签订日期。"))
    if row["outcome"] and row["termination_ground"]:
        plan.error(row, "termination_ground", _("同一案件不能既办结又终止。"))
    if row["money_recovered"] and not row["outcome"]:
        plan.error(row, "money_recovered", _("只有办结的案件填写挽回经济损失。"))
    if row["materials_submitted_on"] and not row["outcome"]:
        plan.error(row, "materials_submitted_on", _("只有办结的案件提交结案材料。"))
    if row["reviewed_on"] and row["outcome"] and not row["materials_submitted_on"]:
        plan.error(row, "materials_submitted_on", _("已办结的案件归档前应提交结案材料。"))
    if row["reviewed_on"] and not (row["outcome"] or row["termination_ground"]):
        plan.error(row, "reviewed_on", _("只有办结或终止的案件才能归档。"))
    quality = ("quality_grade", "quality_satisfaction", "quality_notes")
    if not row["quality_kind"] and any(row.get(key) for key in quality):
        plan.error(row, "quality_kind", _("请填写质量检查方式和质量检查日期。"))


# --- against the database --------------------------------------------------------------------


class _Roster:
    """The providers (and their handlers) the importer may see, found by name or code."""

    def __init__(self, ctx: ImportContext):
        self.providers = providers_for_import(actor=ctx.actor)
        self.by_text: dict[str, list] = {}
        for provider in self.providers:
            for text in {provider.name, provider.credit_code}:
                if text:
                    self.by_text.setdefault(text, []).append(provider)

    def keys(self) -> set[int]:
        return {provider.pk for provider in self.providers}

    def match(self, plan, row, office):
        """(provider, handler) the row names, or None having filed why."""
        text = row["provider"]
        candidates = self.by_text.get(text, [])
        if len(candidates) > 1:
            # The roster of the receiving office (or of one above it) is the one meant.
            candidates = [p for p in candidates if office.path.startswith(p.office.path)]
        if not candidates:
            message = _("承办机构“%(name)s”不在您可查看的承办机构名册中，请先导入承办机构和人员。")
            plan.error(row, "provider", message % {"name": text})
            return None
        if len(candidates) > 1:
            message = _("名册中有多个名为“%(name)s”的承办机构，请填写其统一社会信用代码。")
            plan.error(row, "provider", message % {"name": text})
            return None
        provider = candidates[0]
        name, licence = row["handler"], row["licence_number"]
        handlers = [h for h in provider.handlers.all() if h.person.name == name]
        if licence:
            handlers = [h for h in handlers if h.licence_number == licence]
        if not handlers:
            described = f"{name}（{licence}）" if licence else name
            message = _("承办机构“%(provider)s”的名册中没有承办人员“%(handler)s”。")
            plan.error(row, "handler", message % {"provider": provider.name, "handler": described})
            return None
        if len(handlers) > 1:
            message = _("承办机构“%(provider)s”有多名“%(handler)s”，请填写执业证号。")
            plan.error(
                row, "licence_number", message % {"provider": provider.name, "handler": name}
            )
            return None
        return provider, handlers[0]


def resolve(plan, ctx: ImportContext) -> None:
    offices = common.offices(plan, ctx)
    rows = [row for row in plan.good_rows() if row.line in offices]
    if not rows:
        return
    persons = common.Persons(ctx, [row["applicant_id"] for row in rows])
    roster = _Roster(ctx) if any(row["provider"] for row in rows) else None
    built = {}
    for row in rows:
        record = _record(plan, row, offices[row.line], persons, roster)
        if record is not None:
            built[row.line] = record
    existing = _existing(plan, [r for r in rows if r.line in built], built)
    checks = _checks(ctx, persons.keys(), roster, built.values())
    for row in plan.good_rows():
        if row.line in built:
            steps.judge(
                plan,
                row,
                built[row.line],
                existing.get(row.line),
                create_errors=lambda record: records.record_errors(checks, record),
                update_errors=lambda found, record: records.update_errors(checks, found, record),
                changes=records.record_changes,
                columns=FIELD_COLUMNS,
            )
    ctx.cache["persons"] = persons
    ctx.cache["roster"] = roster


def _checks(ctx: ImportContext, persons: set[int], roster, built) -> Checks:
    built = list(built)
    notices = [
        (r.notification.organ_name.strip(), r.notification.notice_number)
        for r in built
        if r.notified and r.notification is not None
    ]
    return Checks(
        ctx.actor,
        persons=persons,
        providers=roster.keys() if roster is not None else set(),
        notices=registered_notices(notices),
        archive_numbers=archive_numbers_of({r.office.pk for r in built}),
    )


def _record(plan, row, office, persons: common.Persons, roster) -> ApplicationRecord | None:
    applicant = persons.person(row["applicant_id"], row["applicant"], office)
    if not persons.named(plan, row, "applicant_id", applicant, row["applicant"]):
        return None
    assignment = None
    if row["provider"]:
        matched = roster.match(plan, row, office)
        if matched is None:
            return None
        provider, handler = matched
        assignment = AssignmentInput(
            provider=provider,
            handler=handler,
            assigned_on=row["assigned_on"],
            signed_on=row["signed_on"],
        )
    return ApplicationRecord(
        office=office,
        applicant=applicant,
        number=row["number"],
        origin=row["origin"],
        channel=row["channel"],
        matter_type=row["matter_type"],
        matter=row["matter"],
        facts=row["facts"],
        received_on=row["received_on"],
        adverse_party=row["adverse_party"],
        amount_claimed=row["amount_claimed"] or Decimal(0),
        groups=tuple(row["groups"] or ()),
        agent_name=row["agent_name"],
        agent_relation=row["agent_relation"],
        area=row["area"],
        household_size=row["household_size"],
        household_monthly_income=row["household_monthly_income"],
        exemption_proof=row["exemption_proof"],
        hardship_check=row["hardship_check"],
        serious_charge=bool(row["serious_charge"]),
        defence_ground=row["defence_ground"],
        notification=_notification(row),
        decision=_decision(row),
        assignment=assignment,
        end=_end(row),
        termination=_termination(row),
        closing=_closing(row),
        quality=_quality(row),
    )


def _notification(row) -> NotificationInput | None:
    if row["origin"] != Origin.NOTIFICATION:
        return None
    return NotificationInput(
        organ=row["notifying_organ"],
        organ_name=row["notifying_organ_name"],
        stage=row["criminal_stage"],
        ground=row["notification_ground"],
        notice_number=row["notice_number"],
    )


def _decision(row) -> DecisionInput | None:
    if not row["decision"]:
        return None
    return DecisionInput(
        grant=row["decision"] == GRANT,
        decided_on=row["decided_on"],
        refusal_reasons=row["refusal_reasons"],
    )


def _end(row) -> EndInput | None:
    if not row["outcome"]:
        return None
    return EndInput(
        outcome=row["outcome"],
        ended_on=row["ended_on"],
        money_recovered=row["money_recovered"] or Decimal(0),
    )


def _termination(row) -> TerminationInput | None:
    if not row["termination_ground"]:
        return None
    return TerminationInput(
        ground=row["termination_ground"],
        terminated_on=row["terminated_on"],
        note=row["termination_note"],
    )


def _closing(row) -> ClosingInput | None:
    if not (row["materials_submitted_on"] or row["reviewed_on"]):
        return None
    return ClosingInput(
        materials_submitted_on=row["materials_submitted_on"],
        reviewed_on=row["reviewed_on"],
        archive_number=row["archive_number"],
    )


def _quality(row) -> list[QualityInput]:
    if not row["quality_kind"]:
        return []
    return [
        QualityInput(
            kind=row["quality_kind"],
            checked_on=row["quality_checked_on"],
            grade=row["quality_grade"],
            satisfaction=row["quality_satisfaction"],
            notes=row["quality_notes"],
        )
    ]


def _existing(plan, rows, built) -> dict:
    """{row line: the case it names}: by 申请编号; a row without one by office, 收到申请日期,
    applicant and 援助事项. A number used by another office or 收到申请日期 is an error."""
    numbered = [r for r in rows if r["number"]]
    by_number = applications_for_import(numbers=[r["number"] for r in numbered])
    found = {}
    for row in numbered:
        application = by_number.get(row["number"])
        if application is None:
            continue
        record = built[row.line]
        if (application.office_id, application.received_on) != (
            record.office.pk,
            record.received_on,
        ):
            message = _("申请编号“%(number)s”已被另一案件使用（受理机构或收到申请日期不同）。")
            plan.error(row, "number", message % {"number": row["number"]})
            continue
        found[row.line] = application
    found.update(_matched_without_number([r for r in rows if not r["number"]], built))
    return found


def _matched_without_number(rows, built) -> dict:
    wanted = {}
    for row in rows:
        record = built[row.line]
        if record.applicant.pk < 0:
            continue  # a person not yet registered names no existing case
        key = (record.office.pk, record.received_on, record.applicant.pk, record.matter)
        wanted[key] = row
    if not wanted:
        return {}
    condition = Q()
    for office_id, received_on, applicant_id, matter in wanted:
        condition |= Q(
            office_id=office_id, received_on=received_on, applicant_id=applicant_id, matter=matter
        )
    found = {}
    for application in applications_for_import(condition=condition):
        key = (
            application.office_id,
            application.received_on,
            application.applicant_id,
            application.matter,
        )
        if key in wanted:
            found[wanted[key].line] = application
    return found


# --- writing ---------------------------------------------------------------------------------


def apply(plan, ctx: ImportContext) -> list:
    """New persons, then new cases in bulk, then the updates one by one through the actions
    (all in the import's transaction)."""
    reason = steps.reason(ctx, _("历史案件导入"))
    persons: common.Persons = ctx.cache["persons"]
    creating = [row for row in plan.rows if row.action == CREATE]
    updating = [row for row in plan.rows if row.action == UPDATE]
    changes = persons.register_records(creating + updating, reason, "applicant")
    built = [row.found["record"] for row in creating]
    roster = ctx.cache.get("roster")
    keys = persons.keys() | {change.record.pk for change in changes}
    checks = _checks(ctx, keys, roster, built)
    return changes + steps.write_records(
        plan,
        create=lambda built: records.records_create(
            actor=ctx.actor, records=built, checks=checks, reason=reason
        ),
        update=lambda application, record: records.record_update(
            actor=ctx.actor, application=application, record=record
        ),
        columns=FIELD_COLUMNS,
        whole="status",
    )


RULES = (
    gettext_lazy(
        "在“案件”工作表中每行填写一件法律援助案件，第一行表头不要修改；红色表头为必填列。"
        "请先导入“承办机构和人员”，再导入案件。"
    ),
    gettext_lazy("受理机构编码：您有权登记案件的法律援助中心或工作站的机构编码。"),
    gettext_lazy(
        "案件来源、申请渠道、案件类别、援助事项、审查决定、办理结果、终止理由、质量检查方式、"
        "质量评定、受援人满意度等请从下拉列表中选择；可选值见“选项”工作表，也可填写代码。"
    ),
    gettext_lazy(
        "日期可写作 2025-03-15、2025/3/15、2025年3月15日，不能晚于今天；审查决定、指派、"
        "办结、终止、结案审查的日期按办案顺序不能早于前一环节。"
    ),
    gettext_lazy(
        "申请人须填写居民身份证号码：人员信息库中已有的直接使用（姓名须一致），否则按姓名和证件号码登记。"
    ),
    gettext_lazy(
        "通知辩护/代理的案件填写通知机关类别、通知机关、诉讼阶段和通知理由，收到通知之日即受理，"
        "不填写审查决定；同一通知机关的同一通知书文号只能登记一次。"
    ),
    gettext_lazy(
        "承办机构填写名册中的机构名称或统一社会信用代码，承办人员填写该机构在册人员的姓名，"
        "同名时填写执业证号；找不到的行为错误。刑事案件应指派律师，可能判处无期徒刑、死刑的案件"
        "应指派具有三年以上刑事辩护经历的律师（法律援助法第二十五、二十六条）。"
        "已办结、终止或归档的案件，承办机构和人员现已不在册的也可导入。"
    ),
    gettext_lazy(
        "办结的案件填写办理结果、办结日期和挽回经济损失，委托协议签订日期留空时按指派日期记录；"
        "终止的案件填写终止理由和终止日期；归档的案件填写结案审查日期和档案号"
        "（办结的案件还须填写提交结案材料日期）。"
    ),
    gettext_lazy(
        "每行可填写一次质量检查；回访受援人的须填写受援人满意度。再次导入同一案件时，"
        "检查方式和日期不同的质量检查会补充登记。"
    ),
    gettext_lazy(
        "重复导入同一文件不会重复登记；修改后的文件只更新有变化的案件（按申请编号，或按受理机构、"
        "收到申请日期、申请人和援助事项查找）：可补登后续环节，可更正案情、对方当事人、请求金额、"
        "办理结果和挽回经济损失；已登记的审查决定、指派、办结、终止的日期和内容须在案件页面处理。"
    ),
    gettext_lazy("导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
)

APPLICATIONS = ImportSpec(
    key=KEY,
    title=gettext_lazy("法律援助案件"),
    sheet="案件",
    fields=FIELDS,
    capability="edit",
    line="legalaid",
    resolve=resolve,
    apply=apply,
    natural_key=("number",),
    unique_together=(
        ("number",),
        ("office_code", "received_on", "applicant_id", "matter"),
        ("notifying_organ_name", "notice_number"),
        ("office_code", "archive_number"),
    ),
    check_row=check_row,
    rules=RULES,
    examples=(
        {
            "number": "（2025）甲法援字第12号",
            "office_code": "330102L001",
            "received_on": "2025-03-03",
            "origin": "申请",
            "channel": "来访",
            "applicant": "张三",
            "applicant_id": "330102198001010018",
            "matter_type": "民事",
            "matter": "请求确认劳动关系或者支付劳动报酬",
            "facts": "申请人在工地务工，被拖欠工资三个月。",
            "adverse_party": "某建筑劳务公司",
            "groups": "农民工",
            "decision": "给予",
            "decided_on": "2025-03-05",
            "provider": "某某律师事务所",
            "handler": "李律师",
            "assigned_on": "2025-03-06",
            "signed_on": "2025-03-08",
            "outcome": "胜诉",
            "ended_on": "2025-06-30",
            "money_recovered": "36000",
            "quality_kind": "回访受援人",
            "quality_checked_on": "2025-07-05",
            "quality_grade": "优",
            "quality_satisfaction": "满意",
        },
    ),
    order=62,
    list_url="legalaid:application_list",
    description=gettext_lazy(
        "法律援助案件台账：申请或通知、审查决定、指派、办结或终止、结案归档、质量检查。"
    ),
)
