"""The workbench (工作台) and the global search page (全局搜索)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sifa.core import search as global_search
from sifa.core import todos
from sifa.core.views import Column, paginate
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.shell.forms import TodoFilterForm

# A query longer than this is cut: nobody types more, and providers need not guard against it.
MAX_QUERY_LENGTH = 100
NEAR_DAYS = 3  # a to-do due within this many days is 即将到期 (sifa.core.deadlines' warning)


@dataclass(frozen=True)
class TodoRow:
    """A to-do as the home page shows it: with the days left (negative when overdue)."""

    todo: todos.Todo
    days_left: int

    @property
    def days_overdue(self) -> int:
        return -self.days_left

    @property
    def near(self) -> bool:
        """Due within the warning window (3 days, as the providers warn)."""
        return self.days_left <= NEAR_DAYS


# The to-do items are gathered from every line's provider (sifa.core.todos.Todo), so the list
# sorts in Python by these attributes. The state (逾期 / 即将到期 / 待办理) follows the due date.
TODO_COLUMNS = (
    Column(gettext_lazy("状态"), "due", key="state"),
    Column(gettext_lazy("业务"), "line"),
    Column(gettext_lazy("事项"), "title"),
    Column(gettext_lazy("机构"), "office"),
    Column(gettext_lazy("法定期限"), "due"),
)


@login_required
def home(request):
    """待办事项: every provider's items for this user, most urgent first (overdue, then the
    nearest deadline), filtered by line and office, SIFA_PER_PAGE to a page; the counts are
    those of the whole filtered list.

    A bureau leader — who reads statistics but edits nothing — starts on the 领导驾驶舱 instead;
    any query (`?todos=1` from the dashboard's to-do card, a filter, a page) shows the list.
    """
    if _starts_on_dashboard(request):
        return redirect("reports:dashboard")
    today = timezone.localdate()
    filters = TodoFilterForm(request.GET or None, actor=request.user)
    if filters.is_bound and not filters.is_valid():
        items = []
    else:
        office = filters.value("office", None)
        items = todos.for_user(
            request.user,
            line=filters.value("line"),
            office_path=office.path if office is not None else "",
        )
    overdue = sum(1 for todo in items if todo.overdue)
    counts = {"total": len(items), "overdue": overdue, "near_due": len(items) - overdue}
    page = paginate(request, items, columns=TODO_COLUMNS)
    rows = [TodoRow(todo, (todo.due - today).days) for todo in page.object_list]
    context = {"rows": rows, "counts": counts, "filters": filters, "page_obj": page}
    return render(request, "shell/home.html", context)


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
    if request.GET or not access.has_capability_anywhere(user, Cap.STATS):
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
