"""In Chromium: the API documentation (Swagger UI, vendored) renders every operation offline."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_documentation_renders_every_operation_from_vendored_assets(browser_page, live_server):
    page = browser_page
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock")
    schema = page.request.get("/api/v1/schema/?format=json").json()
    operations = sum(
        1 for methods in schema["paths"].values() for m in methods if m in ("get", "post")
    )
    assert page.locator(".opblock").count() == operations
    assert "司法行政数据共享接口" in page.locator(".title").first.inner_text()
    assert outside == []  # no CDN: bureaus run on closed intranets
    assert errors == []
