"""What the browser flows share: logging in as a clerk would, two-factor included."""

import re
import time
from base64 import b32decode

from playwright.sync_api import expect

from sifa.accounts.tests.helpers import totp_code
from tests.factories import PASSWORD

# The authenticator "app" of each user who set one up in this test: key and last time step used
# (django-otp refuses a step it accepted before, so a second login uses the next one).
_APPS: dict[str, dict] = {}


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page (as another user than before: the cookies go first). A
    user whose role demands two-factor sets a device up as a person would — the secret shown
    on the setup page goes into the "app" — and gives the app's code at every later login."""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.wait_for_load_state()
    if "/accounts/two-factor/verify/" in page.url:
        _give_code(page, username, button="验证")
    elif "/accounts/two-factor/" in page.url:
        secret = page.locator("#totp-secret").inner_text()
        _APPS[username] = {"key": b32decode(secret.replace(" ", "")).hex(), "last_t": -1}
        _give_code(page, username, button="确认并启用")
        page.wait_for_load_state()
        if "/accounts/two-factor/recovery-codes/" in page.url:  # shown once; kept on paper
            page.get_by_role("link", name="我已保存恢复码，继续").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/"))


def _give_code(page, username: str, *, button: str) -> None:
    app = _APPS[username]
    page.fill("input[name=code]", totp_code(app["key"], after_t=app["last_t"]))
    app["last_t"] = max(int(time.time()) // 30, app["last_t"] + 1)  # the step just used
    page.get_by_role("button", name=button).click()
