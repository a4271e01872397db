"""The workbench pages: to-dos on the home page, global search, the shell around them."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sifa.core import search, todos

pytestmark = pytest.mark.django_db

_todo_numbers = itertools.count(1)


@pytest.fixture
def todo_provider(monkeypatch):
    """Register a to-do provider for the test; monkeypatch removes it afterwards.

    The provider gives each user the items listed for them, so a test can check that the
    page shows what the provider returns *for the logged-in user* and nothing else.
    """
    items_by_user: dict[int, list[todos.Todo]] = {}
    seen_users = []

    def provider(user):
        seen_users.append(user)
        return items_by_user.get(user.pk, [])

    monkeypatch.setitem(todos._providers, "test", provider)
    provider.items_by_user = items_by_user
    provider.seen_users = seen_users
    return provider


@pytest.fixture
def search_provider(monkeypatch):
    """Register a search provider returning hits whose title contains the query."""
    records: list[tuple[object, search.SearchHit]] = []

    def provider(user, query):
        return [hit for owner, hit in records if owner == user and query in hit.title]

    monkeypatch.setitem(search._providers, "test", provider)
    provider.records = records
    return provider


def make_todo(title, *, days_from_today, overdue, office="甲一镇司法所", line="人民调解"):
    return todos.Todo(
        line=line,
        title=title,
        due=timezone.localdate() + timedelta(days=days_from_today),
        url=f"/mediation/cases/{next(_todo_numbers)}/",
        overdue=overdue,
        office=office,
    )


class TestHome:
    def test_anonymous_user_is_sent_to_login(self, client):
        response = client.get(reverse("shell:home"))

        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))

    def test_shows_the_users_todos_with_counts_from_the_list(self, cast, login, todo_provider):
        late = make_todo("案件 TJ-2026-001 调解期限已过", days_from_today=-3, overdue=True)
        soon = make_todo("案件 TJ-2026-002 调解期限将至", days_from_today=2, overdue=False)
        todo_provider.items_by_user[cast.township_clerk.pk] = [soon, late]

        response = login(cast.township_clerk).get(reverse("shell:home"))

        assert response.status_code == 200
        assert todo_provider.seen_users == [cast.township_clerk]
        page = response.content.decode()
        for todo in (late, soon):
            assert todo.title in page
            assert todo.url in page
            assert todo.due.isoformat() in page
        assert [row.todo for row in response.context["rows"]] == [late, soon]  # overdue first
        registered = [late, soon]
        assert response.context["counts"] == {
            "total": len(registered),
            "overdue": sum(1 for t in registered if t.overdue),
            "near_due": sum(1 for t in registered if not t.overdue),
        }
        assert f'data-count="total">{len(registered)}<' in page
        assert "暂无待办事项" not in page

    def test_overdue_is_red_and_near_due_amber(self, cast, login, todo_provider):
        late = make_todo("矫正对象报到已逾期", days_from_today=-1, overdue=True, line="社区矫正")
        soon = make_todo("法律援助申请待审查", days_from_today=1, overdue=False, line="法律援助")
        todo_provider.items_by_user[cast.township_clerk.pk] = [late, soon]

        page = login(cast.township_clerk).get(reverse("shell:home")).content.decode()

        late_row = _row_containing(page, late.title)
        soon_row = _row_containing(page, soon.title)
        assert "sifa-todo-overdue" in late_row and "text-bg-danger" in late_row
        assert "sifa-todo-near-due" in soon_row and "sifa-badge-amber" in soon_row
        assert late.line in late_row and late.office in late_row

    def test_hides_other_users_todos(self, cast, login, todo_provider):
        mine = make_todo("甲一镇的期限", days_from_today=1, overdue=False)
        todo_provider.items_by_user[cast.township_clerk.pk] = [mine]

        response = login(cast.sibling_clerk).get(reverse("shell:home"))

        assert todo_provider.seen_users == [cast.sibling_clerk]
        page = response.content.decode()
        assert mine.title not in page
        assert "暂无待办事项" in page
        assert response.context["counts"]["total"] == 0

    def test_pages_at_per_page_most_urgent_first_with_counts_of_the_whole_list(
        self, cast, login, todo_provider
    ):
        """Issue 15 item 11: 1,106 rows on one page; now SIFA_PER_PAGE (50) to a page."""
        items = [
            make_todo(f"事项{n:03d}", days_from_today=n - 30, overdue=n < 30) for n in range(120)
        ]
        todo_provider.items_by_user[cast.township_clerk.pk] = list(reversed(items))
        client = login(cast.township_clerk)

        first = client.get(reverse("shell:home"))
        last = client.get(reverse("shell:home") + "?page=3")

        assert [row.todo for row in first.context["rows"]] == items[:50]
        assert [row.todo for row in last.context["rows"]] == items[100:]
        assert first.context["counts"] == {"total": 120, "overdue": 30, "near_due": 90}
        assert "第 1–50 条，共 120 条" in first.content.decode()

    def test_filters_by_line_and_office_kept_in_the_url(
        self, cast, login, todo_provider, monkeypatch
    ):
        def at(title, office, line="人民调解"):
            return todos.Todo(
                line=line,
                title=title,
                due=timezone.localdate(),
                url="/",
                overdue=False,
                office=office.name,
                office_path=office.path,
            )

        mine = at("本所的期限", cast.township_a1)
        upper = at("县局的期限", cast.county_a)
        todo_provider.items_by_user[cast.county_supervisor.pk] = [mine, upper]
        asked = []
        monkeypatch.setitem(
            todos._providers,
            "other",
            lambda user: asked.append(user) or [at("另一条线", cast.county_a)],
        )
        client = login(cast.county_supervisor)

        by_office = client.get(reverse("shell:home"), {"office": cast.township_a1.pk})
        by_line = client.get(reverse("shell:home"), {"line": "test", "page": "1"})

        assert [row.todo for row in by_office.context["rows"]] == [mine]
        assert [row.todo.title for row in by_line.context["rows"]] == ["县局的期限", "本所的期限"]
        assert len(asked) == 1  # the line filter did not ask the other line's provider
        page = by_line.content.decode()
        assert '<option value="test" selected>' in page

    def test_an_office_outside_the_users_scope_lists_nothing(self, cast, login, todo_provider):
        todo_provider.items_by_user[cast.township_clerk.pk] = [
            make_todo("本所的期限", days_from_today=1, overdue=False)
        ]

        response = login(cast.township_clerk).get(
            reverse("shell:home"), {"office": cast.township_b1.pk}
        )

        assert response.context["rows"] == []
        assert "选择一个有效的选项" in response.content.decode()

    def test_shell_shows_name_scope_and_navigation(self, cast, login):
        page = login(cast.township_clerk).get(reverse("shell:home")).content.decode()

        assert str(cast.township_clerk) in page
        assert f"管辖范围：{cast.township_a1.name}" in page
        assert cast.township_a2.name not in page
        assert f'href="{reverse("shell:search")}"' in page
        assert "hx-headers" in page and "X-CSRFToken" in page
        assert f'href="{reverse("accounts:password_change")}"' in page
        assert f'<form method="post" action="{reverse("accounts:logout")}">' in page

    def test_administrator_scope_is_where_their_capabilities_apply(self, cast, login):
        page = login(cast.sysadmin).get(reverse("shell:home")).content.decode()

        assert f"管辖范围：{cast.city.name}" in page


class TestSearch:
    def test_anonymous_user_is_sent_to_login(self, client):
        response = client.get(reverse("shell:search"), {"q": "张三"})

        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))

    def test_empty_query_shows_a_hint(self, cast, login, search_provider):
        response = login(cast.township_clerk).get(reverse("shell:search"))

        assert response.status_code == 200
        assert "请输入关键词" in response.content.decode()
        assert response.context["groups"] == {}

    def test_hits_are_grouped_by_kind(self, cast, login, search_provider):
        hits = [
            search.SearchHit(kind="人员", title="张三 110105********002X", url="/people/1/"),
            search.SearchHit(
                kind="调解案件", title="张三与李四邻里纠纷", url="/m/7/", detail="甲一"
            ),
            search.SearchHit(kind="人员", title="张三丰", url="/people/2/"),
        ]
        search_provider.records.extend((cast.township_clerk, hit) for hit in hits)
        search_provider.records.append(
            (cast.sibling_clerk, search.SearchHit(kind="人员", title="张三其", url="/people/9/"))
        )

        response = login(cast.township_clerk).get(reverse("shell:search"), {"q": "张三"})

        page = response.content.decode()
        for hit in hits:
            assert hit.title in page and hit.url in page
        assert "张三其" not in page
        groups = response.context["groups"]
        assert list(groups) == ["人员", "调解案件"]
        assert [h.title for h in groups["人员"]] == ["张三 110105********002X", "张三丰"]
        assert response.context["hit_count"] == len(hits)

    def test_no_hit_says_not_found(self, cast, login, search_provider):
        response = login(cast.township_clerk).get(reverse("shell:search"), {"q": "王五"})

        page = response.content.decode()
        assert "未找到与“王五”相关的记录" in page

    def test_query_is_escaped(self, cast, login, search_provider):
        query = '<script>alert("x")</script>'

        response = login(cast.township_clerk).get(reverse("shell:search"), {"q": query})

        page = response.content.decode()
        assert query not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


class TestShell:
    def test_anonymous_page_renders_without_navigation(self, rf, cast):
        from django.contrib.auth.models import AnonymousUser
        from django.template.loader import render_to_string

        request = rf.get("/accounts/login/")
        request.user = AnonymousUser()

        page = render_to_string("404.html", request=request)

        assert 'lang="zh-hans"' in page
        assert "sifa-sidebar" not in page
        assert "管辖范围：" not in page
        assert "未找到该页面或记录" in page

    def test_403_page_keeps_the_shell_for_a_signed_in_user(self, rf, cast):
        from django.template.loader import render_to_string

        request = rf.get("/orgs/1/edit/")
        request.user = cast.township_clerk

        page = render_to_string("403.html", request=request)

        assert "您没有权限执行此操作" in page
        assert "sifa-sidebar" in page
        assert f"管辖范围：{cast.township_a1.name}" in page

    def test_unknown_page_is_a_chinese_404(self, cast, login):
        response = login(cast.township_clerk).get("/no-such-page/")

        assert response.status_code == 404
        assert "未找到该页面或记录" in response.content.decode()

    def test_500_page_needs_no_context(self):
        from django.template.loader import get_template

        page = get_template("500.html").render()

        assert "系统暂时出现错误" in page
        assert "css/sifa.css" in page


def _row_containing(page: str, text: str) -> str:
    index = page.index(text)
    return page[page.rindex("<tr", 0, index) : page.index("</tr>", index)]


def test_the_favicon_is_an_empty_answer_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 204 and response.content == b""
