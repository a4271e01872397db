"""No ID or phone number is ever stored in plaintext — in any table, history tables included.

A person is registered, edited and revealed through the pages, the way a clerk would; then the
whole database is dumped as text and searched for the numbers in every form a clerk may type.
"""

from django.db import connection
from django.urls import reverse

from sifa.people.models import DocumentType, Person

CANARY_ID = "33010219770707107X"  # valid: check character X
CANARY_ID_FORMS = (CANARY_ID, CANARY_ID.lower(), "330102770707107")  # 18, lowercase x, 15-digit
CANARY_PHONE = "13987654321"


def database_as_text() -> str:
    """Every row of every table, as text."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    quote = connection.ops.quote_name
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # Table names come from the database's own catalogue, quoted.
            cursor.execute(f"SELECT t::text FROM {quote(table)} t")  # noqa: S608
            lines.extend(row[0] for row in cursor.fetchall())
    return "\n".join(lines)


def test_sensitive_numbers_never_reach_the_database_in_plaintext(cast, login):
    clerk = login(cast.township_clerk)
    created = clerk.post(
        reverse("people:person_create"),
        {
            "office": cast.township_a1.pk,
            "name": "金丝雀",
            "doc_type": DocumentType.RESIDENT_ID,
            "id_number": CANARY_ID.lower(),
            "phone": "139 8765 4321",
            "ethnicity": "01",
        },
    )
    person = Person.objects.get(name="金丝雀")
    assert created.status_code == 302
    assert person.id_number == CANARY_ID and person.phone == CANARY_PHONE

    edited = clerk.post(
        reverse("people:person_edit", args=[person.pk]),
        {
            "office": cast.township_a1.pk,
            "name": "金丝雀二",
            "doc_type": DocumentType.RESIDENT_ID,
            "id_number": "330102770707107",  # the same number, typed as a legacy one
            "gender": person.gender,
            "birth_date": person.birth_date.isoformat(),
            "ethnicity": "01",
        },
    )
    assert edited.status_code == 302
    assert Person.history.filter(id=person.pk).count() == 2

    leader = login(cast.city_leader)
    for field in ("id_number", "phone"):
        revealed = leader.post(reverse("people:person_reveal", args=[person.pk, field]))
        assert revealed.status_code == 200

    dump = database_as_text()
    assert "金丝雀二" in dump  # the dump does contain the person's row
    for canary in (*CANARY_ID_FORMS, CANARY_PHONE):
        assert canary not in dump, f"{canary} is stored in plaintext"
