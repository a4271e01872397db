"""Minors (社区矫正法 第54条, CC-32): a minor's subject is invisible — not found, not listed, not
in the to-dos or the export — to a user without Cap.MINORS (the township clerk, jo_staff), and
visible to the 司法所长 (jo_head) and the 社区矫正工作人员 (cc_worker)."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from sifa.audit.actions import READ
from sifa.audit.models import AccessLog
from sifa.corrections.selectors import subjects as selectors
from sifa.corrections.tests.factories import make_active_subject, make_subject, make_worker
from sifa.corrections.views.subjects import ACTIONS
from tests.factories import UserFactory, grant

D = datetime.date


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def minor(worker, cast):
    return make_active_subject(worker, cast.township_a1, minor=True)


@pytest.fixture
def adult(worker, cast):
    return make_active_subject(worker, cast.township_a1)


@pytest.fixture
def head(cast):
    user = UserFactory(username="jo_head_a1")
    grant(user, cast.township_a1, "jo_head")
    return user


def _pages(subject):
    return [
        reverse("corrections:subject_detail", args=[subject.pk]),
        *[reverse(f"corrections:subject_{a.key}", args=[subject.pk]) for a in ACTIONS],
        *[
            reverse("corrections:subject_document", args=[subject.pk, kind])
            for kind in ("report_notice", "receipt", "release_certificate")
        ],
    ]


def test_minor_is_404_for_clerk_without_minors(login, cast, minor):
    client = login(cast.township_clerk)
    for url in _pages(minor):
        assert client.get(url).status_code == 404, url
    member = minor.team.first()
    remove = reverse("corrections:subject_team_remove", args=[minor.pk, member.pk])
    assert client.post(remove).status_code == 404
    assert minor.team.filter(pk=member.pk).exists()


def test_minor_is_404_for_county_section_without_minors(login, cast, minor):
    detail = reverse("corrections:subject_detail", args=[minor.pk])
    assert login(cast.county_supervisor).get(detail).status_code == 404


@pytest.mark.parametrize("who", ["head", "worker"])
def test_minor_visible_with_minors(login, request, minor, who):
    user = request.getfixturevalue(who)
    response = login(user).get(reverse("corrections:subject_detail", args=[minor.pk]))
    assert response.status_code == 200
    assert "未成年人" in response.content.decode()
    assert AccessLog.objects.filter(user=user, field=READ, object_id=str(minor.pk)).exists()


def test_clerk_read_attempt_logs_nothing(login, cast, minor):
    login(cast.township_clerk).get(reverse("corrections:subject_detail", args=[minor.pk]))
    assert not AccessLog.objects.filter(user=cast.township_clerk, field=READ).exists()


def test_list_excludes_minors(login, cast, head, minor, adult):
    url = reverse("corrections:subject_list")
    html = login(cast.township_clerk).get(url).content.decode()
    assert adult.number in html and minor.number not in html
    assert 'name="minors"' not in html  # no minors filter for those not allowed
    # a crafted filter does not reveal them either
    html = login(cast.township_clerk).get(url, {"minors": "only"}).content.decode()
    assert minor.number not in html
    html = login(head).get(url).content.decode()
    assert adult.number in html and minor.number in html and 'name="minors"' in html
    html = login(head).get(url, {"minors": "only"}).content.decode()
    assert minor.number in html and adult.number not in html
    html = login(head).get(url, {"minors": "exclude"}).content.decode()
    assert minor.number not in html and adult.number in html


def test_export_excludes_minors(login, cast, minor, adult):
    response = login(cast.township_clerk).get(reverse("corrections:subject_export"))
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    numbers = {row[0] for row in rows[1:]}
    assert adult.number in numbers and minor.number not in numbers


def test_selectors(cast, head, worker, minor, adult):
    with pytest.raises(Http404):
        selectors.subject_get(actor=cast.township_clerk, pk=minor.pk)
    assert selectors.subject_get(actor=head, pk=minor.pk) == minor
    assert selectors.subject_get(actor=worker, pk=minor.pk) == minor
    clerk_rows = set(selectors.subject_list(actor=cast.township_clerk))
    assert adult in clerk_rows and minor not in clerk_rows
    assert {adult, minor} <= set(selectors.subject_list(actor=head))
    assert minor not in set(selectors.subject_list(actor=cast.sibling_clerk))


def test_minor_to_dos_hidden(cast, worker, head):
    waiting = make_subject(worker, cast.township_a1, minor=True)
    assert any(
        waiting.number in t.title for t in selectors.subjects_due(actor=head, today=D(2026, 3, 11))
    )
    assert not any(
        waiting.number in t.title
        for t in selectors.subjects_due(actor=cast.township_clerk, today=D(2026, 3, 11))
    )


def test_turning_18_stays_minor(worker, cast):
    # 17 on the judgment's effect, 18 during correction: still under the minors' rules (CC-32)
    from sifa.corrections.tests.factories import make_person

    person = make_person(cast.township_a1, birth_date=D(2008, 6, 1))
    subject = make_active_subject(worker, cast.township_a1, person=person)
    assert subject.is_minor


def test_the_subject_list_states_the_minors_it_hides(login, cast, worker, minor, adult):
    """Listed + hidden = every subject of the filter; a text search states nothing."""
    url = reverse("corrections:subject_list")
    response = login(cast.township_clerk).get(url)
    assert response.context["page_obj"].paginator.count == 1
    assert response.context["hidden_minors"] == 1
    assert "含未成年人 1 人（不予显示）" in response.content.decode()
    response = login(cast.township_clerk).get(url, {"q": minor.person.name})
    assert "不予显示" not in response.content.decode()
    response = login(cast.county_supervisor).get(url, {"within": cast.township_a2.pk})
    assert "不予显示" not in response.content.decode()  # A2 holds no minor
    response = login(cast.county_supervisor).get(url)
    assert "含未成年人 1 人（不予显示）" in response.content.decode()
    response = login(worker).get(url)
    assert response.context["page_obj"].paginator.count == 2
    assert "不予显示" not in response.content.decode()
