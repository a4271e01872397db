"""调解案件导入: a mediation register (调解台账), one case per row, with every outcome the line
knows, the agreement and its 协议涉及金额, performance, 司法确认 and its result, a 回访 and
归档 — declared on the import kit (docs/imports.md), applied through the line's actions
(`sifa.mediation.actions.case_records`).

How a row is found again (natural key): its 案件编号; a row without one (the register had no
numbers) by committee, 受理日期, 纠纷简要情况 and the applicant's ID number. A row that matches
a case updates what differs (the file was corrected or the case went further); the same file
again changes nothing. A number of another committee or 受理日期 is an error.

Parties: the applicant is a natural person with a 居民身份证号码; the respondent a natural
person (with the number) or an organisation (without). A number the user may see registered
already is that person (the name must match); else the person is registered at the committee.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import spec, steps
from sifa.core.imports.spec import CREATE, UPDATE, ImportContext, ImportSpec, Ref
from sifa.core.validation import one_day
from sifa.mediation.actions import case_records
from sifa.mediation.actions.case_records import (
    AgreementInput,
    CaseRecord,
    ConfirmationInput,
    FollowUpInput,
    PerformanceInput,
)
from sifa.mediation.actions.cases import FOLLOW_UP_METHODS, Checks, PartyInput
from sifa.mediation.constants import (
    DISPUTE_TYPE_CODE_LIST,
    NOT_MEDIABLE_CODE_LIST,
    SOURCE_CODE_LIST,
    AgreementForm,
    CaseOutcome,
    ConfirmationDecision,
    PartyKind,
    PartyRole,
    Performance,
)
from sifa.mediation.selectors.cases import (
    case_keys_for_import,
    cases_for_import,
    committees_for_import,
    mediators_of,
)
from sifa.people import actions as people_actions
from sifa.people import selectors as people_selectors
from sifa.people.models import Person

KEY = "mediation.cases"
DATA_SHEET = "案件"
# What the register does not say but each closing must (the paper file holds it).
REGISTER_NOTE = "详见纸质卷宗（由台账导入）。"
CLOSED = {
    CaseOutcome.AGREED,
    CaseOutcome.FAILED,
    CaseOutcome.REFUSED,
    CaseOutcome.TERMINATED,
    CaseOutcome.NOT_ACCEPTED,
}
# The words of paper registers for the outcomes and forms.
OUTCOME_WORDS = {
    "成功": CaseOutcome.AGREED,
    "调解成功": CaseOutcome.AGREED,
    "不成": CaseOutcome.FAILED,
    "调解不成功": CaseOutcome.FAILED,
    "调解失败": CaseOutcome.FAILED,
    "拒绝调解": CaseOutcome.REFUSED,
    "终止": CaseOutcome.TERMINATED,
    "仍在调解": CaseOutcome.IN_MEDIATION,
    "正在调解": CaseOutcome.IN_MEDIATION,
}
FORM_WORDS = {"书面": AgreementForm.WRITTEN, "口头": AgreementForm.ORAL}

FIELDS = (
    spec.text(
        "number",
        "案件编号",
        max_length=40,
        as_text=True,
        note=gettext_lazy("原案件编号，全系统唯一；留空则自动编号"),
        width=20,
    ),
    spec.office_code(
        "office_code", "调解组织编码", gettext_lazy("受理案件的人民调解委员会的机构编码")
    ),
    spec.date(
        "received_on",
        "受理日期",
        required=True,
        invalid=gettext_lazy("日期格式应为 年-月-日。"),
        example="2025-03-01",
    ),
    spec.code("source", "纠纷来源", SOURCE_CODE_LIST, required=True, example="依申请"),
    spec.code(
        "dispute_type", "纠纷类型", DISPUTE_TYPE_CODE_LIST, required=True, example="邻里纠纷"
    ),
    spec.text(
        "facts", "纠纷简要情况", required=True, width=30, example="双方因排水沟堵塞发生争执。"
    ),
    spec.text("claims", "当事人请求", width=30),
    spec.amount("amount", "涉及金额", note=gettext_lazy("单位：元，留空为0"), example="1200.50"),
    spec.integer(
        "persons_involved", "涉及人数", minimum=1, default=2, note=gettext_lazy("整数，留空为2")
    ),
    spec.text(
        "applicant",
        "申请人",
        required=True,
        max_length=50,
        note=gettext_lazy("申请人姓名"),
        example="张三",
    ),
    spec.resident_id("applicant_id", "申请人证件号码", required=True),
    spec.text(
        "respondent",
        "被申请人",
        required=True,
        max_length=100,
        note=gettext_lazy("姓名，或法人、其他组织的名称"),
        width=30,
        example="李四",
    ),
    spec.resident_id(
        "respondent_id",
        "被申请人证件号码",
        note=gettext_lazy("自然人填居民身份证号码；法人或其他组织留空"),
    ),
    spec.choice(
        "result",
        "结果",
        lambda: CaseOutcome.choices,
        default=CaseOutcome.IN_MEDIATION,
        aliases=OUTCOME_WORDS,
        note=gettext_lazy(
            "已受理、调解中、调解成功、调解不成、当事人拒绝调解、终止调解、不予受理；留空表示仍在调解"
        ),
        example="调解成功",
    ),
    spec.date(
        "closed_on",
        "调结日期",
        note=gettext_lazy("已办结的案件必填，不早于受理日期；调解成功为协议生效日期"),
        invalid=gettext_lazy("日期格式应为 年-月-日。"),
        example="2025-03-10",
    ),
    spec.choice(
        "agreement_form",
        "协议形式",
        lambda: AgreementForm.choices,
        aliases=FORM_WORDS,
        note=gettext_lazy("调解成功时必填：书面或口头"),
        example="书面协议",
    ),
    spec.amount(
        "agreement_amount",
        "协议涉及金额",
        note=gettext_lazy("调解成功的协议涉及的金额，单位：元，留空为0"),
        example="1200.50",
    ),
    spec.text("agreement_terms", "协议内容", width=30, note=gettext_lazy("留空：详见纸质卷宗")),
    spec.date(
        "performance_deadline",
        "履行期限",
        future=True,
        note=gettext_lazy("协议约定的履行期限，可晚于今天"),
    ),
    spec.choice(
        "performance", "履行情况", lambda: Performance.choices, note=gettext_lazy("留空为待履行")
    ),
    spec.date("performed_on", "履行日期", note=gettext_lazy("已履行、部分履行时必填")),
    spec.amount("amount_performed", "已履行金额", note=gettext_lazy("单位：元，留空为0")),
    spec.date("confirmation_applied_on", "司法确认申请日期", note=gettext_lazy("协议生效后30日内")),
    spec.text("confirmation_court", "司法确认法院", max_length=100, width=20),
    spec.choice(
        "confirmation_decision",
        "司法确认结果",
        lambda: ConfirmationDecision.choices,
        note=gettext_lazy("审查中、确认有效、不予确认、撤回申请；留空为审查中"),
    ),
    spec.date("confirmation_decided_on", "司法确认裁定日期"),
    spec.text("court_case_number", "调确字案号", max_length=60, width=20),
    spec.date("follow_up_on", "回访日期", note=gettext_lazy("调解成功或不成的案件")),
    spec.choice(
        "follow_up_method",
        "回访方式",
        lambda: [(m, m) for m in FOLLOW_UP_METHODS],
        note=gettext_lazy("电话或上门"),
    ),
    spec.yes_no("satisfied", "当事人满意"),
    spec.text("follow_up_notes", "回访情况", width=30),
    spec.code(
        "not_mediable_matter",
        "不予受理事项",
        NOT_MEDIABLE_CODE_LIST,
        note=gettext_lazy("不予受理时必填：不属人民调解范围的事项"),
    ),
    spec.text(
        "closing_note",
        "结果说明",
        width=30,
        note=gettext_lazy("不成、拒绝、终止、不予受理的情况或告知的途径；留空：详见纸质卷宗"),
    ),
    spec.text(
        "mediator",
        "承办调解员",
        max_length=50,
        note=gettext_lazy("受理日期在任的本调委会调解员姓名；留空为任职最早的在任调解员"),
    ),
    spec.date("archived_on", "归档日期"),
)
COLUMNS = FIELDS

# Where an error of the actions (by their field) is shown in the file.
FIELD_COLUMNS = {
    "office": "office_code",
    "source": "source",
    "dispute_type": "dispute_type",
    "facts": "facts",
    "received_on": "received_on",
    "amount": "amount",
    "persons_involved": "persons_involved",
    "parties": "applicant",
    "outcome": "result",
    "closed_on": "closed_on",
    "agreement": "agreement_form",
    "agreement.form": "agreement_form",
    "agreement.reached_on": "closed_on",
    "agreement.parties_signed_on": "closed_on",
    "agreement.mediator_signed_on": "closed_on",
    "agreement.sealed_on": "closed_on",
    "agreement.terms": "agreement_terms",
    "agreement.amount": "agreement_amount",
    "agreement.performance_deadline": "performance_deadline",
    "close.on": "closed_on",
    "close.matter": "not_mediable_matter",
    "close.reason": "closing_note",
    "close.referral_note": "closing_note",
    "close.routes_told": "closing_note",
    "performance.performance": "performance",
    "performance.performed_on": "performed_on",
    "performance.amount_performed": "amount_performed",
    "performance.__all__": "performance",
    "confirmation.applied_on": "confirmation_applied_on",
    "confirmation.court": "confirmation_court",
    "confirmation.decision": "confirmation_decision",
    "confirmation.decided_on": "confirmation_decided_on",
    "confirmation.court_case_number": "court_case_number",
    "confirmation.__all__": "confirmation_applied_on",
    "follow_up.visited_on": "follow_up_on",
    "follow_up.method": "follow_up_method",
    "follow_up.performance": "performance",
    "follow_up.__all__": "follow_up_on",
    "archive.on": "archived_on",
    "archive.__all__": "archived_on",
}
AGREEMENT_ONLY = (
    "agreement_form",
    "agreement_amount",
    "agreement_terms",
    "performance_deadline",
    "performance",
    "performed_on",
    "amount_performed",
    "confirmation_applied_on",
    "confirmation_court",
    "confirmation_decision",
    "confirmation_decided_on",
    "court_case_number",
)


# --- one row ---------------------------------------------------------------------------------


def check_row(row, plan) -> None:
    """The rules between the cells of one row (before anything is looked up)."""
    outcome = row["result"]
    received, closed = row["received_on"], row["closed_on"]
    if outcome in CLOSED and closed is None:
        plan.error(row, "closed_on", _("有调解结果时必须填写调结日期。"))
    if outcome not in CLOSED and closed is not None:
        plan.error(row, "closed_on", _("仍在调解的案件不填调结日期。"))
    if closed and received and closed < received:
        plan.error(row, "closed_on", _("调结日期不能早于受理日期。"))
    if outcome == CaseOutcome.AGREED and not row["agreement_form"]:
        plan.error(row, "agreement_form", _("调解成功的案件应填写“书面”或“口头”。"))
    if outcome != CaseOutcome.AGREED:
        for key in AGREEMENT_ONLY:
            if row.get(key) not in (None, "", Decimal(0)):
                header = plan.spec.field(key).header
                message = _("只有调解成功的案件填写%(header)s。") % {"header": header}
                plan.error(row, key, message)
                break
    if outcome == CaseOutcome.NOT_ACCEPTED and not row["not_mediable_matter"]:
        plan.error(row, "not_mediable_matter", _("不予受理的案件应填写不予受理事项。"))
    if row["applicant_id"] and row["applicant_id"] == row["respondent_id"]:
        plan.error(row, "respondent_id", _("被申请人与申请人的证件号码相同。"))
    follow_up = [row[k] for k in ("follow_up_on", "follow_up_method")]
    if any(follow_up) and not all(follow_up):
        key = "follow_up_method" if row["follow_up_on"] else "follow_up_on"
        plan.error(row, key, _("回访应填写回访日期和回访方式。"))


# --- against the database --------------------------------------------------------------------


class _NewPerson:
    """A party not yet registered: a stand-in with a temporary negative key until `register`."""

    __slots__ = ("id_number", "name", "office", "pk")

    def __init__(self, pk: int, name: str, office, id_number: str):
        self.pk, self.name, self.office, self.id_number = pk, name, office, id_number


class _Persons:
    """The parties' persons: those the actor may see by ID number, and the ones to register."""

    def __init__(self, ctx: ImportContext, numbers):
        self.ctx = ctx
        self.found = people_selectors.persons_by_id_numbers(actor=ctx.actor, numbers=numbers)
        self.new: dict[str, _NewPerson] = {}

    def person(self, number: str, name: str, office):
        found = self.found.get(number)
        if found is not None:
            return found
        if number not in self.new:
            self.new[number] = _NewPerson(-(len(self.new) + 1), name, office, number)
        return self.new[number]

    def keys(self) -> set[int]:
        return {p.pk for p in self.found.values()} | {p.pk for p in self.new.values()}

    def register(self, reason: str) -> dict[int, Ref]:
        """Register the new ones; {stand-in key: the person registered}."""
        stand_ins = list(self.new.values())
        entries = [
            people_actions.PersonEntry(office=p.office, name=p.name, id_number=p.id_number)
            for p in stand_ins
        ]
        keys = people_actions.persons_register_many(
            actor=self.ctx.actor, entries=entries, reason=reason
        )
        return {p.pk: Ref(Person, key) for p, key in zip(stand_ins, keys, strict=True)}


