"""Writes of 12345 work orders (DOMAIN §8): intake (idempotent by the platform's number),
assignment by the bureau's hotline desk, signing, the reply, extension and return requests and
their decisions, and the platform's callback (不满意 reopens the order for re-handling).

Every write is keyword-only and atomic. The handling office's writes (sign, reply, requests)
need `edit` on the order's office in line "hotline"; the desk's (assign, decide, callback) need
`edit` on the bureau that received the order, so a 司法所 cannot approve its own extension.
States move only through `ORDER_FLOW` (events kept); the order keeps its change history.

`at` is the moment of the act: now by default; the demo and the import of past orders pass it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.audit.models import AccessLog
from sifa.core import clock
from sifa.core.calendar import WorkingCalendar
from sifa.core.codes import validate_code
from sifa.core.idnumber import normalize_phone
from sifa.core.records import save_checked
from sifa.core.workflow import Workflow
from sifa.hotline import deadlines
from sifa.hotline.constants import (
    AWAITING_REPLY,
    CATEGORY_CODE_LIST,
    LINE,
    TRANSITIONS,
    Callback,
    Channel,
    Decision,
    Status,
    Urgency,
)
from sifa.hotline.models import ExtensionRequest, OrderEvent, ReturnRequest, WorkOrder
from sifa.hotline.selectors.routing import ASSIGNABLE_KINDS, PlaceIndex, suggest_office
from sifa.legalaid.actions.consultations import consultation_record
from sifa.legalaid.constants import Channel as LegalaidChannel
from sifa.legalaid.constants import Referral
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office

ORDER_FLOW = Workflow(
    WorkOrder, OrderEvent, "order", TRANSITIONS, Status, access.require_edit, noun=_("工单")
)
MAX_EXTENSION_WORKDAYS = 30


def _moment(at: datetime.datetime | None, errors: dict, field: str = "at") -> datetime.datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + datetime.timedelta(minutes=1):
        errors.setdefault(field, []).append(_("时间不能晚于现在。"))
    return at


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _event(order, from_status, to_status, *, actor, at, reason):
    ORDER_FLOW.record_event(
        order, from_status, to_status, actor=actor, on=timezone.localdate(at), reason=reason
    )


def _move(order, to_status, *, actor, at, reason):
    ORDER_FLOW.check(order, to_status)
    from_status = order.status
    order.status = to_status
    save_checked(order, actor, reason)
    _event(order, from_status, to_status, actor=actor, at=at, reason=reason)


def require_desk(actor, order: WorkOrder) -> None:
    """The bureau's hotline desk or section: `edit` in the line on the receiving bureau."""
    access.require(actor, Cap.EDIT, order.bureau, line=LINE)


def _lock(actor, order: WorkOrder, to_status: str | None = None) -> None:
    ORDER_FLOW.begin(actor, order, to_status)


# --- intake -----------------------------------------------------------------------------------


