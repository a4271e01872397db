"""法律咨询导入: the 12348 call log and the 来访咨询登记, one consultation per row — declared on the
import kit and applied through the line's rules (`sifa.legalaid.actions.consultation_records`):
a 12348 call names its 话务流水号 or its duration, a 话务流水号 is registered once per office,
the category is valid on the day, a dissatisfied caller is always marked for follow-up.

A consultation has no number of its own. How a row is found again (natural key):

* by 接待机构 and 话务流水号, when the row has one (the 12348 platform's call id, unique per
  office by the line's rule);
* else by 接待机构, 咨询时间 (as the log gives it, to the minute or second), 咨询渠道 and the
  caller: the phone number (compared as the line normalises it; it is stored encrypted, so the
  candidates at that moment are read and compared here), else the caller's name, else — an
  anonymous caller — the question.

Two rows with the same key in one file are an error; a row that matches a consultation
updates what differs (through `consultation_update`; a 回访日期 through
`consultation_follow_up`); the same file again changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.idnumber import normalize_phone
from sifa.core.imports import spec, steps
from sifa.core.imports.spec import CREATE, UPDATE, ImportContext, ImportSpec
from sifa.legalaid.actions import consultation_records as records
from sifa.legalaid.actions.checks import Checks
from sifa.legalaid.actions.consultation_records import ConsultationRecord
from sifa.legalaid.constants import (
    CONSULTATION_CATEGORY_CODE_LIST,
    Channel,
    Referral,
    Satisfaction,
)
from sifa.legalaid.imports import common
from sifa.legalaid.selectors.imports import (
    call_ids_of,
    consultations_by_call_id,
    consultations_for_import,
)

KEY = "legalaid.consultations"
CHANNEL_WORDS = {"12348": Channel.HOTLINE, "热线": Channel.HOTLINE, "电话": Channel.PHONE}

FIELDS = (
    spec.office_code(
        "office_code",
        "接待机构编码",
        gettext_lazy("接待咨询的机构（法律援助中心、司法所、12348平台所在司法局等）的机构编码"),
        example="330102",
    ),
    spec.moment("consulted_at", "咨询时间", required=True, example="2025-03-07 09:30"),
    spec.choice(
        "channel",
        "咨询渠道",
        lambda: Channel.choices,
        required=True,
        aliases=CHANNEL_WORDS,
        example="12348热线",
    ),
    spec.text(
        "call_id",
        "话务流水号",
        max_length=40,
        as_text=True,
        width=22,
        note=gettext_lazy("12348热线来电填写话务流水号或通话时长"),
    ),
    spec.integer("duration_minutes", "时长（分钟）", minimum=0, default=0),
    spec.text("caller_name", "咨询人姓名", max_length=50, example="王五"),
    spec.text("caller_phone", "联系电话", max_length=30, as_text=True, example="13900000000"),
    spec.resident_id(
        "id_number",
        "咨询人身份证号码",
        note=gettext_lazy("选填；填写的，关联到人员信息库中的该人员（没有的按姓名登记）"),
    ),
    spec.code(
        "category",
        "咨询类别",
        CONSULTATION_CATEGORY_CODE_LIST,
        required=True,
        example="劳动争议",
    ),
    spec.text("question", "咨询问题", required=True, width=30, example="被拖欠工资如何维权？"),
    spec.text("answer", "解答内容", width=30),
    spec.choice(
        "referral",
        "处理结果",
        lambda: Referral.choices,
        default=Referral.ANSWERED,
        note=gettext_lazy("留空为“当场解答”"),
    ),
    spec.choice("satisfaction", "满意度", lambda: Satisfaction.choices, example="满意"),
    spec.text("answered_by", "接待人", max_length=50),
    spec.yes_no(
        "follow_up_required",
        "需要回访",
        default=False,
        note=gettext_lazy("不满意的来电一律回访"),
    ),
    spec.date("followed_up_on", "回访日期", note=gettext_lazy("已回访的填写，不早于咨询日期")),
)
FIELD_COLUMNS = {
    "office": "office_code",
    "channel": "channel",
    "consulted_at": "consulted_at",
    "category": "category",
    "question": "question",
    "duration_minutes": "duration_minutes",
    "satisfaction": "satisfaction",
    "referral": "referral",
    "person": "id_number",
    "caller_phone": "caller_phone",
    "call_id": "call_id",
    "follow_up.on": "followed_up_on",
    "follow_up.satisfaction": "satisfaction",
}


def check_row(row, plan) -> None:
    if row["id_number"] and not row["caller_name"]:
        plan.error(row, "caller_name", _("填写咨询人身份证号码的，请填写咨询人姓名。"))


def caller_key(office_pk: int, consulted_at, channel: str, phone: str, name: str, question: str):
    """The key of a consultation without a 话务流水号 (see the module docstring)."""
    try:
        caller = ("phone", normalize_phone(phone)) if phone else None
    except ValidationError:
        caller = ("phone", phone)
    if caller is None:
        caller = ("name", name.strip()) if name.strip() else ("question", question.strip())
    return (office_pk, consulted_at, channel, caller)


def _row_key(row, office):
    if row["call_id"]:
        return ("call", office.pk, row["call_id"])
    return caller_key(
        office.pk,
        row["consulted_at"],
        row["channel"],
        row["caller_phone"],
        row["caller_name"],
        row["question"],
    )


def _stored_key(consultation):
    if consultation.call_id:
        return ("call", consultation.office_id, consultation.call_id)
    return caller_key(
        consultation.office_id,
        consultation.consulted_at,
        consultation.channel,
        consultation.caller_phone or "",
        consultation.caller_name or "",
        consultation.question,
    )


def resolve(plan, ctx: ImportContext) -> None:
    offices = common.offices(plan, ctx)
    rows = [row for row in plan.good_rows() if row.line in offices]
    if not rows:
        return
    persons = common.Persons(ctx, [row["id_number"] for row in rows if row["id_number"]])
    keys = _refuse_duplicates(plan, rows, offices)
    existing = _existing(rows, offices, keys)
    built = {}
    for row in plan.good_rows():
        if row.line not in keys:
            continue
        office = offices[row.line]
        person = None
        if row["id_number"]:
            person = persons.person(row["id_number"], row["caller_name"], office)
            if not persons.named(plan, row, "id_number", person, row["caller_name"]):
                continue
        built[row.line] = _record(row, office, person)
    checks = Checks(
        ctx.actor,
        persons=persons.keys(),
        call_ids=call_ids_of({office.pk for office in offices.values()}),
    )
    for row in plan.good_rows():
        if row.line in built:
            steps.judge(
                plan,
                row,
                built[row.line],
                existing.get(keys[row.line]),
                create_errors=lambda record: records.record_errors(checks, record),
                update_errors=lambda found, record: records.update_errors(checks, found, record),
                changes=records.record_changes,
                columns=FIELD_COLUMNS,
            )
    ctx.cache["persons"] = persons


def _refuse_duplicates(plan, rows, offices) -> dict:
    """{row line: its key}; a second row with a key already in the file is an error."""
    keys, first = {}, {}
    for row in rows:
        key = _row_key(row, offices[row.line])
        if key in first:
            message = _("与第%(n)d行是同一条咨询记录（同一话务流水号，或同一时间、渠道和咨询人）。")
            column = "call_id" if key[0] == "call" else "consulted_at"
            plan.error(row, column, message % {"n": first[key]})
            continue
        first[key] = row.line
        keys[row.line] = key
    return keys


def _existing(rows, offices, keys) -> dict:
    """{key: the consultation it names} among the offices' consultations at the rows' moments
    and with the rows' 话务流水号."""
    office_ids = {office.pk for office in offices.values()}
    moments = {row["consulted_at"] for row in rows}
    candidates = consultations_for_import(office_ids=office_ids, moments=moments)
    wanted = set(keys.values())
    found = {}
    call_keys = {key for key in wanted if key[0] == "call"}
    if call_keys:
        candidates += consultations_by_call_id(
            office_ids=office_ids, call_ids={key[2] for key in call_keys}
        )
    for consultation in candidates:
        key = _stored_key(consultation)
        if key in wanted:
            found.setdefault(key, consultation)
    return found


