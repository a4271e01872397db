"""历史案件导入: write the rows of a checked import file through the case actions.

All rows or none: the file is checked first (`sifa.mediation.importer.read_cases`); only a
file without errors is written, in one transaction, each row through `case_register`,
`case_start`, `agreement_record` / `case_fail`, so an imported case has the same parties,
events and agreement as one registered by hand. A row the actions still refuse (e.g. a date
in the future, no mediator serving on the 受理日期) is reported with its row and column, and
nothing is saved.

Historical numbers: `case_register` numbers every case; when the file gives a 案件编号 the
case is renumbered in the same transaction (the number was checked free beforehand, and the
unique index is the last word). Rows with a number are written first, so an automatic number
given to a row without one can never take a number that a later row of the file brings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sifa.mediation import importer
from sifa.mediation.actions import cases
from sifa.mediation.constants import AgreementForm, PartyKind, PartyRole
from sifa.mediation.importer import RESULT_AGREED, RESULT_FAILED, CaseRow, ImportPlan
from sifa.mediation.models import MediationCase
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import MEDIATOR_POST
from sifa.orgs.models import StaffMember
from sifa.people import actions as people_actions
from sifa.people import selectors as people_selectors
from sifa.people.models import DocumentType, Person

# The file has no column for these required texts; the paper file holds them.
IMPORTED_TERMS = "历史案件导入，协议内容详见纸质卷宗。"
IMPORTED_ROUTES_TOLD = "历史案件导入，告知情况详见纸质卷宗。"

# Where an action's error field points in the file.
FIELD_COLUMNS = {
    "office": "office_code",
    "source": "source",
    "dispute_type": "dispute_type",
    "facts": "facts",
    "received_on": "received_on",
    "amount": "amount",
    "persons_involved": "persons_involved",
    "parties": "applicant",
    "mediators": "office_code",
    "form": "agreement_form",
    "reached_on": "closed_on",
    "parties_signed_on": "closed_on",
    "mediator_signed_on": "closed_on",
    "sealed_on": "closed_on",
    "name": "applicant",
}


@dataclass
class ImportResult:
    created: list[MediationCase] = field(default_factory=list)
    skipped: int = 0


class _RowRefused(Exception):
    """A row the actions refused; its errors are already in the plan."""


@transaction.atomic
def case_import(*, actor, file) -> ImportResult:
    """Import historical cases from an Excel file: every row, or none with every error."""
    if not access.has_capability_anywhere(actor, Cap.EDIT, line="mediation"):
        raise PermissionDenied(_("您没有登记纠纷的权限。"))
    plan = importer.read_cases(file, actor=actor)
    if plan.errors:
        raise ValidationError([str(error) for error in plan.errors])
    result = ImportResult(skipped=sum(1 for row in plan.rows if row.skip))
    to_write = [row for row in plan.rows if not row.skip]
    # Numbered rows first: see the module docstring.
    to_write.sort(key=lambda row: (not row.number, row.line))
    for row in to_write:
        try:
            # A savepoint per row: a refused row leaves the transaction usable, so every
            # row's errors are reported; any error at all rolls the whole import back below.
            with transaction.atomic():
                result.created.append(_write_row(actor, plan, row))
        except _RowRefused:
            continue
    if plan.errors:
        plan.errors.sort(key=lambda e: (e.row or 0, e.column))
        raise ValidationError([str(error) for error in plan.errors])
    result.created.sort(key=lambda case: case.number)
    return result


def _write_row(actor, plan: ImportPlan, row: CaseRow) -> MediationCase:
    mediator = _serving_mediator(row)
    if mediator is None:
        message = _("该调委会在受理日期%(date)s没有在任的人民调解员。")
        _refuse(plan, row, "office_code", message % {"date": row.received_on.isoformat()})
    with _reported(plan, row):
        case = cases.case_register(
            actor=actor,
            office=row.office,
            source=row.source,
            dispute_type=row.dispute_type,
            facts=row.facts,
            received_on=row.received_on,
            parties=_parties(actor, plan, row),
            claims=row.claims,
            amount=row.amount,
            persons_involved=row.persons_involved,
        )
    if row.number:
        _renumber(plan, row, case)
    with _reported(plan, row, default="received_on"):
        cases.case_start(actor=actor, case=case, mediators=[mediator], on=row.received_on)
    with _reported(plan, row, default="closed_on"):
        _close(actor, row, case)
    return case


def _close(actor, row: CaseRow, case: MediationCase) -> None:
    if row.result == RESULT_AGREED:
        written = row.agreement_form == AgreementForm.WRITTEN
        signed_on = row.closed_on if written else None
        cases.agreement_record(
            actor=actor,
            case=case,
            form=row.agreement_form,
            reached_on=row.closed_on,
            terms=IMPORTED_TERMS,
            parties_signed_on=signed_on,
            mediator_signed_on=signed_on,
            sealed_on=signed_on,
        )
    elif row.result == RESULT_FAILED:
        cases.case_fail(actor=actor, case=case, on=row.closed_on, routes_told=IMPORTED_ROUTES_TOLD)


def _serving_mediator(row: CaseRow) -> StaffMember | None:
    """The committee's longest-serving 调解员 on the 受理日期 (the import's assigned mediator)."""
    on = row.received_on
    return (
        StaffMember.objects.filter(office=row.office, post=MEDIATOR_POST, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
        .order_by("start_date", "pk")
        .first()
    )


def _parties(actor, plan: ImportPlan, row: CaseRow) -> list[cases.PartyInput]:
    applicant = _person(actor, plan, row, "applicant", row.applicant, row.applicant_id)
    parties = [cases.PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=applicant)]
    if row.respondent_id:
        respondent = _person(actor, plan, row, "respondent", row.respondent, row.respondent_id)
        parties.append(
            cases.PartyInput(role=PartyRole.RESPONDENT, kind=PartyKind.NATURAL, person=respondent)
        )
    else:
        parties.append(
            cases.PartyInput(
                role=PartyRole.RESPONDENT, kind=PartyKind.LEGAL, organisation=row.respondent
            )
        )
    return parties


def _person(actor, plan, row: CaseRow, key: str, name: str, id_number: str) -> Person:
    """The registered person with this ID number (if the actor may see them), else a new one."""
    person = people_selectors.person_find_by_id_number(actor=actor, id_number=id_number)
    if person is not None:
        if person.name != name:
            message = _("该证件号码已登记为“%(name)s”，与所填姓名不符。")
            _refuse(plan, row, f"{key}_id", message % {"name": person.name})
        return person
    try:
        return people_actions.person_register(
            actor=actor,
            office=row.office,
            name=name,
            doc_type=DocumentType.RESIDENT_ID,
            id_number=id_number,
        )
    except ValidationError as exc:
        columns = {"id_number": f"{key}_id", "name": key}
        _refuse_all(plan, row, exc, columns, default=key)


def _renumber(plan: ImportPlan, row: CaseRow, case: MediationCase) -> None:
    case.number = row.number
    try:
        with transaction.atomic():
            case.save(update_fields=["number", "updated_at"])
    except IntegrityError:
        message = _("案件编号“%(number)s”已被另一案件使用。")
        _refuse(plan, row, "number", message % {"number": row.number})


def _refuse(plan: ImportPlan, row: CaseRow, key: str | None, message: str):
    plan.add(row.line, key, message)
    raise _RowRefused


def _refuse_all(plan, row, exc: ValidationError, columns: dict, *, default: str | None):
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            for message in messages:
                plan.add(row.line, columns.get(name, default), message)
    else:
        for message in exc.messages:
            plan.add(row.line, default, message)
    raise _RowRefused


class _reported:
    """Context manager: an action's ValidationError becomes the row's errors, by column."""

    def __init__(self, plan: ImportPlan, row: CaseRow, default: str | None = None):
        self.plan, self.row, self.default = plan, row, default

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or not issubclass(exc_type, ValidationError):
            return False
        _refuse_all(self.plan, self.row, exc, FIELD_COLUMNS, default=self.default)
