"""The workbench (工作台) and the global search page (全局搜索)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sifa.core import search as global_search
from sifa.core import todos
from sifa.orgs import access
from sifa.orgs.access import Cap

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
    """待办事项: every provider's items for this user, overdue first; counts from the same list.

    A bureau leader — who reads statistics but edits nothing — starts on the 领导驾驶舱 instead;
    `?todos=1` (the dashboard's to-do card) still shows the list.
    """
    if _starts_on_dashboard(request):
        return redirect("reports:dashboard")
    today = timezone.localdate()
    rows = [TodoRow(todo, (todo.due - today).days) for todo in todos.for_user(request.user)]
    overdue = sum(1 for row in rows if row.todo.overdue)
    counts = {"total": len(rows), "overdue": overdue, "near_due": len(rows) - overdue}
    return render(request, "shell/home.html", {"rows": rows, "counts": counts})


@login_required
def search(request):
    """全局搜索: every provider's hits for the query, grouped by line (业务条线; a shared app's
    hits by their kind: 人员, 机构) in the order found; each provider returns only what the
    viewer may see."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    groups = global_search.grouped(global_search.search(request.user, query))
    context = {
        "search_query": query,
        "groups": groups,
        "hit_count": sum(len(hits) for hits in groups.values()),
    }
    return render(request, "shell/search.html", context)


def _starts_on_dashboard(request) -> bool:
    user = request.user
    if request.GET.get("todos") or not access.has_capability_anywhere(user, Cap.STATS):
        return False
    if access.has_capability_anywhere(user, Cap.EDIT, line=access.ANY_LINE):
        return False
    try:
        reverse("reports:dashboard")
    except NoReverseMatch:  # the reports app is not installed
        return False
    return True


def no_favicon(request):
    """Browsers ask for /favicon.ico on pages that declare none (the Django admin's): an empty
    answer instead of a 404 in every console (Sifa's own pages declare an empty icon)."""
    return HttpResponse(status=204)
