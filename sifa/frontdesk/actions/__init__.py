"""The front desk's writes (docs/frontdesk.md)."""
