"""In Chromium, under the Content-Security-Policy (settings.SECURE_CSP): every main page loads
with a clean console — no refused script, no script error — and its scripts still work."""

import pytest

from tests.browser.pages import log_in
from tests.test_csp import main_pages, public_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def watch(page) -> list[str]:
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.text} {message.location} on {page.url}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return problems


def test_every_main_page_runs_under_the_policy_with_a_clean_console(cast, browser_page):
    page = browser_page
    urls = main_pages(cast)  # built before the browser's event loop runs (no ORM inside it)
    problems = watch(page)
    for url in public_pages():
        page.goto(url)
        assert page.evaluate("document.readyState") == "complete"
    log_in(page, cast.county_supervisor.username)  # the two-factor pages run under it too

    for url in urls:
        response = page.goto(url)
        page.wait_for_load_state("load")
        header = response.headers["content-security-policy"]
        (scripts,) = [d for d in header.split(";") if d.strip().startswith("script-src")]
        assert "'unsafe-inline'" not in scripts, url

    assert problems == []


def test_markup_injected_into_a_page_cannot_run_script(cast, browser_page):
    """What an XSS would do once markup got in: an inline handler and an inline script, both
    refused by the browser."""
    page = browser_page
    problems = watch(page)
    page.goto("/accounts/login/")

    page.evaluate(
        """() => {
            const markup = '<img src="data:," onerror="window.pwned = 1">';
            document.body.insertAdjacentHTML("beforeend", markup);
            const script = document.createElement("script");
            script.textContent = "window.pwned = 2";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(300)

    assert page.evaluate("window.pwned") is None
    assert any("Content Security Policy" in problem for problem in problems)
