"""Reading one cell of an import file as a clerk wrote it: text, dates, amounts, whole numbers,
ID numbers, yes/no, and items of a list by their label or their code.

Each reader takes the raw value (what python-calamine or the CSV reader gave: text, a float, a
date, a datetime, a bool) and returns the value, or raises `CellError` with the Chinese message
the preview shows beside the cell. A blank cell never reaches a reader: the field decides what
blank means (required, or a default).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.idnumber import parse_resident_id

# Excel counts days from 1899-12-30 (its day 60 is the 29 February 1900 that never was; the
# serial numbers of real dates after it are right from this base). 1 = 1899-12-31.
EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers of plausible register dates: 1900-01-01 … 2199-12-31.
SERIAL_RANGE = (1, 109_572)
DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
SERIAL_TEXT = re.compile(r"^\d{1,6}(?:\.0+)?$")
# What an amount may carry besides the number: separators, the unit, a currency sign.
AMOUNT_NOISE = re.compile(r"[,，\s\u3000元¥￥]|人民币|RMB", re.IGNORECASE)
CENT = Decimal("0.01")
YES = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "有"})
NO = frozenset({"否", "n", "no", "false", "0", "×", "无"})


class CellError(Exception):
    """A cell that cannot be read; `message` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """A cell as text: a code typed as a number loses no digits (12.0 → "12")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def day(value, *, future: bool = False, today: date | None = None) -> date:
    """A date as clerks write it: a real date cell, 2026-03-07, 2026/3/7, 2026.3.7,
    2026年3月7日, 20260307, or an Excel serial number (45723, a date cell read as a number).
    A date after today (`today`, default the bureau's today) is refused unless `future` (a
    履行期限 may lie ahead)."""
    found = _day(value)
    if found is None:
        raise CellError(_("日期格式不正确，请填写如 2026-03-07 的日期。"))
    if not future and found > (today or timezone.localdate()):
        raise CellError(_("日期不能晚于今天。"))
    return found


def _day(value) -> date | None:
    if value.__class__ is date:  # a date cell, the common case
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _serial(float(value))
    raw = str(value).strip()
    match = DATE_TEXT.match(raw) or COMPACT_DATE.match(raw)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    if SERIAL_TEXT.match(raw):  # a serial number that came as text (CSV)
        return _serial(float(raw))
    return None


def _serial(number: float) -> date | None:
    whole = int(number)  # a date with a time of day (45723.5) is that day
    if not SERIAL_RANGE[0] <= whole <= SERIAL_RANGE[1]:
        return None
    return EXCEL_EPOCH + timedelta(days=whole)


MOMENT_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?)?$"
)


def moment(value, *, future: bool = False) -> datetime:
    """A date and time as clerks write it (a 12348 call log's 来电时间): a real date-time cell,
    2026-03-07 14:30, 2026/3/7 14:30:25, 2026年3月7日 14时30分, or an Excel serial number
    with its fraction of a day (45723.6041…); a date alone is its first minute. In the
    bureau's time zone; after now is refused unless `future`."""
    found = _moment(value)
    if found is None:
        raise CellError(_("时间格式不正确，请填写如 2026-03-07 14:30 的时间。"))
    if not future and found > timezone.now():
        raise CellError(_("时间不能晚于现在。"))
    return found


def _moment(value) -> datetime | None:
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, date):
        found = datetime(value.year, value.month, value.day)
    elif isinstance(value, bool):
        return None
    elif isinstance(value, int | float):
        found = _serial_moment(float(value))
    else:
        found = _moment_text(str(value).strip())
    if found is None:
        return None
    return timezone.make_aware(found) if timezone.is_naive(found) else found


def _serial_moment(number: float) -> datetime | None:
    day = _serial(number)
    if day is None:
        return None
    seconds = round((number - int(number)) * 86400)
    return datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)


