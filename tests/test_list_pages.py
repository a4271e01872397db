"""Issue 15 item 12, walked over every list page Sifa registers: each states its total, sorts
by the columns that name a field of its records (the header links keep the filter in the URL),
and its export link repeats the filter.

A list page is any page, reached by a URL without arguments, whose context carries a
``page_obj`` (sifa.core.views.paginate); the walk asks as the county supervisor, who sees the
most lines.
"""

from __future__ import annotations

import re

import pytest
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


def test_columns_that_name_a_field_sort_the_list_and_keep_the_filter(list_pages):
    client, pages = list_pages
    sortable = {}
    for url, response in pages.items():
        links = re.findall(r'<a class="sifa-sort" href="\?([^"]*)"', response.content.decode())
        if links:
            sortable[url] = links
    assert {"/orgs/", "/people/", "/mediation/cases/", "/legal-aid/applications/"} <= set(sortable)
    for url, links in sortable.items():
        query = links[0].replace("&amp;", "&")
        key = re.search(r"sort=([\w-]+)", query).group(1)
        page = client.get(f"{url}?{query}")
        assert page.status_code == 200, url
        text = page.content.decode()
        assert 'aria-sort="ascending"' in text, url
        assert f"sort=-{key}" in text, url  # the same header now sorts the other way
        rows = page.context["page_obj"].paginator.object_list
        assert rows.query.order_by[0] == key, url

        filtered = client.get(f"{url}?page=1&{query}")
        assert (
            f"sort={key}" in filtered.content.decode()
            or f"sort=-{key}" in filtered.content.decode()
        )


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
