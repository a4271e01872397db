"""Two-factor authentication (双因素认证): a TOTP authenticator app on the user's phone.

Rules, decided here and nowhere else:

* a user who has confirmed a device must give a code in every session;
* a user holding a membership whose role demands it (`role_demands_two_factor`: listed in
  SIFA_TWO_FACTOR_ROLES, granting a capability of SIFA_TWO_FACTOR_CAPABILITIES, or ticked
  `requires_two_factor`) must set a device up before doing anything else;
* the requirement is worked out when the user logs in and kept in the session, so that
  the middleware costs no query per request. A role switched to "requires two-factor"
  therefore takes effect at each holder's next login (sessions last at most
  SESSION_COOKIE_AGE, and idle ones end after SIFA_IDLE_TIMEOUT_MINUTES).

A user with a device who types the right password is not logged in yet: the login view
keeps a short-lived *pending login* in the session, and the verify view completes it.

Recovery codes (恢复码, django-otp's static tokens): 10 one-time codes made when the device is
confirmed and whenever the user makes new ones (which ends the old ones). Each is shown once,
right after it was made, and passes the code page once instead of a TOTP code. The database
keeps a keyed hash of each (`core.crypto.blind_index`), never the code itself.
"""

from __future__ import annotations

import re
import time
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from config.sifa_settings import sifa_setting
from sifa.core.crypto import blind_index
from sifa.orgs.models import Membership

REQUIRED_SESSION_KEY = "sifa_two_factor_required"
SETUP_SECRET_SESSION_KEY = "sifa_two_factor_setup_secret"  # noqa: S105 (a key name)
PENDING_LOGIN_SESSION_KEY = "sifa_two_factor_pending"

# A password checked more than this long ago must be typed again before the code.
PENDING_LOGIN_MAX_AGE_SECONDS = 5 * 60

DEVICE_NAME = "身份验证器"

RECOVERY_DEVICE_NAME = "恢复码"
RECOVERY_CODE_COUNT = 10
RECOVERY_CODES_SESSION_KEY = "sifa_two_factor_recovery_codes"
# StaticToken.random_token(): 8 characters of base32 (40 random bits), shown as xxxx-xxxx.
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


# --- who needs a second factor -------------------------------------------------------------


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def role_requires_two_factor(user) -> bool:
    """Does one of the user's (active) memberships carry a role that demands two-factor?"""
    memberships = Membership.objects.filter(user=user, office__is_active=True).select_related(
        "role"
    )
    return any(role_demands_two_factor(m.role) for m in memberships)


def role_demands_two_factor(role) -> bool:
    """A role demands two-factor when it is listed in SIFA_TWO_FACTOR_ROLES (the administrator,
    the auditor, the bureau leader by default), grants one of SIFA_TWO_FACTOR_CAPABILITIES
    (revealing ID numbers, managing accounts, reading the audit logs by default), or has
    `requires_two_factor` ticked in the admin."""
    if role.requires_two_factor or role.key in sifa_setting("SIFA_TWO_FACTOR_ROLES"):
        return True
    return bool(set(role.capabilities or ()) & set(sifa_setting("SIFA_TWO_FACTOR_CAPABILITIES")))


def two_factor_required(user) -> bool:
    return confirmed_device(user) is not None or role_requires_two_factor(user)


def remember_requirement(request, user) -> None:
    """Called at login: note in the session whether this session must pass a second factor."""
    request.session[REQUIRED_SESSION_KEY] = two_factor_required(user)


def session_requires_two_factor(request) -> bool:
    required = request.session.get(REQUIRED_SESSION_KEY)
    if required is None:  # a session from before the requirement was recorded
        remember_requirement(request, request.user)
        required = request.session[REQUIRED_SESSION_KEY]
    return required


