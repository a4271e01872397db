"""Forms of the login, password and two-factor pages, and of the user admin."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from config.sifa_settings import sifa_setting
from sifa.accounts import lockout, two_factor
from sifa.core.forms import KitWidgets, kit_formfield

User = get_user_model()


class BootstrapFormMixin:
    """Bootstrap 5 classes on every widget, and `is-invalid` on fields that failed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else ""
            field.widget.attrs.setdefault("class", css or "form-control")

    def add_error(self, field, error):
        # Also catches errors a view adds after is_valid() (a wrong one-time code, say).
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    """用户名 + 密码. Django's form calls authenticate(request=…), which axes needs."""

    username = auth_forms.UsernameField(
        label=_("用户名"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        # The same message whether the user exists or not: no hint for guessing names.
        "invalid_login": _("用户名或密码不正确。连续输错多次后账户将被暂时锁定。"),
        "inactive": _("该账户已停用，请联系系统管理员。"),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if lockout.refused_for_address(self.request):
                raise forms.ValidationError(
                    _(
                        "从您所在网络地址登录失败的次数过多，该地址已暂停登录%(minutes)s分钟。"
                        "请稍后再试；如有疑问请联系系统管理员。"
                    ),
                    code="address_locked",
                    params={"minutes": sifa_setting("SIFA_LOCKOUT_MINUTES")},
                ) from None
            raise


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": _("两次输入的新密码不一致。"),
        "password_incorrect": _("原密码不正确，请重新输入。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("原密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("确认新密码")
        self.fields["new_password2"].help_text = _("请再次输入新密码。")

    def validate_password_for_user(self, user, *args, **kwargs):
        # Policy errors belong under the field where the new password was typed.
        super().validate_password_for_user(user, "new_password1")

    def set_password_and_save(self, user, *args, **kwargs):
        user.password_change_required = False  # the password is now the user's own
        return super().set_password_and_save(user, *args, **kwargs)


class OTPCodeForm(BootstrapFormMixin, forms.Form):
    """The 6-digit code of the authenticator app (spaces typed by habit are ignored)."""

    code = forms.CharField(
        label=_("动态口令"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "placeholder": "000000",
            }
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("请输入6位数字动态口令。"))
        return code


class LoginCodeForm(OTPCodeForm):
    """The code page at login: the app's 6-digit code, or one of the recovery codes (恢复码,
    8 letters and digits, e.g. abcd-2345). `recovery_code` says which was typed."""

    code = forms.CharField(
        label=_("动态口令或恢复码"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "placeholder": "000000"}
        ),
    )

    def clean_code(self):
        text = self.cleaned_data["code"].replace(" ", "")
        if text.isascii() and text.isdigit() and len(text) == 6:
            self.recovery_code = None
            return text
        self.recovery_code = two_factor.normalized_recovery_code(text)
        if self.recovery_code is None:
            raise forms.ValidationError(_("请输入6位数字动态口令，或8位恢复码（如 abcd-2345）。"))
        return self.recovery_code


# --- admin -----------------------------------------------------------------------------------

USER_LABELS = {
    "username": _("用户名"),
    "full_name": _("姓名"),
    "email": _("电子邮箱"),
    "is_active": _("启用"),
    "is_staff": _("可进入系统管理后台"),
    "is_superuser": _("超级管理员"),
    "groups": _("后台权限组"),
    "user_permissions": _("后台权限"),
}


class SetByAdministratorMixin:
    """A password an administrator sets is known to two people: the user must choose their own
    at the next login (accounts.middleware.RequirePasswordChangeMiddleware)."""

    def set_password_and_save(self, user, *args, **kwargs):
        usable = self.cleaned_data.get("set_usable_password", True)
        user.password_change_required = bool(usable)
        return super().set_password_and_save(user, *args, **kwargs)


class AdminPasswordChangeForm(SetByAdministratorMixin, auth_forms.AdminPasswordChangeForm):
    pass


class AdminUserCreationForm(SetByAdministratorMixin, auth_forms.AdminUserCreationForm):
    """The admin's "add user" form: the password policy applies (SetPasswordMixin)."""

    class Meta(auth_forms.AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email")
        labels = USER_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("密码")
        self.fields["password2"].label = _("确认密码")
        self.fields["password2"].help_text = _("请再次输入密码。")

    def validate_password_for_user(self, user, **kwargs):
        super().validate_password_for_user(user, password_field_name="password1")  # noqa: S106


class AdminUserChangeForm(KitWidgets, auth_forms.UserChangeForm):
    class Meta(auth_forms.UserChangeForm.Meta):
        model = User
        fields = "__all__"
        labels = USER_LABELS
        formfield_callback = kit_formfield
