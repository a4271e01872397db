"""社区矫正对象导入: the register of subjects under correction at go-live (在矫), one subject per
row — the person (姓名, 身份证号码), the judgment (矫正类别, 罪名, 原判刑罚, 考验期/刑期, 决定机关,
文号, dates), the 执行地司法所 (by code or name, inside the importer's scope), the correction
period, and how far intake went (待报到, 已接收, 在矫 with its 矫正小组, plan and 管理类别) —
declared on the import kit (docs/imports.md) and applied through the line's rules
(`sifa.corrections.actions.subject_records`: the same functions as the intake actions).

How a row is found again (natural key): its 身份证号码 in this line — an open subject (待报到,
未报到查找中, 已接收, 在矫) of that number the importer may see. At the row's 司法所 it is that
subject: the row updates what differs and the same file again changes nothing. At another
司法所 the row is an error naming it (the importer sees it): one person is not under correction
twice; a move is a 执行地变更. A subject the importer may not see (another county, a minor
without the right) is not looked at: the row registers the person as a new number would
(docs/security.md, 证件号码是否存在不予透露).
"""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import cells, spec, steps
from sifa.core.imports.spec import CREATE, Change, ImportContext, ImportSpec
from sifa.corrections.actions import subject_records
from sifa.corrections.actions.subject_records import IMPORT_STATUSES, SubjectRecord, TeamInput
from sifa.corrections.actions.subjects import Checks
from sifa.corrections.constants import (
    CATEGORY_CODE_LIST,
    CRIME_CATEGORY_CODE_LIST,
    DecisionOrgan,
    OutsidePrisonGround,
    SentenceType,
    Status,
    TeamRole,
)
from sifa.corrections.selectors.imports import (
    OfficeNames,
    open_subjects_by_id_numbers,
    subject_numbers_taken,
)
from sifa.people.importing import ImportPersons

KEY = "corrections.subjects"
DATA_SHEET = "矫正对象"

# The words registers use for the lists.
SENTENCE_WORDS = {"暂外": SentenceType.OUTSIDE_PRISON, "监外执行": SentenceType.OUTSIDE_PRISON}
ORGAN_WORDS = {
    "法院": DecisionOrgan.COURT,
    "监狱": DecisionOrgan.PRISON_ADMIN,
    "监狱管理局": DecisionOrgan.PRISON_ADMIN,
    "公安": DecisionOrgan.POLICE,
    "公安局": DecisionOrgan.POLICE,
}
STATUS_WORDS = {"在册": Status.UNDER_CORRECTION, "已报到": Status.RECEIVED}
ROLE_WORDS = {
    "司法所": TeamRole.JUDICIAL_OFFICE,
    "司法所干部": TeamRole.JUDICIAL_OFFICE,
    "村委会": TeamRole.VILLAGE_COMMITTEE,
    "居委会": TeamRole.VILLAGE_COMMITTEE,
    "村(居)委会": TeamRole.VILLAGE_COMMITTEE,
    "村居委会": TeamRole.VILLAGE_COMMITTEE,
    "家属": TeamRole.FAMILY,
    "家庭成员": TeamRole.FAMILY,
    "监护人": TeamRole.FAMILY,
    "单位": TeamRole.EMPLOYER,
    "学校": TeamRole.EMPLOYER,
    "社工": TeamRole.SOCIAL_WORKER,
}
FEMALE_WORDS = {"女", "女性"}
MINORS_WORDS = {"熟悉未成年人", "熟悉未成年人身心特点"}
MEMBER_SEPARATORS = "、;；\n"


def _statuses():
    return [(status.value, status.label) for status in IMPORT_STATUSES]


