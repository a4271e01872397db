"""Writes of the accounts app (账户)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sifa.accounts import two_factor


@transaction.atomic
def two_factor_enable(*, actor, secret: str, code: str) -> TOTPDevice:
    """启用双因素认证: confirm the secret shown on the setup page with the app's first code.

    Self-service: a user only ever sets up their own device, so no capability is checked.
    Removing a device (lost phone) is done by the system administrator in the admin.
    """
    if two_factor.confirmed_device(actor) is not None:
        raise ValidationError(_("您已启用双因素认证。"), code="already_enabled")
    device = two_factor.unsaved_device(actor, secret)
    device.full_clean()
    if not two_factor.new_device_accepts(device, code):
        raise ValidationError(
            _("动态口令不正确，请输入手机验证器上当前显示的6位数字。"), code="wrong_code"
        )
    device.save()
    return device


@transaction.atomic
def recovery_codes_generate(*, actor) -> list[str]:
    """生成恢复码: 10 new one-time codes for the actor's own account; the old ones end.

    Needs a confirmed authenticator (the codes stand in for it). The codes are returned once
    to be shown once; the database keeps only their keyed hashes."""
    if two_factor.confirmed_device(actor) is None:
        raise ValidationError(_("请先启用双因素认证，再生成恢复码。"), code="no_device")
    device = two_factor.recovery_device(actor)
    if device is None:
        device = StaticDevice.objects.create(
            user=actor, name=two_factor.RECOVERY_DEVICE_NAME, confirmed=True
        )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(two_factor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=two_factor.recovery_code_hash(code)) for code in codes
    )
    return codes