def resolve(plan, ctx: ImportContext) -> None:
    committees = _committees(plan, ctx, plan.good_rows())
    rows = plan.good_rows()
    if not rows:
        return
    numbers = [n for r in rows for n in (r["applicant_id"], r["respondent_id"]) if n]
    persons = _Persons(ctx, numbers)
    mediators = mediators_of(list({c.pk: c for c in committees.values()}.values()))
    records = {}
    for row in rows:
        record = _record(plan, row, committees[row.line], persons, mediators)
        if record is not None:
            records[row.line] = record
    checks = Checks(ctx.actor, persons=persons.keys())
    existing = _existing(plan, ctx, [r for r in rows if r.line in records], records)
    with one_day():
        _judge(plan, ctx, records, existing, checks)
    ctx.cache["persons"] = persons


def _judge(plan, ctx: ImportContext, records: dict, existing: dict, checks: Checks) -> None:
    """Each row: a new case (its rules), or the case it names (update or unchanged). When the
    write follows at once, `records_create` checks the new cases with the same rules, once —
    unless the file is refused already (then every row's errors are listed here)."""
    check_new = not ctx.applying or bool(plan.errors)
    for row in plan.good_rows():
        if row.line not in records:
            continue
        steps.judge(
            plan,
            row,
            records[row.line],
            existing.get(row.line),
            create_errors=(lambda r: case_records.record_errors(checks, r)) if check_new else None,
            update_errors=lambda case, record: case_records.update_errors(checks, case, record),
            changes=case_records.record_changes,
            columns=_report,
        )
        row.found["mediator_named"] = bool(row["mediator"])
        row.release()  # the record holds what apply needs: the cells' memory goes


