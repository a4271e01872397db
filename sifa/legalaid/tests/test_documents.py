"""法律援助文书 (.docx): parsed back with python-docx and checked field by field; the view's
own / parent / sibling trio. Applications are built with the ORM directly."""

from __future__ import annotations

import itertools
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from sifa.legalaid import documents
from sifa.legalaid.constants import (
    Basis,
    HandlerKind,
    Matter,
    MatterType,
    NotifyingOrgan,
    Origin,
    ProviderKind,
    Status,
)
from sifa.legalaid.models import Application, Assignment, Handler, Material, Provider
from sifa.orgs.constants import OfficeKind
from sifa.people.models import Person
from tests.factories import UserFactory, add_office, grant

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
RECEIVED = date(2026, 3, 2)


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


@pytest.fixture
def centre(cast):
    return add_office(
        cast.county_a,
        name="甲县法律援助中心",
        code="330102-LAC",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330102",
    )


@pytest.fixture
def sibling_centre(cast):
    return add_office(
        cast.county_b,
        name="乙县法律援助中心",
        code="330103-LAC",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330103",
    )


@pytest.fixture
def reviewer(centre):
    user = UserFactory(username="la_reviewer_a")
    grant(user, centre, "la_reviewer")
    return user


@pytest.fixture
def sibling_reviewer(sibling_centre):
    user = UserFactory(username="la_reviewer_b")
    grant(user, sibling_centre, "la_reviewer")
    return user


def application(office, **fields) -> Application:
    values = dict(
        number=f"330102-FY-2026-{next(_numbers):05d}",
        origin=Origin.APPLICATION,
        applicant=Person.objects.create(office=office, name="张三"),
        matter_type=MatterType.CIVIL,
        matter=Matter.LABOUR_PAY,
        facts="被拖欠工资。",
        received_on=RECEIVED,
        basis=Basis.ART31_HARDSHIP,
    )
    values.update(fields)
    return Application.objects.create(office=office, **values)


def assign(app, *, on, name="李律师", firm="甲律师事务所", ended_on=None) -> Assignment:
    provider = Provider.objects.create(office=app.office, name=firm, kind=ProviderKind.LAW_FIRM)
    handler = Handler.objects.create(
        office=app.office,
        provider=provider,
        person=Person.objects.create(office=app.office, name=name),
        kind=HandlerKind.LAWYER,
    )
    return Assignment.objects.create(
        office=app.office,
        application=app,
        provider=provider,
        handler=handler,
        assigned_on=on,
        ended_on=ended_on,
    )


# --- the documents ---------------------------------------------------------------------------


def test_a_document_keeps_its_number_and_the_next_document_takes_the_next(centre):
    first = application(
        centre, status=Status.GRANTED, decided_on=date(2026, 3, 5), accepted_on=date(2026, 3, 5)
    )
    second = application(
        centre, status=Status.GRANTED, decided_on=date(2026, 3, 6), accepted_on=date(2026, 3, 6)
    )

    one = _text(documents.build(first, documents.DECISION)[0])
    two = _text(documents.build(second, documents.DECISION)[0])
    one_again = _text(documents.build(first, documents.DECISION)[0])

    assert "〔2026〕甲司援决字第0001号" in one
    assert "〔2026〕甲司援决字第0002号" in two
    assert "〔2026〕甲司援决字第0001号" in one_again


def test_grant_decision(centre):
    app = application(
        centre, status=Status.GRANTED, decided_on=date(2026, 3, 5), accepted_on=date(2026, 3, 5)
    )
    content, filename = documents.build(app, documents.DECISION)
    text = _text(content)

    assert filename == f"给予法律援助决定书-{app.number}.docx"
    assert "甲县法律援助中心" in text
    assert "给予法律援助决定书" in text
    assert "〔2026〕甲司援决字第0001号" in text  # SIFA_NUMBERING's default, 甲县司法局 → 甲司
    assert "张三：" in text
    assert "2026年3月2日" in text  # received
    assert "第三十一条" in text  # the basis
    assert app.get_matter_display() in text
    assert "决定给予法律援助" in text
    assert "（印章）" in text
    assert text.rstrip().endswith("2026年3月5日")  # decided


