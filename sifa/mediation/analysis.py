"""Dispute early-warning analysis (矛盾纠纷研判): the arithmetic behind the monthly page.

The figures are the `mediation.cases_accepted` indicator's records (受理数, by 受理日期), read
through `sifa.stats.registry.records` for a Scope carrying the user, so every cell equals the
indicator's value for that office, month and dispute type, and respects access.

The warning rules (documented in docs/mediation.md, 纠纷研判):

* Unusual rise (显著上升): for one office × dispute type, with λ = the mean of the same cell
  over the previous 6 months (at least 1), the month is flagged when P(X ≥ observed) < 0.01
  for X ~ Poisson(λ) and observed ≥ 3. One-sided: only rises are flagged.
* Repeat party (重复当事人): the same registered person (CaseParty.person_id) is a party in
  ≥ 3 accepted cases within the last 3 months (the chosen month and the two before it).
* Repeat address (同一住址): the same non-empty Person.address among the parties of ≥ 3
  accepted cases within the same 3 months.

Only `math` is used for the Poisson tail (no SciPy).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import Substr, TruncMonth
from django.utils.translation import gettext as _

from sifa.orgs import access
from sifa.people.models import Person

SIGNIFICANCE = 0.01
MIN_OBSERVED = 3
HISTORY_MONTHS = 6
MIN_BASELINE = 1.0
REPEAT_THRESHOLD = 3
REPEAT_WINDOW_MONTHS = 3


# --- months -------------------------------------------------------------------------------


def shift_month(month: date, n: int) -> date:
    """The first day of the month `n` months after `month` (negative: before)."""
    index = month.year * 12 + (month.month - 1) + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    return shift_month(month, 1) - timedelta(days=1)


def last_complete_month(today: date) -> date:
    """The first day of the month before `today`'s."""
    return shift_month(date(today.year, today.month, 1), -1)


# --- the Poisson rule ---------------------------------------------------------------------


def poisson_tail(observed: int, lam: float) -> float:
    """P(X ≥ observed) for X ~ Poisson(lam), summed in log space to stay stable."""
    if observed <= 0:
        return 1.0
    below = sum(math.exp(i * math.log(lam) - lam - math.lgamma(i + 1)) for i in range(observed))
    return max(0.0, 1.0 - below)


def baseline(history: list[int]) -> float:
    """λ: the mean of the previous months, never below MIN_BASELINE."""
    mean = sum(history) / len(history) if history else 0.0
    return max(mean, MIN_BASELINE)


def is_unusual_rise(observed: int, history: list[int]) -> bool:
    return observed >= MIN_OBSERVED and poisson_tail(observed, baseline(history)) < SIGNIFICANCE


# --- sentences ----------------------------------------------------------------------------


def _percent(current: int, base: int) -> str:
    return f"{abs(current - base) / base * 100:.1f}%"


def change_phrase(current: int, base: int, *, kind: str) -> str:
    """环比/同比 in words: 增长 or 下降 by sign, 持平, or why it cannot be computed.

    `kind` is "mom" (环比, against the previous month) or "yoy" (同比, same month last year).
    """
    name = _("环比") if kind == "mom" else _("同比")
    if base == 0:
        if kind == "mom":
            return _("上月为0，无法计算环比")
        return _("去年同月为0，无法计算同比")
    if current == base:
        return _("%(name)s持平") % {"name": name}
    verb = _("增长") if current > base else _("下降")
    return f"{name}{verb}{_percent(current, base)}"


def rise_sentence(
    *, office: str, dispute_type: str, current: int, previous: int, last_year: int, mean: float
) -> str:
    """The bureau-style sentence of an unusual rise."""
    return _(
        "本月%(office)s%(type)s受理%(n)d件，%(mom)s，%(yoy)s，"
        "显著高于近6个月平均水平（%(mean).1f件），请关注。"
    ) % {
        "office": office,
        "type": dispute_type,
        "n": current,
        "mom": change_phrase(current, previous, kind="mom"),
        "yoy": change_phrase(current, last_year, kind="yoy"),
        "mean": mean,
    }


def repeat_party_sentence(*, name: str, cases: int) -> str:
    return _("近3个月%(name)s作为当事人涉及%(n)d件纠纷，可能存在矛盾反复或激化风险，请关注。") % {
        "name": name,
        "n": cases,
    }


def repeat_address_sentence(*, address: str, cases: int) -> str:
    return _("近3个月住址为“%(address)s”的当事人涉及%(n)d件纠纷，请关注该地矛盾隐患。") % {
        "address": address,
        "n": cases,
    }


# --- reading the indicator's records --------------------------------------------------------


def _path_field(qs: QuerySet) -> str:
    return f"{access.office_field_of(qs.model)}__path"


def monthly_counts(qs: QuerySet, branch_length: int) -> dict[tuple[str, str, date], int]:
    """{(branch path, dispute type, month): count} in one grouped query.

    Each record is attributed to the ancestor path of `branch_length` characters (the child
    office of the analysed office), read off the materialized path; a record of the analysed
    office itself keeps its own, shorter path (本级).
    """
    rows = (
        qs.order_by()
        .annotate(branch=Substr(_path_field(qs), 1, branch_length), month=TruncMonth("received_on"))
        .values("branch", "dispute_type", "month")
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[str, str, date], int] = defaultdict(int)
    for row in rows:
        month = row["month"]
        if hasattr(month, "date"):  # a backend returning a datetime for a date truncation
            month = month.date()
        counts[(row["branch"], row["dispute_type"], month)] += row["n"]
    return counts


@dataclass(frozen=True)
class Repeat:
    key: object  # person id, or the address
    label: str  # the person's name, or the address
    cases: int


def repeat_parties(qs: QuerySet) -> list[Repeat]:
    """Persons who are parties in ≥ REPEAT_THRESHOLD of the given cases, most cases first."""
    rows = (
        qs.order_by()
        .filter(parties__person__isnull=False)
        .values("parties__person_id", "parties__person__name")
        .annotate(n=Count("pk", distinct=True))
        .filter(n__gte=REPEAT_THRESHOLD)
        .order_by("-n", "parties__person_id")
    )
    return [Repeat(r["parties__person_id"], r["parties__person__name"], r["n"]) for r in rows]


def repeat_addresses(qs: QuerySet) -> list[Repeat]:
    """Non-empty party addresses shared by ≥ REPEAT_THRESHOLD of the given cases.

    Addresses are encrypted: the database groups by their keyed hash (`address_hash`), and the
    address of each group is decrypted from one of its persons for the label."""
    rows = list(
        qs.order_by()
        .filter(parties__person__isnull=False)
        .exclude(parties__person__address_hash="")
        .values("parties__person__address_hash")
        .annotate(n=Count("pk", distinct=True), person_id=Min("parties__person_id"))
        .filter(n__gte=REPEAT_THRESHOLD)
    )
    addresses = {
        p.pk: p.address
        for p in Person.objects.filter(pk__in=[r["person_id"] for r in rows]).only("address")
    }
    repeats = [Repeat(addresses[r["person_id"]], addresses[r["person_id"]], r["n"]) for r in rows]
    return sorted(repeats, key=lambda r: (-r.cases, r.label))
