"""Case pages: own / parent / sibling access, registration with parties, actions, documents,
and one flow through the views from registration to the agreement document."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from config.sifa_settings import default
from sifa.audit.models import AccessLog
from sifa.core.models import CodeItem, CodeList
from sifa.mediation.actions.cases import agreement_record
from sifa.mediation.constants import AgreementForm, CaseStatus, PartyKind, PartyRole
from sifa.mediation.models import CaseEvent, MediationCase
from sifa.mediation.tests.factories import (
    make_case,
    make_case_in_mediation,
    make_committee,
    make_mediator,
)
from sifa.people.models import Person

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(first17: str) -> str:
    """A valid 18-digit 身份证号码 (GB 11643 MOD 11-2 check character)."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


NEW_PERSON_ID = resident_id("33010219800101001")
OTHER_PERSON_ID = resident_id("33010219850505002")


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1)


@pytest.fixture
def case(cast, committee):
    return make_case(cast.township_clerk, committee)


# ---------------------------------------------------------------------------------------------
# Access trio on every page


def _pages(case):
    """Every GET page of one case (the action pages are checked where the action is allowed)."""
    return [
        reverse("mediation:case_detail", args=[case.pk]),
        reverse("mediation:case_registration_docx", args=[case.pk]),
        reverse("mediation:case_start", args=[case.pk]),
        reverse("mediation:case_refuse", args=[case.pk]),
        reverse("mediation:case_not_accept", args=[case.pk]),
        reverse("mediation:case_risk", args=[case.pk]),
    ]


def test_case_pages_own_office_and_parent_see_them(cast, case, login):
    for user in (cast.township_clerk, cast.county_supervisor):
        client = login(user)
        for url in _pages(case):
            assert client.get(url).status_code == 200, (user, url)


def test_case_pages_are_not_found_from_the_sibling_office(cast, case, login):
    client = login(cast.sibling_clerk)
    for url in _pages(case):
        assert client.get(url).status_code == 404, url
        if "docx" not in url and url != reverse("mediation:case_detail", args=[case.pk]):
            assert client.post(url, {}).status_code == 404, url


def test_action_pages_are_forbidden_without_edit(cast, case, login):
    client = login(cast.city_leader)  # 局领导: sees, does not edit
    assert client.get(reverse("mediation:case_detail", args=[case.pk])).status_code == 200
    for key in ("start", "refuse", "not_accept", "risk"):
        url = reverse(f"mediation:case_{key}", args=[case.pk])
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"on": days_ago(0).isoformat()}).status_code == 403, url
    assert client.get(reverse("mediation:case_register")).status_code == 403
    assert client.post(reverse("mediation:case_register"), {}).status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED


def test_list_and_register_trio(cast, case, login):
    list_url = reverse("mediation:case_list")
    for user in (cast.township_clerk, cast.county_supervisor):
        response = login(user).get(list_url)
        assert response.status_code == 200
        assert case.number in response.content.decode()
        assert login(user).get(reverse("mediation:case_register")).status_code == 200
    sibling = login(cast.sibling_clerk).get(list_url)
    assert sibling.status_code == 200
    assert case.number not in sibling.content.decode()
    assert login(cast.public_user).get(list_url).status_code == 403
    assert login(cast.public_user).get(reverse("mediation:case_export")).status_code == 403


def test_register_offers_only_committees_the_user_may_edit(cast, committee, login):
    other = make_committee(cast.township_a2)
    response = login(cast.township_clerk).get(reverse("mediation:case_register"))
    offices = list(response.context["form"].fields["office"].queryset)
    assert committee in offices and other not in offices


# ---------------------------------------------------------------------------------------------
# List: filters, markers, export