@transaction.atomic
def order_receive(
    *,
    actor,
    bureau: Office,
    number: str,
    category: str,
    received_at: datetime.datetime,
    content: str,
    channel: str = Channel.PHONE,
    urgency: str = Urgency.NORMAL,
    title: str = "",
    citizen_name: str = "",
    citizen_phone: str = "",
    address: str = "",
    platform_sign_due: datetime.datetime | None = None,
    platform_reply_due: datetime.datetime | None = None,
    places: PlaceIndex | None = None,
    calendar: WorkingCalendar | None = None,
) -> tuple[WorkOrder, bool]:
    """接收工单 from the platform (API push, import or by hand): `(order, True)` for a new
    order, `(existing, False)` when the platform's number is already known — the platform may
    send an order twice, and a re-import repeats rows; nothing of the known order changes.
    A batch passes one `places` index of the bureau and one `calendar` to all its orders."""
    access.require(actor, Cap.EDIT, bureau, line=LINE)
    number = (number or "").strip()
    existing = WorkOrder.objects.filter(number=number).first() if number else None
    if existing is not None:
        return existing, False
    errors: dict[str, list[str]] = {}
    if not number:
        errors["number"] = [_("请填写工单编号。")]
    if bureau.kind != OfficeKind.JUSTICE_BUREAU:
        errors["bureau"] = [_("工单只能由司法局接收。")]
    if received_at is None:
        errors["received_at"] = [_("请填写派单时间。")]
    else:
        received_at = _moment(received_at, errors, "received_at")
    try:
        validate_code(
            CATEGORY_CODE_LIST,
            category,
            timezone.localdate(received_at) if received_at else None,
        )
    except ValidationError as error:
        errors["category"] = error.messages
    if not (content or "").strip():
        errors["content"] = [_("请填写诉求内容。")]
    if channel not in Channel.values:
        errors["channel"] = [_("请选择有效的来源渠道。")]
    if urgency not in Urgency.values:
        errors["urgency"] = [_("请选择有效的紧急程度。")]
    phone = (citizen_phone or "").strip()
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as error:
            errors["citizen_phone"] = error.messages
    _raise(errors)
    order = WorkOrder(
        office=bureau,
        bureau=bureau,
        created_by=actor,
        number=number,
        channel=channel,
        category=category,
        urgency=urgency,
        received_at=received_at,
        title=(title or "").strip()[:200],
        content=content.strip(),
        citizen_name=(citizen_name or "").strip()[:50],
        citizen_phone=phone,
        address=(address or "").strip()[:200],
        platform_sign_due=platform_sign_due,
        platform_reply_due=platform_reply_due,
        sign_due=platform_sign_due or deadlines.sign_due(received_at, urgency, calendar=calendar),
        reply_due=platform_reply_due
        or deadlines.reply_due(received_at, category, urgency, calendar=calendar),
    )
    suggestion = suggest_office(
        bureau=bureau, address=order.address, category=category, places=places
    )
    order.suggestion = suggestion.text if suggestion else ""
    try:
        with transaction.atomic():  # two pushes of one order at once: the second finds it
            save_checked(order, actor, _("接收工单"))
    except IntegrityError:
        return WorkOrder.objects.get(number=number), False
    _event(order, "", Status.RECEIVED, actor=actor, at=received_at, reason=_("接收工单"))
    return order, True


# --- the desk: assignment -----------------------------------------------------------------------


@transaction.atomic
def order_assign(*, actor, order: WorkOrder, office: Office, note: str = "", at=None) -> WorkOrder:
    """分派: the desk hands the order to an office of its bureau (a 司法所, the bureau's own
    sections, its centres); before signing it may hand it on to another (改派). Sifa's
    suggestion is shown to the desk, never applied by itself."""
    _lock(actor, order, Status.ASSIGNED)
    require_desk(actor, order)
    errors: dict[str, list[str]] = {}
    at = _moment(at, errors)
    if office is None:
        errors["office"] = [_("请选择承办机构。")]
    elif office.kind not in ASSIGNABLE_KINDS or not office.is_active:
        errors["office"] = [_("只能分派给司法所、局机关或其所属中心。")]
    elif not office.path.startswith(order.bureau.path):
        errors["office"] = [_("承办机构不在本局辖区内。")]
    elif order.status == Status.ASSIGNED and office.pk == order.office_id:
        errors["office"] = [_("工单已分派给该机构。")]
    _raise(errors)
    order.office = office
    order.assigned_at = at
    reason = _("分派至%(office)s") % {"office": office.name}
    if note.strip():
        reason = f"{reason}：{note.strip()}"
    _move(order, Status.ASSIGNED, actor=actor, at=at, reason=reason)
    return order


# --- the handling office ------------------------------------------------------------------------


@transaction.atomic
def order_sign(*, actor, order: WorkOrder, at=None) -> WorkOrder:
    """签收: the assigned office takes the order; in time when by the signing deadline."""
    _lock(actor, order, Status.SIGNED)
    errors: dict[str, list[str]] = {}
    at = _moment(at, errors)
    if order.assigned_at and at < order.assigned_at:
        errors["at"] = [_("签收时间不能早于分派时间。")]
    _raise(errors)
    order.signed_at = at
    order.signed_in_time = at <= order.sign_due
    _move(order, Status.SIGNED, actor=actor, at=at, reason=_("签收"))
    return order


