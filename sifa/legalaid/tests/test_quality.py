"""Quality checks and complaints (第55–59条): actions and views, own / parent / sibling."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sifa.core.testing import assert_invalid
from sifa.legalaid.actions.quality import complaint_add, complaint_close, quality_check_add
from sifa.legalaid.constants import QualityGrade, QualityKind, Satisfaction
from sifa.legalaid.models import Complaint, QualityCheck
from sifa.legalaid.tests.builders_h1 import make_application, make_centre, make_reviewer

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2026, 1, 5)
CHECKED = datetime.date(2026, 2, 3)


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


@pytest.fixture
def application(centre):
    return make_application(centre, received_on=RECEIVED)


def detail_url(application) -> str:
    return f"/legal-aid/applications/{application.pk}/"


# --- actions ----------------------------------------------------------------------------------


def test_quality_check_belongs_to_the_case_office(reviewer, application):
    check = quality_check_add(
        actor=reviewer,
        application=application,
        kind=QualityKind.FILE_REVIEW,
        checked_on=CHECKED,
        grade=QualityGrade.GOOD,
        notes="  案卷齐全  ",
    )
    assert check.office == application.office
    assert check.created_by == reviewer
    assert check.notes == "案卷齐全"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "phone_call"}, "kind"),
        ({"grade": "perfect"}, "grade"),
        ({"kind": QualityKind.FOLLOW_UP}, "satisfaction"),
        ({"satisfaction": "thrilled"}, "satisfaction"),
        ({"checked_on": RECEIVED - datetime.timedelta(days=1)}, "checked_on"),
        ({"checked_on": timezone.localdate() + datetime.timedelta(days=1)}, "checked_on"),
    ],
)
def test_quality_check_validation(reviewer, application, extra, field):
    data = {"kind": QualityKind.HEARING_ATTENDANCE, "checked_on": CHECKED, **extra}
    with pytest.raises(ValidationError) as error:
        quality_check_add(actor=reviewer, application=application, **data)
    assert field in error.value.message_dict
    assert not QualityCheck.objects.exists()


def test_follow_up_with_satisfaction(reviewer, application):
    check = quality_check_add(
        actor=reviewer,
        application=application,
        kind=QualityKind.FOLLOW_UP,
        checked_on=CHECKED,
        satisfaction=Satisfaction.SATISFIED,
    )
    assert check.satisfaction == Satisfaction.SATISFIED


def test_quality_access(cast, application):
    data = {"kind": QualityKind.FILE_REVIEW, "checked_on": CHECKED}
    with pytest.raises(Http404):
        quality_check_add(actor=cast.sibling_clerk, application=application, **data)
    with pytest.raises(PermissionDenied):
        quality_check_add(actor=cast.city_leader, application=application, **data)
    check = quality_check_add(actor=cast.county_supervisor, application=application, **data)
    assert check.office == application.office


def test_complaint_add_and_close(cast, reviewer, application):
    complaint = complaint_add(
        actor=reviewer,
        application=application,
        received_on=CHECKED,
        complainant="张某",
        content="承办律师未及时通报进展",
    )
    assert complaint.office == application.office and complaint.closed_on is None
    with pytest.raises(ValidationError) as error:
        complaint_close(actor=reviewer, complaint=complaint, result="", closed_on=CHECKED)
    assert "result" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        complaint_close(
            actor=reviewer,
            complaint=complaint,
            result="已约谈",
            closed_on=CHECKED - datetime.timedelta(days=1),
        )
    assert "closed_on" in error.value.message_dict
    with pytest.raises(Http404):
        complaint_close(
            actor=cast.sibling_clerk, complaint=complaint, result="x", closed_on=CHECKED
        )

    closed = complaint_close(
        actor=reviewer, complaint=complaint, result="已约谈承办律师并答复投诉人", closed_on=CHECKED
    )
    assert closed.closed_on == CHECKED
    with pytest.raises(ValidationError) as exc:
        complaint_close(actor=reviewer, complaint=complaint, result="再次", closed_on=CHECKED)
    assert_invalid(exc, "__all__", "该投诉已办结。")


@pytest.mark.parametrize(("field", "value"), [("complainant", " "), ("content", "")])
def test_complaint_needs_complainant_and_content(reviewer, application, field, value):
    data = {"received_on": CHECKED, "complainant": "李某", "content": "态度差", field: value}
    with pytest.raises(ValidationError) as error:
        complaint_add(actor=reviewer, application=application, **data)
    assert field in error.value.message_dict


def test_complaint_access(cast, application):
    data = {"received_on": CHECKED, "complainant": "王某", "content": "内容"}
    with pytest.raises(Http404):
        complaint_add(actor=cast.sibling_clerk, application=application, **data)
    with pytest.raises(PermissionDenied):
        complaint_add(actor=cast.city_leader, application=application, **data)


# --- views ------------------------------------------------------------------------------------


@pytest.fixture
def users(cast, reviewer):
    return {"own": reviewer, "parent": cast.county_supervisor, "sibling": cast.sibling_clerk}


@pytest.mark.parametrize(("who", "status"), [("own", 200), ("parent", 200), ("sibling", 404)])
@pytest.mark.parametrize("name", ["legalaid:quality_check_add", "legalaid:complaint_add"])
def test_add_pages_own_parent_sibling(login, users, application, who, status, name):
    response = login(users[who]).get(reverse(name, args=[application.pk]))
    assert response.status_code == status


def test_viewer_may_not_add(cast, login, application):
    client = login(cast.city_leader)
    for name in ("legalaid:quality_check_add", "legalaid:complaint_add"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 403


def test_quality_check_through_the_page(login, reviewer, application):
    url = reverse("legalaid:quality_check_add", args=[application.pk])
    data = {"kind": QualityKind.HEARING_ATTENDANCE, "checked_on": CHECKED.isoformat()}
    response = login(reviewer).post(url, {**data, "grade": QualityGrade.EXCELLENT})
    assert response.status_code == 302
    assert response.url == detail_url(application)
    check = QualityCheck.objects.get()
    assert check.application == application and check.grade == QualityGrade.EXCELLENT


def test_follow_up_without_satisfaction_stays_on_the_form(login, reviewer, application):
    url = reverse("legalaid:quality_check_add", args=[application.pk])
    data = {"kind": QualityKind.FOLLOW_UP, "checked_on": CHECKED.isoformat(), "notes": "电话回访"}
    response = login(reviewer).post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "请填写受援人满意度" in body
    assert "电话回访" in body
    assert not QualityCheck.objects.exists()


def test_complaint_through_the_pages(login, reviewer, application):
    client = login(reviewer)
    response = client.post(
        reverse("legalaid:complaint_add", args=[application.pk]),
        {"received_on": CHECKED.isoformat(), "complainant": "赵某", "content": "未按时会见"},
    )
    assert response.url == detail_url(application)
    complaint = Complaint.objects.get()

    listing = client.get(reverse("legalaid:complaint_list"))
    assert complaint in listing.context["complaints"]
    close_url = reverse("legalaid:complaint_close", args=[complaint.pk])
    assert close_url in listing.content.decode()

    response = client.post(close_url, {"closed_on": CHECKED.isoformat(), "result": "已答复"})
    assert response.url == reverse("legalaid:complaint_list")
    complaint.refresh_from_db()
    assert complaint.closed_on == CHECKED and complaint.result == "已答复"

    open_only = client.get(reverse("legalaid:complaint_list"), {"state": "open"})
    assert list(open_only.context["complaints"]) == []
    closed_only = client.get(reverse("legalaid:complaint_list"), {"state": "closed"})
    assert list(closed_only.context["complaints"]) == [complaint]


@pytest.mark.parametrize(("who", "visible"), [("own", True), ("parent", True), ("sibling", False)])
def test_complaint_list_and_close_own_parent_sibling(
    login, users, reviewer, application, who, visible
):
    complaint = complaint_add(
        actor=reviewer,
        application=application,
        received_on=CHECKED,
        complainant="钱某",
        content="内容",
    )
    client = login(users[who])
    listing = client.get(reverse("legalaid:complaint_list"))
    assert listing.status_code == 200
    assert (complaint in listing.context["complaints"]) is visible
    close = client.get(reverse("legalaid:complaint_close", args=[complaint.pk]))
    assert close.status_code == (200 if visible else 404)


def test_viewer_may_not_close(cast, login, reviewer, application):
    complaint = complaint_add(
        actor=reviewer,
        application=application,
        received_on=CHECKED,
        complainant="孙某",
        content="x",
    )
    client = login(cast.city_leader)
    listing = client.get(reverse("legalaid:complaint_list"))
    assert complaint in listing.context["complaints"]
    assert not listing.context["complaints"][0].can_close
    url = reverse("legalaid:complaint_close", args=[complaint.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"closed_on": CHECKED.isoformat(), "result": "x"}).status_code == 403
