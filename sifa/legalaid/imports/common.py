"""What the legal-aid imports share: the office each row names (in the importer's scope), the
persons its 身份证号码 names (found, or registered when the file is applied) and a column of
several items of a list (受援人群体). The steps every line's import shares are
`sifa.core.imports.steps`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from sifa.core.imports import cells, spec, steps
from sifa.core.imports.spec import ImportContext
from sifa.legalaid.selectors.imports import offices_for_import
from sifa.people import actions as people_actions
from sifa.people import selectors as people_selectors
from sifa.people.models import Person

# What separates the items of a list written in one cell: 未成年人、农民工 / 未成年人,农民工 …
ITEM_SEPARATORS = ("、", "，", ",", "；", ";", "/", "\n")


def offices(plan, ctx: ImportContext, key: str = "office_code") -> dict:
    """{row line: its office}: one the importer may write in (legal aid), inside the chosen
    scope; an unknown code, or one outside, is the row's error."""
    rows = plan.good_rows()
    found = offices_for_import(actor=ctx.actor, codes={row[key] for row in rows})
    return steps.offices_coded(plan, ctx, rows, found, key, label=_("机构编码"))


class Persons:
    """The persons a file names by 居民身份证号码: those the importer may see, and the ones to
    register (stand-ins with a temporary negative key until `register` saves them)."""

    def __init__(self, ctx: ImportContext, numbers: Iterable[str]):
        self.ctx = ctx
        self.found = people_selectors.persons_by_id_numbers(actor=ctx.actor, numbers=numbers)
        self.new: dict[str, Person] = {}

    def person(self, number: str, name: str, office) -> Person:
        found = self.found.get(number)
        if found is not None:
            return found
        if number not in self.new:
            stand_in = Person(pk=-(len(self.new) + 1), office=office, name=name)
            stand_in.id_number = number
            self.new[number] = stand_in
        return self.new[number]

    def named(self, plan, row, key: str, person: Person, name: str) -> bool:
        """A registered person's name must be the file's; else the row's error (False)."""
        if person.pk > 0 and person.name != name:
            message = _("该证件号码已登记为“%(name)s”，与所填姓名不符。") % {"name": person.name}
            plan.error(row, key, message)
            return False
        return True

    def keys(self) -> set[int]:
        return {p.pk for p in self.found.values()} | {p.pk for p in self.new.values()}

    def register(self, needed: set[int], reason: str) -> dict[int, Person]:
        """Register the new ones among `needed` (stand-in keys); {stand-in key: the person}."""
        stand_ins = [p for p in self.new.values() if p.pk in needed]
        if not stand_ins:
            return {}
        entries = [
            people_actions.PersonEntry(office=p.office, name=p.name, id_number=p.id_number)
            for p in stand_ins
        ]
        keys = people_actions.persons_register_many(
            actor=self.ctx.actor, entries=entries, reason=reason
        )
        saved = Person.objects.in_bulk(keys)  # the action returns the new persons' keys
        return {stand_in.pk: saved[key] for stand_in, key in zip(stand_ins, keys, strict=True)}

    def register_records(self, rows, reason: str, attr: str) -> dict[int, Person]:
        """Register the stand-ins the `rows`' records name (their attribute `attr`, a person
        or None) and put the registered persons in the records; {stand-in key: the person}."""
        records = [row.found["record"] for row in rows]
        named = [getattr(record, attr) for record in records]
        registered = self.register({p.pk for p in named if p is not None and p.pk < 0}, reason)
        for record in records:
            setattr(record, attr, saved(getattr(record, attr), registered))
        return registered


def saved(person, registered: dict[int, Person]):
    """The person itself, or the one registered for its stand-in."""
    if person is None or person.pk > 0:
        return person
    return registered[person.pk]


def several(
    key: str,
    header: str,
    choices: Callable[[], Iterable[tuple[str, str]]],
    *,
    note: str = "",
    example: str = "",
) -> spec.Field:
    """A cell naming several items of a list (受援人群体: 未成年人、农民工), each by its label or
    its value, separated by 、 , ; or a new line; the value is the tuple of items, each once."""

    def options():
        return cells.Options(choices())

    def read(raw, ctx):
        table = ctx.options(key, options)
        text = cells.text(raw)
        for separator in ITEM_SEPARATORS[1:]:
            text = text.replace(separator, ITEM_SEPARATORS[0])
        items = [part for part in text.split(ITEM_SEPARATORS[0]) if part.strip()]
        return tuple(dict.fromkeys(table.read(item, header) for item in items))

    return spec.Field(
        key,
        header,
        read,
        False,
        note or _("可填多项，用顿号“、”分隔"),
        (),
        width=22,
        example=example,
    )
