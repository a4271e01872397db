"""Roles limited by business line (按业务条线授权, issue 14 item 3; docs/security.md).

A role's record capabilities (view, edit, reveal, minors) hold only in the lines it lists
(`Role.lines`). The cast's users hold all-line roles; the demo-like corrections worker (社区矫正
工作人员 on the county, as `load_demo` grants it) holds corrections and resettlement only, the
mediator mediation only.
"""

from __future__ import annotations

import base64
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from sifa.audit.models import AccessLog
from sifa.core.lines import business_lines
from sifa.corrections.tests.factories import make_subject, make_worker
from sifa.legalaid.models import Upload
from sifa.legalaid.tests.factories import make_application, make_centre
from sifa.mediation.models import MediationCase
from sifa.mediation.tests.factories import make_case, make_committee
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Role
from sifa.orgs.roles import SEED_ROLE_LINES
from sifa.people.actions import person_reveal, person_update
from sifa.people.models import DocumentType
from sifa.people.tests.helpers import resident_id
from sifa.shell.menu import navigation_for
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

CASE_RECEIVED = "2026-03-02"  # the mediation factories' date of receipt


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1)


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def case(cast, committee):
    return make_case(cast.township_clerk, committee)


@pytest.fixture
def application(cast, centre):
    return make_application(cast.county_supervisor, centre)


@pytest.fixture
def cc_worker(cast):
    """社区矫正工作人员 on county A, as the demo grants it on its bureau."""
    return make_worker(cast.county_a, username="cc_worker_lines")


@pytest.fixture
def subject(cast, cc_worker):
    return make_subject(cc_worker, cast.township_a1)


@pytest.fixture
def mediator(cast, committee):
    user = UserFactory(username="mediator_lines")
    grant(user, cast.township_a1, "mediator")
    return user


def with_id_number(person, number: str):
    person.doc_type = DocumentType.RESIDENT_ID
    person.set_id_number(number)
    person.save()
    return person


# --- the demo's corrections worker: other lines are not found ------------------------------


def test_corrections_worker_gets_404_on_a_mediation_case_and_a_legal_aid_file(
    cast, login, cc_worker, case, application
):
    http = login(cc_worker)
    assert http.get(reverse("mediation:case_detail", args=[case.pk])).status_code == 404
    assert (
        http.get(reverse("legalaid:application_detail", args=[application.pk])).status_code == 404
    )
    with pytest.raises(Http404):
        access.require_for(cc_worker, Cap.VIEW, case)
    with pytest.raises(Http404):
        access.require_for(cc_worker, Cap.EDIT, application)


def test_corrections_worker_lists_searches_and_exports_no_other_line(
    cast, login, cc_worker, case, application
):
    http = login(cc_worker)
    # The line's pages are closed to a role without the line: 403, not an empty list.
    for name in ("mediation:case_list", "mediation:case_export"):
        assert http.get(reverse(name), {"q": case.number}).status_code == 403
    for name in ("legalaid:application_list", "legalaid:application_export"):
        assert http.get(reverse(name), {"q": application.number}).status_code == 403
    # And the access module scopes them away wherever a selector asks.
    assert not access.scope(cc_worker, MediationCase).exists()
    assert not access.scope(cc_worker, type(application)).exists()
    assert access.scope(cast.county_supervisor, MediationCase).filter(pk=case.pk).exists()


def test_corrections_worker_cannot_open_a_legal_aid_upload(cast, login, cc_worker, application):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
    upload = Upload.objects.create(
        office=application.office,
        application=application,
        filename="工资欠条.png",
        content_type="image/png",
        size=len(png),
        content=base64.b64encode(png).decode("ascii"),
    )
    url = reverse("legalaid:application_upload", args=[application.pk, upload.pk])
    assert login(cc_worker).get(url).status_code == 404  # 明文查看 in corrections only
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert list(AccessLog.objects.values_list("user", flat=True)) == [cast.county_supervisor.pk]


def test_corrections_worker_cannot_register_in_another_line(cast, cc_worker, committee):
    with pytest.raises(Http404):  # not seen in that line at all: not found
        make_case(cc_worker, committee)
    assert not MediationCase.objects.filter(office=committee).exists()


