"""安置帮教对象导入: the register of released persons under assistance at go-live, one release
per row — the person, where from (刑满释放, 解除社区矫正), the release date, the offence, the
classification (重点帮教对象, 风险等级) and the assistance status (已收到释放通知, 已衔接 with
必接必送, 未衔接（下落不明）, 帮教结束) — through the line's rules
(`sifa.resettlement.actions.person_records`: the functions of the actions).

Natural key: the 身份证号码 in this line. A row finds the release of that number with its
release date among those the importer may see: at the row's 司法所 the row updates what
differs (the same file again changes nothing); at another 司法所 it is an error naming it.
Another release of the same person still under assistance is an error too (one open record
per person). A record out of the importer's sight is not looked at, but the line's rule that
one release is one record holds whoever registered it (the message names nobody).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import spec, steps
from sifa.core.imports.spec import CREATE, Change, ImportContext, ImportSpec
from sifa.orgs.selectors import OfficeNames
from sifa.people.importing import ImportPersons
from sifa.resettlement.actions import person_records
from sifa.resettlement.actions.person_records import ReleasedRecord
from sifa.resettlement.constants import EndReason, RiskLevel, Source, Status
from sifa.resettlement.selectors.imports import releases_by_id_numbers, releases_taken

KEY = "resettlement.persons"
DATA_SHEET = "安置帮教对象"

SOURCE_WORDS = {"刑释": Source.PRISON, "刑满释放人员": Source.PRISON, "解矫": Source.CORRECTION}
STATUS_WORDS = {
    "待衔接": Status.NOTIFIED,
    "已收到通知": Status.NOTIFIED,
    "衔接": Status.CONNECTED,
    "已衔接到位": Status.CONNECTED,
    "在册": Status.CONNECTED,
    "未衔接": Status.NOT_CONNECTED,
    "下落不明": Status.NOT_CONNECTED,
    "已结束": Status.ENDED,
    "解除帮教": Status.ENDED,
}
END_WORDS = {"期满": EndReason.EXPIRED, "期满解除": EndReason.EXPIRED}
# What each status's row may not bring (the steps it did not take).
NOT_TAKEN = {
    Status.NOTIFIED: (
        "connected_on",
        "met_by",
        "not_connected_on",
        "not_connected_reason",
        "ended_on",
        "end_reason",
    ),
    Status.NOT_CONNECTED: ("connected_on", "met_by", "ended_on", "end_reason"),
    Status.CONNECTED: ("ended_on", "end_reason"),
    Status.ENDED: (),
}

FIELDS = (
    spec.text("name", "姓名", required=True, max_length=50, example="孙八"),
    spec.resident_id(
        "id_number", "身份证号码", required=True, aliases=("公民身份号码", "证件号码")
    ),
    spec.office_named(
        "office",
        "居住地司法所",
        gettext_lazy("司法所的机构编码或名称，须在您的管理范围内"),
        example="甲一镇司法所",
    ),
    spec.choice(
        "source",
        "来源",
        lambda: Source.choices,
        default=Source.PRISON,
        aliases=SOURCE_WORDS,
        note=gettext_lazy("刑满释放或解除社区矫正；留空为刑满释放"),
        example="刑满释放",
    ),
    spec.text(
        "prison",
        "释放单位",
        max_length=100,
        note=gettext_lazy("刑满释放的填写监狱名称"),
        example="浙江省第一监狱",
    ),
    spec.text("crime", "罪名", required=True, max_length=100, example="盗窃罪"),
    spec.text("original_sentence", "原判刑罚", max_length=100, example="有期徒刑三年"),
    spec.date(
        "released_on",
        "释放日期",
        required=True,
        aliases=("释放/解矫日期", "解矫日期"),
        example="2025-06-10",
    ),
    spec.text(
        "certificate_number",
        "释放证明书编号",
        max_length=60,
        as_text=True,
        aliases=("释放证明书/解矫证明书编号", "解矫证明书编号"),
    ),
    spec.date("notice_received_on", "收到通知日期", example="2025-06-01"),
    spec.yes_no(
        "key_person", "重点帮教对象", default=False, note=gettext_lazy("“是”或“否”，留空为否")
    ),
    spec.text(
        "key_reason", "列为重点的理由", max_length=200, note=gettext_lazy("重点帮教对象必填")
    ),
    spec.choice(
        "risk_level", "风险等级", lambda: RiskLevel.choices, note=gettext_lazy("低、中、高；可留空")
    ),
    spec.choice(
        "status",
        "状态",
        lambda: Status.choices,
        required=True,
        aliases=STATUS_WORDS,
        header_aliases=("帮教状态", "衔接状态"),
        note=gettext_lazy("已收到释放通知、已衔接、未衔接（下落不明）或帮教结束"),
        example="已衔接",
    ),
    spec.date("connected_on", "衔接日期", note=gettext_lazy("已衔接的必填"), example="2025-06-10"),
    spec.yes_no(
        "met_at_gate", "必接必送", default=False, note=gettext_lazy("重点帮教对象衔接时须为“是”")
    ),
    spec.text("met_by", "接送人员", max_length=100, note=gettext_lazy("必接必送的填写")),
    spec.date(
        "not_connected_on",
        "未衔接登记日期",
        note=gettext_lazy("未衔接（下落不明）的必填，晚于释放日期"),
    ),
    spec.text(
        "not_connected_reason",
        "未衔接情况",
        width=30,
        note=gettext_lazy("查找经过、是否已通报公安协查等"),
    ),
    spec.date("ended_on", "帮教结束日期", note=gettext_lazy("帮教结束的必填")),
    spec.choice(
        "end_reason",
        "结束原因",
        lambda: EndReason.choices,
        aliases=END_WORDS,
        note=gettext_lazy("帮教期满、死亡、迁出；帮教期满的不早于释放后五年"),
    ),
)
COLUMNS = FIELDS

FIELD_COLUMNS = {
    "office": "office",
    "person": "id_number",
    "source": "source",
    "released_on": "released_on",
    "crime": "crime",
    "notice_received_on": "notice_received_on",
    "key_person": "key_person",
    "key_reason": "key_reason",
    "risk_level": "risk_level",
    "status": "status",
    "connected_on": "connected_on",
    "met_at_gate": "met_at_gate",
    "met_by": "met_by",
    "not_connected.on": "not_connected_on",
    "not_connected.reason": "not_connected_reason",
    "on": "not_connected_on",
    "reason": "not_connected_reason",
    "end.ended_on": "ended_on",
    "end.reason": "end_reason",
    "ended_on": "ended_on",
}


def check_row(row, plan) -> None:
    """The rules between the cells of one row (before anything is looked up)."""
    if steps.refuse_steps_not_taken(plan, row, NOT_TAKEN, Status(row["status"])):
        return
    if row["end_reason"] == EndReason.REOFFENDED:
        plan.error(
            row,
            "end_reason",
            _("重新犯罪被收监的，请先在系统中登记重新犯罪情况，再结束帮教（不能通过导入）。"),
        )


def resolve(plan, ctx: ImportContext) -> None:
    steps.offices_named(plan, ctx, OfficeNames(ctx.actor, "resettlement"))
    rows = plan.good_rows()
    if not rows:
        return
    numbers = [row["id_number"] for row in rows]
    persons = ImportPersons(ctx.actor, numbers)
    existing = releases_by_id_numbers(actor=ctx.actor, numbers=numbers)
    taken = releases_taken([p.pk for p in persons.found.values()])
    # One open record per person: two rows of one number not ended cannot both stand.
    steps.refuse_repeats(
        plan,
        rows,
        lambda row: None if row["status"] == Status.ENDED else row["id_number"],
        "id_number",
        _("身份证号码“%(value)s”与第%(n)d行都是未结束的帮教，同一人只能有一条。"),
    )
    for row in plan.good_rows():
        office = row.found["office"]
        person = persons.of_row(plan, row, office)
        if person is None:
            continue
        released = _release_here(plan, row, existing.get(row["id_number"], []), office)
        if row.bad:
            continue
        steps.judge(
            plan,
            row,
            _record(row, office, person),
            released,
            create_errors=lambda record: person_records.record_errors(record, taken),
            update_errors=person_records.update_errors,
            changes=person_records.record_changes,
            columns=FIELD_COLUMNS,
        )
    ctx.cache["persons"] = persons
    ctx.cache["taken"] = taken


def _release_here(plan, row, releases, office):
    """The release of the row's number with its date at its 司法所; the same release at another
    司法所, or another release of the person still open, is an error naming it (seen)."""
    for released in releases:
        if released.released_on != row["released_on"]:
            continue
        if released.office_id == office.pk:
            return released
        message = _("该人员%(date)s的释放已由%(office)s登记为安置帮教对象。")
        plan.error(
            row,
            "id_number",
            message % {"date": released.released_on.isoformat(), "office": released.office.name},
        )
        return None
    for released in releases:
        if released.status != Status.ENDED:
            message = _(
                "该人员已是%(office)s的安置帮教对象（释放日期%(date)s，%(status)s），同一人只能有一条"
                "未结束的帮教记录，请核对释放日期。"
            )
            plan.error(
                row,
                "released_on",
                message
                % {
                    "office": released.office.name,
                    "date": released.released_on.isoformat(),
                    "status": released.get_status_display(),
                },
            )
            return None
    return None


def _record(row, office, person) -> ReleasedRecord:
    return steps.record_of(
        ReleasedRecord,
        row,
        office=office,
        person=person,
        key_person=bool(row["key_person"]),
        met_at_gate=bool(row["met_at_gate"]),
    )


def apply(plan, ctx: ImportContext) -> list[Change]:
    """New persons, then new releases in bulk, then the updates through the actions."""
    reason = steps.reason(ctx, _("安置帮教对象导入"))
    persons: ImportPersons = ctx.cache["persons"]
    changes = persons.register_records(steps.rows_doing(plan, CREATE), reason)
    return changes + steps.write_records(
        plan,
        create=lambda records: person_records.records_create(
            actor=ctx.actor, records=records, taken=ctx.cache["taken"], reason=reason
        ),
        update=lambda released, record: person_records.record_update(
            actor=ctx.actor, released=released, record=record
        ),
        columns=FIELD_COLUMNS,
    )


RULES = (
    gettext_lazy(
        "在“安置帮教对象”工作表中每行填写一次释放（刑满释放或解除社区矫正），第一行表头不要修改；"
        "红色表头为必填列。"
    ),
    gettext_lazy("居住地司法所：填写司法所的机构编码或名称，须在您的管理范围内。"),
    gettext_lazy(
        "来源、风险等级、状态、结束原因请从下拉列表中选择；可选值见“选项”工作表，也可填写代码。"
    ),
    gettext_lazy(
        "日期可写作 2025-06-10、2025/6/10、2025年6月10日，也可用 Excel 日期；各日期不能晚于今天，"
        "衔接、未衔接、帮教结束的日期不早于释放日期。帮教期为释放后五年，系统自动计算。"
    ),
    gettext_lazy(
        "状态：已衔接的填写衔接日期；重点帮教对象衔接时须已必接必送并填写接送人员；未衔接（下落不明）"
        "的填写未衔接登记日期和未衔接情况；帮教结束的还须填写帮教结束日期和结束原因（帮教期满的不早于"
        "帮教期满日期）。"
    ),
    gettext_lazy("列为重点帮教对象的须填写列为重点的理由。"),
    gettext_lazy(
        "重复导入同一文件不会重复登记；按身份证号码和释放日期查找已登记的对象：修改后的文件可更正释放"
        "单位、罪名、原判刑罚、证明书编号，调整分类，补登衔接、未衔接和帮教结束；已登记的步骤不能改。"
    ),
    gettext_lazy("导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
)

PERSONS = ImportSpec(
    key=KEY,
    title=gettext_lazy("安置帮教对象"),
    sheet=DATA_SHEET,
    fields=FIELDS,
    capability="edit",
    line="resettlement",
    resolve=resolve,
    apply=apply,
    natural_key=("id_number",),
    unique_together=(("id_number", "released_on"),),
    check_row=check_row,
    rules=RULES,
    examples=(
        {
            "name": "孙八",
            "id_number": "330102198001010018",
            "office": "甲一镇司法所",
            "source": "刑满释放",
            "prison": "浙江省第一监狱",
            "crime": "盗窃罪",
            "original_sentence": "有期徒刑三年",
            "released_on": "2025-06-10",
            "notice_received_on": "2025-06-01",
            "key_person": "否",
            "status": "已衔接",
            "connected_on": "2025-06-10",
        },
    ),
    order=65,
    list_url="resettlement:person_list",
    description=gettext_lazy(
        "上线时在册的安置帮教对象：释放日期、来源、罪名、重点帮教和风险等级、衔接和帮教状态。"
    ),
)