@transaction.atomic
def order_reply(*, actor, order: WorkOrder, text: str, at=None) -> WorkOrder:
    """答复 (办结/反馈): the reply sent to the platform; in time when by the reply deadline
    (extended by an approved extension; renewed when re-handling)."""
    _lock(actor, order, Status.REPLIED)
    errors: dict[str, list[str]] = {}
    at = _moment(at, errors)
    if not (text or "").strip():
        errors["text"] = [_("请填写答复内容。")]
    if order.signed_at and at < order.signed_at:
        errors["at"] = [_("答复时间不能早于签收时间。")]
    if order.extensions.filter(decision=Decision.PENDING).exists():
        errors["text"] = [_("延期申请尚待审核，请先审核。")]
    _raise(errors)
    order.reply_text = text.strip()
    order.replied_at = at
    order.replied_in_time = at <= order.reply_due
    _move(order, Status.REPLIED, actor=actor, at=at, reason=_("答复"))
    return order


@transaction.atomic
def extension_request(
    *, actor, order: WorkOrder, workdays: int, reason: str, at=None
) -> ExtensionRequest:
    """延期申请: more working days for the reply, asked before the reply deadline, with
    reasons; one request waits at a time."""
    _lock(actor, order)
    errors: dict[str, list[str]] = {}
    at = _moment(at, errors)
    if order.status not in AWAITING_REPLY or order.status == Status.RETURN_REQUESTED:
        errors["workdays"] = [
            _("工单当前状态为“%(status)s”，不能申请延期。") % {"status": order.get_status_display()}
        ]
    elif at >= order.reply_due:
        errors["workdays"] = [_("已超过答复时限，不能再申请延期。")]
    if not workdays or workdays < 1 or workdays > MAX_EXTENSION_WORKDAYS:
        errors["workdays"] = [_("延期工作日数应为1至%(max)d。") % {"max": MAX_EXTENSION_WORKDAYS}]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写延期理由。")]
    if order.extensions.filter(decision=Decision.PENDING).exists():
        errors["workdays"] = [_("已有一份延期申请尚待审核。")]
    _raise(errors)
    request = ExtensionRequest(
        office=order.office,
        created_by=actor,
        order=order,
        requested_at=at,
        workdays=workdays,
        reason=reason.strip(),
        due_before=order.reply_due,
    )
    request.full_clean()
    request.save()
    _event(
        order,
        order.status,
        order.status,
        actor=actor,
        at=at,
        reason=_("申请延期%(days)d个工作日：%(reason)s") % {"days": workdays, "reason": reason},
    )
    return request


def _decide(actor, order, request, *, approve, note, at, pending, decided, note_needed):
    """The bureau decides an office's request on ``order`` (延期, 退单): only while ``pending()``
    (else ``decided``), refused only with a note (else ``note_needed``); ``request`` is marked
    with the decision (saved by the caller). The decision's moment is returned."""
    _lock(actor, order)
    require_desk(actor, order)
    request.refresh_from_db()
    errors: dict[str, list[str]] = {}
    at = _moment(at, errors)
    if not pending():
        errors["approve"] = [decided]
    if not approve and not (note or "").strip():
        errors["note"] = [note_needed]
    _raise(errors)
    request.decision = Decision.APPROVED if approve else Decision.REFUSED
    request.decided_at = at
    request.decided_by = actor
    request.decision_note = (note or "").strip()
    return at