def test_drill_down_counts_every_line_but_lists_only_the_readers_lines(
    cast, login, cc_worker, case
):
    params = {"office": cast.county_a.pk, "from": CASE_RECEIVED, "to": CASE_RECEIVED}
    url = reverse("stats:records", args=["mediation.cases_accepted"])
    supervisor = login(cast.county_supervisor).get(url, params)
    assert supervisor.status_code == 200 and case.number in supervisor.content.decode()
    assert supervisor.context["hidden_other_lines"] == 0
    worker = login(cc_worker).get(url, params)
    assert worker.status_code == 200
    assert case.number not in worker.content.decode()
    # The figure still counts the case: the page says why its list is shorter.
    assert worker.context["hidden_other_lines"] == 1
    assert "含其他业务条线的记录 1 条（您的角色无权查看）" in worker.content.decode()
    export = login(cc_worker).get(url, {**params, "format": "xlsx"})
    assert export.status_code == 200 and case.number.encode() not in export.content
    notes = load_workbook(BytesIO(export.content))["说明"]
    assert ["未列出", "含其他业务条线的记录 1 条（您的角色无权查看）"] in [
        [cell.value for cell in row] for row in notes.iter_rows()
    ]


# --- person pages and reveals -------------------------------------------------------------


def test_person_page_lists_only_the_records_of_the_viewers_lines(
    cast, login, cc_worker, case, subject
):
    party = case.parties.select_related("person").first().person
    for person, expected in ((party, []), (subject.person, ["社区矫正"])):
        rows = login(cc_worker).get(reverse("people:person_detail", args=[person.pk]))
        assert rows.status_code == 200
        assert [row["line"] for row in rows.context["line_records"]] == expected
    supervisor = login(cast.county_supervisor).get(reverse("people:person_detail", args=[party.pk]))
    assert [row["line"] for row in supervisor.context["line_records"]] == ["人民调解"]
    assert case.number in supervisor.content.decode()


def test_corrections_worker_cannot_reveal_a_person_known_only_from_mediation(
    cast, login, cc_worker, case, subject
):
    party = with_id_number(case.parties.first().person, resident_id(born=date(1980, 1, 1)))
    with pytest.raises(PermissionDenied):
        person_reveal(actor=cc_worker, person=party, field="id_number", ip_address=None)
    url = reverse("people:person_reveal", args=[party.pk, "id_number"])
    assert login(cc_worker).post(url).status_code == 403
    assert not AccessLog.objects.exists()
    detail = login(cc_worker).get(reverse("people:person_detail", args=[party.pk]))
    assert detail.context["can_reveal"] is False
    # The subject the worker handles is revealed (and logged) as before.
    own = with_id_number(subject.person, resident_id(born=date(1981, 1, 1)))
    assert person_reveal(actor=cc_worker, person=own, field="id_number", ip_address=None)
    assert AccessLog.objects.filter(user=cc_worker, object_id=str(own.pk)).count() == 1
    # A leader of every line may reveal the mediation party.
    assert person_reveal(actor=cast.city_leader, person=party, field="id_number", ip_address=None)


def test_corrections_worker_cannot_edit_a_person_known_only_from_mediation(
    cast, login, cc_worker, case, subject
):
    party = case.parties.first().person
    with pytest.raises(PermissionDenied):
        person_update(actor=cc_worker, person=party, address="改过的地址")
    assert login(cc_worker).get(reverse("people:person_edit", args=[party.pk])).status_code == 403
    detail = login(cc_worker).get(reverse("people:person_detail", args=[party.pk]))
    assert detail.context["can_edit"] is False
    party.refresh_from_db()
    assert party.address == ""
    # The worker's own subject stays editable.
    person_update(actor=cc_worker, person=subject.person, address="青川市城东街道1号")
    subject.person.refresh_from_db()
    assert subject.person.address == "青川市城东街道1号"


def test_the_menu_offers_only_the_roles_lines(cast, rf, cc_worker):
    def sections(user):
        request = rf.get("/")
        request.user = user
        return {section["key"] for section in navigation_for(request)}

    assert {"corrections", "resettlement"} <= sections(cc_worker)
    assert not {"mediation", "legalaid"} & sections(cc_worker)
    assert {line.key for line in business_lines()} <= sections(cast.county_supervisor)


