"""Writes to the person registry (人员信息): register, update, and the logged reveal.

One person per document *as far as the actor can see*: the same 证件号码 (however typed — 15
digits, lowercase x) cannot be registered twice where the actor sees it, and the refusal names
the registration found. A number registered only in offices the actor cannot see does not stop
the registration: it proceeds exactly as for a new number, so no answer tells whether a number
exists in an office out of sight (issue 14, item 8; docs/security.md "Never reveal whether an
ID number exists"). The registrations of one document in several offices share its keyed hash
(`id_number_hash`), so whoever sees both offices finds them together. The check runs on the
keyed hash before saving; the database constraint `people_person_unique_document_per_office`
(one registration per document and office) is the last line against two clerks saving at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.audit.models import AccessLog
from sifa.core.codes import validate_code
from sifa.core.idnumber import (
    RESIDENT_ID_STRUCTURED,
    ResidentId,
    normalize_document_number,
    normalize_phone,
    parse_resident_id,
)
from sifa.core.imports.load import Load
from sifa.core.validation import one_day
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.people.models import (
    DocumentType,
    Gender,
    Person,
    document_values,
    id_number_indexes,
    phone_values,
)

ETHNICITY_CODE_LIST = "ethnicity"
_DOCUMENT_TYPES = frozenset(DocumentType.values)  # `.values` builds a new list at each call
REGION_CODE_LENGTHS = (6, 9, 12)

# Fields `person_update` accepts; anything else is a programming error.
UPDATABLE_FIELDS = frozenset(
    {
        "office",
        "name",
        "doc_type",
        "id_number",
        "phone",
        "ethnicity",
        "address",
        "region_code",
        "gender",
        "birth_date",
    }
)

# Sent with `actor` and `person` when `person_update` changed the birth date (itself read from
# the ID number), inside its transaction: a line that derives a fact from the age listens (the
# corrections line: whether a correction is a minor's record). A signal, because the registry
# sits below the lines and imports none of them.
person_birth_date_changed = Signal()

# Sensitive fields that may be revealed; the access log records the field name.
REVEALABLE_FIELDS = ("id_number", "phone", "address")


class DuplicatePersonError(ValidationError):
    """The document number is already registered.

    `existing` is the registered person when the actor may see them, else None: a person
    registered in an office outside the actor's scope is not disclosed.
    """

    def __init__(self, message: str, *, existing: Person | None = None):
        super().__init__({"id_number": [message]})
        self.existing = existing


@dataclass(frozen=True)
class PersonIdentity:
    """Who a form names by 身份证号码: the registry entry found for it, or the facts to register
    one (姓名, number, phone). A form builds it; `person_obtain` turns it into a Person."""

    person: Person | None = None
    name: str = ""
    id_number: str = ""
    phone: str = ""


def person_obtain(*, actor, office: Office, identity: PersonIdentity) -> Person:
    """The person `identity` names; one not yet in the registry is registered at `office` first
    (call it inside the caller's transaction, so a refused record leaves nobody behind)."""
    if identity.person is not None:
        return identity.person
    return person_register(
        actor=actor,
        office=office,
        name=identity.name.strip(),
        doc_type=DocumentType.RESIDENT_ID,
        id_number=identity.id_number,
        phone=identity.phone,
    )


@transaction.atomic
def person_register(
    *,
    actor,
    office: Office,
    name: str,
    doc_type: str,
    id_number: str = "",
    phone: str = "",
    ethnicity: str = "",
    address: str = "",
    region_code: str = "",
    gender: str | None = None,
    birth_date: datetime.date | None = None,
) -> Person:
    """登记人员: create a Person in `office` (the actor needs `edit` there)."""
    access.require(actor, Cap.EDIT, office, line=access.ANY_LINE)
    person = Person(office=office, created_by=actor)
    _fill(
        person,
        name=name,
        doc_type=doc_type,
        id_number=id_number,
        phone=phone,
        ethnicity=ethnicity,
        address=address,
        region_code=region_code,
        gender=gender,
        birth_date=birth_date,
    )
    return _save(actor, person)


@dataclass(frozen=True)
class PersonEntry:
    """One person to register with others at once (`persons_register_many`)."""

    office: Office
    name: str
    id_number: str
    doc_type: str = DocumentType.RESIDENT_ID
    phone: str = ""


IMPORT_REASON = "批量登记"  # the change reason of the history rows of persons registered in bulk
WRITE_EVERY = 10_000  # persons written at a time


class _Entry:
    """A person's values as `_fill` sets them on a Person, for a bulk write (building a Person
    per row costs more than the rules)."""

    def set_id_number(self, number: str) -> None:
        self.__dict__.update(document_values(number))

    def set_phone(self, phone: str) -> None:
        self.__dict__.update(phone_values(phone))


def persons_register_many(*, actor, entries: list[PersonEntry], reason: str = IMPORT_REASON):
    """登记人员 for many at once (an import of a register): the rules of `person_register`
    (`_fill`: name, document, phone; gender and birth date from the ID number) for each, the
    right to register in each office checked once, the rows written at once with their history
    rows (sifa.core.imports.load).

    The caller has already looked for each number among the persons the actor may see
    (`selectors.persons_by_id_numbers`) and passes only those not found, once per office; the
    database constraint (one registration of a document per office) is the last word.
    Raises ValidationError {index: messages} naming the entries refused; writes nothing then.
    Returns the new persons' keys, in the order of `entries`."""

    for office in {entry.office.pk: entry.office for entry in entries}.values():
        access.require(actor, Cap.EDIT, office, line=access.ANY_LINE)
    problems, keys = {}, []
    load = Load(reason=reason, user=actor)
    rows = load.rows(Person)
    try:
        # "Today" (a birth date may not be later) read once for all, not per number; a refused
        # entry writes nothing, a part written included.
        with one_day(), transaction.atomic():
            for index, entry in enumerate(entries):
                values = _Entry()
                try:
                    _fill(
                        values,
                        name=entry.name,
                        doc_type=entry.doc_type,
                        id_number=entry.id_number,
                        phone=entry.phone,
                        ethnicity="",
                        address="",
                        region_code="",
                        gender=None,
                        birth_date=None,
                    )
                except ValidationError as error:
                    problems[index] = error.messages
                    continue
                values = values.__dict__
                values.update(office_id=entry.office.pk, created_by_id=actor.pk)
                keys.append(rows.add(values))
                if len(keys) % WRITE_EVERY == 0:
                    load.write()  # in parts: the memory of one part
            if problems:
                raise ValidationError(
                    {str(index): messages for index, messages in problems.items()}
                )
            load.write()
    except IntegrityError as error:
        raise ValidationError(
            _("导入期间有人登记了相同证件号码的人员，请重新导入。"), code="duplicate"
        ) from error
    return keys


@transaction.atomic
def person_update(*, actor, person: Person, **changes) -> Person:
    """修改人员信息: apply `changes` (a subset of UPDATABLE_FIELDS) and re-validate everything.

    Moving a person to another office needs `edit` on both offices. When the document changes
    and gender or birth date are not given, they are derived again from the new number.
    """
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"person_update() got unexpected fields: {sorted(unknown)}")
    _require_in_sight(actor, person)
    access.require_for_person(actor, Cap.EDIT, person)
    new_office = changes.get("office") or person.office
    if new_office.pk != person.office_id:
        access.require(actor, Cap.EDIT, new_office, line=access.ANY_LINE)

    document_changed = any(
        key in changes and changes[key] != getattr(person, key) for key in ("doc_type", "id_number")
    )
    values = {field: getattr(person, field) for field in UPDATABLE_FIELDS - {"office"}}
    if document_changed:
        # The stored gender and birth date came from the old number: derive them anew.
        values.update(gender=None, birth_date=None)
    values.update((key, value) for key, value in changes.items() if key != "office")
    person.office = new_office
    birth_date_before = person.birth_date
    try:
        _fill(person, **values)
        _save(actor, person)
    except ValidationError:
        person.refresh_from_db()  # leave the caller's object as stored, not half-changed
        raise
    if person.birth_date != birth_date_before:
        person_birth_date_changed.send(Person, actor=actor, person=person)
    return person


