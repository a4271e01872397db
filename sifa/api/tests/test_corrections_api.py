"""Contract tests of the corrections exchanges of /api/v1/ (社区矫正): a commission of an
investigation assessment and its result and adoption, a judgment notice that opens an intake,
and the phone client's check-ins — each through the line's actions, within the client's scope
(cast.county_a) and purpose, idempotent, and logged."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sifa.api.models import ApiRequestLog
from sifa.core.deadlines import compute
from sifa.core.masking import mask_id_number
from sifa.corrections.actions.investigations import investigation_complete
from sifa.corrections.actions.subjects import subject_report
from sifa.corrections.constants import (
    INVESTIGATION_RULE,
    INVESTIGATION_SUMMARY_RULE,
    REPORT_RULE,
    AlertKind,
    InvestigationResult,
    Status,
)
from sifa.corrections.models import Alert, CheckIn, Geofence, Investigation, Subject
from sifa.corrections.tests.factories import make_active_subject, make_subject, make_worker
from sifa.people.models import Person

pytestmark = pytest.mark.django_db

COMMISSIONS = reverse("api:investigations")
NOTICES = reverse("api:judgment_notices")
CHECK_INS = reverse("api:check_ins")
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
INSIDE = (30.2800, 120.1600)
OUTSIDE = (31.2304, 121.4737)  # 上海, ~164 km from the fence's centre
_serial = itertools.count(1)


def resident_id(first17: str) -> str:
    """A valid 18-digit 身份证号码 (GB 11643 MOD 11-2 check character)."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


ADULT_MAN = resident_id("33010219850601001")  # born 1985-06-01, odd sequence → male
ADULT_WOMAN = resident_id("33010219900315002")  # born 1990-03-15, even → female


def commission_url(number) -> str:
    return reverse("api:investigation", args=[number])


def adoption_url(number) -> str:
    return reverse("api:investigation_adoption", args=[number])


def notice_url(number) -> str:
    return reverse("api:judgment_notice", args=[number])


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def court(make_client, caller, cast):
    """甲县人民法院: scoped to county A, commissions assessments and sends judgments."""
    _client, token = make_client(
        cast.county_a, ["commission_assessment", "notify_judgment"], name="甲县人民法院"
    )
    return caller(token)


@pytest.fixture
def clerk(cast):
    """A 社区矫正工作人员 of county A (completes assessments in Sifa)."""
    return make_worker(cast.county_a)


def commission(cast, **overrides) -> dict:
    body = {
        "office_code": cast.county_a.code,
        "commission_number": f"（2026）甲法委{next(_serial)}号",
        "commissioning_body": "court",
        "commissioning_name": "甲县人民法院",
        "stage": "pre_trial",
        "person": {"id_number": ADULT_MAN, "name": "张三"},
        "crime": "盗窃罪",
        "proposed_sentence": "有期徒刑一年，缓刑二年",
    }
    body.update(overrides)
    return body


def notice(cast, **overrides) -> dict:
    effective = timezone.localdate() - datetime.timedelta(days=3)
    body = {
        "office_code": cast.township_a1.code,
        "person": {"id_number": ADULT_WOMAN, "name": "李四", "phone": "13800001111"},
        "sentence_type": "probation",
        "crime": "危险驾驶罪",
        "original_sentence": "拘役三个月，缓刑六个月",
        "sentence_months": 6,
        "decision_organ": "court",
        "decision_organ_name": "甲县人民法院",
        "judgment_number": f"（2026）浙0102刑初{next(_serial)}号",
        "judgment_effective_on": effective.isoformat(),
    }
    body.update(overrides)
    return body


def last_log() -> ApiRequestLog:
    return ApiRequestLog.objects.order_by("-pk").first()


# --- 调查评估委托 -----------------------------------------------------------------------------


