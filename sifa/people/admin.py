"""The person registry is deliberately not in the Django admin.

The admin serves the system administrator (系统管理员), who under 三权分立 sees no business
records; persons are registered, changed and revealed only through the scoped pages and
actions, so that every read is scoped by `sifa.orgs.access` and every reveal is logged.
"""
