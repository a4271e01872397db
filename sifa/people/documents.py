"""A person as a generated document (文书) prints them: the identity line, and whether ID and phone
numbers are in full — one rule and one reveal log for every line's documents.

Whether a document carries the numbers in full is set per template by
SIFA_DOCUMENTS_FULL_ID_NUMBERS (`sifa.core.docx.prints_full_numbers`; the template keys are
listed in docs/settings.md). A template in full prints them for an `actor` who may edit the
record (the clerk who issues the document to the party, the court or the provider) or who holds
`people.reveal` on the record's office, in the record's line. Every other template, every
other user (one who may only view) and a call without `actor` get masked numbers.

Each generation in full is a reveal: `log_document_reveals` writes one `audit.AccessLog` row
per person and field printed in full (purpose naming the document and the record), so the
audit page (审计 › 敏感信息访问) says whose data was seen. A masked document logs nothing:
nothing was revealed.

The layout part (`PrintedNumbers`, which prints full or masked and remembers what it printed)
lives in `sifa.core.docx`; the decision and the log live here because core sits below access
and audit.
"""

from __future__ import annotations

from collections.abc import Callable

from sifa.audit.models import AccessLog
from sifa.core.codes import code_name
from sifa.core.docx import PrintedNumbers, chinese_date, prints_full_numbers
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.people.actions import ETHNICITY_CODE_LIST
from sifa.people.models import DocumentType, Gender, Person

__all__ = [
    "PrintedNumbers",
    "document_numbers",
    "identity_text",
    "log_document_reveals",
    "printed_document",
]


def document_numbers(*, actor, template: str, office: Office, line: str) -> PrintedNumbers:
    """How the document `template` of a record of `office` in `line` prints numbers for
    `actor` (see the module docstring)."""
    if actor is None or not prints_full_numbers(template):
        return PrintedNumbers(full=False)
    full = access.can(actor, Cap.EDIT, office, line=line) or access.can(
        actor, Cap.REVEAL, office, line=line
    )
    return PrintedNumbers(full=full)


def log_document_reveals(
    *, actor, numbers: PrintedNumbers, purpose: str, ip_address: str | None = None
) -> int:
    """One AccessLog row per person and field the document printed in full; how many."""
    rows = [
        AccessLog(
            user=actor,
            model="people.person",
            object_id=str(person.pk),
            object_repr=str(person)[:200],
            field=field,
            ip_address=ip_address or None,
            purpose=purpose[:200],
        )
        for (_pk, field), person in numbers.printed.items()
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def printed_document(
    make: Callable[[PrintedNumbers], tuple[bytes, str]],
    *,
    actor,
    template: str,
    office: Office,
    line: str,
    record: str,
    ip_address: str | None = None,
) -> tuple[bytes, str]:
    """A record's 文书 as (.docx bytes, title): `make(numbers)` writes it with the numbers
    printed as `template` allows `actor` (`document_numbers`), and each one printed in full is
    logged as a reveal for "生成<title>（<record>）" (`record` names the record: "社区矫正对象
    2026-0001")."""
    numbers = document_numbers(actor=actor, template=template, office=office, line=line)
    content, title = make(numbers)
    log_document_reveals(
        actor=actor, numbers=numbers, purpose=f"生成{title}（{record}）", ip_address=ip_address
    )
    return content, title


def document_label(person: Person) -> str:
    """公民身份号码 for a resident ID card, else "<证件类型>号码"."""
    if person.doc_type == DocumentType.RESIDENT_ID:
        return "公民身份号码"
    return f"{person.get_doc_type_display()}号码"


def identity_text(
    person: Person,
    numbers: PrintedNumbers,
    *,
    ethnicity: bool = True,
    address: bool = True,
    phone: bool = False,
) -> str:
    """当事人（申请人、社区矫正对象）基本情况 as the official forms write it: 姓名，性别，民族，
    出生日期，住址，证件号码[，联系电话] — each part only when recorded."""
    parts = [person.name]
    if person.gender and person.gender != Gender.UNKNOWN:
        parts.append(person.get_gender_display())
    if ethnicity and person.ethnicity:
        parts.append(code_name(ETHNICITY_CODE_LIST, person.ethnicity))
    if person.birth_date:
        parts.append(f"{chinese_date(person.birth_date)}出生")
    if address and person.address:
        parts.append(f"住{person.address}")
    if person.id_number:
        parts.append(f"{document_label(person)}：{numbers.id_number(person)}")
    if phone and person.phone:
        parts.append(f"联系电话：{numbers.phone(person)}")
    return "，".join(p for p in parts if p)
