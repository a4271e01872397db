"""Figures of resettlement (安置帮教), DOMAIN §4."""
