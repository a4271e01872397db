"""In Chromium: a township clerk records a publicity event with a photo (issue 20, item 9).

The 司法所 clerk of township A1 opens 登记普法活动, fills the event (theme 宪法宣传, villagers,
participants, posters and leaflets handed out, a lecturer) and attaches a PNG photo; the event's
page shows it with the photo. The county supervisor reads the county's 普法活动场次 and 发放普法
资料份数 on the indicator pages: each moved by the event's numbers.
"""

import struct
import zlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def figure(page, key, office_pk, day) -> int:
    page.goto(f"/stats/indicators/{key}/?office={office_pk}&from={day}&to={day}")
    return int(page.get_by_test_id("indicator-value").inner_text().replace(",", ""))


def test_a_township_clerk_records_an_event_with_a_photo_and_the_county_figures_move(
    cast, browser_page
):
    page = browser_page
    today = timezone.localdate().isoformat()
    county = cast.county_a.pk
    log_in(page, cast.county_supervisor.username)
    events_before = figure(page, "publicity.events", county, today)
    materials_before = figure(page, "publicity.materials", county, today)

    log_in(page, cast.township_clerk.username)
    page.goto("/publicity/events/new/")
    page.select_option("select[name=office]", label="甲一镇司法所")
    page.fill("input[name=title]", "宪法进万家·甲一村专场")
    page.select_option("select[name=theme]", value="constitution")
    page.fill("input[name=started_on]", today)
    page.fill("input[name=place]", "甲一村文化礼堂")
    page.select_option("select[name=audience]", label="村(居)民")
    page.fill("input[name=participants]", "85")
    page.fill("input[name=material_poster]", "120")
    page.fill("input[name=material_leaflet]", "380")
    page.fill("input[name=other_lecturers]", "李律师")
    page.set_input_files(
        "input[name=photos]",
        files=[{"name": "现场.png", "mimeType": "image/png", "buffer": tiny_png()}],
    )
    page.get_by_role("button", name="保存").click()
    expect(page.locator("body")).to_contain_text("已登记普法活动")
    expect(page.locator("body")).to_contain_text("海报 120 份")
    expect(page.get_by_role("link", name="现场.png")).to_be_visible()

    log_in(page, cast.county_supervisor.username)
    assert figure(page, "publicity.events", county, today) == events_before + 1
    assert figure(page, "publicity.materials", county, today) == materials_before + 500
