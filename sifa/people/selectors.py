"""Reads of the person registry (人员信息) for views, search, API and benchmarks.

Everything goes through `sifa.orgs.access`: a person is visible to users whose grants cover
the office that registered them. Document and phone numbers are found by exact match on their
keyed hashes — the encrypted columns cannot be searched.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sifa.core.idnumber import normalize_phone, search_forms_of_document_number
from sifa.core.lines import business_lines
from sifa.core.masking import mask_id_number, mask_phone
from sifa.core.search import SearchHit
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office, StaffMember
from sifa.people.models import Person, id_mask_indexes, id_number_indexes, phone_indexes

SEARCH_LIMIT = 20
RECORDS_PER_KIND = 20  # a person page lists at most this many records of one kind


def person_list(*, actor, office: Office | None = None, name: str | None = None) -> QuerySet:
    """Persons the actor may see, newest first; optionally within one office's subtree."""
    persons = access.scope(actor, Person.objects.select_related("office"))
    return _narrowed(persons, office, name).order_by("-id")


def _narrowed(persons: QuerySet, office: Office | None, name: str | None) -> QuerySet:
    if office is not None:
        persons = access.within(persons, office)
    name = (name or "").strip()
    if name:
        persons = persons.filter(name__contains=name)
    return persons


def person_get(*, actor, pk) -> Person:
    """One person, or 404 when outside the actor's scope."""
    return access.get_object_or_404(
        actor, Person.objects.select_related("office", "created_by"), pk=pk
    )


def person_find_by_id_number(*, actor, id_number: str) -> Person | None:
    """Exact lookup by document number as typed (15 digits, lowercase x and spaces accepted)."""
    hashes = _document_hashes(id_number)
    if not hashes:
        return None
    scoped = access.scope(actor, Person.objects.select_related("office"))
    return scoped.filter(id_number_hash__in=hashes).order_by("id").first()


def persons_by_id_numbers(*, actor, numbers) -> dict[str, Person]:
    """{canonical number: the first registration the actor may see} for many 居民身份证号码
    already made canonical (an import's parties): one query per 2,000 numbers."""
    by_hash: dict[str, str] = {}
    for number in set(numbers):
        for digest in id_number_indexes(number):
            by_hash[digest] = number
    found: dict[str, Person] = {}
    scoped = access.scope(actor, Person.objects.select_related("office"))
    digests = list(by_hash)
    for start in range(0, len(digests), 2000):
        chunk = digests[start : start + 2000]
        for person in scoped.filter(id_number_hash__in=chunk).order_by("id"):
            number = by_hash[person.id_number_hash]
            if number not in found or person.pk < found[number].pk:
                found[number] = person
    return found


def person_in_office_by_id_number(*, office: Office, id_number: str) -> Person | None:
    """The registration of this document number by `office` or an office under it, for a
    system call that acts for an office rather than a user (a shared-token endpoint)."""
    hashes = _document_hashes(id_number)
    if not hashes:
        return None
    persons = access.within(Person.objects.select_related("office"), office)
    return persons.filter(id_number_hash__in=hashes).order_by("id").first()


def person_search(*, actor, query: str, limit: int = SEARCH_LIMIT) -> list[Person]:
    """Global search: name contains the query, or the document / phone number equals it, or
    the query is the masked document number a page shows (110105********002X)."""
    query = (query or "").strip()
    if not query:
        return []
    masked = _masked_hashes(query)
    if masked:
        scoped = access.scope(actor, Person.objects.select_related("office"))
        return list(scoped.filter(id_mask_hash__in=masked).order_by("-id")[:limit])
    matches = Q(id_number_hash__in=_document_hashes(query)) if _looks_like_number(query) else Q()
    phone_hashes = _phone_hashes(query)
    if phone_hashes:
        matches |= Q(phone_hash__in=phone_hashes)
    if not query.isdigit():
        matches |= Q(name__contains=query)
    if not matches:
        return []
    scoped = access.scope(actor, Person.objects.select_related("office"))
    return list(scoped.filter(matches).order_by("-id")[:limit])


def person_search_hits(user, query: str) -> list[SearchHit]:
    """The global-search provider (registered in PeopleConfig.ready): masked numbers only."""
    hits = []
    for person in person_search(actor=user, query=query):
        numbers = [n for n in (mask_id_number(person.id_number), mask_phone(person.phone)) if n]
        hits.append(
            SearchHit(
                kind=_("人员"),
                title=" ".join([person.name, *numbers[:1]]),
                url=reverse("people:person_detail", args=[person.pk]),
                detail=" · ".join([person.office.name, *numbers[1:]]),
            )
        )
    return hits


