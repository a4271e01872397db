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


SUBJECT_ID = "110101199003070070"
SUBJECT_PHONE = "13900139000"
MASKED_ID = "110101********0070"
ALL_TEMPLATES = (
    "corrections.report_notice",
    "corrections.receipt",
    "corrections.release_certificate",
    "corrections.warning",
)


def _released_with_numbers(worker, cast):
    from sifa.people.actions import person_register

    person = person_register(
        actor=worker, office=cast.township_a1, name="周九", doc_type="resident_id",
        id_number=SUBJECT_ID, phone=SUBJECT_PHONE,
    )  # fmt: skip
    subject = make_expired_subject(worker, cast.township_a1, person=person)
    return actions.subject_release(
        actor=worker, subject=subject, released_on=D(2026, 5, 6), release_type=ReleaseType.EXPIRY
    )


@pytest.fixture
def viewer(cast):
    """Reads corrections records of county A, may neither edit them nor reveal numbers."""
    from sifa.orgs.models import Membership, Role
    from tests.factories import UserFactory

    role = Role.objects.create(
        key="cc_viewer", name="矫正查阅", capabilities=["view"], lines=["corrections"]
    )
    user = UserFactory(username="cc_viewer")
    Membership.objects.create(user=user, office=cast.county_a, role=role)
    return user


def test_documents_identify_the_subject_masked_by_default(worker, cast):
    from sifa.audit.models import AccessLog

    subject = _released_with_numbers(worker, cast)
    for kind in documents.KINDS:
        text = _text(documents.build(subject, kind, actor=worker)[0])
        assert f"周九，男，1990年3月7日出生，公民身份号码：{MASKED_ID}" in text, kind
        assert SUBJECT_ID not in text and SUBJECT_PHONE not in text, kind
    assert not AccessLog.objects.filter(field="id_number").exists()


def test_a_template_set_in_full_prints_the_number_and_logs_each_generation(worker, cast, settings):
    from sifa.audit.models import AccessLog

    settings.SIFA_DOCUMENTS_FULL_ID_NUMBERS = ("corrections.release_certificate",)
    subject = _released_with_numbers(worker, cast)

    kind = documents.RELEASE_CERTIFICATE
    text = _text(documents.build(subject, kind, actor=worker, ip_address="10.0.0.5")[0])
    assert f"公民身份号码：{SUBJECT_ID}" in text
    log = AccessLog.objects.get(field="id_number")
    assert (log.user, log.model, log.object_id, log.ip_address) == (
        worker,
        "people.person",
        str(subject.person.pk),
        "10.0.0.5",
    )
    assert log.purpose == f"生成解除社区矫正证明书（社区矫正对象 {subject.number}）"
    documents.build(subject, kind, actor=worker)
    assert AccessLog.objects.filter(field="id_number").count() == 2  # each generation
    # The other templates are not in the setting: masked and not logged.
    for other in (documents.REPORT_NOTICE, documents.RECEIPT):
        assert SUBJECT_ID not in _text(documents.build(subject, other, actor=worker)[0])
    assert AccessLog.objects.filter(field="id_number").count() == 2


def test_who_may_neither_edit_nor_reveal_never_gets_full_numbers(worker, viewer, cast, settings):
    from sifa.audit.models import AccessLog

    settings.SIFA_DOCUMENTS_FULL_ID_NUMBERS = ALL_TEMPLATES
    subject = _released_with_numbers(worker, cast)
    for actor in (viewer, None):
        for kind in documents.KINDS:
            text = _text(documents.build(subject, kind, actor=actor)[0])
            assert SUBJECT_ID not in text and MASKED_ID in text, (actor, kind)
    assert not AccessLog.objects.filter(field="id_number").exists()


def test_the_view_prints_in_full_for_the_worker_only_and_logs_it(
    worker, viewer, cast, login, settings
):
    from sifa.audit.models import AccessLog

    settings.SIFA_DOCUMENTS_FULL_ID_NUMBERS = ALL_TEMPLATES
    subject = _released_with_numbers(worker, cast)
    response = login(viewer).get(url(subject, "release_certificate"))
    assert response.status_code == 200 and SUBJECT_ID not in _text(response.content)
    response = login(cast.township_clerk).get(url(subject, "receipt"))  # edit, no reveal
    assert SUBJECT_ID in _text(response.content)
    log = AccessLog.objects.get(field="id_number")
    assert (log.user, log.ip_address) == (cast.township_clerk, "127.0.0.1")


def test_warning_decision_identifies_the_subject_by_the_same_rule(worker, viewer, cast, settings):
    from sifa.audit.models import AccessLog
    from sifa.corrections import measure_documents
    from sifa.corrections.actions.measures import measure_record
    from sifa.corrections.constants import MeasureKind
    from sifa.people.actions import person_register

    person = person_register(
        actor=worker, office=cast.township_a1, name="吴十", doc_type="resident_id",
        id_number=SUBJECT_ID, phone=SUBJECT_PHONE,
    )  # fmt: skip
    subject = make_active_subject(worker, cast.township_a1, person=person)
    warning = measure_record(
        actor=cast.county_supervisor, subject=subject, kind=MeasureKind.WARNING,
        decided_on=D(2026, 4, 1), facts="未经批准离开所居住的县", evidence="谈话笔录",
        decided_by="张科长",
    )  # fmt: skip

    text = _text(measure_documents.build(warning, actor=worker)[0])
    assert f"公民身份号码：{MASKED_ID}" in text  # masked by default
    settings.SIFA_DOCUMENTS_FULL_ID_NUMBERS = ("corrections.warning",)
    assert SUBJECT_ID not in _text(measure_documents.build(warning, actor=viewer)[0])
    assert not AccessLog.objects.filter(field="id_number").exists()
    assert SUBJECT_ID in _text(measure_documents.build(warning, actor=worker)[0])
    assert AccessLog.objects.filter(field="id_number", user=worker).count() == 1


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
