"""The front desk's reads, all through `sifa.orgs.access.scope()`."""
