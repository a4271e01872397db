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
from sifa.people.importing import ImportPersons
from sifa.people.models import Person

# What separates the items of a list written in one cell: 未成年人、农民工 / 未成年人,农民工 …
ITEM_SEPARATORS = ("、", "，", ",", "；", ";", "/", "\n")


def offices(plan, ctx: ImportContext, key: str = "office_code") -> dict:
    """{row line: its office}: one the importer may write in (legal aid), inside the chosen
    scope; an unknown code, or one outside, is the row's error."""
    rows = plan.good_rows()
    found = offices_for_import(actor=ctx.actor, codes={row[key] for row in rows})
    return steps.offices_coded(plan, ctx, rows, found, key, label=_("机构编码"))


class Persons(ImportPersons):
    """The persons a file names by 居民身份证号码 (`ImportPersons`): one stand-in per number,
    without the details its number tells."""

    per_office = False

    def __init__(self, ctx: ImportContext, numbers: Iterable[str]):
        super().__init__(ctx.actor, numbers)

    def stand_in(self, pk: int, number: str, name: str, office) -> Person:
        stand_in = Person(pk=pk, office=office, name=name)
        stand_in.id_number = number
        return stand_in

    def named(self, plan, row, key: str, person: Person, name: str) -> bool:
        """A registered person's name must be the file's; else the row's error (False)."""
        if person.pk > 0 and person.name != name:
            message = _("该证件号码已登记为“%(name)s”，与所填姓名不符。") % {"name": person.name}
            plan.error(row, key, message)
            return False
        return True


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