def _read_team(raw, ctx) -> list[TeamInput]:
    """矫正小组成员: “王五（司法所）、李梅（家属，女）、张老师（学校，熟悉未成年人）” — each a name
    and, in brackets, the 身份 (default 司法所工作人员), 女 and 熟悉未成年人 as they apply."""
    roles = ctx.options("team_roles", lambda: cells.Options(TeamRole.choices, aliases=ROLE_WORDS))
    members = []
    for item in _split_members(cells.text(raw)):
        name, notes = _name_and_notes(item)
        if not name:
            raise cells.CellError(_("无法识别“%(item)s”：请写成“姓名（身份）”。") % {"item": item})
        role, female, versed = TeamRole.JUDICIAL_OFFICE, False, False
        for note in notes:
            if note in FEMALE_WORDS:
                female = True
            elif note in MINORS_WORDS:
                versed = True
            else:
                found = roles.by_text.get(cells.normalised_label(note))
                if found is None:
                    message = _("“%(name)s”的身份“%(note)s”无法识别，可填：%(roles)s。")
                    raise cells.CellError(
                        message % {"name": name, "note": note, "roles": "、".join(roles.labels())}
                    )
                role = found
        members.append(TeamInput(name, role, female, versed))
    return members


def _split_members(text: str) -> list[str]:
    """Split at the separators outside brackets (a role may hold brackets: 村(居)委会成员)."""
    items, current, depth = [], "", 0
    for char in text:
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(depth - 1, 0)
        if char in MEMBER_SEPARATORS and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _name_and_notes(item: str) -> tuple[str, list[str]]:
    opening = min((i for i in (item.find("（"), item.find("(")) if i >= 0), default=-1)
    if opening < 0:
        return item.strip(), []
    inner = item[opening + 1 :].rstrip()
    if inner[-1:] in ")）":
        inner = inner[:-1]
    notes = [part.strip() for part in _split_notes(inner) if part.strip()]
    return item[:opening].strip(), notes


def _split_notes(text: str) -> list[str]:
    parts, current, depth = [], "", 0
    for char in text:
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(depth - 1, 0)
        if char in "，,、 " and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _also_with_suffix(field: spec.Field, suffix: str) -> spec.Field:
    """`field`, also accepting its items with `suffix` (a register writes 普通管理 for 普通)."""

    def with_suffix(read):
        def read_with_suffix(raw):
            try:
                return read(raw)
            except cells.CellError as error:
                text = cells.text(raw)
                if not text.endswith(suffix) or len(text) == len(suffix):
                    raise
                try:
                    return read(text[: -len(suffix)])
                except cells.CellError:
                    raise error from None

        return read_with_suffix

    def prepare(ctx):
        return with_suffix(field.reader(ctx))

    def read(raw, ctx):
        return with_suffix(lambda value: field.read(value, ctx))(raw)

    return dataclasses.replace(field, read=read, prepare=prepare)


TEAM = spec.Field(
    "team",
    "矫正小组成员",
    _read_team,
    note=gettext_lazy(
        "在矫对象必填。多人用顿号分隔，括号内写身份（司法所、村(居)委会、家属、单位、学校、社工、"
        "志愿者），女性成员加“女”，熟悉未成年人身心特点的加“熟悉未成年人”，如：王五（司法所）、"
        "李梅（家属，女）"
    ),
    default=[],
    width=36,
    example="王五（司法所）、李梅（家属，女）",
)