@pytest.mark.parametrize(
    ("fields", "cited"),
    [
        # 第31条第七项 (工伤) with the 第42条第三项 exemption of a 进城务工人员
        (
            {
                "matter": "work_injury",
                "hardship_check": "exempt",
                "exemption_proof": "migrant_worker_wages",
            },
            "第三十一条第七项、第四十二条第三项",
        ),
        ({"matter": Matter.LABOUR_PAY, "hardship_check": "pledge"}, "第三十一条第五项"),
        (
            {"matter": Matter.ABUSE_VIOLENCE, "basis": Basis.ART32_NO_HARDSHIP_TEST},
            "第三十二条第四项",
        ),
        (
            {
                "matter": Matter.CRIMINAL_DEFENCE,
                "matter_type": MatterType.CRIMINAL,
                "basis": Basis.ART25_NOTIFIED,
                "defence_ground": "minor",
            },
            "第二十五条第一款第一项",
        ),
    ],
)
def test_grant_decision_cites_the_article_and_item(centre, fields, cited):
    app = application(
        centre,
        status=Status.GRANTED,
        decided_on=date(2026, 3, 5),
        accepted_on=date(2026, 3, 5),
        **fields,
    )
    text = _text(documents.build(app, documents.DECISION)[0])
    assert f"符合《中华人民共和国法律援助法》{cited}规定的法律援助条件" in text
    assert "第五项" not in text.replace("第三十一条第五项", "")


def test_refusal_decision_names_reasons_and_the_objection_route(cast, centre):
    app = application(
        centre,
        status=Status.REFUSED,
        decided_on=date(2026, 3, 6),
        refusal_reasons="家庭人均月收入高于本省经济困难标准。",
    )
    content, filename = documents.build(app, documents.DECISION)
    text = _text(content)

    assert filename.startswith("不予法律援助决定书-")
    assert "不予法律援助决定书" in text
    assert "决定不予法律援助" in text
    assert "家庭人均月收入高于本省经济困难标准。" in text
    assert f"向{cast.county_a.name}提出" in text  # 第49条: the bureau that set up the centre
    assert text.rstrip().endswith("2026年3月6日")


def test_decision_not_applicable(centre):
    pending = application(centre, status=Status.RECEIVED)
    notified = application(
        centre,
        origin=Origin.NOTIFICATION,
        status=Status.GRANTED,
        accepted_on=RECEIVED,
        matter_type=MatterType.CRIMINAL,
    )
    with pytest.raises(documents.NotApplicable, match="尚未作出"):
        documents.build(pending, documents.DECISION)
    with pytest.raises(documents.NotApplicable, match="通知辩护"):
        documents.build(notified, documents.DECISION)


def test_assignment_notice_is_addressed_to_the_current_provider(centre):
    app = application(
        centre,
        origin=Origin.NOTIFICATION,
        status=Status.ASSIGNED,
        accepted_on=RECEIVED,
        matter_type=MatterType.CRIMINAL,
        matter=Matter.CRIMINAL_DEFENCE,
        notifying_organ=NotifyingOrgan.COURT,
        notifying_organ_name="甲县人民法院",
        criminal_stage="trial",
    )
    assign(app, on=RECEIVED, name="旧律师", firm="旧律师事务所", ended_on=date(2026, 3, 4))
    assign(app, on=date(2026, 3, 4), name="李律师", firm="甲律师事务所")
    content, filename = documents.build(app, documents.ASSIGNMENT)
    text = _text(content)

    assert filename.startswith("指派通知书-")
    assert "甲律师事务所：" in text
    assert "承办人员：李律师" in text
    assert "旧律师" not in text
    assert "甲县人民法院通知辩护/代理" in text
    assert "第三十六条" in text
    assert "张三" in text
    assert "诉讼阶段：审判" in text
    assert "〔2026〕甲司援指字第0001号" in text
    assert text.rstrip().endswith("2026年3月4日")

    unassigned = application(centre, status=Status.GRANTED, accepted_on=RECEIVED)
    with pytest.raises(documents.NotApplicable, match="尚未指派"):
        documents.build(unassigned, documents.ASSIGNMENT)


