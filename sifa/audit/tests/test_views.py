"""The audit pages: who may read them (三权分立), filters, pagination, and no editing."""

import re

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from config.sifa_settings import sifa_setting
from sifa.audit.models import AccessLog, AuthEvent
from sifa.audit.tests.helpers import (
    ID_FIRST,
    ID_SECOND,
    PHONE_FIRST,
    PHONE_SECOND,
    change_person,
    clock_at,
    local,
    make_person,
)
from sifa.people.models import Person
from sifa.shell.menu import navigation_for
from tests.factories import UserFactory, grant

PER_PAGE = sifa_setting("SIFA_PER_PAGE")

pytestmark = pytest.mark.django_db

PAGES = ["audit:auth_events", "audit:access_logs", "audit:changes"]
NOT_AUDITORS = ["sysadmin", "township_clerk", "county_supervisor", "city_leader", "public_user"]


def login_event(username, kind=AuthEvent.Kind.LOGIN, user=None):
    return AuthEvent.objects.create(kind=kind, username=username, user=user, ip_address="10.1.1.1")


def reveal(user, person, field="id_number"):
    return AccessLog.objects.create(
        user=user,
        model="people.Person",
        object_id=str(person.pk),
        object_repr=str(person),
        field=field,
    )


# --- who may read ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_the_auditor_reads_every_page(name, cast, login):
    response = login(cast.auditor).get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", NOT_AUDITORS)
def test_everybody_else_is_forbidden_the_sysadmin_included(name, who, cast, login):
    response = login(getattr(cast, who)).get(reverse(name))

    assert response.status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_an_anonymous_visitor_is_sent_to_log_in(name, client, db):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_an_auditor_anywhere_sees_the_whole_trail(cast, login):
    """Audit logs are not office-owned: an auditor granted on a township sees them all."""
    township_auditor = UserFactory(username="township_auditor")
    grant(township_auditor, cast.township_b1, "auditor")
    login_event("city_leader", user=cast.city_leader)
    login_event("sibling_clerk", user=cast.sibling_clerk)

    response = login(township_auditor).get(reverse("audit:auth_events"))

    shown = {event.username for event in response.context["page_obj"]}
    assert {"city_leader", "sibling_clerk"} <= shown  # users outside the township's subtree


def allowed_post_targets():
    try:
        return {reverse("accounts:logout")}
    except NoReverseMatch:
        return set()


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_offer_no_editing(name, cast, login):
    person = change_person(make_person(cast.township_a1, cast.township_clerk), cast.township_clerk)
    reveal(cast.county_supervisor, person)
    login_event("township_clerk", user=cast.township_clerk)

    html = login(cast.auditor).get(reverse(name)).content.decode()

    forms = re.findall(r"<form\b[^>]*>", html, flags=re.IGNORECASE)
    post_forms = [f for f in forms if re.search(r"method=['\"]?post", f, re.IGNORECASE)]
    targets = [re.search(r"action=['\"]([^'\"]*)", f) for f in post_forms]
    # The only form that may POST is the shell's logout button; the filters use GET.
    assert all(t is not None and t.group(1) in allowed_post_targets() for t in targets)
    assert "<textarea" not in html


# --- 登录日志 ---------------------------------------------------------------------------------


def test_login_log_filters_by_username_and_kind(cast, login):
    login_event("township_clerk", user=cast.township_clerk)
    failure = login_event("township_clerk", kind=AuthEvent.Kind.FAILURE)
    login_event("city_leader", user=cast.city_leader)

    response = login(cast.auditor).get(
        reverse("audit:auth_events"), {"username": "township", "kind": "failure"}
    )

    assert list(response.context["page_obj"]) == [failure]
    assert "登录失败" in response.content.decode()


def test_login_log_filters_by_date_range_both_ends_included(cast, login):
    with clock_at(local(2026, 3, 1, 8)):
        login_event("before")
    with clock_at(local(2026, 3, 2, 0)):
        first_day = login_event("first_day")
    with clock_at(local(2026, 3, 3, 23)):
        last_day = login_event("last_day")
    with clock_at(local(2026, 3, 4, 0)):
        login_event("after")

    response = login(cast.auditor).get(
        reverse("audit:auth_events"), {"date_from": "2026-03-02", "date_to": "2026-03-03"}
    )

    assert list(response.context["page_obj"]) == [last_day, first_day]


def test_login_log_is_paginated_newest_first(cast, login):
    # Filtered on "probe": logging in writes the auditor's own AuthEvent too.
    events = [login_event(f"probe{i}") for i in range(PER_PAGE + 1)]
    client = login(cast.auditor)
    url = reverse("audit:auth_events")

    first = client.get(url, {"username": "probe"}).context["page_obj"]
    second = client.get(url, {"username": "probe", "page": 2}).context["page_obj"]

    assert len(first) == PER_PAGE
    assert list(second) == [events[0]]
    assert first[0] == events[-1]


