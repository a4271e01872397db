"""Building valid test document numbers from their parts (the check character is computed)."""

from datetime import date

from stdnum.cn import ric


def resident_id(address="330102", born=date(1985, 6, 15), sequence="123") -> str:
    """An 18-character 居民身份证号码 with a correct check character."""
    body = f"{address}{born:%Y%m%d}{sequence}"
    return body + ric.calc_check_digit(body + "0")


def legacy_id(address="330102", born=date(1965, 3, 8), sequence="123") -> str:
    """A 15-digit number (GB 11643-1989): address, YYMMDD, sequence — no check character."""
    return f"{address}{born:%y%m%d}{sequence}"
