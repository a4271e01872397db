"""The kit every line's pages use: list pages (filter, page, export) and record-action pages (one
small form per action on a case or subject)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.db.models.expressions import BaseExpression, OrderBy
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from config.sifa_settings import sifa_setting
from sifa.core import report_months
from sifa.core.docx import DOCX_CONTENT_TYPE, NotApplicable
from sifa.core.excel import xlsx_response
from sifa.core.forms import add_action_errors
from sifa.core.proxies import client_ip
from sifa.core.tasks import export_over, runs_in_background

# --- List pages: every line's registers filter, page and export the same way ---


SORT_PARAM = "sort"  # ?sort=received_on, ?sort=-received_on (descending)


@dataclass(frozen=True)
class Column:
    """One column of a list page, as its view declares it: the header ``label`` (the text the
    template passes to ``{% header_cells %}``) and how the list sorts by it.

    ``sort`` is a field path (``"office__name"``) or an expression (an annotation's
    ``F("name")``, a ``Coalesce`` …); ``key`` names it in ``?sort=`` (the field path by
    default, required for an expression). A column that cannot sort (computed in Python, a
    list of several records, an encrypted value whose order means nothing) says why in
    ``unsortable`` instead; a column with neither is refused when declared. A column of
    figures is ``numeric`` (its header aligned right, like its cells); the buttons' column is
    `ACTIONS` (its label read aloud only).
    """

    label: str
    sort: str | BaseExpression | None = None
    key: str = ""
    unsortable: str = ""
    numeric: bool = False
    hidden_label: bool = False

    def __post_init__(self):
        if self.sort is None and not self.unsortable:
            raise ImproperlyConfigured(
                f"列“{self.label}”: give a sort key or say why it cannot sort"
            )
        if self.sort is not None and not isinstance(self.sort, str) and not self.key:
            raise ImproperlyConfigured(f"{self.label}: an expression needs a key")

    @property
    def name(self) -> str:
        """The column's value of ``?sort=`` ("" when it cannot sort)."""
        if self.sort is None:
            return ""
        return self.key or str(self.sort)

    def ordering(self, *, descending: bool) -> OrderBy:
        """The ORDER BY term, empty values first ascending and last descending on every engine."""
        expression = F(self.sort) if isinstance(self.sort, str) else self.sort
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_first=True)


# Columns many lists share: the same header over the same field.
STATUS_COLUMN = Column(gettext_lazy("状态"), "status")
OFFICE_COLUMN = Column(gettext_lazy("所属机构"), "office__name")
PERSON_NAME_COLUMN = Column(gettext_lazy("姓名"), "person__name")


def encrypted_column(label) -> Column:
    """A column of an encrypted value (证件号码, 联系电话, 罪名): its stored order means nothing,
    so it does not sort."""
    return Column(label, unsortable=gettext_lazy("加密存储，其顺序没有意义"))


PHONE_COLUMN = encrypted_column(gettext_lazy("联系电话"))

# The last column of a list whose rows carry buttons (处置, 登记找回 …): no data, so no order.
ACTIONS = Column(
    gettext_lazy("操作"), unsortable=gettext_lazy("各行的操作按钮，不是数据"), hidden_label=True
)


def sort_column(request, columns) -> tuple[Column | None, bool]:
    """The declared column ``?sort=`` names, and whether descending (``-key``)."""
    asked = request.GET.get(SORT_PARAM, "")
    key = asked.removeprefix("-")
    for column in columns or ():
        if key and column.name == key:
            return column, asked.startswith("-")
    return None, False


def sorted_rows(request, rows, columns):
    """``rows`` in the order ``?sort=`` asks for, when it names a sortable column of the list's
    declared ``columns`` (anything else is ignored); the list's own order breaks ties. The
    list page and its Excel export both call this, so the export is in the page's order.

    A queryset is ordered by the database; a Python list (the to-do list, gathered from every
    line's provider) by the attribute path of the column's field path, with the same rule for
    empty values."""
    column, descending = sort_column(request, columns)
    if column is None:
        return rows
    if isinstance(rows, QuerySet):
        own = rows.query.order_by or rows.model._meta.ordering
        return rows.order_by(column.ordering(descending=descending), *own, "pk")
    return _sorted_list(list(rows), column, descending=descending)


