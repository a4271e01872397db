"""Figures of legal aid (法律援助) and 12348, one definition each (DESIGN §5, DOMAIN §5.5)."""
