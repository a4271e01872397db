"""Reading the code tables (字典): names for codes, form choices, validation.

Records store an item's `code`; screens show its `name`. An item is valid from `valid_from`
(inclusive, empty: always) until `valid_to` (exclusive: the day it is retired, empty: still in
use). Retired items stay in the table so old records keep their meaning; new records may only
use items valid on their date. A rename is kept by simple-history, so `code_name(..., on=d)`
shows the name an item had on day `d`.

The seed lists and their sources are in `sifa/core/seed_codes.py`; see docs/code-tables.md.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.calendar import WorkingCalendar
from sifa.core.models import CodeItem, CodeList


def _items(list_key: str) -> QuerySet[CodeItem]:
    return CodeItem.objects.filter(code_list__key=list_key).order_by("sort_order", "code")


def _valid_on(on: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


def _end_of_day(on: date) -> datetime:
    """The first moment after day `on` in the project time zone."""
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))


def _historical_name(item: CodeItem, on: date) -> str:
    """The name `item` had at the end of day `on`, from its change history.

    Before its first history row the item had the name of that row (items loaded before
    history was kept have no earlier row); without any history, its current name.
    """
    history = item.history.exclude(history_type="-")
    as_of = history.filter(history_date__lt=_end_of_day(on)).order_by("-history_date").first()
    if as_of is None:
        as_of = history.order_by("history_date").first()
    return as_of.name if as_of is not None else item.name


def code_name(list_key: str, code: str, on: date | None = None) -> str:
    """The name of `code` in list `list_key` (on day `on`, if given); the code itself if unknown.

    Retired items still have a name: old records must keep showing what they meant.
    """
    if not code:
        return ""
    item = _items(list_key).filter(code=code).first()
    if item is None:
        return code
    if on is None:
        return item.name
    return _historical_name(item, on)


def code_choices(list_key: str, on: date | None = None) -> list[tuple[str, str]]:
    """(code, name) of the items valid on `on` (default today), in sort order, for forms."""
    on = on or timezone.localdate()
    return list(_items(list_key).filter(_valid_on(on)).values_list("code", "name"))


def code_labels(list_key: str) -> dict[str, str]:
    """{code: name} of every item, retired ones included — e.g. a stats Breakdown's `labels`:
    `Breakdown(..., labels=partial(code_labels, "dispute_type"))`."""
    return dict(_items(list_key).values_list("code", "name"))


def validate_code(list_key: str, code: str, on: date | None = None) -> None:
    """Raise ValidationError unless `code` is an item of `list_key` valid on `on` (or today)."""
    on = on or timezone.localdate()
    if _items(list_key).filter(_valid_on(on), code=code).exists():
        return
    list_name = CodeList.objects.filter(key=list_key).values_list("name", flat=True).first()
    list_name = list_name or list_key
    if _items(list_key).filter(code=code).exists():
        raise _not_valid_on(code_name(list_key, code), on, list_name)
    raise _unknown(code, list_name)


def _not_valid_on(name: str, on: date, list_name: str) -> ValidationError:
    return ValidationError(
        _("“%(item)s”在%(date)s不是有效的%(list)s（该项已停用或尚未启用）。"),
        code="code_not_valid_on_date",
        params={"item": name, "date": on.isoformat(), "list": list_name},
    )


def _unknown(code: str, list_name: str) -> ValidationError:
    return ValidationError(
        _("“%(code)s”不是有效的%(list)s代码。"),
        code="unknown_code",
        params={"code": code, "list": list_name},
    )


class CodeTable:
    """One code list read once, for work over many records (an import of 200,000 rows): the
    same answers as `validate_code` and the names of the items, without a query per record."""

    def __init__(self, list_key: str):
        self.list_key = list_key
        self.name = (
            CodeList.objects.filter(key=list_key).values_list("name", flat=True).first() or list_key
        )
        rows = _items(list_key).values_list("code", "name", "valid_from", "valid_to")
        self.items = {code: (name, start, end) for code, name, start, end in rows}

    def names(self) -> dict[str, str]:
        """{code: name} of every item, retired ones included."""
        return {code: item[0] for code, item in self.items.items()}

    def is_valid(self, code: str, on: date) -> bool:
        item = self.items.get(code)
        if item is None:
            return False
        _name, start, end = item
        return (start is None or start <= on) and (end is None or end > on)

    def validate(self, code: str, on: date | None = None) -> None:
        """`validate_code(list_key, code, on)`, from the table read once."""
        on = on or timezone.localdate()
        if self.is_valid(code, on):
            return
        if code in self.items:
            raise _not_valid_on(self.items[code][0], on, self.name)
        raise _unknown(code, self.name)


class CodeChecks:
    """What a line's rules consult for codes and working days: an action's `CodeChecks(actor)`
    asks the database each time (`validate_code`); a bulk write's (`bulk=True`: an import)
    reads each code table once (`CodeTable`) and keeps one `WorkingCalendar`, so checking a
    register costs no query per record. Lines' `Checks` add what else their rules look up."""

    def __init__(self, actor, *, bulk: bool = False):
        self.actor = actor
        self.bulk = bulk
        self.tables: dict[str, CodeTable] = {}
        self.calendar = WorkingCalendar() if bulk else None

    def code(self, list_key: str, code: str, on: date | None = None) -> None:
        """`validate_code`, from a table read once in bulk."""
        if not self.bulk:
            validate_code(list_key, code, on)
            return
        if list_key not in self.tables:
            self.tables[list_key] = CodeTable(list_key)
        self.tables[list_key].validate(code, on)
