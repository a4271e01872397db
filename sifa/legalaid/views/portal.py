"""Public pages of legal aid (网上申请法律援助), no login: eligibility check, apply, status.

Abuse protection: CSRF (middleware), a honeypot and a minimum fill time (forms), rate limits
per client address kept in Django's cache (Redis in production, shared by every server process;
sifa.core.ratelimit), a cap on the request size before the body is read,
and a form token that can be used once (a reloaded result page does not apply twice; the use
is claimed in the database, so it holds across server processes).
Nothing personal is logged: no names, ID numbers, query codes or client addresses.

Settings (optional, read with getattr), each a (count, seconds) pair:

* SIFA_PORTAL_APPLY_RATE   application submissions per client address (default 10 per hour)
* SIFA_PORTAL_STATUS_RATE  status queries per client address (default 30 per 10 minutes)
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.sifa_settings import sifa_setting
from sifa.accounts.events import client_ip
from sifa.core import ratelimit
from sifa.core.forms import add_action_errors
from sifa.core.submissions import claim_once
from sifa.legalaid import eligibility
from sifa.legalaid.actions import portal as actions
from sifa.legalaid.constants import Basis, HardshipCheck
from sifa.legalaid.forms.portal import (
    ELIGIBILITY_FIELDS,
    ApplyForm,
    EligibilityForm,
    StatusForm,
    form_max_age,
)
from sifa.legalaid.selectors import portal as selectors

logger = logging.getLogger(__name__)

# Room for the form fields besides the files, in a multipart body.
REQUEST_OVERHEAD_BYTES = 1024 * 1024


# --- abuse protection ---------------------------------------------------------------------


def _client_key(request) -> str:
    """The client address, hashed (the cache does not need the address itself)."""
    address = client_ip(request) or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def _rate(name: str) -> tuple[int, int]:
    count, seconds = sifa_setting(name)
    return int(count), max(1, int(seconds))


def over_rate_limit(request, bucket: str, rate: tuple[int, int]) -> bool:
    """Count this request in the client's current window (shared by every server process,
    sifa.core.ratelimit); True when over the limit."""
    limit, window = rate
    counted = ratelimit.hit(
        f"legalaid-portal:{bucket}", _client_key(request), limit=limit, window=window
    )
    if not counted.allowed:
        if counted.count == limit + 1:
            logger.warning("legalaid portal: rate limit reached (%s)", bucket)
        return True
    return False


def _refused(request, *, status: int, title: str, message: str, retry_after: int | None = None):
    response = render(
        request,
        "legalaid/portal/refused.html",
        {"title": title, "message": message},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _too_many(request, rate: tuple[int, int]):
    return _refused(
        request,
        status=429,
        title=_("操作过于频繁"),
        message=_(
            "您提交得太频繁了，请 %(minutes)s 分钟后再试。如有急事，请拨打 12348 法律服务热线。"
        )
        % {"minutes": max(1, rate[1] // 60)},
        retry_after=rate[1],
    )


def _body_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    limit = actions.max_uploads() * actions.max_upload_bytes() + REQUEST_OVERHEAD_BYTES
    return length > limit


def _use_token_once(token: str) -> bool:
    """True the first time a form token is used for a successful submission: claimed in the
    database (`core.FormSubmission`), so two server processes cannot both accept it; the claim
    is kept as long as a stamp stays valid."""
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    return claim_once(digest, "legalaid-portal-apply", keep=timedelta(seconds=form_max_age()))


def _private(response):
    """Pages with answers or a query code: never cached by the browser or a proxy."""
    add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
    return response


# --- pages --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def check(request):
    """法律援助自助评估: the rules' answer to the citizen's situation, with its reasons.

    The answers are posted, not put in the address, so that they stay out of server logs;
    the result page carries them over to the application form.
    """
    form = EligibilityForm(request.POST if request.method == "POST" else None)
    assessment = None
    if form.is_bound and form.is_valid():
        assessment = eligibility.assess(form.facts())
    context = {
        "form": form,
        "assessment": assessment,
        "basis_label": _label(Basis, assessment.basis) if assessment else "",
        "hardship_check_label": _label(HardshipCheck, assessment.hardship_check)
        if assessment
        else "",
        "carried": _carried(form) if assessment else [],
    }
    return _private(render(request, "legalaid/portal/check.html", context))


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


def _carried(form) -> list[tuple[str, str]]:
    """The check's answers as (name, value) pairs for the hidden fields of the apply button."""
    pairs = []
    for name in ELIGIBILITY_FIELDS:
        value = form.cleaned_data.get(name)
        if value not in (None, ""):
            pairs.append((name, str(value)))
    return pairs


