"""Forms of the application pages: list filter, registration (application and notification),
and one small form per action. They tidy input and give early Chinese messages; the actions
in `sifa.legalaid.actions` validate again and decide.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import (
    BLANK,
    DateInput,
    DateTimeInput,
    OfficeChoiceField,
    PeriodFilterForm,
    StyledForm,
    filter_choice,
    today,
)
from sifa.legalaid.actions.applications import APPLICATION_ORIGINS, HARDSHIP_CHECK_CHOICES
from sifa.legalaid.constants import (
    ApplicantGroup,
    Area,
    Channel,
    CriminalStage,
    DefenceGround,
    EventKind,
    ExemptionProof,
    Matter,
    MatterType,
    NotifyingOrgan,
    ObjectionResult,
    Origin,
    Outcome,
    Status,
    TerminationGround,
)
from sifa.people.forms import IdentityFields

# 申请材料 checklist (SF/T 0024-2017 §8): (name, required).
MATERIAL_CHECKLIST = (
    ("法律援助申请表", True),
    ("申请人身份证明", True),
    ("经济困难状况说明表或个人诚信承诺书", True),
    ("与所申请法律援助事项有关的材料", True),
)
AGENT_MATERIAL = "代为申请人身份证明及代理权限证明"
CRIMINAL_MATTERS = (
    Matter.CRIMINAL_DEFENCE,
    Matter.CRIMINAL_VICTIM,
    Matter.COMPULSORY_MEDICAL,
)


class ApplicationFilterForm(PeriodFilterForm):
    """所属机构, 收到申请日期 range, status, matter type, origin, text."""

    dated_by = _("收到申请日期")

    status = filter_choice(_("状态"), _("全部状态"), Status.choices)
    matter_type = filter_choice(_("案件类别"), _("全部类别"), MatterType.choices)
    origin = filter_choice(_("案件来源"), _("全部来源"), Origin.choices)
    q = forms.CharField(label=_("编号、当事人或案情"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("status", "matter_type", "origin"),
            **self.period("received"),
            "q": self.value("q").strip(),
        }


# ---------------------------------------------------------------------------------------------
# Registration


class ApplicantFields(IdentityFields):
    """The applicant, found in the registry by 身份证号码 or registered on the spot by the
    action (`identity()`; forms never write).

    When the form carries a known person (`person`, e.g. the caller of a consultation), the
    number may stay empty and that person is the applicant.
    """

    id_number_label = _("申请人身份证号码")
    name_label = _("申请人姓名")

    def clean(self):
        data = super().clean()
        self.clean_identity(data, required=_("请填写申请人的身份证号码。"))
        return data


class ApplicationRegisterForm(ApplicantFields):
    """收到申请: the application, its applicant, the hardship facts and the materials."""

    office = OfficeChoiceField(label=_("受理机构"), queryset=None)
    received_on = forms.DateField(label=_("收到申请日期"), widget=DateInput, initial=today)
    origin = forms.ChoiceField(
        label=_("案件来源"), choices=[c for c in Origin.choices if c[0] in APPLICATION_ORIGINS]
    )
    channel = forms.ChoiceField(label=_("申请渠道"), choices=Channel.choices)
    consultation = forms.IntegerField(required=False, widget=forms.HiddenInput)
    agent_name = forms.CharField(label=_("代为申请人"), required=False, max_length=50)
    agent_relation = forms.CharField(label=_("与申请人关系"), required=False, max_length=30)
    matter_type = forms.ChoiceField(label=_("案件类别"), choices=[BLANK, *MatterType.choices])
    matter = forms.ChoiceField(label=_("援助事项"), choices=[BLANK, *Matter.choices])
    facts = forms.CharField(label=_("案情及申请理由"), widget=forms.Textarea)
    adverse_party = forms.CharField(label=_("对方当事人"), required=False, max_length=100)
    amount_claimed = forms.DecimalField(
        label=_("请求金额（元）"),
        max_digits=14,
        decimal_places=2,
        initial=0,
        validators=[MinValueValidator(0, _("请求金额不能为负数。"))],
    )
    groups = forms.MultipleChoiceField(
        label=_("受援人群体"),
        required=False,
        choices=ApplicantGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    area = forms.ChoiceField(label=_("城乡"), required=False, choices=[BLANK, *Area.choices])
    household_size = forms.IntegerField(
        label=_("家庭人口"),
        required=False,
        validators=[MinValueValidator(1, _("家庭人口至少为1人。"))],
    )
    household_monthly_income = forms.DecimalField(
        label=_("家庭月收入（元）"),
        required=False,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0, _("家庭月收入不能为负数。"))],
    )
    exemption_proof = forms.ChoiceField(
        label=_("免予核查情形"),
        required=False,
        choices=[("", _("无")), *ExemptionProof.choices],
        help_text=_("法律援助法 第42条：提供相关证件或证明材料的，免予核查经济困难状况。"),
    )
    hardship_check = forms.ChoiceField(
        label=_("经济状况审查方式"),
        required=False,
        choices=[("", _("未定")), *[(c.value, c.label) for c in HARDSHIP_CHECK_CHOICES]],
    )
    serious_charge = forms.BooleanField(label=_("可能判处无期徒刑、死刑"), required=False)
    defence_ground = forms.ChoiceField(
        label=_("第二十五条情形"),
        required=False,
        choices=[("", _("无")), *DefenceGround.choices],
        help_text=_(
            "法律援助法 第25条第一款：犯罪嫌疑人、被告人属于所列人员的，不受经济困难条件限制，"
            "不审查经济困难状况（未成年人、可能判处无期徒刑或死刑的，按受援人群体和上一项自动识别）。"
        ),
    )
    detained = forms.BooleanField(label=_("申请人被羁押"), required=False)
    custody_received_at = forms.DateTimeField(
        label=_("羁押场所收到申请时间"), required=False, widget=DateTimeInput
    )
    forwarded_at = forms.DateTimeField(label=_("转交时间"), required=False, widget=DateTimeInput)
    materials_provided = forms.MultipleChoiceField(
        label=_("已提交的申请材料"),
        required=False,
        choices=[(name, name) for name, _required in MATERIAL_CHECKLIST]
        + [(AGENT_MATERIAL, AGENT_MATERIAL)],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("未勾选的必需材料将在补充材料通知中一次性告知。"),
    )
    other_materials = forms.CharField(
        label=_("其他已提交材料"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一项。"),
    )

    field_order = [
        "office", "received_on", "origin", "channel", "consultation",
        "id_number", "name", "phone", "agent_name", "agent_relation",
        "matter_type", "matter", "adverse_party", "amount_claimed", "facts", "groups",
        "area", "household_size", "household_monthly_income", "exemption_proof",
        "hardship_check", "serious_charge", "defence_ground", "detained",
        "custody_received_at", "forwarded_at", "materials_provided", "other_materials",
    ]  # fmt: skip

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]
        for name in ("groups", "materials_provided"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def materials(self) -> list[tuple[str, bool, bool]]:
        data = self.cleaned_data
        provided = set(data["materials_provided"])
        rows = [(name, required, name in provided) for name, required in MATERIAL_CHECKLIST]
        if data["agent_name"].strip() or AGENT_MATERIAL in provided:
            rows.append(
                (AGENT_MATERIAL, bool(data["agent_name"].strip()), AGENT_MATERIAL in provided)
            )
        for line in data["other_materials"].splitlines():
            if line.strip():
                rows.append((line.strip(), False, True))
        return rows

    def values(self) -> dict:
        """Keywords of `application_register` besides actor, office, identity, consultation."""
        data = self.cleaned_data
        keys = (
            "received_on", "origin", "channel", "agent_name", "agent_relation", "matter_type",
            "matter", "facts", "adverse_party", "amount_claimed", "groups", "area",
            "household_size", "household_monthly_income", "exemption_proof", "hardship_check",
            "serious_charge", "defence_ground", "detained", "custody_received_at",
            "forwarded_at",
        )  # fmt: skip
        values = {key: data[key] for key in keys}
        values["materials"] = self.materials()
        return values


class NotificationRegisterForm(ApplicantFields):
    """通知辩护/代理: the notifying organ's letter and the person to be defended."""

    office = OfficeChoiceField(label=_("受理机构"), queryset=None)
    notified_on = forms.DateField(label=_("收到通知日期"), widget=DateInput, initial=today)
    notifying_organ = forms.ChoiceField(
        label=_("通知机关类别"), choices=[BLANK, *NotifyingOrgan.choices]
    )
    notifying_organ_name = forms.CharField(label=_("通知机关"), max_length=100)
    criminal_stage = forms.ChoiceField(label=_("诉讼阶段"), choices=[BLANK, *CriminalStage.choices])
    notification_ground = forms.CharField(
        label=_("通知理由"),
        max_length=100,
        help_text=_("法律援助法 第25条所列情形，如：未成年人、可能被判处无期徒刑或死刑。"),
    )
    matter = forms.ChoiceField(
        label=_("援助事项"),
        choices=[(c.value, c.label) for c in Matter if c.value in CRIMINAL_MATTERS],
    )
    facts = forms.CharField(label=_("涉嫌罪名及案情"), widget=forms.Textarea)
    serious_charge = forms.BooleanField(label=_("可能判处无期徒刑、死刑"), required=False)
    groups = forms.MultipleChoiceField(
        label=_("受援人群体"),
        required=False,
        choices=ApplicantGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = [
        "office", "notified_on", "notifying_organ", "notifying_organ_name", "criminal_stage",
        "notification_ground", "id_number", "name", "phone", "matter", "facts",
        "serious_charge", "groups",
    ]  # fmt: skip

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]
        self.fields["groups"].widget.attrs["class"] = "form-check-input"

    def values(self) -> dict:
        data = self.cleaned_data
        keys = (
            "notified_on", "notifying_organ", "notifying_organ_name", "criminal_stage",
            "notification_ground", "matter", "facts", "serious_charge", "groups",
        )  # fmt: skip
        return {key: data[key] for key in keys}


