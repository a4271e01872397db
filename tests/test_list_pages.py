"""Issue 15 item 12, walked over every list page Sifa registers: each states its total, declares
its columns (`sifa.core.views.Column`: a sort key, or why it cannot sort), sorts by each both
ways (the header links keep the filter in the URL), and its Excel export repeats the filter and
runs the page's ORDER BY.

A list page is any page, reached by a URL without arguments, whose context carries a
``page_obj`` (sifa.core.views.paginate); the walk asks as the county supervisor, who sees the
most lines. The pages the supervisor may not see are asked by who may (`OTHER_READERS`): the
security auditor the audit logs, the system administrator the agency clients and their log, the
city leader the drill-down of two indicators (a URL with an argument: named here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import FAST_HASHERS, pass_two_factor
from sifa.api import actions as api_actions
from sifa.api.models import ApiRequestLog
from sifa.audit.models import AccessLog, AuthEvent
from sifa.legalaid.tests.factories import make_application, make_centre, make_reviewer
from sifa.mediation.tests.factories import make_case, make_committee
from tests.factories import load_cast

# The tests read the module's one walk (fixture `walk`); they touch the database only there.
pytestmark = pytest.mark.django_db

# The public pages (no login) are not staff lists: no sorting, no export.
SKIPPED_NAMESPACES = {"admin", "api", "legalaid_portal", "practice_public"}
# Login, two-factor and logout pages change the session; forms and downloads list nothing.
SKIPPED_PREFIXES = ("/accounts/", "/favicon", "/corrections/api/", "/resettlement/api/")
SKIPPED_ENDINGS = ("export/", ".xlsx", "template/", "/new/", "/register/", "/check/", "/import/")

# (cast member, the list URLs they ask): pages the county supervisor is refused. Two indicators'
# drill-downs stand for all (their columns come from the indicator's declaration): one with a
# summed field, one of another line with more breakdowns. A data-quality rule's list stands for
# the others (their columns come from the rule's declaration); the supervisor reads it.
QUALITY_RECORDS_URL = "/stats/quality/mediation.open_past_target/"
OTHER_READERS = (
    ("auditor", ("/audit/",)),
    ("sysadmin", ("/api-clients/",)),
    ("county_supervisor", (QUALITY_RECORDS_URL,)),
    (
        "city_leader",
        (
            "/stats/indicators/mediation.persons_involved/records/",
            "/stats/indicators/legalaid.applications_received/records/",
        ),
    ),
)
STATS_RECORDS = re.compile(r"^/stats/indicators/[^/]+/records/$")
# Lists reached by a URL with an argument, asked by name (OTHER_READERS).
NAMED_LISTS = re.compile(r"^/stats/(indicators/[^/]+/records|quality/[^/]+)/$")


def _urls(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = entry.namespace or namespace
            if space in SKIPPED_NAMESPACES:
                continue
            yield from _urls(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if "<" in route or "(?P" in route or not entry.name:
                continue
            yield "/" + route.lstrip("^").rstrip("$")


@dataclass
class Listed:
    """A list page as the walk first asked it (no query)."""

    html: str
    count: int
    columns: tuple | None
    has_export_query: bool


@dataclass
class Sorted:
    """A list page asked with ``?sort=`` one column's key, one way."""

    url: str
    column: object
    descending: bool
    status: int
    count: int
    html: str
    first_order: object  # the queryset's first ORDER BY term (None: a Python list)
    order_by_sql: str  # the ORDER BY of the page's query ("" for a Python list)
    values: list  # a Python list's values of the column, in the page's order


@dataclass
class Exported:
    export_url: str
    column: object
    status: int
    expected: str  # the page's ORDER BY for the same ?sort=
    statements: list[str]


@dataclass
class Walk:
    pages: dict[str, Listed] = field(default_factory=dict)
    sorts: list[Sorted] = field(default_factory=list)
    exports: list[Exported] = field(default_factory=list)
    bogus_sort: dict[str, str] = field(default_factory=dict)  # url: html with ?sort=no_such_column


def _order_by_clause(queryset) -> str:
    sql, _params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql[sql.index(" ORDER BY ") :]


def _list_urls() -> list[str]:
    """The URLs without arguments that may show a list (static: from the URLconf)."""
    return [
        url
        for url in sorted(set(_urls()))
        if not url.startswith(SKIPPED_PREFIXES) and not url.endswith(SKIPPED_ENDINGS)
    ]


