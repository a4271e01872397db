"""Office tree pages (机构树): list, detail, create child, edit, deactivate (the import is the
import kit's page, sifa.core.views_imports, mounted in urls.py).

Reads go through `sifa.orgs.selectors`, writes through `sifa.orgs.actions`; both use
`sifa.orgs.access`, so an office outside the user's scope is not found (404) and an office
the user sees but may not manage is forbidden (403).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.views import Column, edit_page, paginate, save_valid
from sifa.orgs import access, actions, selectors
from sifa.orgs.access import Cap
from sifa.orgs.forms import DeactivateForm, OfficeFilterForm, OfficeForm
from sifa.orgs.models import Office

OFFICES_PER_PAGE = 100


def _require_tree_access(user) -> None:
    if not selectors.can_see_tree(user):
        raise PermissionDenied(_("您没有权限查看机构树。"))


# ?sort= leaves the tree order for the asked column.
OFFICE_COLUMNS = (
    Column(gettext_lazy("机构名称"), "name"),
    Column(gettext_lazy("机构编码"), "code"),
    Column(gettext_lazy("机构类型"), "kind"),
    Column(gettext_lazy("行政区划代码"), "region_code"),
    Column(gettext_lazy("上级机构"), unsortable=gettext_lazy("按机构树逐级列出")),
    Column(gettext_lazy("状态"), "is_active"),
)


@login_required
def office_list(request):
    """机构树: the visible subtree in tree order, indented, filtered, 100 rows a page."""
    user = request.user
    _require_tree_access(user)
    filters = OfficeFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    within = selectors.office_get(actor=user, pk=data["within"]) if data.get("within") else None
    include_inactive = bool(data.get("inactive"))
    offices = selectors.office_list(
        actor=user,
        kind=data.get("kind") or "",
        query=(data.get("q") or "").strip(),
        include_inactive=include_inactive,
        within=within,
    )
    page = paginate(request, offices, columns=OFFICE_COLUMNS, per_page=OFFICES_PER_PAGE)
    rows = list(page.object_list)
    base = within.depth if within else selectors.base_depth(user)
    parents = selectors.parents_of(actor=user, offices=rows)
    for office in rows:
        office.indent = max(office.depth - base, 0)
        office.parent_in_scope = parents.get(office.path[: -Office.steplen])
    counts = selectors.office_kind_counts(
        actor=user, include_inactive=include_inactive, within=within
    )
    context = {
        "title": _("机构树"),
        "empty": _("没有符合条件的机构。"),
        "table_class": "sifa-office-tree",
        "filters": filters,
        "page_obj": page,
        "offices": rows,
        "include_inactive": include_inactive,
        "kind_counts": counts,
        "total": sum(n for _kind, _label, n in counts),
        "within": within,
        "can_import": access.has_capability_anywhere(user, Cap.ORGS_MANAGE),
    }
    return render(request, "orgs/office_list.html", context)


@login_required
def office_detail(request, pk):
    """机构详情: fields, parent chain, children by kind, staff roster, change history."""
    user = request.user
    office = selectors.office_get(actor=user, pk=pk)
    can_view_records = access.can(user, Cap.VIEW, office, line=access.ANY_LINE)
    staff = []
    if can_view_records:
        labels = selectors.staff_post_labels()
        staff = list(selectors.office_staff(actor=user, office=office))
        for member in staff:
            member.post_label = labels.get(member.post, member.post)
    context = {
        "office": office,
        "breadcrumb": selectors.office_breadcrumb(actor=user, office=office),
        "children_by_kind": selectors.office_children_by_kind(actor=user, office=office),
        "can_manage": selectors.can_manage(user, office),
        "can_view_records": can_view_records,
        "staff": staff,
    }
    return render(request, "orgs/office_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def office_create(request, pk):
    """新增下级机构 under the office `pk`."""
    parent = selectors.office_for_manage(actor=request.user, pk=pk)
    form = OfficeForm(request.POST or None)
    saved = save_valid(
        request,
        form,
        lambda: actions.office_create(actor=request.user, parent=parent, **form.office_fields()),
    )
    if saved:
        office = saved.result
        return redirect("orgs:office_detail", pk=office.pk)
    return _office_form_page(request, form, parent=parent, office=None)


def _office_form_page(request, form, *, parent, office):
    """The create (under `parent`) or edit (`office`) page; 取消 goes back to that office."""
    target = parent or office
    context = {
        "form": form,
        "parent": parent,
        "office": office,
        "target": target,
        "back_url": reverse("orgs:office_detail", args=[target.pk]),
    }
    return edit_page(request, "orgs/office_form.html", context, target)


@login_required
@require_http_methods(["GET", "POST"])
def office_edit(request, pk):
    """编辑机构信息."""
    office = selectors.office_for_manage(actor=request.user, pk=pk)
    form = OfficeForm(request.POST or None, initial=OfficeForm.initial_for(office))
    saved = save_valid(
        request,
        form,
        lambda: actions.office_update(actor=request.user, office=office, **form.office_fields()),
    )
    if saved:
        return redirect("orgs:office_detail", pk=office.pk)
    return _office_form_page(request, form, parent=None, office=office)


@login_required
@require_http_methods(["GET", "POST"])
def office_deactivate(request, pk):
    """撤销机构: the office stays in the tree, marked closed from the given date."""
    office = selectors.office_for_manage(actor=request.user, pk=pk)
    form = DeactivateForm(request.POST or None)
    saved = save_valid(
        request,
        form,
        lambda: actions.office_deactivate(
            actor=request.user, office=office, closed_on=form.cleaned_data["closed_on"]
        ),
    )
    if saved:
        return redirect("orgs:office_detail", pk=office.pk)
    context = {
        "form": form,
        "office": office,
        "back_url": reverse("orgs:office_detail", args=[office.pk]),
        "submit_label": _("确认撤销"),
    }
    return edit_page(request, "orgs/office_deactivate.html", context, office)