def _sorted_list(rows: list, column: Column, *, descending: bool) -> list:
    if not isinstance(column.sort, str):
        raise ImproperlyConfigured(f"{column.label}: a list of objects sorts by a field path")
    path = column.sort.split("__")

    def value(row):
        for name in path:
            row = getattr(row, name, None)
        return row

    empty = [row for row in rows if value(row) in (None, "")]
    present = [row for row in rows if value(row) not in (None, "")]
    present.sort(key=value, reverse=descending)  # stable: the list's own order breaks ties
    return present + empty if descending else empty + present


def paginate(request, rows, *, columns=None, per_page: int | None = None) -> Page:
    """The page of ``rows`` that ``?page=`` asks for (a bad number shows the nearest page), in
    the order ``?sort=`` asks for among the list's declared ``columns`` (`sorted_rows`);
    SIFA_PER_PAGE rows unless the caller says otherwise. The page carries ``columns`` for
    ``{% header_cells %}``."""
    per_page = per_page or sifa_setting("SIFA_PER_PAGE")
    rows = sorted_rows(request, rows, columns)
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    page.columns = tuple(columns) if columns is not None else None
    return page


def table_page(request, template: str, rows, *, columns, empty, **extra):
    """A page listing ``rows`` in one table: the page ``?page=`` asks for, sorted by the
    declared ``columns``, as ``page_obj`` in ``template``, with ``empty`` (what the table says
    when it has no row) and the ``extra`` context (title, the record it belongs to …)."""
    context = {"empty": empty, "page_obj": paginate(request, rows, columns=columns), **extra}
    return render(request, template, context)


def filtered_rows(request, filter_form, rows_of, **form_keywords):
    """A list's filter form (bound to the query) and the rows `rows_of(actor=, **filters)`
    returns; none at all when the filter is invalid, so it never silently shows everything."""
    filters = filter_form(request.GET or None, **form_keywords)
    rows = rows_of(actor=request.user, **filters.selector_arguments())
    if filters.is_bound and not filters.is_valid():
        rows = rows.none()
    return filters, rows


def list_page_context(request, *, filters, page: Page, **extra) -> dict:
    """What ``core/list_page.html`` needs: filter form, page, and the query the export repeats."""
    return {
        "filters": filters,
        "page_obj": page,
        "export_query": request.GET.urlencode(),
        **extra,
    }


def list_page(request, template: str, *, filters, rows, name: str, columns, annotate=None, **extra):
    """A register's list page: one page of the filtered ``rows`` sorted by its declared
    ``columns``, listed as ``name`` in ``template`` after ``annotate(records)`` marks them
    (badges, deadlines …), with ``extra``."""
    page = paginate(request, rows, columns=columns)
    records = list(page.object_list)
    if annotate is not None:
        annotate(records)
    context = list_page_context(request, filters=filters, page=page, **{name: records}, **extra)
    return render(request, template, context)


@dataclass(frozen=True)
class RegisterList:
    """The words of a line's main register list page (core/register_list_page.html).

    ``title`` also makes the table's caption (“<title>列表”) and the empty state (“没有符合条件的
    <title>。”); ``url_prefix`` (``"mediation:case_"``) names the export (``<prefix>export``) and
    register (``<prefix>register``) pages; ``register_label`` is the register button's text, shown
    when the view passes ``can_register``; ``scope`` tells under the empty state which records the
    user may see.
    """

    title: str
    url_prefix: str
    register_label: str
    scope: str