def _value(row, path: str):
    for name in path.split("__"):
        row = getattr(row, name, None)
    return row


def _make_records(cast) -> None:
    """A few records, so that the lists show a table (an empty list shows no header to sort
    by): a mediation case (and its parties, people; received on 2026-03-02 and still open, it
    is past its closing target: a data-quality record) and a legal-aid application; the office
    tree lists the cast."""
    committee = make_committee(cast.township_a1)
    make_case(cast.township_clerk, committee)
    centre = make_centre(cast.county_a)
    make_application(make_reviewer(centre), centre)
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username=cast.auditor.username)
    AccessLog.objects.create(
        user=cast.auditor, model="people.person", object_id="1", field="id_number"
    )
    client, _token = api_actions.client_create(
        actor=cast.sysadmin,
        office=cast.city,
        purposes=["read_statistics"],
        name="测试法院",
        agency_kind="court",
    )
    ApiRequestLog.objects.create(client=client, method="GET", path="/api/v1/", status=200)


def _export_of(url: str, html: str) -> tuple[str, dict] | None:
    """The page's Excel export: its ``…export/`` link, or the drill-down's ``?format=xlsx``."""
    if STATS_RECORDS.match(url):
        return url, {"format": "xlsx"}
    export = re.search(r'href="([^"?]*export/)', html)
    return (export.group(1), {}) if export else None


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="sifa.accounts.backends.RolePermissionBackend")
    pass_two_factor(client, user)
    return client


def _readers(cast) -> list[tuple[Client, list[str]]]:
    """Who asks which URLs: the county supervisor every list URL, the others theirs."""
    urls = _list_urls()
    readers = [(_signed_in(cast.county_supervisor), urls)]
    for member, wanted in OTHER_READERS:
        asked = [url for url in urls if url.startswith(wanted)]
        asked += [url for url in wanted if NAMED_LISTS.match(url)]
        readers.append((_signed_in(getattr(cast, member)), asked))
    return readers


def _walk(cast) -> Walk:
    """Every request the tests need, made once: each list page as the county supervisor (or
    who may see it) sees it; each sortable column asked both ways; each export asked with each
    column descending (its statements recorded); each list with an unknown sort key."""
    _make_records(cast)
    walk = Walk()
    for client, urls in _readers(cast):
        _walk_pages(walk, client, [url for url in urls if url not in walk.pages])
    return walk


