"""Login (登录), logout, password change and two-factor pages."""

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from sifa.accounts import actions, two_factor
from sifa.accounts.events import record_auth_event
from sifa.accounts.forms import LoginCodeForm, LoginForm, OTPCodeForm, PasswordChangeForm
from sifa.accounts.middleware import IDLE_NOTICE_SESSION_KEY
from sifa.audit.models import AuthEvent


class LoginView(auth_views.LoginView):
    """用户名 + 密码; a user with a two-factor device then goes on to the code page.

    Locked accounts: the form's authenticate(request=…) is refused by axes, which flags the
    request, and AxesMiddleware answers with accounts/locked_out.html.
    """

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.confirmed_device(user) is not None:
            two_factor.start_pending_login(self.request, user, self.get_redirect_url())
            return HttpResponseRedirect(reverse("accounts:two_factor_verify"))
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["idle_logout"] = self.request.session.pop(IDLE_NOTICE_SESSION_KEY, False)
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET); the login log row is written by the signal."""


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")
    title = _("修改密码")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
    title = _("密码已修改")


def _safe_next(request, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _requested_next(request) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))


@login_not_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def two_factor_verify(request):
    """输入动态口令: completes a pending login, or verifies a session that must pass one."""
    pending = None
    if request.user.is_authenticated:
        user = request.user
        if two_factor.is_verified(user):
            return HttpResponseRedirect(
                _requested_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)
            )
    else:
        pending = two_factor.pending_login(request)
        if pending is None:  # never started, or the password was typed too long ago
            return HttpResponseRedirect(reverse("accounts:login"))
        user = pending.user

    device = two_factor.confirmed_device(user)
    if device is None:
        # The device was removed (lost phone) since the password was typed or the session
        # started: nothing to verify; the middleware sends to setup if a role requires it.
        return _complete_login(request, user, None, pending)

    form = LoginCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.recovery_code is None:
            passed = device
            problem = two_factor.check_code(device, form.cleaned_data["code"])
        else:  # a recovery code instead of the app's code: used up by this login
            passed = two_factor.recovery_device(user)
            problem = (
                two_factor.check_recovery_code(passed, form.recovery_code)
                if passed is not None
                else _("恢复码不正确或已使用过。")
            )
        if problem is None:
            return _complete_login(request, user, passed, pending)
        record_auth_event(AuthEvent.Kind.OTP_FAILURE, request, user=user)
        form.add_error("code", problem)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "account": user, "next": _requested_next(request)},
    )


def _complete_login(request, user, device, pending):
    if pending is not None:
        auth_login(request, user, backend=pending.backend)
        two_factor.clear_pending_login(request)
        next_url = _safe_next(request, pending.next_url)
    else:
        next_url = _requested_next(request)
    if device is not None:
        otp_login(request, device)
    return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


@login_required
@sensitive_post_parameters("code")
@never_cache
def two_factor_setup(request):
    """设置双因素认证: scan the QR code (or type the secret), then confirm with a code."""
    user = request.user
    if two_factor.confirmed_device(user) is not None:
        return render(
            request,
            "accounts/two_factor_enabled.html",
            {
                "recovery_codes_left": two_factor.recovery_codes_left(user),
                "recovery_code_count": two_factor.RECOVERY_CODE_COUNT,
            },
        )

    secret = two_factor.setup_secret(request)
    device = two_factor.unsaved_device(user, secret)
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = actions.two_factor_enable(
                actor=user, secret=secret, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            two_factor.forget_setup_secret(request)
            otp_login(request, device)
            _show_recovery_codes_once(request, actions.recovery_codes_generate(actor=user))
            return HttpResponseRedirect(
                _with_next(reverse("accounts:recovery_codes"), _requested_next(request))
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": _requested_next(request),
            "required": two_factor.role_requires_two_factor(user),
            # The SVG is drawn by qrcode from our own otpauth:// URL: safe to inline.
            "qr_svg": mark_safe(two_factor.qr_code_svg(device.config_url)),  # noqa: S308
            "secret": two_factor.secret_for_display(device),
        },
    )


def _show_recovery_codes_once(request, codes: list[str]) -> None:
    request.session[two_factor.RECOVERY_CODES_SESSION_KEY] = codes


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """恢复码: GET shows the codes just made, once (they are not kept in a readable form);
    POST makes 10 new ones — the old ones stop working — and shows them.

    Reached only by a session that passed a code (RequireTwoFactorMiddleware does not let an
    unverified session here; checked again below): whoever knows only the password cannot
    make codes that would pass the second factor."""
    user = request.user
    if not two_factor.is_verified(user):
        return HttpResponseRedirect(
            _with_next(reverse("accounts:two_factor_verify"), request.get_full_path())
        )
    if request.method == "POST":
        try:
            codes = actions.recovery_codes_generate(actor=user)
        except ValidationError:
            return HttpResponseRedirect(reverse("accounts:two_factor_setup"))
        _show_recovery_codes_once(request, codes)
        return HttpResponseRedirect(_with_next(request.path, _requested_next(request)))
    codes = request.session.pop(two_factor.RECOVERY_CODES_SESSION_KEY, None)
    if not codes:  # already shown: only the count is left to see
        return HttpResponseRedirect(reverse("accounts:two_factor_setup"))
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": [two_factor.display_recovery_code(code) for code in codes],
            "next": _requested_next(request) or reverse("shell:home"),
        },
    )