def _record(row, office, person) -> ConsultationRecord:
    return steps.record_of(
        ConsultationRecord,
        row,
        office=office,
        person=person,
        duration_minutes=row["duration_minutes"] or 0,
        referral=row["referral"] or Referral.ANSWERED,
        follow_up_required=bool(row["follow_up_required"]),
    )


def apply(plan, ctx: ImportContext) -> list:
    """New persons, new consultations in bulk, then the corrections through the actions."""
    reason = steps.reason(ctx, _("咨询记录导入"))
    persons: common.Persons = ctx.cache["persons"]
    creating = [row for row in plan.rows if row.action == CREATE]
    updating = [row for row in plan.rows if row.action == UPDATE]
    changes = persons.register_records(creating + updating, reason, "person")
    built = [row.found["record"] for row in creating]
    checks = Checks(
        ctx.actor,
        persons=persons.keys() | {change.record.pk for change in changes},
        call_ids=call_ids_of({record.office.pk for record in built}),
    )
    return changes + steps.write_records(
        plan,
        create=lambda built: records.records_create(
            actor=ctx.actor, records=built, checks=checks, reason=reason
        ),
        update=lambda consultation, record: records.record_update(
            actor=ctx.actor, consultation=consultation, record=record
        ),
        columns=FIELD_COLUMNS,
        whole="__all__",
    )


