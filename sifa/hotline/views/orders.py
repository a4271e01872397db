"""Pages of 12345 work orders: the list with filters and Excel export, intake by hand, the
detail page (deadlines, suggestion, requests, status history) and one small form page per
action. Reads go through `sifa.hotline.selectors.orders`, writes through
`sifa.hotline.actions.orders`; a record out of sight is not found (404), one seen but not
editable is forbidden (403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sifa.accounts.events import client_ip
from sifa.audit.actions import read_for_page
from sifa.core.clock import minute_text
from sifa.core.codes import code_labels
from sifa.core.masking import mask_address, mask_phone
from sifa.core.navigation import page_gate
from sifa.core.views import (
    Column,
    Export,
    RecordAction,
    Register,
    action_buttons,
    action_of,
    moves_to,
    record_action_page,
    record_action_view,
    revealed_answer,
    save_valid,
    status_event_rows,
)
from sifa.hotline.actions import orders as actions
from sifa.hotline.constants import (
    AWAITING_REPLY,
    CATEGORY_CODE_LIST,
    LINE,
    TRANSITIONS,
    Decision,
    Status,
)
from sifa.hotline.forms import orders as forms
from sifa.hotline.selectors import orders as selectors
from sifa.orgs import access
from sifa.orgs.access import Cap

STATUS_BADGES = {
    Status.RECEIVED: "text-bg-warning",
    Status.ASSIGNED: "text-bg-info",
    Status.SIGNED: "text-bg-primary",
    Status.RETURN_REQUESTED: "text-bg-warning",
    Status.RETURNED: "text-bg-secondary",
    Status.REPLIED: "text-bg-success",
    Status.REOPENED: "text-bg-danger",
    Status.CLOSED: "text-bg-secondary",
}


def _require_view(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看12345工单。"), line=LINE)


def _overdue(order, now) -> bool:
    if order.status in (Status.RECEIVED, Status.ASSIGNED):
        return now > order.sign_due
    return order.status in AWAITING_REPLY and now > order.reply_due


def _annotate(rows) -> None:
    now = timezone.now()
    labels = code_labels(CATEGORY_CODE_LIST)
    for order in rows:
        order.badge = STATUS_BADGES.get(order.status, "text-bg-light")
        order.category_name = labels.get(order.category, order.category)
        order.overdue = _overdue(order, now)


ORDER_COLUMNS = (
    Column(gettext_lazy("工单编号"), "number"),
    Column(gettext_lazy("派单时间"), "received_at"),
    Column(gettext_lazy("诉求类别"), "category"),
    Column(gettext_lazy("紧急程度"), "urgency"),
    Column(gettext_lazy("工单标题"), "title"),
    Column(gettext_lazy("承办机构"), "office__name"),
    Column(gettext_lazy("状态"), "status"),
    Column(gettext_lazy("答复时限"), "reply_due"),
)


def _export_headers() -> list:
    return [
        _("工单编号"), _("来源渠道"), _("诉求类别"), _("紧急程度"), _("派单时间"), _("工单标题"),
        _("诉求内容"), _("诉求人"), _("联系电话"), _("诉求地址"), _("承办机构"), _("状态"),
        _("签收时限"), _("签收时间"), _("按时签收"), _("答复时限"), _("答复时间"), _("按时答复"),
        _("回访结果"), _("重办次数"),
    ]  # fmt: skip


def _yes_no(value) -> str:
    if value is None:
        return ""
    return _("是") if value else _("否")


def _export_row(o) -> list:
    return [
        o.number,
        o.get_channel_display(),
        o.category_name,
        o.get_urgency_display(),
        minute_text(o.received_at),
        o.title,
        o.content,
        o.citizen_name,
        mask_phone(o.citizen_phone),  # encrypted: masked in lists and exports
        mask_address(o.address),
        o.office.name,
        o.get_status_display(),
        minute_text(o.sign_due),
        minute_text(o.signed_at) if o.signed_at else "",
        _yes_no(o.signed_in_time),
        minute_text(o.reply_due),
        minute_text(o.replied_at) if o.replied_at else "",
        _yes_no(o.replied_in_time),
        o.get_callback_display() if o.callback else "",
        o.reopen_count,
    ]


def _may_receive(user) -> bool:
    return selectors.bureaus_to_receive(actor=user).exists()


ORDERS = Register(
    title=gettext_lazy("12345工单"),
    template="hotline/order_list.html",
    name="rows",
    columns=ORDER_COLUMNS,
    filter_form=forms.OrderFilterForm,
    rows_of=selectors.order_list,
    filter_arguments=lambda user: {"offices": selectors.offices_for_filter(actor=user)},
    require_view=_require_view,
    annotate=_annotate,
    context=lambda request, filters, rows: {"can_register": _may_receive(request.user)},
    export=Export(gettext_lazy("导出12345工单"), _export_headers, _export_row),
)
order_list = ORDERS.list_view()
order_export = ORDERS.export_view()


@login_required
@page_gate(_may_receive, gettext_lazy("您没有接收12345工单的权限。"))
@require_http_methods(["GET", "POST"])
def order_register(request):
    """接收工单 by hand (the platform's order copied in)."""
    actor = request.user
    form = forms.OrderReceiveForm(
        request.POST or None, bureaus=selectors.bureaus_to_receive(actor=actor)
    )
    saved = save_valid(request, form, lambda: actions.order_receive(actor=actor, **form.values()))
    if saved:
        order, created = saved.result
        if created:
            messages.success(request, _("已接收工单：%(number)s。") % {"number": order.number})
        else:
            messages.info(
                request, _("工单 %(number)s 已在系统中，未重复登记。") % {"number": order.number}
            )
        return redirect(order)
    return render(request, "hotline/order_register.html", {"form": form})


# ---------------------------------------------------------------------------------------------
# Detail and actions


class OrderAction(RecordAction):
    url_prefix = "hotline:order_"


def _desk(action_available):
    """An action of the bureau's desk: shown to the desk only (the view passes the user)."""

    def available(order, user=None):
        return action_available(order) and (user is None or selectors.is_desk(user, order))

    return available


def _handler(action_available):
    """An action of the handling office (the desk may act for it too)."""
    return lambda order, user=None: action_available(order)


def _awaiting_reply(order) -> bool:
    return order.status in (Status.SIGNED, Status.REOPENED)


def _pending_extension(order) -> bool:
    return order.extensions.filter(decision=Decision.PENDING).exists()


ACTIONS = [
    OrderAction(
        "assign", gettext_lazy("分派"), forms.AssignForm, actions.order_assign,
        _desk(moves_to(TRANSITIONS, Status.ASSIGNED)), "btn-primary", "send",
        gettext_lazy("已分派。"),
    ),
    OrderAction(
        "sign", gettext_lazy("签收"), forms.SignForm, actions.order_sign,
        _handler(moves_to(TRANSITIONS, Status.SIGNED)), "btn-primary", "check2-square",
        gettext_lazy("已签收。"),
    ),
    OrderAction(
        "reply", gettext_lazy("答复"), forms.ReplyForm, actions.order_reply,
        _handler(_awaiting_reply), "btn-primary", "reply", gettext_lazy("已答复。"),
    ),
    OrderAction(
        "extend", gettext_lazy("申请延期"), forms.ExtensionForm, actions.extension_request,
        _handler(lambda o: _awaiting_reply(o) and not _pending_extension(o)),
        "btn-outline-secondary", "hourglass-split", gettext_lazy("已提交延期申请。"),
    ),
    OrderAction(
        "extension_decide", gettext_lazy("审核延期"), forms.DecisionForm,
        actions.order_extension_decide, _desk(_pending_extension), "btn-outline-primary",
        "clipboard-check", gettext_lazy("已审核延期申请。"),
    ),
    OrderAction(
        "return", gettext_lazy("申请退单"), forms.ReturnForm, actions.return_request,
        _handler(moves_to(TRANSITIONS, Status.RETURN_REQUESTED)), "btn-outline-warning",
        "arrow-return-left", gettext_lazy("已提交退单申请。"),
    ),
    OrderAction(
        "return_decide", gettext_lazy("审核退单"), forms.DecisionForm,
        actions.order_return_decide, _desk(lambda o: o.status == Status.RETURN_REQUESTED),
        "btn-outline-primary", "clipboard-check", gettext_lazy("已审核退单申请。"),
    ),
    OrderAction(
        "callback", gettext_lazy("登记回访结果"), forms.CallbackForm, actions.order_callback,
        _desk(lambda o: o.status == Status.REPLIED), "btn-outline-success", "telephone",
        gettext_lazy("已登记回访结果。"),
    ),
    OrderAction(
        "to_consultation", gettext_lazy("转为法律援助咨询"), forms.ToConsultationForm,
        actions.order_to_consultation, _handler(lambda o: o.consultation_pk is None),
        "btn-outline-secondary", "arrow-right-square", gettext_lazy("已转为法律援助咨询。"),
    ),
]  # fmt: skip


def _detail_context(request, order, revealed: str = "") -> dict:
    user = request.user
    can_edit = access.can(user, Cap.EDIT, order.office, line=LINE)
    related = selectors.order_related(order)
    now = timezone.now()
    return {
        **related,
        "order": order,
        "badge": STATUS_BADGES.get(order.status, "text-bg-light"),
        "category_name": code_labels(CATEGORY_CODE_LIST).get(order.category, order.category),
        "masked_phone": mask_phone(order.citizen_phone),
        "revealed_phone": revealed,
        "can_reveal": access.can(user, Cap.REVEAL, order.office, line=LINE),
        "address": order.address,
        "overdue": _overdue(order, now),
        "suggestion": selectors.suggestion_for(order)
        if order.status in (Status.RECEIVED, Status.ASSIGNED)
        else None,
        "buttons": action_buttons(ACTIONS, order, user, can_edit=can_edit),
        "events": status_event_rows(related["events"], Status),
    }


@never_cache
@login_required
def order_detail(request, pk):
    """工单: the request, the deadlines, the handling, the requests and the history."""
    order, _can_edit = read_for_page(request, selectors.order_get, pk)
    return render(request, "hotline/order_detail.html", _detail_context(request, order))


@never_cache
@require_POST
@login_required
def order_reveal_phone(request, pk):
    """显示明文 of the citizen's phone (logged). htmx swaps the value in place."""
    order = selectors.order_get(actor=request.user, pk=pk)
    plaintext = actions.order_reveal_phone(
        actor=request.user, order=order, ip_address=client_ip(request)
    )

    def page():
        context = _detail_context(request, order, revealed=plaintext)
        return render(request, "hotline/order_detail.html", context)

    return revealed_answer(request, plaintext, "phone", page)


@login_required
@require_http_methods(["GET", "POST"])
def order_action(request, pk, key):
    """One action's form page: GET shows it, POST calls the action and returns to the page."""
    spec = action_of(ACTIONS, key)
    user = request.user
    order = access.editable(user, selectors.order_get, pk)

    def form_kwargs():
        kwargs = {"order": order}
        if spec.key == "assign":
            kwargs["offices"] = selectors.offices_to_assign(actor=user, order=order)
            kwargs["suggestion"] = selectors.suggestion_for(order)
        if spec.key == "to_consultation":
            kwargs["offices"] = selectors.consultation_offices(actor=user)
        return kwargs

    return record_action_page(
        request,
        spec=spec,
        record=order,
        available=spec.available(order, user),
        form_kwargs=form_kwargs,
        perform=lambda values: spec.call(actor=user, order=order, **values),
        template="hotline/order_action.html",
        context=lambda: {"order": order, "record_name": order.number},
        noun=_("工单"),
    )


def action_view(key: str):
    """The view of one action, for its own URL (see urls/__init__.py)."""
    return record_action_view(order_action, "order_", key)
