"""Record numbers per office and year: `{office code}-{yyyy}-{seq:04d}` (案件编号, 申请编号)."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length

ATTEMPTS = 3


def save_with_number(record: models.Model, year: int, *, field: str = "number") -> None:
    """Give `record` the next number of its office and `year`, and save it.

    The office's row is locked while the next number is read (PostgreSQL), and a clash that
    slips through (SQLite, or a number typed in by an import) is retried in a savepoint.
    """
    office_model = type(record)._meta.get_field("office").related_model  # core sits below orgs
    office_model.objects.select_for_update().only("pk").get(pk=record.office_id)
    for attempt in range(ATTEMPTS):
        setattr(record, field, next_number(type(record), record.office, year, skip=attempt))
        try:
            with transaction.atomic():
                record.save()
            return
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
            record.pk = None


def next_number(model, office, year: int, *, skip: int = 0, field: str = "number") -> str:
    """The number after the highest of `office` and `year` (9999 is followed by 10000)."""
    prefix = f"{office.code}-{year}-"
    last = (
        model._default_manager.filter(**{f"{field}__startswith": prefix})
        .order_by(Length(field).desc(), f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    tail = last.rsplit("-", 1)[1] if last else ""
    seq = int(tail) if tail.isdigit() else 0
    return f"{prefix}{seq + 1 + skip:04d}"