class TestCommission:
    def test_a_commission_is_registered_through_the_action(self, court, cast, today):
        body = commission(cast, summary_procedure=True)
        response = court.post(COMMISSIONS, body)
        assert response.status_code == 201, response.content
        answer = response.json()
        investigation = Investigation.objects.get()
        assert answer["number"] == investigation.pk
        assert investigation.office == cast.county_a
        assert investigation.commission_number == body["commission_number"]
        assert investigation.commissioning_body == "court"
        assert investigation.stage == "pre_trial"
        assert investigation.crime == "盗窃罪"
        assert investigation.proposed_sentence == "有期徒刑一年，缓刑二年"
        assert investigation.received_on == today  # the default
        assert investigation.summary_procedure is True
        assert investigation.due_on == compute(INVESTIGATION_SUMMARY_RULE, today)
        assert investigation.created_by.api_client.name == "甲县人民法院"
        # The person was not in the registry: registered in the receiving office.
        person = investigation.person
        assert (person.name, person.id_number, person.office) == ("张三", ADULT_MAN, cast.county_a)
        assert person.gender == "M" and person.birth_date == datetime.date(1985, 6, 1)
        assert answer == {
            "number": investigation.pk,
            "commission_number": body["commission_number"],
            "office_code": cast.county_a.code,
            "office_name": "甲县司法局",
            "commissioning_name": "甲县人民法院",
            "person_name": "张三",
            "id_number_masked": mask_id_number(ADULT_MAN),
            "received_on": today.isoformat(),
            "due_on": investigation.due_on.isoformat(),
            "status": "open",
            "status_label": "办理中",
            "deadline_state": answer["deadline_state"],
            "deadline_state_label": answer["deadline_state_label"],
            "completed_on": None,
            "result": "",
            "result_label": "",
            "opinion_summary": "",
            "adopted": None,
            "adoption_recorded_on": None,
        }
        assert answer["deadline_state"] in ("ok", "near")
        assert ADULT_MAN not in response.content.decode()

    def test_a_known_person_is_found_not_registered_again(self, court, cast, clerk, today):
        court.post(COMMISSIONS, commission(cast))
        second = court.post(
            COMMISSIONS,
            commission(cast, person={"id_number": ADULT_MAN.lower()}, received_on="2026-11-02"),
        )
        assert second.status_code == 201, second.content
        assert Person.objects.count() == 1
        assert Investigation.objects.get(pk=second.json()["number"]).due_on == compute(
            INVESTIGATION_RULE, datetime.date(2026, 11, 2)
        )

    def test_a_different_name_for_a_known_number_is_refused(self, court, cast):
        court.post(COMMISSIONS, commission(cast))
        response = court.post(
            COMMISSIONS, commission(cast, person={"id_number": ADULT_MAN, "name": "王五"})
        )
        assert response.status_code == 400
        assert "person.name" in response.json()["errors"]
        assert "张三" not in response.content.decode()  # the registered name is not disclosed
        assert Investigation.objects.count() == 1

    def test_the_clerk_completes_and_the_court_fetches_the_result(self, court, cast, clerk, today):
        number = court.post(COMMISSIONS, commission(cast)).json()["number"]
        investigation = Investigation.objects.get(pk=number)
        investigation_complete(
            actor=clerk,
            investigation=investigation,
            completed_on=today,
            result=InvestigationResult.SUITABLE,
            reasons="居所固定，家庭有监管条件，社区同意接收。",
            items="居所情况：固定\n家庭和社会关系：和睦",
            investigators="王干部、赵干部",
        )
        response = court.get(commission_url(number))
        assert response.status_code == 200
        answer = response.json()
        assert answer["status"] == "completed"
        assert answer["status_label"] == "已出具评估意见"
        assert answer["completed_on"] == today.isoformat()
        assert (answer["result"], answer["result_label"]) == ("suitable", "适宜")
        assert answer["opinion_summary"] == "居所固定，家庭有监管条件，社区同意接收。"
        assert answer["deadline_state"] == "met"
        # Minimal fields: neither the investigation file nor the investigators.
        assert "居所情况" not in response.content.decode()
        assert "王干部" not in response.content.decode()
        assert last_log().records == [f"corrections.investigation:{number}"]

    def test_the_court_reports_adoption(self, court, cast, clerk, today):
        number = court.post(COMMISSIONS, commission(cast)).json()["number"]
        refused = court.post(adoption_url(number), {"adopted": True})
        assert refused.status_code == 409  # not completed yet
        assert "尚未完成" in refused.json()["error"]
        investigation_complete(
            actor=clerk,
            investigation=Investigation.objects.get(pk=number),
            completed_on=today,
            result=InvestigationResult.UNSUITABLE,
            reasons="无固定居所。",
            items="居所情况：无",
            investigators="王干部",
        )
        response = court.post(adoption_url(number), {"adopted": False})
        assert response.status_code == 200, response.content
        assert response.json()["adopted"] is False
        assert response.json()["adoption_recorded_on"] == today.isoformat()
        investigation = Investigation.objects.get(pk=number)
        assert investigation.adopted is False and investigation.adoption_recorded_on == today
        later = court.post(adoption_url(number), {"adopted": True, "recorded_on": "2020-01-01"})
        assert later.status_code == 400
        assert "recorded_on" in later.json()["errors"]
        assert has_chinese(later.json()["errors"]["recorded_on"][0])

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"commission_number": ""}, "commission_number"),
            ({"commissioning_body": "bank"}, "commissioning_body"),
            ({"stage": "pre_prosecution"}, "commissioning_body"),  # a court does not, then
            ({"received_on": "2999-01-01"}, "received_on"),
            ({"received_on": "not-a-date"}, "received_on"),
            ({"person": {"id_number": "330102198506010010"}}, "person.id_number"),
            ({"person": {"id_number": resident_id("33010219700101003")}}, "person.name"),
            ({"office_code": None}, "office_code"),
            ({"crime": "x" * 101}, "crime"),
        ],
    )
    def test_validation_errors_name_the_field_in_chinese(self, court, cast, change, field):
        response = court.post(COMMISSIONS, commission(cast, **change))
        assert response.status_code == 400, response.content
        errors = response.json()["errors"]
        assert field in errors, errors
        assert has_chinese(errors[field][0])
        assert not Investigation.objects.exists()
        assert not Person.objects.exists()  # nothing half-registered

    def test_the_receiving_office_must_receive_commissions(self, court, cast):
        response = court.post(COMMISSIONS, commission(cast, office_code=cast.village_a1.code))
        assert response.status_code == 400
        assert "office_code" in response.json()["errors"]
        assert not Person.objects.exists()

    def test_an_office_outside_the_scope_is_404(self, court, cast):
        for code in (cast.county_b.code, cast.township_b1.code, "no-such-office"):
            response = court.post(COMMISSIONS, commission(cast, office_code=code))
            assert response.status_code == 404, code
            assert has_chinese(response.json()["error"])
        assert not Investigation.objects.exists()

    def test_another_clients_or_out_of_scope_commission_is_404(
        self, court, make_client, caller, cast
    ):
        number = court.post(COMMISSIONS, commission(cast)).json()["number"]
        _other, token = make_client(cast.county_a, ["commission_assessment"], name="甲县检察院")
        other = caller(token)
        assert other.get(commission_url(number)).status_code == 404
        assert other.post(adoption_url(number), {"adopted": True}).status_code == 404
        assert other.get(COMMISSIONS).json()["count"] == 0
        worker_b = make_worker(cast.county_b)
        from sifa.corrections.actions.investigations import investigation_register

        foreign = investigation_register(
            actor=worker_b,
            office=cast.township_b1,
            commission_number="乙委1号",
            commissioning_body="court",
            commissioning_name="乙县人民法院",
            stage="pre_trial",
            person=Person.objects.get(),
            crime="盗窃罪",
            received_on=timezone.localdate(),
        )
        assert court.get(commission_url(foreign.pk)).status_code == 404
        assert court.get(commission_url(2**63 - 1)).status_code == 404

    def test_without_the_purpose_403_without_a_token_401(self, make_client, caller, cast, client):
        _police, token = make_client(cast.county_a, ["notify_defence"], name="甲县公安局")
        police = caller(token)
        response = police.post(COMMISSIONS, commission(cast))
        assert response.status_code == 403
        assert "委托调查评估" in response.json()["error"]
        assert police.get(COMMISSIONS).status_code == 403
        assert police.get(commission_url(1)).status_code == 403
        assert police.post(adoption_url(1), {"adopted": True}).status_code == 403
        assert client.get(COMMISSIONS).status_code == 401
        assert client.post(COMMISSIONS, {}, content_type="application/json").status_code == 401
        assert not Investigation.objects.exists()

    def test_a_repeated_commission_answers_the_existing_one(self, court, cast):
        body = commission(cast)
        first = court.post(COMMISSIONS, body)
        again = court.post(COMMISSIONS, {**body, "crime": "诈骗罪"})
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json() == first.json()
        assert Investigation.objects.count() == 1
        assert Investigation.objects.get().crime == "盗窃罪"

    def test_a_number_registered_by_someone_else_is_a_conflict(self, court, cast, clerk):
        from sifa.corrections.actions.investigations import investigation_register

        investigation_register(
            actor=clerk,
            office=cast.county_a,
            commission_number="纸质1号",
            commissioning_body="court",
            commissioning_name="甲县人民法院",
            stage="pre_trial",
            person=Person.objects.create(office=cast.county_a, name="某", doc_type="other"),
            crime="盗窃罪",
            received_on=timezone.localdate(),
        )
        response = court.post(COMMISSIONS, commission(cast, commission_number="纸质1号"))
        assert response.status_code == 409
        assert "纸质1号" in response.json()["error"]
        assert Investigation.objects.count() == 1

    def test_idempotent_retries(self, court, cast):
        body = commission(cast)
        key = {"HTTP_IDEMPOTENCY_KEY": "commission-1"}
        first = court.post(COMMISSIONS, body, headers=key)
        retry = court.post(COMMISSIONS, body, headers=key)
        assert (first.status_code, retry.status_code) == (201, 201)
        assert retry.json() == first.json()
        assert retry["Idempotent-Replayed"] == "true"
        assert Investigation.objects.count() == 1
        other = court.post(COMMISSIONS, commission(cast), headers=key)
        assert other.status_code == 409
        assert Investigation.objects.count() == 1
        assert last_log().idempotency_key == "commission-1"

    def test_the_list_is_paginated_and_filtered(self, court, cast, clerk, today):
        numbers = [court.post(COMMISSIONS, commission(cast)).json()["number"] for _ in range(3)]
        investigation_complete(
            actor=clerk,
            investigation=Investigation.objects.get(pk=numbers[0]),
            completed_on=today,
            result=InvestigationResult.SUITABLE,
            reasons="适宜。",
            items="居所情况：固定",
            investigators="王干部",
        )
        page = court.get(COMMISSIONS, {"page_size": 2}).json()
        assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
        second = court.get(COMMISSIONS, {"page_size": 2, "page": 2}).json()
        listed = [r["number"] for r in page["results"] + second["results"]]
        assert sorted(listed) == sorted(numbers)
        assert [
            r["number"] for r in court.get(COMMISSIONS, {"status": "completed"}).json()["results"]
        ] == [numbers[0]]
        assert court.get(COMMISSIONS, {"status": "open"}).json()["count"] == 2
        assert last_log().records == [
            f"corrections.investigation:{n}" for n in sorted(numbers[1:], reverse=True)
        ]
        bad = court.get(COMMISSIONS, {"status": "whatever"})
        assert bad.status_code == 400 and "status" in bad.json()["errors"]
        assert court.get(COMMISSIONS, {"page": 9}).status_code == 404

    def test_the_request_log_names_the_records(self, court, cast):
        number = court.post(COMMISSIONS, commission(cast)).json()["number"]
        log = last_log()
        person = Person.objects.get()
        assert (log.method, log.status, log.purpose) == ("POST", 201, "commission_assessment")
        assert log.records == [f"people.person:{person.pk}", f"corrections.investigation:{number}"]
        assert log.client.name == "甲县人民法院"