def test_supplement_notice_lists_missing_materials_and_due_date(centre):
    app = application(
        centre,
        status=Status.AWAITING_SUPPLEMENT,
        supplement_requested_on=date(2026, 3, 3),
        supplement_items="劳动合同或工资欠条",
        supplement_due_on=date(2026, 3, 18),
    )
    Material.objects.create(office=centre, application=app, name="申请人身份证明", required=True)
    Material.objects.create(
        office=centre, application=app, name="法律援助申请表", required=True, provided_on=RECEIVED
    )
    content, _filename = documents.build(app, documents.SUPPLEMENT)
    text = _text(content)

    assert "补充材料通知书" in text
    assert "1. 劳动合同或工资欠条" in text
    assert "2. 申请人身份证明" in text
    assert "法律援助申请表" not in text  # provided
    assert "请于2026年3月18日前" in text
    assert "视为撤回申请" in text
    assert text.rstrip().endswith("2026年3月3日")

    with pytest.raises(documents.NotApplicable, match="未通知补充材料"):
        documents.build(application(centre), documents.SUPPLEMENT)


# --- the view --------------------------------------------------------------------------------


def _url(app, kind):
    return reverse("legalaid:application_document", args=[app.pk, kind])


def test_view_own_parent_sibling(cast, centre, reviewer, sibling_reviewer, login):
    app = application(centre, status=Status.GRANTED, decided_on=RECEIVED, accepted_on=RECEIVED)
    for user in (reviewer, cast.county_supervisor):  # own office, parent office
        client = login(user)
        response = client.get(_url(app, "decision"))
        assert response.status_code == 200, user
        assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
        assert "filename*=utf-8''" in response["Content-Disposition"]
        assert "给予法律援助决定书" in _text(response.content)
    for user in (sibling_reviewer, cast.sibling_clerk):  # sibling county, sibling township
        assert login(user).get(_url(app, "decision")).status_code == 404


def test_view_refuses_a_document_that_does_not_apply(centre, reviewer, login):
    app = application(centre, status=Status.RECEIVED)
    client = login(reviewer)

    response = client.get(_url(app, "assignment"))
    assert response.status_code == 404
    assert "尚未指派承办人员" in response.content.decode()
    assert client.get(_url(app, "nonsense")).status_code == 404


def test_view_needs_login(centre, client):
    app = application(centre)
    response = client.get(_url(app, "decision"))
    assert response.status_code == 302


# --- ID and phone numbers (SIFA_DOCUMENTS_FULL_ID_NUMBERS; issue 15 item 14) ----------------

APPLICANT_ID = "110101199003070070"
APPLICANT_PHONE = "13900139000"
ALL_TEMPLATES = ("legalaid.decision", "legalaid.assignment", "legalaid.supplement")


def _with_numbers(office) -> Person:
    person = Person(office=office, name="王五", gender="M", birth_date=date(1990, 3, 7))
    person.set_id_number(APPLICANT_ID)
    person.set_phone(APPLICANT_PHONE)
    person.save()
    return person


def _documented(office) -> Application:
    """An application of which every document applies: granted, assigned, supplement asked."""
    app = application(
        office,
        applicant=_with_numbers(office),
        status=Status.GRANTED,
        decided_on=RECEIVED,
        accepted_on=RECEIVED,
        supplement_requested_on=date(2026, 3, 3),
        supplement_items="劳动合同",
    )
    assign(app, on=date(2026, 3, 4))
    return app


