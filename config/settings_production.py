"""Production settings: `config.settings` with DEBUG off and HTTPS hardening.

Use DJANGO_SETTINGS_MODULE=config.settings_production behind a TLS-terminating proxy.
`manage.py check --deploy` must stay free of warnings (tests/test_deploy_check.py runs it).
"""

import os

os.environ["DEBUG"] = "0"

from config.settings import *  # noqa: F403

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The load balancer may ask a backend for /healthz/ over plain HTTP (the Host header must still
# be one of ALLOWED_HOSTS); every other path is redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# --- shared cache (docs/caching.md) -----------------------------------------------------------
# Every server process and the worker share one Redis: rate limits, the API's per-client limits
# and the cached dashboard and report figures. REDIS_URL, default the local server's database 1.
CACHES = {"default": redis_cache(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"))}  # noqa: F405
