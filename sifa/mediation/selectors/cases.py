"""Reads of mediation cases for views, exports and the to-do list, scoped through access."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import NEAR, OVERDUE, compute, deadline_state
from sifa.core.imports.batches import imported_on
from sifa.core.queries import narrowed, text_condition
from sifa.mediation.constants import CLOSING_TARGET_RULE, CaseStatus, Performance
from sifa.mediation.models import Agreement, CaseParty, JudicialConfirmation, MediationCase
from sifa.orgs import access
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office

# A month is at least 28 days: a case received later than this many days (plus the warning
# window) before today cannot be near its one-month closing target yet.
SHORTEST_MONTH_DAYS = 28
WARN_DAYS = 3

# What the to-do list watches.
CLOSING_TARGET = "closing_target"  # PM-22: 调结 within one month of 受理
PERFORMANCE_DEADLINE = "performance_deadline"  # PM-19/23: agreement not yet performed


def case_list(
    *,
    actor,
    office: Office | None = None,
    status: str | None = None,
    dispute_type: str | None = None,
    source: str | None = None,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    q: str | None = None,
) -> QuerySet[MediationCase]:
    """Cases the actor may see, newest 受理 first; each filter narrows when given.

    `office` narrows to that office's subtree (a township's committees, a county …);
    `q` matches the case number, the facts, or a party's name.
    """
    cases = access.scope(actor, MediationCase.objects.select_related("office"))
    if office is not None:
        cases = access.within(cases, office)
    cases = narrowed(
        cases,
        status=status,
        dispute_type=dispute_type,
        source=source,
        received_on__gte=received_from,
        received_on__lte=received_to,
    )
    q = (q or "").strip()
    if q:
        party_named = CaseParty.objects.filter(case=OuterRef("pk")).filter(
            text_condition(q, "person__name", "organisation")
        )
        cases = cases.filter(text_condition(q, "number", "facts") | Exists(party_named))
    return cases.order_by("-received_on", "-id")


def committees_for_registration(actor) -> QuerySet[Office]:
    """Mediation committees where the actor may register cases (`edit`), in tree order."""
    committees = access.visible_offices(actor, access.Cap.EDIT, line="mediation").filter(
        kind=OfficeKind.MEDIATION_COMMITTEE, is_active=True
    )
    return committees.order_by("path")


def case_visible(*, actor, pk) -> MediationCase | None:
    """The case if the actor may see it, else None (for links from other lines' pages)."""
    return access.scope(actor, MediationCase.objects.select_related("office")).filter(pk=pk).first()


def parties_matching(*, actor, condition: Q) -> QuerySet[CaseParty]:
    """Parties of the cases the actor sees that meet `condition`, oldest case first (the legal-aid
    conflict-of-interest check reads them: 法律援助法 第25条)."""
    parties = access.scope(actor, CaseParty.objects.select_related("case", "office"))
    return parties.filter(condition).order_by("case__received_on", "id")


def confirmation_get(*, actor, pk) -> JudicialConfirmation:
    """One 司法确认 application, or 404 when outside the actor's scope."""
    return access.get_object_or_404(
        actor,
        JudicialConfirmation.objects.select_related("agreement__case__office"),
        pk=pk,
    )


def case_get(*, actor, pk) -> MediationCase:
    """One case with what its page shows, or 404 when outside the actor's scope."""
    return access.get_object_or_404(
        actor,
        MediationCase.objects.select_related("office", "created_by").prefetch_related(
            "parties__person", "mediators__person", "events", "sessions", "follow_ups"
        ),
        pk=pk,
    )


def linked_legal_aid(*, actor, case: MediationCase) -> list[tuple[str, str, str]]:
    """(kind, record, url) of the legal-aid consultations (12348 calls included) this case was
    turned from, that the actor may see: the other side of the link kept on the consultation."""
    consultations = access.scope(actor, case.legal_aid_consultations.all())
    return [
        (str(c._meta.verbose_name), str(c), c.get_absolute_url())
        for c in consultations.order_by("consulted_at")
    ]


@dataclass(frozen=True)
class CaseDue:
    """A visible case with a deadline near or past (`state` is deadlines.NEAR or OVERDUE)."""

    case: MediationCase
    kind: str  # CLOSING_TARGET or PERFORMANCE_DEADLINE
    due: datetime.date
    state: str


def cases_due(*, actor, today: datetime.date | None = None) -> list[CaseDue]:
    """Open cases near or past the one-month 调结 target (PM-22), and agreed cases whose
    performance deadline is near or past while performance is still 待履行 (PM-19, PM-23).

    Only cases the actor may see; most urgent first.
    """
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    items = _closing_targets_due(actor, today, calendar) + _performance_due(actor, today)
    return sorted(items, key=lambda item: (item.due, item.case.number))


def imported_cases(cases) -> dict[int, datetime.date]:
    """{pk: the day it was imported} of those of `cases` an import batch created (go-live): a
    closing target already past then is history (HISTORIC), not overdue (docs/go-live.md)."""
    return imported_on(MediationCase, [case.pk for case in cases])


def _closing_targets_due(actor, today, calendar) -> list[CaseDue]:
    latest_received = today + datetime.timedelta(days=WARN_DAYS - SHORTEST_MONTH_DAYS)
    open_cases = access.scope(actor, MediationCase.objects.select_related("office")).filter(
        status__in=[CaseStatus.REGISTERED, CaseStatus.IN_MEDIATION],
        received_on__lte=latest_received,
    )
    open_cases = list(open_cases)
    # A target already past when the case was imported is history, not late work (HISTORIC):
    # not a to-do (docs/go-live.md).
    entered = imported_on(MediationCase, [case.pk for case in open_cases])
    items = []
    for case in open_cases:
        due = compute(CLOSING_TARGET_RULE, case.received_on, calendar=calendar)
        state = deadline_state(
            due, today=today, warn_days=WARN_DAYS, entered_on=entered.get(case.pk)
        )
        if state in (NEAR, OVERDUE):
            items.append(CaseDue(case, CLOSING_TARGET, due, state))
    return items


def _performance_due(actor, today) -> list[CaseDue]:
    agreements = access.scope(actor, Agreement.objects.select_related("case__office")).filter(
        case__status=CaseStatus.AGREED,
        performance=Performance.PENDING,
        performance_deadline__lte=today + datetime.timedelta(days=WARN_DAYS),
    )
    agreements = list(agreements)
    entered = imported_on(MediationCase, [a.case_id for a in agreements])
    items = []
    for agreement in agreements:
        due = agreement.performance_deadline
        state = deadline_state(
            due, today=today, warn_days=WARN_DAYS, entered_on=entered.get(agreement.case_id)
        )
        if state in (NEAR, OVERDUE):
            items.append(CaseDue(agreement.case, PERFORMANCE_DEADLINE, due, state))
    return items


# --- the register import (sifa.mediation.imports.cases) -------------------------------------


def committees_for_import(*, actor, codes) -> dict[str, Office]:
    """{code: office} of the offices with these codes where the actor may register cases: an
    office out of that scope is not found, as a code that does not exist."""
    offices = access.visible_offices(actor, access.Cap.EDIT, line="mediation")
    return {office.code: office for office in offices.filter(code__in=set(codes))}


def offices_for_import(*, actor, codes) -> dict[str, Office]:
    """{code: office} of the offices with these codes the actor may see in the line."""
    offices = access.visible_offices(actor, access.Cap.VIEW, line="mediation")
    return {office.code: office for office in offices.filter(code__in=set(codes))}


def mediators_of(committees) -> dict[int, list]:
    """{committee id: its 人民调解员 posts, longest-serving first} (with their persons)."""
    from sifa.orgs.constants import MEDIATOR_POST
    from sifa.orgs.models import StaffMember

    posts = (
        StaffMember.objects.filter(office__in=committees, post=MEDIATOR_POST)
        .select_related("person")
        .order_by("start_date", "pk")
    )
    found: dict[int, list] = {}
    for post in posts:
        found.setdefault(post.office_id, []).append(post)
    return found


IMPORT_CHUNK = 5000


def case_keys_for_import(*, offices, first, last) -> list[tuple[int, tuple]]:
    """(case id, (committee id, 受理日期, 纠纷简要情况, applicant person id)) of the cases of
    these committees received between `first` and `last`: what finds a register row without a
    number again (sifa.mediation.imports.cases)."""
    from sifa.mediation.constants import PartyRole

    rows = CaseParty.objects.filter(
        role=PartyRole.APPLICANT,
        person__isnull=False,
        case__office_id__in=offices,
        case__received_on__range=(first, last),
    ).values_list("case_id", "case__office_id", "case__received_on", "case__facts", "person_id")
    return [(case_id, (office, day, facts, person)) for case_id, office, day, facts, person in rows]


def cases_for_import(*, numbers=(), condition: Q | None = None) -> list[MediationCase] | dict:
    """The cases an import row may name, with what comparing them needs (parties, agreement,
    confirmations, follow-ups, events). By `numbers`: {number: case} over the whole tree — a
    案件编号 is unique everywhere, so a number taken by a case the importer cannot see is still
    taken (the import says only that, nothing of the case); the caller updates a case only when
    it is the row's own committee's. By `condition`: the cases it selects, a list."""
    related = ("parties", "agreement__confirmations", "follow_ups", "events")
    cases = MediationCase.objects.select_related("office", "agreement").prefetch_related(*related)
    if condition is not None:
        return list(cases.filter(condition))
    numbers = list(set(numbers))
    found = {}
    for start in range(0, len(numbers), IMPORT_CHUNK):
        for case in cases.filter(number__in=numbers[start : start + IMPORT_CHUNK]):
            found[case.number] = case
    return found