@dataclass(frozen=True)
class RegisterPage:
    """The words of a register page (登记, core/register_page.html), as its view declares them.

    ``title`` names the page; the breadcrumb leads back to the list (``list_url``, a URL name, and
    ``list_label``) and ends in ``crumb``; ``no_office`` is said when the user may register at no
    office; ``section_title`` heads the form's card and ``submit_label`` is its button's text.
    The cancel button goes back to the list.
    """

    title: str
    list_url: str
    list_label: str
    crumb: str
    no_office: str
    section_title: str
    submit_label: str


@dataclass(frozen=True)
class Export:
    """A register's Excel export: the title of its background job (when the selection is large),
    its ``headers()`` (translated when the export runs) and the ``row`` of each record (after the
    register's ``annotate``); ``related`` is prefetched for the rows on top of the register's."""

    job_title: str
    headers: Callable[[], Sequence[str]]
    row: Callable[[object], Sequence]
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Register:
    """A line's register (案件, 矫正对象, 咨询 …) declared once: its list page and its Excel export
    filter the same rows the same way, the export in the page's order (`sorted_rows`).

    ``require_view(user)`` refuses (403) a user who may not see the register at all; the rows are
    ``rows_of(actor=, **filters)`` of the ``filter_form`` (given ``filter_arguments(user)``),
    ``related`` prefetched, marked by ``annotate(records)``; the page lists them as ``name`` in
    ``template`` under its ``columns`` with ``words`` (`RegisterList`, for
    core/register_list_page.html) and ``context(request, filters, rows)`` (the register button,
    the hidden minors' count …). The export's sheet is named ``title``.
    """

    title: str
    template: str
    name: str
    columns: tuple[Column, ...]
    filter_form: type
    rows_of: Callable
    require_view: Callable[[object], None]
    export: Export
    filter_arguments: Callable[[object], dict] = lambda user: {}
    related: tuple[str, ...] = ()
    annotate: Callable[[list], None] | None = None
    words: RegisterList | None = None
    context: Callable[..., dict] = lambda request, filters, rows: {}

    def filtered(self, request):
        """The filter form and the rows it selects (`filtered_rows`)."""
        arguments = self.filter_arguments(request.user)
        return filtered_rows(request, self.filter_form, self.rows_of, **arguments)

    def list_view(self) -> Callable:
        """The list page: one page of the filtered rows, sorted as ``?sort=`` asks."""

        @login_required
        def view(request):
            self.require_view(request.user)
            filters, rows = self.filtered(request)
            words = {"register_list": self.words} if self.words else {}
            return list_page(
                request,
                self.template,
                filters=filters,
                rows=rows.prefetch_related(*self.related),
                name=self.name,
                columns=self.columns,
                annotate=self.annotate,
                **words,
                **self.context(request, filters, rows),
            )

        return view

    def export_view(self) -> Callable:
        """The Excel export of the filtered rows (every page), in the page's order; in the
        background when they are many (`export_over`)."""

        @login_required
        @runs_in_background(
            self.export.job_title, when=export_over(lambda r: self.filtered(r)[1].count())
        )
        def view(request):
            self.require_view(request.user)
            filters, rows = self.filtered(request)
            rows = sorted_rows(request, rows, self.columns)  # the page's order
            records = list(rows.prefetch_related(*self.related, *self.export.related))
            if self.annotate is not None:
                self.annotate(records)
            return xlsx_response(
                title=self.title,
                headers=self.export.headers(),
                rows=(self.export.row(record) for record in records),
                filters=filters.describe(),
            )

        return view


# --- Downloads: exports, 文书 and import templates ---


