"""The forensic line's reads (the front door other lines use)."""

from sifa.forensic.selectors.registers import forensic_institutions_for

__all__ = ["forensic_institutions_for"]
