"""Application pages: own / parent / sibling access, list filters and export, registration
(also from a consultation), notification, the action pages, and one flow through the views
from registration to the archive."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sifa.legalaid.actions import applications as actions
from sifa.legalaid.constants import (
    Channel,
    CriminalStage,
    Matter,
    MatterType,
    NotifyingOrgan,
    Origin,
    Status,
)
from sifa.legalaid.models import Application, Assignment, Consultation
from sifa.legalaid.tests.factories import (
    make_application,
    make_centre,
    make_granted,
    make_handler,
    make_person,
    make_reviewer,
)
from sifa.legalaid.views.applications import ACTIONS
from sifa.people.models import Person

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
D = datetime.date


def resident_id(first17: str) -> str:
    """A valid 18-digit 身份证号码 (GB 11643 MOD 11-2 check character)."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


NEW_PERSON_ID = resident_id("33010219800101001")


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


@pytest.fixture
def application(centre, reviewer):
    return make_application(reviewer, centre)


def detail_url(application):
    return reverse("legalaid:application_detail", args=[application.pk])


def action_url(application, key):
    return reverse(f"legalaid:application_{key}", args=[application.pk])


# ---------------------------------------------------------------------------------------------
# Access trio


def _pages(application):
    return [
        detail_url(application),
        action_url(application, "decide"),
        action_url(application, "supplement"),
        action_url(application, "pre_aid"),
    ]


def test_pages_seen_by_own_office_and_parent(cast, application, reviewer, login):
    for user in (reviewer, cast.county_supervisor):
        client = login(user)
        for url in _pages(application):
            assert client.get(url).status_code == 200, (user, url)


def test_pages_not_found_from_a_sibling_office(cast, application, login):
    client = login(cast.township_clerk)  # township A1: a sibling of the centre under county A
    for url in _pages(application):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_action_pages_forbidden_to_viewers(cast, application, login):
    client = login(cast.city_leader)
    assert client.get(detail_url(application)).status_code == 200
    for key in ("decide", "supplement"):
        assert client.get(action_url(application, key)).status_code == 403
        assert client.post(action_url(application, key), {}).status_code == 403


def test_list_trio(cast, application, reviewer, login):
    for user in (reviewer, cast.county_supervisor):
        response = login(user).get(reverse("legalaid:application_list"))
        assert response.status_code == 200
        assert application.number in response.content.decode()
    response = login(cast.township_clerk).get(reverse("legalaid:application_list"))
    assert response.status_code == 200
    assert application.number not in response.content.decode()
    assert login(cast.public_user).get(reverse("legalaid:application_list")).status_code == 403


def test_register_pages_need_edit(cast, reviewer, login):
    for name in ("legalaid:application_register", "legalaid:notification_register"):
        assert login(reviewer).get(reverse(name)).status_code == 200
        assert login(cast.city_leader).get(reverse(name)).status_code == 403


# ---------------------------------------------------------------------------------------------
# List filters and export


def test_list_filters(cast, centre, reviewer, login):
    civil = make_application(reviewer, centre, received_on=D(2026, 3, 2))
    criminal = make_application(
        reviewer,
        centre,
        matter_type=MatterType.CRIMINAL,
        matter=Matter.CRIMINAL_DEFENCE,
        origin=Origin.FORWARDED,
        received_on=D(2026, 4, 10),
    )
    granted = make_granted(reviewer, centre, received_on=D(2026, 5, 1))
    other_centre = make_centre(cast.county_a)
    elsewhere = make_application(make_reviewer(other_centre), other_centre)
    client = login(cast.county_supervisor)
    url = reverse("legalaid:application_list")

    def numbers(**params):
        content = client.get(url, params).content.decode()
        return {a.number for a in (civil, criminal, granted, elsewhere) if a.number in content}

    assert numbers() == {civil.number, criminal.number, granted.number, elsewhere.number}
    assert numbers(status=Status.GRANTED) == {granted.number}
    assert numbers(matter_type=MatterType.CRIMINAL) == {criminal.number}
    assert numbers(origin=Origin.FORWARDED) == {criminal.number}
    assert numbers(within=other_centre.pk) == {elsewhere.number}
    assert numbers(date_from="2026-04-01", date_to="2026-04-30") == {criminal.number}
    assert numbers(date_from="2026-05-01", date_to="2026-04-01") == set()  # invalid: nothing


