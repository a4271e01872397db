"""Register, update and reveal (sifa.people.actions): checks, permissions, no duplicates."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sifa.audit.models import AccessLog
from sifa.people import actions
from sifa.people.actions import DuplicatePersonError, person_register, person_reveal, person_update
from sifa.people.models import DocumentType, Gender, Person, id_number_index, phone_index
from sifa.people.tests.helpers import legacy_id, resident_id

ZHANG_ID = "11010519491231002X"  # DOMAIN §1.2: female, born 1949-12-31


def register(actor, office, **values):
    values.setdefault("name", "张三")
    values.setdefault("doc_type", DocumentType.RESIDENT_ID)
    return person_register(actor=actor, office=office, **values)


def field_errors(exc_info) -> dict:
    return exc_info.value.message_dict


# --- register ---------------------------------------------------------------------------


def test_register_stores_normalised_numbers_and_derives_gender_and_birth_date(cast):
    person = register(
        cast.township_clerk,
        cast.township_a1,
        name=" 张三 ",
        id_number="11010519491231002x",
        phone="138 1234 5678",
        ethnicity="01",
        address="甲一镇幸福路1号",
        region_code="330102001",
    )
    person = Person.objects.get(pk=person.pk)
    assert person.name == "张三"
    assert person.id_number == ZHANG_ID
    assert person.id_number_hash == id_number_index(ZHANG_ID)
    assert person.phone == "13812345678"
    assert person.phone_hash == phone_index("13812345678")
    assert person.gender == Gender.FEMALE
    assert person.birth_date == date(1949, 12, 31)
    assert person.created_by == cast.township_clerk
    assert person.office == cast.township_a1
    assert person.history.count() == 1


def test_register_accepts_a_legacy_15_digit_number(cast):
    person = register(cast.township_clerk, cast.township_a1, id_number=legacy_id())
    assert person.id_number == resident_id(born=date(1965, 3, 8))
    assert person.birth_date == date(1965, 3, 8)


def test_typed_gender_and_birth_date_must_agree_with_the_number(cast):
    with pytest.raises(ValidationError) as caught:
        register(
            cast.township_clerk,
            cast.township_a1,
            id_number=ZHANG_ID,
            gender=Gender.MALE,
            birth_date=date(1950, 1, 1),
        )
    errors = field_errors(caught)
    assert "性别与身份证号码不符" in errors["gender"][0]
    assert "1949-12-31" in errors["birth_date"][0]
    assert not Person.objects.exists()


def test_agreeing_gender_and_birth_date_are_accepted(cast):
    person = register(
        cast.township_clerk,
        cast.township_a1,
        id_number=ZHANG_ID,
        gender=Gender.FEMALE,
        birth_date=date(1949, 12, 31),
    )
    assert person.gender == Gender.FEMALE


def test_every_bad_field_is_reported_at_once(cast):
    with pytest.raises(ValidationError) as caught:
        register(
            cast.township_clerk,
            cast.township_a1,
            name="  ",
            id_number="110105194912310021",
            phone="12345",
            ethnicity="99x",
            region_code="3301",
        )
    errors = field_errors(caught)
    assert set(errors) == {"name", "id_number", "phone", "ethnicity", "region_code"}
    assert "校验位错误" in errors["id_number"][0]
    assert "联系电话格式错误" in errors["phone"][0]
    assert not Person.objects.exists()


def test_documents_without_resident_id_structure_keep_typed_gender_and_birth_date(cast):
    person = register(
        cast.township_clerk,
        cast.township_a1,
        doc_type=DocumentType.PASSPORT,
        id_number="e 1234 5678",
        gender=Gender.MALE,
        birth_date=date(1980, 5, 1),
    )
    assert person.id_number == "E12345678"
    assert (person.gender, person.birth_date) == (Gender.MALE, date(1980, 5, 1))


def test_a_person_without_a_number_may_be_registered(cast):
    person = register(cast.township_clerk, cast.township_a1)
    assert person.id_number == "" and person.id_number_hash == ""
    assert person.gender == Gender.UNKNOWN


def test_register_needs_edit_on_the_office(cast):
    with pytest.raises(Http404):  # sibling township: out of sight
        register(cast.township_clerk, cast.township_a2, id_number=ZHANG_ID)
    with pytest.raises(Http404):  # the parent county is above the clerk's grant
        register(cast.township_clerk, cast.county_a, id_number=ZHANG_ID)
    with pytest.raises(PermissionDenied):  # the leader sees but does not edit
        register(cast.city_leader, cast.township_a1, id_number=ZHANG_ID)
    # The county supervisor registers in a township under the county.
    assert register(cast.county_supervisor, cast.township_a2, id_number=ZHANG_ID).pk


# --- one person per document ------------------------------------------------------------


@pytest.mark.parametrize("typed", [ZHANG_ID, "11010519491231002x", "110105491231002"])
def test_the_same_number_cannot_be_registered_twice(cast, typed):
    first = register(cast.township_clerk, cast.township_a1, id_number=ZHANG_ID)
    with pytest.raises(DuplicatePersonError) as caught:
        register(cast.township_clerk, cast.township_a1, name="张三丰", id_number=typed)
    message = field_errors(caught)["id_number"][0]
    assert "张三" in message and "甲一镇司法所" in message
    assert caught.value.existing == first
    assert Person.objects.count() == 1


def test_a_number_registered_out_of_sight_registers_as_a_new_one(cast):
    """Issue 14, item 8: a number held only by an office the actor cannot see does not stop
    the registration (a refusal would tell that it exists); the office gets its own entry,
    found together with the other by whoever sees both (the same keyed hash)."""
    theirs = register(cast.township_clerk, cast.township_a1, name="张三", id_number=ZHANG_ID)
    mine = register(cast.sibling_clerk, cast.township_a2, name="李四", id_number=ZHANG_ID)
    assert (mine.office, mine.name) == (cast.township_a2, "李四")
    assert mine.id_number_hash == theirs.id_number_hash
    assert Person.objects.get(pk=theirs.pk).name == "张三"  # untouched
    # The county sees both: a third registration in its sight is refused, naming the first.
    with pytest.raises(DuplicatePersonError) as caught:
        register(cast.county_supervisor, cast.township_a2, name="王五", id_number=ZHANG_ID)
    assert caught.value.existing == theirs


def test_the_database_constraint_is_the_last_line(cast, monkeypatch):
    """Two clerks of one office saving at once both pass the early check; the unique
    constraint (one registration per document and office) decides."""
    first = register(cast.township_clerk, cast.township_a1, id_number=ZHANG_ID)
    monkeypatch.setattr(actions, "_ensure_document_not_registered", lambda actor, person: None)
    with pytest.raises(DuplicatePersonError) as caught:
        register(cast.township_clerk, cast.township_a1, name="李四", id_number=ZHANG_ID)
    assert "张三" in field_errors(caught)["id_number"][0]
    assert caught.value.existing == first
    assert Person.objects.count() == 1


def test_the_same_number_under_another_document_type_is_another_document(cast):
    register(
        cast.township_clerk, cast.township_a1, doc_type=DocumentType.PASSPORT, id_number="E12345678"
    )
    other = register(
        cast.township_clerk, cast.township_a1, doc_type=DocumentType.OTHER, id_number="E12345678"
    )
    assert other.id_number_hash == id_number_index("E12345678")
    assert Person.objects.count() == 2


# --- update -----------------------------------------------------------------------------


def test_update_changes_only_what_is_given(cast):
    person = register(
        cast.township_clerk, cast.township_a1, id_number=ZHANG_ID, phone="13812345678"
    )
    person_update(actor=cast.township_clerk, person=person, name="张三娘", address="新地址")
    person = Person.objects.get(pk=person.pk)
    assert (person.name, person.address) == ("张三娘", "新地址")
    assert person.id_number == ZHANG_ID and person.phone == "13812345678"
    assert person.history.count() == 2


def test_a_new_number_derives_gender_and_birth_date_again(cast):
    person = register(cast.township_clerk, cast.township_a1, id_number=ZHANG_ID)
    new_number = resident_id(born=date(1990, 7, 1), sequence="011")  # odd: male
    person_update(actor=cast.township_clerk, person=person, id_number=new_number)
    person = Person.objects.get(pk=person.pk)
    assert person.id_number == new_number
    assert (person.gender, person.birth_date) == (Gender.MALE, date(1990, 7, 1))


def test_a_failed_update_saves_nothing_and_leaves_the_object_as_stored(cast):
    person = register(cast.township_clerk, cast.township_a1, id_number=ZHANG_ID)
    with pytest.raises(ValidationError) as caught:
        person_update(actor=cast.township_clerk, person=person, name="王五", gender=Gender.MALE)
    assert "gender" in field_errors(caught)
    assert person.name == "张三" and person.gender == Gender.FEMALE
    assert Person.objects.get(pk=person.pk).name == "张三"


def test_update_cannot_take_another_persons_number(cast):
    register(cast.township_clerk, cast.township_a1, id_number=ZHANG_ID)
    other = register(cast.township_clerk, cast.township_a1, name="李四", id_number=resident_id())
    with pytest.raises(DuplicatePersonError):
        person_update(actor=cast.township_clerk, person=other, id_number="110105491231002")
    assert Person.objects.get(pk=other.pk).id_number == resident_id()


def test_update_keeps_the_persons_own_number(cast):
    person = register(cast.township_clerk, cast.township_a1, id_number=ZHANG_ID)
    person_update(actor=cast.township_clerk, person=person, id_number="11010519491231002x")
    assert Person.objects.get(pk=person.pk).id_number == ZHANG_ID


def test_update_permissions(cast):
    person = register(cast.township_clerk, cast.township_a1, id_number=ZHANG_ID)
    with pytest.raises(Http404):
        person_update(actor=cast.sibling_clerk, person=person, name="X")
    with pytest.raises(PermissionDenied):
        person_update(actor=cast.city_leader, person=person, name="X")
    with pytest.raises(Http404):  # moving it out of the clerk's own subtree
        person_update(actor=cast.township_clerk, person=person, office=cast.township_a2)
    person_update(actor=cast.county_supervisor, person=person, office=cast.township_a2)
    assert Person.objects.get(pk=person.pk).office == cast.township_a2


def test_update_refuses_unknown_fields(cast):
    person = register(cast.township_clerk, cast.township_a1)
    with pytest.raises(TypeError):
        person_update(actor=cast.township_clerk, person=person, id_number_hash="x")


# --- reveal -----------------------------------------------------------------------------


def test_reveal_needs_the_reveal_capability(cast):
    person = register(cast.township_clerk, cast.township_a1, id_number=ZHANG_ID)
    with pytest.raises(PermissionDenied):  # 司法所工作人员: may see and edit, not reveal
        person_reveal(actor=cast.township_clerk, person=person, field="id_number", ip_address=None)
    with pytest.raises(Http404):
        person_reveal(actor=cast.sibling_clerk, person=person, field="id_number", ip_address=None)
    assert not AccessLog.objects.exists()


def test_reveal_returns_the_plaintext_and_logs_it(cast):
    person = register(
        cast.township_clerk, cast.township_a1, id_number=ZHANG_ID, phone="13812345678"
    )
    revealed = person_reveal(
        actor=cast.city_leader, person=person, field="id_number", ip_address="10.1.2.3"
    )
    assert revealed == ZHANG_ID
    phone = person_reveal(
        actor=cast.county_supervisor, person=person, field="phone", ip_address="10.1.2.4"
    )
    assert phone == "13812345678"
    logs = list(AccessLog.objects.order_by("id"))
    assert [(log.user, log.field, log.ip_address) for log in logs] == [
        (cast.city_leader, "id_number", "10.1.2.3"),
        (cast.county_supervisor, "phone", "10.1.2.4"),
    ]
    assert logs[0].model == "people.Person"
    assert logs[0].object_id == str(person.pk)
    assert logs[0].object_repr == "张三"


def test_only_sensitive_fields_can_be_revealed(cast):
    person = register(cast.township_clerk, cast.township_a1)
    with pytest.raises(ValueError):
        person_reveal(actor=cast.city_leader, person=person, field="name", ip_address=None)


# --- register many at once (an import) ----------------------------------------------------

STORED = (
    "office_id",
    "name",
    "doc_type",
    "id_number",
    "id_number_hash",
    "id_mask_hash",
    "phone",
    "phone_hash",
    "gender",
    "birth_date",
    "created_by_id",
    "address",
    "address_hash",
    "ethnicity",
    "region_code",
)


def test_register_many_stores_what_register_stores_one_by_one(cast):
    numbers = [resident_id(born=date(1960 + n, 1, 2), sequence=f"{n:03d}") for n in range(1, 4)]
    entries = [
        actions.PersonEntry(office=cast.township_a1, name=f" 人员{n} ", id_number=number.lower())
        for n, number in enumerate(numbers)
    ]
    entries.append(
        actions.PersonEntry(
            office=cast.township_a1, name="电话人", id_number=legacy_id(), phone="138 1234 5678"
        )
    )
    keys = actions.persons_register_many(actor=cast.township_clerk, entries=entries)
    many = [Person.objects.get(pk=key) for key in keys]
    # The same persons one by one, in an office out of the first one's sight (where a number
    # may be registered again).
    single = [
        register(
            cast.sibling_clerk,
            cast.township_a2,
            name=entry.name,
            id_number=entry.id_number,
            phone=entry.phone,
        )
        for entry in entries
    ]
    for bulk, one in zip(many, (Person.objects.get(pk=p.pk) for p in single), strict=True):
        stored = {field: getattr(bulk, field) for field in STORED}
        expected = {field: getattr(one, field) for field in STORED}
        assert stored == expected | {
            "office_id": cast.township_a1.pk,
            "created_by_id": cast.township_clerk.pk,
        }
        assert bulk.history.count() == 1
        created = bulk.history.get()
        assert created.history_type == "+"
        assert created.history_change_reason == actions.IMPORT_REASON
        assert created.id_number == one.id_number
    assert many[-1].birth_date == date(1965, 3, 8)  # the legacy number, upgraded


def test_register_many_refuses_bad_entries_and_writes_nothing(cast):
    good = actions.PersonEntry(office=cast.township_a1, name="甲", id_number=resident_id())
    entries = [
        good,
        actions.PersonEntry(office=cast.township_a1, name=" ", id_number=resident_id(sequence="2")),
        actions.PersonEntry(office=cast.township_a1, name="丙", id_number=ZHANG_ID[:-1] + "1"),
        actions.PersonEntry(
            office=cast.township_a1, name="丁", id_number=resident_id(born=date(2999, 1, 1))
        ),
    ]
    before = Person.objects.count()
    with pytest.raises(ValidationError) as refused:
        actions.persons_register_many(actor=cast.township_clerk, entries=entries)
    assert set(refused.value.message_dict) == {"1", "2", "3"}
    assert Person.objects.count() == before


def test_register_many_refuses_a_number_twice_in_one_office(cast):
    entries = [
        actions.PersonEntry(office=cast.township_a1, name=name, id_number=ZHANG_ID)
        for name in ("张三", "张叁")
    ]
    before = Person.objects.count()
    with pytest.raises(ValidationError) as refused:
        actions.persons_register_many(actor=cast.township_clerk, entries=entries)
    assert refused.value.code == "duplicate"
    assert Person.objects.count() == before
