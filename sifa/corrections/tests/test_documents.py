"""社区矫正文书 (.docx): 报到通知书, 接收回执, 解除社区矫正证明书 — parsed back with python-docx and
checked; when a document does not apply (404 with a reason); the view's own / parent / sibling
trio."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from sifa.corrections import documents
from sifa.corrections.actions import subjects as actions
from sifa.corrections.constants import ReleaseType
from sifa.corrections.tests.factories import (
    make_active_subject,
    make_expired_subject,
    make_subject,
    make_worker,
)

D = datetime.date


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def released(worker, cast):
    subject = make_expired_subject(worker, cast.township_a1)
    return actions.subject_release(
        actor=worker, subject=subject, released_on=D(2026, 5, 6), release_type=ReleaseType.EXPIRY
    )


def url(subject, kind):
    return reverse("corrections:subject_document", args=[subject.pk, kind])


def test_report_notice(worker, cast):
    subject = make_subject(worker, cast.township_a1)
    content, filename = documents.build(subject, documents.REPORT_NOTICE)
    text = _text(content)
    assert filename == f"社区矫正报到通知书-{subject.number}.docx"
    assert "甲县司法局（社区矫正机构）" in text
    assert "社区矫正报到通知书" in text
    assert f"{subject.person.name}：" in text
    assert "2026年3月12日前" in text  # the 报到 deadline
    assert "甲一镇司法所报到" in text
    assert "缓刑考验期自2026年3月2日起至2027年3月1日止" in text
    assert subject.judgment_number in text


def test_receipt(worker, cast):
    subject = make_subject(worker, cast.township_a1)
    text = _text(documents.build(subject, documents.RECEIPT)[0])
    assert "甲县人民法院：" in text
    assert "2026年3月4日收到" in text
    assert "尚未报到" in text
    actions.subject_report(actor=worker, subject=subject, reported_on=D(2026, 3, 5))
    text = _text(documents.build(subject, documents.RECEIPT)[0])
    assert "已于2026年3月5日报到（按时报到）" in text


def test_receipt_not_applicable_without_documents(worker, cast):
    subject = make_subject(worker, cast.township_a1, documents_received_on=None)
    with pytest.raises(documents.NotApplicable):
        documents.build(subject, documents.RECEIPT)


def test_release_certificate(released):
    content, filename = documents.build(released, documents.RELEASE_CERTIFICATE)
    text = _text(content)
    assert filename.startswith("解除社区矫正证明书-")
    assert f"证明书编号：{released.certificate_number}" in text
    assert "因期满解除" in text
    assert "于2026年5月6日解除社区矫正" in text
    assert "第四十四条" in text


def test_release_certificate_not_applicable_before_release(worker, cast):
    subject = make_active_subject(worker, cast.township_a1)
    with pytest.raises(documents.NotApplicable):
        documents.build(subject, documents.RELEASE_CERTIFICATE)


def test_documents_carry_no_id_number(worker, cast):
    from sifa.people.actions import person_register

    person = person_register(
        actor=worker, office=cast.township_a1, name="周九", doc_type="resident_id",
        id_number="110101199003070070", phone="13900139000",
    )  # fmt: skip
    subject = make_subject(worker, cast.township_a1, person=person)
    for kind in (documents.REPORT_NOTICE, documents.RECEIPT):
        text = _text(documents.build(subject, kind)[0])
        assert "110101199003070070" not in text and "13900139000" not in text


# ---------------------------------------------------------------------------------------------
# The view


def test_view_trio(login, cast, released):
    for user, status in (
        (cast.township_clerk, 200),
        (cast.county_supervisor, 200),
        (cast.sibling_clerk, 404),
        (cast.public_user, 404),
    ):
        response = login(user).get(url(released, "release_certificate"))
        assert response.status_code == status, user
    response = login(cast.township_clerk).get(url(released, "release_certificate"))
    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert "解除社区矫正证明书" in _text(response.content)


def test_view_not_applicable_and_unknown(login, cast, worker):
    subject = make_active_subject(worker, cast.township_a1)
    client = login(cast.township_clerk)
    response = client.get(url(subject, "release_certificate"))
    assert response.status_code == 404
    assert "尚未解除社区矫正" in response.content.decode()
    assert client.get(url(subject, "nonsense")).status_code == 404