_NO_PHONE = object()


def resident_person(
    *,
    office: Office,
    name: str,
    resident,
    registered: Callable[[], Person | None],
    meanwhile: Callable[[], Person | None] | None = None,
    **fields,
) -> tuple[Person, bool]:
    """The person a citizen or a notice names by a resident ID number (`resident`: the parsed
    number, with the gender and birth date it carries): the registration `registered()` finds,
    or a new one in `office` under `name` with `fields` (address, region_code; a phone through
    `set_phone`). The new row is saved in a savepoint: when the office registers the number
    meanwhile, that registration (`meanwhile()`, by default `registered()`) is used instead.
    Returns (person, created)."""
    existing = registered()
    if existing is None:
        phone = fields.pop("phone", _NO_PHONE)
        person = Person(
            office=office,
            name=name,
            doc_type=DocumentType.RESIDENT_ID,
            gender=resident.gender,
            birth_date=resident.birth_date,
            **fields,
        )
        person.set_id_number(resident.number)
        if phone is not _NO_PHONE:
            person.set_phone(phone)
        person.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():  # savepoint: a concurrent registration wins
                person.save()
            return person, True
        except IntegrityError:  # the office registered the number meanwhile
            existing = (meanwhile or registered)()
            if existing is None:
                raise
    return existing, False


@transaction.atomic
def person_reveal(*, actor, person: Person, field: str, ip_address: str | None) -> str:
    """显示明文: return the plaintext ID or phone number or address and log the reveal
    (AccessLog)."""
    if field not in REVEALABLE_FIELDS:
        raise ValueError(f"{field!r} cannot be revealed")
    _require_in_sight(actor, person)
    access.require_for_person(actor, Cap.REVEAL, person)
    AccessLog.objects.create(
        user=actor,
        model="people.Person",
        object_id=str(person.pk),
        object_repr=str(person)[:200],
        field=field,
        ip_address=ip_address or None,
    )
    return getattr(person, field) or ""


# ---------------------------------------------------------------------------------------------
# Validation shared by register and update


