"""Files uploaded with an online application: listed on the case page, opened by staff with
明文查看 only, each opening logged; the own / parent / sibling trio."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse

from sifa.audit.models import AccessLog
from sifa.legalaid.models import Upload
from sifa.legalaid.tests.factories import make_application, make_centre, make_reviewer
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


@pytest.fixture
def upload(centre, reviewer):
    application = make_application(reviewer, centre)
    return Upload.objects.create(
        office=centre,
        application=application,
        filename="工资欠条.png",
        content_type="image/png",
        size=len(PNG),
        content=base64.b64encode(PNG).decode("ascii"),
    )


def download_url(upload):
    return reverse("legalaid:application_upload", args=[upload.application_id, upload.pk])


def test_listed_on_the_case_page_with_a_link_for_revealers(upload, reviewer, login):
    page = login(reviewer).get(reverse("legalaid:application_detail", args=[upload.application_id]))
    assert "工资欠条.png" in page.content.decode()
    assert download_url(upload) in page.content.decode()


def test_own_and_parent_download_and_each_download_is_logged(cast, upload, reviewer, login):
    for user in (reviewer, cast.county_supervisor):
        response = login(user).get(download_url(upload))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PNG
        assert response["Content-Type"] == "image/png"
        assert "attachment" in response["Content-Disposition"]
        log = AccessLog.objects.filter(user=user, model="legalaid.Upload").get()
        assert log.object_id == str(upload.pk)
        assert upload.filename in log.object_repr


def test_sibling_gets_404_and_a_viewer_without_reveal_403(cast, upload, login):
    assert login(cast.township_clerk).get(download_url(upload)).status_code == 404
    viewer = UserFactory(username="county_staff")
    grant(viewer, cast.county_a, "jo_staff")  # view, edit, statistics — no 明文查看
    response = login(viewer).get(download_url(upload))
    assert response.status_code == 403
    page = login(viewer).get(reverse("legalaid:application_detail", args=[upload.application_id]))
    assert "工资欠条.png" in page.content.decode()
    assert download_url(upload) not in page.content.decode()
    assert not AccessLog.objects.filter(model="legalaid.Upload").exists()


def test_an_upload_of_another_application_is_not_found(upload, reviewer, centre, login):
    other = make_application(reviewer, centre)
    url = reverse("legalaid:application_upload", args=[other.pk, upload.pk])
    assert login(reviewer).get(url).status_code == 404
