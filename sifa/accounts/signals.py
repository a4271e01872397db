"""Signal receivers that write the login log (audit.AuthEvent) and prepare a new session.

Connected in AccountsConfig.ready(). They listen to Django's auth signals, so every way of
logging in — the login page, the two-factor page, the admin's login page, the test client —
is logged the same way, and to axes' lockout signal.
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from sifa.accounts import lockout, two_factor
from sifa.accounts.events import record_auth_event
from sifa.audit.models import AuthEvent

# Set on the request by whoever logs a user out for a reason other than the logout button.
LOGOUT_KIND_ATTRIBUTE = "sifa_logout_kind"
LAST_ACTIVITY_SESSION_KEY = "sifa_last_activity"


def on_logged_in(sender, request, user, **kwargs):
    record_auth_event(AuthEvent.Kind.LOGIN, request, user=user)
    if request is not None and hasattr(request, "session"):
        # The idle clock starts now, and this session's two-factor requirement is fixed now.
        request.session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())
        two_factor.remember_requirement(request, user)


def on_logged_out(sender, request, user, **kwargs):
    if user is None:  # logging out a session that was not logged in
        return
    kind = getattr(request, LOGOUT_KIND_ATTRIBUTE, AuthEvent.Kind.LOGOUT)
    record_auth_event(kind, request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """Wrong password, unknown user, inactive account, or refused because locked out."""
    username = credentials.get(get_user_model().USERNAME_FIELD) or ""
    kind = AuthEvent.Kind.FAILURE
    if lockout.refused_for_address(request):
        kind = AuthEvent.Kind.ADDRESS_LOCKOUT  # not counted again: the lock is not prolonged
    record_auth_event(kind, request, user=_existing_user(username), username=username)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """axes: the account reached the failure limit, or a login was refused while locked."""
    record_auth_event(
        AuthEvent.Kind.LOCKOUT, request, user=_existing_user(username), username=username or ""
    )


def _existing_user(username):
    if not username:
        return None
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="sifa.accounts.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="sifa.accounts.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="sifa.accounts.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="sifa.accounts.locked_out")
