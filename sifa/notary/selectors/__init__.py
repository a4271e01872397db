"""The 公证 line's reads (its front door for other lines: `notary_offices_for`)."""

from sifa.notary.selectors.notarisations import notary_offices_for

__all__ = ["notary_offices_for"]
