"""Helpers for the login tests: posting the login form, reading the session, TOTP codes."""

import time
from binascii import unhexlify

from django.urls import reverse
from django_otp.oath import TOTP

CLIENT_IP = "10.20.30.40"
USER_AGENT = "Mozilla/5.0 (pytest) Sifa"


def post_login(client, username, password, **data):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **data}
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def totp_code(secret_hex: str, *, after_t: int = -1, step: int = 30, drift: int = 0) -> str:
    """The code an authenticator app shows now for this secret, or at the next step when the
    current one was already used (django-otp refuses a time step it has accepted before)."""
    totp = TOTP(unhexlify(secret_hex), step=step, drift=drift)
    totp.time = time.time()
    if totp.t() <= after_t:
        totp.time += step
    return f"{totp.token():06d}"


def device_code(device) -> str:
    return totp_code(device.key, after_t=device.last_t, step=device.step, drift=device.drift)


def wrong_code(secret_hex: str, step: int = 30) -> str:
    """A 6-digit code no authenticator would show for this secret around now."""
    totp = TOTP(unhexlify(secret_hex), step=step)
    now = time.time()
    valid = set()
    for offset in range(-3, 4):
        totp.time = now + offset * step
        valid.add(totp.token())
    return f"{next(n for n in range(10**6) if n not in valid):06d}"