FIELDS = (
    spec.text(
        "number",
        "矫正编号",
        max_length=40,
        as_text=True,
        note=gettext_lazy("原矫正编号，全系统唯一；留空则自动编号"),
        width=20,
    ),
    spec.text("name", "姓名", required=True, max_length=50, example="赵六"),
    spec.resident_id(
        "id_number", "身份证号码", required=True, aliases=("公民身份号码", "证件号码")
    ),
    spec.office_named(
        "office",
        "执行地司法所",
        gettext_lazy("司法所的机构编码或名称，须在您的管理范围内"),
        example="甲一镇司法所",
    ),
    spec.choice(
        "sentence_type",
        "矫正类别",
        lambda: SentenceType.choices,
        required=True,
        aliases=SENTENCE_WORDS,
        example="缓刑",
    ),
    spec.text("crime", "罪名", required=True, max_length=100, example="盗窃罪"),
    spec.code("crime_category", "犯罪类型", CRIME_CATEGORY_CODE_LIST),
    spec.text(
        "original_sentence",
        "原判刑罚",
        required=True,
        max_length=100,
        example="有期徒刑一年，缓刑一年",
    ),
    spec.integer(
        "sentence_months",
        "考验期/刑期（月）",
        minimum=1,
        note=gettext_lazy("缓刑为考验期；管制为刑期；假释、暂予监外执行为剩余刑期"),
        example="12",
    ),
    spec.text("accessory_penalty", "附加刑", max_length=100),
    spec.text("prohibition_order", "禁止令", width=24),
    spec.choice(
        "decision_organ",
        "决定机关类别",
        lambda: DecisionOrgan.choices,
        required=True,
        aliases=ORGAN_WORDS,
        example="人民法院",
    ),
    spec.text(
        "decision_organ_name", "决定机关", required=True, max_length=100, example="甲县人民法院"
    ),
    spec.text(
        "judgment_number",
        "判决书/裁定书/决定书文号",
        required=True,
        max_length=100,
        width=24,
        aliases=("判决书文号", "文书文号"),
        example="（2025）浙0102刑初88号",
    ),
    spec.date(
        "judgment_effective_on",
        "判决/裁定/决定生效日期",
        required=True,
        aliases=("判决生效日期",),
        example="2025-09-01",
    ),
    spec.date("offence_on", "犯罪日期", note=gettext_lazy("用于判断是否未成年人，可留空")),
    spec.date("notified_on", "收到执行通知日期", required=True, example="2025-09-03"),
    spec.date("documents_received_on", "收到法律文书日期", example="2025-09-03"),
    spec.choice(
        "outside_prison_ground",
        "暂予监外执行情形",
        lambda: OutsidePrisonGround.choices,
        note=gettext_lazy("仅暂予监外执行填写"),
    ),
    spec.date(
        "correction_start",
        "矫正起始日期",
        note=gettext_lazy("留空按判决生效日期和考验期/刑期计算"),
        example="2025-09-01",
    ),
    spec.date(
        "correction_end",
        "矫正期满日期",
        future=True,
        note=gettext_lazy("不早于矫正起始日期；留空按考验期/刑期计算"),
        example="2026-08-31",
    ),
    spec.text(
        "period_override_reason",
        "矫正期限人工调整理由",
        max_length=200,
        width=24,
        note=gettext_lazy("矫正起止日期与按刑期计算的不一致时必填"),
    ),
    spec.choice(
        "status",
        "状态",
        _statuses,
        default=Status.UNDER_CORRECTION,
        aliases=STATUS_WORDS,
        note=gettext_lazy("待报到、已接收或在矫；留空为在矫"),
        header_aliases=("当前状态", "矫正状态"),
        example="在矫",
    ),
    spec.date(
        "reported_on", "报到日期", note=gettext_lazy("已接收、在矫必填"), example="2025-09-05"
    ),
    spec.date("announced_on", "入矫宣告日期", note=gettext_lazy("在矫必填"), example="2025-09-08"),
    _also_with_suffix(
        spec.code(
            "category",
            "管理类别",
            CATEGORY_CODE_LIST,
            note=gettext_lazy("在矫必填：从下拉列表中选择（如“普通”，也可写“普通管理”）或填写代码"),
            example="普通",
        ),
        "管理",
    ),
    TEAM,
    spec.text(
        "plan",
        "矫正方案",
        width=30,
        note=gettext_lazy("在矫对象的个别化矫正方案；留空：详见纸质档案"),
    ),
)
COLUMNS = FIELDS

