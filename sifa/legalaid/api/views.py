"""/api/v1/defence-notifications/: a handling organ notifies legal aid (通知辩护/代理), then
learns who was assigned.

POST registers the notice through `notification_register` (as the clerk's notification form
does: the person is found in the registry by ID number, or registered at the receiving centre).
A repeated notice — the same organ and notice number from the same client — answers the
notification already registered (200); an `Idempotency-Key` makes any retry safe.
GET reads the client's own notifications: status, decision and the assigned lawyer only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sifa.api import framework as api
from sifa.api.constants import AgencyKind
from sifa.core.masking import mask_id_number
from sifa.legalaid.actions.applications import notification_register
from sifa.legalaid.api.serializers import DefenceNotificationIn, DefenceNotificationOut
from sifa.legalaid.constants import API_NOTIFY_DEFENCE, NotifyingOrgan
from sifa.legalaid.selectors import exchange
from sifa.people import actions as people_actions
from sifa.people import selectors as people_selectors
from sifa.people.models import DocumentType

TAG = "法律援助"

# The kind of a notifying organ when the client does not say it: its own agency kind.
ORGAN_OF_AGENCY = {
    AgencyKind.POLICE: NotifyingOrgan.POLICE,
    AgencyKind.PROCURATORATE: NotifyingOrgan.PROCURATORATE,
    AgencyKind.COURT: NotifyingOrgan.COURT,
}

# The action's (and the person registry's) field names → this API's field names.
ERROR_FIELDS = {
    "office": "office_code",
    "applicant": "id_number",
    "received_on": "notified_on",
    "doc_type": "id_number",
}


def _renamed(error: ValidationError) -> ValidationError:
    """The action's errors under the API's field names."""
    if not hasattr(error, "error_dict"):
        return error
    renamed: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        renamed.setdefault(ERROR_FIELDS.get(field, field), []).extend(messages)
    return ValidationError(renamed)


class _NotificationView(api.ApiView):
    purpose = API_NOTIFY_DEFENCE

    def answer(self, applications, *, many=False):
        rows = list(applications) if many else [applications]
        self.touch(*rows)
        context = {"assignments": exchange.current_assignments(rows)}
        if many:
            return DefenceNotificationOut(rows, many=True, context=context).data
        return DefenceNotificationOut(rows[0], context=context).data


class DefenceNotificationListView(_NotificationView):
    """通知辩护/代理：登记通知；查询本客户端发出的通知。"""

    @api.submission_schema(
        operation_id="defence_notification_create",
        summary="通知法律援助（通知辩护/代理）",
        description=(
            "公安机关、人民检察院、人民法院通知法律援助机构指派律师（法律援助法 第25、35、36条）。"
            "通知在通知日期即决定给予法律援助，法律援助机构应在3日内指派律师。"
            "人员按身份证号码在人员信息库中查找，没有的在接收机构登记。"
            "同一通知机关的同一文号重复发送时返回已登记的通知（200），不重复登记。"
        ),
        tags=[TAG],
        request=DefenceNotificationIn,
        answer=DefenceNotificationOut,
        created=_("已登记通知"),
        again=_("该文号的通知已登记过，返回已登记的通知"),
    )
    def post(self, request):
        return self.idempotent(request, lambda: self._register(request))

    def _register(self, request) -> Response:
        data = api.validated(DefenceNotificationIn, request.data)
        office = exchange.receiving_office_or_404(actor=self.actor, code=data["office_code"])
        organ_name = (data.get("notifying_organ_name") or "").strip() or self.client.name
        existing = exchange.notification_by_notice(
            actor=self.actor, organ_name=organ_name, notice_number=data["notice_number"]
        )
        if existing is not None:
            return api.registered(self.answer(existing), created=False)
        try:
            with transaction.atomic():
                applicant = self._applicant(office, data)
                application = notification_register(
                    actor=self.actor,
                    office=office,
                    applicant=applicant,
                    matter=data["matter"],
                    notifying_organ=data.get("notifying_organ")
                    or ORGAN_OF_AGENCY.get(self.client.agency_kind, ""),
                    notifying_organ_name=organ_name,
                    **api.picked(
                        data,
                        "criminal_stage",
                        "notification_ground",
                        "notified_on",
                        "facts",
                        "notice_number",
                        "serious_charge",
                        "groups",
                    ),
                )
        except ValidationError as error:
            raise _renamed(error) from None
        self.touch(applicant)
        return api.registered(self.answer(application), created=True)

    def _applicant(self, office, data):
        """The person by ID number, or registered at the receiving office (as the web form)."""
        person = people_selectors.person_find_by_id_number(
            actor=self.actor, id_number=data["id_number"]
        )
        name = (data.get("name") or "").strip()
        if person is None:
            if not name:
                raise ValidationError(
                    {"name": [_("人员信息库中没有该身份证号码，请提供姓名以便登记。")]}
                )
            return people_actions.person_register(
                actor=self.actor,
                office=office,
                name=name,
                doc_type=DocumentType.RESIDENT_ID,
                id_number=data["id_number"],
                phone=data.get("phone") or "",
            )
        if name and name != person.name:
            raise ValidationError(
                {
                    "name": [
                        _("身份证号码 %(number)s 登记的姓名为“%(name)s”，与提供的姓名不符。")
                        % {"number": mask_id_number(person.id_number), "name": person.name}
                    ]
                }
            )
        return person

    @extend_schema(
        operation_id="defence_notification_list",
        summary="本客户端发出的通知辩护/代理",
        description="本客户端登记的通知，按通知日期从新到旧；每条只含状态、决定和指派的律师。",
        tags=[TAG],
        responses={200: DefenceNotificationOut(many=True), **api.error_responses(404)},
    )
    def get(self, request):
        page = self.paginate_queryset(exchange.notifications_of(actor=self.actor))
        return self.get_paginated_response(self.answer(page, many=True))


class DefenceNotificationDetailView(_NotificationView):
    """一条通知的办理情况。"""

    @extend_schema(
        operation_id="defence_notification_get",
        summary="查询通知的办理情况和指派的律师",
        description=(
            "按法律援助案件编号查询本客户端发出的一条通知：状态、审查决定，"
            "指派后还有承办律师的姓名、所在机构、联系电话和指派日期。不含案件的其他内容。"
        ),
        tags=[TAG],
        parameters=[
            OpenApiParameter(
                "number", str, OpenApiParameter.PATH, description=_("法律援助案件编号")
            )
        ],
        responses={200: DefenceNotificationOut, **api.error_responses(404)},
    )
    def get(self, request, number: str):
        application = exchange.notification_get(actor=self.actor, number=number)
        return Response(self.answer(application))