def _committees(plan, ctx: ImportContext, rows) -> dict:
    """{row line: its committee}: one the actor may register cases in, inside the scope."""
    found = committees_for_import(actor=ctx.actor, codes={row["office_code"] for row in rows})
    return steps.offices_coded(
        plan,
        ctx,
        rows,
        found,
        "office_code",
        label=_("调解组织编码"),
        kind="mediation_committee",
        kind_error=_("“%(name)s”不是人民调解委员会。"),
    )


def _record(plan, row, committee, persons: _Persons, mediators) -> CaseRecord | None:
    parties = _parties(plan, row, committee, persons)
    if parties is None:
        return None
    outcome = row["result"]
    chosen = []
    if outcome in case_records.STARTED:
        mediator = _mediator(plan, row, committee, mediators)
        if mediator is None:
            return None
        chosen = [mediator]
    return CaseRecord(
        office=committee,
        number=row["number"],
        source=row["source"],
        dispute_type=row["dispute_type"],
        facts=row["facts"],
        claims=row["claims"],
        amount=row["amount"],
        persons_involved=row["persons_involved"],
        received_on=row["received_on"],
        parties=parties,
        mediators=chosen,
        outcome=outcome,
        closed_on=row["closed_on"],
        closing_note=row["closing_note"] or (REGISTER_NOTE if outcome in CLOSED else ""),
        not_mediable_matter=row["not_mediable_matter"],
        agreement=_agreement(row),
        performance=_performance(row),
        confirmation=_confirmation(row),
        follow_up=_follow_up(row),
        archived_on=row["archived_on"],
    )