def test_a_bad_date_gets_a_chinese_error_and_keeps_what_was_typed(cast, login):
    login_event("township_clerk")

    response = login(cast.auditor).get(
        reverse("audit:auth_events"), {"date_from": "2026-13-45", "username": "township"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "有效的日期" in html
    assert 'value="2026-13-45"' in html
    assert 'value="township"' in html
    assert len(response.context["page_obj"]) == 1  # the valid filter still applies


def test_an_end_before_the_start_is_explained(cast, login):
    response = login(cast.auditor).get(
        reverse("audit:auth_events"), {"date_from": "2026-03-05", "date_to": "2026-03-01"}
    )

    assert "结束日期不能早于开始日期。" in response.content.decode()


# --- 敏感信息查看记录 -------------------------------------------------------------------------


def test_access_log_lists_reveals_with_readable_names(cast, login):
    person = make_person(cast.township_a1, cast.township_clerk)
    reveal(cast.county_supervisor, person, field="phone")

    html = login(cast.auditor).get(reverse("audit:access_logs")).content.decode()

    assert str(cast.county_supervisor) in html
    assert "人员" in html  # people.Person by its verbose name
    assert "联系电话" in html  # the field by its verbose name
    assert person.name in html
    assert PHONE_FIRST not in html


def test_access_log_filters_by_user_model_and_date(cast, login):
    person = make_person(cast.township_a1, cast.township_clerk)
    with clock_at(local(2026, 4, 1)):
        reveal(cast.county_supervisor, person)
    with clock_at(local(2026, 4, 10)):
        wanted = reveal(cast.county_supervisor, person)
        reveal(cast.city_leader, person)
    with clock_at(local(2026, 4, 10)):
        AccessLog.objects.create(
            user=cast.county_supervisor, model="orgs.Office", object_id="1", field="phone"
        )

    response = login(cast.auditor).get(
        reverse("audit:access_logs"),
        {
            "user": cast.county_supervisor.username,
            "model": "people.Person",
            "date_from": "2026-04-10",
            "date_to": "2026-04-10",
        },
    )

    assert list(response.context["page_obj"]) == [wanted]


# --- 数据修改记录 -----------------------------------------------------------------------------


def entries_of(response):
    return response.context["entries"]


def test_changes_merge_every_history_table_newest_first(cast, login):
    auditor = login(cast.auditor)  # first: logging in enrols a two-factor device (a change)
    person = make_person(cast.township_a1, cast.township_clerk)
    change_person(person, cast.county_supervisor)

    entries = entries_of(auditor.get(reverse("audit:changes")))

    labels = {entry.model_label for entry in entries}
    assert {"people.person", "orgs.office", "orgs.membership"} <= labels  # the cast's too
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert (entries[0].model_label, entries[0].kind, entries[0].user) == (
        "people.person",
        "修改",
        cast.county_supervisor,
    )


def test_changes_show_the_fields_but_never_the_sensitive_values(cast, login):
    change_person(make_person(cast.township_a1, cast.township_clerk), cast.county_supervisor)

    html = login(cast.auditor).get(reverse("audit:changes"), {"model": "people.person"})
    html = html.content.decode()

    assert "张三丰" in html
    assert "（敏感字段已变更）" in html
    assert not any(secret in html for secret in (ID_FIRST, ID_SECOND, PHONE_FIRST, PHONE_SECOND))


def test_changes_filter_by_model_user_and_date(cast, login):
    with clock_at(local(2026, 2, 1)):
        person = make_person(cast.township_a1, cast.township_clerk)
    with clock_at(local(2026, 2, 5)):
        change_person(person, cast.county_supervisor)
        make_person(cast.township_a2, cast.sibling_clerk, name="李四")

    client = login(cast.auditor)
    by_model = entries_of(client.get(reverse("audit:changes"), {"model": "people.person"}))
    by_user = entries_of(client.get(reverse("audit:changes"), {"user": "county_super"}))
    by_date = entries_of(
        client.get(
            reverse("audit:changes"),
            {"model": "people.person", "date_from": "2026-02-05", "date_to": "2026-02-05"},
        )
    )

    assert len(by_model) == 3
    assert {e.model_label for e in by_model} == {"people.person"}
    assert [(e.object_repr, e.kind) for e in by_user] == [("张三丰", "修改")]
    assert sorted(e.object_repr for e in by_date) == ["张三丰", "李四"]


def test_changes_show_deletions(cast, login):
    person = make_person(cast.township_a1, cast.township_clerk, name="王五")
    person_id = person.pk
    person._history_user = cast.county_supervisor
    person.delete()

    entries = entries_of(
        login(cast.auditor).get(reverse("audit:changes"), {"model": "people.person"})
    )

    deleted = entries[0]
    assert (deleted.kind, deleted.object_repr, deleted.object_id) == ("删除", "王五", person_id)
    assert not Person.objects.filter(pk=person_id).exists()


def test_changes_are_paginated(cast, login):
    person = make_person(cast.township_a1, cast.township_clerk)
    for i in range(PER_PAGE):
        person.name = f"张三{i}"
        person.save()

    client = login(cast.auditor)
    first = client.get(reverse("audit:changes"), {"model": "people.person"})
    second = client.get(reverse("audit:changes"), {"model": "people.person", "page": 2})

    assert len(entries_of(first)) == PER_PAGE
    assert [e.kind for e in entries_of(second)] == ["新增"]
    assert first.context["page_obj"].paginator.count == PER_PAGE + 1


# --- navigation -------------------------------------------------------------------------------


def audit_menu(user):
    request = RequestFactory().get("/")
    request.user = user
    return [s for s in navigation_for(request) if s["key"] == "audit"]


def test_the_menu_shows_the_audit_section_to_the_auditor_only(cast):
    (section,) = audit_menu(cast.auditor)

    assert section["label"] == "安全审计"
    assert [item["url"] for item in section["items"]] == [reverse(name) for name in PAGES]
    assert audit_menu(cast.sysadmin) == []
    assert audit_menu(cast.city_leader) == []
