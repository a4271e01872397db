"""The person registry's data-quality rules (sifa/people/data_quality.py): probable duplicate
registrations of one person in one office, never because of a registration elsewhere."""

from __future__ import annotations

import datetime
import itertools

import pytest

from sifa.core import data_quality
from sifa.people.models import DocumentType, Person

pytestmark = pytest.mark.django_db

SAME_NUMBER = "people.same_document_number"
SAME_IDENTITY = "people.same_name_birth_and_address"
BIRTH = datetime.date(1975, 5, 20)
_serial = itertools.count(1)


def found(code: str) -> set[int]:
    return set(data_quality.rule_of(code).records().values_list("pk", flat=True))


def person(office, *, number="", doc_type=DocumentType.RESIDENT_ID, **fields) -> Person:
    values = {"name": f"王{next(_serial)}", "birth_date": BIRTH, "address": "", **fields}
    registered = Person(office=office, doc_type=doc_type, **values)
    if number:
        registered.set_id_number(number)
    registered.save()
    return registered


def test_the_same_document_number_twice_in_one_office(cast):
    number = "110105197505200017"
    first = person(cast.township_a1, number=number)
    second = person(cast.township_a1, number=number, doc_type=DocumentType.OTHER)
    elsewhere = person(cast.township_a2, number=number)  # by design (docs/security.md)
    alone = person(cast.township_a1, number="110105197505200025")
    unnumbered = [person(cast.township_a1), person(cast.township_a1)]

    rows = found(SAME_NUMBER)
    assert {first.pk, second.pk} <= rows
    assert not {elsewhere.pk, alone.pk, *(p.pk for p in unnumbered)} & rows


def test_the_same_name_birth_date_and_address_in_one_office(cast):
    address = "甲县甲一镇幸福路8号"
    first = person(cast.township_a1, name="李明", address=address)
    mistyped = person(cast.township_a1, name="李明", address=address, number="110105197505200033")
    elsewhere = person(cast.township_a2, name="李明", address=address)
    moved = person(cast.township_a1, name="李明", address="甲县甲一镇和平路1号")
    no_birth = [
        person(cast.township_a1, name="赵强", address=address, birth_date=None) for _ in range(2)
    ]

    rows = found(SAME_IDENTITY)
    assert {first.pk, mistyped.pk} <= rows
    assert not {elsewhere.pk, moved.pk, *(p.pk for p in no_birth)} & rows


def test_a_twin_the_minors_rule_hides_does_not_flag_the_person_others_see(cast):
    """A registration in a minor's corrections file is hidden from most readers: the visible
    twin is not flagged because of it (that would disclose it); the hidden one is counted."""
    from sifa.corrections.tests.factories import MINOR_BIRTH_DATE, make_subject, make_worker

    number = "110105201001010018"
    visible = person(cast.township_a1, number=number, birth_date=MINOR_BIRTH_DATE)
    in_minors_file = person(
        cast.township_a1, number=number, doc_type=DocumentType.OTHER, birth_date=MINOR_BIRTH_DATE
    )
    make_subject(make_worker(cast.county_a), cast.township_a1, person=in_minors_file)

    rows = found(SAME_NUMBER)
    assert in_minors_file.pk in rows and visible.pk not in rows
