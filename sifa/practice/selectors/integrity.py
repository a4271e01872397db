"""Reads of the integrity file (诚信档案) and of its public subset (issue 18 item 5;
docs/practice.md "Integrity file and public page").

* The **file** (`institution_file`, `practitioner_file`) is for logged-in staff and every part
  of it is read through the line's scoped selectors (`sifa.orgs.access`): an institution's own
  account sees its licences, inspections, rewards and service but no complaint or sanction
  (those are the supervising bureau's records); legal-aid cases are read only through
  `sifa.legalaid.selectors` (offered by legal aid's line, see below) — the counts as figures,
  the list of cases as the actor sees them.
* The **public page** reads without a user: `public_*` return only what
  SIFA_PRACTICE_PUBLIC_FIELDS publishes, as plain values (never a Person), so a template cannot
  reach an ID number, a phone or an address. Sanctions are public once decided, until
  SIFA_PRACTICE_PUBLIC_SANCTION_YEARS after the decision (or while in force; a revocation
  always); a complaint only when substantiated *and* published by the bureau, with the summary
  it wrote.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core.deadlines import add_months
from sifa.core.lines import offered
from sifa.orgs import access
from sifa.practice.constants import HELD, PRACTITIONER_NOUN, PractitionerStatus
from sifa.practice.constants_discipline import ComplaintStatus, SanctionKind, SanctionStatus
from sifa.practice.constants_inspection import DECIDED
from sifa.practice.constants_integrity import PublicField
from sifa.practice.models import (
    Assessment,
    Complaint,
    ComplaintPublication,
    Institution,
    Practitioner,
    PublicService,
    Reward,
    Sanction,
    ServiceLog,
    Submission,
    Transfer,
)
from sifa.practice.selectors import advisers as adviser_selectors
from sifa.practice.selectors.discipline import complaint_list, sanction_list
from sifa.practice.selectors.inspection import practitioner_assessments, submission_list
from sifa.practice.selectors.registers import (
    may_license,
    practitioner_list,
    practitioner_transfers,
)

# --- legal aid's figures ----------------------------------------------------------------------
# Legal aid imports this line (the suspension check), so this line may not import legal aid
# (no cycle between apps): it reads the functions legal aid offers (`Line.offers`), which are
# `sifa.legalaid.selectors.providers.handled_case_counts` and `handled_cases`.


def handled_case_counts(person_ids) -> dict:
    """{person id: counts} of the legal-aid cases each person handles (`.assigned`, `.over`,
    `.by_year`); empty where legal aid is not installed."""
    counts = offered("legalaid.handled_case_counts")
    return counts(person_ids) if counts else {}


def handled_cases(*, actor, person) -> list:
    """The legal-aid cases the actor sees whose current handler is `person`."""
    cases = offered("legalaid.handled_cases")
    return list(cases(actor=actor, person=person)[:20]) if cases else []


# --- the staff file ---------------------------------------------------------------------------


@dataclass
class YearService:
    """公益法律服务 of one year: the records on the file and the village advisers' logs."""

    year: int
    records: int = 0
    hours: Decimal = Decimal(0)
    persons: int = 0
    adviser_logs: int = 0
    adviser_hours: Decimal = Decimal(0)

    @property
    def total_hours(self) -> Decimal:
        return self.hours + self.adviser_hours


def may_keep_file(*, actor, institution: Institution) -> bool:
    """May the actor record rewards and public service of `institution` (the supervising
    bureau, as for licensing)?"""
    return may_license(actor=actor, institution=institution)


def rewards(*, actor, institution=None, person=None) -> QuerySet[Reward]:
    rows = access.scope(
        actor, Reward.objects.select_related("institution__office", "practitioner__person")
    )
    if institution is not None:
        rows = rows.filter(institution=institution)
    if person is not None:
        rows = rows.filter(practitioner__person=person)
    return rows.order_by("-awarded_on", "-pk")


def public_services(*, actor, institution=None, person=None) -> QuerySet[PublicService]:
    rows = access.scope(
        actor, PublicService.objects.select_related("institution__office", "practitioner__person")
    )
    if institution is not None:
        rows = rows.filter(institution=institution)
    if person is not None:
        rows = rows.filter(practitioner__person=person)
    return rows.order_by("-served_on", "-pk")


