"""The audit logs in the Django admin: read only, for the security auditor only.

Nobody adds, changes or deletes a row here — not even a superuser: the permission methods
say no whatever the user's flags, and the models refuse anyway (AppendOnlyModel). Viewing
follows 三权分立 like the audit pages: only a holder of `Cap.AUDIT_READ` may look, so the
system administrator's admin account does not read the trail of its own actions.

The historical tables of django-simple-history are deliberately not registered: history
is read on the audit pages and the record pages, never edited.
"""

from django.contrib import admin

from sifa.audit.models import AccessLog, AuditPurge, AuthEvent
from sifa.core.admin import ReadOnlyAdmin
from sifa.orgs import access
from sifa.orgs.access import Cap


class ReadOnlyAuditAdmin(ReadOnlyAdmin):
    list_per_page = 50
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None):
        return access.has_capability_anywhere(request.user, Cap.AUDIT_READ)

    def has_module_permission(self, request):
        return self.has_view_permission(request)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAuditAdmin):
    list_display = ["at", "user", "model", "object_repr", "field", "ip_address", "purpose"]
    list_filter = ["model"]
    search_fields = ["user__username", "user__full_name", "object_repr"]
    list_select_related = ["user"]


@admin.register(AuthEvent)
class AuthEventAdmin(ReadOnlyAuditAdmin):
    list_display = ["at", "kind", "username", "ip_address", "user_agent"]
    list_filter = ["kind"]
    search_fields = ["username"]


@admin.register(AuditPurge)
class AuditPurgeAdmin(ReadOnlyAuditAdmin):
    list_display = ["at", "before", "retention_days", "counts", "run_by"]
