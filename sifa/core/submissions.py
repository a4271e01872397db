"""A web form saves once (防重复提交), however often it is sent.

A form that creates or changes records carries a one-time token (`{% submission_token %}` of
`page_kit`, a hidden field). `OnceOnlySubmissionMiddleware` claims the token in the database
before the view runs — a unique row, so two server processes cannot both claim it — and:

* the view redirects (saved): the claim keeps where it went; the same token sent again is not
  passed to the view but redirected there, with the message `ALREADY_SAVED`;
* the view answers otherwise (the form shows errors) or fails: the claim is released, so the
  corrected form can be sent (it carries a fresh token anyway);
* the same token arrives while the first request still runs: `STILL_RUNNING`, back to the form.

A POST without a token (login, the API, a form not yet marked) passes through unchanged.
Claims older than `KEEP` are removed as new ones are made.

`claim_once(key, scope, keep=…)` is the same database claim for a page that carries its own
one-time value (the legal-aid portal's signed form stamp): True the first time, False ever
after, in every server process. Its rows are named `once:<scope>` and kept for `keep`.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.models import FormSubmission

FIELD = "_submission"
KEEP = timedelta(days=2)
TOKEN = re.compile(r"[0-9a-f]{32}")
REDIRECTS = (301, 302, 303)


ALREADY_SAVED = _("该表单已经提交过，没有重复保存。如需再登记一条，请重新打开表单填写。")
STILL_RUNNING = _("该表单正在提交，请勿重复点击。")


def new_token() -> str:
    return uuid.uuid4().hex


class OnceOnlySubmissionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _token_of(request)
        if key is None:
            return self.get_response(request)
        claim = _claim(key, request.path)
        if claim is None:
            first = FormSubmission.objects.filter(key=key).first()
            if first is not None:
                return _answer_again(request, first)
            claim = _claim(key, request.path)  # the first was released meanwhile
            if claim is None:
                return _answer_again(request, None)
        try:
            response = self.get_response(request)
        except BaseException:
            claim.delete()
            raise
        if _saved(response):
            claim.location = response["Location"][:500]
            claim.save(update_fields=["location"])
        else:
            claim.delete()
        return response


def _token_of(request) -> str | None:
    if request.method != "POST":
        return None
    key = request.POST.get(FIELD, "")
    return key if TOKEN.fullmatch(key) else None


ONCE_PREFIX = "once:"


def claim_once(key: str, scope: str, *, keep: timedelta = KEEP) -> bool:
    """Claim `key` (at most 32 characters) for `scope`: True the first time, False after —
    a unique row of the database, so two server processes cannot both get True. The scope's
    claims older than `keep` are removed (keep at least as long as the value can be sent)."""
    path = f"{ONCE_PREFIX}{scope}"[:300]
    FormSubmission.objects.filter(path=path, created_at__lt=timezone.now() - keep).delete()
    try:
        with transaction.atomic():
            FormSubmission.objects.create(key=key, path=path)
    except IntegrityError:
        return False
    return True


def _claim(key: str, path: str) -> FormSubmission | None:
    # A request path, not an office path: `regex` keeps `path__startswith` the access module's.
    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).exclude(
        path__regex=f"^{ONCE_PREFIX}"
    ).delete()
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(key=key, path=path[:300])
    except IntegrityError:
        return None


def _saved(response) -> bool:
    """A redirect means the view saved, except the one to the login page (the session ended)."""
    if response.status_code not in REDIRECTS:
        return False
    return not response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def _answer_again(request, first: FormSubmission | None):
    if first is not None and first.location:
        messages.info(request, ALREADY_SAVED)
        return redirect(first.location)
    messages.warning(request, STILL_RUNNING)
    return redirect(request.get_full_path())