# ---------------------------------------------------------------------------------------------
# Action forms: `values()` returns the keyword arguments of the action (besides actor and
# application).


class _ActionForm(StyledForm):
    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return dict(self.cleaned_data)


GRANT_CHOICES = [("grant", _("决定给予法律援助")), ("refuse", _("决定不予法律援助"))]


class DecideForm(_ActionForm):
    decision = forms.ChoiceField(
        label=_("审查决定"), choices=GRANT_CHOICES, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput, initial=today)
    refusal_reasons = forms.CharField(
        label=_("不予援助理由"),
        required=False,
        widget=forms.Textarea,
        help_text=_("决定不予法律援助的，应当书面告知申请人并说明理由（第43条）。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"

    def values(self):
        data = self.cleaned_data
        return {
            "grant": data["decision"] == "grant",
            "decided_on": data["decided_on"],
            "refusal_reasons": data["refusal_reasons"],
        }


class SupplementForm(_ActionForm):
    requested_on = forms.DateField(label=_("通知日期"), widget=DateInput, initial=today)
    due_on = forms.DateField(label=_("补充期限"), widget=DateInput)
    other_items = forms.CharField(
        label=_("其他需补充的材料"),
        required=False,
        widget=forms.Textarea,
        help_text=_("清单中未提交的必需材料会自动列入；此处每行写一项其他材料。"),
    )


class FoundationForm(_ActionForm):
    funded = forms.BooleanField(label=_("基金会资助案件"), required=False)
    note = forms.CharField(label=_("说明"), required=False, help_text=_("如资助项目名称、批次。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funded"].initial = self.application.foundation_funded
        self.fields["funded"].widget.attrs["class"] = "form-check-input"


class SuppliedForm(_ActionForm):
    supplied_on = forms.DateField(label=_("补齐材料日期"), widget=DateInput, initial=today)


class WithdrawForm(_ActionForm):
    on = forms.DateField(label=_("视为撤回日期"), widget=DateInput, initial=today)


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.get_kind_display()}，{obj.provider.name}）"


class _HandlerForm(_ActionForm):
    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers

    def values(self):
        data = dict(self.cleaned_data)
        data["provider"] = data["handler"].provider
        return data


class AssignForm(_HandlerForm):
    handler = HandlerChoiceField(label=_("承办人员"), queryset=None)
    assigned_on = forms.DateField(label=_("指派日期"), widget=DateInput, initial=today)
    conflict_note = forms.CharField(
        label=_("利益冲突审查意见"),
        required=False,
        widget=forms.Textarea,
        help_text=_("系统查询结果会与审查意见一并保存。"),
    )


class PreAidForm(_HandlerForm):
    on = forms.DateField(label=_("先行提供日期"), widget=DateInput, initial=today)
    reason = forms.CharField(
        label=_("先行提供理由"),
        max_length=200,
        help_text=_("如：距法定时效或期限届满不足七日；需要立即申请财产保全、证据保全等。"),
    )
    handler = HandlerChoiceField(label=_("承办人员"), queryset=None)
    conflict_note = forms.CharField(
        label=_("利益冲突审查意见"), required=False, widget=forms.Textarea
    )


class ObjectionFileForm(_ActionForm):
    filed_on = forms.DateField(label=_("提出异议日期"), widget=DateInput, initial=today)
    reasons = forms.CharField(label=_("异议理由"), widget=forms.Textarea)


class ObjectionDecideForm(_ActionForm):
    result = forms.ChoiceField(label=_("审查结果"), choices=ObjectionResult.choices)
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput, initial=today)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea)