def _parties(plan, row, committee, persons: _Persons) -> list[PartyInput] | None:
    applicant = persons.person(row["applicant_id"], row["applicant"], committee)
    named = [("applicant_id", applicant, row["applicant"])]
    parties = [PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=applicant)]
    if row["respondent_id"]:
        respondent = persons.person(row["respondent_id"], row["respondent"], committee)
        named.append(("respondent_id", respondent, row["respondent"]))
        parties.append(
            PartyInput(role=PartyRole.RESPONDENT, kind=PartyKind.NATURAL, person=respondent)
        )
    else:
        parties.append(
            PartyInput(
                role=PartyRole.RESPONDENT, kind=PartyKind.LEGAL, organisation=row["respondent"]
            )
        )
    wrong = False
    for key, person, name in named:
        if person.pk > 0 and person.name != name:
            message = _("该证件号码已登记为“%(name)s”，与所填姓名不符。") % {"name": person.name}
            plan.error(row, key, message)
            wrong = True
    return None if wrong else parties


def _mediator(plan, row, committee, mediators):
    """The named mediator serving on the 受理日期, else the longest-serving one then."""
    on = row["received_on"]
    serving = [
        m
        for m in mediators.get(committee.pk, [])
        if m.start_date <= on and (m.end_date is None or m.end_date > on)
    ]
    name = row["mediator"]
    if name:
        named = [m for m in serving if m.person.name == name]
        if not named:
            message = _("“%(name)s”在受理日期%(date)s不是本调委会在任的人民调解员。")
            plan.error(row, "mediator", message % {"name": name, "date": on.isoformat()})
            return None
        return named[0]
    if not serving:
        message = _("该调委会在受理日期%(date)s没有在任的人民调解员。")
        plan.error(row, "office_code", message % {"date": on.isoformat()})
        return None
    return serving[0]


