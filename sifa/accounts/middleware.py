"""Session security middleware: idle timeout (空闲超时), required two-factor authentication and
the change of a password an administrator set.

Both sit after AuthenticationMiddleware and django_otp's OTPMiddleware (config/settings.py).
Neither queries the database for an ordinary request: the idle clock and the two-factor
requirement live in the session.
"""

import time
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from config.sifa_settings import sifa_setting
from sifa.accounts import two_factor
from sifa.accounts.signals import LAST_ACTIVITY_SESSION_KEY, LOGOUT_KIND_ATTRIBUTE
from sifa.audit.models import AuthEvent

IDLE_NOTICE_SESSION_KEY = "sifa_idle_logout"

# The last-activity stamp is rewritten at most once a minute, so that not every request has
# to save the session; the timeout is therefore exact to within a minute.
ACTIVITY_RESOLUTION_SECONDS = 60


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def redirect_to(request, url: str) -> HttpResponse:
    """A redirect the browser follows: htmx swaps fragments, so it is told with HX-Redirect."""
    if is_htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def return_path(request) -> str:
    """Where to come back after logging in again or passing two-factor: the page, not the
    fragment an htmx request asked for; nothing after a POST (its data is gone anyway)."""
    if is_htmx(request):
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        return urlunsplit(("", "", current.path, current.query, "")) if current.path else ""
    if request.method == "GET":
        return request.get_full_path()
    return ""


def url_with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class IdleTimeoutMiddleware:
    """Log out a session that made no request for SIFA_IDLE_TIMEOUT_MINUTES (default 30).

    The logout is written to the login log as 空闲超时退出, and the login page then says why
    the user has to log in again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_activity = request.session.get(LAST_ACTIVITY_SESSION_KEY)
            if last_activity is not None and now - last_activity > self.timeout_seconds():
                return self.log_out(request)
            if last_activity is None or now - last_activity >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)

    @staticmethod
    def timeout_seconds() -> int:
        return max(1, sifa_setting("SIFA_IDLE_TIMEOUT_MINUTES")) * 60

    @staticmethod
    def log_out(request) -> HttpResponse:
        next_url = return_path(request)
        setattr(request, LOGOUT_KIND_ATTRIBUTE, AuthEvent.Kind.IDLE_TIMEOUT)
        logout(request)  # flushes the session; the login log row is written by the signal
        request.session[IDLE_NOTICE_SESSION_KEY] = True
        return redirect_to(request, url_with_next("accounts:login", next_url))


class GateMiddleware:
    """A gate a logged-in user must pass first: only the pages named in
    ALWAYS_ALLOWED_URL_NAMES and static files stay reachable until then."""

    ALWAYS_ALLOWED_URL_NAMES: tuple[str, ...] = ()

    def __init__(self, get_response):
        self.get_response = get_response

    def always_allowed(self, path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        return path in {reverse(name) for name in self.ALWAYS_ALLOWED_URL_NAMES}


class RequireTwoFactorMiddleware(GateMiddleware):
    """Until the session has passed a code, a user who must use two-factor reaches only the
    setup and verify pages, logout and static files.

    "Must" means: the user has a confirmed device, or holds a membership whose role demands it
    (see sifa.accounts.two_factor).
    """

    ALWAYS_ALLOWED_URL_NAMES = (
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "accounts:logout",
    )

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not two_factor.is_verified(user)
            and not self.always_allowed(request.path)
            and two_factor.session_requires_two_factor(request)
        ):
            if two_factor.confirmed_device(user) is not None:
                target = "accounts:two_factor_verify"
            else:
                target = "accounts:two_factor_setup"
            return redirect_to(request, url_with_next(target, return_path(request)))
        return self.get_response(request)


class RequirePasswordChangeMiddleware(GateMiddleware):
    """A user whose password an administrator set reaches only the password change page (and
    logout, two-factor, static files) until they have chosen their own."""

    ALWAYS_ALLOWED_URL_NAMES = (
        "accounts:password_change",
        "accounts:password_change_done",
        "accounts:recovery_codes",  # shown once right after the device is set up
        *RequireTwoFactorMiddleware.ALWAYS_ALLOWED_URL_NAMES,
    )

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.password_change_required
            and not self.always_allowed(request.path)
        ):
            return redirect_to(request, reverse("accounts:password_change"))
        return self.get_response(request)