@transaction.atomic
def extension_decide(
    *, actor, extension: ExtensionRequest, approve: bool, note: str = "", at=None
) -> ExtensionRequest:
    """审核延期: the bureau approves (the reply deadline moves by the working days asked,
    counted from the old deadline) or refuses it, with its note."""
    order = extension.order
    at = _decide(
        actor, order, extension, approve=approve, note=note, at=at,
        pending=lambda: extension.decision == Decision.PENDING,
        decided=_("该延期申请已审核。"), note_needed=_("不同意延期的，请填写审核意见。"),
    )  # fmt: skip
    if approve:
        extension.due_after = deadlines.extended_due(extension.due_before, extension.workdays)
        order.reply_due = extension.due_after
        save_checked(order, actor, _("同意延期"))
    extension.save()
    reason = (
        _("同意延期，答复时限延至%(due)s") % {"due": clock.minute_text(order.reply_due)}
        if approve
        else _("不同意延期：%(note)s") % {"note": extension.decision_note}
    )
    _event(order, order.status, order.status, actor=actor, at=at, reason=reason)
    return extension


@transaction.atomic
def return_request(
    *, actor, order: WorkOrder, reason: str, legal_basis: str, at=None
) -> ReturnRequest:
    """退单申请: the order is not the bureau's duty; asked within the return window with the
    legal basis, before the reply."""
    _lock(actor, order, Status.RETURN_REQUESTED)
    errors: dict[str, list[str]] = {}
    at = _moment(at, errors)
    if at > deadlines.return_due(order.received_at):
        errors["reason"] = [
            _("已超过退单时限（派单后%(days)s个工作日内）。")
            % {"days": deadlines.return_workdays()}
        ]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写退单理由。")]
    if not (legal_basis or "").strip():
        errors["legal_basis"] = [_("请填写退单的法律依据。")]
    _raise(errors)
    request = ReturnRequest(
        office=order.office,
        created_by=actor,
        order=order,
        requested_at=at,
        reason=reason.strip(),
        legal_basis=legal_basis.strip(),
        from_status=order.status,
    )
    request.full_clean()
    request.save()
    _move(
        order,
        Status.RETURN_REQUESTED,
        actor=actor,
        at=at,
        reason=_("申请退单：%(reason)s（%(basis)s）")
        % {"reason": request.reason, "basis": request.legal_basis},
    )
    return request


@transaction.atomic
def return_decide(
    *, actor, request: ReturnRequest, approve: bool, note: str = "", at=None
) -> ReturnRequest:
    """审核退单: approved, the order is returned to the platform (已退单, its time noted);
    refused, it goes back to where it was and the office handles it."""
    order = request.order
    at = _decide(
        actor, order, request, approve=approve, note=note, at=at,
        pending=lambda: (
            request.decision == Decision.PENDING and order.status == Status.RETURN_REQUESTED
        ),
        decided=_("该退单申请已审核。"), note_needed=_("不同意退单的，请填写审核意见。"),
    )  # fmt: skip
    request.save()
    if approve:
        order.returned_at = at
        _move(order, Status.RETURNED, actor=actor, at=at, reason=_("同意退单，已退回平台"))
    else:
        _move(
            order,
            request.from_status,
            actor=actor,
            at=at,
            reason=_("不同意退单：%(note)s") % {"note": request.decision_note},
        )
    return request


# --- the platform's callback ---------------------------------------------------------------------


@transaction.atomic
def order_callback(*, actor, order: WorkOrder, result: str, at=None) -> WorkOrder:
    """回访结果 from the platform: 满意 / 基本满意 close the order; 不满意 reopens it for
    re-handling (重办, counted), with a new reply deadline from the callback."""
    _lock(actor, order)
    require_desk(actor, order)
    errors: dict[str, list[str]] = {}
    at = _moment(at, errors)
    if result not in Callback.values:
        errors["result"] = [_("请选择有效的回访结果。")]
    if order.status != Status.REPLIED:
        errors["result"] = [
            _("工单当前状态为“%(status)s”，不能登记回访结果。")
            % {"status": order.get_status_display()}
        ]
    elif order.replied_at and at < order.replied_at:
        errors["at"] = [_("回访时间不能早于答复时间。")]
    _raise(errors)
    order.callback = result
    order.callback_at = at
    label = Callback(result).label
    if result == Callback.DISSATISFIED:
        order.reopen_count += 1
        order.reply_due = deadlines.reply_due(at, order.category, order.urgency)
        _move(
            order,
            Status.REOPENED,
            actor=actor,
            at=at,
            reason=_("回访%(result)s，第%(count)d次重办")
            % {"result": label, "count": order.reopen_count},
        )
    else:
        _move(
            order, Status.CLOSED, actor=actor, at=at, reason=_("回访%(result)s") % {"result": label}
        )
    return order


