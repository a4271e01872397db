"""Sensitive facts encrypted at rest (issue 14 item 5): offences, sentences, addresses, phone
numbers and check-in coordinates are ciphertext in their columns and in a `pg_dump` of the
database; the data migrations encrypt rows written before (and decrypt them backwards); lists
and exports show them masked."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from sifa.core import crypto
from sifa.core.encrypted_columns import encrypt_existing_rows
from sifa.core.fields import encrypted_fields
from sifa.core.management.commands.rotate_data_key import encrypted_models
from sifa.corrections.models import CheckIn, Subject, TeamMember
from sifa.people.models import Person
from sifa.resettlement.models import ReleasedPerson
from tests.sensitive_facts import put_sensitive_facts


def _valid_id(base17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(base17, weights, strict=True))
    return base17 + "10X98765432"[total % 11]


def raw(model, pk, *fields) -> list[str]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return [str(v) for v in cursor.fetchone()]


@pytest.fixture
def facts(cast):
    return put_sensitive_facts(cast, id_number=_valid_id("33010219800101123"))


def test_every_sensitive_column_holds_only_ciphertext_with_a_key_id(facts):
    stored = {
        "offence": raw(Subject, facts.subject.pk, "crime", "original_sentence"),
        "address": raw(Person, facts.person.pk, "address", "phone", "id_number"),
        "team phone": raw(TeamMember, facts.team_member_id, "phone"),
        "coordinates": raw(CheckIn, facts.check_in_id, "latitude", "longitude"),
        "released": raw(ReleasedPerson, facts.released.pk, "crime", "original_sentence"),
    }
    key_id = crypto.current_key().key_id
    for what, values in stored.items():
        for value in values:
            assert value.startswith(f"v2:{key_id}:"), (what, value)
            for plaintext in facts.plaintexts():
                assert plaintext not in value
    # … and the application reads them back as they were typed.
    check_in = CheckIn.objects.get(pk=facts.check_in_id)
    assert (check_in.latitude, check_in.longitude) == (facts.latitude, facts.longitude)
    subject = Subject.objects.get(pk=facts.subject.pk)
    assert (subject.crime, subject.original_sentence) == (facts.offence, facts.sentence)
    assert Person.objects.get(pk=facts.person.pk).address == facts.address


def test_history_tables_hold_ciphertext_too(facts):
    history = Subject.history.filter(id=facts.subject.pk).order_by("history_id").first()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('crime')} FROM {quote(Subject.history.model._meta.db_table)} "  # noqa: S608
            "WHERE history_id = %s",
            [history.history_id],
        )
        (value,) = cursor.fetchone()
    assert value.startswith("v2:") and facts.offence not in value
    assert history.crime == facts.offence


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="pg_dump dumps a PostgreSQL database; tests/test_no_plaintext.py reads SQLite's dump",
)
def test_a_pg_dump_of_the_database_holds_no_offence_address_or_coordinate(cast):
    """The canary: unique facts put in through the actions, then the whole database dumped."""
    assert shutil.which("pg_dump"), "pg_dump is not installed"
    facts = put_sensitive_facts(cast, id_number=_valid_id("33010219800202123"))
    db = connection.settings_dict
    command = ["pg_dump", "--no-owner", "--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    dump = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert facts.person.name in dump  # the rows are in the dump …
    assert Subject.objects.get(pk=facts.subject.pk).number in dump
    for plaintext in facts.plaintexts():  # … their sensitive facts are not
        assert plaintext not in dump, f"{plaintext} is in pg_dump's output"


def test_every_keyed_hash_follows_its_value_so_that_saving_fills_it():
    for model in encrypted_models():
        names = [f.name for f in model._meta.concrete_fields]
        for field in encrypted_fields(model):
            if field.index_field:
                assert names.index(field.index_field) > names.index(field.name), model


# --- the data migrations --------------------------------------------------------------------


class _SchemaEditor:
    connection = connection


def _write_plaintext(model, pk, **values):
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(model._meta.get_field(f).column)} = %s" for f in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE id = %s",  # noqa: S608
            [*values.values(), pk],
        )


def test_the_data_migration_encrypts_plaintext_rows_and_decrypts_them_backwards(facts):
    # Rows as they were before the migration: plaintext (a decimal as the old column held it).
    _write_plaintext(Subject, facts.subject.pk, crime="盗窃罪", original_sentence="拘役三个月")
    _write_plaintext(CheckIn, facts.check_in_id, latitude="30.2741", longitude="120.155")
    _write_plaintext(Person, facts.person.pk, address="青川市东城街道12号", address_hash="")
    forwards, backwards = encrypt_existing_rows(
        "Subject", "CheckIn", "TeamMember", app_label="corrections"
    )
    people_forwards, people_backwards = encrypt_existing_rows(
        "Person", app_label="people", field_names=("address",)
    )
    forwards(apps, _SchemaEditor())
    people_forwards(apps, _SchemaEditor())

    crime, sentence = raw(Subject, facts.subject.pk, "crime", "original_sentence")
    assert crime.startswith("v2:") and sentence.startswith("v2:")
    subject = Subject.objects.get(pk=facts.subject.pk)
    assert (subject.crime, subject.original_sentence) == ("盗窃罪", "拘役三个月")
    check_in = CheckIn.objects.get(pk=facts.check_in_id)
    assert (str(check_in.latitude), str(check_in.longitude)) == ("30.274100", "120.155000")
    person = Person.objects.get(pk=facts.person.pk)
    assert person.address == "青川市东城街道12号"
    assert person.address_hash == crypto.blind_index("青川市东城街道12号", purpose="person.address")

    backwards(apps, _SchemaEditor())
    people_backwards(apps, _SchemaEditor())
    assert raw(Subject, facts.subject.pk, "crime", "original_sentence") == ["盗窃罪", "拘役三个月"]
    assert raw(CheckIn, facts.check_in_id, "latitude", "longitude") == ["30.274100", "120.155000"]
    assert raw(Person, facts.person.pk, "address", "address_hash") == ["青川市东城街道12号", ""]
    # The ID number was encrypted before this migration and stays so.
    assert raw(Person, facts.person.pk, "id_number")[0].startswith("v2:")


# --- masked in lists and exports, full (and logged) on the record's page ---------------------


def test_lists_and_exports_show_offences_sentences_and_coordinates_masked(facts, cast, login):
    worker = login(facts.subject.created_by or cast.city_leader)
    pages = [
        worker.get(reverse("corrections:subject_export")),
        worker.get(reverse("corrections:subject_supervision", args=[facts.subject.pk])),
    ]
    clerk = login(cast.township_clerk)
    pages += [
        clerk.get(reverse("resettlement:person_list")),
        clerk.get(reverse("resettlement:person_export")),
    ]
    for page in pages:
        assert page.status_code == 200
    texts = [
        _xlsx_text(pages[0].content),
        pages[1].content.decode(),
        pages[2].content.decode(),
        _xlsx_text(pages[3].content),
    ]
    for plaintext in (facts.offence, facts.sentence, facts.released_offence, str(facts.latitude)):
        assert not any(plaintext in text for text in texts), plaintext
    assert facts.offence[:1] + "***" in texts[0]
    assert str(facts.latitude)[:5] + "****" in texts[1]
    assert facts.released_offence[:1] + "***" in texts[2]


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )
