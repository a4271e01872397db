"""Issue 15 item 12, walked over every list page Sifa registers: each states its total, declares
its columns (`sifa.core.views.Column`: a sort key, or why it cannot sort), sorts by each both
ways (the header links keep the filter in the URL), and its Excel export repeats the filter and
runs the page's ORDER BY.

A list page is any page, reached by a URL without arguments, whose context carries a
``page_obj`` (sifa.core.views.paginate); the walk asks as the county supervisor, who sees the
most lines.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from sifa.legalaid.tests.factories import make_application, make_centre, make_reviewer
from sifa.mediation.tests.factories import make_case, make_committee

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = {"admin", "api", "legalaid_portal"}
# Login, two-factor and logout pages change the session; forms and downloads list nothing.
SKIPPED_PREFIXES = ("/accounts/", "/favicon", "/corrections/api/", "/resettlement/api/")
SKIPPED_ENDINGS = ("export/", ".xlsx", "template/", "/new/", "/register/", "/check/", "/import/")


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


@pytest.fixture
def list_pages(cast, login):
    """Every list page as the county supervisor sees it, with a few records listed (an empty
    list shows no table, so no header to sort by): a mediation case (and its parties, people)
    and a legal-aid application; the office tree lists the cast."""
    committee = make_committee(cast.township_a1)
    make_case(cast.township_clerk, committee)
    centre = make_centre(cast.county_a)
    make_application(make_reviewer(centre), centre)
    client = login(cast.county_supervisor)
    pages = {}
    for url in sorted(set(_urls())):
        if url.startswith(SKIPPED_PREFIXES) or url.endswith(SKIPPED_ENDINGS):
            continue
        response = client.get(url)
        context = response.context
        if response.status_code == 200 and context is not None and "page_obj" in context:
            pages[url] = response
    return client, pages


def test_the_walk_finds_the_list_pages(list_pages):
    _client, pages = list_pages
    assert len(pages) >= 15
    assert {"/mediation/cases/", "/people/"} <= set(pages)


def test_every_list_states_its_total(list_pages):
    _client, pages = list_pages
    missing = [
        url
        for url, response in pages.items()
        if f"共 {response.context['page_obj'].paginator.count} 条" not in response.content.decode()
    ]
    assert missing == []


# Lists whose views do not declare their columns yet (sifa.core.views.Column): their headers
# do not sort. This set may only shrink; a new list must declare its columns.
UNDECLARED = {
    "/",
    "/corrections/alerts/",
    "/corrections/education/",
    "/corrections/leaves/",
    "/corrections/lost-contacts/",
    "/corrections/measures/",
    "/corrections/place-changes/",
    "/legal-aid/complaints/",
    "/legal-aid/providers/",
    "/legal-aid/subsidies/batches/",
    "/mediation/centre/escalations/",
    "/mediation/centre/petitions/",
    "/mediation/centre/receptions/",
    "/mediation/committees/",
    "/mediation/mediators/",
    "/mediation/screenings/",
    "/mediation/subsidies/",
    "/mediation/subsidies/batches/",
}


def _columns(response):
    return getattr(response.context["page_obj"], "columns", None)


def test_every_list_declares_its_columns(list_pages):
    _client, pages = list_pages
    undeclared = {url for url, response in pages.items() if _columns(response) is None}
    assert undeclared == UNDECLARED & set(pages)
    # Each header cell of a declared list is a sort link or marked as one that cannot sort (a
    # label the declaration lacks fails to render at all).
    unmarked = []
    for url, response in pages.items():
        if _columns(response) is None:
            continue
        html = response.content.decode()
        for head in re.findall(r"<thead>(.*?)</thead>", html, re.S):
            for cell in re.findall(r"<th\b[^>]*>.*?</th>", head, re.S):
                if "sifa-sort" not in cell and "data-unsortable" not in cell:
                    unmarked.append((url, cell))
    assert unmarked == []


def _order_by_clause(queryset) -> str:
    sql, _params = queryset.query.get_compiler(connection=connection).as_sql()
    return sql[sql.index(" ORDER BY ") :]


def test_every_column_sorts_both_ways_and_the_export_follows(list_pages):
    client, pages = list_pages
    checked = 0
    for url, response in pages.items():
        for column in _columns(response) or ():
            if not column.name:
                assert column.unsortable, (url, column.label)
                continue
            for asked, descending in ((column.name, False), (f"-{column.name}", True)):
                page = client.get(url, {"sort": asked, "page": "1"})
                assert page.status_code == 200, (url, asked)
                rows = page.context["page_obj"].paginator.object_list
                assert rows.query.order_by[0] == column.ordering(descending=descending), url
                text = page.content.decode()
                if page.context["page_obj"].paginator.count:
                    state = "descending" if descending else "ascending"
                    assert f'aria-sort="{state}"' in text, (url, asked)
                    other = column.name if descending else f"-{column.name}"
                    assert f"sort={other}" in text, (url, asked)  # the header turns it round
                checked += 1
    assert checked >= 60

    # The export runs the page's query: the same ORDER BY, for every sortable column.
    checked = 0
    for url, response in pages.items():
        columns = _columns(response)
        link = re.search(r'href="([^"?]*export/)', response.content.decode())
        if columns is None or link is None:
            continue
        for column in columns:
            if not column.name:
                continue
            asked = {"sort": f"-{column.name}"}
            page = client.get(url, asked)
            expected = _order_by_clause(page.context["page_obj"].paginator.object_list)
            statements = []

            def record(execute, sql, params, many, context, statements=statements):
                statements.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(record):
                export = client.get(link.group(1), asked)
            assert export.status_code == 200, link.group(1)
            assert any(expected in sql for sql in statements), (link.group(1), column.name)
            checked += 1
    assert checked >= 30


def test_the_export_link_repeats_the_filter(list_pages):
    client, pages = list_pages
    checked = 0
    for url, response in pages.items():
        if "导出Excel" not in response.content.decode() or "export_query" not in response.context:
            continue
        page = client.get(url, {"sort": "no_such_column"})
        assert re.search(r'href="[^"]*export[^"]*\?sort=no_such_column"', page.content.decode()), (
            url
        )
        checked += 1
    assert checked >= 5