def person_posts(*, actor, person: Person) -> QuerySet:
    """The person's posts (任职) in offices the actor may see, current first."""
    posts = StaffMember.objects.filter(person=person).select_related("office")
    return access.scope(actor, posts).order_by("end_date", "-start_date", "-id")


def person_line_records(*, actor, person: Person) -> list[dict]:
    """The person's records (业务记录) in the lines the actor reads, newest first: one row per
    record with its line, kind, office and page. Records of other lines are not listed
    (`access.person_records`)."""
    names = {line.key: str(line.name) for line in business_lines()}
    rows = []
    for line, model, records in access.person_records(actor, person):
        office_field = access.office_field_of(model)
        for record in records.select_related(office_field).order_by("-pk")[:RECORDS_PER_KIND]:
            shown = _with_page(record)
            label = str(record) if shown is record else f"{shown}（{record}）"
            rows.append(
                {
                    "line": names.get(line, line),
                    "kind": model._meta.verbose_name,
                    "record": label,
                    "office": access.office_of(record).name,
                    "url": _record_url(shown),
                }
            )
    return rows


def _with_page(record):
    """The record, or the file it is part of (a party's case: `core.models.part_of`) when only
    the file has a page; the file is in the same office and line, so in the same scope."""
    if _record_url(record):
        return record
    for field in record._meta.concrete_fields:
        if field.many_to_one and field.remote_field.on_delete is models.CASCADE:
            parent = getattr(record, field.name)
            if _record_url(parent):
                return parent
    return record


def person_may(*, actor, person: Person, capability: str) -> bool:
    """May the actor edit (Cap.EDIT) or reveal (Cap.REVEAL) the person's entry? Only through a
    line in which the actor sees a record of the person (`access.can_for_person`)."""
    return access.can_for_person(actor, capability, person)


def person_abilities(*, actor, person: Person, capabilities) -> frozenset[str]:
    """Which of `capabilities` (Cap.EDIT, Cap.REVEAL) `person_may` grants, asked together: the
    records naming the person are looked up once (`access.capabilities_for_person`)."""
    return access.capabilities_for_person(actor, capabilities, person)


def _record_url(record) -> str:
    try:
        return record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    except NoReverseMatch:
        return ""


def offices_for_filter(*, actor) -> QuerySet:
    """Offices offered in the list filter: every office the actor sees, in tree order."""
    return access.visible_offices(actor, line=access.ANY_LINE).order_by("path")


def offices_for_registration(*, actor) -> QuerySet:
    """Offices where the actor may register or move persons (`edit`), in tree order."""
    return access.visible_offices(actor, Cap.EDIT, line=access.ANY_LINE).order_by("path")


def _looks_like_number(query: str) -> bool:
    compact = query.replace(" ", "")
    return any(ch.isdigit() for ch in compact) and compact.isascii()


def _document_hashes(raw: str) -> list[str]:
    # Every key's hash: during a key rotation a row may still carry the previous key's.
    return [h for form in search_forms_of_document_number(raw) for h in id_number_indexes(form)]


# What a masked resident ID shows: the first six and the last four characters; the asterisks
# typed may be fewer or more than the page showed (18-digit numbers hide 8, 15-digit ones 5).
_MASKED_RESIDENT_ID = re.compile(r"^(?P<head>[0-9]{6})\*+(?P<tail>[0-9]{3}[0-9X])$")
# A masked number shows at least this many characters: fewer would match too many persons.
MIN_MASKED_VISIBLE = 4


def _masked_forms(raw: str) -> list[str]:
    """The masked forms (`mask_id_number`) a typed masked number stands for; [] when the query
    holds no asterisk."""
    compact = re.sub(r"\s+", "", raw).replace("＊", "*").upper()
    if "*" not in compact:
        return []
    visible = len(compact.replace("*", ""))
    if visible < MIN_MASKED_VISIBLE or not compact.replace("*", "").isalnum():
        return []
    resident = _MASKED_RESIDENT_ID.match(compact)
    if resident:
        head, tail = resident["head"], resident["tail"]
        return [f"{head}{'*' * 8}{tail}", f"{head}{'*' * 5}{tail}"]
    return [compact]


def _masked_hashes(raw: str) -> list[str]:
    return [h for form in _masked_forms(raw) for h in id_mask_indexes(form)]


def _phone_hashes(raw: str) -> list[str]:
    if not _looks_like_number(raw):
        return []
    try:
        return phone_indexes(normalize_phone(raw))
    except ValidationError:
        return []
