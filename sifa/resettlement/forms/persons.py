"""Forms of the resettlement pages: list filter, registration, one small form per action.

They tidy input and give early Chinese messages; the actions in
`sifa.resettlement.actions.persons` validate again and decide.
"""

from __future__ import annotations

from django import forms
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
from sifa.people.forms import IdentityFields
from sifa.resettlement.constants import EndReason, PlacementKind, RiskLevel, Source, Status


class ReleasedFilterForm(PeriodFilterForm):
    """所属机构, 释放日期 range, status, source, key person, text."""

    dated_by = _("释放日期")

    status = filter_choice(_("状态"), _("全部状态"), Status.choices)
    source = filter_choice(_("来源"), _("全部来源"), Source.choices)
    key_person = filter_choice(_("重点帮教对象"), _("全部"), [("yes", _("是")), ("no", _("否"))])
    q = forms.CharField(label=_("姓名、罪名或释放单位"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("status", "source", "key_person"),
            **self.period("released"),
            "q": self.value("q").strip(),
        }


class ReleasedRegisterForm(IdentityFields):
    """登记刑满释放人员: the person from the registry by 身份证号码, or described so that
    `released_person_register` registers one."""

    phone = None  # the release notice gives no phone number
    office = OfficeChoiceField(label=_("居住地司法所"), queryset=None)
    released_on = forms.DateField(label=_("释放日期"), widget=DateInput)
    prison = forms.CharField(label=_("释放单位"), max_length=100, help_text=_("如：某某监狱。"))
    crime = forms.CharField(label=_("罪名"), max_length=100)
    original_sentence = forms.CharField(label=_("原判刑罚"), required=False, max_length=100)
    certificate_number = forms.CharField(label=_("释放证明书编号"), required=False, max_length=60)
    notice_received_on = forms.DateField(
        label=_("收到通知日期"), required=False, widget=DateInput, initial=today
    )
    key_person = forms.BooleanField(label=_("重点帮教对象（必接必送）"), required=False)
    key_reason = forms.CharField(label=_("列为重点的理由"), required=False, max_length=200)
    risk_level = forms.ChoiceField(
        label=_("风险等级"), required=False, choices=[("", _("未评估")), *RiskLevel.choices]
    )

    field_order = ["office", "id_number", "name"]

    def __init__(self, *args, actor, offices, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["office"].queryset = offices
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]
        self.fields["id_number"].required = True

    def clean(self):
        data = super().clean()
        self.clean_identity(data)
        if data.get("key_person") and not (data.get("key_reason") or "").strip():
            self.add_error("key_reason", _("列为重点帮教对象的，请填写理由。"))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        keys = (
            "released_on", "crime", "prison", "original_sentence", "certificate_number",
            "notice_received_on", "key_person", "key_reason", "risk_level",
        )  # fmt: skip
        return {key: data[key] for key in keys}


# ---------------------------------------------------------------------------------------------
# Action forms: `values()` returns the action's keywords besides actor and released.


class _ActionForm(StyledForm):
    def __init__(self, *args, released, **kwargs):
        self.released = released
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ConnectForm(_ActionForm):
    connected_on = forms.DateField(label=_("衔接日期"), widget=DateInput, initial=today)
    met_at_gate = forms.BooleanField(label=_("已必接必送（出监时接回）"), required=False)
    met_by = forms.CharField(
        label=_("接送人员"),
        required=False,
        max_length=100,
        help_text=_("重点帮教对象必须必接必送：填写接送的工作人员、亲属及车辆等。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.released.key_person:
            self.fields["met_at_gate"].initial = True


class NotConnectedForm(_ActionForm):
    on = forms.DateField(label=_("登记日期"), widget=DateInput, initial=today)
    reason = forms.CharField(
        label=_("未衔接情况"),
        widget=forms.Textarea,
        help_text=_("查找经过、是否已通报公安机关协查等。"),
    )


class EndForm(_ActionForm):
    ended_on = forms.DateField(label=_("帮教结束日期"), widget=DateInput, initial=today)
    reason = forms.ChoiceField(label=_("结束原因"), choices=[BLANK, *EndReason.choices])
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea)


class ClassifyForm(_ActionForm):
    key_person = forms.BooleanField(label=_("重点帮教对象（必接必送）"), required=False)
    key_reason = forms.CharField(label=_("列为重点的理由"), required=False, max_length=200)
    risk_level = forms.ChoiceField(
        label=_("风险等级"), required=False, choices=[("", _("未评估")), *RiskLevel.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(
                key_person=self.released.key_person,
                key_reason=self.released.key_reason,
                risk_level=self.released.risk_level,
            )


class TeamMemberForm(_ActionForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.CharField(
        label=_("身份"),
        max_length=50,
        help_text=_("如：司法所工作人员、村(居)委会成员、家庭成员、志愿者。"),
    )


class VisitForm(_ActionForm):
    visited_on = forms.DateField(label=_("走访日期"), widget=DateInput, initial=today)
    content = forms.CharField(label=_("走访帮教情况"), widget=forms.Textarea)


class PlacementForm(_ActionForm):
    kind = forms.ChoiceField(label=_("安置方式"), choices=[BLANK, *PlacementKind.choices])
    placed_on = forms.DateField(label=_("安置日期"), widget=DateInput, initial=today)
    detail = forms.CharField(
        label=_("安置情况"), max_length=200, help_text=_("单位、学校或救助项目。")
    )


class ReoffenceForm(_ActionForm):
    occurred_on = forms.DateField(label=_("违法犯罪日期"), widget=DateInput)
    description = forms.CharField(label=_("违法犯罪情况"), widget=forms.Textarea)
    criminal = forms.BooleanField(label=_("刑事犯罪"), required=False, initial=True)
    end_assistance_now = forms.BooleanField(label=_("重新犯罪被收监，同时结束帮教"), required=False)
