"""The corrections exchanges of /api/v1/ (社区矫正): commissions of investigation assessments and
their results, judgment notices that open an intake, and the phone client's check-ins.

Each endpoint parses the JSON with a serializer and calls the line's action with the client's
service account as the actor (sifa/corrections/actions); reads go through the line's selectors
(sifa/corrections/selectors/exchange.py), so an office or record outside the client's scope is a
404. A client reads back only what it sent. Writes are idempotent: an `Idempotency-Key` replays
the first answer, and a commission or judgment notice sent twice answers the record already
registered (200) instead of creating a second one.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from sifa.api.framework import (
    IDEMPOTENCY_PARAMETER,
    ApiView,
    error_responses,
    picked,
    registered,
    submission_schema,
    validated,
)
from sifa.corrections.actions.investigations import (
    investigation_record_adoption,
    investigation_register,
)
from sifa.corrections.actions.subjects import subject_register
from sifa.corrections.actions.supervision import (
    CheckInRejected,
    check_ins_receive,
    parse_check_ins,
)
from sifa.corrections.api import serializers as s
from sifa.corrections.constants import (
    API_COMMISSION_ASSESSMENT,
    API_NOTIFY_JUDGMENT,
    API_SUBMIT_CHECKIN,
    JUDGMENT_FIELDS,
)
from sifa.corrections.models import CheckIn
from sifa.corrections.selectors import exchange
from sifa.people import actions as people_actions
from sifa.people import selectors as people_selectors
from sifa.people.models import Gender

TAGS = ["社区矫正"]
MAX_SUBJECT_NUMBER = 40

# Action field → API field, where they differ.
OFFICE_FIELDS = {"office": "office_code"}
PERSON_FIELDS = {
    "name": "person.name",
    "doc_type": "person.doc_type",
    "id_number": "person.id_number",
    "gender": "person.gender",
    "birth_date": "person.birth_date",
    "phone": "person.phone",
    "ethnicity": "person",
    "address": "person",
    "region_code": "person",
}
COMMISSION_NUMBER = OpenApiParameter(
    "number",
    {"type": "integer", "minimum": 1, "maximum": s.MAX_ID},
    OpenApiParameter.PATH,
    description="调查评估的司法行政系统登记号（提交委托时返回的 number）。",
)
SUBJECT_NUMBER = OpenApiParameter(
    "number",
    {"type": "string", "maxLength": MAX_SUBJECT_NUMBER},
    OpenApiParameter.PATH,
    description="矫正编号（送达执行通知时返回的 number）。",
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


@contextmanager
def action_errors(fields: dict[str, str] | None = None):
    """An action's field errors as a 400 under the API's field names; its errors about the
    record's state (no field) as a 409."""
    fields = fields or {}
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            detail: dict[str, list[str]] = {}
            for field, messages in error.message_dict.items():
                key = "non_field_errors" if field == "__all__" else fields.get(field, field)
                detail.setdefault(key, []).extend(messages)
            raise exceptions.ValidationError(detail) from None
        raise Conflict(" ".join(error.messages)) from None


def _genders_differ(given: str | None, registered: str) -> bool:
    """Both known (not 未知) and not the same."""
    known = {Gender.MALE, Gender.FEMALE}
    return given in known and registered in known and given != registered


class CorrectionsView(ApiView):
    """Shared steps of the corrections exchanges."""

    def person_for(self, office, data: dict):
        """The person by document number, as the register forms find them; registered in
        `office` when not yet known (call inside the write's transaction)."""
        person = people_selectors.person_find_by_id_number(
            actor=self.actor, id_number=data["id_number"]
        )
        name = data.get("name", "")
        if person is None:
            if not name:
                raise exceptions.ValidationError(
                    {"person.name": [_("人员信息库中没有该证件号码，请填写姓名以便登记。")]}
                )
            with action_errors(PERSON_FIELDS):
                person = people_actions.person_register(
                    actor=self.actor,
                    office=office,
                    name=name,
                    doc_type=data["doc_type"],
                    id_number=data["id_number"],
                    phone=data.get("phone", ""),
                    gender=data.get("gender"),
                    birth_date=data.get("birth_date"),
                )
            return person
        errors = {}
        if name and name != person.name:
            errors["person.name"] = [
                _("该证件号码在人员信息库中登记的姓名与填写的姓名不符，请核对。")
            ]
        if _genders_differ(data.get("gender"), person.gender):
            errors["person.gender"] = [_("该证件号码在人员信息库中登记的性别与填写的性别不符。")]
        if errors:
            raise exceptions.ValidationError(errors)
        return person