def test_list_filters_by_status_type_text_and_period(cast, committee, login):
    old = make_case(cast.township_clerk, committee, received_on=days_ago(60))
    recent = make_case(
        cast.township_clerk, committee, received_on=days_ago(2), dispute_type="contract"
    )
    make_case_in_mediation(cast.township_clerk, committee, received_on=days_ago(3))
    client = login(cast.township_clerk)

    def numbers(**params):
        response = client.get(reverse("mediation:case_list"), params)
        return {c.number for c in response.context["cases"]}

    assert numbers(dispute_type="contract") == {recent.number}
    assert old.number in numbers(status=CaseStatus.REGISTERED)
    assert recent.number in numbers(status=CaseStatus.REGISTERED)
    assert all(
        MediationCase.objects.get(number=n).status == CaseStatus.IN_MEDIATION
        for n in numbers(status=CaseStatus.IN_MEDIATION)
    )
    assert numbers(q=recent.number) == {recent.number}
    assert numbers(date_from=days_ago(10).isoformat(), date_to=days_ago(1).isoformat()) == {
        recent.number,
        *numbers(status=CaseStatus.IN_MEDIATION),
    }
    assert numbers(within=cast.township_a2.pk) == set()


def test_list_marks_cases_past_the_one_month_target(cast, committee, login):
    overdue = make_case(cast.township_clerk, committee, received_on=days_ago(60))
    fresh = make_case(cast.township_clerk, committee, received_on=days_ago(1))
    response = login(cast.township_clerk).get(reverse("mediation:case_list"))
    states = {c.number: c.due_state for c in response.context["cases"]}
    assert states[overdue.number] == "overdue"
    assert states[fresh.number] is None
    assert "已超期" in response.content.decode()


def test_export_is_the_filtered_list_with_chinese_headers(cast, committee, login):
    wanted = make_case(cast.township_clerk, committee, dispute_type="contract")
    other = make_case(cast.township_clerk, committee)
    response = login(cast.township_clerk).get(
        reverse("mediation:case_export"), {"dispute_type": "contract"}
    )
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("案件编号", "调解组织", "受理日期")
    numbers = [row[0] for row in rows[1:]]
    assert numbers == [wanted.number]
    assert other.number not in numbers
    assert rows[1][5] == "合同纠纷"


# ---------------------------------------------------------------------------------------------
# Registration


def _register_data(committee, parties, **case_fields):
    data = {
        "office": committee.pk,
        "received_on": days_ago(1).isoformat(),
        "source": "application",
        "referred_by": "",
        "dispute_type": "neighbourhood",
        "facts": "两家因宅基地边界发生争执。",
        "claims": "请求确定边界。",
        "amount": "0",
        "persons_involved": "2",
        "parties-TOTAL_FORMS": str(len(parties)),
        "parties-INITIAL_FORMS": "2",
        "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "20",
    }
    data.update(case_fields)
    blank = dict.fromkeys(
        ("role", "kind", "id_number", "name", "phone", "organisation", "credit_code", "agent"), ""
    )
    for i, party in enumerate(parties):
        for key, value in {**blank, **party}.items():
            data[f"parties-{i}-{key}"] = value
    return data


def _natural(role, id_number, name="", phone=""):
    return {
        "role": role,
        "kind": PartyKind.NATURAL,
        "id_number": id_number,
        "name": name,
        "phone": phone,
    }


def _legal(role, organisation):
    return {"role": role, "kind": PartyKind.LEGAL, "organisation": organisation}


def test_register_finds_one_person_and_registers_another(cast, committee, login):
    client = login(cast.township_clerk)
    client.post(  # a person already in the registry
        reverse("people:person_create"),
        {"office": committee.pk, "name": "王五", "doc_type": "resident_id",
         "id_number": OTHER_PERSON_ID},
    )  # fmt: skip
    known = Person.objects.get(name="王五")
    data = _register_data(
        committee,
        [
            _natural(PartyRole.APPLICANT, NEW_PERSON_ID, "赵六", "13900001111"),
            _natural(PartyRole.RESPONDENT, OTHER_PERSON_ID.lower()),
            _legal(PartyRole.THIRD_PARTY, "某建筑公司"),
        ],
    )
    data["parties-TOTAL_FORMS"] = "3"

    response = client.post(reverse("mediation:case_register"), data)

    case = MediationCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mediation:case_detail", args=[case.pk])
    parties = list(case.parties.order_by("id"))
    assert [p.role for p in parties] == [
        PartyRole.APPLICANT,
        PartyRole.RESPONDENT,
        PartyRole.THIRD_PARTY,
    ]
    new_person = parties[0].person
    assert new_person.name == "赵六" and new_person.id_number == NEW_PERSON_ID
    assert new_person.office == committee
    assert parties[1].person == known
    assert parties[2].organisation == "某建筑公司"
    assert case.events.get().to_status == CaseStatus.REGISTERED
    assert case.number == f"330102-TJ-{days_ago(1).year}-0001"  # SIFA_NUMBERING's default