def is_verified(user) -> bool:
    """True once the session passed a code (django_otp.middleware installs is_verified)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


# --- the pending login between password and code --------------------------------------------


@dataclass(frozen=True)
class PendingLogin:
    user: object
    backend: str
    next_url: str


def start_pending_login(request, user, next_url: str) -> None:
    # A new session key: whoever knew the anonymous session's key learns nothing useful.
    request.session.cycle_key()
    request.session[PENDING_LOGIN_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "since": int(time.time()),
        "next": next_url,
    }


def pending_login(request) -> PendingLogin | None:
    data = request.session.get(PENDING_LOGIN_SESSION_KEY)
    if not data:
        return None
    if time.time() - data["since"] > PENDING_LOGIN_MAX_AGE_SECONDS:
        clear_pending_login(request)
        return None
    user = get_user_model().objects.filter(pk=data["user_id"], is_active=True).first()
    if user is None:
        clear_pending_login(request)
        return None
    return PendingLogin(user=user, backend=data["backend"], next_url=data.get("next", ""))


def clear_pending_login(request) -> None:
    request.session.pop(PENDING_LOGIN_SESSION_KEY, None)


# --- checking a code --------------------------------------------------------------------------


def throttled(device) -> str | None:
    """Why `device` takes no code now (django-otp's 1, 2, 4 … seconds after a wrong one), or
    None when it does."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    if info and info.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        wait = max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
        return _("动态口令错误次数过多，请%(seconds)d秒后再试。") % {"seconds": wait}
    return _("暂时无法验证动态口令，请稍后再试。")


def check_code(device: TOTPDevice, code: str) -> str | None:
    """Verify a code against a confirmed device. Returns None when accepted, else the reason.

    django-otp throttles a device after a wrong code (1, 2, 4 … seconds); a code typed while
    throttled is refused without being checked.
    """
    if refused := throttled(device):
        return refused
    if verify_token(device.user, device.persistent_id, code) is None:
        return _("动态口令不正确，请输入手机验证器上当前显示的6位数字。")
    return None


def new_device_accepts(device: TOTPDevice, code: str) -> bool:
    """Check the first code of a device not saved yet; on success remember its time step,
    so the same code cannot be used again to log in."""
    try:
        token = int(code)
    except (TypeError, ValueError):
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not totp.verify(token, tolerance=device.tolerance):
        return False
    device.last_t = totp.t()
    device.drift = totp.drift
    return True


# --- setting a device up ----------------------------------------------------------------------


def setup_secret(request) -> str:
    """The secret offered on the setup page, kept in the session until it is confirmed."""
    secret = request.session.get(SETUP_SECRET_SESSION_KEY)
    if not secret:
        secret = random_hex(20)
        request.session[SETUP_SECRET_SESSION_KEY] = secret
    return secret


def forget_setup_secret(request) -> None:
    request.session.pop(SETUP_SECRET_SESSION_KEY, None)


def unsaved_device(user, secret: str) -> TOTPDevice:
    return TOTPDevice(user=user, name=DEVICE_NAME, key=secret, confirmed=True)


def secret_for_display(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(text: str) -> str:
    """An inline SVG QR code, drawn here: no image service, no internet."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


# --- recovery codes (恢复码) -----------------------------------------------------------------


def normalized_recovery_code(text: str) -> str | None:
    """A recovery code as typed (any case, with spaces or the hyphen shown) → its 8 characters,
    or None when the text is not shaped like one."""
    code = (text or "").replace(" ", "").replace("-", "").lower()
    return code if RECOVERY_CODE.fullmatch(code) else None


def recovery_code_hash(code: str) -> str:
    """What the database keeps of a code: a keyed hash, 16 hex characters (StaticToken.token)."""
    return blind_index(code, purpose="accounts.recovery_code")[:16]


def recovery_device(user) -> StaticDevice | None:
    if user is None or not user.is_authenticated:
        return None
    return StaticDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def display_recovery_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def check_recovery_code(device: StaticDevice, code: str) -> str | None:
    """Use one recovery code: None when accepted (the code is gone), else the reason.

    The code is removed by one DELETE, so two requests racing with the same code cannot both
    pass; a wrong code throttles the device (1, 2, 4 … seconds) as a wrong TOTP code does."""
    if refused := throttled(device):
        return refused
    used, _by_model = StaticToken.objects.filter(
        device=device, token=recovery_code_hash(code)
    ).delete()
    if not used:
        device.throttle_increment()
        return _("恢复码不正确或已使用过。")
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return None