def service_by_year(services: QuerySet[PublicService], logs: QuerySet) -> list[YearService]:
    """Hours and persons by year, newest first: recorded service and adviser logs apart."""
    years: dict[int, YearService] = {}
    for row in (
        services.order_by()
        .values(year=ExtractYear("served_on"))
        .annotate(records=Count("pk"), hours=Sum("hours"), persons=Sum("persons"))
    ):
        item = years.setdefault(row["year"], YearService(row["year"]))
        item.records, item.hours, item.persons = row["records"], row["hours"], row["persons"]
    for row in (
        logs.order_by()
        .values(year=ExtractYear("served_on"))
        .annotate(n=Count("pk"), h=Sum("hours"))
    ):
        item = years.setdefault(row["year"], YearService(row["year"]))
        item.adviser_logs, item.adviser_hours = row["n"], row["h"] or Decimal(0)
    return sorted(years.values(), key=lambda item: -item.year)


def _complaint_counts(rows: QuerySet[Complaint]) -> dict:
    return rows.aggregate(
        received=Count("pk"),
        substantiated=Count("pk", filter=Q(status=ComplaintStatus.SUBSTANTIATED)),
    )


def _legal_aid(persons) -> dict:
    counted = handled_case_counts([person.pk for person in persons])
    by_year: dict[int, int] = defaultdict(int)
    for item in counted.values():
        for year, cases in item.by_year.items():
            by_year[year] += cases
    return {
        "assigned": sum(item.assigned for item in counted.values()),
        "over": sum(item.over for item in counted.values()),
        "by_year": sorted(by_year.items(), reverse=True),
    }


def institution_file(*, actor, institution: Institution) -> dict:
    """诚信档案 of an institution, as the actor sees it (the institution is in his sight)."""
    practitioners = practitioner_list(actor=actor, institution=institution)
    complaints = complaint_list(actor=actor).filter(institution=institution)
    logs = adviser_selectors.logs(actor).filter(contract__institution=institution)
    services = public_services(actor=actor, institution=institution)
    status_history = [
        row
        for row, earlier in _changes(institution.history.order_by("history_date", "history_id"))
        if earlier is None or row.status != earlier.status
    ]
    return {
        "status_history": status_history,
        "moves": access.scope(actor, _transfers_of(institution)),
        "inspections": submission_list(actor=actor).filter(institution=institution),
        "practitioners": practitioners,
        "rewards": rewards(actor=actor, institution=institution),
        "sanctions": sanction_list(actor=actor).filter(practitioner__institution=institution),
        "complaints": complaints,
        "complaint_counts": _complaint_counts(complaints),
        "services": services[:20],
        "service_years": service_by_year(services, logs),
        "legal_aid": _legal_aid([row.person for row in practitioners.filter(status__in=HELD)]),
        "can_keep_file": may_keep_file(actor=actor, institution=institution),
    }


def _changes(history):
    earlier = None
    for row in history:
        yield row, earlier
        earlier = row


def _transfers_of(institution: Institution) -> QuerySet[Transfer]:
    rows = Transfer.objects.select_related(
        "practitioner__person", "from_institution__office", "to_institution__office"
    )
    return rows.filter(Q(from_institution=institution) | Q(to_institution=institution)).order_by(
        "-moved_on", "-pk"
    )


def practitioner_file(*, actor, practitioner: Practitioner) -> dict:
    """诚信档案 of a practitioner (every licence of the same person the actor sees)."""
    person = practitioner.person
    complaints = complaint_list(actor=actor, practitioner=practitioner)
    services = public_services(actor=actor, person=person)
    logs = adviser_selectors.logs(actor).filter(contract__adviser__person=person)
    return {
        "licences": practitioner_list(actor=actor).filter(person=person).order_by("licensed_on"),
        "transfers": practitioner_transfers(actor=actor, practitioner=practitioner),
        "assessments": practitioner_assessments(actor=actor, practitioner=practitioner),
        "rewards": rewards(actor=actor, person=person),
        "sanctions": sanction_list(actor=actor, practitioner=practitioner),
        "complaints": complaints,
        "complaint_counts": _complaint_counts(complaints),
        "services": services[:20],
        "service_years": service_by_year(services, logs),
        "legal_aid": _legal_aid([person]),
        "legal_aid_cases": handled_cases(actor=actor, person=person),
        "can_keep_file": may_keep_file(actor=actor, institution=practitioner.institution),
    }