def _moment_text(raw: str) -> datetime | None:
    match = MOMENT_TEXT.match(raw)
    if match is None:
        if SERIAL_TEXT.match(raw) or re.fullmatch(r"\d{1,6}\.\d+", raw):
            return _serial_moment(float(raw))  # a serial number that came as text (CSV)
        return None
    parts = [int(part) if part else 0 for part in match.groups()]
    try:
        return datetime(*parts)
    except ValueError:
        return None


def amount(value, *, maximum: Decimal = Decimal("999999999999.99")) -> Decimal:
    """An amount in 元: 1200.5, "1,200.50", "1，200.50元", "￥1200"; at most two decimals."""
    number = _decimal(value)
    if number < 0:
        raise CellError(_("金额不能为负数。"))
    if number > maximum:
        raise CellError(_("金额过大。"))
    rounded = number.quantize(CENT)
    if rounded != number:
        raise CellError(_("金额最多保留两位小数。"))
    return rounded


def decimal(value, *, places: int = 2, minimum: Decimal | None = None) -> Decimal:
    """A decimal number (学时 1.5) with at most `places` decimals."""
    number = _decimal(value)
    if minimum is not None and number < minimum:
        raise CellError(_("应不小于%(n)s。") % {"n": minimum})
    step = Decimal(1).scaleb(-places)
    if number.quantize(step) != number:
        raise CellError(_("最多保留%(n)d位小数。") % {"n": places})
    return number


def _decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("应为数字。"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: 1200.5, not 1200.49999…
        return Decimal(repr(value))
    raw = AMOUNT_NOISE.sub("", str(value))
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise CellError(_("应为数字。")) from None
    if not number.is_finite():
        raise CellError(_("应为数字。"))
    return number


def integer(value, *, minimum: int | None = None) -> int:
    """A whole number (涉及人数 3, typed or read as 3.0)."""
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raw = str(value).strip().replace(",", "")
        if not re.fullmatch(r"-?\d+", raw):
            raise CellError(_("应为整数。"))
        number = int(raw)
    if minimum is not None and number < minimum:
        raise CellError(_("应为不小于%(n)d的整数。") % {"n": minimum})
    return number


def resident_id(value) -> str:
    """A 居民身份证号码 with a correct check character; its canonical 18-character form."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        # 18 digits do not fit a floating-point number: Excel kept only 15 of them.
        raise CellError(
            _("证件号码被 Excel 当作数字，末几位已丢失：请将该列设为文本格式后重新填写。")
        )
    try:
        return parse_resident_id(str(value)).number
    except ValidationError as error:
        raise CellError("".join(error.messages)) from None


def yes_no(value) -> bool:
    """是/否 (also Y/N, true/false, 1/0, √/×)."""
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(_("应填写“是”或“否”。"))


def normalised_label(label: str) -> str:
    """A label as it is compared: full-width brackets and spaces are typed as often as
    half-width ones, and none of them matters."""
    return (
        str(label)
        .replace("（", "(")
        .replace("）", ")")
        .replace(" ", "")
        .replace("\u3000", "")
        .strip()
        .lower()
    )


class Options:
    """The items a list column accepts, by label or by code (value): {normalised label or
    code: value}. Labels are read in the language of the request (lazy translations)."""

    def __init__(self, pairs: Iterable[tuple[str, str]], *, aliases: dict[str, str] | None = None):
        self.pairs = [(str(value), str(label)) for value, label in pairs]
        self.by_text: dict[str, str] = {}
        for value, label in self.pairs:
            self.by_text.setdefault(normalised_label(value), value)
            self.by_text[normalised_label(label)] = value
        for alias, value in (aliases or {}).items():
            self.by_text[normalised_label(alias)] = value

    def labels(self) -> list[str]:
        return [label for _value, label in self.pairs]

    def read(self, value, header: str) -> str:
        found = self.by_text.get(normalised_label(text(value)))
        if found is None:
            raise CellError(
                _("未知的%(header)s“%(text)s”，请从下拉列表中选择。")
                % {"header": header, "text": text(value)}
            )
        return found
