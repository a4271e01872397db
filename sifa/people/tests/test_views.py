"""Pages of the person registry: wiring, own / parent / sibling office, masking, reveal."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sifa.audit.models import AccessLog
from sifa.people.actions import person_register
from sifa.people.models import DocumentType, Gender, Person
from sifa.people.tests.helpers import resident_id

ZHANG_ID = "11010519491231002X"
ZHANG_PHONE = "13812345678"
MASKED_ID = "110105********002X"
MASKED_PHONE = "138****5678"


@pytest.fixture
def zhang(cast):
    return person_register(
        actor=cast.township_clerk,
        office=cast.township_a1,
        name="张三",
        doc_type=DocumentType.RESIDENT_ID,
        id_number=ZHANG_ID,
        phone=ZHANG_PHONE,
        ethnicity="01",
    )


def assert_no_plaintext(response):
    html = response.content.decode()
    assert ZHANG_ID not in html and ZHANG_ID.lower() not in html
    assert ZHANG_PHONE not in html


def form_data(office, **values) -> dict:
    data = {
        "office": office.pk,
        "name": "李四",
        "doc_type": DocumentType.RESIDENT_ID,
        "id_number": "",
        "gender": "",
        "birth_date": "",
        "ethnicity": "",
        "phone": "",
        "address": "",
        "region_code": "",
    }
    data.update(values)
    return data


# --- list -------------------------------------------------------------------------------


def test_list_own_office_shows_masked_numbers(cast, login, zhang):
    response = login(cast.township_clerk).get(reverse("people:person_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "张三" in html and MASKED_ID in html and MASKED_PHONE in html
    assert_no_plaintext(response)


def test_list_parent_office_sees_the_township(cast, login, zhang):
    response = login(cast.county_supervisor).get(reverse("people:person_list"))
    assert "张三" in response.content.decode()


def test_list_sibling_office_does_not(cast, login, zhang):
    response = login(cast.sibling_clerk).get(reverse("people:person_list"))
    assert response.status_code == 200
    assert "张三" not in response.content.decode()


def test_list_without_business_access_is_forbidden(cast, login):
    assert login(cast.public_user).get(reverse("people:person_list")).status_code == 403


def test_list_needs_login(client):
    response = client.get(reverse("people:person_list"))
    assert response.status_code == 302


def test_list_filters_by_name_and_office(cast, login, zhang):
    person_register(
        actor=cast.county_supervisor,
        office=cast.township_a2,
        name="李四",
        doc_type=DocumentType.RESIDENT_ID,
    )
    client = login(cast.county_supervisor)
    url = reverse("people:person_list")
    by_office = client.get(url, {"office": cast.township_a2.pk}).content.decode()
    assert "李四" in by_office and "张三" not in by_office
    by_name = client.get(url, {"name": "张"}).content.decode()
    assert "张三" in by_name and "李四" not in by_name


def test_list_office_filter_offers_only_visible_offices(cast, login, zhang):
    client = login(cast.township_clerk)
    response = client.get(reverse("people:person_list"), {"office": cast.township_a2.pk})
    html = response.content.decode()
    assert "甲二镇司法所" not in html  # neither offered nor used
    assert "张三" not in html  # an invalid filter shows no rows rather than ignoring it


def test_list_is_paginated_by_50(cast, login):
    for n in range(51):
        person_register(
            actor=cast.township_clerk,
            office=cast.township_a1,
            name=f"人员{n:02d}",
            doc_type=DocumentType.RESIDENT_ID,
        )
    client = login(cast.township_clerk)
    first = client.get(reverse("people:person_list"))
    assert len(first.context["page_obj"].object_list) == 50
    assert first.context["page_obj"].paginator.count == 51
    second = client.get(reverse("people:person_list"), {"page": 2})
    assert [p.name for p in second.context["page_obj"]] == ["人员00"]


# --- detail -----------------------------------------------------------------------------


def test_detail_own_office_is_masked_without_reveal_buttons(cast, login, zhang):
    response = login(cast.township_clerk).get(reverse("people:person_detail", args=[zhang.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert MASKED_ID in html and MASKED_PHONE in html and "汉族" in html
    assert "1949-12-31" in html
    assert reverse("people:person_reveal", args=[zhang.pk, "id_number"]) not in html
    assert reverse("people:person_edit", args=[zhang.pk]) in html
    assert "修改记录" in html  # the change history block
    assert_no_plaintext(response)


def test_detail_parent_office_with_reveal_offers_the_buttons(cast, login, zhang):
    response = login(cast.county_supervisor).get(reverse("people:person_detail", args=[zhang.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("people:person_reveal", args=[zhang.pk, "id_number"]) in html
    assert reverse("people:person_reveal", args=[zhang.pk, "phone"]) in html
    assert_no_plaintext(response)
    assert not AccessLog.objects.exists()  # showing the page reveals nothing


def test_detail_looks_up_the_records_naming_the_person_once(cast, login, zhang):
    # 修改 and 显示明文 are decided together (access.capabilities_for_person): each line's
    # "does a record I see name this person" is asked once, not once per button.
    client = login(cast.county_supervisor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:person_detail", args=[zhang.pk]))
    assert response.status_code == 200
    exists = [q["sql"] for q in queries.captured_queries if 'SELECT 1 AS "a"' in q["sql"]]
    assert exists
    assert len(exists) == len(set(exists)), exists


def test_detail_leader_sees_but_may_not_edit(cast, login, zhang):
    response = login(cast.city_leader).get(reverse("people:person_detail", args=[zhang.pk]))
    assert response.status_code == 200
    assert reverse("people:person_edit", args=[zhang.pk]) not in response.content.decode()


@pytest.mark.parametrize("who", ["sibling_clerk", "public_user", "sysadmin"])
def test_detail_outside_the_scope_is_404(cast, login, zhang, who):
    response = login(getattr(cast, who)).get(reverse("people:person_detail", args=[zhang.pk]))
    assert response.status_code == 404


# --- create -----------------------------------------------------------------------------


def test_create_form_preselects_the_clerks_office(cast, login):
    response = login(cast.township_clerk).get(reverse("people:person_create"))
    assert response.status_code == 200
    assert response.context["form"].initial["office"] == cast.township_a1


def test_create_registers_and_redirects(cast, login):
    client = login(cast.township_clerk)
    data = form_data(cast.township_a1, id_number="110105491231002", phone="138-1234-5678")
    response = client.post(reverse("people:person_create"), data)
    person = Person.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("people:person_detail", args=[person.pk])
    assert person.id_number == ZHANG_ID and person.phone == ZHANG_PHONE
    assert person.gender == Gender.FEMALE and person.created_by == cast.township_clerk


def test_create_errors_keep_what_was_typed(cast, login):
    client = login(cast.township_clerk)
    data = form_data(
        cast.township_a1,
        name="王五",
        id_number="110105194912310021",
        phone="12345",
        address="甲一镇幸福路1号",
    )
    response = client.post(reverse("people:person_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "校验位错误" in html and "联系电话格式错误" in html
    assert 'value="王五"' in html and 'value="110105194912310021"' in html
    assert 'value="甲一镇幸福路1号"' in html
    assert not Person.objects.exists()


def test_create_reports_contradicting_gender(cast, login):
    data = form_data(cast.township_a1, id_number=ZHANG_ID, gender=Gender.MALE)
    response = login(cast.township_clerk).post(reverse("people:person_create"), data)
    assert "性别与身份证号码不符" in response.content.decode()
    assert not Person.objects.exists()


def test_create_duplicate_links_to_the_visible_person(cast, login, zhang):
    data = form_data(cast.township_a1, id_number=ZHANG_ID.lower())
    response = login(cast.county_supervisor).post(reverse("people:person_create"), data)
    html = response.content.decode()
    assert "该证件号码已登记" in html
    assert reverse("people:person_detail", args=[zhang.pk]) in html
    assert Person.objects.count() == 1


def test_create_with_a_number_registered_out_of_sight_registers_anew_and_names_nobody(
    cast, login, zhang
):
    """Issue 14, item 8: as for a new number — saved, and nothing of the other registration."""
    data = form_data(cast.township_a2, id_number=ZHANG_ID)
    response = login(cast.sibling_clerk).post(reverse("people:person_create"), data, follow=True)
    html = response.content.decode()
    mine = Person.objects.get(office=cast.township_a2)
    assert response.redirect_chain[-1][0] == reverse("people:person_detail", args=[mine.pk])
    assert "甲一镇司法所" not in html and "其他机构" not in html
    assert reverse("people:person_detail", args=[zhang.pk]) not in html


def test_create_in_an_office_outside_the_scope_is_refused(cast, login):
    data = form_data(cast.township_a2, id_number=ZHANG_ID)
    response = login(cast.township_clerk).post(reverse("people:person_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["office"]
    assert not Person.objects.exists()


@pytest.mark.parametrize("who", ["city_leader", "public_user", "sysadmin"])
def test_create_without_edit_is_forbidden(cast, login, who):
    response = login(getattr(cast, who)).get(reverse("people:person_create"))
    assert response.status_code == 403


# --- edit -------------------------------------------------------------------------------


def test_edit_form_never_contains_the_plaintext(cast, login, zhang):
    response = login(cast.township_clerk).get(reverse("people:person_edit", args=[zhang.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert MASKED_ID in html and MASKED_PHONE in html
    assert_no_plaintext(response)


def test_edit_own_office_keeps_numbers_left_blank(cast, login, zhang):
    client = login(cast.township_clerk)
    data = form_data(cast.township_a1, name="张三娘", gender=Gender.FEMALE, birth_date="1949-12-31")
    data["ethnicity"] = "01"
    response = client.post(reverse("people:person_edit", args=[zhang.pk]), data)
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.name == "张三娘"
    assert zhang.id_number == ZHANG_ID and zhang.phone == ZHANG_PHONE


def test_edit_with_a_new_number_derives_gender_again(cast, login, zhang):
    new_number = resident_id(born=date(1990, 7, 1), sequence="011")
    data = form_data(cast.township_a1, name="张三", gender=Gender.FEMALE, id_number=new_number)
    data.update(birth_date="1949-12-31", ethnicity="01")
    response = login(cast.township_clerk).post(reverse("people:person_edit", args=[zhang.pk]), data)
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert (zhang.gender, zhang.birth_date) == (Gender.MALE, date(1990, 7, 1))


def test_edit_can_clear_the_phone(cast, login, zhang):
    data = form_data(cast.township_a1, name="张三", gender=Gender.FEMALE, clear_phone="on")
    data.update(birth_date="1949-12-31", ethnicity="01")
    login(cast.township_clerk).post(reverse("people:person_edit", args=[zhang.pk]), data)
    zhang.refresh_from_db()
    assert zhang.phone == "" and zhang.phone_hash == ""


def test_edit_parent_office(cast, login, zhang):
    response = login(cast.county_supervisor).get(reverse("people:person_edit", args=[zhang.pk]))
    assert response.status_code == 200


def test_edit_sibling_office_is_404(cast, login, zhang):
    response = login(cast.sibling_clerk).get(reverse("people:person_edit", args=[zhang.pk]))
    assert response.status_code == 404


def test_edit_without_edit_capability_is_403(cast, login, zhang):
    client = login(cast.city_leader)
    assert client.get(reverse("people:person_edit", args=[zhang.pk])).status_code == 403
    data = form_data(cast.township_a1, name="改名")
    assert client.post(reverse("people:person_edit", args=[zhang.pk]), data).status_code == 403
    zhang.refresh_from_db()
    assert zhang.name == "张三"


# --- reveal -----------------------------------------------------------------------------


def reveal_url(person, field="id_number"):
    return reverse("people:person_reveal", args=[person.pk, field])


def test_reveal_by_a_clerk_without_reveal_is_403(cast, login, zhang):
    response = login(cast.township_clerk).post(reveal_url(zhang))
    assert response.status_code == 403
    assert_no_plaintext(response)
    assert not AccessLog.objects.exists()


def test_reveal_from_the_sibling_office_is_404(cast, login, zhang):
    assert login(cast.sibling_clerk).post(reveal_url(zhang)).status_code == 404
    assert not AccessLog.objects.exists()


def test_reveal_by_the_leader_shows_the_plaintext_and_logs_the_address(cast, login, zhang):
    client = login(cast.city_leader)
    response = client.post(reveal_url(zhang), REMOTE_ADDR="10.8.0.17")
    assert response.status_code == 200
    html = response.content.decode()
    assert ZHANG_ID in html  # the non-JS fallback: the whole page, with the value shown
    assert MASKED_PHONE in html and ZHANG_PHONE not in html  # only the asked field
    assert "no-store" in response["Cache-Control"]
    log = AccessLog.objects.get()
    assert (log.user, log.field, log.ip_address) == (cast.city_leader, "id_number", "10.8.0.17")
    assert (log.model, log.object_id) == ("people.Person", str(zhang.pk))


def test_reveal_by_htmx_returns_only_the_value(cast, login, zhang):
    client = login(cast.county_supervisor)
    response = client.post(reveal_url(zhang, "phone"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert ZHANG_PHONE in html and 'id="person-phone"' in html
    assert "<html" not in html
    assert AccessLog.objects.get().field == "phone"


def test_reveal_needs_post_and_a_sensitive_field(cast, login, zhang):
    client = login(cast.city_leader)
    assert client.get(reveal_url(zhang)).status_code == 405
    assert client.post(reveal_url(zhang, "name")).status_code == 404
    assert not AccessLog.objects.exists()


# --- global search ----------------------------------------------------------------------


def test_global_search_page_shows_masked_person_hits(cast, login, zhang):
    client = login(cast.township_clerk)
    response = client.get(reverse("shell:search"), {"q": "110105491231002"})
    html = response.content.decode()
    assert reverse("people:person_detail", args=[zhang.pk]) in html
    assert MASKED_ID in html
    assert "11010519491231002X" not in html


def test_global_search_from_the_sibling_office_finds_nothing(cast, login, zhang):
    response = login(cast.sibling_clerk).get(reverse("shell:search"), {"q": ZHANG_ID})
    assert reverse("people:person_detail", args=[zhang.pk]) not in response.content.decode()