@require_http_methods(["GET", "POST"])
def apply(request):
    """网上申请法律援助.

    The size of the request is checked before its body is read (request.POST parses it), and
    the check page's answers arrive with `?from=check` in the address, so that telling them
    from a submission needs no parsing either.
    """
    if request.method == "GET":
        return _apply_page(request, ApplyForm())
    carry_over = request.GET.get("from") == "check"
    rate = _rate("SIFA_PORTAL_APPLY_RATE")
    if not carry_over and over_rate_limit(request, "apply", rate):
        return _too_many(request, rate)
    if _body_too_large(request):
        return _refused(
            request,
            status=413,
            title=_("提交的内容过大"),
            message=_(
                "上传的文件过大，请压缩后重新填写提交：每个文件不超过 %(mb)s MB，"
                "最多 %(count)s 个。"
            )
            % {
                "mb": actions.megabytes(actions.max_upload_bytes()),
                "count": actions.max_uploads(),
            },
        )
    if carry_over:
        return _apply_page(request, _form_from_check(request))
    form = ApplyForm(request.POST, request.FILES)
    if form.is_valid():
        if not _use_token_once(form.cleaned_data["form_token"]):
            return _private(render(request, "legalaid/portal/duplicate.html"))
        try:
            submitted = actions.online_application_submit(
                **form.submission(), received_on=timezone.localdate()
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            context = {
                "application": submitted.application,
                "query_code": submitted.query_code,
                "centre": submitted.application.office,
            }
            return _private(render(request, "legalaid/portal/done.html", context))
    form.refresh_token()
    return _apply_page(request, form)


def _form_from_check(request) -> ApplyForm:
    """An unbound application form filled in with the answers of the check page."""
    answers = EligibilityForm(request.POST)
    initial = {}
    if answers.is_valid():
        initial = {name: answers.cleaned_data.get(name) for name in ELIGIBILITY_FIELDS}
    return ApplyForm(initial={k: v for k, v in initial.items() if v not in (None, "")})


def _apply_page(request, form):
    context = {"form": form, "has_centres": selectors.centres().exists()}
    return _private(render(request, "legalaid/portal/apply.html", context))


@require_http_methods(["GET", "POST"])
def status(request):
    """查询申请进度: by application number and query code."""
    if request.method == "GET":
        return _private(render(request, "legalaid/portal/status.html", {"form": StatusForm()}))
    rate = _rate("SIFA_PORTAL_STATUS_RATE")
    if over_rate_limit(request, "status", rate):
        return _too_many(request, rate)
    form = StatusForm(request.POST)
    application, steps = None, []
    if form.is_valid():
        application = selectors.application_for_query(
            number=form.cleaned_data["number"], code=form.cleaned_data["code"]
        )
        if application is None:
            form.add_error(None, _("申请编号或查询码不正确，请核对后重新输入。"))
        else:
            steps = selectors.application_progress(application)
    if application is None:
        form.refresh_token()
        if form.is_bound:
            form.data["code"] = ""  # a wrong code is not echoed back
    context = {"form": form, "application": application, "steps": steps}
    return _private(render(request, "legalaid/portal/status.html", context))