def test_register_numbers_the_case_by_the_configured_pattern(cast, committee, login, settings):
    settings.SIFA_NUMBERING = {
        **default("SIFA_NUMBERING"),
        "mediation.mediationcase": "调{office}〔{year}〕{seq:03d}号",
    }
    data = _register_data(
        committee,
        [
            _natural(PartyRole.APPLICANT, NEW_PERSON_ID, "赵六", "13900001111"),
            _legal(PartyRole.RESPONDENT, "某建筑公司"),
        ],
        received_on="2026-01-05",
    )

    response = login(cast.township_clerk).post(reverse("mediation:case_register"), data)

    case = MediationCase.objects.get()
    assert response["Location"] == reverse("mediation:case_detail", args=[case.pk])
    assert case.number == f"调{committee.code}〔2026〕001号"


def test_register_with_errors_keeps_input_and_saves_nothing(cast, committee, login):
    data = _register_data(
        committee,
        [
            _natural(PartyRole.APPLICANT, NEW_PERSON_ID, "赵六", "13900001111"),
            _natural(PartyRole.RESPONDENT, OTHER_PERSON_ID),  # unknown number, no name
        ],
        facts="",
    )
    response = login(cast.township_clerk).post(reverse("mediation:case_register"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写姓名以便登记" in page
    assert NEW_PERSON_ID in page and "赵六" in page  # what was typed stays
    assert not MediationCase.objects.exists()
    assert not Person.objects.exists()


def test_register_refused_by_the_action_rolls_back_new_persons(cast, committee, login):
    data = _register_data(
        committee,
        [  # no 申请人: the action refuses, after the new person was registered
            _natural(PartyRole.RESPONDENT, NEW_PERSON_ID, "赵六"),
            _legal(PartyRole.RESPONDENT, "某公司"),
        ],
    )
    response = login(cast.township_clerk).post(reverse("mediation:case_register"), data)

    assert response.status_code == 200
    assert "当事人中至少应有一名申请人" in response.content.decode()
    assert not MediationCase.objects.exists()
    assert not Person.objects.exists()


def test_register_needs_two_parties_and_can_add_rows(cast, committee, login):
    client = login(cast.township_clerk)
    one = _register_data(committee, [_legal(PartyRole.APPLICANT, "某公司")])
    response = client.post(reverse("mediation:case_register"), one)
    assert response.status_code == 200
    assert not MediationCase.objects.exists()

    two = _register_data(
        committee,
        [_legal(PartyRole.APPLICANT, "甲公司"), _legal(PartyRole.RESPONDENT, "乙公司")],
    )
    two["add_party"] = "1"
    response = client.post(reverse("mediation:case_register"), two)
    assert len(response.context["formset"].forms) == 3
    assert "甲公司" in response.content.decode()
    assert not MediationCase.objects.exists()


# ---------------------------------------------------------------------------------------------
# Detail and actions


def test_detail_shows_masked_numbers_history_and_allowed_buttons(cast, committee, login):
    client = login(cast.township_clerk)
    client.post(
        reverse("mediation:case_register"),
        _register_data(
            committee,
            [
                _natural(PartyRole.APPLICANT, NEW_PERSON_ID, "赵六", "13900001111"),
                _legal(PartyRole.RESPONDENT, "某公司"),
            ],
        ),
    )
    case = MediationCase.objects.get()

    response = client.get(reverse("mediation:case_detail", args=[case.pk]))

    page = response.content.decode()
    assert NEW_PERSON_ID not in page and "13900001111" not in page
    assert NEW_PERSON_ID[:6] + "********" + NEW_PERSON_ID[-4:] in page
    assert "修改记录" in page
    keys = {b.key for b in response.context["buttons"]}
    assert keys == {"start", "refuse", "not_accept", "risk"}
    leader = login(cast.city_leader).get(reverse("mediation:case_detail", args=[case.pk]))
    assert leader.context["buttons"] == []


def test_buttons_follow_the_state(cast, committee, login):
    case = make_case_in_mediation(cast.township_clerk, committee, received_on=days_ago(5))
    response = login(cast.township_clerk).get(reverse("mediation:case_detail", args=[case.pk]))
    assert {b.key for b in response.context["buttons"]} == {
        "session",
        "agreement",
        "fail",
        "refuse",
        "risk",
    }


def test_action_not_allowed_from_the_state_redirects_with_a_message(cast, case, login):
    client = login(cast.township_clerk)
    response = client.get(reverse("mediation:case_agreement", args=[case.pk]), follow=True)
    assert "不能执行" in response.content.decode()
    assert client.post(reverse("mediation:case_archive", args=[case.pk]), {}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED


def test_action_errors_are_shown_in_chinese(cast, committee, login):
    case = make_case_in_mediation(cast.township_clerk, committee, received_on=days_ago(5))
    data = {
        "form": AgreementForm.WRITTEN,
        "reached_on": days_ago(1).isoformat(),
        "terms": "赔偿1000元。",
        "amount": "1000",
        "parties_signed_on": days_ago(1).isoformat(),
        "mediator_signed_on": days_ago(1).isoformat(),
    }
    response = login(cast.township_clerk).post(
        reverse("mediation:case_agreement", args=[case.pk]), data
    )
    assert response.status_code == 200
    assert "书面协议须加盖人民调解委员会印章" in response.content.decode()
    assert "赔偿1000元。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION


def test_start_offers_only_mediators_of_the_committee(cast, committee, case, login):
    own = make_mediator(committee, name="本会调解员")
    make_mediator(make_committee(cast.township_a1), name="他会调解员")
    response = login(cast.township_clerk).get(reverse("mediation:case_start", args=[case.pk]))
    assert list(response.context["form"].fields["mediators"].queryset) == [own]


def test_refuse_closes_the_case(cast, case, login):
    response = login(cast.county_supervisor).post(
        reverse("mediation:case_refuse", args=[case.pk]),
        {"on": days_ago(0).isoformat(), "reason": "被申请人明确拒绝调解。"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED_REFUSED
    assert case.events.last().reason == "被申请人明确拒绝调解。"


def test_after_agreement_performance_confirmation_follow_up_and_archive(cast, committee, login):
    case = make_case_in_mediation(cast.township_clerk, committee, received_on=days_ago(10))
    agreement_record(
        actor=cast.township_clerk,
        case=case,
        form=AgreementForm.ORAL,
        reached_on=days_ago(5),
        terms="当场赔偿200元。",
        amount=200,
    )
    client = login(cast.township_clerk)

    def post(key, data):
        response = client.post(reverse(f"mediation:case_{key}", args=[case.pk]), data)
        assert response.status_code == 302, response.content.decode()

    post("performance", {"performance": "performed", "performed_on": days_ago(5).isoformat(),
                         "amount_performed": "200"})  # fmt: skip
    consent = {"applicant_consented": "on", "respondent_consented": "on"}
    post("confirmation_apply", {"applied_on": days_ago(4).isoformat(), "court": "甲县人民法院",
                                **consent})  # fmt: skip
    post("confirmation_decide", {"decision": "confirmed", "decided_on": days_ago(2).isoformat(),
                                 "court_case_number": "（2026）甲0102民特1号"})  # fmt: skip
    post("follow_up", {"visited_on": days_ago(1).isoformat(), "method": "电话",
                       "performance": "performed", "satisfied": "true",
                       "notes": "已履行。"})  # fmt: skip
    post("archive", {"on": days_ago(0).isoformat()})

    case.refresh_from_db()
    assert case.status == CaseStatus.ARCHIVED
    assert case.agreement.performance == "performed"
    assert case.agreement.confirmations.get().decision == "confirmed"
    assert case.follow_ups.get().satisfied is True
    page = client.get(reverse("mediation:case_detail", args=[case.pk])).content.decode()
    assert "（2026）甲0102民特1号" in page and "已履行。" in page


def test_risk_flag_with_police_report(cast, case, login):
    response = login(cast.township_clerk).post(
        reverse("mediation:case_risk", args=[case.pk]),
        {"flags": ["may_become_crime"], "reported_to_police_on": days_ago(0).isoformat(),
         "reported_to": "甲一镇派出所"},
    )  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.risk_flags == ["may_become_crime"]
    assert case.reported_to == "甲一镇派出所"


# ---------------------------------------------------------------------------------------------
# Documents


def test_agreement_document_needs_an_agreement(cast, case, login):
    url = reverse("mediation:case_agreement_docx", args=[case.pk])
    assert login(cast.township_clerk).get(url).status_code == 404


def test_document_downloads_have_a_chinese_filename(cast, case, login):
    response = login(cast.township_clerk).get(
        reverse("mediation:case_registration_docx", args=[case.pk])
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E4%BA%BA%E6%B0%91%E8%B0%83%E8%A7%A3" in disposition  # 人民调解
    assert Document(BytesIO(response.content)).paragraphs[0].text == "人民调解受理登记表"


# ---------------------------------------------------------------------------------------------
# The whole flow through the views


def test_flow_register_start_session_agreement_download(cast, committee, login):
    mediator = make_mediator(committee, name="孙调解")
    client = login(cast.township_clerk)

    response = client.post(
        reverse("mediation:case_register"),
        _register_data(
            committee,
            [
                _natural(PartyRole.APPLICANT, NEW_PERSON_ID, "赵六", "13900001111"),
                _natural(PartyRole.RESPONDENT, OTHER_PERSON_ID, "钱七", "13900002222"),
            ],
            received_on=days_ago(6).isoformat(),
        ),
    )
    case = MediationCase.objects.get()
    assert response["Location"] == reverse("mediation:case_detail", args=[case.pk])

    response = client.post(
        reverse("mediation:case_start", args=[case.pk]),
        {"mediators": [mediator.pk], "on": days_ago(5).isoformat()},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("mediation:case_session", args=[case.pk]),
        {
            "held_at": f"{days_ago(4).isoformat()}T09:30",
            "place": "甲一镇调解室",
            "participants": "赵六、钱七、孙调解",
            "summary": "双方陈述意见，同意以现状为界。",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("mediation:case_agreement", args=[case.pk]),
        {
            "form": AgreementForm.WRITTEN,
            "reached_on": days_ago(3).isoformat(),
            "facts_and_issues": "双方对宅基地边界有争议。",
            "terms": "一、以现有围墙为界。\n二、钱七补偿赵六500元。",
            "performance_method": "现金",
            "performance_deadline": days_ago(0).isoformat(),
            "amount": "500",
            "parties_signed_on": days_ago(3).isoformat(),
            "mediator_signed_on": days_ago(3).isoformat(),
            "sealed_on": days_ago(2).isoformat(),
        },
    )
    assert response.status_code == 302

    case.refresh_from_db()
    assert case.status == CaseStatus.AGREED
    assert case.closed_on == days_ago(2)
    assert list(CaseEvent.objects.filter(case=case).values_list("to_status", flat=True)) == [
        CaseStatus.REGISTERED,
        CaseStatus.IN_MEDIATION,
        CaseStatus.AGREED,
    ]
    detail = client.get(reverse("mediation:case_detail", args=[case.pk])).content.decode()
    assert "双方陈述意见，同意以现状为界。" in detail
    assert reverse("mediation:case_agreement_docx", args=[case.pk]) in detail

    response = client.get(reverse("mediation:case_agreement_docx", args=[case.pk]))
    assert response.status_code == 200
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert case.number in text
    assert "赵六" in text and "钱七" in text
    assert "二、钱七补偿赵六500元。" in text
    assert f"{days_ago(2).year}年{days_ago(2).month}月{days_ago(2).day}日" in text
    # The 协议书 carries full numbers (SIFA_DOCUMENTS_FULL_ID_NUMBERS) for the clerk who
    # handles the case, and the reveal is logged.
    assert NEW_PERSON_ID in text
    assert AccessLog.objects.filter(user=cast.township_clerk, field="id_number").exists()


# ---------------------------------------------------------------------------------------------
# Navigation


def test_menu_offers_cases_to_viewers_and_registration_to_editors(cast, login):
    def menu(user):
        response = login(user).get(reverse("mediation:case_list"))
        return {item["url"] for s in response.context["nav_sections"] for item in s["items"]}

    assert {reverse("mediation:case_list"), reverse("mediation:case_register")} <= menu(
        cast.township_clerk
    )
    leader_menu = menu(cast.city_leader)
    assert reverse("mediation:case_list") in leader_menu
    assert reverse("mediation:case_register") not in leader_menu


def test_register_page_says_when_no_committee_is_in_reach(cast, login):
    response = login(cast.sibling_clerk).get(reverse("mediation:case_register"))
    assert "没有人民调解委员会" in response.content.decode()


def test_register_with_a_number_registered_out_of_sight_proceeds_as_with_a_new_one(
    cast, committee, login
):
    """Issue 14, item 8: the form neither refuses nor mentions the other office's entry; the
    party is registered in the committee's office as a new person would be."""
    hidden = Person(office=cast.township_b1, name="远方人", doc_type="resident_id")
    hidden.set_id_number(NEW_PERSON_ID)
    hidden.save()
    data = _register_data(
        committee,
        [
            _natural(PartyRole.APPLICANT, NEW_PERSON_ID, "赵六"),
            _legal(PartyRole.RESPONDENT, "某公司"),
        ],
    )
    response = login(cast.township_clerk).post(
        reverse("mediation:case_register"), data, follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "其他机构" not in page and "远方人" not in page
    assert MediationCase.objects.count() == 1
    party = Person.objects.exclude(pk=hidden.pk).get()
    assert (party.name, party.id_number) == ("赵六", NEW_PERSON_ID)
    assert Person.objects.get(pk=hidden.pk).name == "远方人"


def test_confirmation_form_refuses_without_the_respondents_consent(cast, committee, login):
    """人民调解法 第33条: the form records each side's consent; one missing is refused."""
    case = make_case_in_mediation(cast.township_clerk, committee, received_on=days_ago(10))
    agreement_record(
        actor=cast.township_clerk,
        case=case,
        form=AgreementForm.ORAL,
        reached_on=days_ago(5),
        terms="当场赔偿200元。",
        amount=200,
    )
    url = reverse("mediation:case_confirmation_apply", args=[case.pk])
    data = {"applied_on": days_ago(4).isoformat(), "court": "甲县人民法院"}
    response = login(cast.township_clerk).post(url, {**data, "applicant_consented": "on"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["respondent_consented"] == [
        "司法确认须由双方当事人共同申请：被申请人一方未同意。"
    ]
    assert "被申请人一方同意申请司法确认" in response.content.decode()
    assert not case.agreement.confirmations.exists()


def test_not_accept_form_offers_the_administrators_list_of_not_mediable_matters(cast, case, login):
    """PM-24: the 不予受理 form lists the code table mediation_not_mediable as it is now."""
    code_list = CodeList.objects.get(key="mediation_not_mediable")
    CodeItem.objects.create(code_list=code_list, code="land_title", name="土地、山林权属争议")
    url = reverse("mediation:case_not_accept", args=[case.pk])
    client = login(cast.township_clerk)
    page = client.get(url).content.decode()
    assert "土地、山林权属争议" in page
    assert "人民法院、公安机关或者其他行政机关已经受理或者解决的" in page
    data = {"on": case.received_on.isoformat(), "referral_note": "已告知向镇政府申请处理。"}
    response = client.post(url, data)
    assert response.context["form"].errors["matter"] == ["该字段是必填项。"]
    assert client.post(url, {**data, "matter": "land_title"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED_NOT_ACCEPTED
    assert case.not_mediable_matter == "land_title"
