"""签到记录导入: the location check-in history of the old system (矫正编号, 签到时间, 纬度, 经度,
定位精度), one check-in per row, for subjects already in Sifa (imported first, by their 矫正编号).

Each row is validated by the check-in endpoint's own rule (`parse_check_in`: the number, a time
with its zone — a time without one is local time — not later than now, latitude and longitude
in range, the accuracy) and the subject must be one the importer may write for (its 司法所 in
the import's scope; a minor's with the minors right) and 已接收 or 在矫, as the endpoint
requires (`check_ins_receive`). A check-in before the subject's 接收登记日期 is refused: it cannot
be the subject's. Written in bulk by `check_ins_history`, marked outside the county and on
leave as the endpoint marks them; no alert is raised for past days (docs/go-live.md).

Natural key: the subject and the moment. The same file again changes nothing; a check-in is
never updated (a device does not correct one).
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import cells, spec
from sifa.core.imports.spec import CREATE, UNCHANGED, Change, ImportContext, ImportSpec
from sifa.corrections.actions.supervision import (
    CheckInData,
    CheckInRejected,
    check_ins_history,
    parse_check_in,
)
from sifa.corrections.constants import ACTIVE_STATUSES
from sifa.corrections.selectors.imports import check_in_subjects, check_ins_existing

KEY = "corrections.check_ins"
DATA_SHEET = "签到记录"
DATETIME_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[\sT]+"
    r"(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})?(?:\.\d+)?)?秒?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
SERIAL = re.compile(r"\d{5}(?:\.\d+)?")  # an Excel serial date-time that came as text (CSV)
SECONDS_A_DAY = 86_400
# Which column a message of `parse_check_in` is about (it names the value, not the column).
MESSAGE_COLUMNS = (("纬度", "latitude"), ("经度", "longitude"), ("精度", "accuracy"))


def read_moment(raw, ctx) -> datetime.datetime:
    """签到时间 as clerks' exports write it: a date-time cell, 2026-03-01 08:30[:00][+08:00],
    2026/3/1 8:30, 2026-03-01T08:30:00+08:00, or an Excel serial (46082.354…). Without a zone
    it is local time (the bureau's, settings.TIME_ZONE)."""
    moment = _moment(raw)
    if moment is None:
        raise cells.CellError(_("时间格式不正确，请填写如 2026-03-01 08:30:00 的时间。"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ctx.once("zone", timezone.get_current_timezone))
    return moment


def _moment(raw) -> datetime.datetime | None:
    if isinstance(raw, datetime.datetime):
        return raw
    if isinstance(raw, bool | datetime.date):
        return None
    if isinstance(raw, int | float):
        return _serial(float(raw))
    text = str(raw).strip()
    if re.fullmatch(r"[\d\s./年月日-]+", text) and ":" not in text and not SERIAL.fullmatch(text):
        return None  # a day without its time is not a check-in's moment
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    match = DATETIME_TEXT.match(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        try:
            moment = datetime.datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
            )
        except ValueError:
            return None
        if zone:
            return datetime.datetime.fromisoformat(moment.isoformat() + _zone(zone))
        return moment
    if SERIAL.fullmatch(text):
        return _serial(float(text))
    return None


def _zone(text: str) -> str:
    if text == "Z":
        return "+00:00"
    return text if ":" in text else f"{text[:3]}:{text[3:]}"


def _serial(number: float) -> datetime.datetime | None:
    whole = int(number)
    if not cells.SERIAL_RANGE[0] <= whole <= cells.SERIAL_RANGE[1]:
        return None
    seconds = round((number - whole) * SECONDS_A_DAY)
    day = cells.EXCEL_EPOCH + datetime.timedelta(days=whole)
    return datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(seconds=seconds)


def _raw(raw, ctx):
    """The cell as it came (a number or its text): `parse_check_in` reads it."""
    return raw


FIELDS = (
    spec.text(
        "subject",
        "矫正编号",
        required=True,
        as_text=True,
        width=20,
        note=gettext_lazy("已在系统中的矫正对象的矫正编号"),
    ),
    spec.Field(
        "at",
        "签到时间",
        read_moment,
        required=True,
        note=gettext_lazy("如 2026-03-01 08:30:00；未注明时区的按北京时间"),
        width=22,
        example="2026-03-01 08:30:00",
        aliases=("定位时间", "时间"),
    ),
    spec.Field(
        "latitude", "纬度", _raw, required=True, note=gettext_lazy("-90 至 90"), example="29.301234"
    ),
    spec.Field(
        "longitude",
        "经度",
        _raw,
        required=True,
        note=gettext_lazy("-180 至 180"),
        example="120.101234",
    ),
    spec.Field(
        "accuracy",
        "定位精度（米）",
        _raw,
        required=True,
        note=gettext_lazy("米，不小于0"),
        example="15",
        aliases=("精度", "定位精度"),
    ),
)
COLUMNS = FIELDS


def check_row(row, plan) -> None:
    """The check-in endpoint's rule (`parse_check_in`) on the row."""
    payload = {
        "subject": row["subject"],
        "at": row["at"].isoformat(),
        "latitude": row["latitude"],
        "longitude": row["longitude"],
        "accuracy_m": row["accuracy"],
    }
    try:
        data = parse_check_in(payload)
    except CheckInRejected as refused:
        plan.error(row, _column_of(refused.message), refused.message)
        return
    # The values as the rule made them (kept in the row: nothing more per row in memory).
    row["latitude"], row["longitude"] = data.latitude, data.longitude
    row["accuracy"] = data.accuracy_m


def _column_of(message: str) -> str:
    for word, key in MESSAGE_COLUMNS:
        if word in message:
            return key
    if "编号" in message:
        return "subject"
    return "at"


def resolve(plan, ctx: ImportContext) -> None:
    rows = plan.good_rows()
    zone = timezone.get_current_timezone()
    subjects = check_in_subjects(actor=ctx.actor, numbers={row["subject"] for row in rows})
    reached = []
    for row in rows:
        subject = subjects.get(row["subject"])
        if subject is None or not ctx.within(subject.office):
            # As the endpoint answers: a subject out of reach is an unknown number.
            message = _("未找到矫正对象：%(numbers)s。") % {"numbers": row["subject"]}
            plan.error(row, "subject", message)
        elif subject.status not in ACTIVE_STATUSES:
            message = _("矫正对象不在矫正期间（已接收或在矫以外的状态）：%(numbers)s。")
            plan.error(row, "subject", message % {"numbers": row["subject"]})
        elif row["at"].astimezone(zone).date() < subject.registered_on:
            message = _("签到时间早于该对象的接收登记日期（%(date)s）。")
            plan.error(row, "at", message % {"date": subject.registered_on.isoformat()})
        else:
            row.found["subject"] = subject
            reached.append(row)
    existing = check_ins_existing([(row.found["subject"].pk, row["at"]) for row in reached])
    for row in reached:
        row.action = UNCHANGED if (row.found["subject"].pk, row["at"]) in existing else CREATE


def apply(plan, ctx: ImportContext) -> list[Change]:
    pairs = (
        (
            row.found["subject"],
            CheckInData(
                subject=row["subject"],
                at=row["at"],
                latitude=row["latitude"],
                longitude=row["longitude"],
                accuracy_m=row["accuracy"],
            ),
        )
        for row in plan.rows
        if row.action == CREATE
    )
    return [Change(check_in, created=True) for check_in in check_ins_history(pairs)]


RULES = (
    gettext_lazy(
        "在“签到记录”工作表中每行填写一次定位签到，第一行表头不要修改；各列均为必填。记录多时可用"
        "CSV 文件（UTF-8 或 GBK 编码）。"
    ),
    gettext_lazy("请先导入社区矫正对象：矫正编号须是您管理范围内已接收或在矫的对象。"),
    gettext_lazy(
        "签到时间写作 2026-03-01 08:30:00，也可带时区（2026-03-01T08:30:00+08:00）或用 Excel 的"
        "日期时间；未注明时区的按北京时间；不能晚于现在，不能早于该对象的接收登记日期。"
    ),
    gettext_lazy("纬度在 -90 至 90 之间，经度在 -180 至 180 之间，定位精度（米）不小于0。"),
    gettext_lazy(
        "是否在执行地以外、是否在批准的外出期间由系统按执行地范围和外出审批计算；历史签到不再产生预警。"
    ),
    gettext_lazy("同一对象同一时间的签到只导入一次：重复导入同一文件不会重复登记。"),
)

CHECK_INS = ImportSpec(
    key=KEY,
    title=gettext_lazy("定位签到记录（历史）"),
    sheet=DATA_SHEET,
    fields=FIELDS,
    capability="edit",
    line="corrections",
    resolve=resolve,
    apply=apply,
    natural_key=("subject", "at"),
    check_row=check_row,
    rules=RULES,
    examples=(
        {
            "subject": "330102-2026-0001",
            "at": "2026-03-01 08:30:00",
            "latitude": "29.301234",
            "longitude": "120.101234",
            "accuracy": "15",
        },
    ),
    order=62,
    list_url="corrections:subject_list",
    description=gettext_lazy("原系统的定位签到历史：矫正编号、签到时间、经纬度和定位精度。"),
)
