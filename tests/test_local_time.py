"""Issue 15.2: every time shown or exported is the bureau's wall-clock time (Asia/Shanghai).

Each test enters a time the way a user or a client does — through the form that takes it, the
check-in endpoint, the API — and finds the same wall-clock time on the detail page, in the
list, in the Excel export, in the record's name and in the API (with its +08:00 offset). The
times chosen fall on another UTC day (08:30 in Shanghai is 00:30 UTC; 02:10 is the day
before), so a UTC time or a UTC day anywhere is caught.
"""

from __future__ import annotations

import datetime
import json
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.settings import api_settings

from sifa.audit.models import AccessLog
from sifa.core.docx import chinese_date
from sifa.corrections.models import CheckIn, Geofence
from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.legalaid.models import Consultation
from sifa.mediation.models import MediationSession as Session
from sifa.mediation.tests.factories import make_case_in_mediation, make_committee
from sifa.orgs.constants import OfficeKind
from tests.factories import UserFactory, add_office, grant

SHANGHAI = ZoneInfo("Asia/Shanghai")
WALL = datetime.datetime(2026, 3, 5, 8, 30)  # 00:30 UTC
EARLY = datetime.datetime(2026, 3, 5, 2, 10)  # 18:10 UTC the day before
CHECKIN_TOKEN = "local-time-checkin-token"


def form_value(wall: datetime.datetime) -> str:
    return wall.strftime("%Y-%m-%dT%H:%M")  # what <input type="datetime-local"> sends


def shown(wall: datetime.datetime) -> str:
    return wall.strftime("%Y-%m-%d %H:%M")


def excel_column(content: bytes, heading: str) -> list:
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = header.index(heading) + 1
    return [sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)]


# --- 法律咨询: the form, the detail page, the list, the export, the record's name -----------


@pytest.fixture
def centre(cast):
    return add_office(
        cast.county_a,
        name="甲县法律援助中心",
        code="330102LA9",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330102",
    )


@pytest.fixture
def reviewer(centre):
    user = UserFactory(username="la_reviewer_time")
    grant(user, centre, "la_reviewer")
    return user