def download(content: bytes, filename: str, *, content_type: str, private: bool = False):
    """``content`` as a file download named ``filename`` (RFC 5987 ``filename*=utf-8''…`` for a
    Chinese name, with an ASCII fallback). A ``private`` file (a 文书 may carry full ID numbers)
    is not kept in any cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    if private:
        response["Cache-Control"] = "no-store"
    return response


def docx_download(content: bytes, filename: str):
    """A 文书 (.docx) download: private, as every document names a person."""
    return download(content, filename, content_type=DOCX_CONTENT_TYPE, private=True)


def document_view(
    name: str, *, kinds: Sequence[str], record_of: Callable, build: Callable, back_label: str
):
    """The page ``name`` (its URL name, `url_kit.page`) of a record's 文书 by ``kind``
    (``<pk>/documents/<kind>.docx``): an unknown kind is 404; ``record_of(actor=, pk=)`` reads
    the record (404 out of sight); ``build(record, kind, actor=, ip_address=)`` gives (.docx
    bytes, file name), or raises `NotApplicable`, answered with `document_unavailable` (the way
    back is ``back_label``)."""

    @login_required
    @require_GET
    def view(request, pk, kind):
        if kind not in kinds:
            raise Http404(_("未知的文书类型。"))
        record = record_of(actor=request.user, pk=pk)
        try:
            content, filename = build(
                record, kind, actor=request.user, ip_address=client_ip(request)
            )
        except NotApplicable as exc:
            return document_unavailable(request, record, str(exc), back_label=back_label)
        return docx_download(content, filename)

    view.__name__ = name
    return view


def document_unavailable(request, record, message: str, *, back_label: str) -> HttpResponse:
    """Why a record's 文书 cannot be produced (404, core/document_unavailable.html), with the way
    back to the record's page; the message alone when that page is not wired."""
    try:
        back_url = record.get_absolute_url()
    except NoReverseMatch:
        return HttpResponse(message, status=404, content_type="text/plain; charset=utf-8")
    context = {"message": message, "back_url": back_url, "back_label": back_label}
    return render(request, "core/document_unavailable.html", context, status=404)


def revealed_answer(request, plaintext: str, field: str, page: Callable[[], HttpResponse]):
    """The answer to 显示明文 of a record's ``field`` (the action logged it): to htmx the value
    alone (people/_revealed_value.html), swapped in place of the masked one; without JS, the
    record's ``page()`` again, showing the value."""
    if request.headers.get("HX-Request"):
        context = {"value": plaintext, "field": field}
        return HttpResponse(render_to_string("people/_revealed_value.html", context, request))
    return page()


# --- Record-action pages: one small form page per action on a record, posting to its own URL ---


@dataclass(frozen=True)
class RecordAction:
    """One action on a line's record (案件, 矫正对象 …): its button, its form, the action it calls.

    A line subclasses this and sets ``url_prefix`` (``"mediation:case_"``): the action's URL name is
    the prefix and the key (``mediation:case_start``).
    """

    url_prefix: ClassVar[str] = ""

    key: str  # URL segment and name suffix
    label: str
    form_class: type
    call: Callable  # the action in the line's actions module
    available: Callable  # is the button shown for this record (and its state)?
    style: str = "btn-outline-primary"
    icon: str = "pencil-square"
    success: str = ""

    @property
    def url_name(self) -> str:
        return f"{self.url_prefix}{self.key}"


def action_of(actions, key: str) -> RecordAction:
    """The action of a line's list whose URL segment is ``key``; 404 for any other key."""
    for spec in actions:
        if spec.key == key:
            return spec
    raise Http404


def record_action_page(
    request,
    *,
    spec: RecordAction,
    record,
    available: bool,
    form_kwargs: Callable[[], dict],
    perform: Callable[[dict], object],
    template: str,
    context: Callable[[], dict],
    noun: str,
):
    """GET shows the action's form; POST calls ``perform`` with its values, then shows the record.

    An action the record's state does not allow is refused with a warning naming the state
    (``noun`` says what the record is: 案件, 对象); the action's own refusal shows on the form.
    ``form_kwargs`` and ``context`` are called only when needed (they may query).
    """
    if not available:
        messages.warning(
            request,
            _("%(noun)s当前状态为“%(status)s”，不能执行“%(action)s”。")
            % {"noun": noun, "status": record.get_status_display(), "action": spec.label},
        )
        return redirect(record)
    form = spec.form_class(request.POST or None, **form_kwargs())
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.values())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, spec.success)
            return redirect(record)
    return edit_page(
        request, template, {"record": record, "form": form, "action": spec, **context()}, record
    )