# --- the desk's decisions from the order's page ---------------------------------------------


def order_extension_decide(*, actor, order: WorkOrder, approve: bool, note: str = "", at=None):
    """审核延期 of the order's waiting request (the order page's button)."""
    extension = order.extensions.filter(decision=Decision.PENDING).first()
    if extension is None:
        raise ValidationError({"approve": [_("没有待审核的延期申请。")]})
    return extension_decide(actor=actor, extension=extension, approve=approve, note=note, at=at)


def order_return_decide(*, actor, order: WorkOrder, approve: bool, note: str = "", at=None):
    """审核退单 of the order's waiting request (the order page's button)."""
    request = order.returns.filter(decision=Decision.PENDING).first()
    if request is None:
        raise ValidationError({"approve": [_("没有待审核的退单申请。")]})
    return return_decide(actor=actor, request=request, approve=approve, note=note, at=at)


def order_reveal_phone(*, actor, order: WorkOrder, ip_address: str | None) -> str:
    """显示明文 of the citizen's phone; the reveal is logged (AccessLog) like the registry's."""
    access.require_for(actor, Cap.REVEAL, order)
    AccessLog.objects.create(
        user=actor,
        model="hotline.WorkOrder",
        object_id=str(order.pk),
        object_repr=str(order)[:200],
        field="citizen_phone",
        ip_address=ip_address or None,
    )
    return order.citizen_phone or ""


# --- a batch from the platform ------------------------------------------------------------


class OrderRejected(ValidationError):
    """An order of a batch refused: `index` (from 0) and its field errors; nothing was stored."""

    def __init__(self, index: int, errors: dict[str, list[str]]):
        self.index = index
        self.errors = errors
        super().__init__(errors)


MAX_BATCH = 500


@transaction.atomic
def orders_receive(*, actor, items: list[dict]) -> list[tuple[WorkOrder, bool]]:
    """接收一批工单 (the platform's push or an import): every item is `order_receive`'s keywords
    (with its `bureau`); all are stored or none (`OrderRejected` names the first refused), so
    a batch cut off midway (a killed server) leaves nothing half done and the platform sends it
    again — the orders already known come back as they are (`created` False)."""
    places: dict[int, PlaceIndex] = {}
    calendar = WorkingCalendar()
    results = []
    for index, item in enumerate(items):
        bureau = item["bureau"]
        if bureau.pk not in places:
            places[bureau.pk] = PlaceIndex.of(bureau)
        try:
            results.append(
                order_receive(actor=actor, places=places[bureau.pk], calendar=calendar, **item)
            )
        except ValidationError as error:
            raise OrderRejected(index, error.message_dict) from None
    return results


@transaction.atomic
def order_to_consultation(
    *, actor, order: WorkOrder, office: Office, category: str, answer: str = ""
):
    """转为法律援助咨询: a legal-aid consultation at `office` from the order — its moment, the
    citizen's name and phone, the 诉求内容 as the question — linked on the order (once).
    Legal aid has no 12345 channel: the consultation's channel is 其他电话."""
    access.require_for(actor, Cap.EDIT, order)
    order = WorkOrder.objects.select_for_update().get(pk=order.pk)
    if order.consultation_pk is not None:
        raise ValidationError({"__all__": [_("该工单已转为法律援助咨询。")]})
    consultation = consultation_record(
        actor=actor,
        office=office,
        channel=LegalaidChannel.PHONE,
        consulted_at=order.received_at,
        category=category,
        question=order.content,
        answer=answer,
        referral=Referral.ANSWERED,
        caller_name=order.citizen_name,
        caller_phone=order.citizen_phone,
        answered_by=(actor.get_full_name() or actor.get_username())[:50],
    )
    order.consultation_pk = consultation.pk
    order.save()
    return order
