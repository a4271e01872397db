"""Request ids, the request log, error pages, Sentry and the metrics endpoint (docs/deploy.md).

* Every request gets an id: the proxy's X-Request-ID when the peer is a trusted proxy
  (SIFA_TRUSTED_PROXIES; nginx sets it to its own `$request_id`), a fresh one otherwise. It is
  on the request (`request.request_id`), in the X-Request-ID response header, in every log
  record written while the request runs (`RequestIdFilter`), and on the 403, 404 and 500 pages,
  so a user who reports an error hands the administrator the line to look for.
* One log line per request (logger `sifa.request`): method, path, view, status, duration, user
  id. Never the query string (a search for an ID number carries it), a form field or a header.
* Sentry, when SENTRY_DSN is set: send_default_pii off, no request bodies, no local variables,
  no query strings, no cookies (`init_sentry`).
* `/internal/metrics`: Prometheus text, only with `Authorization: Bearer <SIFA_METRICS_TOKEN>`;
  404 when the token is not configured, 403 for a wrong one.
"""

import contextvars
import hmac
import logging
import re
import uuid
from time import perf_counter

from django.http import Http404, HttpResponseForbidden, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache

from config.sifa_settings import sifa_setting
from sifa.core.proxies import peer_is_trusted_proxy

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("sifa_request_id", default="")

request_log = logging.getLogger("sifa.request")


def current_request_id() -> str:
    """The id of the request being served in this thread, or "" outside a request."""
    return _request_id.get()


def _incoming_id(request) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    if given and _ACCEPTED_ID.match(given) and peer_is_trusted_proxy(request):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: names the request, logs it once, answers with its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _incoming_id(request)
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            _log_request(request, response.status_code, perf_counter() - started)
            return response
        finally:
            _request_id.reset(token)


def _log_request(request, status: int, seconds: float) -> None:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    request_log.info(
        "%s %s %s",
        request.method,
        request.path,  # without the query string
        status,
        extra={
            "method": request.method,
            "path": request.path,
            "view": match.view_name if match else "",
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        },
    )


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request), for the formatters.

    Django's own request records (django.request's "Not Found: …", "Internal Server Error: …",
    written after the middleware has returned) carry the request itself, whose repr holds the
    query string; the JSON formatter would write it. It becomes "METHOD path" here, and the
    record takes the request's id."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            if not getattr(record, "request_id", ""):
                record.request_id = getattr(request, "request_id", "")
            record.request = f"{getattr(request, 'method', '')} {request.path}"
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        return True


class SqlParametersWithheld(logging.Filter):
    """On logger django.db.backends: the query's parameter values (a searched ID number, a
    name) replaced by `?` in the logged SQL, and the parameters themselves dropped.

    Django logs queries only with DEBUG on (or a forced debug cursor), never in production; a
    troubleshooting session with DEBUG=1 on real data must not write them to the log either."""

    def filter(self, record):
        sql = getattr(record, "sql", None)
        if sql is None:
            return True
        text = str(sql)
        for value in sorted(_values(getattr(record, "params", None)), key=len, reverse=True):
            text = text.replace(value, "?")
        record.sql = text
        record.params = "withheld"
        record.msg = "(%.3f) %s; alias=%s"
        record.args = (getattr(record, "duration", 0.0), text, getattr(record, "alias", ""))
        return True


def _values(params) -> set[str]:
    """The text of every parameter that could be personal (not a number, a flag or NULL)."""
    if params is None or isinstance(params, (bool, int, float)):
        return set()
    if isinstance(params, dict):
        params = params.values()
    if isinstance(params, (list, tuple, set)):
        found = set()
        for value in params:
            found |= _values(value)
        return found
    text = str(params)
    return {text} if len(text) >= 2 else set()


def server_error(request, template_name="500.html"):
    """handler500: Django's server_error with the request id on the page. Like Django's, it
    renders without context processors (the database may be the thing that failed)."""
    template = loader.get_template(template_name)
    request_id = getattr(request, "request_id", "") or current_request_id()
    response = HttpResponseServerError(template.render({"request_id": request_id}))
    if request_id:
        response[REQUEST_ID_HEADER] = request_id
    return response


# --- Sentry -----------------------------------------------------------------------------------


def _scrub_event(event, hint):
    """Whatever send_default_pii leaves: the query string, bodies, cookies and headers."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("query_string", "data", "cookies", "headers", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    event.pop("user", None)
    return event


def init_sentry(dsn: str, *, environment: str = "", release: str = "", **options) -> None:
    """Report unhandled errors to Sentry (SENTRY_DSN); without personal data."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,  # a frame's variables may hold an ID number
        max_request_body_size="never",
        integrations=[
            DjangoIntegration(),
            # Log records become breadcrumbs only from WARNING: no debug messages travel.
            LoggingIntegration(level=logging.WARNING, event_level=logging.ERROR),
        ],
        before_send=_scrub_event,
        before_send_transaction=_scrub_event,
        **options,
    )


# --- /internal/metrics --------------------------------------------------------------------------


@never_cache
def metrics_view(request):
    """Prometheus text for a scraper holding SIFA_METRICS_TOKEN (docs/deploy.md, 监控)."""
    expected = sifa_setting("SIFA_METRICS_TOKEN")
    if not expected:
        raise Http404
    header = request.headers.get("Authorization", "")
    given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        return HttpResponseForbidden("metrics: token required", content_type="text/plain")
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)
