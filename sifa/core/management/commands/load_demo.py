"""`manage.py load_demo`: load the demo city (青川市) and print the demo logins."""

import gc
import time
import unicodedata
from contextlib import contextmanager
from datetime import date

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import ProtectedError

from sifa.core import demo

ALREADY_LOADED = (
    "演示数据已存在，未重复加载。要重新加载，请使用 --reset（删除演示数据后重新加载），"
    "或删除数据库文件 db.sqlite3 后重新执行 make demo。"
)
STILL_REFERENCED = (
    "演示数据已被其他记录引用，无法删除：%(error)s。"
    "请删除数据库文件 db.sqlite3 后重新执行 make demo。"
)


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(header: list[str], rows: list[list[str]]) -> str:
    columns = zip(header, *rows, strict=True)
    widths = [max(display_width(cell) for cell in column) for column in columns]

    def line(cells):
        pairs = zip(cells, widths, strict=True)
        padded = (cell + " " * (width - display_width(cell)) for cell, width in pairs)
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


class Command(BaseCommand):
    help = "加载演示数据：虚构的青川市司法局及其机构、人民调解员和各角色的演示账号。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="随机种子；同一种子在空数据库上生成完全相同的数据（默认 %(default)s）。",
        )
        parser.add_argument(
            "--reset", action="store_true", help="先删除已加载的演示数据，再重新加载。"
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="演示数据的“今天”（YYYY-MM-DD）：上半年之后的业务数据生成到这一天；"
            f"默认为运行当天，最早 {demo.EARLIEST_TODAY.isoformat()}。",
        )
        parser.add_argument(
            "--only",
            default="",
            help="只加载这些应用的演示数据（逗号分隔的应用标签，如 orgs），默认全部。",
        )

    def handle(self, *args, seed, reset, only, verbosity, today=None, **options):
        only_apps = {label.strip() for label in only.split(",") if label.strip()} or None
        ctx = demo.DemoContext(
            seed=seed,
            log=self.stdout.write if verbosity else _silent,
            today=demo.demo_today(today),
        )
        with few_garbage_collections():
            self.load(ctx, seed=seed, reset=reset, only_apps=only_apps, verbosity=verbosity)

    def load(self, ctx, *, seed, reset, only_apps, verbosity):
        started = time.monotonic()
        if connection.vendor == "sqlite":
            # The load is one transaction of ~600,000 rows: a larger page cache (128 MiB, this
            # connection only) keeps SQLite from spilling and re-reading index pages.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -131072")
        with transaction.atomic():
            if demo.demo_present():
                if not reset:
                    self.stdout.write(self.style.WARNING(ALREADY_LOADED))
                    return
                ctx.log("删除已有的演示数据 …")
                try:
                    demo.unload_demo(ctx)
                except ProtectedError as exc:
                    raise CommandError(STILL_REFERENCED % {"error": exc.args[0]}) from exc
            ctx.log(f"加载演示数据（种子 {seed}，数据截至 {ctx.today.isoformat()}）…")
            demo.load_demo(ctx, only_apps)
        # Written in bulk, without signals: nothing cached from the data before (figures,
        # docs/caching.md) may be served now.
        cache.clear()
        if connection.vendor == "postgresql":
            # Planner statistics for the rows just written. Without them PostgreSQL takes the
            # new tables for empty and nests loops over them: the demo city's dashboard took
            # 2.5 s instead of 0.9 s until autovacuum (if it runs at all) analysed the tables
            # (bench/README.md, "Load").
            ctx.log("更新查询规划统计（ANALYZE）…")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        ctx.log(self.style.SUCCESS(f"演示数据加载完成，用时 {time.monotonic() - started:.1f} 秒。"))
        if verbosity:
            self.stdout.write("")
            self.stdout.write("演示账号（仅供演示，请勿用于生产环境）：")
            rows = [
                [u.username, u.role, u.office, u.password, "须绑定" if u.two_factor else ""]
                for u in ctx.users
            ]
            header = ["用户名", "角色", "机构", "密码", "身份验证器"]
            self.stdout.write(format_table(header, rows))
            if any(u.two_factor for u in ctx.users):
                self.stdout.write(
                    "标“须绑定”的账号首次登录时须用身份验证器应用（TOTP）扫码绑定，"
                    "此后每次登录输入其动态码（SIFA_TWO_FACTOR_ROLES、SIFA_TWO_FACTOR_CAPABILITIES）。"
                )


def _silent(message: str) -> None:
    pass


@contextmanager
def few_garbage_collections():
    """Collect garbage rarely while the city is built.

    The load keeps about two million objects alive to its end (the rows, before and after they
    are written), and CPython's collector went through all of them again and again as they
    grew: a quarter of the load's CPU time (7 s of 28, measured). The objects that exist
    before the load (Django, Sifa) are frozen out of the collections, and a young collection
    runs after 100,000 new objects instead of 700, so the older generations are rarely
    visited. Nothing is left uncollected: the usual thresholds are back afterwards.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
