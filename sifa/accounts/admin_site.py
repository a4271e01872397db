"""The Django admin site (系统管理后台): entered by administrators and auditors only.

Django's own site lets in every `is_staff` user; ours asks the separation-of-duties rule
(`sifa.orgs.duties.may_enter_admin`): a user holding an administrative or the auditor's role,
or a superuser made on the server's shell. `is_staff` is not consulted and not offered.
"""

from django.contrib import admin
from django.utils import timezone

from sifa.core.calendar import unloaded_next_year
from sifa.orgs import access, duties
from sifa.orgs.access import Cap


class SifaAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return duties.may_enter_admin(request.user)

    def index(self, request, extra_context=None):
        """The admin home; from 1 December it warns the administrators who keep the holiday
        table when next year's holidays are not loaded (sifa.core.calendar)."""
        context = dict(extra_context or {})
        if access.has_capability_anywhere(request.user, Cap.CODES_MANAGE):
            context["holidays_missing_year"] = unloaded_next_year(timezone.localdate())
        return super().index(request, extra_context=context)
