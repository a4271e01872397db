"""Browser tests: Debian's chromium driven by Playwright (executable_path, no browser download)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("SIFA_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")

# Flags for a closed network: without them chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(monkeypatch, live_server):
    if not os.path.exists(CHROMIUM):
        message = "Debian's chromium is not installed (make test installs it when run as root)"
        if os.environ.get("SIFA_REQUIRE_CHROMIUM"):  # CI: the browser tests must run
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (not the live server) would otherwise be refused as "async unsafe". Prepare
    # data in fixtures requested before this one: a query made while the loop runs opens a
    # separate connection that outlives the test (PostgreSQL then cannot drop the test DB).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="zh-CN", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
