"""Subject pages: own / parent / sibling on every view, the list filters and export, the
register form (person from the registry or registered), the detail page and its read log, and
the action pages (one flow through the views from registration to release)."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifa.audit.actions import READ
from sifa.audit.models import AccessLog
from sifa.corrections.constants import SentenceType, Status, TeamRole
from sifa.corrections.models import Subject
from sifa.corrections.tests.factories import (
    make_active_subject,
    make_expired_subject,
    make_subject,
    make_worker,
)
from sifa.corrections.views.subjects import ACTIONS
from sifa.people.models import Person

D = datetime.date
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def subject(worker, cast):
    return make_active_subject(worker, cast.township_a1)


def detail_url(subject):
    return reverse("corrections:subject_detail", args=[subject.pk])


def action_url(subject, key):
    return reverse(f"corrections:subject_{key}", args=[subject.pk])


def _pages(subject):
    return [
        detail_url(subject),
        *[action_url(subject, a.key) for a in ACTIONS],
        reverse("corrections:subject_document", args=[subject.pk, "report_notice"]),
    ]


def _expected_status(subject, url):
    """200, except an action not available in the subject's status: 302 back to the subject."""
    unavailable = {action_url(subject, a.key) for a in ACTIONS if not a.available(subject)}
    return 302 if url in unavailable else 200


# ---------------------------------------------------------------------------------------------
# Access trio


def test_own_office_sees_every_page(login, cast, subject):
    client = login(cast.township_clerk)
    for url in _pages(subject):
        response = client.get(url)
        assert response.status_code == _expected_status(subject, url), url


def test_parent_office_sees_every_page(login, cast, subject):
    client = login(cast.county_supervisor)
    for url in _pages(subject):
        assert client.get(url).status_code == _expected_status(subject, url), url


def test_sibling_office_gets_404_everywhere(login, cast, subject):
    client = login(cast.sibling_clerk)
    for url in _pages(subject):
        assert client.get(url).status_code == 404, url
    member = subject.team.first()
    remove = reverse("corrections:subject_team_remove", args=[subject.pk, member.pk])
    assert client.post(remove).status_code == 404


def test_viewer_without_edit_gets_403_on_actions(login, cast, subject):
    client = login(cast.city_leader)
    assert client.get(detail_url(subject)).status_code == 200
    assert client.get(action_url(subject, "plan")).status_code == 403
    member = subject.team.first()
    remove = reverse("corrections:subject_team_remove", args=[subject.pk, member.pk])
    assert client.post(remove).status_code == 403


def test_list_trio(login, cast, subject):
    url = reverse("corrections:subject_list")
    for user, seen in (
        (cast.township_clerk, True),
        (cast.county_supervisor, True),
        (cast.sibling_clerk, False),
    ):
        response = login(user).get(url)
        assert response.status_code == 200
        assert (subject.number in response.content.decode()) is seen, user
    assert login(cast.public_user).get(url).status_code == 403


def test_register_page_access(login, cast):
    url = reverse("corrections:subject_register")
    assert login(cast.township_clerk).get(url).status_code == 200
    assert login(cast.city_leader).get(url).status_code == 403
    assert login(cast.public_user).get(url).status_code == 403


# ---------------------------------------------------------------------------------------------
# Detail and read log