# --- the other way round, and a role of every line --------------------------------------------


def test_mediator_cannot_open_corrections(cast, login, mediator, subject, case):
    http = login(mediator)
    assert http.get(reverse("corrections:subject_detail", args=[subject.pk])).status_code == 404
    assert http.get(reverse("corrections:subject_list")).status_code == 403
    assert http.get(reverse("mediation:case_detail", args=[case.pk])).status_code == 200


def test_a_role_with_every_line_sees_everything_as_before(cast, login, case, application, subject):
    http = login(cast.county_supervisor)
    for url in (
        reverse("mediation:case_detail", args=[case.pk]),
        reverse("legalaid:application_detail", args=[application.pk]),
        reverse("corrections:subject_detail", args=[subject.pk]),
    ):
        assert http.get(url).status_code == 200
    for model, record in (
        (MediationCase, case),
        (type(application), application),
        (type(subject), subject),
    ):
        assert access.scope(cast.county_supervisor, model).filter(pk=record.pk).exists()


def test_a_role_without_lines_sees_no_business_record(cast, case, subject):
    Role.objects.filter(key="jo_staff").update(lines=[])
    access.forget_grants(cast.township_clerk)
    assert not access.scope(cast.township_clerk, MediationCase).exists()
    assert not access.scope(cast.township_clerk, type(subject.person)).exists()
    assert not access.can(cast.township_clerk, Cap.VIEW, cast.township_a1, line=access.ANY_LINE)


def test_a_record_capability_without_a_line_is_a_programming_error(cast):
    with pytest.raises(TypeError):
        access.can(cast.township_clerk, Cap.VIEW, cast.township_a1)
    # Administrative capabilities are not bound to lines.
    assert access.can(cast.sysadmin, Cap.ORGS_MANAGE, cast.township_a1)


# --- the API -------------------------------------------------------------------------------


def test_the_api_sees_only_the_lines_of_its_service_role(cast, case, application, client):
    from sifa.api import actions as api_actions

    _api_client, token = api_actions.client_create(
        actor=cast.sysadmin,
        office=cast.county_a,
        purposes=["notify_defence"],
        name="甲县公安局",
        agency_kind="police",
    )
    url = reverse("api:defence_notification", args=[application.number])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    list_url = reverse("api:defence_notifications")
    Role.objects.filter(key="api_client").update(lines=["corrections"])
    assert client.get(url, **headers).status_code == 404
    listed = client.get(list_url, **headers)
    assert listed.status_code == 200 and application.number not in listed.content.decode()


# --- seed roles and the admin ----------------------------------------------------------------


def test_seed_roles_have_their_lines():
    every = sorted(line.key for line in business_lines())
    stored = {role.key: sorted(role.lines) for role in Role.objects.all()}
    assert stored["mediator"] == ["mediation"]
    assert stored["la_reviewer"] == ["legalaid"]
    assert stored["cc_worker"] == ["corrections", "resettlement"]
    for key in ("leader", "section", "jo_head", "jo_staff", "api_client"):
        assert stored[key] == every
    for key in ("sysadmin", "auditor", "public"):
        assert stored[key] == []
    assert {key: sorted(lines) for key, lines in SEED_ROLE_LINES.items()} == {
        key: stored[key] for key in SEED_ROLE_LINES
    }


@pytest.fixture
def admin_client(client, cast):
    superuser = UserFactory(username="root_lines", is_staff=True, is_superuser=True)
    client.force_login(superuser, backend="sifa.accounts.backends.RolePermissionBackend")
    return client


def business_lines_by_key():
    return {line.key: line.name for line in business_lines()}


def test_the_role_admin_shows_the_lines_in_chinese_and_never_saves_them(admin_client):
    # 三权分立: what a role may do (capabilities and lines) comes with a release or from the
    # server's shell; the administrator sees it and cannot widen it.
    role = Role.objects.get(key="mediator")
    url = reverse("admin:orgs_role_change", args=[role.pk])
    html = admin_client.get(url).content.decode()
    assert str(business_lines_by_key()["mediation"]) in html
    assert 'name="lines"' not in html
    data = {"name": role.name, "lines": ["resettlement", "mediation", "corrections"]}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.lines == ["mediation"]