# --- 判决、裁定、决定（社区矫正交付） -----------------------------------------------------------


class TestJudgmentNotice:
    def test_the_minor_flag_cannot_be_sent_and_the_offence_date_decides(self, court, cast, today):
        """An agency cannot set or clear it: `is_minor` is not a field; the person's age at the
        offence (from the ID number) decides (刑事诉讼法 第286条)."""
        effective = today - datetime.timedelta(days=3)
        born = effective.replace(year=effective.year - 18) - datetime.timedelta(days=30)
        number = resident_id(f"330102{born:%Y%m%d}031")  # 18 at the judgment
        person = {"id_number": number, "name": "王五"}
        offence = effective - datetime.timedelta(days=60)  # 17 then
        response = court.post(NOTICES, notice(cast, person=person, is_minor=False))
        assert response.status_code == 201, response.content
        assert not Subject.objects.get().is_minor  # 18 at the judgment, no offence date sent
        Subject.objects.all().delete()
        body = notice(cast, person=person, is_minor=False, offence_on=offence.isoformat())
        response = court.post(NOTICES, body)
        assert response.status_code == 201, response.content
        subject = Subject.objects.get()
        assert subject.is_minor and subject.offence_on == offence

    def test_a_notice_opens_an_intake_through_the_action(self, court, cast, today):
        body = notice(cast)
        response = court.post(NOTICES, body)
        assert response.status_code == 201, response.content
        subject = Subject.objects.get()
        effective = today - datetime.timedelta(days=3)
        assert subject.office == cast.township_a1
        assert subject.status == Status.AWAITING_REPORT
        assert subject.sentence_type == "probation" and subject.sentence_months == 6
        assert subject.judgment_number == body["judgment_number"]
        assert subject.judgment_effective_on == effective
        assert subject.notified_on == today
        assert subject.report_due_on == compute(REPORT_RULE, effective)
        assert subject.decision_organ_name == "甲县人民法院"
        assert subject.events.get().to_status == Status.AWAITING_REPORT
        person = subject.person
        assert (person.name, person.gender, person.office) == ("李四", "F", cast.township_a1)
        assert person.phone == "13800001111"
        assert subject.number == f"330102-JZ-{today.year}-0001"  # SIFA_NUMBERING's default
        assert response.json() == {
            "number": subject.number,
            "office_code": cast.township_a1.code,
            "office_name": "甲一镇司法所",
            "person_name": "李四",
            "id_number_masked": mask_id_number(ADULT_WOMAN),
            "judgment_number": body["judgment_number"],
            "sentence_type": "probation",
            "status": "awaiting_report",
            "status_label": "待报到",
            "report_due_on": subject.report_due_on.isoformat(),
            "reported_on": None,
            "report_type": "",
            "report_type_label": "",
        }
        assert last_log().records == [
            f"people.person:{person.pk}",
            f"corrections.subject:{subject.pk}",
        ]

    def test_the_court_learns_that_the_subject_reported(self, court, cast, clerk, today):
        number = court.post(NOTICES, notice(cast)).json()["number"]
        subject_report(actor=clerk, subject=Subject.objects.get(number=number), reported_on=today)
        answer = court.get(notice_url(number)).json()
        assert (answer["status"], answer["status_label"]) == ("received", "已接收")
        assert answer["reported_on"] == today.isoformat()
        assert (answer["report_type"], answer["report_type_label"]) == ("on_time", "按时报到")

    def test_the_notice_links_the_investigation(self, court, cast):
        investigation = court.post(
            COMMISSIONS, commission(cast, person={"id_number": ADULT_WOMAN, "name": "李四"})
        ).json()["number"]
        response = court.post(NOTICES, notice(cast, investigation=investigation))
        assert response.status_code == 201, response.content
        assert Subject.objects.get().investigation_id == investigation
        assert Person.objects.count() == 1  # the same person, found by the ID number
        unknown = court.post(NOTICES, notice(cast, investigation=investigation + 100))
        assert unknown.status_code == 400 and "investigation" in unknown.json()["errors"]

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"office_code": "330102"}, "office_code"),  # a county bureau, not a 司法所
            ({"sentence_type": "fine"}, "sentence_type"),
            ({"sentence_months": 0}, "sentence_months"),
            ({"sentence_months": 100}, "sentence_months"),  # 缓刑 at most 60 months
            ({"judgment_number": "  "}, "judgment_number"),
            ({"judgment_effective_on": "2999-01-01"}, "judgment_effective_on"),
            ({"notified_on": "2020-01-01"}, "notified_on"),  # before the judgment's effect
            (
                {"person": {"id_number": ADULT_WOMAN, "gender": "M", "name": "李四"}},
                "person.gender",
            ),
            ({"crime_category": "nonsense"}, "crime_category"),
        ],
    )
    def test_validation_errors_name_the_field_in_chinese(self, court, cast, change, field):
        response = court.post(NOTICES, notice(cast, **change))
        assert response.status_code == 400, response.content
        errors = response.json()["errors"]
        assert field in errors, errors
        assert has_chinese(errors[field][0])
        assert not Subject.objects.exists()
        assert not Person.objects.exists()

    def test_scope_purpose_and_token(self, court, make_client, caller, cast, client):
        response = court.post(NOTICES, notice(cast, office_code=cast.township_b1.code))
        assert response.status_code == 404
        worker_b = make_worker(cast.county_b)
        foreign = make_subject(worker_b, cast.township_b1)
        assert court.get(notice_url(foreign.number)).status_code == 404
        own_office = make_subject(make_worker(cast.county_a), cast.township_a1)
        assert court.get(notice_url(own_office.number)).status_code == 404  # not sent by it
        assert court.get(notice_url("x" * 41)).status_code == 404
        _app, token = make_client(cast.county_a, ["submit_checkin"], name="签到客户端")
        assert caller(token).post(NOTICES, notice(cast)).status_code == 403
        assert caller(token).get(notice_url(own_office.number)).status_code == 403
        assert client.get(notice_url(own_office.number)).status_code == 401
        assert Subject.objects.count() == 2

    def test_a_repeated_notice_answers_the_existing_record(self, court, cast):
        body = notice(cast)
        first = court.post(NOTICES, body)
        again = court.post(NOTICES, {**body, "crime": "另一罪名"})
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json() == first.json()
        assert Subject.objects.count() == 1
        # The same person with another judgment is another intake.
        other = court.post(NOTICES, {**body, "judgment_number": "（2026）浙0102刑初999号"})
        assert other.status_code == 201
        assert Subject.objects.count() == 2

    def test_a_notice_the_office_registered_itself_is_a_conflict(self, court, cast, clerk):
        body = notice(cast)
        court_person = court.post(NOTICES, body).json()
        subject = Subject.objects.get(number=court_person["number"])
        make_subject(
            clerk, cast.township_a2, person=subject.person, judgment_number="（2026）纸质1号"
        )
        response = court.post(
            NOTICES,
            {**body, "office_code": cast.township_a2.code, "judgment_number": "（2026）纸质1号"},
        )
        assert response.status_code == 409
        assert Subject.objects.count() == 2

    def test_idempotent_retries(self, court, cast):
        body = notice(cast)
        key = {"HTTP_IDEMPOTENCY_KEY": "notice-7"}
        first = court.post(NOTICES, body, headers=key)
        retry = court.post(NOTICES, body, headers=key)
        assert first.status_code == retry.status_code == 201
        assert retry.json() == first.json()
        assert Subject.objects.count() == 1
        assert court.post(NOTICES, notice(cast), headers=key).status_code == 409
        assert Subject.objects.count() == 1


