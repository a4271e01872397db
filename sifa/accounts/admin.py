"""User administration (用户管理): accounts, and the roles they hold on offices (任职授权).

The password policy applies to every password set here (AdminUserCreationForm and the
admin's password change form run the validators of AUTH_PASSWORD_VALIDATORS).
Related pages: axes' 访问尝试 (delete a row to unlock an account early), and the two-factor
devices with their two-person removal (双因素认证设备删除申请) below.

三权分立 (sifa.orgs.duties): the forms offer no 超级管理员 / staff / groups / permissions field
(a forged field is ignored: it is not in the form), a superuser's account cannot be changed
here, nobody changes their own memberships, and the roles a user holds together must belong
to one duty (administration, audit or business).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from sifa.accounts import actions
from sifa.accounts.forms import (
    AdminPasswordChangeForm,
    AdminUserChangeForm,
    AdminUserCreationForm,
)
from sifa.accounts.models import TwoFactorRemoval
from sifa.orgs import duties
from sifa.orgs.models import Membership, Office

User = get_user_model()


class OfficeChoiceField(forms.ModelChoiceField):
    """Offices listed in tree order and indented by depth, with their code."""

    def label_from_instance(self, obj):
        return f"{'　' * (obj.depth - 1)}{obj.name}（{obj.code}）"


class MembershipFormSet(BaseInlineFormSet):
    """The roles the user will hold after this save, checked together (sifa.orgs.duties)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # Rows not sent with the form (or sent without their id) stay as they are.
        in_forms = {form.instance.pk for form in self.forms if form.instance.pk}
        kept = self.instance.memberships.exclude(pk__in=in_forms) if self.instance.pk else []
        roles, changed = [m.role for m in kept], False
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue  # an empty extra row
            deleted = self.can_delete and self._should_delete_form(form)
            changed = changed or deleted or form.has_changed()
            if not deleted and form.cleaned_data.get("role") is not None:
                roles.append(form.cleaned_data["role"])
        if not changed:
            return
        try:
            duties.check_roles(self.instance, roles, actor=self.actor)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["role"]) from None


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
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

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.actor = request.user
        return formset

    # Nobody grants, changes or revokes their own roles: on one's own page the rows are shown
    # read-only (and a forged row is not read: the inline is not in the form).
    def _own(self, request, obj):
        return obj is not None and obj.pk == request.user.pk

    def has_add_permission(self, request, obj):
        return not self._own(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._own(request, obj) and super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    change_password_form = AdminPasswordChangeForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("基本信息"), {"fields": ("full_name", "email")}),
        # No is_staff / is_superuser / groups / user_permissions: admin rights come from
        # roles (sifa.orgs.duties), and a superuser only from the server's shell.
        (_("状态"), {"fields": ("is_active",)}),
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
    list_display = ("username", "full_name", "is_active", "last_login")
    list_filter = ("is_active", "memberships__role")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]

    def has_change_permission(self, request, obj=None):
        # A superuser's account (password included) is kept from the shell, not from here.
        return duties.may_change_account(request.user, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return duties.may_change_account(request.user, obj) and super().has_delete_permission(
            request, obj
        )

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


# Groups grant nothing (accounts.backends.RolePermissionBackend): nothing to administer.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


# django-otp's own page lets a holder of the delete permission remove a device alone.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    """Two-factor devices (双因素认证设备), read only: a device is set up by its user and removed
    only through a confirmed removal request. The secret is never shown."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__full_name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # two administrators: TwoFactorRemovalAdmin


class TwoFactorRemovalForm(forms.ModelForm):
    class Meta:
        model = TwoFactorRemoval
        fields = ["device", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device"].required = True
        self.fields["device"].queryset = TOTPDevice.objects.select_related("user").order_by(
            "user__username"
        )
        self.fields["device"].label_from_instance = lambda d: f"{d.user}（{d.user.username}）"

    def clean(self):
        cleaned = super().clean()
        device, reason = cleaned.get("device"), cleaned.get("reason") or ""
        if device is not None:
            errors = actions.two_factor_removal_errors(
                actor=self.actor, device=device, reason=reason
            )
            for field, messages_ in errors.items():
                for message in messages_:
                    self.add_error(field, message)
        return cleaned


@admin.register(TwoFactorRemoval)
class TwoFactorRemovalAdmin(admin.ModelAdmin):
    """删除双因素认证设备: administrator A asks (add), a different administrator B confirms
    (the action "确认删除所选设备"); the device is deleted only then."""

    form = TwoFactorRemovalForm
    list_display = (
        "device_user",
        "device_name",
        "reason",
        "status",
        "requested_by",
        "requested_at",
        "confirmed_by",
        "confirmed_at",
    )
    list_filter = ("status",)
    list_select_related = ("device_user", "requested_by", "confirmed_by")
    actions = ["confirm_removal"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_confirm_permission(self, request):
        return request.user.has_perm("accounts.add_twofactorremoval")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        removal = actions.two_factor_removal_request(
            actor=request.user, device=obj.device, reason=obj.reason
        )
        for name in ("pk", "device_user_id", "device_name", "requested_by_id", "requested_at"):
            setattr(obj, name, getattr(removal, name))  # for the admin's own log and message

    @admin.action(description=_("确认删除所选设备（双人确认）"), permissions=["confirm"])
    def confirm_removal(self, request, queryset):
        for removal in queryset:
            try:
                actions.two_factor_removal_confirm(actor=request.user, removal=removal)
            except ValidationError as exc:
                for message in exc.messages:
                    self.message_user(request, f"{removal}：{message}", messages.ERROR)
            else:
                self.message_user(request, _("%(removal)s：设备已删除。") % {"removal": removal})
