"""`manage.py rotate_data_key` (issue 14 item 5): every encrypted column and blind index moves to
the new key; the old key is read until it is done; it can be interrupted and resumed; afterwards
everything is readable with the new key alone and lookups by ID and phone number still work."""

from __future__ import annotations

import base64
import io
import secrets

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sifa.core import crypto
from sifa.core.fields import encrypted_fields
from sifa.core.management.commands.rotate_data_key import encrypted_models, pending_values
from sifa.core.testing import assert_invalid
from sifa.corrections.models import CheckIn, Subject, TeamMember
from sifa.people.actions import DuplicatePersonError, person_register
from sifa.people.models import DocumentType, Person
from sifa.people.selectors import person_find_by_id_number, person_search
from sifa.resettlement.models import ReleasedPerson
from tests.sensitive_facts import put_sensitive_facts
from tests.test_encryption_at_rest import _valid_id, raw


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


@pytest.fixture
def facts(cast):
    return put_sensitive_facts(cast, id_number=_valid_id("33010219800303123"))


def rotate(**options) -> str:
    out = io.StringIO()
    call_command("rotate_data_key", stdout=out, **options)
    return out.getvalue()


def stored_key_ids() -> set[str]:
    """The key id of every non-empty encrypted value in the database."""
    quote = connection.ops.quote_name
    ids = set()
    with connection.cursor() as cursor:
        for model in encrypted_models():
            for field in encrypted_fields(model):
                cursor.execute(
                    f"SELECT {quote(field.column)} FROM {quote(model._meta.db_table)} "  # noqa: S608
                    f"WHERE {quote(field.column)} <> ''"
                )
                ids |= {crypto.key_id_of(value) for (value,) in cursor.fetchall()}
    return ids


def read_everything(facts) -> None:
    """Every sensitive fact, read back through the models (history included)."""
    person = Person.objects.get(pk=facts.person.pk)
    assert (person.id_number, person.phone, person.address) == (
        facts.id_number,
        facts.phone,
        facts.address,
    )
    subject = Subject.objects.get(pk=facts.subject.pk)
    assert (subject.crime, subject.original_sentence) == (facts.offence, facts.sentence)
    assert TeamMember.objects.get(pk=facts.team_member_id).phone == facts.team_phone
    check_in = CheckIn.objects.get(pk=facts.check_in_id)
    assert (check_in.latitude, check_in.longitude) == (facts.latitude, facts.longitude)
    assert ReleasedPerson.objects.get(pk=facts.released.pk).crime == facts.released_offence
    assert {h.crime for h in Subject.history.filter(id=facts.subject.pk)} == {facts.offence}
    for model in encrypted_models():  # and every other row of every encrypted table
        for row in model.objects.all():
            for field in model._meta.concrete_fields:
                getattr(row, field.attname)


def lookups_work(cast, facts) -> None:
    leader = cast.city_leader
    assert person_find_by_id_number(actor=leader, id_number=facts.id_number) == facts.person
    assert facts.person in person_search(actor=leader, query=facts.phone)
    with pytest.raises(DuplicatePersonError) as caught:  # duplicate detection by the hash
        person_register(
            actor=facts.subject.created_by,
            office=cast.township_a1,
            name="重复登记",
            doc_type=DocumentType.RESIDENT_ID,
            id_number=facts.id_number,
        )
    assert_invalid(caught, "id_number", "该证件号码已登记")


def test_rotation_interrupted_and_resumed_leaves_everything_readable_with_the_new_key_only(
    cast, facts, settings
):
    old = crypto.current_key().key_id
    settings.SIFA_DATA_KEY_PREVIOUS = settings.SIFA_DATA_KEY
    settings.SIFA_DATA_KEY = new_key()
    new = crypto.current_key().key_id
    assert new != old

    # Mixed state before and during the rotation: values of both keys are read, lookups hit.
    read_everything(facts)
    lookups_work(cast, facts)

    first = rotate(batch_size=2, max_batches=2)  # interrupted after two batches
    assert "尚有" in first and "请再次运行本命令" in first
    assert stored_key_ids() == {old, new}  # mixed: some rows moved, others not yet
    read_everything(facts)
    lookups_work(cast, facts)

    second = rotate(batch_size=2)  # resumed: carries on to the end
    assert "可以删除 SIFA_DATA_KEY_PREVIOUS" in second
    assert stored_key_ids() == {new}
    assert pending_values() == {}

    # The old key is gone: everything is still read, and the hashes are the new key's.
    settings.SIFA_DATA_KEY_PREVIOUS = ""
    read_everything(facts)
    lookups_work(cast, facts)
    person = Person.objects.get(pk=facts.person.pk)
    assert person.id_number_hash == crypto.blind_index(facts.id_number, purpose="person.id_number")
    assert raw(Person, person.pk, "address_hash")[0] == crypto.blind_index(
        facts.address, purpose="person.address"
    )

    third = rotate()  # a run with nothing left changes nothing
    assert "本次已重新加密" not in third and "可以删除" in third


def test_without_the_previous_key_old_values_are_refused_not_silently_lost(cast, facts, settings):
    settings.SIFA_DATA_KEY = new_key()  # the old key forgotten: its values cannot be opened
    with pytest.raises(crypto.KeyUnavailable):
        Subject.objects.get(pk=facts.subject.pk)
    with pytest.raises(CommandError, match="SIFA_DATA_KEY_PREVIOUS"):
        rotate()


def test_values_without_a_key_id_are_read_and_moved_to_the_current_key(cast, facts, settings):
    """Values written before key ids existed (`v1:`) are opened by whichever key fits."""
    key = crypto.current_key()
    nonce = secrets.token_bytes(12)
    legacy = (
        "v1:"
        + base64.b64encode(nonce + key.aead.encrypt(nonce, "旧格式罪名".encode(), None)).decode()
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(Subject._meta.db_table)} SET crime = %s WHERE id = %s",  # noqa: S608
            [legacy, facts.subject.pk],
        )
    assert Subject.objects.get(pk=facts.subject.pk).crime == "旧格式罪名"
    settings.SIFA_DATA_KEY_PREVIOUS = settings.SIFA_DATA_KEY
    settings.SIFA_DATA_KEY = new_key()
    rotate()
    settings.SIFA_DATA_KEY_PREVIOUS = ""
    assert raw(Subject, facts.subject.pk, "crime")[0].startswith(
        f"v2:{crypto.current_key().key_id}:"
    )
    assert Subject.objects.get(pk=facts.subject.pk).crime == "旧格式罪名"
