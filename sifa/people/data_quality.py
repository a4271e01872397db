"""The person registry's data-quality rules (sifa.core.data_quality; docs/data-quality.md):
probable duplicate registrations of one person.

Registering a person looks for the document number where the clerk can see (people.actions), so
two registrations of one person in one office should not happen; imports and typos make them: the
same number under two document types, or the same name, birth date and address with the number
missing or mistyped. Both registrations are counted.

Only a twin **in the same office** counts. Offices out of each other's sight may each hold a
registration of the same number by design (docs/security.md, 登记不泄露他处登记): flagging a
person because of a twin elsewhere would tell the office that the number is registered there.
Nor is a twin counted that the minors rule hides (a person in a minor's corrections file), for
the same reason; that twin is itself counted, and shown only to readers who may see it.
Registered from PeopleConfig.ready() (`sifa.core.data_quality.register_group`).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sifa.core.data_quality import FixLink, QualityRule
from sifa.orgs import access
from sifa.people.models import Person

PERSONS = _("人")


def _twins(**same):
    """Other registrations in the same office with the same `same` fields, that a reader who sees
    the person may see too (not hidden by the minors rule)."""
    twins = Person.objects.filter(office=OuterRef("office"), **same).exclude(pk=OuterRef("pk"))
    restriction = access.minors_restriction(Person)
    if restriction is not None:
        twins = twins.exclude(**{restriction[0]: True})
    return twins


def _person_page(person) -> str:
    return reverse("people:person_detail", args=[person.pk])


def _edit(person):
    return FixLink(str(_("修改人员信息")), reverse("people:person_edit", args=[person.pk]))


def _duplicates(code, *, label, definition, same: tuple[str, ...], filled: Q, columns):
    """The rule "another registration in the same office has the same `same` fields" over the
    persons whose `filled` fields are on record (a blank number matches no one); both count."""

    def records():
        twins = _twins(**{field: OuterRef(field) for field in same})
        return Person.objects.select_related("office").filter(filled).filter(Exists(twins))

    return QualityRule(
        code=code,
        label=label,
        definition=definition,
        model=Person,
        records=records,
        record_url=_person_page,
        fix=_edit,
        columns=columns,
        unit=PERSONS,
    )


RULES = (
    _duplicates(
        "people.same_document_number",
        label=_("疑似重复登记：证件号码相同"),
        definition=_(
            "同一机构内另有一条证件号码相同（按证件号码的检索哈希比对）的人员登记；两条都计。"
        ),
        same=("id_number_hash",),
        filled=~Q(id_number_hash=""),
        columns=("name", "doc_type", "birth_date"),
    ),
    _duplicates(
        "people.same_name_birth_and_address",
        label=_("疑似重复登记：姓名、出生日期和住址相同"),
        definition=_(
            "同一机构内另有一条姓名、出生日期和住址都相同的人员登记（证件号码缺失或不同，"
            "多为录入错误）；两条都计。"
        ),
        same=("name", "birth_date", "address_hash"),
        filled=~Q(address_hash="") & Q(birth_date__isnull=False),
        columns=("name", "birth_date", "doc_type"),
    ),
)
