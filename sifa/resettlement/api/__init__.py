"""The line's /api/v1/ exchanges (collected by sifa.api.urls through sifa.core.lines)."""