def test_export(centre, reviewer, login, application):
    response = login(reviewer).get(
        reverse("legalaid:application_export"), {"status": Status.RECEIVED}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "申请编号"
    assert [r[0] for r in rows[1:]] == [application.number]
    assert rows[1][5] == application.applicant.name
    assert rows[1][-3] == "审查决定"


# ---------------------------------------------------------------------------------------------
# Registration


def register_data(centre, **extra):
    data = {
        "office": centre.pk,
        "received_on": "2026-03-02",
        "origin": Origin.APPLICATION,
        "channel": Channel.VISIT,
        "id_number": NEW_PERSON_ID,
        "name": "孙某",
        "phone": "13800138000",
        "matter_type": MatterType.CIVIL,
        "matter": Matter.LABOUR_PAY,
        "facts": "被拖欠工资。",
        "adverse_party": "某公司",
        "amount_claimed": "30000",
        "groups": ["migrant_worker"],
        "materials_provided": ["法律援助申请表", "申请人身份证明"],
    }
    data.update(extra)
    return data


def test_register_with_a_new_person(centre, reviewer, login):
    response = login(reviewer).post(reverse("legalaid:application_register"), register_data(centre))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(application)
    assert application.applicant.name == "孙某"
    assert application.created_by == reviewer
    assert application.number == "330102-FY-2026-0001"  # SIFA_NUMBERING's default
    assert list(application.groups.values_list("group", flat=True)) == ["migrant_worker"]
    missing = [m.name for m in application.materials.all() if m.required and not m.provided_on]
    assert missing == ["经济困难状况说明表或个人诚信承诺书", "与所申请法律援助事项有关的材料"]
    page = login(reviewer).get(detail_url(application)).content.decode()
    assert NEW_PERSON_ID not in page  # masked
    assert NEW_PERSON_ID[:6] in page
    assert "审查决定" in page


def test_register_keeps_input_and_shows_errors(centre, reviewer, login):
    response = login(reviewer).post(
        reverse("legalaid:application_register"),
        register_data(centre, facts="", id_number="330102198001010019"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "请修改下面标出的内容后再保存。" in content
    assert "某公司" in content
    assert not Application.objects.exists()
    assert not Person.objects.filter(name="孙某").exists()


def test_the_form_names_a_new_person_and_the_action_registers_them(centre, reviewer, login):
    """Forms never write: the page's form only describes the applicant; registering the person
    is the action's, so a refused application leaves nobody in the registry."""
    url = reverse("legalaid:application_register")
    refused = login(reviewer).post(url, register_data(centre, agent_name="孙某某"))
    assert refused.status_code == 200
    assert "代为申请的，请填写代为申请人与申请人的关系。" in refused.content.decode()
    assert not Application.objects.exists()
    assert not Person.objects.filter(name="孙某").exists()

    response = login(reviewer).post(url, register_data(centre))
    assert response.status_code == 302
    person = Person.objects.get(name="孙某")
    assert person.id_number == NEW_PERSON_ID
    assert person.office == centre
    assert Application.objects.get().applicant == person


def test_register_from_a_consultation(cast, centre, reviewer, login):
    person = make_person(centre, name="周某")
    consultation = Consultation.objects.create(
        office=centre,
        channel=Channel.HOTLINE,
        consulted_at=timezone.now(),
        person=person,
        category="labour",
        question="公司拖欠工资怎么办？",
    )
    url = reverse("legalaid:application_register") + f"?consultation={consultation.pk}"
    page = login(reviewer).get(url).content.decode()
    assert "公司拖欠工资怎么办？" in page
    assert "周某" in page
    response = login(reviewer).post(
        url, register_data(centre, id_number="", name="", consultation=consultation.pk)
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.consultation == consultation
    assert application.applicant == person
    # A consultation out of sight is not found.
    assert login(cast.township_clerk).get(url).status_code == 404
    township_reviewer = make_reviewer(make_centre(cast.township_a1))
    assert login(township_reviewer).get(url).status_code == 404


def test_notification_register(centre, reviewer, login):
    data = {
        "office": centre.pk,
        "notified_on": "2026-03-05",
        "notifying_organ": NotifyingOrgan.COURT,
        "notifying_organ_name": "甲县人民法院",
        "criminal_stage": CriminalStage.TRIAL,
        "notification_ground": "被告人系盲人",
        "id_number": NEW_PERSON_ID,
        "name": "吴某",
        "matter": Matter.CRIMINAL_DEFENCE,
        "facts": "涉嫌盗窃罪。",
    }
    response = login(reviewer).post(reverse("legalaid:notification_register"), data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.status == Status.GRANTED
    assert application.origin == Origin.NOTIFICATION
    assert application.accepted_on == D(2026, 3, 5)


# ---------------------------------------------------------------------------------------------
# Action pages


def test_every_action_has_its_page(application, reviewer, login):
    client = login(reviewer)
    for action in ACTIONS:
        response = client.get(action_url(application, action.key))
        if action.available(application):
            assert response.status_code == 200, action.key
        else:  # not allowed in this status: back to the page with a message
            assert response.status_code == 302, action.key
            assert response.url == detail_url(application)


def test_refusal_without_reasons_is_shown_on_the_form(application, reviewer, login):
    response = login(reviewer).post(
        action_url(application, "decide"), {"decision": "refuse", "decided_on": "2026-03-05"}
    )
    assert response.status_code == 200
    assert "决定不予法律援助的，应当书面说明理由。" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_supplement_page_lists_the_missing_materials(application, reviewer, login):
    client = login(reviewer)
    page = client.get(action_url(application, "supplement")).content.decode()
    assert "经济困难状况说明表" in page
    response = client.post(
        action_url(application, "supplement"),
        {"requested_on": "2026-03-03", "due_on": "2026-03-13"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.AWAITING_SUPPLEMENT


def test_assign_page_shows_conflicts_and_saves_them(centre, reviewer, login):
    earlier = make_application(reviewer, centre, adverse_party="某建筑劳务公司")
    application = make_granted(reviewer, centre, adverse_party="某建筑劳务公司")
    _provider, handler = make_handler(centre)
    client = login(reviewer)
    page = client.get(action_url(application, "assign")).content.decode()
    assert "利益冲突审查" in page
    assert earlier.number in page
    assert handler.person.name in page
    response = client.post(
        action_url(application, "assign"),
        {"handler": handler.pk, "assigned_on": "2026-03-03", "conflict_note": "不影响承办"},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(application=application)
    assert earlier.number in assignment.conflict_note
    assert assignment.conflict_note.endswith("不影响承办")


def test_flow_through_the_views_to_the_archive(centre, reviewer, login):
    client = login(reviewer)
    application = make_application(reviewer, centre)
    _provider, handler = make_handler(centre)
    steps = [
        ("decide", {"decision": "grant", "decided_on": "2026-03-03"}, Status.GRANTED),
        ("assign", {"handler": handler.pk, "assigned_on": "2026-03-04"}, Status.ASSIGNED),
        ("agreement", {"signed_on": "2026-03-06"}, Status.IN_PROGRESS),
        ("event", {"kind": "meeting", "happened_on": "2026-03-07"}, Status.IN_PROGRESS),
        (
            "end",
            {"outcome": "won", "ended_on": "2026-04-20", "money_recovered": "30000"},
            Status.ENDED,
        ),
        ("closing_submit", {"submitted_on": "2026-05-06"}, Status.FILED_FOR_REVIEW),
        (
            "closing_review",
            {"decision": "return", "reviewed_on": "2026-05-08", "reason": "缺判决书"},
            Status.ENDED,
        ),
        ("closing_submit", {"submitted_on": "2026-05-10"}, Status.FILED_FOR_REVIEW),
        (
            "closing_review",
            {"decision": "approve", "reviewed_on": "2026-05-12", "archive_number": "A-1"},
            Status.ARCHIVED,
        ),
    ]
    for key, data, expected in steps:
        response = client.post(action_url(application, key), data)
        assert response.status_code == 302, (key, response.content.decode()[:2000])
        application.refresh_from_db()
        assert application.status == expected, key
    page = client.get(detail_url(application)).content.decode()
    assert "A-1" in page
    assert "会见" in page
    assert handler.person.name in page


def test_objection_and_terminate_pages(cast, centre, reviewer, login):
    client = login(reviewer)
    application = make_application(reviewer, centre)
    actions.application_decide(
        actor=reviewer,
        application=application,
        grant=False,
        decided_on=D(2026, 3, 5),
        refusal_reasons="不符合条件",
    )
    # 法律援助法 第49条: the centre neither sees the objection buttons nor may post them.
    page = client.get(detail_url(application)).content.decode()
    assert action_url(application, "objection") not in page
    assert "异议审查机关" in page and cast.county_a.name in page
    response = client.post(
        action_url(application, "objection"), {"filed_on": "2026-03-06", "reasons": "有异议"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.REFUSED
    # The 司法局 that set up the centre registers and decides it.
    client = login(cast.county_supervisor)
    page = client.get(detail_url(application)).content.decode()
    assert action_url(application, "objection") in page
    assert (
        client.post(
            action_url(application, "objection"), {"filed_on": "2026-03-06", "reasons": "有异议"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            action_url(application, "objection_decide"),
            {"result": "corrected", "decided_on": "2026-03-09"},
        ).status_code
        == 302
    )
    client = login(reviewer)
    application.refresh_from_db()
    assert application.status == Status.GRANTED
    _p, handler = make_handler(centre)
    client.post(
        action_url(application, "assign"), {"handler": handler.pk, "assigned_on": "2026-03-09"}
    )
    response = client.post(
        action_url(application, "terminate"), {"ground": "", "terminated_on": "2026-03-10"}
    )
    assert response.status_code == 200
    assert "第48条" in response.content.decode()
    response = client.post(
        action_url(application, "terminate"),
        {"ground": "own_lawyer", "terminated_on": "2026-03-10"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.TERMINATED


def test_pre_aid_page(centre, reviewer, login):
    application = make_application(reviewer, centre)
    _p, handler = make_handler(centre)
    response = login(reviewer).post(
        action_url(application, "pre_aid"),
        {"on": "2026-03-02", "reason": "距仲裁时效届满不足七日", "handler": handler.pk},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.ASSIGNED
    assert application.pre_aid


def test_detail_lists_quality_checks_and_complaints_with_links(application, reviewer, login):
    page = login(reviewer).get(detail_url(application)).content.decode()
    assert "质量检查" in page and "投诉" in page
    assert reverse("legalaid:quality_check_add", args=[application.pk]) in page
    assert reverse("legalaid:complaint_add", args=[application.pk]) in page


def test_foundation_flag_through_its_page(centre, reviewer, login):
    granted = make_granted(reviewer, centre)
    client = login(reviewer)
    assert "基金会资助" in client.get(detail_url(granted)).content.decode()  # the button
    response = client.post(action_url(granted, "foundation"), {"funded": "on", "note": ""})
    assert response.status_code == 302
    granted.refresh_from_db()
    assert granted.foundation_funded
    assert 'data-testid="foundation-funded"' in client.get(detail_url(granted)).content.decode()