# Where an error of the rules (by their field) is shown in the file.
FIELD_COLUMNS = {
    "office": "office",
    "person": "id_number",
    "number": "number",
    "sentence_type": "sentence_type",
    "crime": "crime",
    "crime_category": "crime_category",
    "original_sentence": "original_sentence",
    "sentence_months": "sentence_months",
    "decision_organ": "decision_organ",
    "decision_organ_name": "decision_organ_name",
    "judgment_number": "judgment_number",
    "judgment_effective_on": "judgment_effective_on",
    "offence_on": "offence_on",
    "notified_on": "notified_on",
    "documents_received_on": "documents_received_on",
    "outside_prison_ground": "outside_prison_ground",
    "correction_start": "correction_start",
    "correction_end": "correction_end",
    "period_override_reason": "period_override_reason",
    "status": "status",
    "reported_on": "reported_on",
    "announced_on": "announced_on",
    "category": "category",
    "plan": "plan",
    "team": "team",
}
# What each status may not bring (the steps not taken yet).
NOT_YET = {
    Status.AWAITING_REPORT: ("reported_on", "announced_on", "category", "team", "plan"),
    Status.RECEIVED: ("announced_on", "category", "plan"),
    Status.UNDER_CORRECTION: (),
}


# --- one row ---------------------------------------------------------------------------------


def check_row(row, plan) -> None:
    """The rules between the cells of one row (before anything is looked up)."""
    steps.refuse_steps_not_taken(plan, row, NOT_YET, Status(row["status"]))


# --- against the database --------------------------------------------------------------------


def resolve(plan, ctx: ImportContext) -> None:
    steps.offices_named(plan, ctx, OfficeNames(ctx.actor, "corrections"))
    rows = plan.good_rows()
    if not rows:
        return
    numbers = [row["id_number"] for row in rows]
    persons = ImportPersons(ctx.actor, numbers)
    existing = open_subjects_by_id_numbers(actor=ctx.actor, numbers=numbers)
    taken = subject_numbers_taken([row["number"] for row in rows if row["number"]])
    checks = Checks(ctx.actor, bulk=True)
    for row in rows:
        office = row.found["office"]
        person = persons.of_row(plan, row, office)
        if person is None:
            continue
        subject = _subject_here(plan, row, existing.get(row["id_number"], []), office)
        if row.bad:
            continue
        if subject is None and row["number"] and row["number"] in taken:
            message = _("矫正编号“%(number)s”已被使用。")
            plan.error(row, "number", message % {"number": row["number"]})
            continue
        steps.judge(
            plan,
            row,
            _record(row, office, person),
            subject,
            create_errors=lambda record: subject_records.record_errors(checks, record),
            update_errors=lambda found, record: subject_records.update_errors(
                checks, found, record
            ),
            changes=subject_records.record_changes,
            columns=FIELD_COLUMNS,
        )
    ctx.cache["persons"] = persons


def _subject_here(plan, row, subjects, office):
    """The open subject of the row's number at its 司法所; one at another 司法所 is an error
    naming it (the importer sees it, or it would not be listed)."""
    elsewhere = [s for s in subjects if s.office_id != office.pk]
    if elsewhere:
        other = elsewhere[0]
        message = _(
            "该人员正在%(office)s接受社区矫正（%(status)s，矫正编号%(number)s），不能重复登记；"
            "变更执行地的，请办理执行地变更。"
        )
        plan.error(
            row,
            "id_number",
            message
            % {
                "office": other.office.name,
                "status": other.get_status_display(),
                "number": other.number,
            },
        )
        return None
    return subjects[0] if subjects else None


def _record(row, office, person) -> SubjectRecord:
    return steps.record_of(
        SubjectRecord,
        row,
        office=office,
        person=person,
        team=list(row["team"] or []),
    )


# --- writing ---------------------------------------------------------------------------------


def apply(plan, ctx: ImportContext) -> list[Change]:
    """New persons, then new subjects in bulk, then the updates one by one (all in the import's
    transaction)."""
    reason = steps.reason(ctx, _("在矫人员导入"))
    persons: ImportPersons = ctx.cache["persons"]
    changes = persons.register_records(steps.rows_doing(plan, CREATE), reason)
    return changes + steps.write_records(
        plan,
        create=lambda records: subject_records.records_create(
            actor=ctx.actor, records=records, checks=Checks(ctx.actor, bulk=True), reason=reason
        ),
        update=lambda subject, record: subject_records.record_update(
            actor=ctx.actor, subject=subject, record=record, reason=reason
        ),
        columns=FIELD_COLUMNS,
        whole="__all__",
    )