CONSULTATIONS = ImportSpec(
    key=KEY,
    title=gettext_lazy("法律咨询（含12348热线）"),
    sheet="咨询",
    fields=FIELDS,
    capability="edit",
    line="legalaid",
    resolve=resolve,
    apply=apply,
    natural_key=(),
    unique_together=(("office_code", "call_id"),),
    check_row=check_row,
    rules=(
        gettext_lazy(
            "在“咨询”工作表中每行填写一次咨询（来访、12348热线、其他电话、信函、网络），"
            "第一行表头不要修改；红色表头为必填列。"
        ),
        gettext_lazy(
            "咨询时间可写作 2025-03-07 09:30、2025/3/7 9:30、2025年3月7日 9时30分，不能晚于现在。"
        ),
        gettext_lazy(
            "12348热线来电须填写话务流水号或通话时长；同一机构的话务流水号只能登记一次。"
            "满意度为“不满意”的一律标记为需要回访。"
        ),
        gettext_lazy(
            "咨询类别、咨询渠道、处理结果、满意度请从下拉列表中选择，也可填写代码；"
            "咨询类别须在咨询当日有效。"
        ),
        gettext_lazy(
            "重复导入同一文件不会重复登记：有话务流水号的按接待机构和话务流水号查找，"
            "没有的按接待机构、咨询时间、咨询渠道和联系电话（没有电话的按咨询人姓名，"
            "匿名的按咨询问题）查找；修改后的文件只更新有变化的记录。"
        ),
        gettext_lazy("导入时先检查全部行：只要有一处错误，所有行都不会导入，错误会列出行号和列。"),
    ),
    examples=(
        {
            "office_code": "330102",
            "consulted_at": "2025-03-07 09:30",
            "channel": "12348热线",
            "call_id": "12348-20250307-0001",
            "duration_minutes": "8",
            "caller_name": "王五",
            "caller_phone": "13900000000",
            "category": "劳动争议",
            "question": "被拖欠工资如何维权？",
            "answer": "告知可申请劳动仲裁，符合条件的可申请法律援助。",
            "referral": "引导申请法律援助",
            "satisfaction": "满意",
        },
    ),
    order=65,
    list_url="legalaid:consultation_list",
    description=gettext_lazy("12348热线来电和来访、网络等法律咨询登记。"),
)
