"""System administration of the office tree, roles, memberships and the staff roster.

三权分立 (sifa.orgs.duties): a role's capabilities are shown read-only — they come with a
release or from the server's shell, never from a web form; a membership is refused when the
user's roles would span two duties, or when it is the actor's own.

Offices are never deleted and are closed only through the office page (撤销机构, which checks
the children and records the closing date), so the admin shows status and closing date
read-only. Every change is kept by simple-history (the "历史" button).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from sifa.core.admin import HistoryAdmin
from sifa.core.lines import business_lines
from sifa.orgs import duties
from sifa.orgs.duties import capability_text
from sifa.orgs.models import Membership, Office, Role, StaffMember


@admin.register(Office)
class OfficeAdmin(HistoryAdmin, TreeAdmin):
    form = movenodeform_factory(Office)
    list_display = ("name", "code", "kind", "region_code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code", "region_code")
    readonly_fields = ("is_active", "closed_on")

    def has_delete_permission(self, request, obj=None):
        return False  # offices are closed (撤销), never deleted


def line_choices() -> list[tuple[str, str]]:
    """The installed business lines, by their Chinese names (a line added later appears here)."""
    return [(line.key, line.name) for line in business_lines()]


class RoleForm(forms.ModelForm):
    """Name and 强制双因素认证 only: capabilities and business lines are not form fields
    (read-only below), so a forged `capabilities` or `lines` in the POST is never read."""

    class Meta:
        model = Role
        fields = ["key", "name", "requires_two_factor"]


@admin.register(Role)
class RoleAdmin(HistoryAdmin):
    form = RoleForm
    list_display = ("name", "key", "capability_list", "line_list", "requires_two_factor")
    list_editable = ("requires_two_factor",)
    search_fields = ("name", "key")

    def get_readonly_fields(self, request, obj=None):
        # The key names the role in settings (SIFA_TWO_FACTOR_ROLES) and code: fixed once made.
        shown = ("capability_list", "line_list")  # what a role may do: a release or the shell
        return ("key", *shown) if obj is not None else shown

    def has_delete_permission(self, request, obj=None):
        return False  # a role held in the past is named by the history

    @admin.display(description=_("权限"))
    def capability_list(self, role):
        return capability_text(role.capabilities) or "—"

    @admin.display(description=_("业务条线"))
    def line_list(self, role):
        names = dict(line_choices())
        return "、".join(str(names.get(key, key)) for key in role.lines or ()) or "—"


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "office", "role"]

    def clean(self):
        cleaned = super().clean()
        user, role = cleaned.get("user"), cleaned.get("role")
        if user is not None and role is not None:
            replacing = self.instance if self.instance.pk else None
            try:
                duties.check_grant(actor=self.actor, user=user, role=role, replacing=replacing)
            except forms.ValidationError as exc:
                self.add_error(None, exc)  # {"role": …}: shown under the role
        return cleaned


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    form = MembershipForm
    list_display = ("user", "office", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "office__name", "office__code")
    autocomplete_fields = ("office",)
    raw_id_fields = ("user",)
    list_select_related = ("user", "office", "role")
    readonly_fields = ("created_by",)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def _own(self, request, obj):
        return obj is not None and obj.user_id == request.user.pk

    def has_change_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(StaffMember)
class StaffMemberAdmin(HistoryAdmin):
    list_display = ("person", "office", "post", "full_time", "start_date", "end_date")
    list_filter = ("post", "full_time")
    search_fields = ("person__name", "office__name", "office__code")
    autocomplete_fields = ("office",)
    raw_id_fields = ("person",)
    list_select_related = ("person", "office")
    readonly_fields = ("created_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
