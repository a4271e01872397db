"""Amounts (元) and other decimals, written the same way everywhere.

- On screen: thousands separators and two decimals, `2,879,680.26` (`amount_text`, the
  template filter `|amount` of `page_kit`).
- In Excel: a real number with the number format `AMOUNT_FORMAT` (`#,##0.00"元"`), so it sums
  (`sifa.core.excel` gives it to every Decimal in a column whose header names 元).
- In JSON: a plain string without trailing zeros, `"2879680.26"`, never `"2879680.2600000000"`
  (`plain_decimal`; the API's renderer `sifa.api.base.ApiJSONRenderer` and the `indicators
  --json` command use it, and `JSONEncoder` is Django's encoder doing the same for a
  `JsonResponse(..., encoder=JSONEncoder)`). Strings, not floats, so no cent is lost to binary
  floating point.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.serializers.json import DjangoJSONEncoder

AMOUNT_FORMAT = '#,##0.00"元"'
CENT = Decimal("0.01")


def plain_decimal(value) -> str:
    """A Decimal as plain text without trailing zeros or exponent: 2879680.2600000000 →
    "2879680.26", 100.00 → "100", 0E-10 → "0"."""
    number = Decimal(value)
    if number == 0:
        return "0"
    text = format(number.normalize(), "f")
    return text


def amount_text(value) -> str:
    """An amount for the screen: `2,879,680.26`; "" for None or text that is no number."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        return str(value)
    return f"{number.quantize(CENT, ROUND_HALF_UP):,.2f}"


class JSONEncoder(DjangoJSONEncoder):
    """Django's JSON encoder with Decimals as `plain_decimal` strings."""

    def default(self, o):
        if isinstance(o, Decimal):
            return plain_decimal(o)
        return super().default(o)