def test_detail_shows_sections_and_logs_the_read(login, cast, subject):
    client = login(cast.township_clerk)
    before = AccessLog.objects.filter(field=READ, object_id=str(subject.pk)).count()
    response = client.get(detail_url(subject), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("矫正小组", "矫正方案", "管理类别调整", "状态变更", "期限", "2027-03-01", "普通"):
        assert text in html, text
    logs = AccessLog.objects.filter(field=READ, object_id=str(subject.pk))
    assert logs.count() == before + 1
    log = logs.latest("id")
    assert log.user == cast.township_clerk
    assert log.model == "corrections.Subject"


def test_detail_of_a_sibling_logs_nothing(login, cast, subject):
    login(cast.sibling_clerk).get(detail_url(subject))
    assert not AccessLog.objects.filter(user=cast.sibling_clerk, field=READ).exists()


def test_detail_masks_id_number(login, cast, worker):
    number = resident_id("33010219850601001")
    from sifa.people.actions import person_register

    person = person_register(
        actor=worker, office=cast.township_a1, name="赵六", doc_type="resident_id",
        id_number=number, phone="13800138000",
    )  # fmt: skip
    subject = make_subject(worker, cast.township_a1, person=person)
    html = login(cast.township_clerk).get(detail_url(subject)).content.decode()
    assert number not in html and "13800138000" not in html


# ---------------------------------------------------------------------------------------------
# List filters and export


def test_list_filters(login, cast, worker):
    probation = make_subject(worker, cast.township_a1)
    control = make_subject(
        worker,
        cast.township_a2,
        sentence_type=SentenceType.CONTROL,
        original_sentence="管制六个月",
        sentence_months=6,
    )
    client = login(cast.county_supervisor)
    url = reverse("corrections:subject_list")
    html = client.get(url, {"sentence_type": SentenceType.CONTROL}).content.decode()
    assert control.number in html and probation.number not in html
    html = client.get(url, {"within": cast.township_a1.pk}).content.decode()
    assert probation.number in html and control.number not in html
    html = client.get(url, {"status": Status.UNDER_CORRECTION}).content.decode()
    assert probation.number not in html
    # period overlap: the 管制 ends 2026-09-01, the 缓刑 2027-03-01
    html = client.get(url, {"date_from": "2026-10-01"}).content.decode()
    assert probation.number in html and control.number not in html
    html = client.get(url, {"q": control.number}).content.decode()
    assert control.number in html and probation.number not in html


def test_list_category_filter(login, cast, worker):
    active = make_active_subject(worker, cast.township_a1)
    waiting = make_subject(worker, cast.township_a1)
    html = (
        login(cast.township_clerk)
        .get(reverse("corrections:subject_list"), {"category": "ordinary"})
        .content.decode()
    )
    assert active.number in html and waiting.number not in html


def test_export(login, cast, subject, worker):
    other = make_subject(worker, cast.township_a2)
    response = login(cast.township_clerk).get(reverse("corrections:subject_export"))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "矫正编号"
    numbers = {row[0] for row in rows[1:]}
    assert subject.number in numbers and other.number not in numbers


# ---------------------------------------------------------------------------------------------
# Registration through the form


def _register_data(office, **extra):
    data = {
        "office": office.pk,
        "id_number": resident_id("33010219900101002"),
        "name": "钱七",
        "phone": "",
        "sentence_type": SentenceType.PROBATION,
        "crime": "危险驾驶罪",
        "crime_category": "public_security",
        "original_sentence": "拘役二个月，缓刑三个月",
        "sentence_months": "3",
        "decision_organ": "court",
        "decision_organ_name": "甲县人民法院",
        "judgment_number": "（2026）浙0102刑初88号",
        "judgment_effective_on": "2026-10-08",
        "notified_on": "2026-10-10",
        "documents_received_on": "2026-10-12",
    }
    data.update(extra)
    return data


def test_register_new_person(login, cast):
    client = login(cast.township_clerk)
    response = client.post(
        reverse("corrections:subject_register"), _register_data(cast.township_a1)
    )
    assert response.status_code == 302
    subject = Subject.objects.get(judgment_number="（2026）浙0102刑初88号")
    assert response["Location"] == detail_url(subject)
    assert subject.person.name == "钱七"
    assert subject.number == "330102-JZ-2026-0001"  # SIFA_NUMBERING's default
    # 10 days of 2026-10-08 is Sunday 10-18: shifted to the next working day (project setting)
    assert subject.report_due_on == D(2026, 10, 19)
    assert subject.correction_end == D(2027, 1, 7)


def test_register_existing_person_and_name_mismatch(login, cast, worker):
    number = resident_id("33010219900101003")
    from sifa.people.actions import person_register

    person = person_register(
        actor=worker, office=cast.township_a1, name="孙八", doc_type="resident_id",
        id_number=number,
    )  # fmt: skip
    client = login(cast.township_clerk)
    url = reverse("corrections:subject_register")
    response = client.post(url, _register_data(cast.township_a1, id_number=number, name="别人"))
    assert response.status_code == 200
    assert "与填写的姓名不符" in response.content.decode()
    response = client.post(url, _register_data(cast.township_a1, id_number=number, name=""))
    assert response.status_code == 302
    assert Subject.objects.get(person=person)
    assert Person.objects.filter(name="孙八").count() == 1


def test_register_shows_action_errors(login, cast):
    client = login(cast.township_clerk)
    response = client.post(
        reverse("corrections:subject_register"),
        _register_data(cast.township_a1, notified_on="2026-10-01"),
    )
    assert response.status_code == 200
    assert "收到执行通知日期不能早于" in response.content.decode()
    assert not Subject.objects.exists()


def test_register_refused_by_the_action_leaves_no_new_person(login, cast):
    """The form only describes a new person; the refused action registers nobody."""
    client = login(cast.township_clerk)
    response = client.post(
        reverse("corrections:subject_register"),
        _register_data(cast.township_a1, notified_on="2026-10-01"),
    )
    assert response.status_code == 200
    assert not Person.objects.filter(name="钱七").exists()


def test_register_minor_refused_for_clerk_without_minors(login, cast):
    client = login(cast.township_clerk)
    minor_id = resident_id("33010220100101003")  # 16 when the judgment took effect
    response = client.post(
        reverse("corrections:subject_register"),
        _register_data(cast.township_a1, id_number=minor_id),
    )
    assert response.status_code == 200
    assert "未成年" in response.content.decode()
    assert not Subject.objects.exists()


def test_register_offices_only_judicial_offices_in_scope(login, cast):
    html = login(cast.township_clerk).get(reverse("corrections:subject_register")).content
    html = html.decode()
    assert "甲一镇司法所" in html and "甲二镇司法所" not in html


# ---------------------------------------------------------------------------------------------
# Action pages: a whole flow through the views


def test_flow_through_the_views(login, cast, worker):
    subject = make_subject(worker, cast.township_a1, documents_received_on=None)
    client = login(cast.township_clerk)

    def post(key, **data):
        response = client.post(action_url(subject, key), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        subject.refresh_from_db()

    post("documents", received_on="2026-03-04")
    post("receipt", sent_on="2026-03-05")
    post("report", reported_on="2026-03-05")
    assert subject.status == Status.RECEIVED
    post("team_add", name="所干部", role=TeamRole.JUDICIAL_OFFICE, is_female="on")
    # announcing without a plan: the form refuses
    response = client.post(
        action_url(subject, "announce"), {"announced_on": "2026-03-06", "category": "ordinary"}
    )
    assert response.status_code == 200
    post("announce", announced_on="2026-03-06", category="ordinary", plan="个别化方案")
    assert subject.status == Status.UNDER_CORRECTION
    post("plan", made_on="2026-04-01", content="调整后的方案")
    assert subject.plans.count() == 2
    post("category", to_category="lenient", changed_on="2026-05-01", reason="表现良好")
    assert subject.category == "lenient"
    post("period", correction_start="2026-03-02", correction_end="2026-05-31", reason="裁定减刑")
    assert subject.correction_end == D(2026, 5, 31)
    post("release", release_type="expiry", released_on="2026-06-01", certificate_number="")
    assert subject.status == Status.RELEASED
    assert subject.certificate_number == "〔2026〕甲司矫解字第0001号"  # SIFA_NUMBERING's default
    # the buttons of a released subject: none of the actions
    response = client.get(action_url(subject, "release"))
    assert response.status_code == 302


def test_release_refusal_is_shown(login, cast, worker):
    subject = make_active_subject(worker, cast.township_a1)
    client = login(cast.township_clerk)
    response = client.post(
        action_url(subject, "release"),
        {"release_type": "expiry", "released_on": "2026-06-01", "certificate_number": ""},
    )
    assert response.status_code == 200
    assert "期满前只能因赦免解除矫正" in response.content.decode()


def test_not_reported_page(login, cast, worker):
    subject = make_subject(worker, cast.township_a1)
    client = login(cast.township_clerk)
    response = client.post(action_url(subject, "not_reported"), {"on": "2026-03-20"})
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.status == Status.NOT_REPORTED
    html = client.get(detail_url(subject)).content.decode()
    assert "逾期未报到" in html


def test_terminate_page(login, cast, subject):
    client = login(cast.county_supervisor)
    response = client.post(
        action_url(subject, "terminate"),
        {"termination_type": "death", "terminated_on": "2026-06-01", "note": "病故"},
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.status == Status.TERMINATED


def test_team_remove(login, cast, subject):
    client = login(cast.township_clerk)
    other = subject.team.get(is_female=False)
    url = reverse("corrections:subject_team_remove", args=[subject.pk, other.pk])
    assert client.post(url).status_code == 302
    assert not subject.team.filter(pk=other.pk).exists()
    last = subject.team.get()
    client.post(reverse("corrections:subject_team_remove", args=[subject.pk, last.pk]))
    assert subject.team.filter(pk=last.pk).exists()  # refused: the team would be empty


def test_expired_subject_release_page(login, cast, worker):
    subject = make_expired_subject(worker, cast.township_a1)
    response = login(cast.township_clerk).post(
        action_url(subject, "release"),
        {"release_type": "expiry", "released_on": "2026-05-01", "certificate_number": "Z-1"},
    )
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.certificate_number == "Z-1"


def test_detail_lists_pending_proposals(login, cast, subject):
    from sifa.corrections.constants import MeasureKind, ProposalOutcome
    from sifa.corrections.models import Measure

    Measure.objects.create(
        office=subject.office,
        subject=subject,
        kind=MeasureKind.REVOKE_PROBATION,
        facts="两次警告未改正",
        decided_on=D(2026, 6, 1),
        decided_by="主任",
        addressee="甲县人民法院",
        outcome=ProposalOutcome.PENDING,
    )
    html = login(cast.township_clerk).get(detail_url(subject)).content.decode()
    assert "未决的提请" in html and "提请撤销缓刑" in html


def test_custody_pages_record_it_and_the_detail_shows_it(cast, login):
    # Issue 15: custody is recorded and ended from the subject's page; while open, it shows.
    from sifa.corrections.constants import CustodyKind
    from sifa.corrections.tests.factories import make_active_subject, make_worker

    worker = make_worker(cast.county_a)
    subject = make_active_subject(worker, cast.township_a1)
    client = login(worker)
    url = reverse("corrections:subject_custody", args=[subject.pk])
    response = client.post(
        url,
        {"kind": CustodyKind.CRIMINAL_DETENTION, "organ": "甲县公安局", "start_on": "2026-04-28"},
    )
    assert response.status_code == 302
    body = client.get(subject.get_absolute_url()).content.decode()
    assert "甲县公安局" in body and "未结束，不能解除矫正" in body
    end = reverse("corrections:subject_custody_end", args=[subject.pk])
    assert client.post(end, {"ended_on": "2026-05-10", "outcome": "释放"}).status_code == 302
    body = client.get(subject.get_absolute_url()).content.decode()
    assert "未结束，不能解除矫正" not in body and "2026-05-10" in body


def _calendar_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum("core_calendarday" in q["sql"] for q in queries.captured_queries)


def test_list_reads_the_holiday_table_once_per_year_not_per_row(login, cast, worker):
    """The 回执 deadline of every row shares one WorkingCalendar: adding rows adds no query
    (it was one holiday-table query per row, 45 on the demo city's first page)."""
    url = reverse("corrections:subject_list")
    make_subject(worker, cast.township_a1)
    client = login(cast.township_clerk)
    one_row = _calendar_queries(client, url)
    for _ in range(5):
        make_subject(worker, cast.township_a1)
    assert _calendar_queries(client, url) == one_row <= 2
