"""Licence numbers of practice institutions and practitioners (执业许可证号, 执业证号): the
formats Sifa checks and the Chinese message for each fault. The decisions and their sources are
in docs/practice.md ("Licence numbers").

* An institution's 执业许可证号 is its 统一社会信用代码 (GB 32100-2015; the 司法行政 department
  issues the licence with the code since 2016): 18 characters, registration department 3
  (司法行政) and category 1 (律师执业机构) or 3 (基层法律服务所), a GB/T 2260 area code, and the
  MOD 31 check character (python-stdnum `cn.uscc`).
* A lawyer's 执业证号 has 17 digits [M]: 1 the certificate type (1), 2–3 the province, 4–5 the
  city, 6–9 the year of first practice, 10 the practice category (1 专职 2 兼职 3–5 香港/澳门/台湾
  居民 6 公职 7 公司), 11 the gender code, 12–17 a serial number.
* A grassroots legal service worker's, a notary's and a forensic appraiser's 执业证号: no national
  structure was verified; Sifa checks digits only, 8–20 of them [M], and the province's rule is to
  be confirmed before go-live.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from sifa.core.idnumber import PROVINCE_CODES
from sifa.practice.constants import LICENCE_PREFIX, PRACTITIONER_NOUN, Category

FIRST_LAWYER_YEAR = 1979  # lawyers' practice resumed in 1979; no earlier first year is possible
LAWYER_CATEGORY_DIGITS = frozenset("1234567")
WORKER_LENGTHS = (8, 20)


def normalised(number: str) -> str:
    return (number or "").strip().upper().replace(" ", "")


def institution_licence_error(number: str, category: str) -> str | None:
    """None, or why `number` is not a valid 执业许可证号 of an institution of `category`."""
    number = normalised(number)
    label = Category(category).label
    prefix = LICENCE_PREFIX[category]
    if len(number) != 18:
        return _("执业许可证号应为18位统一社会信用代码（现为%(n)d位）。") % {"n": len(number)}
    if not number.startswith(prefix):
        return _("%(label)s的执业许可证号应以“%(prefix)s”开头（司法行政登记、%(label)s类别）。") % {
            "label": label,
            "prefix": prefix,
        }
    if number[2:4] not in PROVINCE_CODES or not number[2:8].isdigit():
        return _("执业许可证号第3—8位应为行政区划代码。")
    try:
        uscc.validate(number)
    except StdnumError:
        return _("执业许可证号的校验位不正确，请核对。")
    return None


def practitioner_licence_error(
    number: str, category: str, *, today: datetime.date | None = None
) -> str | None:
    """None, or why `number` is not a valid 执业证号 in the register of `category`."""
    number = normalised(number)
    if category != Category.LAW_FIRM:
        low, high = WORKER_LENGTHS
        if not number.isdigit() or not low <= len(number) <= high:
            return _("%(who)s执业证号应为%(low)d至%(high)d位数字。") % {
                "who": PRACTITIONER_NOUN[category],
                "low": low,
                "high": high,
            }
        return None
    if len(number) != 17 or not number.isdigit():
        return _("律师执业证号应为17位数字。")
    if number[0] != "1":
        return _("律师执业证号第1位（证书类型）应为1。")
    if number[1:3] not in PROVINCE_CODES:
        return _("律师执业证号第2—3位应为省级行政区划代码，“%(code)s”不是。") % {
            "code": number[1:3]
        }
    year = int(number[5:9])
    this_year = (today or datetime.date.today()).year
    if not FIRST_LAWYER_YEAR <= year <= this_year:
        return _("律师执业证号第6—9位应为首次执业年份（%(low)d—%(high)d），“%(year)d”不是。") % {
            "low": FIRST_LAWYER_YEAR,
            "high": this_year,
            "year": year,
        }
    if number[9] not in LAWYER_CATEGORY_DIGITS:
        return _("律师执业证号第10位应为执业类别代码（1—7）。")
    return None


def lawyer_licence_number(
    *, province_city: str, first_year: int, category_digit: int, gender_digit: int, serial: int
) -> str:
    """A 律师执业证号 in the checked format (the demo and tests build theirs with it)."""
    return f"1{province_city}{first_year:04d}{category_digit}{gender_digit}{serial:06d}"


def institution_licence_number(category: str, area_code: str, body: str) -> str:
    """A 统一社会信用代码 for an institution: prefix, 6-digit area, 9-character body, check."""
    stem = f"{LICENCE_PREFIX[category]}{area_code}{body}"
    return stem + uscc.calc_check_digit(stem)
