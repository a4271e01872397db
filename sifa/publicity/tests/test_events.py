"""Publicity events: any office records its own (a village service station included), with
materials by kind, lecturers and photos (JPEG/PNG by their bytes, size limited, stored
encrypted); the county's figures move by the event's numbers; scoping by the office tree."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sifa.publicity.actions.events import Lecturer, Photo, event_record
from sifa.publicity.constants import Audience, MaterialKind
from sifa.publicity.models import Event, EventPhoto
from sifa.publicity.selectors import events as selectors
from sifa.stats import registry

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4 " + b"\x00" * 64


def _figures(office, day):
    scope = registry.Scope(office=office, start=day, end=day)
    return {
        key: registry.value(registry.get(f"publicity.{key}"), scope)
        for key in ("events", "participants", "materials", "posters_leaflets")
    }


def _record(actor, office, **extra):
    values = dict(
        actor=actor, office=office, title="宪法进万家", theme="constitution",
        started_on=timezone.localdate(), place="村文化礼堂", audience=Audience.VILLAGERS,
        participants=80, materials={MaterialKind.POSTER: 50, MaterialKind.LEAFLET: 150},
    )  # fmt: skip
    values.update(extra)
    return event_record(**values)


def test_a_village_records_an_event_with_photos_and_the_county_figures_move(cast):
    today = timezone.localdate()
    before = _figures(cast.county_a, today)
    event = _record(
        cast.township_clerk,
        cast.village_a1,
        lecturers=[Lecturer(name="李律师")],
        photos=[Photo("现场.png", PNG), Photo("合影.JPG", JPEG)],
        materials={MaterialKind.POSTER: 50, MaterialKind.LEAFLET: 150, MaterialKind.BOOK: 20},
    )
    after = _figures(cast.county_a, today)
    assert {key: after[key] - before[key] for key in after} == {
        "events": 1,
        "participants": 80,
        "materials": 220,
        "posters_leaflets": 200,
    }
    photos = EventPhoto.objects.filter(event=event).order_by("pk")
    assert [(p.filename, p.content_type, p.size) for p in photos] == [
        ("现场.png", "image/png", len(PNG)),
        ("合影.JPG", "image/jpeg", len(JPEG)),
    ]
    assert event.lecturers.get().name == "李律师"
    # Scoping: the sibling township sees nothing of it, the county supervisor does.
    assert not selectors.events(cast.sibling_clerk).filter(pk=event.pk).exists()
    assert selectors.events(cast.county_supervisor).filter(pk=event.pk).exists()
    assert _figures(cast.county_b, today) == dict.fromkeys(after, 0)


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (Photo("scan.png", PDF), "文件“scan.png”的内容与扩展名不符，不是有效的 JPEG 或 PNG 图片。"),
        (Photo("报告.pdf", PDF), "文件“报告.pdf”的类型不受支持：活动照片只能是 JPEG 或 PNG 图片。"),
        (Photo("空.png", b""), "文件“空.png”是空文件。"),
    ],
)
def test_a_photo_that_is_not_a_jpeg_or_png_is_refused_and_nothing_is_kept(cast, photo, message):
    with pytest.raises(ValidationError) as error:
        _record(cast.township_clerk, cast.township_a1, photos=[photo])
    assert error.value.message_dict["photos"] == [message]
    assert not Event.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(cast, settings):
    settings.SIFA_PUBLICITY_PHOTO_MAX_BYTES = 1024 * 1024
    big = Photo("大图.jpg", JPEG + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        _record(cast.township_clerk, cast.township_a1, photos=[big])
    assert error.value.message_dict["photos"] == ["照片“大图.jpg”超过 1 MB，请压缩后再上传。"]


def test_an_event_after_today_or_with_an_unknown_theme_is_refused(cast):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _record(cast.township_clerk, cast.township_a1, started_on=tomorrow, theme="nonsense")
    assert set(error.value.message_dict) == {"started_on", "theme"}


def test_a_township_clerk_records_an_event_with_a_photo_on_the_page(cast, login):
    """The page a 司法所 clerk uses (the browser test walks the same form)."""
    client = login(cast.township_clerk)
    today = timezone.localdate()
    before = _figures(cast.county_a, today)
    response = client.post(
        reverse("publicity:event_add"),
        {
            "office": cast.township_a1.pk,
            "title": "民法典进村",
            "theme": "civil_code",
            "started_on": today.isoformat(),
            "place": "甲一村",
            "audience": Audience.VILLAGERS,
            "participants": "60",
            "material_leaflet": "300",
            "material_booklet": "40",
            "other_lecturers": "王老师、赵律师",
            "photos": [SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
        },
    )
    event = Event.objects.get(title="民法典进村")
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    after = _figures(cast.county_a, today)
    assert after["events"] - before["events"] == 1
    assert after["materials"] - before["materials"] == 340
    assert sorted(event.lecturers.values_list("name", flat=True)) == ["王老师", "赵律师"]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "现场.png" in page and "民法典宣传月" in page
    photo = event.photos.get()
    shown = client.get(reverse("publicity:event_photo", args=[event.pk, photo.pk]))
    assert shown["Content-Type"] == "image/png" and b"".join(shown) == PNG
    # A bad file comes back on the form with the reason, nothing saved.
    refused = client.post(
        reverse("publicity:event_add"),
        {
            "office": cast.township_a1.pk, "title": "坏照片", "theme": "civil_code",
            "started_on": today.isoformat(), "place": "甲一村", "audience": Audience.VILLAGERS,
            "participants": "1",
            "photos": [SimpleUploadedFile("x.png", io.BytesIO(PDF).read())],
        },
    )  # fmt: skip
    assert refused.status_code == 200
    assert "不是有效的 JPEG 或 PNG 图片" in refused.content.decode()
    assert not Event.objects.filter(title="坏照片").exists()
    # The sibling township does not find the event.
    assert login(cast.sibling_clerk).get(event.get_absolute_url()).status_code == 404


def test_the_line_pages_open(cast, login):
    client = login(cast.county_supervisor)
    for name in ("event_list", "event_add", "exam_list", "exam_add", "unit_list", "unit_add"):
        assert client.get(reverse(f"publicity:{name}")).status_code == 200, name
    for name in ("plan_list", "plan_add"):
        assert client.get(reverse(f"publicity:{name}")).status_code == 200, name
