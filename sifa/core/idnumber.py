"""Document and phone numbers: normalise, validate, derive (居民身份证号码 / 联系电话).

居民身份证号码 (GB 11643-1999, DOMAIN §1.2): 6-digit address code + 8-digit birth date +
3-digit sequence (odd = male) + ISO 7064 MOD 11-2 check character. The check arithmetic and
the birth-date split come from python-stdnum (`stdnum.cn.ric`); the place-of-birth lookup of
`ric.validate` is deliberately not used, because an address code records the division valid
when the number was issued and retired codes must still pass (DOMAIN §1.2) — only the
province (first two digits) is checked.

Every function returns the canonical form that is stored and hashed, so the same number typed
as 15 digits, with a lowercase x or with spaces finds the same person.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric

from sifa.core.validation import today

MALE = "M"
FEMALE = "F"

# GB/T 2260 province-level codes, plus 83 (台湾) used by 港澳台居民居住证 (81 香港, 82 澳门).
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63"}
    | {"64", "65", "71", "81", "82", "83"}
)
# Nobody alive or on an old register was born before this; earlier dates are typing errors.
EARLIEST_BIRTH_YEAR = 1850

_SEPARATORS = re.compile(r"[\s\-\u3000]+")


@dataclass(frozen=True)
class ResidentId:
    """A validated 居民身份证号码 and what it tells about its holder."""

    number: str  # canonical 18 characters, uppercase X
    birth_date: datetime.date
    gender: str  # MALE or FEMALE (digit 17: odd = male)
    upgraded: bool = False  # typed as a legacy 15-digit number


def _compact(raw: str) -> str:
    return _SEPARATORS.sub("", raw or "").upper()


def _birth_date(number18: str) -> datetime.date:
    try:
        # stdnum's ric.get_birth_date, without compacting again (the number is compact): the
        # split is read for every party of a 200,000-row import.
        born = datetime.date(int(number18[6:10]), int(number18[10:12]), int(number18[12:14]))
    except ValueError:
        raise ValidationError(
            _("出生日期无效：第7至14位“%(digits)s”不是真实的日期。") % {"digits": number18[6:14]},
            code="invalid_birth_date",
        ) from None
    if born.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(
            _("出生日期无效：%(date)s 早于 %(year)s 年。")
            % {"date": born.isoformat(), "year": EARLIEST_BIRTH_YEAR},
            code="invalid_birth_date",
        )
    if born > today():
        raise ValidationError(
            _("出生日期无效：%(date)s 晚于今天。") % {"date": born.isoformat()},
            code="future_birth_date",
        )
    return born


def upgrade_legacy_number(number15: str) -> str:
    """15-digit number (GB 11643-1989) → 18 digits: insert "19" before YYMMDD, add the check."""
    body = number15[:6] + "19" + number15[6:]
    return body + ric.calc_check_digit(body + "0")


def parse_resident_id(raw: str) -> ResidentId:
    """Validate a 居民身份证号码 as typed; raise ValidationError saying what is wrong."""
    number = _compact(raw)
    if not number:
        raise ValidationError(_("请填写身份证号码。"), code="required")
    if len(number) not in (15, 18):
        raise ValidationError(
            _("位数不对：身份证号码应为18位（旧证15位），现为%(count)s位。")
            % {"count": len(number)},
            code="invalid_length",
        )
    upgraded = len(number) == 15
    if upgraded:
        if not number.isdigit():
            raise ValidationError(
                _("格式错误：15位身份证号码只能由数字组成。"), code="invalid_format"
            )
        number = upgrade_legacy_number(number)
    elif not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("格式错误：前17位应为数字，最后一位为数字或 X。"), code="invalid_format"
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("地址码无效：前两位“%(code)s”不是省级行政区划代码。") % {"code": number[:2]},
            code="invalid_region",
        )
    born = _birth_date(number)
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValidationError(
            _("校验位错误：最后一位应为 %(expected)s，请核对号码是否录错。")
            % {"expected": expected},
            code="invalid_checksum",
        )
    gender = MALE if int(number[16]) % 2 else FEMALE
    return ResidentId(number=number, birth_date=born, gender=gender, upgraded=upgraded)


def normalize_resident_id(raw: str) -> str:
    """The canonical 18-character form of a valid 居民身份证号码."""
    return parse_resident_id(raw).number


def validate_resident_id(value: str) -> None:
    """Form/model field validator."""
    parse_resident_id(value)


# Documents whose number follows the 18-character resident-ID structure: 港澳台居民居住证
# carries address code 810000/820000/830000 and the same check character.
RESIDENT_ID_STRUCTURED = frozenset({"resident_id", "hmt_residence"})
_OTHER_DOCUMENT = re.compile(r"^[A-Z0-9()]{5,30}$")


def normalize_document_number(doc_type: str, raw: str) -> str:
    """Canonical form of a document number for storage and the search hash.

    Resident-ID-structured documents are fully validated; passports, permits and other
    documents are compacted (spaces removed, uppercase) and checked for plausible characters.
    """
    if doc_type in RESIDENT_ID_STRUCTURED:
        return normalize_resident_id(raw)
    number = _compact(raw).replace("（", "(").replace("）", ")")
    if not _OTHER_DOCUMENT.match(number):
        raise ValidationError(
            _("证件号码格式错误：应为5至30位字母或数字。"), code="invalid_document"
        )
    return number


def search_forms_of_document_number(raw: str) -> set[str]:
    """Every canonical form a typed number may have been stored under (for exact search)."""
    forms = set()
    compact = _compact(raw)
    if compact:
        forms.add(compact)
    with contextlib.suppress(ValidationError):
        forms.add(normalize_resident_id(raw))
    return forms


# ---------------------------------------------------------------------------------------------
# Phone numbers (联系电话)

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_COUNTRY_PREFIX = re.compile(r"^(?:\+86|0086|86)(?=1\d{10}$)")
_PHONE_PUNCTUATION = re.compile(r"[\s\-()（）\u3000]+")


def normalize_phone(raw: str) -> str:
    """Canonical phone: 11-digit mobile, or landline as "area-local" (e.g. 0571-87654321).

    Area codes: 010 and 02X have three digits, every other one four (the leading 0 counted);
    local numbers have 7 or 8 digits.
    """
    digits = _PHONE_PUNCTUATION.sub("", raw or "")
    digits = _COUNTRY_PREFIX.sub("", digits)
    if not digits:
        raise ValidationError(_("请填写联系电话。"), code="required")
    if _MOBILE.match(digits):
        return digits
    if digits.isdigit() and digits.startswith("0"):
        area_length = 3 if digits[1] in "12" else 4
        area, local = digits[:area_length], digits[area_length:]
        if 7 <= len(local) <= 8 and local[0] not in "01":
            return f"{area}-{local}"
    raise ValidationError(
        _("联系电话格式错误：应为11位手机号码，或带区号的固定电话（如 0571-87654321）。"),
        code="invalid_phone",
    )


def validate_phone(value: str) -> None:
    """Form/model field validator."""
    normalize_phone(value)
