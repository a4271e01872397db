"""Reads for the legal-aid imports (sifa/legalaid/imports): the offices a file may name, the
records its rows name again (by their natural keys), the roster its assignments name, and what
the rules need to know is taken already (notices, archive numbers, 话务流水号), read once per
file.

The offices and providers are those the importer may see (access); the records found by their
keys are looked up everywhere, because a key is unique everywhere: a number used outside the
importer's scope is a clash the row must report (without showing the other record).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, Q

from sifa.legalaid.constants import Channel
from sifa.legalaid.models import (
    Application,
    ApplicationEvent,
    Assignment,
    Consultation,
    Handler,
    Provider,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office

CHUNK = 2000  # keys per IN (...) list


def offices_for_import(*, actor, codes) -> dict[str, Office]:
    """{code: office} of the offices with these codes where the actor may write in the line:
    an office out of that scope is not found, as a code that does not exist."""
    offices = access.visible_offices(actor, Cap.EDIT, line="legalaid")
    return {office.code: office for office in offices.filter(code__in=set(codes))}


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


# --- applications --------------------------------------------------------------------------


def _with_steps(queryset):
    """Applications with what an update compares: assignments (provider, handler and person),
    events, groups and quality checks."""
    return queryset.select_related("office", "applicant").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("provider", "handler__person").order_by(
                "assigned_on", "id"
            ),
        ),
        Prefetch("events", queryset=ApplicationEvent.objects.order_by("id")),
        "groups",
        "quality_checks",
    )


def applications_for_import(*, numbers=(), condition: Q | None = None) -> dict:
    """{number: application} of the applications with these numbers, or (with `condition`) a
    list of those matching it — with their steps (see `_with_steps`)."""
    if condition is not None:
        return list(_with_steps(Application.objects.filter(condition)))
    found = {}
    for chunk in _chunks(set(numbers)):
        for application in _with_steps(Application.objects.filter(number__in=chunk)):
            found[application.number] = application
    return found


def registered_notices(pairs) -> set[tuple[str, str]]:
    """The (organ name, notice number) pairs among `pairs` that a case is registered for."""
    pairs = {(organ, number) for organ, number in pairs if number}
    found = set()
    numbers = {number for _organ, number in pairs}
    for chunk in _chunks(numbers):
        rows = Application.objects.filter(notice_number__in=chunk).values_list(
            "notifying_organ_name", "notice_number"
        )
        found.update(pair for pair in rows if pair in pairs)
    return found


def archive_numbers_of(office_ids) -> dict[tuple[int, str], int]:
    """{(office id, 档案号): application id} of the archived cases of these offices."""
    rows = (
        Application.objects.filter(office_id__in=set(office_ids))
        .exclude(archive_number="")
        .values_list("office_id", "archive_number", "pk")
    )
    return {(office_id, number): pk for office_id, number, pk in rows}


# --- the roster ------------------------------------------------------------------------------


def providers_for_import(*, actor) -> list[Provider]:
    """The providers the actor may see (active or not), each with its handlers and their
    persons: the roster an imported assignment is matched against."""
    handlers = Handler.objects.select_related("person").order_by("id")
    rows = access.scope(actor, Provider.objects.select_related("office")).prefetch_related(
        Prefetch("handlers", queryset=handlers)
    )
    return list(rows.order_by("id"))


def roster_of(offices) -> dict[int, list[Provider]]:
    """{office id: its providers, with their handlers and persons} of these roster offices."""
    handlers = Handler.objects.select_related("person").order_by("id")
    rows = (
        Provider.objects.filter(office__in=list(offices))
        .prefetch_related(Prefetch("handlers", queryset=handlers))
        .order_by("id")
    )
    found = defaultdict(list)
    for provider in rows:
        found[provider.office_id].append(provider)
    return found


# --- consultations ---------------------------------------------------------------------------


def consultations_for_import(*, office_ids, moments) -> list[Consultation]:
    """The consultations of these offices at these moments (咨询时间): those a call log's rows
    may name again."""
    found = []
    office_ids = set(office_ids)
    for chunk in _chunks(set(moments)):
        found += Consultation.objects.filter(
            office_id__in=office_ids, consulted_at__in=chunk
        ).select_related("office", "person")
    return found


def consultations_by_call_id(*, office_ids, call_ids) -> list[Consultation]:
    """The consultations of these offices with these 话务流水号."""
    found = []
    office_ids = set(office_ids)
    for chunk in _chunks(set(call_ids)):
        found += Consultation.objects.filter(
            office_id__in=office_ids, call_id__in=chunk
        ).select_related("office", "person")
    return found


def call_ids_of(office_ids) -> dict[tuple[int, str], int]:
    """{(office id, 话务流水号): consultation id} of the 12348 calls of these offices."""
    rows = (
        Consultation.objects.filter(office_id__in=set(office_ids), channel=Channel.HOTLINE)
        .exclude(call_id="")
        .values_list("office_id", "call_id", "pk")
    )
    return {(office_id, call_id): pk for office_id, call_id, pk in rows}
