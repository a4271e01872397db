"""The workbench (工作台): the user's to-dos and the global search page."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sifa.core import search as global_search
from sifa.core import todos

# A query longer than this is cut: nobody types more, and providers need not guard against it.
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class TodoRow:
    """A to-do as the home page shows it: with the days left (negative when overdue)."""

    todo: todos.Todo
    days_left: int

    @property
    def days_overdue(self) -> int:
        return -self.days_left


@login_required
def home(request):
    """待办事项: every provider's items for this user, overdue first; counts from the same list."""
    today = timezone.localdate()
    rows = [TodoRow(todo, (todo.due - today).days) for todo in todos.for_user(request.user)]
    overdue = sum(1 for row in rows if row.todo.overdue)
    counts = {"total": len(rows), "overdue": overdue, "near_due": len(rows) - overdue}
    return render(request, "core/home.html", {"rows": rows, "counts": counts})


@login_required
def search(request):
    """全局搜索: every provider's hits for the query, grouped by kind in the order found."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    groups: dict[str, list[global_search.SearchHit]] = {}
    for hit in global_search.search(request.user, query):
        groups.setdefault(hit.kind, []).append(hit)
    context = {
        "search_query": query,
        "groups": groups,
        "hit_count": sum(len(hits) for hits in groups.values()),
    }
    return render(request, "core/search.html", context)