# --- 调查评估委托 -----------------------------------------------------------------------------


class CommissionListView(CorrectionsView):
    """调查评估委托：提交委托；列出本客户端提交的委托。"""

    purpose = API_COMMISSION_ASSESSMENT

    @submission_schema(
        tags=TAGS,
        operation_id="investigation_commission",
        summary="委托调查评估",
        description=(
            "人民法院、人民检察院、公安机关或监狱委托社区矫正机构进行调查评估（社区矫正法第18条）。"
            "承办机构须在本客户端范围内（否则 404）。被调查评估对象按证件号码在人员信息库中查找，"
            "没有的按所填信息登记。完成期限自收到委托次日起按工作日计算（速裁5日，其他10日）。"
            "同一承办机构、同一委托编号再次提交时返回已登记的委托（200），不重复登记；"
            "该编号已由其他机关或承办机构自行登记的，返回 409。"
        ),
        request=s.CommissionIn,
        answer=s.CommissionOut,
        created="已登记委托",
        again="该委托此前已登记，返回原记录",
    )
    def post(self, request):
        return self.idempotent(request, lambda: self._commission(request.data))

    def _commission(self, body) -> Response:
        data = validated(s.CommissionIn, body)
        office = exchange.office_by_code(actor=self.actor, code=data["office_code"])
        existing = exchange.commission_by_number(
            actor=self.actor, office=office, commission_number=data["commission_number"]
        )
        if existing is not None:
            return self._existing(existing)
        with transaction.atomic():
            person = self.person_for(office, data["person"])
            with action_errors(OFFICE_FIELDS):
                investigation = investigation_register(
                    actor=self.actor,
                    office=office,
                    **picked(
                        data,
                        "commission_number",
                        "commissioning_body",
                        "commissioning_name",
                        "stage",
                    ),
                    person=person,
                    crime=data["crime"],
                    received_on=data.get("received_on") or timezone.localdate(),
                    summary_procedure=data["summary_procedure"],
                    proposed_sentence=data["proposed_sentence"],
                )
        self.touch(person, investigation)
        return registered(s.CommissionOut(investigation).data, created=True)

    def _existing(self, investigation) -> Response:
        if investigation.created_by_id != self.actor.pk:
            message = _("承办机构已登记委托编号为 %(number)s 的调查评估（非本客户端提交）。")
            raise Conflict(message % {"number": investigation.commission_number})
        self.touch(investigation)
        return registered(s.CommissionOut(investigation).data, created=False)

    @extend_schema(
        operation_id="investigation_commission_list",
        summary="本客户端提交的调查评估委托",
        description="本客户端提交的调查评估委托，按收到委托日期从新到旧分页列出，可按办理状态筛选。",
        tags=TAGS,
        parameters=[s.CommissionFilter],
        responses={200: s.CommissionOut(many=True), **error_responses(400, 404)},
    )
    def get(self, request):
        filters = validated(s.CommissionFilter, request.query_params)
        rows = exchange.client_commissions(actor=self.actor, status=filters.get("status"))
        page = self.paginate_queryset(rows)
        self.touch(*page)
        return self.get_paginated_response(s.CommissionOut(page, many=True).data)


def _commission_of(actor, number: str):
    """The client's commission by its number as it came in the path (404 if malformed)."""
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= s.MAX_ID:
        raise Http404
    return exchange.client_commission_get(actor=actor, pk=int(number))


class CommissionDetailView(CorrectionsView):
    """一件调查评估委托的办理情况与结果。"""

    purpose = API_COMMISSION_ASSESSMENT

    @extend_schema(
        operation_id="investigation_commission_get",
        summary="查询调查评估结果",
        description=(
            "本客户端提交的一件委托：办理状态、完成期限、完成日期、评估意见（适宜/不适宜）及理由、"
            "采信情况。不含调查材料；证件号码脱敏。"
        ),
        tags=TAGS,
        parameters=[COMMISSION_NUMBER],
        responses={200: s.CommissionOut, **error_responses(404)},
    )
    def get(self, request, number: str):
        investigation = _commission_of(self.actor, number)
        self.touch(investigation)
        return Response(s.CommissionOut(investigation).data)