def offices_to_act_in(offices: QuerySet, refusal: str) -> QuerySet:
    """The offices a page lets the user record in (its form's choice), or `refusal`
    (PermissionDenied) when there is none."""
    if not offices.exists():
        raise PermissionDenied(refusal)
    return offices


@dataclass(frozen=True)
class Saved:
    """The action ran; `result` is what it returned (a record, or None)."""

    result: object


def save_valid(
    request, form, save: Callable[[], object], *, errors_to: Callable = add_action_errors
) -> Saved | None:
    """For a valid POST of `form`, call `save` (one action call). The action's ValidationError
    lands on the form (`errors_to`), so the page shows again with the input kept; None then, and
    on GET or an invalid form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return Saved(save())
    except ValidationError as error:
        errors_to(form, error)
        return None


def edit_page(request, template: str, context: dict, record):
    """A page that changes ``record`` or adds to it (an edit form, a record action, a
    sub-record's form on the record): ``template`` rendered with ``context`` and, when a
    submitted or accepted report month holds the record, the warning that base.html shows
    above the page (`sifa.core.report_months`: its month froze it, a change will be named by
    the consistency check). Every such page goes through here; tests/test_report_month_edit_pages.py
    walks the URLconf to keep it so."""
    notice = report_months.notice(record)
    return render(request, template, {**context, "report_month_notice": notice})


def form_page(
    request, form, save: Callable[[], object], *, done, title, back_url, to=None, record=None,
    multipart: bool = False,
):  # fmt: skip
    """One form in a card (core/form_page.html) under ``title``: a valid POST calls ``save``
    (one action, `save_valid`), says ``done`` and goes to ``to(result)`` or else back to
    ``back_url``; otherwise the form shows (again, its input kept). A form that changes or adds
    to ``record`` is that record's `edit_page`; ``multipart`` for a form with files."""
    saved = save_valid(request, form, save)
    if saved:
        messages.success(request, done)
        return redirect(to(saved.result) if to else back_url)
    context = {"title": title, "form": form, "back_url": back_url, "multipart": multipart}
    if record is not None:
        return edit_page(request, "core/form_page.html", context, record)
    return render(request, "core/form_page.html", context)


def moves_to(transitions: dict, to_status: str) -> Callable:
    """An action's ``available``: the record's state may move to ``to_status`` (``transitions``
    maps each state to the states it may move to). Extra arguments (the mediation agreement)
    are ignored."""
    return lambda record, *_context: to_status in transitions.get(record.status, set())


def status_in(*statuses: str) -> Callable:
    """An action's ``available``: the record is in one of ``statuses``."""
    return lambda record, *_context: record.status in statuses


def action_buttons(actions, record, *context, can_edit: bool) -> list:
    """The actions whose buttons a record's page shows: those ``available`` now, to an editor."""
    return [spec for spec in actions if spec.available(record, *context)] if can_edit else []


def status_event_rows(events, status_class) -> list[dict]:
    """A record's status history for ``core/_status_events.html``: each event with the labels of
    its states (``status_class`` the TextChoices; an unknown code shows as it is)."""

    def label(status):
        return status_class(status).label if status in status_class.values else status

    return [
        {
            "event": event,
            "from_label": label(event.from_status) if event.from_status else "",
            "to_label": label(event.to_status),
        }
        for event in events
    ]


def record_action_view(page: Callable, name_prefix: str, key: str):
    """The view of one action for its own URL: ``page(request, pk, key)``, named prefix + key."""

    def view(request, pk):
        return page(request, pk, key)

    view.__name__ = f"{name_prefix}{key}"
    return view
