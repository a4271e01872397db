"""The demo city (演示数据) framework: `manage.py load_demo` runs every app's `demo.py`.

Each app that has something to show adds a module `sifa/<app>/demo.py` with

* ``ORDER`` — an int; modules run in ascending order (orgs: 10, people helpers: 5, business
  lines: 100 and up), so a line finds the offices and mediators it builds on;
* ``load(ctx)`` — creates the app's records from the `DemoContext` (offices by role, a
  random generator derived from the seed, the demo period);
* optionally ``unload(ctx)`` — deletes them again (``load_demo --reset``); modules unload in
  reverse order, so a line removes its records before the offices they point to go;
* optionally ``is_present()`` — True when its demo data is already in the database.

Everything is deterministic: the same seed gives the same records on a fresh database (the
ciphertexts of encrypted fields differ, because every encryption draws a fresh nonce; the
plaintexts and their search hashes are identical).
"""

from __future__ import annotations

import hashlib
import importlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from sifa.core.numbering import BulkNumbers

DEFAULT_SEED = 20260630
DEMO_YEAR = 2026
# The half-year whose work summary the demo reproduces (SEED_FIGURES.md).
PERIOD_START = date(DEMO_YEAR, 1, 1)
PERIOD_END = date(DEMO_YEAR, 6, 30)
# Recorded as the change reason of the history rows the demo writes.
HISTORY_REASON = "演示数据"
# After the half-year, every line generates activity from TAIL_START up to the demo's "today":
# the day `load_demo` runs (`timezone.localdate()`, or `--today`), but never before EARLIEST_TODAY,
# so that what a line dates "a few weeks before today" never falls inside the half-year.
TAIL_START = date(DEMO_YEAR, 7, 1)
EARLIEST_TODAY = date(DEMO_YEAR, 10, 31)
DAYS_PER_MONTH = 30.44  # 365.25 / 12: volumes after the half-year are given per month


def demo_today(run_date: date | None = None) -> date:
    """The last day with demo records: the run date (default: today), at least EARLIEST_TODAY."""
    return max(run_date or timezone.localdate(), EARLIEST_TODAY)


def per_month(count: float, start: date, end: date) -> int:
    """`count` a month, over the days start … end (0 when end < start), rounded."""
    days = (end - start).days + 1
    return max(0, round(count * days / DAYS_PER_MONTH))


@dataclass(frozen=True)
class DemoUser:
    """One demo login, printed in the table at the end of `load_demo`."""

    username: str
    role: str
    office: str
    password: str
    two_factor: bool = False  # must set up an authenticator app at the first login


@dataclass
class DemoContext:
    """What every app's `load(ctx)` receives.

    `offices` maps a role key to an Office or a list of Offices (the orgs module fills it:
    "bureau", "judicial_offices", "stations", "committees", "dispute_center" …; see
    docs/demo.md). `shared` carries other records a later module builds on, under
    "<app>.<name>" keys (e.g. "orgs.mediators": committee id → its serving mediators).
    `id_numbers` holds every 居民身份证号码 issued so far, so that persons made by different
    modules never share a number. `today` is the last day with records (`demo_today`): each
    line continues its half-year rhythm from TAIL_START to it, so that open records have their
    deadlines around the real today.
    """

    seed: int = DEFAULT_SEED
    log: Callable[[str], None] = print
    year: int = DEMO_YEAR
    period_start: date = PERIOD_START
    period_end: date = PERIOD_END
    # The demo's "today": activity after the half-year runs from TAIL_START up to this day.
    today: date = field(default_factory=demo_today)
    offices: dict = field(default_factory=dict)
    shared: dict = field(default_factory=dict)
    users: list[DemoUser] = field(default_factory=list)
    id_numbers: set[str] = field(default_factory=set)
    # Record numbers in bulk: each office's tokens read once per load (core.numbering).
    numbers: BulkNumbers = field(default_factory=BulkNumbers)

    def rng(self, stream: str) -> random.Random:
        """A generator for one named stream ("orgs.tree", "mediation.cases" …).

        Derived from the seed and the stream name only, so a module added later never changes
        what earlier modules generate. (Python's hash() is salted per process; sha256 is not.)
        """
        digest = hashlib.sha256(f"{self.seed}:{stream}".encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def office(self, key: str):
        return self.offices[key]


def demo_modules(only: set[str] | None = None) -> list[ModuleType]:
    """Every installed `sifa.<app>.demo` module with a `load`, in ORDER.

    `only`: app labels to restrict to (e.g. {"orgs"} for the office tree without the lines'
    records — tests of the tree need not pay for a city's worth of cases).
    """
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sifa.") or (only and config.label not in only):
            continue
        module_name = f"{config.name}.demo"
        if module_name == __name__:  # this framework, not a demo of the core app
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        if callable(getattr(module, "load", None)):
            found.append(module)
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def demo_present() -> bool:
    """Is a demo city already loaded (asked of the modules that know how to tell)?"""
    modules = demo_modules()
    return any(m.is_present() for m in modules if callable(getattr(m, "is_present", None)))


@transaction.atomic
def load_demo(ctx: DemoContext, only: set[str] | None = None) -> DemoContext:
    """Run every module's load(ctx) (or those of the apps in `only`), all or nothing."""
    for module in demo_modules(only):
        ctx.log(f"· {module.__name__}")
        started = time.monotonic()
        module.load(ctx)
        ctx.log(f"  （{time.monotonic() - started:.1f} 秒）")
    return ctx


@transaction.atomic
def unload_demo(ctx: DemoContext) -> None:
    """Run every module's unload(ctx) in reverse order, all or nothing."""
    for module in reversed(demo_modules()):
        unload_module = getattr(module, "unload", None)
        if callable(unload_module):
            ctx.log(f"· {module.__name__}")
            started = time.monotonic()
            unload_module(ctx)
            ctx.log(f"  （{time.monotonic() - started:.1f} 秒）")


def split_total(rng: random.Random, total: int, sizes: list[tuple[int, int]]) -> list[int]:
    """Draw one number per (low, high) range so that they add up to exactly `total`.

    Starts from a uniform draw in each range, then moves the sum towards `total` one unit at
    a time on randomly chosen entries that still have room, so every entry stays in range.
    """
    lows = sum(low for low, _ in sizes)
    highs = sum(high for _, high in sizes)
    if not lows <= total <= highs:
        raise ValueError(f"{total} cannot be split into ranges adding up to {lows}..{highs}")
    values = [rng.randint(low, high) for low, high in sizes]
    indices = list(range(len(sizes)))
    while (difference := total - sum(values)) != 0:
        step = 1 if difference > 0 else -1
        room = [
            i for i in indices if (values[i] < sizes[i][1] if step > 0 else values[i] > sizes[i][0])
        ]
        for i in rng.sample(room, min(len(room), abs(difference))):
            values[i] += step
    return values


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A uniformly drawn date in [start, end]."""
    return date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))
