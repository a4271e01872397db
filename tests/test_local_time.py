"""Issue 15.2: every time shown or exported is the bureau's wall-clock time (Asia/Shanghai).

`TIME_INPUTS` is the table of every way a time enters Sifa: each form field that takes one
and each endpoint that receives one. Each row enters a time the way a user or a client does
and names every place the time shows again — detail page, list, Excel export, the form shown
back, 修改记录, alerts, the API — and `test_a_time_entered_shows_the_same_wall_clock_time_
everywhere` finds the same wall-clock time in each. `test_every_form_and_serializer_that_takes_
a_time_is_in_the_table` discovers the time-taking forms and serializers from the code, so a new
one fails until it is a row here.

The times chosen fall on another UTC day (08:30 in Shanghai is 00:30 UTC; 02:10 is 18:10 UTC
the day before), so a UTC time or a UTC day anywhere is caught. Places that show a time no form
entered (the audit logs, the API request log, 修改记录 stamps, documents, to-dos) are tested
below the table.
"""

from __future__ import annotations

import datetime
import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework import serializers as drf
from rest_framework.settings import api_settings

from sifa.audit.models import AccessLog
from sifa.core import clock
from sifa.core.docx import chinese_date
from sifa.corrections.models import Alert, CheckIn, Geofence
from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.legalaid.models import Application, Consultation
from sifa.mediation.models import MediationSession as Session
from sifa.mediation.tests.factories import make_case_in_mediation, make_committee
from sifa.orgs.constants import OfficeKind
from tests.factories import UserFactory, add_office, grant

SHANGHAI = ZoneInfo("Asia/Shanghai")
WALL = datetime.datetime(2026, 3, 5, 8, 30)  # 00:30 UTC
EARLY = datetime.datetime(2026, 3, 5, 2, 10)  # 18:10 UTC the day before
CHECKIN_TOKEN = "local-time-checkin-token"
INSIDE = {"latitude": 30.28, "longitude": 120.16}
OUTSIDE = {"latitude": 31.5, "longitude": 121.9}  # far outside the county's 30 km fence


def form_value(wall: datetime.datetime) -> str:
    return wall.strftime("%Y-%m-%dT%H:%M")  # what <input type="datetime-local"> sends


def shown(wall: datetime.datetime) -> str:
    return wall.strftime("%Y-%m-%d %H:%M")


def utc_shown(wall: datetime.datetime) -> str:
    """How the same moment would read if a page showed it in UTC (the defect looked for)."""
    return wall.replace(tzinfo=SHANGHAI).astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M")


def api_value(wall: datetime.datetime) -> str:
    return wall.replace(tzinfo=SHANGHAI).isoformat()  # 2026-03-05T08:30:00+08:00


def excel_column(content: bytes, heading: str) -> list:
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = header.index(heading) + 1
    return [sheet.cell(row=r, column=column).value for r in range(2, sheet.max_row + 1)]


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def form_errors(response):
    form = response.context.get("form") if response.context else None
    return form.errors if form is not None else response.status_code


# --- the table ------------------------------------------------------------------------------

TEXT, EXCEL, FORM, API = "text", "excel", "form", "api"


@dataclass(frozen=True)
class Place:
    """One place a time shows: `found` is the page or text (TEXT), the Excel column (EXCEL),
    the form's HTML (FORM) or the API's value (API); `wall` the wall-clock time it must show."""

    where: str
    kind: str
    found: object
    wall: datetime.datetime


def check(place: Place) -> None:
    wall = place.wall
    if place.kind == TEXT:
        assert shown(wall) in place.found, f"{place.where}: {shown(wall)} not shown"
        assert utc_shown(wall) not in place.found, f"{place.where}: shows UTC {utc_shown(wall)}"
    elif place.kind == EXCEL:
        assert wall in place.found, f"{place.where}: {wall} not in {place.found}"
    elif place.kind == FORM:
        assert f'value="{form_value(wall)}"' in place.found, f"{place.where}: not shown back"
    else:
        assert place.found == api_value(wall), f"{place.where}: {place.found}"