def publishable_complaints(*, actor, institution: Institution) -> QuerySet[Complaint]:
    """Substantiated complaints about the institution or its people the actor sees, with their
    publication if any (公开 on the file)."""
    rows = complaint_list(actor=actor, status=ComplaintStatus.SUBSTANTIATED)
    return rows.filter(institution=institution).select_related("publication")


def complaint_for_publication(*, actor, pk) -> Complaint:
    rows = Complaint.objects.select_related("institution__office", "practitioner__person")
    return access.get_object_or_404(actor, rows, pk=pk)


# --- the public page --------------------------------------------------------------------------


def public_fields() -> frozenset[str]:
    """The published fields (SIFA_PRACTICE_PUBLIC_FIELDS); unknown names are ignored."""
    wanted = {str(name).strip() for name in sifa_setting("SIFA_PRACTICE_PUBLIC_FIELDS")}
    return frozenset(wanted & set(PublicField.values))


def _public_query(rows: QuerySet, query: str, name_field: str) -> QuerySet:
    text = (query or "").strip()
    if not text:
        return rows
    return rows.filter(Q(**{f"{name_field}__icontains": text}) | Q(licence_number__iexact=text))


def public_institutions(query: str = "") -> QuerySet[Institution]:
    """Every registered institution, by name or 执业许可证号 (the full number)."""
    rows = Institution.objects.select_related("office")
    return _public_query(rows, query, "office__name").order_by("category", "office__code")


def public_practitioners(query: str = "") -> QuerySet[Practitioner]:
    """Every licence on the register, by name or 执业证号 (the full number): a cancelled licence
    is listed as 注销, so a citizen can tell it from one never issued."""
    rows = Practitioner.objects.select_related("person", "institution__office")
    rows = _public_query(rows, query, "person__name")
    return rows.order_by("person__name", "licence_number")


@dataclass
class PublicRow:
    """One line of the public list: only published values, as text."""

    pk: int
    kind: str  # "institution" or "practitioner"
    name: str
    values: dict[str, str] = field(default_factory=dict)


def _latest_inspections(institution_ids) -> dict[int, Submission]:
    latest: dict[int, Submission] = {}
    rows = Submission.objects.filter(institution_id__in=institution_ids, status__in=DECIDED)
    for row in rows.order_by("institution_id", "-year"):
        latest.setdefault(row.institution_id, row)
    return latest


def _latest_assessments(practitioner_ids) -> dict[int, Assessment]:
    latest: dict[int, Assessment] = {}
    rows = Assessment.objects.filter(practitioner_id__in=practitioner_ids)
    for row in rows.order_by("practitioner_id", "-year"):
        latest.setdefault(row.practitioner_id, row)
    return latest


def _inspection_text(row: Submission | None) -> str:
    if row is None:
        return "—"
    return _("%(year)s年度 %(result)s") % {"year": row.year, "result": row.get_status_display()}


def institution_rows(institutions, fields: frozenset[str]) -> list[PublicRow]:
    institutions = list(institutions)
    latest = _latest_inspections([row.pk for row in institutions])
    found = []
    for row in institutions:
        values = {}
        if PublicField.LICENCE_NUMBER in fields:
            values[PublicField.LICENCE_NUMBER] = row.licence_number
        if PublicField.CATEGORY in fields:
            values[PublicField.CATEGORY] = row.get_category_display()
        if PublicField.STATUS in fields:
            values[PublicField.STATUS] = row.get_status_display()
        if PublicField.INSPECTION in fields:
            values[PublicField.INSPECTION] = _inspection_text(latest.get(row.pk))
        found.append(PublicRow(row.pk, "institution", row.office.name, values))
    return found


