"""Writes of the accounts app (账户)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sifa.accounts import two_factor
from sifa.accounts.models import TwoFactorRemoval
from sifa.orgs import access, duties
from sifa.orgs.access import Cap


@transaction.atomic
def two_factor_enable(*, actor, secret: str, code: str) -> TOTPDevice:
    """启用双因素认证: confirm the secret shown on the setup page with the app's first code.

    Self-service: a user only ever sets up their own device, so no capability is checked.
    Removing a device (lost phone) takes two administrators (`two_factor_removal_request`,
    `two_factor_removal_confirm`).
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


def _require_account_manager(actor) -> None:
    access.require_anywhere(actor, Cap.ACCOUNTS_MANAGE, _("只有系统管理员可以删除双因素认证设备。"))


def two_factor_removal_errors(*, actor, device: TOTPDevice, reason: str) -> dict[str, list[str]]:
    """What is wrong with a removal request (for the form, and checked again by the action)."""
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [_("请填写删除原因（例如：手机丢失）。")]
    if device.user_id == actor.pk:
        errors["device"] = [_("不能申请删除自己的双因素认证设备，须由其他系统管理员申请。")]
    elif TwoFactorRemoval.objects.filter(
        device=device, status=TwoFactorRemoval.Status.PENDING
    ).exists():
        errors["device"] = [_("该设备已有待确认的删除申请。")]
    return errors


@transaction.atomic
def two_factor_removal_request(*, actor, device: TOTPDevice, reason: str) -> TwoFactorRemoval:
    """申请删除双因素认证设备 (lost phone): the first of the two administrators.

    The device stays until a different administrator confirms; nobody asks for the removal of
    their own device (they could not have logged in without it, or do not need to remove it).
    """
    _require_account_manager(actor)
    errors = two_factor_removal_errors(actor=actor, device=device, reason=reason)
    if errors:
        raise ValidationError(errors)
    removal = TwoFactorRemoval(
        device_user_id=device.user_id,
        device=device,
        device_name=device.name,
        reason=reason.strip(),
        requested_by=actor,
    )
    removal._history_user = actor
    removal.save()
    return removal


@transaction.atomic
def two_factor_removal_confirm(*, actor, removal: TwoFactorRemoval) -> TwoFactorRemoval:
    """确认删除: the second administrator — neither the one who asked nor the device's owner —
    confirms, and the device is deleted. Both names stay in the request and its history."""
    _require_account_manager(actor)
    removal = TwoFactorRemoval.objects.select_for_update().get(pk=removal.pk)
    if removal.status != TwoFactorRemoval.Status.PENDING:
        raise ValidationError({"status": [_("该申请已经处理过。")]})
    if removal.requested_by_id == actor.pk:
        raise ValidationError(
            {"confirmed_by": [_("双人确认：申请人不能确认自己的申请，须由另一名系统管理员确认。")]}
        )
    if duties.granted_by(actor, removal.requested_by, Cap.ACCOUNTS_MANAGE):
        raise ValidationError(
            {
                "confirmed_by": [
                    _("双人确认：您的系统管理员授权是申请人授予的，须由另一名系统管理员确认。")
                ]
            }
        )
    if removal.device_user_id == actor.pk:
        raise ValidationError({"confirmed_by": [_("不能确认删除自己的双因素认证设备。")]})
    device = removal.device
    removal.status = TwoFactorRemoval.Status.DONE
    removal.confirmed_by = actor
    removal.confirmed_at = timezone.now()
    removal._history_user = actor
    removal.save()
    if device is not None:
        device._history_user = actor
        device.delete()
    return removal


@transaction.atomic
def recovery_codes_generate(*, actor) -> list[str]:
    """生成恢复码: 10 new one-time codes for the actor's own account; the old ones end.

    Needs a confirmed authenticator (the codes stand in for it). The codes are returned once
    to be shown once; the database keeps only their keyed hashes."""
    if two_factor.confirmed_device(actor) is None:
        raise ValidationError(_("请先启用双因素认证，再生成恢复码。"), code="no_device")
    # A new device each time (the old one and its codes deleted), so that the auditor's history
    # shows every making of codes as a device removed and one added.
    old = two_factor.recovery_device(actor)
    if old is not None:
        old._history_user = actor
        old.delete()
    device = StaticDevice(user=actor, name=two_factor.RECOVERY_DEVICE_NAME, confirmed=True)
    device._history_user = actor
    device.save()
    codes = [StaticToken.random_token() for _ in range(two_factor.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=two_factor.recovery_code_hash(code)) for code in codes
    )
    return codes
