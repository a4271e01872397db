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
