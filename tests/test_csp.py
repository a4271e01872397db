"""Content-Security-Policy (Django's built-in, settings.SECURE_CSP): scripts only from Sifa or
carrying the response's nonce; no 'unsafe-inline' for scripts, no inline event handlers.

The header and the markup of the main pages are checked here on both engines;
tests/browser/test_csp.py opens the same pages in Chromium and finds the console clean.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def main_pages(cast) -> list[str]:
    month = timezone.localdate().strftime("%Y-%m")
    return [
        reverse("shell:home"),
        reverse("shell:search") + "?q=甲",
        reverse("reports:dashboard"),
        reverse("reports:form_index"),
        reverse("reports:form", args=["mediation.monthly"])
        + f"?office={cast.county_a.pk}&month={month}",
        reverse("stats:catalogue"),
        reverse("stats:indicator", args=["mediation.cases_accepted"]),
        reverse("mediation:case_list"),
        reverse("mediation:case_register"),
        reverse("mediation:screening_create"),
        reverse("legalaid:application_list"),
        reverse("corrections:subject_list"),
        reverse("resettlement:person_list"),
        reverse("orgs:office_list"),
    ]


def public_pages() -> list[str]:
    return [
        reverse("accounts:login"),
        reverse("legalaid_portal:check"),
        reverse("legalaid_portal:apply"),
        reverse("practice_public:search"),
        reverse("api:docs"),
        reverse("admin:login"),
    ]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def assert_strict(response):
    assert response.status_code == 200, response
    directives = policy(response)
    scripts = directives["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    # The nonce is in the header only when the page used it (Django's LazyNonce).
    nonces = [v[len("'nonce-") : -1] for v in scripts if v.startswith("'nonce-")]
    html = response.content.decode()
    for attributes in INLINE_SCRIPT.findall(html):
        if 'type="application/json"' in attributes:
            continue  # a data block (json_script), never run
        assert nonces and f'nonce="{nonces[0]}"' in attributes, attributes
    assert not EVENT_HANDLER.search(html), EVENT_HANDLER.search(html).group(0)


def test_the_main_pages_allow_no_inline_script_without_the_nonce(cast, login):
    client = login(cast.county_supervisor)
    for url in main_pages(cast):
        assert_strict(client.get(url))


def test_the_public_pages_too(client):
    for url in public_pages():
        assert_strict(client.get(url))


def test_each_response_has_its_own_nonce(cast, login):
    client = login(cast.county_supervisor)
    first, second = (
        policy(client.get(reverse("mediation:case_register")))["script-src"] for _ in "ab"
    )
    assert any(v.startswith("'nonce-") for v in first)
    assert first != second