def _agreement(row) -> AgreementInput | None:
    if not row["agreement_form"]:
        return None
    return AgreementInput(
        form=row["agreement_form"],
        terms=row["agreement_terms"],
        amount=row["agreement_amount"],
        performance_deadline=row["performance_deadline"],
    )


def _performance(row) -> PerformanceInput | None:
    if not row["performance"] or row["performance"] == Performance.PENDING:
        return None
    return PerformanceInput(
        performance=row["performance"],
        performed_on=row["performed_on"],
        amount_performed=row["amount_performed"],
    )


def _confirmation(row) -> ConfirmationInput | None:
    if not row["confirmation_applied_on"]:
        return None
    return ConfirmationInput(
        applied_on=row["confirmation_applied_on"],
        court=row["confirmation_court"],
        decision=row["confirmation_decision"] or ConfirmationDecision.PENDING,
        decided_on=row["confirmation_decided_on"],
        court_case_number=row["court_case_number"],
    )


def _follow_up(row) -> FollowUpInput | None:
    if not row["follow_up_on"]:
        return None
    return FollowUpInput(
        visited_on=row["follow_up_on"],
        method=row["follow_up_method"],
        satisfied=row["satisfied"],
        notes=row["follow_up_notes"],
    )


def _existing(plan, ctx: ImportContext, rows, records) -> dict:
    """{row line: the case it names}: by 案件编号; a row without one by committee, 受理日期,
    纠纷简要情况 and applicant. A number used by another committee or 受理日期 is an error."""
    numbered = [r for r in rows if r["number"]]
    by_number = cases_for_import(numbers=[r["number"] for r in numbered])
    found = {}
    for row in numbered:
        case = by_number.get(row["number"])
        if case is None:
            continue
        record = records[row.line]
        if case.office_id != record.office.pk or case.received_on != record.received_on:
            message = _("案件编号“%(number)s”已被另一案件使用（调解组织或受理日期不同）。")
            plan.error(row, "number", message % {"number": row["number"]})
            continue
        found[row.line] = case
    unnumbered = [r for r in rows if not r["number"]]
    found.update(_matched_without_number(unnumbered, records))
    return found


