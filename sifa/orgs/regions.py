"""Place names of 行政区划代码 (GB/T 2260), for pages that would otherwise show a bare code.

A code names a place through the office tree: the 司法局 or 司法所 whose `region_code` it is
(a prefix such as "3301" stands for "330100") gives its name without the office word
("甲县司法局" → "甲县"). A province (two digits, the rest zeros) has no office in a county's or
city's tree, so the 34 province-level names of GB/T 2260 are listed here. A code found nowhere
is shown as it is.
"""

from __future__ import annotations

from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office

REGION_OFFICE_KINDS = (OfficeKind.JUSTICE_BUREAU, OfficeKind.JUDICIAL_OFFICE)
_OFFICE_SUFFIXES = ("司法局", "司法所")

# GB/T 2260 省级行政区划代码.
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区", "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}  # fmt: skip


def place_name(office: Office) -> str:
    """The place an office serves: its name without 司法局 / 司法所."""
    for suffix in _OFFICE_SUFFIXES:
        if office.name.endswith(suffix) and len(office.name) > len(suffix):
            return office.name[: -len(suffix)]
    return office.name


def region_name(code: str) -> str:
    """The place name of a region code or code prefix; the code itself when unknown."""
    code = (code or "").strip()
    if not code:
        return ""
    candidates = {code, code.ljust(6, "0")}
    office = (
        Office.objects.filter(region_code__in=candidates, kind__in=REGION_OFFICE_KINDS)
        .order_by("depth", "path")
        .first()
    )
    if office is not None:
        return place_name(office)
    if code[:2] in PROVINCES and not code[2:].strip("0"):
        return PROVINCES[code[:2]]
    return code