def _running_suspensions(practitioner_ids, today: datetime.date) -> dict[int, Sanction]:
    """{practitioner id: the decided 停止执业 running on `today`} of these practitioners."""
    rows = Sanction.objects.filter(
        practitioner_id__in=practitioner_ids,
        status=SanctionStatus.DECIDED,
        kind=SanctionKind.SUSPENSION,
        starts_on__lte=today,
        ends_on__gte=today,
    )
    return {row.practitioner_id: row for row in rows.order_by("ends_on")}


def public_status(practitioner: Practitioner, suspension: Sanction | None = None) -> str:
    """执业状态 as the public should read it: a decided suspension running today shows."""
    if practitioner.status == PractitionerStatus.PRACTISING and suspension is not None:
        return _("停止执业（至%(day)s）") % {"day": suspension.ends_on.isoformat()}
    return practitioner.get_status_display()


def practitioner_rows(practitioners, fields: frozenset[str]) -> list[PublicRow]:
    practitioners = list(practitioners)
    ids = [row.pk for row in practitioners]
    latest = _latest_assessments(ids)
    suspended = _running_suspensions(ids, timezone.localdate())
    found = []
    for row in practitioners:
        values = {}
        if PublicField.LICENCE_NUMBER in fields:
            values[PublicField.LICENCE_NUMBER] = row.licence_number
        if PublicField.CATEGORY in fields:
            kind = PRACTITIONER_NOUN[row.category]
            values[PublicField.CATEGORY] = f"{kind} · {row.get_kind_display()}"
        if PublicField.INSTITUTION in fields:
            values[PublicField.INSTITUTION] = row.institution.office.name
        if PublicField.STATUS in fields:
            values[PublicField.STATUS] = public_status(row, suspended.get(row.pk))
        if PublicField.ASSESSMENT in fields:
            assessment = latest.get(row.pk)
            values[PublicField.ASSESSMENT] = (
                _("%(year)s年度 %(result)s")
                % {"year": assessment.year, "result": assessment.get_result_display()}
                if assessment
                else "—"
            )
        found.append(PublicRow(row.pk, "practitioner", row.person.name, values))
    return found


def public_institution(pk) -> Institution:
    try:
        return Institution.objects.select_related("office").get(pk=pk)
    except (Institution.DoesNotExist, ValueError):
        raise Http404(_("未找到该执业机构。")) from None


def public_practitioner(pk) -> Practitioner:
    try:
        return Practitioner.objects.select_related("person", "institution__office").get(pk=pk)
    except (Practitioner.DoesNotExist, ValueError):
        raise Http404(_("未找到该执业人员。")) from None


@dataclass(frozen=True)
class PublicSanction:
    who: str
    authority: str
    kind: str
    decided_by: str
    decision_number: str
    decided_on: datetime.date
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    amount: Decimal | None
    months: int | None


@dataclass(frozen=True)
class PublicComplaint:
    who: str
    received_on: datetime.date
    concluded_on: datetime.date | None
    published_on: datetime.date
    summary: str


def public_sanctions_q(today: datetime.date | None = None) -> Q:
    """Decided sanctions still public on `today`."""
    today = today or timezone.localdate()
    years = int(sifa_setting("SIFA_PRACTICE_PUBLIC_SANCTION_YEARS"))
    since = add_months(today, -12 * years)
    return Q(status=SanctionStatus.DECIDED) & (
        Q(decided_on__gte=since) | Q(kind=SanctionKind.REVOCATION) | Q(ends_on__gte=today)
    )


def _public_sanctions(rows: QuerySet[Sanction]) -> list[PublicSanction]:
    rows = rows.filter(public_sanctions_q()).select_related("practitioner__person")
    return [
        PublicSanction(
            who=row.practitioner.person.name,
            authority=row.get_authority_display(),
            kind=row.get_kind_display(),
            decided_by=row.get_decided_by_display(),
            decision_number=row.decision_number,
            decided_on=row.decided_on,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            amount=row.amount,
            months=row.months,
        )
        for row in rows.order_by("-decided_on", "-pk")
    ]


