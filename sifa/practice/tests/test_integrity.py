"""The integrity file (诚信档案) and the public page (issue 18 item 5): what the file of an
institution and of a practitioner holds, who sees it, who writes rewards, service and
publications, and what the public page — no login — shows and never shows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from sifa.legalaid.actions.assignments import assignment_make
from sifa.legalaid.models import Handler
from sifa.legalaid.selectors.providers import handled_case_counts
from sifa.legalaid.tests.factories import make_centre, make_granted, make_provider, make_reviewer
from sifa.people.actions import PersonIdentity
from sifa.practice.actions.discipline import (
    complaint_conclude,
    complaint_investigate,
    complaint_receive,
    sanction_decide,
    sanction_propose,
)
from sifa.practice.actions.inspection import (
    assessment_save,
    inspection_open,
    submission_decide,
    submission_review,
    submission_submit,
)
from sifa.practice.actions.integrity import (
    complaint_publish,
    complaint_unpublish,
    public_service_record,
    reward_record,
)
from sifa.practice.actions.registers import practitioner_register, practitioner_transfer
from sifa.practice.constants import Category, PractitionerKind
from sifa.practice.constants_discipline import Authority, Channel, SanctionKind
from sifa.practice.constants_inspection import AssessmentResult, SubmissionStatus
from sifa.practice.constants_integrity import PublicServiceKind, RewardLevel
from sifa.practice.tests.conftest import licence, register_lawyer
from sifa.practice.tests.test_inspection import materials
from tests import imports

D = datetime.date
ID_NUMBER = imports.resident_id("19800202")
PHONE = "13912345678"
COMPLAINANT_ID = imports.resident_id("19700303")
SECRET_CONTENT = "投诉人称该律师私自收取现金八千元"
PUBLIC_SUMMARY = "该律师违规收费，已责令退还并给予警告。"


@pytest.fixture(autouse=True)
def _fresh_rate_window():
    """The public page counts requests per client address in the cache: start each test
    with an empty window (the test client's address is always the same)."""
    cache.clear()


@pytest.fixture
def file(practice, cast):
    """Firm A with a lawyer (known ID number and phone) who has everything a file can hold."""
    section = practice.section
    firm = practice.firm_a
    lawyer = practitioner_register(
        actor=section,
        institution=firm,
        identity=PersonIdentity(name="诚信律师", id_number=ID_NUMBER, phone=PHONE),
        licence_number=licence(),
        kind=PractitionerKind.FULL_TIME,
        licensed_on=D(2015, 3, 1),
    )
    colleague = register_lawyer(section, practice.firm_a2, name="转所律师")
    practitioner_transfer(
        actor=section,
        practitioner=colleague,
        to_institution=firm,
        moved_on=D(2026, 2, 1),
        reason="个人申请",
    )
    # The inspection of 2025: passed by the city.
    inspection = inspection_open(
        actor=cast.county_supervisor,
        office=cast.county_a,
        category=Category.LAW_FIRM,
        year=2025,
        on=D(2026, 3, 1),
    )
    submission = inspection.submissions.get(institution=firm)
    submission_submit(
        actor=practice.firm_a_admin, submission=submission, uploads=materials(), on=D(2026, 4, 1)
    )
    submission_review(
        actor=cast.county_supervisor, submission=submission, passed=True, on=D(2026, 4, 10)
    )
    submission_decide(actor=section, submission=submission, result="passed", on=D(2026, 4, 20))
    assessment_save(
        actor=section, practitioner=lawyer, year=2025, result=AssessmentResult.COMPETENT
    )
    reward_record(
        actor=section,
        institution=firm,
        title="优秀律师事务所",
        level=RewardLevel.CITY,
        awarded_by="测试市司法局",
        awarded_on=D(2026, 1, 15),
    )
    reward_record(
        actor=section,
        institution=firm,
        practitioner=lawyer,
        title="优秀公益律师",
        level=RewardLevel.ASSOCIATION,
        awarded_by="测试市律师协会",
        awarded_on=D(2026, 2, 10),
        document_number="测律协〔2026〕3号",
    )
    public_service_record(
        actor=section,
        institution=firm,
        practitioner=lawyer,
        kind=PublicServiceKind.CONSULTATION,
        served_on=D(2026, 3, 5),
        hours=Decimal("3.5"),
        persons=12,
        description="社区公益法律咨询",
    )
    # Two complaints: one substantiated (a warning follows), one not.
    complaint = complaint_receive(
        actor=section,
        institution=firm,
        practitioner=lawyer,
        received_on=D(2026, 3, 2),
        channel=Channel.LETTER,
        content=SECRET_CONTENT,
        complainant=PersonIdentity(name="投诉人甲", id_number=COMPLAINANT_ID),
    )
    complaint_investigate(actor=section, complaint=complaint, handler="王科长", on=D(2026, 3, 3))
    complaint_conclude(
        actor=section,
        complaint=complaint,
        substantiated=True,
        findings="查明违规收费八千元。",
        concluded_on=D(2026, 3, 20),
    )
    other = complaint_receive(
        actor=section,
        institution=firm,
        received_on=D(2026, 4, 2),
        channel=Channel.PHONE,
        content="服务态度不好",
    )
    complaint_investigate(actor=section, complaint=other, handler="王科长", on=D(2026, 4, 3))
    complaint_conclude(
        actor=section,
        complaint=other,
        substantiated=False,
        findings="未发现违规。",
        concluded_on=D(2026, 4, 20),
    )
    sanction = sanction_propose(
        actor=section,
        practitioner=lawyer,
        authority=Authority.ADMINISTRATIVE,
        kind=SanctionKind.WARNING,
        act_on=D(2026, 2, 1),
        facts="违规收费",
        complaint=complaint,
    )
    sanction_decide(
        actor=section,
        sanction=sanction,
        decided_on=D(2026, 4, 1),
        starts_on=D(2026, 4, 1),
        decision_number="测司罚〔2026〕7号",
    )
    # Legal aid: two cases assigned to the lawyer by a centre of county A.
    centre = make_centre(cast.county_a)
    reviewer = make_reviewer(centre)
    handler = Handler.objects.create(
        office=centre,
        provider=make_provider(centre),
        person=lawyer.person,
        kind="lawyer",
        criminal_defence_since=D(2015, 1, 1),
    )
    for _n in range(2):
        application = make_granted(reviewer, centre)
        assignment_make(
            actor=reviewer,
            application=application,
            provider=handler.provider,
            handler=handler,
            assigned_on=application.decided_on,
        )
    return {
        "firm": firm,
        "lawyer": lawyer,
        "colleague": colleague,
        "complaint": complaint,
        "other": other,
        "centre": centre,
        "reviewer": reviewer,
        "handler": handler,
    }


def results(response) -> str:
    """The public list's table of results (the query itself is echoed in the search box)."""
    html = response.content.decode()
    start = html.index('id="public-results"')
    return html[start : html.index("</table>", start)]


def page(client, name, pk) -> str:
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


class TestTheFile:
    def test_an_institutions_file_holds_its_history_results_and_records(
        self, file, practice, login
    ):
        html = page(login(practice.section), "practice:institution_file", file["firm"].pk)
        assert "转所律师" in html and str(practice.firm_a2) in html  # the move in
        assert "2025年度" in html and str(SubmissionStatus.PASSED.label) in html
        assert "优秀律师事务所" in html and "优秀公益律师" in html
        assert "测司罚〔2026〕7号" in html
        assert "投诉（受理 2 件，查实 1 件）" in html
        assert "共承办 2 件" in html
        assert "3.5" in html  # the service's hours in the year table
        assert "公开" in html  # the substantiated complaint may be published

    def test_a_practitioners_file_holds_his_licence_assessment_and_records(
        self, file, practice, login
    ):
        lawyer = file["lawyer"]
        html = page(login(practice.section), "practice:practitioner_file", lawyer.pk)
        assert lawyer.licence_number in html
        assert str(AssessmentResult.COMPETENT.label) in html
        assert "优秀公益律师" in html and "优秀律师事务所" not in html  # the firm's own reward
        assert "社区公益法律咨询" in html
        assert "测司罚〔2026〕7号" in html
        assert "投诉（受理 1 件，查实 1 件）" in html
        assert "共承办 2 件" in html

    def test_the_detail_pages_link_to_the_files(self, file, practice, login):
        client = login(practice.section)
        firm, lawyer = file["firm"], file["lawyer"]
        assert reverse("practice:institution_file", args=[firm.pk]) in page(
            client, "practice:institution_detail", firm.pk
        )
        assert reverse("practice:practitioner_file", args=[lawyer.pk]) in page(
            client, "practice:practitioner_detail", lawyer.pk
        )

    def test_another_firms_account_does_not_find_the_file(self, file, practice, login):
        client = login(practice.firm_a2_admin)
        for name, pk in (
            ("practice:institution_file", file["firm"].pk),
            ("practice:practitioner_file", file["lawyer"].pk),
            ("practice:reward_add", file["firm"].pk),
        ):
            assert client.get(reverse(name, args=[pk])).status_code == 404

    def test_the_firms_own_account_reads_its_file_without_the_bureaus_records(
        self, file, practice, login
    ):
        html = page(login(practice.firm_a_admin), "practice:institution_file", file["firm"].pk)
        assert "优秀律师事务所" in html and "2025年度" in html
        assert "测司罚〔2026〕7号" not in html  # sanctions are the bureau's
        assert "投诉（受理 0 件，查实 0 件）" in html
        assert reverse("practice:reward_add", args=[file["firm"].pk]) not in html


class TestRecording:
    def test_only_the_supervising_bureau_records_a_reward(self, file, practice):
        with pytest.raises((PermissionDenied, Http404)):  # the county is out of its sight
            reward_record(
                actor=practice.firm_a_admin,
                institution=file["firm"],
                title="自评优秀",
                level=RewardLevel.OTHER,
                awarded_by="本所",
                awarded_on=D(2026, 1, 1),
            )

    def test_a_reward_of_another_firms_lawyer_or_in_the_future_is_refused(self, file, practice):
        stranger = register_lawyer(practice.section, practice.firm_a2, name="外所律师")
        with pytest.raises(ValidationError) as refused:
            reward_record(
                actor=practice.section,
                institution=file["firm"],
                practitioner=stranger,
                title="优秀律师",
                level=RewardLevel.CITY,
                awarded_by="测试市司法局",
                awarded_on=D(2099, 1, 1),
            )
        assert "不在" in refused.value.message_dict["practitioner"][0]
        assert refused.value.message_dict["awarded_on"] == ["日期不能晚于今天。"]

    def test_the_reward_page_records_for_a_practitioner(self, file, practice, login):
        client = login(practice.section)
        url = reverse("practice:reward_add", args=[file["firm"].pk])
        form = client.get(url + f"?practitioner={file['lawyer'].pk}").content.decode()
        assert f'value="{file["lawyer"].pk}" selected' in form
        response = client.post(
            url,
            {
                "practitioner": file["lawyer"].pk,
                "title": "十佳律师",
                "level": RewardLevel.CITY,
                "awarded_by": "测试市司法局",
                "awarded_on": "2026-05-04",
            },
        )
        assert response.status_code == 302
        assert "十佳律师" in page(client, "practice:practitioner_file", file["lawyer"].pk)

    def test_the_service_page_refuses_zero_hours_on_its_field(self, file, practice, login):
        client = login(practice.section)
        response = client.post(
            reverse("practice:public_service_add", args=[file["firm"].pk]),
            {
                "kind": PublicServiceKind.EDUCATION,
                "served_on": "2026-05-04",
                "hours": "0",
                "description": "普法讲座",
            },
        )
        assert response.status_code == 200
        assert "服务时长应大于0小时。" in response.content.decode()

    def test_only_a_substantiated_complaint_can_be_published(self, file, practice):
        with pytest.raises(ValidationError) as refused:
            complaint_publish(actor=practice.section, complaint=file["other"], summary="态度问题")
        assert "只有查实" in refused.value.message_dict["summary"][0]
        with pytest.raises((PermissionDenied, Http404)):
            complaint_publish(actor=practice.firm_a_admin, complaint=file["complaint"], summary="x")


class TestLegalAidCounts:
    def test_a_replaced_handler_no_longer_counts_the_case(self, file, cast):
        lawyer, reviewer, centre = file["lawyer"], file["reviewer"], file["centre"]
        other_handler = Handler.objects.create(
            office=centre,
            provider=file["handler"].provider,
            person=file["colleague"].person,
            kind="lawyer",
            criminal_defence_since=D(2015, 1, 1),
        )
        application = make_granted(reviewer, centre)
        for handler in (file["handler"], other_handler):
            assignment_make(
                actor=reviewer,
                application=application,
                provider=handler.provider,
                handler=handler,
                assigned_on=application.decided_on,
            )
            application.refresh_from_db()
        counted = handled_case_counts([lawyer.person_id, file["colleague"].person_id])
        assert counted[lawyer.person_id].assigned == 2
        assert counted[file["colleague"].person_id].assigned == 1
        assert counted[lawyer.person_id].by_year == {application.decided_on.year: 2}


class TestPublicPage:
    def test_search_by_name_and_by_licence_number_without_login(self, file, client):
        lawyer = file["lawyer"]
        url = reverse("practice_public:search")
        by_name = client.get(url, {"q": "诚信"}).content.decode()
        assert "诚信律师" in by_name and lawyer.licence_number in by_name
        assert "转所律师" not in by_name
        by_number = client.get(url, {"q": lawyer.licence_number}).content.decode()
        assert "诚信律师" in by_number and "转所律师" not in by_number
        partial = client.get(url, {"q": lawyer.licence_number[:8]}).content.decode()
        assert "诚信律师" not in partial  # a licence number is matched whole
        firms = client.get(url, {"kind": "institutions", "q": str(file["firm"])}).content
        assert str(file["firm"]) in firms.decode() and "2025年度 合格" in firms.decode()
        by_code = client.get(url, {"kind": "institutions", "q": file["firm"].licence_number})
        assert str(file["firm"]) in by_code.content.decode()

    def test_the_list_is_paged(self, file, client, settings):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sifa.practice.views.public.PER_PAGE", 1)
            html = client.get(reverse("practice_public:search")).content.decode()
        assert "第 1 / 2 页" in html and "下一页" in html

    def test_nothing_unpublishable_is_shown(self, file, practice, client):
        lawyer, complaint = file["lawyer"], file["complaint"]
        pages = [
            client.get(reverse("practice_public:search"), {"q": "诚信律师"}),
            client.get(reverse("practice_public:practitioner", args=[lawyer.pk])),
            client.get(reverse("practice_public:institution", args=[file["firm"].pk])),
        ]
        for response in pages:
            html = response.content.decode()
            assert response.status_code == 200
            for secret in (ID_NUMBER, PHONE, COMPLAINANT_ID, "投诉人甲", SECRET_CONTENT):
                assert secret not in html
            assert "服务态度不好" not in html and "查明违规收费" not in html
        detail = pages[1].content.decode()
        assert "没有公开的投诉。" in detail  # substantiated, but not published
        assert "测司罚〔2026〕7号" in detail and "警告" in detail  # a decided sanction is public
        assert "违规收费" not in detail  # …without its facts
        complaint_publish(actor=practice.section, complaint=complaint, summary=PUBLIC_SUMMARY)
        detail = client.get(reverse("practice_public:practitioner", args=[lawyer.pk]))
        html = detail.content.decode()
        assert PUBLIC_SUMMARY in html and SECRET_CONTENT not in html and COMPLAINANT_ID not in html
        complaint_unpublish(actor=practice.section, complaint=complaint, reason="复议撤销")
        html = client.get(reverse("practice_public:practitioner", args=[lawyer.pk])).content
        assert PUBLIC_SUMMARY not in html.decode()

    def test_the_published_fields_are_a_setting(self, file, client, settings):
        lawyer, firm = file["lawyer"], file["firm"]
        firm.address = "测试市中山路1号"
        firm.save()
        html = client.get(reverse("practice_public:practitioner", args=[lawyer.pk])).content
        assert lawyer.licence_number in html.decode() and "测司罚〔2026〕7号" in html.decode()
        settings.SIFA_PRACTICE_PUBLIC_FIELDS = ("status", "address")
        html = client.get(reverse("practice_public:practitioner", args=[lawyer.pk])).content
        assert lawyer.licence_number not in html.decode()
        assert "测司罚〔2026〕7号" not in html.decode()
        assert 'id="public-sanctions"' not in html.decode()
        assert 'data-field="status"' in html.decode()
        listed = client.get(reverse("practice_public:search"), {"q": lawyer.licence_number})
        table = results(listed)
        assert "诚信律师" in table  # still found by the number, which the list does not show
        assert lawyer.licence_number not in table
        firm_page = client.get(reverse("practice_public:institution", args=[firm.pk]))
        assert "测试市中山路1号" in firm_page.content.decode()
        assert "2025年度" not in firm_page.content.decode()

    def test_an_old_warning_leaves_the_page_and_a_running_suspension_shows(
        self, file, practice, client, settings
    ):
        lawyer = file["lawyer"]
        settings.SIFA_PRACTICE_PUBLIC_SANCTION_YEARS = 0
        html = client.get(reverse("practice_public:practitioner", args=[lawyer.pk])).content
        assert "测司罚〔2026〕7号" not in html.decode()
        suspension = sanction_propose(
            actor=practice.section,
            practitioner=lawyer,
            authority=Authority.ADMINISTRATIVE,
            kind=SanctionKind.SUSPENSION,
            months=12,
            act_on=D(2026, 5, 1),
            facts="再次违规收费",
        )
        today = datetime.date.today()
        sanction_decide(
            actor=practice.section,
            sanction=suspension,
            decided_on=today,
            starts_on=today,
            decision_number="测司罚〔2026〕9号",
        )
        html = client.get(reverse("practice_public:practitioner", args=[lawyer.pk])).content
        assert "测司罚〔2026〕9号" in html.decode() and "停止执业（至" in html.decode()

    def test_an_unknown_record_is_not_found_and_too_many_requests_are_refused(
        self, file, client, settings
    ):
        assert client.get(reverse("practice_public:practitioner", args=[999999])).status_code == 404
        settings.SIFA_PRACTICE_PUBLIC_RATE = (2, 60)
        cache.clear()
        url = reverse("practice_public:search")
        assert [client.get(url).status_code for _n in range(3)] == [200, 200, 429]

    def test_a_logged_in_user_sees_the_public_layout(self, file, practice, login):
        html = login(practice.section).get(reverse("practice_public:search")).content.decode()
        assert "sifa-public" in html and "执业诚信信息查询" in html