def _walk_pages(walk: Walk, client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        context = response.context
        if response.status_code != 200 or context is None or "page_obj" not in context:
            continue
        page = context["page_obj"]
        html = response.content.decode()
        columns = getattr(page, "columns", None)
        walk.pages[url] = Listed(
            html=html,
            count=page.paginator.count,
            columns=columns,
            has_export_query="export_query" in context,
        )
        if "导出Excel" in html and "export_query" in context:
            bogus = client.get(url, {"sort": "no_such_column"})
            walk.bogus_sort[url] = bogus.content.decode()
        export = _export_of(url, html)
        for column in columns or ():
            if not column.name:
                continue
            expected = ""
            for asked, descending in ((column.name, False), (f"-{column.name}", True)):
                sorted_page = client.get(url, {"sort": asked, "page": "1"})
                rows = sorted_page.context["page_obj"].paginator.object_list
                is_query = isinstance(rows, QuerySet)
                walk.sorts.append(
                    Sorted(
                        url=url,
                        column=column,
                        descending=descending,
                        status=sorted_page.status_code,
                        count=sorted_page.context["page_obj"].paginator.count,
                        html=sorted_page.content.decode(),
                        first_order=rows.query.order_by[0] if is_query else None,
                        order_by_sql=_order_by_clause(rows) if is_query else "",
                        values=[] if is_query else [_value(row, column.sort) for row in rows],
                    )
                )
                expected = walk.sorts[-1].order_by_sql  # the descending one, asked last
            if export is None:
                continue
            statements = []

            def record(execute, sql, params, many, context, statements=statements):
                statements.append(sql)
                return execute(sql, params, many, context)

            export_url, export_query = export
            with connection.execute_wrapper(record):
                exported = client.get(export_url, {**export_query, "sort": f"-{column.name}"})
            walk.exports.append(
                Exported(
                    export_url=export_url,
                    column=column,
                    status=exported.status_code,
                    expected=expected,
                    statements=statements,
                )
            )


@pytest.fixture(scope="session")
def walk(django_db_setup, django_db_blocker) -> Walk:
    """The walk, made once per test process inside a transaction rolled back afterwards; the
    tests only read what it saw (before, each asked the walk again, ≈ 10 s each). Session
    scope, not module: the slow tests are moved to the front (conftest.py) and xdist hands out
    one test at a time, so a module's tests do not run back to back and a module-scoped
    fixture would be built again."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        result = _walk(load_cast())
        transaction.set_rollback(True)
    return result


def test_the_walk_finds_the_list_pages(walk):
    assert len(walk.pages) >= 15
    assert {"/mediation/cases/", "/people/"} <= set(walk.pages)
    # The pages the county supervisor may not see, asked by who may, with rows to sort.
    others = {
        "/audit/logins/",
        "/audit/access/",
        "/audit/changes/",
        "/api-clients/",
        "/api-clients/log/",
        QUALITY_RECORDS_URL,
        *OTHER_READERS[-1][1],
    }
    assert {url: walk.pages[url].count > 0 for url in others if url in walk.pages} == dict.fromkeys(
        others, True
    )
    assert others <= {asked.url for asked in walk.sorts}
    assert set(OTHER_READERS[-1][1]) <= {exported.export_url for exported in walk.exports}
    assert f"{QUALITY_RECORDS_URL}export/" in {exported.export_url for exported in walk.exports}


def test_every_list_states_its_total(walk):
    missing = [url for url, page in walk.pages.items() if f"共 {page.count} 条" not in page.html]
    assert missing == []


def test_every_list_declares_its_columns(walk):
    undeclared = sorted(url for url, page in walk.pages.items() if page.columns is None)
    assert undeclared == []
    # Each header cell of a list's table is a sort link or marked as one that cannot sort (a
    # label the declaration lacks fails to render at all). Another table on the page (the
    # legal-aid cases awaiting a subsidy batch) is rendered outside the list's columns and has
    # no marked cell; every list that shows rows has exactly one marked table.
    unmarked, marked_tables = [], {}
    for url, page in walk.pages.items():
        for head in re.findall(r"<thead>(.*?)</thead>", page.html, re.S):
            cells = re.findall(r"<th\b[^>]*>.*?</th>", head, re.S)
            marked = ["sifa-sort" in cell or "data-unsortable" in cell for cell in cells]
            if not any(marked):
                continue
            marked_tables[url] = marked_tables.get(url, 0) + 1
            unmarked += [(url, cell) for cell, ok in zip(cells, marked, strict=True) if not ok]
    assert unmarked == []
    shown = {url for url, page in walk.pages.items() if page.count}
    assert {url: marked_tables.get(url, 0) for url in shown} == dict.fromkeys(shown, 1)


def test_every_column_sorts_both_ways_and_the_export_follows(walk):
    for url, page in walk.pages.items():
        for column in page.columns or ():
            assert column.name or column.unsortable, (url, column.label)
    for asked in walk.sorts:
        where = (asked.url, asked.column.name, asked.descending)
        assert asked.status == 200, where
        if asked.first_order is not None:
            assert asked.first_order == asked.column.ordering(descending=asked.descending), where
        else:  # a Python list (the to-do list) sorted by the column's attribute, empty first
            present = [value for value in asked.values if value not in (None, "")]
            assert present == sorted(present, reverse=asked.descending), where
        if asked.count:
            state = "descending" if asked.descending else "ascending"
            assert f'aria-sort="{state}"' in asked.html, where
            other = asked.column.name if asked.descending else f"-{asked.column.name}"
            assert f"sort={other}" in asked.html, where  # the header turns it round
    assert len(walk.sorts) >= 60

    # The export runs the page's query: the same ORDER BY, for every sortable column.
    for exported in walk.exports:
        where = (exported.export_url, exported.column.name)
        assert exported.status == 200, where
        assert exported.expected, where
        assert any(exported.expected in sql for sql in exported.statements), where
    assert len(walk.exports) >= 30


def test_the_export_link_repeats_the_filter(walk):
    for url, html in walk.bogus_sort.items():
        assert re.search(r'href="[^"]*export[^"]*\?sort=no_such_column"', html), url
    assert len(walk.bogus_sort) >= 5