# --- 定位签到 -----------------------------------------------------------------------------------


@pytest.fixture
def app(make_client, caller, cast):
    """The phone check-in client of county A."""
    _client, token = make_client(
        cast.county_a, ["submit_checkin"], name="甲县定位签到", agency_kind="checkin_app"
    )
    return caller(token)


@pytest.fixture
def subjects(cast, clerk):
    Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    return [make_active_subject(clerk, cast.township_a1) for _ in range(2)]


def check_in(subject, where=INSIDE, minutes_ago=1):
    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return {
        "subject": subject.number,
        "at": at.isoformat(),
        "latitude": where[0],
        "longitude": where[1],
        "accuracy_m": 12,
    }


class TestCheckIns:
    def test_one_check_in_through_the_action(self, app, subjects):
        response = app.post(CHECK_INS, check_in(subjects[0]))
        assert response.status_code == 201, response.content
        row = CheckIn.objects.get()
        assert response.json() == {"id": row.pk, "outside": False, "alert": False}
        assert (row.subject, row.office, row.accuracy_m) == (
            subjects[0],
            subjects[0].office,
            12,
        )
        assert last_log().records == [f"corrections.checkin:{row.pk}"]

    def test_a_batch_answers_in_order_with_the_alert(self, app, subjects):
        batch = [
            check_in(subjects[0], minutes_ago=3),
            check_in(subjects[1], OUTSIDE, minutes_ago=2),
            check_in(subjects[1], OUTSIDE, minutes_ago=1),
        ]
        response = app.post(CHECK_INS, batch)
        assert response.status_code == 201, response.content
        answer = response.json()
        assert [(a["outside"], a["alert"]) for a in answer] == [
            (False, False),
            (True, True),
            (True, False),  # one alert a day
        ]
        assert [a["id"] for a in answer] == list(
            CheckIn.objects.order_by("at").values_list("pk", flat=True)
        )
        alert = Alert.objects.get()
        assert (alert.subject, alert.kind) == (subjects[1], AlertKind.LEFT_COUNTY)

    def test_a_subject_outside_the_scope_refuses_the_whole_batch(self, app, subjects, cast):
        foreign = make_active_subject(make_worker(cast.county_b), cast.township_b1)
        batch = [check_in(subjects[0]), check_in(subjects[1]), check_in(foreign)]
        response = app.post(CHECK_INS, batch)
        assert response.status_code == 404
        answer = response.json()
        assert "第3条" in answer["error"]
        assert list(answer["errors"]) == ["2.subject"]
        assert not CheckIn.objects.exists()
        single = app.post(CHECK_INS, check_in(foreign))
        assert single.status_code == 404 and list(single.json()["errors"]) == ["subject"]
        unknown = app.post(CHECK_INS, {**check_in(subjects[0]), "subject": "SQJZ-NONE"})
        assert unknown.status_code == 404
        assert not CheckIn.objects.exists()

    def test_the_queries_of_a_check_in_are_few_and_do_not_grow_with_the_batch(self, app, subjects):
        # A check-in is the API's busiest request (issue 16 item 8): the client and its account's
        # grants, the subjects within its reach, their leaves and fences, the insert and the
        # request log — the scope is checked by the subjects' query itself, not a second one.
        # The client, its grants and the fences come from the shared cache after a first
        # request (sifa.api.client_cache, sifa.corrections.checkin_cache): both measured warm.
        assert app.post(CHECK_INS, check_in(subjects[1])).status_code == 201
        with CaptureQueriesContext(connection) as single:
            assert app.post(CHECK_INS, check_in(subjects[0])).status_code == 201
        with CaptureQueriesContext(connection) as batch:
            answer = app.post(
                CHECK_INS, [check_in(subjects[i % 2], minutes_ago=i + 1) for i in range(40)]
            )
            assert answer.status_code == 201
        statements = [q["sql"] for q in single.captured_queries if "SAVEPOINT" not in q["sql"]]
        assert len(statements) <= 7, statements
        assert len(batch.captured_queries) == len(single.captured_queries)
        assert CheckIn.objects.count() == 42

    def test_validation_errors_name_the_item_and_field(self, app, subjects):
        batch = [check_in(subjects[0]), {**check_in(subjects[1]), "latitude": 95}]
        response = app.post(CHECK_INS, batch)
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert list(errors) == ["1.latitude"] and has_chinese(errors["1.latitude"][0])
        naive = app.post(CHECK_INS, {**check_in(subjects[0]), "at": "2026-03-01T08:30:00"})
        assert naive.status_code == 400 and "时区" in str(naive.json()["errors"])
        future = timezone.now() + datetime.timedelta(hours=1)
        late = app.post(CHECK_INS, {**check_in(subjects[0]), "at": future.isoformat()})
        assert late.status_code == 400
        assert app.post(CHECK_INS, []).status_code == 400
        assert app.post(CHECK_INS, [check_in(subjects[0])] * 501).status_code == 400
        assert app.post(CHECK_INS, "text").status_code == 400
        assert not CheckIn.objects.exists()

    def test_a_subject_not_in_correction_is_a_conflict(self, app, subjects, cast, clerk):
        waiting = make_subject(clerk, cast.township_a1)  # 待报到
        response = app.post(CHECK_INS, [check_in(subjects[0]), check_in(waiting)])
        assert response.status_code == 409
        assert waiting.number in response.json()["error"]
        assert not CheckIn.objects.exists()

    def test_purpose_and_token(self, court, subjects, client):
        assert court.post(CHECK_INS, check_in(subjects[0])).status_code == 403
        assert client.post(CHECK_INS, {}, content_type="application/json").status_code == 401
        assert not CheckIn.objects.exists()

    def test_idempotent_retries(self, app, subjects):
        body = [check_in(subjects[0]), check_in(subjects[1])]
        key = {"HTTP_IDEMPOTENCY_KEY": "batch-42"}
        first = app.post(CHECK_INS, body, headers=key)
        retry = app.post(CHECK_INS, body, headers=key)
        assert first.status_code == retry.status_code == 201
        assert retry.json() == first.json()
        assert CheckIn.objects.count() == 2
        assert app.post(CHECK_INS, body[:1], headers=key).status_code == 409
        assert CheckIn.objects.count() == 2

    def test_the_device_endpoint_still_works(self, client, subjects, settings):
        settings.SIFA_CHECKIN_TOKEN = "device-token"
        response = client.post(
            "/corrections/api/check-ins/",
            check_in(subjects[0]),
            content_type="application/json",
            HTTP_X_SIFA_TOKEN="device-token",
        )
        assert response.status_code == 201
        assert CheckIn.objects.count() == 1