def _public_complaints(rows: QuerySet[ComplaintPublication]) -> list[PublicComplaint]:
    rows = rows.filter(complaint__status=ComplaintStatus.SUBSTANTIATED).select_related(
        "complaint__institution__office", "complaint__practitioner__person"
    )
    found = []
    for row in rows.order_by("-published_on", "-pk"):
        complaint = row.complaint
        who = (
            complaint.practitioner.person.name
            if complaint.practitioner_id
            else complaint.institution.office.name
        )
        found.append(
            PublicComplaint(
                who, complaint.received_on, complaint.concluded_on, row.published_on, row.summary
            )
        )
    return found


def _public_rewards(rows: QuerySet[Reward]) -> list[dict]:
    return [
        {
            "title": row.title,
            "level": row.get_level_display(),
            "awarded_by": row.awarded_by,
            "awarded_on": row.awarded_on,
            "who": row.practitioner.person.name if row.practitioner_id else "",
        }
        for row in rows.select_related("practitioner__person").order_by("-awarded_on", "-pk")
    ]


def _public_logs_of(**lookup) -> QuerySet[ServiceLog]:
    return ServiceLog.objects.filter(**lookup)


def public_institution_file(institution: Institution) -> dict:
    """The published part of an institution's file (SIFA_PRACTICE_PUBLIC_FIELDS)."""
    fields = public_fields()
    file: dict = {"fields": fields, "row": institution_rows([institution], fields)[0]}
    if PublicField.LICENSED_ON in fields:
        file["founded_on"] = institution.founded_on
    if PublicField.HEAD_NAME in fields:
        file["head_name"] = institution.head_name
    if PublicField.ADDRESS in fields:
        file["address"] = institution.address
    held = institution.practitioners.filter(status__in=HELD).select_related("person")
    file["practitioners"] = practitioner_rows(held.order_by("person__name"), fields)
    if PublicField.INSPECTION in fields:
        file["inspections"] = [
            {"year": row.year, "result": row.get_status_display(), "decided_on": row.decided_on}
            for row in institution.inspections.filter(status__in=DECIDED).order_by("-year")
        ]
    if PublicField.SANCTIONS in fields:
        file["sanctions"] = _public_sanctions(
            Sanction.objects.filter(practitioner__institution=institution)
        )
    if PublicField.COMPLAINTS in fields:
        file["complaints"] = _public_complaints(
            ComplaintPublication.objects.filter(complaint__institution=institution)
        )
    if PublicField.REWARDS in fields:
        file["rewards"] = _public_rewards(institution.rewards.all())
    if PublicField.PUBLIC_SERVICE in fields:
        file["service_years"] = service_by_year(
            institution.public_services.all(), _public_logs_of(contract__institution=institution)
        )
    if PublicField.LEGAL_AID in fields:
        file["legal_aid"] = _legal_aid([row.person for row in held])
    return file


def public_practitioner_file(practitioner: Practitioner) -> dict:
    """The published part of a practitioner's file (SIFA_PRACTICE_PUBLIC_FIELDS)."""
    fields = public_fields()
    person = practitioner.person
    file: dict = {"fields": fields, "row": practitioner_rows([practitioner], fields)[0]}
    if PublicField.LICENSED_ON in fields:
        file["licensed_on"] = practitioner.licensed_on
        file["cancelled_on"] = practitioner.cancelled_on
    if PublicField.INSTITUTION in fields:
        file["institution"] = practitioner.institution
    if PublicField.ASSESSMENT in fields:
        file["assessments"] = [
            {"year": row.year, "result": row.get_result_display()}
            for row in practitioner.assessments.order_by("-year")
        ]
    if PublicField.SANCTIONS in fields:
        file["sanctions"] = _public_sanctions(Sanction.objects.filter(practitioner=practitioner))
    if PublicField.COMPLAINTS in fields:
        file["complaints"] = _public_complaints(
            ComplaintPublication.objects.filter(complaint__practitioner=practitioner)
        )
    if PublicField.REWARDS in fields:
        file["rewards"] = _public_rewards(Reward.objects.filter(practitioner__person=person))
    if PublicField.PUBLIC_SERVICE in fields:
        file["service_years"] = service_by_year(
            PublicService.objects.filter(practitioner__person=person),
            _public_logs_of(contract__adviser__person=person),
        )
    if PublicField.LEGAL_AID in fields:
        file["legal_aid"] = _legal_aid([person])
    return file
