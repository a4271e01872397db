"""Reads of the line's import (sifa.resettlement.imports): the releases a register's rows may
already be. Limited to what the importer may see (`access.scope`), but for the one rule the
actions apply whoever holds the record: one record per release of a person (`releases_taken`)."""

from __future__ import annotations

from sifa.orgs import access
from sifa.people.models import id_number_indexes
from sifa.resettlement.models import ReleasedPerson

CHUNK = 2000  # values in one IN (…) list


def releases_by_id_numbers(*, actor, numbers) -> dict[str, list[ReleasedPerson]]:
    """{居民身份证号码: the releases of that number the actor may see}, oldest first."""
    by_hash: dict[str, str] = {}
    for number in set(numbers):
        for digest in id_number_indexes(number):
            by_hash[digest] = number
    rows = access.scope(actor, ReleasedPerson.objects.select_related("office", "person"))
    found: dict[str, list[ReleasedPerson]] = {}
    digests = list(by_hash)
    for start in range(0, len(digests), CHUNK):
        chunk = digests[start : start + CHUNK]
        for released in rows.filter(person__id_number_hash__in=chunk).order_by("released_on", "pk"):
            found.setdefault(by_hash[released.person.id_number_hash], []).append(released)
    return found


def releases_taken(person_keys) -> set[tuple[int, object]]:
    """(person key, release date) of every release registered for these persons, by any office:
    the actions' rule (`_same_release`) is unscoped on purpose — one release, one record."""
    keys = [key for key in set(person_keys) if key and key > 0]
    taken: set[tuple[int, object]] = set()
    for start in range(0, len(keys), CHUNK):
        rows = ReleasedPerson.objects.filter(person_id__in=keys[start : start + CHUNK])
        taken.update(rows.values_list("person_id", "released_on"))
    return taken
