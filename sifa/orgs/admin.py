"""System administration of the office tree, roles, memberships and the staff roster.

Offices are never deleted and are closed only through the office page (撤销机构, which checks
the children and records the closing date), so the admin shows status and closing date
read-only. Every change is kept by simple-history (the "历史" button).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from sifa.core.lines import business_lines
from sifa.orgs.access import Cap
from sifa.orgs.models import Membership, Office, Role, StaffMember

CAPABILITY_LABELS = {
    Cap.VIEW: _("查看业务记录"),
    Cap.EDIT: _("登记和修改业务记录"),
    Cap.REVEAL: _("查看完整证件号码和电话"),
    Cap.STATS: _("统计分析"),
    Cap.ORGS_MANAGE: _("管理机构树"),
    Cap.ACCOUNTS_MANAGE: _("管理用户和授权"),
    Cap.CODES_MANAGE: _("管理字典和节假日"),
    Cap.AUDIT_READ: _("查看审计日志"),
    Cap.MINORS: _("查看未成年社区矫正对象"),
}


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin, TreeAdmin):
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
    """Capabilities are stored as a JSON list of `Cap` strings; chosen here by checkbox."""

    capabilities = forms.MultipleChoiceField(
        label=_("权限"),
        required=False,
        choices=[(cap, f"{CAPABILITY_LABELS.get(cap, cap)}（{cap}）") for cap in Cap.ALL],
        widget=forms.CheckboxSelectMultiple,
    )

    lines = forms.MultipleChoiceField(
        label=_("业务条线"),
        required=False,
        choices=line_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "查看、登记、显示证件号码和未成年人权限只在勾选的业务条线内有效；"
            "不勾选任何条线的角色不能查看任何业务记录（如系统管理员、安全审计员）。"
        ),
    )

    class Meta:
        model = Role
        fields = ["key", "name", "capabilities", "lines", "requires_two_factor"]

    def clean_capabilities(self):
        chosen = set(self.cleaned_data["capabilities"])
        return [cap for cap in Cap.ALL if cap in chosen]  # stable order in the stored list

    def clean_lines(self):
        chosen = set(self.cleaned_data["lines"])
        return [key for key, _label in line_choices() if key in chosen]  # the lines' order


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    form = RoleForm
    list_display = ("name", "key", "capability_list", "line_list", "requires_two_factor")
    list_editable = ("requires_two_factor",)
    search_fields = ("name", "key")

    @admin.display(description=_("权限"))
    def capability_list(self, role):
        return "、".join(str(CAPABILITY_LABELS.get(c, c)) for c in role.capabilities or ())

    @admin.display(description=_("业务条线"))
    def line_list(self, role):
        names = dict(line_choices())
        return "、".join(str(names.get(key, key)) for key in role.lines or ()) or "—"


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "office", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "office__name", "office__code")
    autocomplete_fields = ("office",)
    raw_id_fields = ("user",)
    list_select_related = ("user", "office", "role")
    readonly_fields = ("created_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
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
