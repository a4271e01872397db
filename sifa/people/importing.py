"""The persons of an imported register (a line's import on sifa.core.imports): each row names
one by 居民身份证号码 and name.

`ImportPersons` finds the numbers among the persons the importer may see (one query per 2,000
numbers, `selectors.persons_by_id_numbers`): such a person is used, and the row's name must be
theirs. A number nobody in sight holds is registered at the row's office — even when an office
out of the importer's sight holds it (docs/security.md, 证件号码是否存在不予透露: the answer is
the same as for a number registered nowhere). Until the import is applied a new person is an
unsaved stand-in with a temporary negative key and the gender and birth date its number tells
(the rules that read the age or the gender — the corrections minors rule — apply before
anything is written); `register` saves them all at once (`actions.persons_register_many`),
`register_records` those the rows' records name. A line may keep one stand-in per number
(`per_office = False`, legal aid). `PersonChecks` is what the lines' rules consult for persons.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core.codes import CodeChecks
from sifa.core.idnumber import parse_resident_id
from sifa.core.imports.spec import Change
from sifa.orgs import access
from sifa.people import actions, selectors
from sifa.people.models import Person


class ImportPersons:
    def __init__(self, actor, numbers):
        self.actor = actor
        self.found: dict[str, Person] = selectors.persons_by_id_numbers(
            actor=actor, numbers=[n for n in numbers if n]
        )
        self.new: dict = {}  # (number, office key) or number -> stand-in

    # One stand-in per number and office (the registry allows one registration per office);
    # False: one per number, registered at the office of its first row.
    per_office = True

    def person(self, number: str, name: str, office) -> Person:
        """The person in sight with `number`, else the stand-in registering it at `office`."""
        found = self.found.get(number)
        if found is not None:
            return found
        key = (number, office.pk) if self.per_office else number
        if key not in self.new:
            self.new[key] = self.stand_in(-(len(self.new) + 1), number, name, office)
        return self.new[key]

    def stand_in(self, pk: int, number: str, name: str, office) -> Person:
        """An unsaved person with a temporary negative key and the gender and birth date its
        number tells."""
        resident = parse_resident_id(number)
        stand_in = Person(
            pk=pk, office=office, name=name, gender=resident.gender, birth_date=resident.birth_date
        )
        stand_in.id_number = number
        return stand_in

    @staticmethod
    def name_error(person: Person, name: str) -> str:
        """The message for a row whose name is not the registered person's ('' when it is)."""
        if person.pk is not None and person.pk > 0 and person.name != name.strip():
            return _("该证件号码已登记为“%(name)s”，与所填姓名不符。") % {"name": person.name}
        return ""

    def of_row(self, plan, row, office, number: str = "id_number", name: str = "name"):
        """The person of `row` (its columns `number` and `name`) at `office`; a registered
        person whose name is not the row's is the row's error (None)."""
        person = self.person(row[number], row[name], office)
        wrong_name = self.name_error(person, row[name])
        if wrong_name:
            plan.error(row, name, wrong_name)
            return None
        return person

    def keys(self) -> set[int]:
        return {p.pk for p in self.found.values()} | {p.pk for p in self.new.values()}

    def register(self, reason: str, needed: set[int] | None = None) -> dict[int, Person]:
        """Register the stand-ins (those whose keys are in `needed`, default all) in one go;
        {stand-in key: the saved person}."""
        stand_ins = [p for p in self.new.values() if needed is None or p.pk in needed]
        if not stand_ins:
            return {}
        entries = [
            actions.PersonEntry(office=p.office, name=p.name, id_number=p.id_number)
            for p in stand_ins
        ]
        keys = actions.persons_register_many(actor=self.actor, entries=entries, reason=reason)
        saved = Person.objects.in_bulk(keys)  # the action returns the new persons' keys
        return {stand_in.pk: saved[key] for stand_in, key in zip(stand_ins, keys, strict=True)}

    def register_records(self, rows, reason: str, attr: str = "person") -> list[Change]:
        """Register the stand-ins the `rows`' records name (their attribute `attr`: a person or
        None) and put the saved persons in the records; the registrations, as Changes."""
        records = [row.found["record"] for row in rows]
        named = [getattr(record, attr) for record in records]
        saved = self.register(reason, {p.pk for p in named if p is not None and p.pk < 0})
        for record, person in zip(records, named, strict=True):
            if person is not None and person.pk < 0:
                setattr(record, attr, saved[person.pk])
        return [Change(person, created=True) for person in saved.values()]


class PersonChecks(CodeChecks):
    """`CodeChecks` for rules that name persons: an action's `PersonChecks(actor)` asks the
    access module whether the actor sees a person; a bulk write's `PersonChecks(actor,
    persons=…)` knows the persons it may name (those found in the actor's scope or registered
    by the write itself)."""

    def __init__(self, actor, *, persons: set[int] | None = None):
        super().__init__(actor, bulk=persons is not None)
        self.persons = persons

    def sees(self, person: Person) -> bool:
        if self.persons is not None:
            return person.pk in self.persons
        return access.scope(self.actor, Person.objects.filter(pk=person.pk)).exists()
