"""调查评估导入: the register of investigation assessments (调查评估台账), one commission per row —
its receipt (承办机构, 委托编号, 委托机关, 阶段, the person, 涉嫌罪名, 收到委托日期, 速裁), the
opinion when given (完成日期, 评估意见, 理由, 调查事项, 调查人员) and whether the commissioning
body adopted it (采信) — through the line's rules
(`sifa.corrections.actions.investigation_records`: the functions of the three actions).

Natural key: the 委托编号 in the 承办机构 (the line stores it once per office). A row naming a
registered commission completes it or records its adoption when the file says more; the same
file again changes nothing. A commission out of the importer's sight (a minor's, without the
right) is not looked at: the row then meets the office's own uniqueness when it is written.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import spec, steps
from sifa.core.imports.spec import CREATE, Change, ImportContext, ImportSpec
from sifa.corrections.actions import investigation_records
from sifa.corrections.actions.investigation_records import InvestigationRecord
from sifa.corrections.actions.subjects import Checks
from sifa.corrections.constants import CommissioningBody, InvestigationResult, InvestigationStage
from sifa.corrections.selectors.imports import OfficeNames, investigations_for_import
from sifa.people.importing import ImportPersons

KEY = "corrections.investigations"
DATA_SHEET = "调查评估"

BODY_WORDS = {
    "法院": CommissioningBody.COURT,
    "检察院": CommissioningBody.PROCURATORATE,
    "公安": CommissioningBody.POLICE,
    "公安局": CommissioningBody.POLICE,
    "看守所": CommissioningBody.POLICE,
}
STAGE_WORDS = {
    "审前": InvestigationStage.PRE_TRIAL,
    "审判阶段": InvestigationStage.PRE_TRIAL,
    "诉前": InvestigationStage.PRE_PROSECUTION,
    "审查起诉阶段": InvestigationStage.PRE_PROSECUTION,
    "侦查": InvestigationStage.INVESTIGATION,
    "暂外前": InvestigationStage.PRE_OUTSIDE,
}

FIELDS = (
    spec.office_named(
        "office",
        "承办机构",
        gettext_lazy("收到委托的司法局、社区矫正机构或司法所，填机构编码或名称"),
        example="甲县司法局",
    ),
    spec.text(
        "commission_number",
        "委托编号",
        required=True,
        max_length=60,
        as_text=True,
        note=gettext_lazy("委托函的文号或编号，同一承办机构内唯一"),
        width=22,
        aliases=("委托函编号", "委托文号"),
        example="（2026）浙0102刑调12号",
    ),
    spec.choice(
        "commissioning_body",
        "委托机关类别",
        lambda: CommissioningBody.choices,
        required=True,
        aliases=BODY_WORDS,
        example="人民法院",
    ),
    spec.text(
        "commissioning_name", "委托机关", required=True, max_length=100, example="甲县人民法院"
    ),
    spec.choice(
        "stage",
        "委托阶段",
        lambda: InvestigationStage.choices,
        required=True,
        aliases=STAGE_WORDS,
        example="审前（审判阶段）",
    ),
    spec.text("name", "被调查评估对象", required=True, max_length=50, aliases=("姓名",)),
    spec.resident_id(
        "id_number", "身份证号码", required=True, aliases=("公民身份号码", "证件号码")
    ),
    spec.text("crime", "涉嫌罪名", required=True, max_length=100, example="危险驾驶罪"),
    spec.text("proposed_sentence", "拟适用刑罚", max_length=100),
    spec.date("received_on", "收到委托日期", required=True, example="2026-03-02"),
    spec.yes_no(
        "summary_procedure",
        "适用速裁程序",
        default=False,
        note=gettext_lazy("填“是”或“否”，留空为否；速裁程序5个工作日内完成"),
    ),
    spec.text("investigators", "调查人员", max_length=200, width=20, example="王五、赵七"),
    spec.date(
        "completed_on", "完成日期", note=gettext_lazy("已出具评估意见的填写"), example="2026-03-10"
    ),
    spec.choice(
        "result",
        "评估意见",
        lambda: InvestigationResult.choices,
        note=gettext_lazy("适宜或不适宜；已完成的必填"),
        example="适宜",
    ),
    spec.text(
        "reasons",
        "评估理由",
        width=30,
        note=gettext_lazy("不适宜的必须写明理由；适宜的留空为详见纸质卷宗"),
    ),
    spec.text("items", "调查事项及情况", width=30, note=gettext_lazy("留空：详见纸质卷宗")),
    spec.yes_no(
        "adopted",
        "委托机关是否采信",
        note=gettext_lazy("已知委托机关采信情况的填“是”或“否”"),
    ),
    spec.date("adoption_recorded_on", "采信情况登记日期", note=gettext_lazy("填写是否采信时必填")),
)
COLUMNS = FIELDS

FIELD_COLUMNS = {
    "office": "office",
    "commission_number": "commission_number",
    "commissioning_body": "commissioning_body",
    "commissioning_name": "commissioning_name",
    "stage": "stage",
    "person": "id_number",
    "crime": "crime",
    "received_on": "received_on",
    "summary_procedure": "summary_procedure",
    "completed_on": "completed_on",
    "result": "result",
    "reasons": "reasons",
    "items": "items",
    "investigators": "investigators",
    "adopted": "adopted",
    "recorded_on": "adoption_recorded_on",
}
OPINION_ONLY = ("result", "reasons", "items", "adopted", "adoption_recorded_on")


def check_row(row, plan) -> None:
    """The rules between the cells of one row (before anything is looked up)."""
    if row["completed_on"] is None:
        for key in OPINION_ONLY:
            if row.get(key) not in (None, ""):
                header = plan.spec.field(key).header
                plan.error(row, key, _("未填写完成日期的调查评估不填%(h)s。") % {"h": header})
                return
    if (row["adopted"] is None) != (row["adoption_recorded_on"] is None):
        key = "adoption_recorded_on" if row["adoption_recorded_on"] is None else "adopted"
        plan.error(row, key, _("委托机关是否采信和采信情况登记日期应同时填写。"))


def resolve(plan, ctx: ImportContext) -> None:
    steps.offices_named(plan, ctx, OfficeNames(ctx.actor, "corrections"))
    steps.refuse_repeats(
        plan,
        plan.good_rows(),
        lambda row: (row.found["office"].pk, row["commission_number"]),
        "commission_number",
        _("委托编号“%(value)s”与第%(n)d行重复（同一承办机构）。"),
    )
    rows = plan.good_rows()
    if not rows:
        return
    persons = ImportPersons(ctx.actor, [row["id_number"] for row in rows])
    existing = investigations_for_import(
        actor=ctx.actor,
        keys=[(row.found["office"].pk, row["commission_number"]) for row in rows],
    )
    checks = Checks(ctx.actor, bulk=True)
    for row in rows:
        office = row.found["office"]
        person = persons.of_row(plan, row, office)
        if person is None:
            continue
        steps.judge(
            plan,
            row,
            _record(row, office, person),
            existing.get((office.pk, row["commission_number"])),
            create_errors=lambda record: investigation_records.record_errors(checks, record),
            update_errors=lambda found, record: investigation_records.update_errors(
                checks, found, record
            ),
            changes=investigation_records.record_changes,
            columns=FIELD_COLUMNS,
        )
    ctx.cache["persons"] = persons


def _record(row, office, person) -> InvestigationRecord:
    return steps.record_of(
        InvestigationRecord,
        row,
        office=office,
        person=person,
        summary_procedure=bool(row["summary_procedure"]),
    )


def apply(plan, ctx: ImportContext) -> list[Change]:
    """New persons, then new commissions in bulk, then the updates through the actions."""
    reason = steps.reason(ctx, _("调查评估台账导入"))
    persons: ImportPersons = ctx.cache["persons"]
    changes = persons.register_records(steps.rows_doing(plan, CREATE), reason)
    return changes + steps.write_records(
        plan,
        create=lambda records: investigation_records.records_create(
            actor=ctx.actor, records=records, checks=Checks(ctx.actor, bulk=True), reason=reason
        ),
        update=lambda investigation, record: investigation_records.record_update(
            actor=ctx.actor, investigation=investigation, record=record
        ),
        columns=FIELD_COLUMNS,
    )


RULES = (
    gettext_lazy(
        "在“调查评估”工作表中每行填写一件调查评估委托，第一行表头不要修改；红色表头为必填列。"
    ),
    gettext_lazy(
        "承办机构：收到委托的司法局、社区矫正机构或司法所，填机构编码或名称，须在您的管理范围内。"
    ),
    gettext_lazy(
        "委托机关类别和委托阶段须相符（如人民检察院只在审查起诉阶段委托）；速裁程序只适用于审查起诉"
        "和审判阶段。"
    ),
    gettext_lazy(
        "日期可写作 2026-03-02、2026/3/2、2026年3月2日，也可用 Excel 日期；各日期不能晚于今天，"
        "完成日期不早于收到委托日期，采信情况登记日期不早于完成日期。"
    ),
    gettext_lazy(
        "已出具评估意见的填写完成日期、评估意见和调查人员；评估意见为不适宜的必须写明评估理由。"
        "已知委托机关是否采信的，同时填写采信情况登记日期。"
    ),
    gettext_lazy(
        "被调查评估对象收到委托时未满十八周岁的，只能由具有未成年人社区矫正权限的工作人员导入。"
    ),
    gettext_lazy(
        "重复导入同一文件不会重复登记；按承办机构和委托编号查找已登记的委托：修改后的文件可补登评估"
        "意见和采信情况，已登记的委托内容和评估意见不能通过导入修改。"
    ),
    gettext_lazy("导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
)

INVESTIGATIONS = ImportSpec(
    key=KEY,
    title=gettext_lazy("调查评估"),
    sheet=DATA_SHEET,
    fields=FIELDS,
    capability="edit",
    line="corrections",
    resolve=resolve,
    apply=apply,
    natural_key=("office", "commission_number"),
    check_row=check_row,
    rules=RULES,
    examples=(
        {
            "office": "甲县司法局",
            "commission_number": "（2026）浙0102刑调12号",
            "commissioning_body": "人民法院",
            "commissioning_name": "甲县人民法院",
            "stage": "审前（审判阶段）",
            "name": "钱七",
            "id_number": "33010219900202001X",
            "crime": "危险驾驶罪",
            "received_on": "2026-03-02",
            "summary_procedure": "否",
            "investigators": "王五、赵七",
            "completed_on": "2026-03-10",
            "result": "适宜",
            "adopted": "是",
            "adoption_recorded_on": "2026-04-01",
        },
    ),
    order=61,
    list_url="corrections:investigation_list",
    description=gettext_lazy(
        "调查评估台账：委托、评估意见（适宜、不适宜）、完成日期和委托机关采信情况。"
    ),
)