@pytest.fixture
def viewer(centre):
    """Reads legal-aid files of the centre, may neither edit them nor reveal numbers."""
    from sifa.orgs.models import Membership, Role

    role = Role.objects.create(
        key="la_viewer", name="法援查阅", capabilities=["view"], lines=["legalaid"]
    )
    user = UserFactory(username="la_viewer")
    Membership.objects.create(user=user, office=centre, role=role)
    return user


def test_every_document_identifies_the_applicant_masked_by_default(centre, reviewer):
    from sifa.audit.models import AccessLog

    app = _documented(centre)
    for kind in documents.KINDS:
        text = _text(documents.build(app, kind, actor=reviewer)[0])
        assert "王五，男，1990年3月7日出生，公民身份号码：110101********0070" in text, kind
        assert APPLICANT_ID not in text and APPLICANT_PHONE not in text, kind
    assert "联系电话：139****9000" in _text(documents.build(app, documents.ASSIGNMENT)[0])
    assert not AccessLog.objects.exists()  # nothing revealed, nothing logged


def test_a_template_set_in_full_prints_numbers_and_logs_each_generation(centre, reviewer, settings):
    from sifa.audit.models import AccessLog

    settings.SIFA_DOCUMENTS_FULL_ID_NUMBERS = ("legalaid.decision", "legalaid.assignment")
    app = _documented(centre)

    text = _text(documents.build(app, documents.DECISION, actor=reviewer, ip_address="10.0.0.7")[0])
    assert f"公民身份号码：{APPLICANT_ID}" in text
    log = AccessLog.objects.get()
    assert (log.user, log.model, log.object_id, log.field, log.ip_address) == (
        reviewer,
        "people.person",
        str(app.applicant.pk),
        "id_number",
        "10.0.0.7",
    )
    assert log.purpose == f"生成给予法律援助决定书（法律援助案件 {app.number}）"

    documents.build(app, documents.DECISION, actor=reviewer)  # each generation is a reveal
    assert AccessLog.objects.count() == 2
    text = _text(documents.build(app, documents.ASSIGNMENT, actor=reviewer)[0])
    assert APPLICANT_ID in text and f"联系电话：{APPLICANT_PHONE}" in text
    assert sorted(AccessLog.objects.values_list("field", flat=True)) == [
        "id_number",
        "id_number",
        "id_number",
        "phone",
    ]
    # The 补充材料通知书 is not in the setting: masked, not logged.
    text = _text(documents.build(app, documents.SUPPLEMENT, actor=reviewer)[0])
    assert APPLICANT_ID not in text
    assert AccessLog.objects.count() == 4


def test_who_may_neither_edit_nor_reveal_never_gets_full_numbers(centre, viewer, settings):
    from sifa.audit.models import AccessLog

    settings.SIFA_DOCUMENTS_FULL_ID_NUMBERS = ALL_TEMPLATES
    app = _documented(centre)
    for actor in (viewer, None):
        for kind in documents.KINDS:
            text = _text(documents.build(app, kind, actor=actor)[0])
            assert APPLICANT_ID not in text and APPLICANT_PHONE not in text, (actor, kind)
            assert "110101********0070" in text
    assert not AccessLog.objects.exists()


def test_the_view_prints_in_full_for_the_reviewer_and_logs_the_reveal(
    centre, reviewer, viewer, login, settings
):
    from sifa.audit.models import AccessLog

    settings.SIFA_DOCUMENTS_FULL_ID_NUMBERS = ALL_TEMPLATES
    app = _documented(centre)

    response = login(viewer).get(_url(app, "decision"))
    assert response.status_code == 200
    assert APPLICANT_ID not in _text(response.content)
    assert not AccessLog.objects.exists()

    response = login(reviewer).get(_url(app, "decision"))
    assert APPLICANT_ID in _text(response.content)
    log = AccessLog.objects.get()
    assert (log.user, log.field, log.ip_address) == (reviewer, "id_number", "127.0.0.1")
