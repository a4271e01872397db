"""Request and response bodies of the legal-aid exchange (通知辩护/代理).

The request is checked field by field (types, lengths, choices) with Chinese messages; the
rules of the case (who may receive it, the notification's grounds …) are the action's
(`sifa.legalaid.actions.applications.notification_register`). The answer is minimal: the
notification's status and decision, and once assigned who defends the person and how to reach
them — nothing else of the case.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sifa.core.idnumber import normalize_resident_id
from sifa.legalaid.constants import ApplicantGroup, CriminalStage, Matter, NotifyingOrgan, Status

# The matters an organ notifies (通知辩护/代理, 法律援助法 第25、28、29条).
NOTIFIED_MATTERS = (Matter.CRIMINAL_DEFENCE, Matter.CRIMINAL_VICTIM, Matter.COMPULSORY_MEDICAL)
EARLIEST_NOTICE = datetime.date(2000, 1, 1)


class DefenceNotificationIn(serializers.Serializer):
    """通知辩护/代理: the organ's notice and the person to be defended or represented."""

    office_code = serializers.CharField(
        max_length=20,
        help_text=_("接收通知的法律援助中心（或工作站）的机构编码，须在本客户端范围内。"),
    )
    notice_number = serializers.CharField(
        max_length=60,
        help_text=_(
            "通知书文号，如“甲公（刑）通援字〔2026〕12号”。同一通知机关的同一文号只登记一次，"
            "重复发送时返回已登记的通知（200）。"
        ),
    )
    notified_on = serializers.DateField(help_text=_("通知日期（YYYY-MM-DD），不能晚于今天。"))
    notifying_organ = serializers.ChoiceField(
        choices=NotifyingOrgan.choices,
        required=False,
        help_text=_("通知机关类别；不填时按本客户端的机关类型（公安机关、人民检察院、人民法院）。"),
    )
    notifying_organ_name = serializers.CharField(
        max_length=100,
        required=False,
        help_text=_("通知机关名称；不填时为本客户端名称。"),
    )
    criminal_stage = serializers.ChoiceField(
        choices=CriminalStage.choices, help_text=_("诉讼阶段：侦查、审查起诉、审判、死刑复核。")
    )
    notification_ground = serializers.CharField(
        max_length=100,
        help_text=_("通知理由（法律援助法 第25条所列情形），如：未成年人、可能被判处无期徒刑。"),
    )
    matter = serializers.ChoiceField(
        choices=[(m.value, m.label) for m in Matter if m.value in NOTIFIED_MATTERS],
        default=Matter.CRIMINAL_DEFENCE,
        help_text=_("援助事项，默认为犯罪嫌疑人、被告人辩护。"),
    )
    facts = serializers.CharField(max_length=5000, help_text=_("涉嫌罪名及简要案情。"))
    serious_charge = serializers.BooleanField(
        default=False, help_text=_("是否可能判处无期徒刑、死刑。")
    )
    groups = serializers.ListField(
        child=serializers.ChoiceField(choices=ApplicantGroup.choices),
        default=list,
        max_length=len(ApplicantGroup.values),
        help_text=_("受援人所属群体（可多选），如未成年人、残疾人。"),
    )
    name = serializers.CharField(
        max_length=50,
        required=False,
        help_text=_("犯罪嫌疑人、被告人（或当事人）姓名；人员信息库中没有该身份证号码时必填。"),
    )
    id_number = serializers.CharField(
        max_length=40,
        help_text=_("犯罪嫌疑人、被告人（或当事人）的居民身份证号码，用于查找或登记人员。"),
    )
    phone = serializers.CharField(
        max_length=30, required=False, default="", help_text=_("联系电话（可不填）。")
    )

    def validate_office_code(self, value: str) -> str:
        return value.strip()

    def validate_notice_number(self, value: str) -> str:
        value = value.strip()
        if "\n" in value or "\r" in value:
            raise serializers.ValidationError(_("通知书文号不能换行。"))
        return value

    def validate_notified_on(self, value: datetime.date) -> datetime.date:
        # Not after today is the action's rule; a date decades back is a typing error.
        if value < EARLIEST_NOTICE:
            raise serializers.ValidationError(
                _("通知日期不能早于 %(date)s。") % {"date": EARLIEST_NOTICE.isoformat()}
            )
        return value

    def validate_id_number(self, value: str) -> str:
        try:
            return normalize_resident_id(value.strip())
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class AssignedLawyerOut(serializers.Serializer):
    """Who was assigned (指派) and how to reach them."""

    handler_name = serializers.CharField(source="handler.person.name", help_text=_("承办律师姓名"))
    provider_name = serializers.CharField(
        source="provider.name", help_text=_("承办机构（律师事务所、法律服务所等）")
    )
    handler_phone = serializers.CharField(
        source="handler.person.phone", help_text=_("承办律师联系电话（未登记时为空）")
    )
    provider_phone = serializers.CharField(
        source="provider.phone", help_text=_("承办机构联系电话（未登记时为空）")
    )
    assigned_on = serializers.DateField(help_text=_("指派日期"))


class DefenceNotificationOut(serializers.Serializer):
    """A notification as its organ may read it: status, decision and the assigned lawyer."""

    number = serializers.CharField(help_text=_("法律援助案件编号（查询时使用）"))
    notice_number = serializers.CharField(help_text=_("通知书文号"))
    office_code = serializers.CharField(source="office.code", help_text=_("法律援助机构编码"))
    office_name = serializers.CharField(source="office.name", help_text=_("法律援助机构名称"))
    notified_on = serializers.DateField(source="received_on", help_text=_("通知日期"))
    status = serializers.CharField(
        help_text=_("案件状态代码，如 granted 决定给予、assigned 已指派、in_progress 承办中")
    )
    status_label = serializers.CharField(source="get_status_display", help_text=_("状态名称"))
    decision = serializers.SerializerMethodField(
        help_text=_("审查决定：granted 决定给予，refused 决定不予，尚未决定时为 null")
    )
    decided_on = serializers.DateField(allow_null=True, help_text=_("决定日期"))
    assignment_due_on = serializers.DateField(
        allow_null=True, help_text=_("指派期限（法律援助法 第36条：收到通知之日起3日内）")
    )
    assignment = serializers.SerializerMethodField(help_text=_("指派的承办律师；尚未指派时为 null"))

    @extend_schema_field(OpenApiTypes.STR)
    @extend_schema_field({"type": "string", "enum": ["granted", "refused"], "nullable": True})
    def get_decision(self, application) -> str | None:
        if application.status == Status.REFUSED:
            return "refused"
        return "granted" if application.accepted_on else None

    @extend_schema_field(AssignedLawyerOut(allow_null=True))
    def get_assignment(self, application) -> dict | None:
        assignment = self.context.get("assignments", {}).get(application.pk)
        return AssignedLawyerOut(assignment).data if assignment is not None else None
