"""Reads of the line's imports (sifa.corrections.imports): the offices a file may name, the
subjects and assessments its rows may already be, the subjects its check-ins belong to.

Each read is limited to what the importer may see (`access.scope`, minors included): a row
naming something out of sight is treated as naming nothing (docs/security.md)."""

from __future__ import annotations

from django.db.models import QuerySet

from sifa.corrections.actions.subjects import OPEN_STATUSES
from sifa.corrections.models import CheckIn, Investigation, Subject
from sifa.corrections.selectors.investigations import investigations_visible
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.selectors import OfficeNames
from sifa.people.models import id_number_indexes

CHUNK = 2000  # values in one IN (…) list

__all__ = [
    "OfficeNames",
    "check_in_subjects",
    "check_ins_existing",
    "investigations_for_import",
    "open_subjects_by_id_numbers",
    "subject_numbers_taken",
]


def _by_number(rows: QuerySet, numbers, hash_field: str) -> dict[str, list]:
    by_hash: dict[str, str] = {}
    for number in set(numbers):
        for digest in id_number_indexes(number):
            by_hash[digest] = number
    found: dict[str, list] = {}
    digests = list(by_hash)
    for start in range(0, len(digests), CHUNK):
        chunk = digests[start : start + CHUNK]
        for row in rows.filter(**{f"{hash_field}__in": chunk}).order_by("pk"):
            found.setdefault(by_hash[_digest(row, hash_field)], []).append(row)
    return found


def _digest(row, hash_field: str) -> str:
    value = row
    for part in hash_field.split("__"):
        value = getattr(value, part)
    return value


def open_subjects_by_id_numbers(*, actor, numbers) -> dict[str, list[Subject]]:
    """{居民身份证号码: the subjects of that number the actor may see and that are still open
    (待报到, 未报到查找中, 已接收, 在矫)}, with their office, person, team and plans."""
    rows = access.scope(
        actor,
        Subject.objects.select_related("office", "person")
        .prefetch_related("team", "plans")
        .filter(status__in=OPEN_STATUSES),
    )
    return _by_number(rows, numbers, "person__id_number_hash")


def subject_numbers_taken(numbers) -> set[str]:
    """The 矫正编号 among `numbers` that a subject already has, anywhere: a number is unique
    across the system (the database says so), so this tells no more than saving would."""
    numbers = list(set(numbers))
    taken: set[str] = set()
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        taken.update(Subject.objects.filter(number__in=chunk).values_list("number", flat=True))
    return taken


def investigations_for_import(*, actor, keys) -> dict[tuple[int, str], Investigation]:
    """{(office id, 委托编号): the assessment} among `keys` that the actor may see."""
    keys = set(keys)
    found: dict[tuple[int, str], Investigation] = {}
    numbers = sorted({number for _office, number in keys})
    rows = investigations_visible(actor, Investigation.objects.select_related("office", "person"))
    for start in range(0, len(numbers), CHUNK):
        for row in rows.filter(commission_number__in=numbers[start : start + CHUNK]):
            key = (row.office_id, row.commission_number)
            if key in keys:
                found[key] = row
    return found


def check_in_subjects(*, actor, numbers) -> dict[str, Subject]:
    """{矫正编号: subject} among `numbers` where the actor may write the subject's records
    (edit on its office; a minor's with Cap.MINORS): the reach of a check-in history import."""
    offices = access.visible_offices(actor, Cap.EDIT, line="corrections")
    rows = access.scope(
        actor, Subject.objects.filter(office__in=offices).select_related("office")
    ).only("pk", "number", "status", "registered_on", "is_minor", "office__id", "office__path")
    found: dict[str, Subject] = {}
    numbers = list(set(numbers))
    for start in range(0, len(numbers), CHUNK):
        for subject in rows.filter(number__in=numbers[start : start + CHUNK]):
            found[subject.number] = subject
    return found


def check_ins_existing(keys) -> set[tuple[int, object]]:
    """(subject key, moment) among `keys` already stored: a history file read again finds the
    check-ins it brought (one query per 2,000 subjects, over the file's time span)."""
    keys = list(keys)
    if not keys:
        return set()
    by_subject: dict[int, list] = {}
    for subject_id, at in keys:
        by_subject.setdefault(subject_id, []).append(at)
    wanted = set(keys)
    found: set[tuple[int, object]] = set()
    subject_ids = list(by_subject)
    first, last = min(at for _s, at in keys), max(at for _s, at in keys)
    for start in range(0, len(subject_ids), CHUNK):
        rows = CheckIn.objects.filter(
            subject_id__in=subject_ids[start : start + CHUNK], at__gte=first, at__lte=last
        ).values_list("subject_id", "at")
        found.update(key for key in rows.iterator(chunk_size=20_000) if key in wanted)
    return found