def _matched_without_number(rows, records) -> dict:
    """Rows without a number, matched by committee, 受理日期, facts and the applicant: the
    committees' cases of those days are read (key columns only), compared here, and only the
    matched ones read whole."""
    wanted = {}
    for row in rows:
        record = records[row.line]
        applicant = record.parties[0].person
        if applicant.pk < 0:
            continue  # a person not yet registered names no existing case
        wanted[(record.office.pk, record.received_on, record.facts.strip(), applicant.pk)] = row
    if not wanted:
        return {}
    offices = {key[0] for key in wanted}
    days = [key[1] for key in wanted]
    candidates = case_keys_for_import(offices=offices, first=min(days), last=max(days))
    matched = {pk: wanted[key] for pk, key in candidates if key in wanted}
    cases = cases_for_import(condition=Q(pk__in=list(matched)))
    return {matched[case.pk].line: case for case in cases}


def _report(plan, row, errors: dict) -> None:
    for name, messages in errors.items():
        key = FIELD_COLUMNS.get(name)
        if name == "mediators":
            named = row.found.get("mediator_named", False) if row.cells is None else row["mediator"]
            key = "mediator" if named else "office_code"
        for message in messages:
            plan.error(row, key, message)


# --- writing ---------------------------------------------------------------------------------


def apply(plan, ctx: ImportContext) -> list:
    """New persons, then new cases in bulk, then the updates one by one (all in the import's
    transaction)."""
    reason = steps.reason(ctx, _("历史案件导入"))
    persons: _Persons = ctx.cache["persons"]
    creating = [row for row in plan.rows if row.action == CREATE]
    updating = [row for row in plan.rows if row.action == UPDATE]
    needed = {
        p.person.pk
        for row in creating + updating
        for p in row.found["record"].parties
        if p.person is not None and p.person.pk < 0
    }
    persons.new = {number: p for number, p in persons.new.items() if p.pk in needed}
    saved = persons.register(reason) if persons.new else {}
    changes = [spec.Change(person, created=True) for person in saved.values()]
    for row in creating + updating:
        record = row.found["record"]
        record.parties = [_saved_party(party, saved) for party in record.parties]
    known = {p.pk for p in persons.found.values()} | {ref.pk for ref in saved.values()}
    checks = Checks(ctx.actor, persons=known)
    return changes + steps.write_records(
        plan,
        create=lambda records: case_records.records_create(
            actor=ctx.actor, records=records, checks=checks, reason=reason
        ),
        update=lambda case, record: case_records.record_update(
            actor=ctx.actor, case=case, record=record
        ),
        columns=_report,
        whole="",
    )


