"""`sifa.core.bulk` on a real model with everything it must respect: the Person registry
(encrypted fields with search hashes, `auto_now_add`, simple-history, a foreign key)."""

from datetime import date

import pytest
from django.db import connection

from sifa.core import bulk
from sifa.orgs.constants import MEDIATOR_POST
from sifa.orgs.models import StaffMember
from sifa.people.models import Gender, Person, id_number_index

pytestmark = pytest.mark.django_db

ID_NUMBERS = ["110101199003071234", "110101198512120021", "11010120000101003X"]


def unsaved(office, number: str, name: str) -> Person:
    person = Person(office=office, name=name, gender=Gender.MALE, birth_date=date(1990, 3, 7))
    person.set_id_number(number)
    return person


def stored_text(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_rows_come_back_with_keys_and_read_back_as_saved(cast):
    people = [unsaved(cast.city, n, f"批量{i}") for i, n in enumerate(ID_NUMBERS)]
    saved = bulk.insert(people)

    assert saved is not people and saved == people
    keys = [p.pk for p in saved]
    assert None not in keys and len(set(keys)) == len(keys)
    for person in saved:
        assert not person._state.adding
        fresh = Person.objects.get(pk=person.pk)
        assert (fresh.name, fresh.id_number, fresh.office_id) == (
            person.name,
            person.id_number,
            cast.city.pk,
        )
        assert fresh.id_number_hash == id_number_index(person.id_number)
        assert fresh.created_at is not None  # auto_now_add filled as a save would


def test_encrypted_fields_are_encrypted_at_rest(cast):
    (person,) = bulk.insert([unsaved(cast.city, ID_NUMBERS[0], "密文")])
    assert ID_NUMBERS[0] not in stored_text("id_number", person.pk)


def test_keys_continue_after_a_bulk_insert(cast):
    """The next ordinary save gets a fresh key (on PostgreSQL the keys come from the sequence)."""
    (first,) = bulk.insert([unsaved(cast.city, ID_NUMBERS[0], "甲")])
    later = Person.objects.create(office=cast.city, name="乙")
    (third,) = bulk.insert([unsaved(cast.city, ID_NUMBERS[1], "丙")])
    assert first.pk < later.pk < third.pk


def test_history_rows_carry_the_reason(cast):
    saved = bulk.insert_with_history(
        [unsaved(cast.city, n, f"史{i}") for i, n in enumerate(ID_NUMBERS)], reason="演示数据"
    )
    for person in saved:
        (row,) = person.history.all()
        assert (row.history_type, row.history_change_reason, row.name) == (
            "+",
            "演示数据",
            person.name,
        )


def test_a_related_object_saved_later_gives_its_key(cast):
    """As with save(): a post built around an unsaved person takes the person's key once the
    person is inserted (the demo builds persons and their posts together)."""
    person = unsaved(cast.city, ID_NUMBERS[0], "先建")
    post = StaffMember(
        office=cast.city, person=person, post=MEDIATOR_POST, start_date=date(2026, 1, 5)
    )
    bulk.insert([person])
    (saved,) = bulk.insert([post])
    assert StaffMember.objects.get(pk=saved.pk).person_id == person.pk


def test_nothing_to_insert():
    assert bulk.insert([]) == []
    assert bulk.insert_with_history([], reason="x") == []
