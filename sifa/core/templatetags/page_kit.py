"""Template tags for the parts every record page repeats.

`{% load page_kit %}` then:

- `{% breadcrumbs title "corrections:subject_list" _("社区矫正对象") %}`: the trail above a page,
  as (link, label) pairs then the current page's title. A link is a URL name (reversed without
  arguments) or a URL; a pair whose link is empty is left out, so a page may pass a URL it only
  sometimes has.
- `{% document_button url _("接收回执") %}`: the button that downloads a record's Word document.
- `{% add_button "legalaid:provider_create" _("新增承办机构") shown=can_add %}`: the button that
  leads to the page adding a record.
- `{% link_button "legalaid:standard_list" _("办案补贴标准") %}`: a page action leading to a
  related page.
- `{% header_cells _("编号") _("姓名") %}`: the <th scope="col"> cells of a table's header row;
  on a list page a column named like a field of the listed model sorts by it (`?sort=`).
- `{% submission_token %}`: the one-time token of a form that saves (sifa.core.submissions).
- `{{ case.amount|amount }}`: an amount (元) as 2,879,680.26 (sifa.core.amounts).
- `{{ value|figure:indicator.unit }}`: an indicator's value, as an amount when its unit is 元.
"""

from django import template
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from sifa.core import amounts, masking, submissions
from sifa.core.views import SORT_PARAM, sortable_columns

register = template.Library()


def _href(link: str) -> str:
    """A URL name ("app:view") is reversed; anything else is already a URL."""
    if ":" in link and not link.startswith(("/", "http")):
        return reverse(link)
    return link


@register.inclusion_tag("core/_breadcrumbs.html")
def breadcrumbs(title, *trail):
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes (link, label) pairs after the title")
    pairs = zip(trail[::2], trail[1::2], strict=True)
    return {"title": title, "crumbs": [(_href(str(link)), label) for link, label in pairs if link]}


@register.simple_tag(takes_context=True)
def header_cells(context, *labels):
    """The header row's cells; on a list page (``page_obj`` of a queryset), a label that names
    a field of the listed model (`sifa.core.views.sortable_columns`) is a link that sorts by
    it, then the other way round, keeping the filter in the URL."""
    sortable = _sortable(context)
    if not sortable:
        return format_html_join("", '<th scope="col">{}</th>', ((label,) for label in labels))
    request = context["request"]
    current = request.GET.get(SORT_PARAM, "")
    cells = []
    for label in labels:
        key = sortable.get(str(label))
        if key is None:
            cells.append(format_html('<th scope="col">{}</th>', label))
            continue
        query = request.GET.copy()
        query.pop("page", None)
        query[SORT_PARAM] = f"-{key}" if current == key else key
        state = {key: "ascending", f"-{key}": "descending"}.get(current, "none")
        icon = {"ascending": "bi-sort-up", "descending": "bi-sort-down"}.get(state, "")
        cells.append(
            format_html(
                '<th scope="col" aria-sort="{}"><a class="sifa-sort" href="?{}">{}</a>{}</th>',
                state,
                query.urlencode(),
                label,
                format_html(' <i class="bi {}" aria-hidden="true"></i>', icon) if icon else "",
            )
        )
    return format_html_join("", "{}", ((cell,) for cell in cells))


def _sortable(context) -> dict[str, str]:
    page = context.get("page_obj")
    rows = getattr(getattr(page, "paginator", None), "object_list", None)
    if "request" not in context or not isinstance(rows, QuerySet):
        return {}
    return sortable_columns(rows.model)


@register.simple_tag
def document_button(url, label):
    """The button that downloads a record's Word document (文书); nothing when `url` is empty,
    so a page may pass a URL it only sometimes has:
    `{% document_button receipt_url _("接收回执") %}`."""
    if not url:
        return ""
    return format_html(
        '<a class="btn btn-outline-secondary btn-sm" href="{}">'
        '<i class="bi bi-file-earmark-word" aria-hidden="true"></i> {}</a>',
        url,
        label,
    )


@register.simple_tag
def add_button(url_name, label, *args, shown=True):
    """The primary button leading to the page that adds a record (登记…, 新增…): ``url_name``
    reversed with ``args``; nothing when not ``shown`` (the user may not add):
    `{% add_button "orgs:office_create" _("新增下级机构") office.pk shown=office.is_active %}`."""
    if not shown:
        return ""
    return format_html(
        '<a class="btn btn-primary btn-sm" href="{}">'
        '<i class="bi bi-plus-lg" aria-hidden="true"></i> {}</a>',
        reverse(url_name, args=args),
        label,
    )


@register.simple_tag
def link_button(url_name, label, *args):
    """A page action leading to a related page (发放批次, 预警 …): ``url_name`` reversed with
    ``args``, as a small secondary button."""
    return format_html(
        '<a class="btn btn-outline-secondary btn-sm" href="{}">{}</a>',
        reverse(url_name, args=args),
        label,
    )


@register.simple_tag
def submission_token() -> str:
    return format_html(
        '<input type="hidden" name="{}" value="{}">', submissions.FIELD, submissions.new_token()
    )


@register.filter
def masked_text(value) -> str:
    """An encrypted offence or sentence as a list shows it (盗＊＊＊)."""
    return masking.mask_text(value or "")


@register.filter
def masked_coordinate(value) -> str:
    """A check-in's latitude or longitude as a list shows it (30.27****)."""
    return masking.mask_coordinate(value)


@register.filter
def amount(value) -> str:
    """An amount (元) with thousands separators and two decimals: 2,879,680.26."""
    return amounts.amount_text(value)


@register.filter
def figure(value, unit="") -> str:
    """An indicator's value: as an amount (`amount`) when its unit is 元, else as it is."""
    if value is not None and "元" in str(unit):
        return amounts.amount_text(value)
    return "" if value is None else value