@pytest.mark.parametrize("wall", [WALL, EARLY], ids=["morning", "before-utc-midnight"])
def test_a_consultation_keeps_its_wall_clock_time_everywhere(reviewer, centre, login, wall):
    client = login(reviewer)
    response = client.post(
        reverse("legalaid:consultation_register"),
        {
            "office": centre.pk,
            "channel": "hotline",
            "consulted_at": form_value(wall),
            "call_id": "H-TIME",
            "duration_minutes": "3",
            "category": "contract",
            "question": "合同违约怎么办？",
            "referral": "answered",
            "satisfaction": "satisfied",
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert consultation.consulted_at == wall.replace(tzinfo=SHANGHAI)

    detail = client.get(consultation.get_absolute_url()).content.decode()
    assert shown(wall) in detail
    listed = client.get(reverse("legalaid:consultation_list")).content.decode()
    assert shown(wall) in listed
    export = client.get(reverse("legalaid:consultation_export"))
    assert excel_column(export.content, "咨询时间") == [wall]
    assert str(consultation).startswith(shown(wall))  # the record's name (selects, 修改记录)

    edit = client.get(reverse("legalaid:consultation_edit", args=[consultation.pk]))
    assert f'value="{form_value(wall)}"' in edit.content.decode()  # the form shows it back


# --- 人民调解: the session's time through the session form --------------------------------


def test_a_mediation_session_keeps_its_wall_clock_time(cast, login):
    committee = make_committee(cast.township_a1)
    case = make_case_in_mediation(
        cast.township_clerk, committee, received_on=datetime.date(2026, 3, 1)
    )
    client = login(cast.township_clerk)
    response = client.post(
        reverse("mediation:case_session", args=[case.pk]),
        {
            "held_at": form_value(WALL),
            "place": "调解室",
            "participants": "双方当事人",
            "summary": "双方陈述了意见。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Session.objects.get().held_at == WALL.replace(tzinfo=SHANGHAI)
    assert shown(WALL) in client.get(case.get_absolute_url()).content.decode()


# --- 定位签到: the check-in endpoint, then the supervision page ------------------------------


@pytest.fixture
def subject(cast, settings):
    settings.SIFA_CHECKIN_TOKEN = CHECKIN_TOKEN
    worker = make_worker(cast.county_a)
    Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    return worker, make_active_subject(worker, cast.township_a1)


@pytest.mark.parametrize(
    "sent",
    ["2026-03-05T08:30:00+08:00", "2026-03-05T00:30:00Z"],
    ids=["offset", "utc"],
)
def test_a_check_in_shows_the_wall_clock_time(client, login, subject, sent):
    worker, person = subject
    response = client.post(
        reverse("corrections:api_check_in"),
        data=json.dumps(
            {
                "subject": person.number,
                "at": sent,
                "latitude": 30.28,
                "longitude": 120.16,
                "accuracy_m": 10,
            }
        ),
        content_type="application/json",
        HTTP_X_SIFA_TOKEN=CHECKIN_TOKEN,
    )
    assert response.status_code == 201, response.content
    assert CheckIn.objects.get().at == WALL.replace(tzinfo=SHANGHAI)
    page = login(worker).get(reverse("corrections:subject_supervision", args=[person.pk]))
    assert shown(WALL) in page.content.decode()


# --- The API, documents, logs --------------------------------------------------------------


def test_the_api_writes_any_time_in_the_bureaus_zone_with_its_offset():
    renderer = api_settings.DEFAULT_RENDERER_CLASSES[0]()
    utc = WALL.replace(tzinfo=SHANGHAI).astimezone(datetime.UTC)
    body = json.loads(renderer.render({"at": utc}))
    assert body == {"at": "2026-03-05T08:30:00+08:00"}


def test_a_document_dates_a_time_by_the_bureaus_day():
    utc = EARLY.replace(tzinfo=SHANGHAI).astimezone(datetime.UTC)  # 2026-03-04 18:10 UTC
    assert chinese_date(utc) == "2026年3月5日"


@pytest.mark.django_db
def test_a_log_row_names_its_local_time(cast):
    row = AccessLog(user=cast.auditor, model="x", object_id="1", field="phone")
    row.at = WALL.replace(tzinfo=SHANGHAI).astimezone(datetime.UTC)
    assert str(row).startswith(shown(WALL))
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_no_module_formats_a_stored_time_by_hand():
    """A time written as text with a `%H` format anywhere but `sifa.core.clock` (or on an
    explicit `timezone.localtime(...)`) would be UTC: f"{row.at:%H:%M}" is how one slipped in."""
    import ast

    from tests.source_code import SIFA, parse_file, python_files

    offenders = []
    for path in python_files():
        parts = path.relative_to(SIFA).parts
        if "migrations" in parts or "tests" in parts or path.name == "clock.py":
            continue
        for node in ast.walk(parse_file(path)):
            if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
                spec = ast.unparse(node.format_spec)
                if "%H" in spec and "localtime" not in ast.unparse(node.value):
                    offenders.append(f"{path.relative_to(SIFA.parent)}:{node.lineno}")
    assert offenders == [], "format times through sifa.core.clock: " + ", ".join(offenders)


def test_a_submission_time_is_local_on_the_page_and_in_the_api(cast, login):
    from django.test import Client

    from sifa.api import actions as api_actions
    from sifa.reports import actions as report_actions
    from sifa.reports.models import ReportSubmission
    from sifa.reports.tests.test_snapshots import MONTH, YEAR, cases_in

    cases_in(cast, cast.township_a1, [2])
    submission = report_actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    ReportSubmission.objects.filter(pk=submission.pk).update(
        submitted_at=WALL.replace(tzinfo=SHANGHAI).astimezone(datetime.UTC)
    )

    page = login(cast.county_supervisor).get(
        reverse("reports:submission_detail", args=[submission.pk])
    )
    assert shown(WALL) in page.content.decode()

    _client, token = api_actions.client_create(
        actor=cast.sysadmin,
        office=cast.county_a,
        purposes=["read_statistics"],
        name="甲县综治平台",
        agency_kind="platform",
    )
    answer = Client().get(
        reverse("api:statistics_reports"),
        {"month": f"{YEAR}-{MONTH:02d}"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["results"][0]["submitted_at"] == "2026-03-05T08:30:00+08:00"
