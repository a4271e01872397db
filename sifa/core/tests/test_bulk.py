"""sifa.core.bulk: `new` builds what `Model(**values)` builds, `insert` stores what a save
stores, column by column (the Person registry's own checks are in sifa/people/tests), and
`delete` follows the relations as the models declare them (a self link: sifa/practice/tests/
test_advisers.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import ProtectedError

from sifa.core import bulk
from sifa.mediation.constants import CaseStatus, PartyKind, PartyRole, RiskFlag
from sifa.mediation.models import CaseParty, MediationCase, Reception
from sifa.people.models import Gender, Person

pytestmark = pytest.mark.django_db


def case_values(office, **extra) -> dict:
    return dict(
        office=office,
        number="339081-TJ-2026-0001",
        dispute_type="neighbourhood",
        facts="双方因相邻通道发生争执。",
        received_on=date(2026, 3, 2),
        **extra,
    )


def state_of(obj) -> dict:
    """The object's field values and cached related objects."""
    values = {k: v for k, v in obj.__dict__.items() if not k.startswith("_")}
    return {"values": values, "cached": dict(obj._state.fields_cache), "adding": obj._state.adding}


def test_new_builds_what_the_constructor_builds(cast):
    values = case_values(cast.city, status=CaseStatus.IN_MEDIATION, amount=Decimal("1200"))
    built = bulk.new(MediationCase, **values)
    assert state_of(built) == state_of(MediationCase(**values))
    assert built.office is cast.city and built.office_id == cast.city.pk
    assert built.persons_involved == 2 and built.risk_flags == []  # a value and a callable


def test_new_gives_each_object_its_own_computed_default(cast):
    first, second = (bulk.new(MediationCase, **case_values(cast.city)) for _ in range(2))
    first.risk_flags.append(RiskFlag.MAY_ESCALATE)
    assert second.risk_flags == []


def test_new_takes_keys_and_properties_like_the_constructor(cast):
    values = case_values(None)
    del values["office"]
    by_key = bulk.new(MediationCase, **values, office_id=cast.city.pk, pk=41)
    assert (by_key.office_id, by_key.pk, by_key.id) == (cast.city.pk, 41, 41)
    assert by_key.office == cast.city  # read through the key


def test_new_refuses_what_the_constructor_refuses(cast):
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        bulk.new(MediationCase, **case_values(cast.city), colour="red")
    not_an_office = Person(office=cast.city, name="甲")
    with pytest.raises(ValueError, match="office must be a Office"):
        bulk.new(MediationCase, **case_values(not_an_office))


def stored(table: str, pk: int, columns: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def test_rows_built_by_new_are_stored_as_saved_rows_are(cast):
    values = case_values(cast.city, risk_flags=[RiskFlag.MAY_ESCALATE], amount=Decimal("80.50"))
    saved = MediationCase.objects.create(**values)
    (inserted,) = bulk.insert([bulk.new(MediationCase, **{**values, "number": "339081-TJ-2"})])
    columns = "office_id, dispute_type, received_on, status, amount, risk_flags, is_public"
    assert stored("mediation_mediationcase", inserted.pk, columns) == stored(
        "mediation_mediationcase", saved.pk, columns
    )


def test_a_column_of_mixed_kinds_is_prepared_value_by_value(cast):
    """Choices, plain text and NULL in one column; a related object saved after the row was
    built gives its key (as save() does)."""
    case = MediationCase.objects.create(**case_values(cast.city))
    person = Person(office=cast.city, name="后存", gender=Gender.FEMALE)
    rows = [
        bulk.new(CaseParty, office=cast.city, case=case, role=PartyRole.APPLICANT, person=person),
        bulk.new(
            CaseParty,
            office_id=cast.city.pk,
            case_id=case.pk,
            role="respondent",
            kind=PartyKind.LEGAL,
            organisation="某物业公司",
        ),
    ]
    bulk.insert([person])
    first, second = bulk.insert(rows)
    assert stored("mediation_caseparty", first.pk, "role, kind, person_id") == (
        "applicant",
        "",
        person.pk,
    )
    assert stored("mediation_caseparty", second.pk, "role, kind, person_id") == (
        "respondent",
        "legal",
        None,
    )


# --- delete: one statement per table, following the relations as the models declare them ---


def a_case_with_a_party_and_a_reception(cast, number: str):
    case = MediationCase.objects.create(**{**case_values(cast.city), "number": number})
    person = Person.objects.create(office=cast.city, name="甲", gender=Gender.MALE)
    CaseParty.objects.create(
        office=cast.city, case=case, role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=person
    )
    reception = Reception.objects.create(
        office=cast.city, received_on=date(2026, 3, 2), persons=2, matter="邻里纠纷", case=case
    )
    return case, person, reception


def test_delete_removes_the_rows_and_what_is_part_of_them_and_clears_loose_links(cast):
    case, person, reception = a_case_with_a_party_and_a_reception(cast, "339081-TJ-1")
    other, _, _ = a_case_with_a_party_and_a_reception(cast, "339081-TJ-2")
    history = MediationCase.history.count()

    assert bulk.delete(MediationCase.objects.filter(pk=case.pk)) == 1

    assert not MediationCase.objects.filter(pk=case.pk).exists()
    assert not CaseParty.objects.filter(case_id=case.pk).exists()  # part of the case (CASCADE)
    reception.refresh_from_db()
    assert reception.case_id is None  # a loose link is cleared (SET_NULL); the visit stays
    assert Person.objects.filter(pk=person.pk).exists()  # the person outlives the case
    assert MediationCase.objects.filter(pk=other.pk).exists()
    assert CaseParty.objects.filter(case_id=other.pk).count() == 1
    assert MediationCase.history.count() == history  # no signals: no "deleted" history row


def test_delete_refuses_rows_a_kept_link_still_names_and_deletes_nothing(cast):
    case, person, _ = a_case_with_a_party_and_a_reception(cast, "339081-TJ-1")
    refusal = r"mediation\.CaseParty 的记录仍引用 people\.Person"
    with pytest.raises(ProtectedError, match=refusal), transaction.atomic():
        bulk.delete(Person.objects.filter(pk=person.pk))
    assert Person.objects.filter(pk=person.pk).exists()
    assert CaseParty.objects.filter(case=case, person=person).exists()
