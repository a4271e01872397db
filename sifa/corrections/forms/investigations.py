"""Forms of the 调查评估 pages: the list filter, the registration of a commission (its subject
found in the person registry by 身份证号码, or registered on the spot), the opinion and the
adoption. They tidy input and give early Chinese messages; the actions validate again and decide.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import (
    BLANK,
    DateInput,
    OfficeChoiceField,
    PeriodFilterForm,
    StyledForm,
    filter_choice,
    today,
)
from sifa.corrections.constants import CommissioningBody, InvestigationResult, InvestigationStage
from sifa.corrections.forms.common import PersonRegisterForm
from sifa.corrections.selectors.investigations import PROGRESS_CHOICES

# 调查事项 (社区矫正实施办法 2012 第4条, kept in practice; DOMAIN §3.3): the opinion's outline.
ITEMS_OUTLINE = "\n".join(
    (
        "居所情况：",
        "家庭和社会关系：",
        "一贯表现：",
        "犯罪行为的后果和影响：",
        "村(居)民委员会和被害人意见：",
        "拟禁止的事项：",
    )
)


class InvestigationFilterForm(PeriodFilterForm):
    """所属机构, 收到委托日期 range, stage, commissioning body, result, progress, text."""

    dated_by = _("收到委托日期")

    stage = filter_choice(_("委托阶段"), _("全部阶段"), InvestigationStage.choices)
    commissioning_body = filter_choice(_("委托机关类别"), _("全部机关"), CommissioningBody.choices)
    result = filter_choice(_("评估意见"), _("全部意见"), InvestigationResult.choices)
    progress = filter_choice(_("办理情况"), _("全部"), PROGRESS_CHOICES)
    q = forms.CharField(label=_("委托编号、姓名、委托机关或罪名"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("stage", "commissioning_body", "result", "progress"),
            **self.period("received"),
            "q": self.value("q").strip(),
        }


class InvestigationRegisterForm(PersonRegisterForm):
    """收到委托: the commission, and its subject from the registry (or registered now)."""

    id_number_label = _("被调查评估对象身份证号码")
    name_help = _("人员信息库中已有该身份证号码的，可不填。")

    phone = None  # the commission letter gives no phone number
    office = OfficeChoiceField(label=_("承办机构"), queryset=None)
    commission_number = forms.CharField(label=_("委托编号"), max_length=60)
    commissioning_body = forms.ChoiceField(
        label=_("委托机关类别"), choices=[BLANK, *CommissioningBody.choices]
    )
    commissioning_name = forms.CharField(label=_("委托机关"), max_length=100)
    stage = forms.ChoiceField(label=_("委托阶段"), choices=[BLANK, *InvestigationStage.choices])
    received_on = forms.DateField(
        label=_("收到委托日期"),
        widget=DateInput,
        initial=today,
        help_text=_("收到委托函及所附材料的日期，完成期限自次日起按工作日计算。"),
    )
    summary_procedure = forms.BooleanField(
        label=_("适用速裁程序"),
        required=False,
        help_text=_("适用速裁程序的，应在5个工作日内完成；其他为10个工作日。"),
    )
    crime = forms.CharField(label=_("涉嫌罪名"), max_length=100)
    proposed_sentence = forms.CharField(label=_("拟适用刑罚"), required=False, max_length=100)
    investigators = forms.CharField(
        label=_("调查人员"), required=False, max_length=200, help_text=_("可在完成时补充。")
    )

    field_order = [
        "office", "commission_number", "commissioning_body", "commissioning_name", "stage",
        "received_on", "summary_procedure", "id_number", "name", "crime", "proposed_sentence",
        "investigators",
    ]  # fmt: skip

    def clean(self):
        received_on = self.cleaned_data.get("received_on")
        if received_on and received_on > timezone.localdate():
            self.add_error("received_on", _("日期不能晚于今天。"))
        return super().clean()

    def values(self) -> dict:
        """Keywords of `investigation_register` besides actor, office and identity."""
        keys = (
            "commission_number", "commissioning_body", "commissioning_name", "stage",
            "received_on", "summary_procedure", "crime", "proposed_sentence", "investigators",
        )  # fmt: skip
        return {key: self.cleaned_data[key] for key in keys}


# ---------------------------------------------------------------------------------------------
# Action forms: `values()` returns the action's keywords besides actor and investigation.


class _ActionForm(StyledForm):
    def __init__(self, *args, investigation, **kwargs):
        self.investigation = investigation
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class CompleteForm(_ActionForm):
    """出具评估意见."""

    result = forms.ChoiceField(
        label=_("评估意见"), choices=InvestigationResult.choices, widget=forms.RadioSelect
    )
    completed_on = forms.DateField(label=_("完成日期"), widget=DateInput, initial=today)
    reasons = forms.CharField(
        label=_("评估理由"),
        required=False,
        widget=forms.Textarea,
        help_text=_("评估意见为不适宜社区矫正的，必须写明理由。"),
    )
    items = forms.CharField(label=_("调查事项及情况"), widget=forms.Textarea(attrs={"rows": 7}))
    investigators = forms.CharField(label=_("调查人员"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].widget.attrs["class"] = "form-check-input"
        self.initial.setdefault("items", self.investigation.items or ITEMS_OUTLINE)
        self.initial.setdefault("investigators", self.investigation.investigators)

    def clean(self):
        data = super().clean()
        if not (data.get("reasons") or "").strip():
            if data.get("result") == InvestigationResult.UNSUITABLE:
                self.add_error("reasons", _("评估意见为不适宜社区矫正的，必须写明理由。"))
            else:
                self.add_error("reasons", _("请填写评估理由。"))
        completed_on = data.get("completed_on")
        if completed_on and completed_on < self.investigation.received_on:
            self.add_error(
                "completed_on",
                _("完成日期不能早于收到委托日期（%(date)s）。")
                % {"date": self.investigation.received_on.isoformat()},
            )
        return data


ADOPTION_CHOICES = [("yes", _("采信")), ("no", _("未采信"))]


class AdoptionForm(_ActionForm):
    """登记委托机关采信情况."""

    adopted = forms.ChoiceField(
        label=_("委托机关是否采信评估意见"), choices=ADOPTION_CHOICES, widget=forms.RadioSelect
    )
    recorded_on = forms.DateField(label=_("登记日期"), widget=DateInput, initial=today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted"].widget.attrs["class"] = "form-check-input"
        if self.investigation.adopted is not None:
            self.initial.setdefault("adopted", "yes" if self.investigation.adopted else "no")

    def values(self) -> dict:
        data = self.cleaned_data
        return {"adopted": data["adopted"] == "yes", "recorded_on": data["recorded_on"]}