def _saved_party(party: PartyInput, saved: dict) -> PartyInput:
    if party.person is None or party.person.pk > 0:
        return party
    return PartyInput(role=party.role, kind=party.kind, person=saved[party.person.pk])


RULES = (
    gettext_lazy("在“案件”工作表中每行填写一件纠纷，第一行表头不要修改；红色表头为必填列。"),
    gettext_lazy("调解组织编码：您有权登记案件的人民调解委员会的机构编码。"),
    gettext_lazy(
        "纠纷来源、纠纷类型、结果、协议形式、履行情况、司法确认结果、回访方式请从下拉列表中选择；"
        "可选值见“选项”工作表，也可填写代码。"
    ),
    gettext_lazy(
        "日期可写作 2025-03-15、2025/3/15、2025年3月15日；调结日期不能早于受理日期，"
        "各日期不能晚于今天（履行期限除外）。"
    ),
    gettext_lazy("申请人须填写居民身份证号码；被申请人为法人或其他组织时，证件号码留空。"),
    gettext_lazy(
        "人员信息库中已有该证件号码的人员时直接使用（姓名须一致），否则按姓名和证件号码登记。"
    ),
    gettext_lazy(
        "结果：调解成功须填写调结日期（即协议生效日期）和协议形式，书面协议的当事人签名、调解员签名、"
        "盖章日期均按调结日期记录；调解不成、当事人拒绝调解、终止调解、不予受理须填写调结日期，"
        "不予受理还须填写不予受理事项；留空表示仍在调解。"
    ),
    gettext_lazy(
        "协议涉及金额、履行情况、司法确认只填写调解成功的案件；司法确认须在协议生效后30日内申请，"
        "确认有效或不予确认须填写调确字案号。"
    ),
    gettext_lazy("已开始调解的案件须有受理日期在任的人民调解员，可在“承办调解员”列填写其姓名。"),
    gettext_lazy(
        "重复导入同一文件不会重复登记；修改后的文件只更新有变化的案件（按案件编号，或按调解组织、"
        "受理日期、纠纷简要情况和申请人查找）。案件编号已被其他调委会或受理日期的案件使用的行为错误。"
    ),
    gettext_lazy("导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
)

CASES = ImportSpec(
    key=KEY,
    title=gettext_lazy("调解案件"),
    sheet=DATA_SHEET,
    fields=FIELDS,
    capability="edit",
    line="mediation",
    resolve=resolve,
    apply=apply,
    natural_key=("number",),
    unique_together=(("number",), ("office_code", "received_on", "facts", "applicant_id")),
    check_row=check_row,
    rules=RULES,
    examples=(
        {
            "office_code": "330102001201",
            "received_on": "2025-03-01",
            "source": "依申请",
            "dispute_type": "邻里纠纷",
            "facts": "双方因排水沟堵塞发生争执。",
            "amount": "1200.50",
            "persons_involved": "2",
            "applicant": "张三",
            "applicant_id": "330102198001010018",
            "respondent": "李四",
            "result": "调解成功",
            "closed_on": "2025-03-10",
            "agreement_form": "书面协议",
            "agreement_amount": "1200.50",
            "performance": "已履行",
            "performed_on": "2025-03-20",
            "amount_performed": "1200.50",
        },
    ),
    order=40,
    list_url="mediation:case_list",
    description=gettext_lazy(
        "调解台账：受理、调解结果（含不予受理、拒绝、终止）、协议涉及金额、履行、司法确认、回访、归档。"
    ),
)
