"""Reads of the person registry: scoping, filters, exact number lookup, global search."""

import pytest
from django.http import Http404

from sifa.core import search
from sifa.people.actions import person_register
from sifa.people.models import DocumentType
from sifa.people.selectors import (
    person_find_by_id_number,
    person_get,
    person_list,
    person_search,
    person_search_hits,
)
from sifa.people.tests.helpers import resident_id
from tests.factories import UserFactory, grant

ZHANG_ID = "11010519491231002X"


@pytest.fixture
def registry(cast):
    """Persons in A1, its village station, A2 and B1, each registered by a clerk who may."""
    b1_clerk = UserFactory(username="b1_clerk")
    grant(b1_clerk, cast.township_b1, "jo_staff")

    def add(actor, office, name, number, phone=""):
        return person_register(
            actor=actor,
            office=office,
            name=name,
            doc_type=DocumentType.RESIDENT_ID,
            id_number=number,
            phone=phone,
        )

    supervisor = cast.county_supervisor
    return {
        "a1": add(supervisor, cast.township_a1, "张三", ZHANG_ID, "13812345678"),
        "village": add(supervisor, cast.village_a1, "张小明", resident_id(sequence="111")),
        "a2": add(
            supervisor, cast.township_a2, "李四", resident_id(sequence="222"), "0571-87654321"
        ),
        "b1": add(b1_clerk, cast.township_b1, "王五", resident_id(sequence="333")),
    }


def names(persons) -> list[str]:
    return [p.name for p in persons]


def test_person_list_is_scoped_and_newest_first(cast, registry):
    assert names(person_list(actor=cast.township_clerk)) == ["张小明", "张三"]
    assert names(person_list(actor=cast.county_supervisor)) == ["李四", "张小明", "张三"]
    assert len(person_list(actor=cast.city_leader)) == len(registry)
    assert list(person_list(actor=cast.public_user)) == []
    assert list(person_list(actor=cast.sysadmin)) == []


def test_person_list_filters_by_office_subtree_and_name(cast, registry):
    supervisor = cast.county_supervisor
    assert names(person_list(actor=supervisor, office=cast.township_a1)) == ["张小明", "张三"]
    assert names(person_list(actor=supervisor, office=cast.township_a2)) == ["李四"]
    assert names(person_list(actor=supervisor, name="张")) == ["张小明", "张三"]
    assert names(person_list(actor=supervisor, name="小明")) == ["张小明"]
    # Narrowing to an office outside the scope shows nothing, never that office's persons.
    assert list(person_list(actor=supervisor, office=cast.township_b1)) == []


def test_person_get_is_404_outside_the_scope(cast, registry):
    assert person_get(actor=cast.township_clerk, pk=registry["a1"].pk) == registry["a1"]
    assert person_get(actor=cast.city_leader, pk=registry["a1"].pk) == registry["a1"]
    with pytest.raises(Http404):
        person_get(actor=cast.sibling_clerk, pk=registry["a1"].pk)


@pytest.mark.parametrize(
    "typed", [ZHANG_ID, "11010519491231002x", "110105491231002", " 110105 19491231002X"]
)
def test_find_by_id_number_accepts_every_typed_form(cast, registry, typed):
    assert person_find_by_id_number(actor=cast.township_clerk, id_number=typed) == registry["a1"]


def test_find_by_id_number_is_scoped(cast, registry):
    assert person_find_by_id_number(actor=cast.sibling_clerk, id_number=ZHANG_ID) is None
    assert person_find_by_id_number(actor=cast.township_clerk, id_number="not a number") is None


def test_search_by_name_number_and_phone(cast, registry):
    clerk = cast.county_supervisor
    assert names(person_search(actor=clerk, query="张")) == ["张小明", "张三"]
    assert names(person_search(actor=clerk, query="110105491231002")) == ["张三"]
    assert names(person_search(actor=clerk, query="11010519491231002x")) == ["张三"]
    assert names(person_search(actor=clerk, query="138 1234 5678")) == ["张三"]
    assert names(person_search(actor=clerk, query="057187654321")) == ["李四"]
    # A partial number finds nothing: numbers are matched exactly, through their hashes.
    assert person_search(actor=clerk, query="1381234") == []
    assert person_search(actor=clerk, query="  ") == []


def test_search_is_scoped(cast, registry):
    assert person_search(actor=cast.sibling_clerk, query="张") == []
    assert person_search(actor=cast.sibling_clerk, query=ZHANG_ID) == []
    assert names(person_search(actor=cast.sibling_clerk, query="李")) == ["李四"]


def test_search_hits_show_masked_numbers_only(cast, registry):
    hits = person_search_hits(cast.township_clerk, "13812345678")
    assert len(hits) == 1
    hit = hits[0]
    assert hit.kind == "人员"
    assert hit.title == "张三 110105********002X"
    assert "138****5678" in hit.detail and "甲一镇司法所" in hit.detail
    assert hit.url == f"/people/{registry['a1'].pk}/"
    text = f"{hit.title} {hit.detail}"
    assert ZHANG_ID not in text and "13812345678" not in text


def test_the_provider_is_registered_for_global_search(cast, registry):
    hits = search.search(cast.township_clerk, ZHANG_ID.lower())
    assert [hit.url for hit in hits if hit.kind == "人员"] == [f"/people/{registry['a1'].pk}/"]


def test_navigation_entry_is_registered():
    from sifa.core import navigation

    section = next(s for s in navigation.sections() if s.key == "people")
    assert [(i.label, i.url_name, i.capability) for i in section.items] == [
        ("人员列表", "people:person_list", "view")
    ]
    assert str(section.label) == "人员信息"
