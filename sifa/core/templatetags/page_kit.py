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
  related page (`look="primary"` …; the target may also be a URL).
- `{% icon_button "legalaid:provider_edit" "pencil-square" _("修改") provider.pk %}`: a page
  action with a Bootstrap icon (`bi-<icon>`); the target is a URL name (reversed with the
  arguments) or a URL, `look="primary"` for the page's main step (default outline-secondary).
- `{% header_cells _("编号") _("姓名") %}`: the <th scope="col"> cells of a table's header row;
  on a list page each is a column its view declared (`sifa.core.views.Column`): it sorts by
  its key (`?sort=`) or is marked as one that cannot.
- `{% details_card _("委托情况") card_class="h-100" %}…{% enddetails_card %}`: a card of a
  record's details, the block's <dt>/<dd> rows in its <dl> (`{% details_card card_class="mb-3" %}`:
  a card without a header).
- `{% responsive_table "table-sm align-middle mb-0" testid="rollup" %}…{% endresponsive_table %}`: a
  table that scrolls sideways on a narrow screen: the block's <caption>, <thead> and <tbody> in a
  `table` of the given classes, inside Bootstrap's `table-responsive`.
- `{% record_links case %}`: the card 关联记录 listing the records of other lines linked to this
  one that the user may see (sifa.core.record_links); nothing when there is none.
- `{% submission_token %}`: the one-time token of a form that saves (sifa.core.submissions).
- `{{ case.amount|amount }}`: an amount (元) as 2,879,680.26 (sifa.core.amounts).
- `{{ value|figure:indicator.unit }}`: an indicator's value, as an amount when its unit is 元.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from sifa.core import amounts, masking, submissions
from sifa.core import record_links as record_link_registry
from sifa.core.views import ACTIONS, SORT_PARAM

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


@register.inclusion_tag("core/_record_links_card.html", takes_context=True)
def record_links(context, record):
    """关联记录: the linked records of other lines this page's user may see."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"links": record_link_registry.links_for(user, record)}


@register.simple_tag(takes_context=True)
def header_cells(context, *labels):
    """The header row's cells. On a list page whose view declared its columns
    (`sifa.core.views.Column`, carried by ``page_obj.columns``), each label must be a declared
    column (no labels: all of them): a sortable one is a link that sorts by it, then the other
    way round, keeping the filter in the URL; one that cannot sort is marked so
    (``data-unsortable``, its reason as the title). A label the declaration does not know is an
    error. Elsewhere (a record's sub-tables) the cells are plain. A column of figures is aligned
    right; the buttons' column (`sifa.core.views.ACTIONS`, "操作") is named for screen readers."""
    page = context.get("page_obj")
    columns = getattr(page, "columns", None)
    if not columns or "request" not in context:
        return format_html_join("", '<th scope="col">{}</th>', (_plain(label) for label in labels))
    declared = {str(column.label): column for column in columns}
    if not labels:
        labels = [column.label for column in columns]
    request = context["request"]
    current = request.GET.get(SORT_PARAM, "")
    cells = []
    for label in labels:
        column = declared.get(str(label))
        if column is None:
            raise template.TemplateSyntaxError(
                f"header_cells: the list declares no column “{label}” (sifa.core.views.Column)"
            )
        classes = format_html(' class="{}"', "text-end") if column.numeric else ""
        if column.hidden_label:
            label = format_html('<span class="visually-hidden">{}</span>', label)
        if not column.name:
            cells.append(
                format_html(
                    '<th scope="col"{} data-unsortable title="{}">{}</th>',
                    classes,
                    column.unsortable,
                    label,
                )
            )
            continue
        key = column.name
        query = request.GET.copy()
        query.pop("page", None)
        query[SORT_PARAM] = f"-{key}" if current == key else key
        state = {key: "ascending", f"-{key}": "descending"}.get(current, "none")
        icon = {"ascending": "bi-sort-up", "descending": "bi-sort-down"}.get(state, "")
        cells.append(
            format_html(
                '<th scope="col"{} aria-sort="{}"><a class="sifa-sort" href="?{}">{}</a>{}</th>',
                classes,
                state,
                query.urlencode(),
                label,
                format_html(' <i class="bi {}" aria-hidden="true"></i>', icon) if icon else "",
            )
        )
    return format_html_join("", "{}", ((cell,) for cell in cells))


def _plain(label) -> tuple:
    """A header cell's content outside a declared list: the buttons' column (`ACTIONS`) is
    named for screen readers only."""
    if str(label) == str(ACTIONS.label):
        return (format_html('<span class="visually-hidden">{}</span>', label),)
    return (label,)


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
def link_button(target, label, *args, look="outline-secondary"):
    """A page action leading to a related page (发放批次, 预警 …) or a row's step (处置, 编辑 …):
    `target` is a URL name reversed with ``args``, or a URL used as it is; a small
    button, secondary unless `look` says otherwise (primary, outline-primary …)."""
    return format_html(
        '<a class="btn btn-{} btn-sm" href="{}">{}</a>', look, _target_url(target, args), label
    )


def _target_url(target, args) -> str:
    """A button's target: a URL name ("app:view") reversed with ``args``, or a URL (a path, a
    query "?…") as it is."""
    text = str(target)
    if ":" in text and not text.startswith(("/", "?", "http")):
        return reverse(text, args=args)
    return text


@register.simple_tag
def icon_button(target, icon, label, *args, look="outline-secondary"):
    """A page action with an icon: `target` is a URL name reversed with ``args``, or a URL used
    as it is; `look` is the Bootstrap button look (primary,
    outline-primary, outline-danger …)."""
    return format_html(
        '<a class="btn btn-{} btn-sm" href="{}"><i class="bi bi-{}" aria-hidden="true"></i> {}</a>',
        look,
        _target_url(target, args),
        icon,
        label,
    )


@register.simple_block_tag
def details_card(content, title="", card_class=""):
    """A card of a record's details: `title` in its header (no header without one), the
    block's <dt>/<dd> rows in its <dl>; `card_class` adds classes to the card (h-100, mb-3 …)."""
    header = format_html('\n  <div class="card-header">{}</div>', title) if title else ""
    return format_html(
        '<div class="{}">{}\n  <div class="card-body">\n'
        '    <dl class="row mb-0">{}</dl>\n  </div>\n</div>',
        f"card {card_class}".strip(),
        header,
        content,
    )


@register.simple_block_tag
def responsive_table(content, classes, testid=""):
    """A table that scrolls sideways on a narrow screen: the block (its caption, head and body)
    in a <table class="table `classes`"> (with `data-testid` when `testid` is given) inside
    Bootstrap's `table-responsive`."""
    testid_attribute = format_html(' data-testid="{}"', testid) if testid else ""
    return format_html(
        '<div class="table-responsive">\n  <table class="{}"{}>{}</table>\n</div>',
        f"table {classes}".strip(),
        testid_attribute,
        content,
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
