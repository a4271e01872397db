"""Serializers of the corrections exchanges (社区矫正): what an agency sends and gets back.

Requests are checked field by field here (types, lengths, choices; Chinese messages); the
actions of sifa/corrections validate the business rules again and decide. Answers carry only
what the exchange needs (field minimisation): a court reading its commission gets the number,
status, dates, result and opinion — never the subject's file; ID numbers only masked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from sifa.core.idnumber import normalize_document_number
from sifa.core.masking import mask_id_number
from sifa.corrections.actions.supervision import MAX_ACCURACY_M, MAX_BATCH
from sifa.corrections.constants import (
    CommissioningBody,
    DecisionOrgan,
    InvestigationStage,
    SentenceType,
)
from sifa.corrections.selectors import investigations as investigation_selectors
from sifa.corrections.selectors.exchange import COMMISSION_FILTERS
from sifa.people.models import DocumentType, Gender

MAX_ID = 2**63 - 1  # the largest primary key (BigAutoField)
MAX_SENTENCE_MONTHS = 999


def _text(label, max_length, *, required=True, help_text=""):
    """A trimmed text field; optional ones may be blank."""
    return serializers.CharField(
        label=label,
        max_length=max_length,
        required=required,
        allow_blank=not required,
        default="" if not required else serializers.empty,
        help_text=help_text or label,
    )


# --- the person -------------------------------------------------------------------------------


class PersonIn(serializers.Serializer):
    """人员：按证件号码在人员信息库中查找本人；尚未登记的，按所填信息登记。"""

    doc_type = serializers.ChoiceField(
        label=_("证件类型"),
        choices=DocumentType.choices,
        default=DocumentType.RESIDENT_ID,
        help_text=_("证件类型，默认 resident_id（居民身份证）。"),
    )
    id_number = serializers.CharField(
        label=_("证件号码"),
        max_length=40,
        help_text=_("证件号码（居民身份证为18位，末位可为X）。人员信息库据此查找本人。"),
    )
    name = _text(
        _("姓名"),
        50,
        required=False,
        help_text=_("姓名。人员信息库中尚无该证件号码的必填；已有的，填写时须与登记的一致。"),
    )
    gender = serializers.ChoiceField(
        label=_("性别"),
        choices=Gender.choices,
        required=False,
        help_text=_("性别：M 男、F 女、U 未知。居民身份证号码可推出性别的，须与之一致。"),
    )
    birth_date = serializers.DateField(
        label=_("出生日期"),
        required=False,
        allow_null=True,
        help_text=_("出生日期（YYYY-MM-DD）；居民身份证号码可推出的，可不填。"),
    )
    phone = _text(_("联系电话"), 30, required=False, help_text=_("联系电话（可不填）。"))

    def validate(self, data):
        """The document number in its canonical form (resident IDs fully checked)."""
        raw = data["id_number"]
        try:
            data["id_number"] = normalize_document_number(data["doc_type"], raw)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"id_number": error.messages}) from None
        return data


def masked_id_of(person) -> str:
    return mask_id_number(getattr(person, "id_number", "") or "")


# --- 调查评估委托 -----------------------------------------------------------------------------


class CommissionIn(serializers.Serializer):
    """调查评估委托（委托机关提交的内容）。"""

    office_code = serializers.CharField(
        label=_("承办机构代码"),
        max_length=32,
        help_text=_("接受委托的司法局、社区矫正机构或司法所的机构编码（须在本客户端范围内）。"),
    )
    commission_number = serializers.CharField(
        label=_("委托编号"),
        max_length=60,
        help_text=_("委托函编号。同一承办机构、同一编号重复提交时，返回已登记的委托。"),
    )
    commissioning_body = serializers.ChoiceField(
        label=_("委托机关类别"),
        choices=CommissioningBody.choices,
        help_text=_("委托机关类别：court 人民法院、procuratorate 人民检察院、police 公安机关、"
                    "prison 监狱。"),
    )  # fmt: skip
    commissioning_name = serializers.CharField(
        label=_("委托机关"), max_length=100, help_text=_("委托机关名称，如“甲县人民法院”。")
    )
    stage = serializers.ChoiceField(
        label=_("委托阶段"),
        choices=InvestigationStage.choices,
        help_text=_("委托阶段：pre_trial 审判阶段、pre_prosecution 审查起诉阶段、investigation "
                    "侦查阶段、pre_parole 假释前、pre_outside 暂予监外执行前。"),
    )  # fmt: skip
    person = PersonIn(label=_("被调查评估对象"), help_text=_("被调查评估对象本人。"))
    crime = serializers.CharField(
        label=_("涉嫌罪名"), max_length=100, help_text=_("涉嫌罪名，如“盗窃罪”。")
    )
    received_on = serializers.DateField(
        label=_("收到委托日期"),
        required=False,
        help_text=_("承办机构收到委托的日期（YYYY-MM-DD，不晚于今天），默认今天。"),
    )
    summary_procedure = serializers.BooleanField(
        label=_("速裁程序"),
        default=False,
        help_text=_("是否适用速裁程序（5个工作日内完成，否则10个工作日）。"),
    )
    proposed_sentence = _text(
        _("拟适用刑罚"),
        100,
        required=False,
        help_text=_("拟适用的刑罚，如“有期徒刑一年，缓刑二年”。"),
    )


class CommissionOut(serializers.Serializer):
    """调查评估的办理情况与结果（只含委托机关需要的内容，不含调查材料）。"""

    number = serializers.IntegerField(
        source="pk", help_text=_("司法行政系统登记号（查询和登记采信情况时使用）。")
    )
    commission_number = serializers.CharField(help_text=_("委托编号。"))
    office_code = serializers.CharField(source="office.code", help_text=_("承办机构代码。"))
    office_name = serializers.CharField(source="office.name", help_text=_("承办机构名称。"))
    commissioning_name = serializers.CharField(help_text=_("委托机关。"))
    person_name = serializers.CharField(source="person.name", help_text=_("被调查评估对象姓名。"))
    id_number_masked = serializers.SerializerMethodField(help_text=_("证件号码（脱敏）。"))
    received_on = serializers.DateField(help_text=_("收到委托日期。"))
    due_on = serializers.DateField(help_text=_("完成期限（按工作日计算）。"))
    status = serializers.SerializerMethodField(
        help_text=_("办理状态：open 办理中、completed 已出具评估意见。")
    )
    status_label = serializers.SerializerMethodField(help_text=_("办理状态（中文）。"))
    deadline_state = serializers.SerializerMethodField(
        help_text=_("期限情况：ok 未到期、near 即将到期、overdue 已超期、met 按期完成、"
                    "late 逾期完成。")
    )  # fmt: skip
    deadline_state_label = serializers.SerializerMethodField(help_text=_("期限情况（中文）。"))
    completed_on = serializers.DateField(
        allow_null=True, help_text=_("完成日期（尚未完成为 null）。")
    )
    result = serializers.CharField(
        help_text=_("评估意见：suitable 适宜社区矫正、unsuitable 不适宜；尚未完成为空。")
    )
    result_label = serializers.SerializerMethodField(help_text=_("评估意见（中文）。"))
    opinion_summary = serializers.SerializerMethodField(
        help_text=_("评估意见的理由；尚未完成为空。")
    )
    adopted = serializers.BooleanField(
        allow_null=True, help_text=_("委托机关是否采信评估意见（尚未登记为 null）。")
    )
    adoption_recorded_on = serializers.DateField(allow_null=True, help_text=_("采信情况登记日期。"))

    def get_id_number_masked(self, obj) -> str:
        return masked_id_of(obj.person)

    def get_status(self, obj) -> str:
        return "completed" if obj.completed_on else "open"

    def get_status_label(self, obj) -> str:
        return str(_("已出具评估意见") if obj.completed_on else _("办理中"))

    def get_deadline_state(self, obj) -> str:
        return investigation_selectors.deadline_of(obj)

    def get_deadline_state_label(self, obj) -> str:
        return investigation_selectors.state_label(investigation_selectors.deadline_of(obj))

    def get_result_label(self, obj) -> str:
        return str(obj.get_result_display()) if obj.result else ""

    def get_opinion_summary(self, obj) -> str:
        return obj.reasons if obj.completed_on else ""


class CommissionFilter(serializers.Serializer):
    """调查评估委托列表的筛选条件。"""

    status = serializers.ChoiceField(
        label=_("办理状态"),
        choices=list(COMMISSION_FILTERS),
        required=False,
        help_text=_("open 办理中、overdue 已超期未完成、completed 已完成、"
                    "awaiting_adoption 已完成待登记采信。"),
    )  # fmt: skip


class AdoptionIn(serializers.Serializer):
    """委托机关采信评估意见的情况。"""

    adopted = serializers.BooleanField(
        label=_("是否采信"), help_text=_("委托机关是否采信社区矫正机构的评估意见。")
    )
    recorded_on = serializers.DateField(
        label=_("登记日期"),
        required=False,
        help_text=_("采信情况的日期（YYYY-MM-DD，不早于评估完成日期、不晚于今天），默认今天。"),
    )


# --- 判决、裁定、决定（社区矫正交付） -----------------------------------------------------------


class JudgmentNoticeIn(serializers.Serializer):
    """执行通知：交付社区矫正的判决、裁定或决定。"""

    office_code = serializers.CharField(
        label=_("执行地司法所代码"),
        max_length=32,
        help_text=_("执行地司法所的机构编码（须在本客户端范围内）。"),
    )
    person = PersonIn(label=_("矫正对象本人"), help_text=_("社区矫正对象本人。"))
    sentence_type = serializers.ChoiceField(
        label=_("矫正类别"),
        choices=SentenceType.choices,
        help_text=_("矫正类别：control 管制、probation 缓刑、parole 假释、"
                    "outside_prison 暂予监外执行。"),
    )  # fmt: skip
    crime = serializers.CharField(label=_("罪名"), max_length=100, help_text=_("罪名。"))
    crime_category = _text(
        _("犯罪类型"), 32, required=False, help_text=_("犯罪类型代码（代码表 crime_category）。")
    )
    original_sentence = serializers.CharField(
        label=_("原判刑罚"), max_length=100, help_text=_("原判刑罚，如“有期徒刑一年，缓刑一年”。")
    )
    sentence_months = serializers.IntegerField(
        label=_("考验期/刑期（月）"),
        min_value=1,
        max_value=MAX_SENTENCE_MONTHS,
        help_text=_("缓刑为考验期；管制为刑期；假释、暂予监外执行为剩余刑期（月）。"),
    )
    accessory_penalty = _text(_("附加刑"), 100, required=False, help_text=_("附加刑（可不填）。"))
    prohibition_order = _text(_("禁止令"), 2000, required=False, help_text=_("禁止令（可不填）。"))
    decision_organ = serializers.ChoiceField(
        label=_("决定机关类别"),
        choices=DecisionOrgan.choices,
        help_text=_("决定机关类别：court 人民法院、prison_admin 监狱管理机关、police 公安机关。"),
    )
    decision_organ_name = serializers.CharField(
        label=_("决定机关"), max_length=100, help_text=_("决定机关名称。")
    )
    judgment_number = serializers.CharField(
        label=_("判决书/裁定书/决定书文号"),
        max_length=100,
        help_text=_("文书文号。同一司法所、同一人员、同一文号重复提交时，返回已登记的记录。"),
    )
    judgment_effective_on = serializers.DateField(
        label=_("判决/裁定/决定生效日期"), help_text=_("生效日期（YYYY-MM-DD）。")
    )
    offence_on = serializers.DateField(
        label=_("犯罪日期"),
        default=None,
        allow_null=True,
        help_text=_("犯罪日期（可不填）。是否未成年人由系统按出生日期计算，不能提交。"),
    )
    notified_on = serializers.DateField(
        label=_("收到执行通知日期"),
        required=False,
        help_text=_("司法所收到执行通知的日期，默认今天；不早于生效日期。"),
    )
    documents_received_on = serializers.DateField(
        label=_("收到法律文书日期"),
        required=False,
        allow_null=True,
        help_text=_("随通知送达法律文书的，填写收到日期（可不填）。"),
    )
    investigation = serializers.IntegerField(
        label=_("调查评估登记号"),
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("此前委托的调查评估的登记号（可不填）。"),
    )


class JudgmentNoticeOut(serializers.Serializer):
    """交付后的接收情况（只含决定机关需要的内容）。"""

    number = serializers.CharField(help_text=_("矫正编号。"))
    office_code = serializers.CharField(source="office.code", help_text=_("执行地司法所代码。"))
    office_name = serializers.CharField(source="office.name", help_text=_("执行地司法所名称。"))
    person_name = serializers.CharField(source="person.name", help_text=_("矫正对象姓名。"))
    id_number_masked = serializers.SerializerMethodField(help_text=_("证件号码（脱敏）。"))
    judgment_number = serializers.CharField(help_text=_("判决书/裁定书/决定书文号。"))
    sentence_type = serializers.CharField(help_text=_("矫正类别。"))
    status = serializers.CharField(
        help_text=_("状态：awaiting_report 待报到、not_reported 未报到查找中、received 已接收、"
                    "under_correction 在矫、transferred_out 已迁出、released 已解除矫正、"
                    "terminated 已终止矫正。")
    )  # fmt: skip
    status_label = serializers.SerializerMethodField(help_text=_("状态（中文）。"))
    report_due_on = serializers.DateField(help_text=_("报到期限。"))
    reported_on = serializers.DateField(allow_null=True, help_text=_("报到日期（未报到为 null）。"))
    report_type = serializers.CharField(
        help_text=_("报到情况：on_time 按时报到、late 超期报到；未报到为空。")
    )
    report_type_label = serializers.SerializerMethodField(help_text=_("报到情况（中文）。"))

    def get_id_number_masked(self, obj) -> str:
        return masked_id_of(obj.person)

    def get_status_label(self, obj) -> str:
        return str(obj.get_status_display())

    def get_report_type_label(self, obj) -> str:
        return str(obj.get_report_type_display()) if obj.report_type else ""


# --- 定位签到 -----------------------------------------------------------------------------------


class CheckInIn(serializers.Serializer):
    """一条定位签到。"""

    subject = serializers.CharField(
        label=_("矫正编号"), max_length=40, help_text=_("矫正对象的矫正编号。")
    )
    at = serializers.DateTimeField(
        label=_("签到时间"),
        help_text=_("签到时间，ISO 8601 且带时区，如 2026-03-01T08:30:00+08:00；"
                    "不得晚于当前时间5分钟以上。"),
    )  # fmt: skip
    latitude = serializers.FloatField(
        label=_("纬度"), min_value=-90, max_value=90, help_text=_("纬度（−90 至 90）。")
    )
    longitude = serializers.FloatField(
        label=_("经度"), min_value=-180, max_value=180, help_text=_("经度（−180 至 180）。")
    )
    accuracy_m = serializers.FloatField(
        label=_("定位精度（米）"),
        min_value=0,
        max_value=MAX_ACCURACY_M,
        help_text=_("定位精度（米，≥0）。"),
    )


class CheckInOut(serializers.Serializer):
    """一条签到的处理结果。"""

    id = serializers.IntegerField(help_text=_("签到记录号。"))
    outside = serializers.BooleanField(help_text=_("是否在执行地范围以外。"))
    alert = serializers.BooleanField(help_text=_("是否因此产生离开执行地预警。"))


CHECK_IN_REQUEST = PolymorphicProxySerializer(
    component_name="CheckInSubmission",
    serializers=[CheckInIn, CheckInIn(many=True, max_length=MAX_BATCH)],
    resource_type_field_name=None,
    many=False,
)
CHECK_IN_RESPONSE = PolymorphicProxySerializer(
    component_name="CheckInReceipt",
    serializers=[CheckInOut, CheckInOut(many=True)],
    resource_type_field_name=None,
    many=False,
)