# Committed rows, as two server processes see them; serialized_rollback brings the seeded rows
# back for the tests after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    # The suite's in-memory SQLite answers a second writer "database table is locked" at once;
    # several server processes against one database is the PostgreSQL deployment.
    reason="a race between server processes is a PostgreSQL deployment's concern",
)
def test_the_same_idempotency_key_sent_twice_at_once_creates_one_record(make_client, cast):
    """Two server processes receive the same batch with the same key at the same moment: the
    key store is the database (a unique row per client and key), so one check-in is stored
    and both answers are the first one's."""
    from threading import Barrier, Thread

    from sifa.api.tests.conftest import AgencyCaller

    _client, token = make_client(
        cast.county_a, ["submit_checkin"], name="甲县定位签到", agency_kind="checkin_app"
    )
    Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    subject = make_active_subject(make_worker(cast.county_a), cast.township_a1)
    body = check_in(subject)
    start = Barrier(2)
    answers = []

    def send():
        agency = AgencyCaller(token)
        start.wait()
        answers.append(agency.post(CHECK_INS, body, headers={"HTTP_IDEMPOTENCY_KEY": "race-1"}))
        connection.close()

    threads = [Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(a.status_code for a in answers) == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert CheckIn.objects.filter(subject=subject).count() == 1
