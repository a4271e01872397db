"""The Django admin site (系统管理后台): entered by administrators and auditors only.

Django's own site lets in every `is_staff` user; ours asks the separation-of-duties rule
(`sifa.orgs.duties.may_enter_admin`): a user holding an administrative or the auditor's role,
or a superuser made on the server's shell. `is_staff` is not consulted and not offered.
"""

from django.contrib import admin

from sifa.orgs import duties


class SifaAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return duties.may_enter_admin(request.user)