class CommissionAdoptionView(CorrectionsView):
    """委托机关反馈是否采信评估意见。"""

    purpose = API_COMMISSION_ASSESSMENT

    @extend_schema(
        operation_id="investigation_commission_adoption",
        summary="反馈评估意见采信情况",
        description=(
            "委托机关反馈是否采信社区矫正机构的调查评估意见（用于统计采信率）。"
            "评估尚未完成的返回 409；再次反馈以最后一次为准。"
        ),
        tags=TAGS,
        parameters=[COMMISSION_NUMBER, IDEMPOTENCY_PARAMETER],
        request=s.AdoptionIn,
        responses={200: s.CommissionOut, **error_responses(400, 404, 409)},
    )
    def post(self, request, number: str):
        return self.idempotent(request, lambda: self._adoption(number, request.data))

    def _adoption(self, number: str, body) -> Response:
        data = validated(s.AdoptionIn, body)
        investigation = _commission_of(self.actor, number)
        with action_errors():
            investigation = investigation_record_adoption(
                actor=self.actor,
                investigation=investigation,
                adopted=data["adopted"],
                recorded_on=data.get("recorded_on") or timezone.localdate(),
            )
        self.touch(investigation)
        return Response(s.CommissionOut(investigation).data)


# --- 判决、裁定、决定（社区矫正交付） -----------------------------------------------------------


class JudgmentNoticeListView(CorrectionsView):
    """送达执行通知：社区矫正交付。"""

    purpose = API_NOTIFY_JUDGMENT

    @submission_schema(
        tags=TAGS,
        operation_id="judgment_notice_create",
        summary="送达判决、裁定、决定（社区矫正交付）",
        description=(
            "人民法院、公安机关、监狱管理机关等决定机关将判处管制、宣告缓刑、裁定假释、"
            "决定暂予监外执行的执行通知送达执行地司法所（须在本客户端范围内，否则 404），"
            "登记为待报到的社区矫正对象，报到期限为生效之日起10日。"
            "同一司法所、同一人员、同一文号再次提交时返回已登记的记录（200）；"
            "该文书已由司法所自行登记的，返回 409。"
        ),
        request=s.JudgmentNoticeIn,
        answer=s.JudgmentNoticeOut,
        created="已登记接收",
        again="此前已登记，返回原记录",
    )
    def post(self, request):
        return self.idempotent(request, lambda: self._notice(request.data))

    def _notice(self, body) -> Response:
        data = validated(s.JudgmentNoticeIn, body)
        office = exchange.office_by_code(actor=self.actor, code=data["office_code"])
        known = people_selectors.person_find_by_id_number(
            actor=self.actor, id_number=data["person"]["id_number"]
        )
        existing = exchange.subject_by_judgment(
            actor=self.actor,
            office=office,
            person=known,
            judgment_number=data["judgment_number"],
        )
        if existing is not None:
            return self._existing(existing)
        investigation = None
        if data.get("investigation"):
            investigation = exchange.investigation_for_link(
                actor=self.actor, pk=data["investigation"]
            )
            if investigation is None:
                raise exceptions.ValidationError(
                    {"investigation": [_("未找到该登记号的调查评估，或其不在本客户端的范围内。")]}
                )
        with transaction.atomic():
            person = self.person_for(office, data["person"])
            with action_errors(OFFICE_FIELDS):
                subject = subject_register(
                    actor=self.actor,
                    office=office,
                    person=person,
                    **picked(data, *JUDGMENT_FIELDS),
                    notified_on=data.get("notified_on") or timezone.localdate(),
                    documents_received_on=data.get("documents_received_on"),
                    investigation=investigation,
                )
        self.touch(person, subject, investigation)
        return registered(s.JudgmentNoticeOut(subject).data, created=True)

    def _existing(self, subject) -> Response:
        if subject.created_by_id != self.actor.pk:
            raise Conflict(
                _("执行地司法所已登记该人员的文书 %(number)s（非本客户端提交），无需重复送达。")
                % {"number": subject.judgment_number}
            )
        self.touch(subject)
        return registered(s.JudgmentNoticeOut(subject).data, created=False)


