"""Reads of the line's import (sifa.hotline.imports): which of a file's platform numbers are
already registered. The number is the platform's and unique across Sifa, so an order known at
any office is skipped (the action would return it unchanged); only the numbers are read."""

from __future__ import annotations

from sifa.hotline.models import WorkOrder

CHUNK = 2000  # values in one IN (…) list


def known_numbers(numbers) -> set[str]:
    wanted = list(set(numbers))
    known: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        rows = WorkOrder.objects.filter(number__in=wanted[start : start + CHUNK])
        known.update(rows.values_list("number", flat=True))
    return known
