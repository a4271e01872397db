"""User administration (用户管理): accounts, and the roles they hold on offices (任职授权).

The password policy applies to every password set here (AdminUserCreationForm and the
admin's password change form run the validators of AUTH_PASSWORD_VALIDATORS).
Related pages registered by the libraries: axes' 访问尝试 (delete a row to unlock an account
early) and django-otp's TOTP devices (delete a lost phone's device).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from sifa.accounts.forms import (
    AdminPasswordChangeForm,
    AdminUserChangeForm,
    AdminUserCreationForm,
)
from sifa.orgs.models import Membership, Office

User = get_user_model()


class OfficeChoiceField(forms.ModelChoiceField):
    """Offices listed in tree order and indented by depth, with their code."""

    def label_from_instance(self, obj):
        return f"{'　' * (obj.depth - 1)}{obj.name}（{obj.code}）"


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    fields = ("office", "role")
    extra = 1
    verbose_name = _("任职授权")
    verbose_name_plural = _("任职授权（在哪个机构担任什么角色；授权覆盖该机构及其下级机构）")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office":
            kwargs["queryset"] = Office.objects.filter(is_active=True).order_by("path")
            kwargs["form_class"] = OfficeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    change_password_form = AdminPasswordChangeForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("基本信息"), {"fields": ("full_name", "email")}),
        (
            _("状态与后台权限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("时间"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("username", "full_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "memberships__role")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]

    def get_inlines(self, request, obj):
        # Roles are granted on the change page, which "add user" leads to.
        return self.inlines if obj is not None else []

    def save_formset(self, request, form, formset, change):
        for membership in formset.save(commit=False):
            if membership.created_by_id is None:
                membership.created_by = request.user
            membership.save()
        for membership in formset.deleted_objects:
            membership.delete()
        formset.save_m2m()