# --- 法律咨询 --------------------------------------------------------------------------------


def consultation_data(centre, wall) -> dict:
    return {
        "office": centre.pk,
        "channel": "hotline",
        "consulted_at": form_value(wall),
        "call_id": "H-TIME",
        "duration_minutes": "3",
        "category": "contract",
        "question": "合同违约怎么办？",
        "referral": "answered",
        "satisfaction": "satisfied",
    }


def consultation_entry(world, wall) -> list[Place]:
    client = world.login(world.reviewer)
    response = client.post(
        reverse("legalaid:consultation_register"), consultation_data(world.centre, wall)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    consultation = Consultation.objects.get()
    assert consultation.consulted_at == wall.replace(tzinfo=SHANGHAI)
    edit_url = reverse("legalaid:consultation_edit", args=[consultation.pk])
    places = [
        Place("咨询详情", TEXT, page(client, consultation.get_absolute_url()), wall),
        Place("咨询列表", TEXT, page(client, reverse("legalaid:consultation_list")), wall),
        Place(
            "咨询导出",
            EXCEL,
            excel_column(client.get(reverse("legalaid:consultation_export")).content, "咨询时间"),
            wall,
        ),
        Place("咨询的名称（下拉、修改记录）", TEXT, str(consultation), wall),
        Place("修改咨询（表单回显）", FORM, page(client, edit_url), wall),
    ]
    # Moved by an hour through the edit form: the 修改记录 shows both wall-clock times.
    later = wall + datetime.timedelta(hours=1)
    response = client.post(edit_url, consultation_data(world.centre, later))
    assert response.status_code == 302, response.content.decode()[:2000]
    changes = page(world.login(world.cast.auditor), reverse("audit:changes"))
    places += [
        Place("数据修改记录（原时间）", TEXT, changes, wall),
        Place("数据修改记录（新时间）", TEXT, changes, later),
    ]
    return places


# --- 法律援助申请: 羁押场所收到申请时间 and 转交时间 ---------------------------------------------


def application_entry(world, wall) -> list[Place]:
    client = world.login(world.reviewer)
    forwarded = wall + datetime.timedelta(hours=2)
    response = client.post(
        reverse("legalaid:application_register"),
        {
            "office": world.centre.pk,
            "received_on": "2026-03-06",
            "origin": "forwarded",
            "channel": "visit",
            "id_number": "330102198001010018",
            "name": "钱某",
            "amount_claimed": "0",
            "matter_type": "criminal",
            "matter": "criminal_defence",
            "facts": "涉嫌盗窃，被羁押。",
            "detained": "on",
            "custody_received_at": form_value(wall),
            "forwarded_at": form_value(forwarded),
            "materials_provided": ["法律援助申请表"],
        },
    )
    assert response.status_code == 302, form_errors(response)
    application = Application.objects.get()
    assert application.custody_received_at == wall.replace(tzinfo=SHANGHAI)
    assert application.forwarded_at == forwarded.replace(tzinfo=SHANGHAI)
    detail = page(client, application.get_absolute_url())
    return [
        Place("申请详情：羁押场所收到申请", TEXT, detail, wall),
        Place("申请详情：转交时间", TEXT, detail, forwarded),
        # 法律援助法 第39条: forward within 24 hours, a deadline by the clock (期限卡片)
        Place("申请详情：转交期限", TEXT, detail, wall + datetime.timedelta(hours=24)),
    ]


# --- 人民调解: 调解时间 ------------------------------------------------------------------------


def session_entry(world, wall) -> list[Place]:
    cast = world.cast
    committee = make_committee(cast.township_a1)
    case = make_case_in_mediation(
        cast.township_clerk, committee, received_on=datetime.date(2026, 3, 1)
    )
    client = world.login(cast.township_clerk)
    response = client.post(
        reverse("mediation:case_session", args=[case.pk]),
        {
            "held_at": form_value(wall),
            "place": "调解室",
            "participants": "双方当事人",
            "summary": "双方陈述了意见。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Session.objects.get().held_at == wall.replace(tzinfo=SHANGHAI)
    return [Place("调解案件详情：调解记录", TEXT, page(client, case.get_absolute_url()), wall)]


# --- 定位签到: the device endpoint and the data-sharing API -----------------------------------


def check_in_places(world, wall) -> list[Place]:
    """A check-in far outside the county: the supervision page lists it and the 离开执行地
    预警 it raised, dated by the check-in's wall-clock time."""
    stored = CheckIn.objects.get()
    assert stored.at == wall.replace(tzinfo=SHANGHAI)
    alert = Alert.objects.get()
    client = world.login(world.worker)
    supervision = reverse("corrections:subject_supervision", args=[world.subject.pk])
    return [
        Place("监督管理页：签到与预警", TEXT, page(client, supervision), wall),
        Place("预警列表", TEXT, page(client, reverse("corrections:alert_list")), wall),
        Place("预警情况说明", TEXT, alert.detail, wall),
        Place("矫正对象详情：预警", TEXT, page(client, world.subject.get_absolute_url()), wall),
        Place(
            "处置预警页",
            TEXT,
            page(client, reverse("corrections:alert_handle", args=[alert.pk])),
            wall,
        ),
    ]


def device_check_in_entry(world, wall) -> list[Place]:
    response = Client().post(
        reverse("corrections:api_check_in"),
        data=json.dumps(
            {"subject": world.subject.number, "at": api_value(wall), "accuracy_m": 10, **OUTSIDE}
        ),
        content_type="application/json",
        HTTP_X_SIFA_TOKEN=CHECKIN_TOKEN,
    )
    assert response.status_code == 201, response.content
    return check_in_places(world, wall)


def api_check_in_entry(world, wall) -> list[Place]:
    from sifa.api import actions as api_actions

    _client, token = api_actions.client_create(
        actor=world.cast.sysadmin,
        office=world.cast.county_a,
        purposes=["submit_checkin"],
        name="甲县定位平台",
        agency_kind="platform",
    )
    response = Client().post(
        reverse("api:check_ins"),
        data=json.dumps(
            {"subject": world.subject.number, "at": api_value(wall), "accuracy_m": 10, **OUTSIDE}
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    assert response.json()["alert"] is True
    return check_in_places(world, wall)


# --- 公共法律服务中心: 来访时间 ------------------------------------------------------------------


def visit_entry(world, wall) -> list[Place]:
    from sifa.frontdesk.models import Visit

    client = world.login(world.desk)
    response = client.post(
        reverse("frontdesk:visit_register"),
        {
            "office": world.pls_centre.pk,
            "visited_at": form_value(wall),
            "name": "孙某",
            "category": "labour",
            "matter": "工资被拖欠三个月。",
            "service": "answered",
        },
    )
    assert response.status_code == 302, form_errors(response)
    visit = Visit.objects.get()
    assert visit.visited_at == wall.replace(tzinfo=SHANGHAI)
    # its name (selects, 修改记录) carries the bureau's day, not the UTC one
    assert str(visit).endswith(wall.strftime("%Y-%m-%d")), str(visit)
    return [
        Place("来访详情", TEXT, page(client, visit.get_absolute_url()), wall),
        Place("来访列表", TEXT, page(client, reverse("frontdesk:visit_list")), wall),
        Place(
            "来访导出",
            EXCEL,
            excel_column(client.get(reverse("frontdesk:visit_export")).content, "来访时间"),
            wall,
        ),
    ]


# --- 12345工单: 派单时间 and the platform's 签收/办结时限, by hand and pushed ---------------


def order_walls(wall) -> tuple[datetime.datetime, datetime.datetime, datetime.datetime]:
    """派单时间, the platform's 签收时限 (two hours on) and 办结时限 (three days on)."""
    return wall, wall + datetime.timedelta(hours=2), wall + datetime.timedelta(days=3)


def order_places(world, wall) -> list[Place]:
    from sifa.hotline.models import WorkOrder
    from sifa.hotline.todos import hotline_todos

    received, sign_due, reply_due = order_walls(wall)
    order = WorkOrder.objects.get()
    assert order.received_at == received.replace(tzinfo=SHANGHAI)
    assert order.sign_due == order.platform_sign_due == sign_due.replace(tzinfo=SHANGHAI)
    assert order.reply_due == order.platform_reply_due == reply_due.replace(tzinfo=SHANGHAI)
    client = world.login(world.cast.county_supervisor)  # 甲县司法局's 12345 desk
    detail = page(client, order.get_absolute_url())
    listing = page(client, reverse("hotline:order_list"))
    export = client.get(reverse("hotline:order_export")).content

    todos = " | ".join(todo.title for todo in hotline_todos(world.cast.county_supervisor))

    def exported(heading):  # the export writes each time as text in the bureau's zone
        return " | ".join(str(value) for value in excel_column(export, heading))

    return [
        Place("工单详情：派单时间", TEXT, detail, received),
        Place("工单详情：签收时限", TEXT, detail, sign_due),
        Place("工单详情：答复时限", TEXT, detail, reply_due),
        Place("工单列表：派单时间", TEXT, listing, received),
        Place("工单列表：答复时限", TEXT, listing, reply_due),
        Place("工单导出：派单时间", TEXT, exported("派单时间"), received),
        Place("工单导出：签收时限", TEXT, exported("签收时限"), sign_due),
        Place("工单导出：答复时限", TEXT, exported("答复时限"), reply_due),
        Place("待办：待分派（签收时限）", TEXT, todos, sign_due),
    ]


def order_by_hand_entry(world, wall) -> list[Place]:
    received, sign_due, reply_due = order_walls(wall)
    response = world.login(world.cast.county_supervisor).post(
        reverse("hotline:order_register"),
        {
            "bureau": world.cast.county_a.pk,
            "number": "12345-TIME-1",
            "channel": "phone",
            "category": "help",
            "urgency": "normal",
            "received_at": form_value(received),
            "content": "邻里纠纷求助。",
            "platform_sign_due": form_value(sign_due),
            "platform_reply_due": form_value(reply_due),
        },
    )
    assert response.status_code == 302, form_errors(response)
    return order_places(world, wall)


def order_push_entry(world, wall) -> list[Place]:
    from sifa.api import actions as api_actions

    received, sign_due, reply_due = order_walls(wall)
    _client, token = api_actions.client_create(
        actor=world.cast.sysadmin,
        office=world.cast.county_a,
        purposes=["push_orders"],
        name="青川市12345政务服务便民热线平台",
        agency_kind="other",
    )
    response = Client().post(
        reverse("api:hotline_orders"),
        data=json.dumps(
            {
                "bureau_code": world.cast.county_a.code,
                "number": "12345-TIME-API",
                "category": "consult",
                "received_at": api_value(received),
                "content": "咨询如何申请法律援助。",
                "sign_due": api_value(sign_due),
                "reply_due": api_value(reply_due),
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    return order_places(world, wall)


@dataclass(frozen=True)
class TimeInput:
    entry: Callable  # (world, wall) -> list[Place]
    what: str


# Every form field and API field that takes a time, by its dotted name, and the device
# endpoint by its URL name. A new one is a new row (the guard test below insists).
TIME_INPUTS: dict[str, TimeInput] = {
    "sifa.legalaid.forms.consultations.ConsultationForm.consulted_at": TimeInput(
        consultation_entry, "登记/修改法律咨询：咨询时间"
    ),
    "sifa.legalaid.forms.applications.ApplicationRegisterForm.custody_received_at": TimeInput(
        application_entry, "登记法律援助申请：羁押场所收到申请时间"
    ),
    "sifa.legalaid.forms.applications.ApplicationRegisterForm.forwarded_at": TimeInput(
        application_entry, "登记法律援助申请：转交时间"
    ),
    "sifa.mediation.forms.cases.SessionForm.held_at": TimeInput(
        session_entry, "调解记录：调解时间"
    ),
    "sifa.corrections.api.serializers.CheckInIn.at": TimeInput(
        api_check_in_entry, "数据共享接口 POST /api/v1/check-ins/：签到时间"
    ),
    "url:corrections:api_check_in": TimeInput(device_check_in_entry, "定位签到设备接口：签到时间"),
    "sifa.frontdesk.forms.VisitForm.visited_at": TimeInput(visit_entry, "来访登记：来访时间"),
    "sifa.hotline.forms.orders.OrderReceiveForm.received_at": TimeInput(
        order_by_hand_entry, "接收工单：派单时间"
    ),
    "sifa.hotline.forms.orders.OrderReceiveForm.platform_sign_due": TimeInput(
        order_by_hand_entry, "接收工单：平台签收时限"
    ),
    "sifa.hotline.forms.orders.OrderReceiveForm.platform_reply_due": TimeInput(
        order_by_hand_entry, "接收工单：平台办结时限"
    ),
    "sifa.hotline.api.serializers.OrderIn.received_at": TimeInput(
        order_push_entry, "工单推送接口 POST /api/v1/hotline-orders/：派单时间"
    ),
    "sifa.hotline.api.serializers.OrderIn.sign_due": TimeInput(
        order_push_entry, "工单推送接口 POST /api/v1/hotline-orders/：签收时限"
    ),
    "sifa.hotline.api.serializers.OrderIn.reply_due": TimeInput(
        order_push_entry, "工单推送接口 POST /api/v1/hotline-orders/：办结时限"
    ),
}

# Serializer fields that only write a time out, and the test that reads them from the API.
TIME_OUTPUTS = {
    "sifa.api.serializers_stats.ReportOut.submitted_at": (
        "test_a_submission_time_is_local_on_the_page_and_in_the_api"
    ),
    "sifa.api.serializers_stats.ReportOut.reviewed_at": (
        "test_a_submission_time_is_local_on_the_page_and_in_the_api"
    ),
}


# Form fields that carry a time but never take one: read-only where the form is used (the
# Django admin's `readonly_fields`), and the test that finds the time shown in local time.
READ_ONLY_TIMES = {
    "sifa.accounts.forms.AdminUserChangeForm.last_login": (
        "test_the_admin_shows_a_users_times_in_local_time"
    ),
    "sifa.accounts.forms.AdminUserChangeForm.date_joined": (
        "test_the_admin_shows_a_users_times_in_local_time"
    ),
}


@dataclass
class World:
    cast: object
    login: Callable
    centre: object
    reviewer: object
    worker: object
    subject: object
    pls_centre: object
    desk: object


@pytest.fixture
def world(cast, login, settings):
    settings.SIFA_CHECKIN_TOKEN = CHECKIN_TOKEN
    centre = add_office(
        cast.county_a,
        name="甲县法律援助中心",
        code="330102LA9",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330102",
    )
    reviewer = UserFactory(username="la_reviewer_time")
    grant(reviewer, centre, "la_reviewer")
    worker = make_worker(cast.county_a)
    Geofence.objects.create(
        office=cast.county_a, latitude=30.2741, longitude=120.1551, radius_km=30
    )
    subject = make_active_subject(worker, cast.township_a1)
    pls_centre = add_office(
        cast.county_a,
        name="甲县公共法律服务中心",
        code="330102P09",
        kind=OfficeKind.PLS_CENTER,
        region_code="330102",
    )
    desk = UserFactory(username="pls_desk_time")
    grant(desk, pls_centre, "section")  # 业务科室 staff at the desk
    return World(cast, login, centre, reviewer, worker, subject, pls_centre, desk)


@pytest.mark.parametrize("wall", [WALL, EARLY], ids=["morning", "before-utc-midnight"])
@pytest.mark.parametrize("key", sorted(TIME_INPUTS))
def test_a_time_entered_shows_the_same_wall_clock_time_everywhere(world, key, wall):
    places = TIME_INPUTS[key].entry(world, wall)
    assert places
    for place in places:
        check(place)


# --- the guard: every time-taking form and serializer is a row of the table -------------------


def _sifa_modules():
    from tests.source_code import SIFA, python_files

    for path in python_files():
        parts = path.relative_to(SIFA.parent).with_suffix("").parts
        if {"tests", "migrations", "management"} & set(parts):
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield importlib.import_module(name)


def _subclasses(base):
    seen, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


def _own(cls, attribute: str):
    """The (name, field) pairs `cls` declares itself, not those it inherits unchanged."""
    inherited = {
        (name, id(field))
        for base in cls.__mro__[1:]
        for name, field in getattr(base, attribute, {}).items()
    }
    return [
        (name, field)
        for name, field in getattr(cls, attribute, {}).items()
        if (name, id(field)) not in inherited
    ]


def time_fields_of(form_classes, serializer_classes) -> tuple[set[str], set[str]]:
    """(form and serializer fields that take a time, serializer fields that only write one
    out), each as `module.Class.field`."""
    taking, writing = set(), set()
    for form in form_classes:
        for name, field in _own(form, "base_fields"):
            if isinstance(field, forms.DateTimeField | forms.SplitDateTimeField):
                taking.add(f"{form.__module__}.{form.__qualname__}.{name}")
    for serializer in serializer_classes:
        out = serializer.__name__.endswith("Out")
        for name, field in _own(serializer, "_declared_fields"):
            if isinstance(field, drf.DateTimeField):
                dotted = f"{serializer.__module__}.{serializer.__qualname__}.{name}"
                (writing if out or field.read_only else taking).add(dotted)
    return taking, writing


def time_fields_in_code() -> tuple[set[str], set[str]]:
    """`time_fields_of` every form and serializer class Sifa defines (each module imported)."""
    list(_sifa_modules())

    def ours(cls) -> bool:
        return cls.__module__.startswith("sifa.") and "<locals>" not in cls.__qualname__

    return time_fields_of(
        sorted(filter(ours, _subclasses(forms.BaseForm)), key=str),
        sorted(filter(ours, _subclasses(drf.Serializer)), key=str),
    )


@pytest.mark.source
def test_every_form_and_serializer_that_takes_a_time_is_in_the_table():
    taking, writing = time_fields_in_code()
    table = {key for key in TIME_INPUTS if not key.startswith("url:")}
    assert taking - table - set(READ_ONLY_TIMES) == set(), "add a row to TIME_INPUTS for each"
    for key, test_name in READ_ONLY_TIMES.items():
        assert key in taking
        assert _read_only_in_its_admin(key), f"{key} takes a time in the admin: a TIME_INPUTS row"
        assert callable(globals()[test_name])
    assert table - taking == set(), "rows whose field no longer exists"
    assert writing == set(TIME_OUTPUTS), "name the test that reads each from the API"
    for test_name in TIME_OUTPUTS.values():
        assert callable(globals()[test_name])
    url_names = [key.removeprefix("url:") for key in TIME_INPUTS if key.startswith("url:")]
    assert all(reverse(name) for name in url_names)


def _read_only_in_its_admin(key: str) -> bool:
    from django.contrib import admin

    form_path, field = key.rsplit(".", 1)
    uses = [
        model_admin
        for model_admin in admin.site._registry.values()
        if f"{model_admin.form.__module__}.{model_admin.form.__qualname__}" == form_path
    ]
    return bool(uses) and all(field in model_admin.readonly_fields for model_admin in uses)


@pytest.mark.source
def test_the_guard_tells_a_field_that_takes_a_time_from_one_that_writes_it():
    class MeetingForm(forms.Form):
        starts_at = forms.DateTimeField()
        room = forms.CharField()

    class MeetingIn(drf.Serializer):
        starts_at = drf.DateTimeField()

    class MeetingOut(drf.Serializer):
        starts_at = drf.DateTimeField()

    taking, writing = time_fields_of([MeetingForm], [MeetingIn, MeetingOut])
    test = test_the_guard_tells_a_field_that_takes_a_time_from_one_that_writes_it
    prefix = f"{__name__}.{test.__name__}.<locals>"
    assert taking == {f"{prefix}.MeetingForm.starts_at", f"{prefix}.MeetingIn.starts_at"}
    assert writing == {f"{prefix}.MeetingOut.starts_at"}


# --- the check-in as a device may send it: in UTC -----------------------------------------------


def test_a_check_in_sent_in_utc_shows_the_wall_clock_time(world):
    response = Client().post(
        reverse("corrections:api_check_in"),
        data=json.dumps(
            {"subject": world.subject.number, "at": "2026-03-05T00:30:00Z", "accuracy_m": 10}
            | INSIDE
        ),
        content_type="application/json",
        HTTP_X_SIFA_TOKEN=CHECKIN_TOKEN,
    )
    assert response.status_code == 201, response.content
    assert CheckIn.objects.get().at == WALL.replace(tzinfo=SHANGHAI)
    supervision = reverse("corrections:subject_supervision", args=[world.subject.pk])
    check(Place("监督管理页", TEXT, page(world.login(world.worker), supervision), WALL))


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


def _is_localtime_call(node) -> bool:
    """`timezone.localtime(...)` (or `localtime(...)`) itself: its value is the bureau's time."""
    import ast

    return isinstance(node, ast.Call) and ast.unparse(node.func).endswith("localtime")


@pytest.mark.source
def test_no_module_formats_a_stored_time_by_hand():
    """A time written as text with a `%H` format anywhere but `sifa.core.clock` (or directly on
    `timezone.localtime(...)`) would be UTC: f"{row.at:%H:%M}" is how one slipped in, and
    `value.strftime("%H:%M")` is the same mistake."""
    import ast

    from tests.source_code import SIFA, parse_file, python_files

    offenders = []
    for path in python_files():
        parts = path.relative_to(SIFA).parts
        if "migrations" in parts or "tests" in parts or path.name == "clock.py":
            continue
        for node in ast.walk(parse_file(path)):
            if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
                spec, value = ast.unparse(node.format_spec), node.value
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "strftime"
                and node.args
            ):
                spec, value = ast.unparse(node.args[0]), node.func.value
            else:
                continue
            if "%H" in spec and not _is_localtime_call(value):
                offenders.append(f"{path.relative_to(SIFA.parent)}:{node.lineno}")
    assert offenders == [], "format times through sifa.core.clock: " + ", ".join(offenders)


def test_a_submission_time_is_local_on_the_page_and_in_the_api(cast, login):
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


def test_the_admin_shows_a_users_times_in_local_time(cast, login):
    """上次登录 and 注册时间 are read-only in the admin (READ_ONLY_TIMES) and shown there, on
    the change page and in the user list, in the bureau's zone."""
    from sifa.accounts.models import User

    moment = WALL.replace(tzinfo=SHANGHAI).astimezone(datetime.UTC)
    User.objects.filter(pk=cast.township_clerk.pk).update(last_login=moment, date_joined=moment)
    client = login(cast.sysadmin)
    change = page(client, reverse("admin:accounts_user_change", args=[cast.township_clerk.pk]))
    listed = page(
        client, reverse("admin:accounts_user_changelist") + f"?q={cast.township_clerk.username}"
    )
    for where in (change, listed):
        assert "2026年3月5日 08:30" in where
        assert "2026年3月5日 00:30" not in where
    assert change.count("2026年3月5日 08:30") == 2  # 上次登录 and 注册时间


# --- Places that show a time no form entered -------------------------------------------------


def stamped(where: str, text: str, at: datetime.datetime, *, seconds: bool = True) -> None:
    """`text` shows the stored moment `at` in the bureau's zone, and not in UTC. The moment is
    now (a log row is stamped by the database's clock and never changed), so the check holds
    at any hour: Shanghai and UTC always differ by eight hours."""
    fmt = clock.SECOND if seconds else clock.MINUTE
    local_text = timezone.localtime(at, SHANGHAI).strftime(fmt)
    utc_text = at.astimezone(datetime.UTC).strftime(fmt)
    assert local_text in text, f"{where}: {local_text} not shown"
    assert utc_text not in text, f"{where}: shows UTC {utc_text}"


def test_the_audit_logs_show_local_time(cast, login):
    from sifa.audit.models import AuthEvent

    person = cast.township_clerk
    access = AccessLog.objects.create(
        user=person, model="people.person", object_id="1", object_repr="张某", field="id_number"
    )
    event = AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username=person.username)
    client = login(cast.auditor)
    stamped("敏感信息查看记录", page(client, reverse("audit:access_logs")), access.at)
    stamped("登录日志", page(client, reverse("audit:auth_events")), event.at)
    stamped("查看记录的名称", str(access), access.at, seconds=False)


def test_the_api_request_log_shows_local_time(cast, login):
    from sifa.api import actions as api_actions
    from sifa.api.models import ApiRequestLog

    _client, token = api_actions.client_create(
        actor=cast.sysadmin,
        office=cast.county_a,
        purposes=["read_statistics"],
        name="甲县综治平台",
        agency_kind="platform",
    )
    answer = Client().get(reverse("api:client"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200, answer.content
    row = ApiRequestLog.objects.get()
    client = login(cast.sysadmin)
    stamped("接口调用日志", page(client, reverse("api_admin:request_log")), row.at)
    stamped(
        "客户端列表：最近调用",
        page(client, reverse("api_admin:client_list")),
        row.at,
        seconds=False,
    )


def test_a_records_history_and_the_change_log_show_local_time(cast, login):
    """修改记录 on a record's page and 数据修改记录 stamp each change in the bureau's zone."""
    case = make_case_in_mediation(cast.township_clerk, make_committee(cast.township_a1))
    moment = EARLY.replace(tzinfo=SHANGHAI).astimezone(datetime.UTC)
    case.history.all().update(history_date=moment)
    record_page = page(login(cast.township_clerk), case.get_absolute_url())
    check(Place("调解案件详情：修改记录", TEXT, record_page, EARLY))
    # filtered by the bureau's day (2026-03-04 in UTC): the change is found and stamped 02:10
    changes = page(
        login(cast.auditor), reverse("audit:changes") + "?date_from=2026-03-05&date_to=2026-03-05"
    )
    assert EARLY.strftime("%Y-%m-%d %H:%M:%S") in changes
    assert moment.strftime("%Y-%m-%d %H:%M:%S") not in changes


def test_a_persons_registration_time_is_local(cast, login):
    worker = make_worker(cast.county_a)
    person = make_active_subject(worker, cast.township_a1).person
    type(person).objects.filter(pk=person.pk).update(
        created_at=EARLY.replace(tzinfo=SHANGHAI).astimezone(datetime.UTC)
    )
    check(
        Place(
            "人员详情：登记时间",
            TEXT,
            page(login(worker), reverse("people:person_detail", args=[person.pk])),
            EARLY,
        )
    )