class AgreementForm(_ActionForm):
    signed_on = forms.DateField(label=_("委托协议签订日期"), widget=DateInput, initial=today)


class HandlingEventForm(_ActionForm):
    kind = forms.ChoiceField(label=_("事项"), choices=EventKind.choices)
    happened_on = forms.DateField(label=_("日期"), widget=DateInput, initial=today)
    notes = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea)


class EndForm(_ActionForm):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=[BLANK, *Outcome.choices])
    ended_on = forms.DateField(label=_("办结日期"), widget=DateInput, initial=today)
    money_recovered = forms.DecimalField(
        label=_("挽回经济损失（元）"), max_digits=14, decimal_places=2, initial=0
    )


class TerminateForm(_ActionForm):
    ground = forms.ChoiceField(
        label=_("终止理由（第48条）"), choices=[BLANK, *TerminationGround.choices]
    )
    terminated_on = forms.DateField(label=_("终止日期"), widget=DateInput, initial=today)
    note = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea)


class ClosingSubmitForm(_ActionForm):
    submitted_on = forms.DateField(label=_("提交结案材料日期"), widget=DateInput, initial=today)


REVIEW_CHOICES = [("approve", _("审查通过，归档")), ("return", _("退回补正"))]


class ClosingReviewForm(_ActionForm):
    decision = forms.ChoiceField(
        label=_("审查结果"), choices=REVIEW_CHOICES, widget=forms.RadioSelect
    )
    reviewed_on = forms.DateField(label=_("审查日期"), widget=DateInput, initial=today)
    archive_number = forms.CharField(label=_("档案号"), required=False, max_length=40)
    reason = forms.CharField(label=_("退回理由"), required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        self.initial.setdefault("archive_number", self.application.number)

    def values(self):
        data = self.cleaned_data
        return {
            "approve": data["decision"] == "approve",
            "reviewed_on": data["reviewed_on"],
            "archive_number": data["archive_number"],
            "reason": data["reason"],
        }