class JudgmentNoticeDetailView(CorrectionsView):
    """交付后的报到、接收情况。"""

    purpose = API_NOTIFY_JUDGMENT

    @extend_schema(
        operation_id="judgment_notice_get",
        summary="查询交付后的报到情况",
        description=(
            "本客户端送达的执行通知所登记的社区矫正对象：状态（待报到、已接收、在矫等）、"
            "报到期限和报到日期。不含矫正档案；证件号码脱敏。"
        ),
        tags=TAGS,
        parameters=[SUBJECT_NUMBER],
        responses={200: s.JudgmentNoticeOut, **error_responses(404)},
    )
    def get(self, request, number: str):
        if len(number) > MAX_SUBJECT_NUMBER or "\x00" in number:
            raise Http404
        subject = exchange.client_subject_get(actor=self.actor, number=number)
        self.touch(subject)
        return Response(s.JudgmentNoticeOut(subject).data)


# --- 定位签到 -----------------------------------------------------------------------------------


class CheckInView(CorrectionsView):
    """定位签到客户端提交签到（单条或批量）。"""

    purpose = API_SUBMIT_CHECKIN

    @extend_schema(
        operation_id="check_in_submit",
        summary="提交定位签到",
        description=(
            "提交一条签到（JSON 对象）或一批签到（JSON 数组，最多500条，全部成功或全部不保存）。"
            "每条的矫正对象须在本客户端范围内，否则返回 404 并指明第几条"
            "（errors 的键为从0起的序号）。"
            "矫正对象不在已接收或在矫状态的返回 409。"
            "应答：单条为 {id, outside, alert}，批量为同样对象的数组（顺序与提交一致）；"
            "outside 表示在执行地范围以外，alert 表示因此产生了离开执行地预警。"
        ),
        tags=TAGS,
        request=s.CHECK_IN_REQUEST,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: OpenApiResponse(s.CHECK_IN_RESPONSE, description="已保存"),
            **error_responses(400, 404, 409),
        },
    )
    def post(self, request):
        return self.idempotent(request, lambda: self._receive(request.data))

    def _receive(self, body) -> Response:
        if not isinstance(body, dict | list):
            raise exceptions.ValidationError(
                {"non_field_errors": [_("请求内容应为一条签到（JSON 对象）或签到数组。")]}
            )
        batch = isinstance(body, list)
        if batch:
            validated(s.CheckInIn, body, many=True, allow_empty=False, max_length=s.MAX_BATCH)
        else:
            validated(s.CheckInIn, body)
        try:
            items, batch = parse_check_ins(body)
        except CheckInRejected as error:
            key = "non_field_errors" if error.index is None else str(error.index)
            raise exceptions.ValidationError({key: [error.message]}) from None
        # The action finds the subjects among those the client's account sees (one query): a
        # number outside that reach is refused before anything is stored.
        try:
            results = check_ins_receive(items, subjects=exchange.checkin_subjects(actor=self.actor))
        except CheckInRejected as error:
            if error.status == status.HTTP_404_NOT_FOUND:
                return self._outside_scope(items, batch, error.numbers)
            raise Conflict(error.message) from None
        self.touch(*(CheckIn(pk=result.id) for result in results))
        answer = [r.as_dict() for r in results] if batch else results[0].as_dict()
        return Response(answer, status=status.HTTP_201_CREATED)

    def _outside_scope(self, items, batch: bool, unseen) -> Response:
        """The 404 naming the first item whose subject (one of `unseen`) is outside the
        client's scope (in "errors", keyed "<index>.subject" in a batch); nothing was stored."""
        index = next(i for i, item in enumerate(items) if item.subject in unseen)
        message = _("未找到矫正编号为 %(number)s 的矫正对象，或其不在本客户端的范围内。") % {
            "number": items[index].subject
        }
        if batch:
            message = _("第%(n)d条：%(message)s") % {"n": index + 1, "message": message}
        field = f"{index}.subject" if batch else "subject"
        return Response(
            {"error": message, "errors": {field: [message]}}, status=status.HTTP_404_NOT_FOUND
        )


__all__ = [
    "CheckInView",
    "CommissionAdoptionView",
    "CommissionDetailView",
    "CommissionListView",
    "JudgmentNoticeDetailView",
    "JudgmentNoticeListView",
]