def _fill(
    person: Person,
    *,
    name,
    doc_type,
    id_number,
    phone,
    ethnicity,
    address,
    region_code,
    gender,
    birth_date,
) -> None:
    """Validate every input, set the normalised values, raise all errors at once."""
    errors: dict[str, list[str]] = {}

    def check(field, func, *args):
        try:
            return func(*args)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
            return None

    person.name = (name or "").strip()
    if not person.name:
        errors["name"] = [_("请填写姓名。")]
    person.doc_type = doc_type
    if doc_type not in _DOCUMENT_TYPES:
        errors["doc_type"] = [_("请选择证件类型。")]

    number, resident = "", None
    if (id_number or "").strip() and "doc_type" not in errors:
        if doc_type in RESIDENT_ID_STRUCTURED:
            resident = check("id_number", parse_resident_id, id_number)
            number = resident.number if resident else ""
        else:
            number = check("id_number", normalize_document_number, doc_type, id_number) or ""
    person.set_id_number(number)

    person.gender, person.birth_date = _gender_and_birth_date(resident, gender, birth_date, errors)

    normalized_phone = ""
    if (phone or "").strip():
        normalized_phone = check("phone", normalize_phone, phone) or ""
    person.set_phone(normalized_phone)

    person.ethnicity = (ethnicity or "").strip()
    if person.ethnicity:
        check("ethnicity", validate_code, ETHNICITY_CODE_LIST, person.ethnicity)
    person.address = (address or "").strip()
    person.region_code = (region_code or "").strip()
    if person.region_code:
        check("region_code", _validate_region_code, person.region_code)

    if errors:
        raise ValidationError(errors)


def _gender_and_birth_date(
    resident: ResidentId | None, gender, birth_date, errors
) -> tuple[str, datetime.date | None]:
    """Derived from the ID number when there is one; a typed value may not contradict it."""
    gender = gender or Gender.UNKNOWN
    if resident is None:
        if birth_date and birth_date > timezone.localdate():
            errors.setdefault("birth_date", []).append(_("出生日期不能晚于今天。"))
        return gender, birth_date
    if gender != Gender.UNKNOWN and gender != resident.gender:
        errors.setdefault("gender", []).append(
            _("性别与身份证号码不符：号码显示为%(gender)s。")
            % {"gender": Gender(resident.gender).label}
        )
    if birth_date and birth_date != resident.birth_date:
        errors.setdefault("birth_date", []).append(
            _("出生日期与身份证号码不符：号码显示为 %(date)s。")
            % {"date": resident.birth_date.isoformat()}
        )
    return resident.gender, resident.birth_date


def _validate_region_code(code: str) -> None:
    if not code.isdigit() or len(code) not in REGION_CODE_LENGTHS:
        raise ValidationError(_("住址行政区划代码应为6、9或12位数字。"))


# ---------------------------------------------------------------------------------------------
# Saving, with the duplicate check


def _save(actor, person: Person) -> Person:
    _ensure_document_not_registered(actor, person)
    person.full_clean(validate_constraints=False)  # the duplicate check above says it better
    try:
        with transaction.atomic():  # savepoint: the outer transaction survives the failure
            person.save()
    except IntegrityError:
        # Another registration in the same office was saved meanwhile.
        existing = _same_document(Person.objects.filter(office=person.office_id), person)
        if existing is None:
            raise
        raise _duplicate_error(actor, existing) from None
    return person


def _same_document(persons, person: Person) -> Person | None:
    if not person.id_number_hash:
        return None
    # Every key's hash: during a key rotation the other row may still carry the previous key's.
    same = persons.filter(
        doc_type=person.doc_type, id_number_hash__in=id_number_indexes(person.id_number)
    )
    if person.pk:
        same = same.exclude(pk=person.pk)
    return same.select_related("office").order_by("pk").first()


def _ensure_document_not_registered(actor, person: Person) -> None:
    """Refuse a number the actor can see registered already. One registered only out of the
    actor's sight does not count: the registration proceeds as for a new number."""
    existing = _same_document(access.scope(actor, Person.objects.all()), person)
    if existing is not None:
        raise _duplicate_error(actor, existing)


def _require_in_sight(actor, person: Person) -> None:
    """404 for a person the actor may not see under the person's whole policy (the office and
    the minors rule): a minor in corrections is neither changed nor revealed by other users,
    even by a caller that skipped the selector."""
    if not access.scope(actor, Person).filter(pk=person.pk).exists():
        raise Http404(_("未找到该记录。"))


def _duplicate_error(actor, existing: Person) -> DuplicatePersonError:
    # Seen through the person's whole policy (the office and the minors rule), not the office
    # alone: a minor in corrections is not disclosed to a user who may not see them.
    if access.scope(actor, Person).filter(pk=existing.pk).exists():
        return DuplicatePersonError(
            _("该证件号码已登记：%(name)s（%(office)s），请勿重复登记。")
            % {"name": existing.name, "office": existing.office.name},
            existing=existing,
        )
    # Only reached when the same office saved it meanwhile and the actor may not read it.
    return DuplicatePersonError(_("该证件号码已登记，请勿重复登记。"))
