"""A control character (NUL first of all) in the search box, a list filter or any URL gets a
Chinese message and 400 — never a server error (PostgreSQL refuses NUL in text)."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from sifa.core.validation import has_control_characters

pytestmark = pytest.mark.django_db

MESSAGE = "查询条件中含有控制字符"

# Each page with the parameter its filter form (or view) reads.
FILTERED_PAGES = [
    ("shell:search", "q"),
    ("mediation:case_list", "q"),
    ("mediation:case_list", "within"),
    ("legalaid:application_list", "q"),
    ("legalaid:application_export", "q"),
    ("corrections:subject_list", "q"),
    ("orgs:office_list", "q"),
    ("audit:auth_events", "username"),
    ("api_admin:request_log", "path"),
]


@pytest.mark.parametrize("bad", ["\x00", "\x01", "\x1b", "\x7f"], ids=["NUL", "SOH", "ESC", "DEL"])
@pytest.mark.parametrize(("name", "param"), FILTERED_PAGES)
def test_a_control_character_in_a_filter_is_refused_in_chinese(cast, login, name, param, bad):
    response = login(cast.county_supervisor).get(reverse(name), {param: f"张{bad}三"})

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_a_nul_in_a_parameter_name_or_the_path_is_refused(cast, login):
    client = login(cast.county_supervisor)

    assert client.get(reverse("shell:search") + "?q%00=1").status_code == 400
    assert client.get("/orgs/" + quote("\x00") + "/").status_code == 400


def test_the_public_portal_refuses_it_too(client):
    response = client.get(reverse("legalaid_portal:check"), {"region": "\x00"})

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_the_api_answers_in_its_json_error_shape(client):
    response = client.get("/api/v1/nothing/", {"q": "\x00"})

    assert response.status_code == 400
    assert MESSAGE in response.json()["error"]


def test_ordinary_text_with_tabs_and_chinese_still_searches(cast, login):
    response = login(cast.county_supervisor).get(reverse("shell:search"), {"q": "甲一镇\t司法所"})

    assert response.status_code == 200


def test_which_characters_count_as_control_characters():
    assert all(has_control_characters(c) for c in ("\x00", "\x08", "\x0b", "\x1f", "\x7f", "\x85"))
    assert not any(has_control_characters(c) for c in ("\t", "\n", "\r", "张", " ", "－"))
