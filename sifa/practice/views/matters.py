"""业务登记台账: the register rows the user sees (an institution's account: its own), filtered,
sorted and exported to Excel on the kit's `Register`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.views import Export, Register
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.constants import LINE
from sifa.practice.forms import MatterFilterForm
from sifa.practice.selectors import registers as selectors
from sifa.practice.views.columns import MATTER_COLUMNS


def _require_view(user) -> None:
    if not access.has_capability_anywhere(user, Cap.VIEW, line=LINE):
        raise PermissionDenied(_("您没有权限查看业务登记台账。"))


def _headers() -> list:
    return [
        _("执业机构"), _("登记编号"), _("业务类别"), _("诉讼类别"), _("委托人"), _("委托人类别"),
        _("案由/事项"), _("承办人"), _("承办人执业证号"), _("标的额（元）"),
        _("索回/挽回金额（元）"), _("收费（元）"), _("收案日期"), _("结案/期满日期"),
    ]  # fmt: skip


def _row(matter) -> list:
    handler = matter.handler
    return [
        str(matter.institution),
        matter.number,
        matter.get_category_display(),
        matter.get_litigation_type_display(),
        matter.client,
        matter.get_client_kind_display(),
        matter.cause,
        handler.person.name if handler else "",
        handler.licence_number if handler else "",
        matter.subject_amount,
        matter.recovered_amount,
        matter.fee,
        matter.accepted_on,
        matter.closed_on,
    ]


MATTERS = Register(
    title=gettext_lazy("业务登记台账"),
    template="practice/matter_list.html",
    name="rows",
    columns=MATTER_COLUMNS,
    filter_form=MatterFilterForm,
    rows_of=selectors.matter_rows,
    filter_arguments=lambda user: {"offices": selectors.offices_for_filter(actor=user)},
    require_view=_require_view,
    export=Export(gettext_lazy("导出业务登记台账"), _headers, _row),
)
matter_list = MATTERS.list_view()
matter_export = MATTERS.export_view()