RULES = (
    gettext_lazy(
        "在“矫正对象”工作表中每行填写一名社区矫正对象，第一行表头不要修改；红色表头为必填列。"
    ),
    gettext_lazy(
        "执行地司法所：填写司法所的机构编码或名称，须是您有权登记矫正对象的司法所（导入范围内）。"
    ),
    gettext_lazy(
        "矫正类别、决定机关类别、状态、暂予监外执行情形、犯罪类型、管理类别请从下拉列表中选择；"
        "可选值见“选项”工作表，也可填写代码。"
    ),
    gettext_lazy(
        "日期可写作 2025-09-01、2025/9/1、2025年9月1日，也可用 Excel 日期；除矫正期满日期外，"
        "各日期不能晚于今天；矫正期满日期不能早于矫正起始日期。"
    ),
    gettext_lazy(
        "身份证号码须为18位居民身份证号码（校验位正确），请将该列设为文本格式。人员信息库中已有该"
        "号码的人员时直接使用（姓名须一致），否则按姓名和号码登记。"
    ),
    gettext_lazy(
        "矫正期限：只填考验期/刑期（月）时按判决生效日期计算；填写的起止日期与计算结果不一致的，"
        "须填写矫正期限人工调整理由。"
    ),
    gettext_lazy(
        "状态：待报到只填到收到执行通知；已接收须填报到日期；在矫（留空即为在矫）还须填写入矫宣告"
        "日期、管理类别和矫正小组成员（女性对象须有女性成员，未成年对象须有熟悉未成年人身心特点的"
        "成员）。"
    ),
    gettext_lazy(
        "未成年社区矫正对象（犯罪时或判决生效时未满十八周岁，按身份证号码计算）只能由具有未成年人"
        "社区矫正权限的工作人员导入（社区矫正法 第54条）。"
    ),
    gettext_lazy(
        "同一人（身份证号码）在本系统只能有一个未结束的社区矫正：已在其他司法所接受矫正的行为错误，"
        "变更执行地请办理执行地变更。"
    ),
    gettext_lazy(
        "重复导入同一文件不会重复登记；修改后的文件只更新有变化的对象（按身份证号码查找）：可更正罪名、"
        "原判刑罚、附加刑、禁止令、决定机关、文号、犯罪类型，补登收到法律文书日期、报到、入矫宣告和"
        "矫正小组成员，调整管理类别和矫正期限（须写明理由）。"
    ),
    gettext_lazy("导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
)

SUBJECTS = ImportSpec(
    key=KEY,
    title=gettext_lazy("社区矫正对象（在矫）"),
    sheet=DATA_SHEET,
    fields=FIELDS,
    capability="edit",
    line="corrections",
    resolve=resolve,
    apply=apply,
    natural_key=("id_number",),
    unique_together=(("id_number",), ("number",)),
    check_row=check_row,
    rules=RULES,
    examples=(
        {
            "name": "赵六",
            "id_number": "330102198506010013",
            "office": "甲一镇司法所",
            "sentence_type": "缓刑",
            "crime": "盗窃罪",
            "original_sentence": "有期徒刑一年，缓刑一年",
            "sentence_months": "12",
            "decision_organ": "人民法院",
            "decision_organ_name": "甲县人民法院",
            "judgment_number": "（2025）浙0102刑初88号",
            "judgment_effective_on": "2025-09-01",
            "notified_on": "2025-09-03",
            "documents_received_on": "2025-09-03",
            "status": "在矫",
            "reported_on": "2025-09-05",
            "announced_on": "2025-09-08",
            "category": "普通",
            "team": "王五（司法所）、李梅（家属，女）",
        },
    ),
    order=60,
    list_url="corrections:subject_list",
    description=gettext_lazy(
        "上线时在矫的社区矫正对象：人员、矫正类别、罪名、原判刑罚、矫正期限、执行地司法所、当前状态"
        "（待报到、已接收、在矫）、管理类别和矫正小组。"
    ),
)
