"""Forms of the 以案定补 (case subsidy) pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, PeriodFilterForm, StyledForm, filter_choice
from sifa.mediation.actions.subsidies import SubsidyGrade
from sifa.mediation.models import SubsidyClaim

PASSED, NOT_PASSED = "passed", "not_passed"


class ClaimFilterForm(PeriodFilterForm):
    """所属机构, 状态 and a period of 卷宗核查日期."""

    dated_by = _("核查日期")

    status = filter_choice(_("状态"), _("全部"), SubsidyClaim.Status.choices)


class ClaimForm(StyledForm):
    grade = forms.ChoiceField(label=_("难易等级"), choices=[BLANK, *SubsidyGrade.choices])


class ReviewForm(StyledForm):
    """司法所卷宗核查: the action wants `passed`, `checked_on` and `reason` (its errors name
    the field `rejection_reason`, hence the field's name here)."""

    result = forms.ChoiceField(
        label=_("核查结果"),
        # no preselected answer: the checker must choose either way
        choices=[BLANK, (PASSED, _("通过")), (NOT_PASSED, _("未通过"))],
    )
    checked_on = forms.DateField(label=_("核查日期"), widget=DateInput)
    rejection_reason = forms.CharField(
        label=_("未通过原因"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def action_data(self) -> dict:
        data = self.cleaned_data
        return {
            "passed": data["result"] == PASSED,
            "checked_on": data["checked_on"],
            "reason": data["rejection_reason"],
        }


class ApproveForm(StyledForm):
    approved_on = forms.DateField(label=_("批准日期"), widget=DateInput)


class BatchForm(StyledForm):
    """A payment batch: the paying bureau, title, date and the approved claims it pays."""

    office = forms.ModelChoiceField(label=_("发放机构"), queryset=None)
    title = forms.CharField(label=_("批次名称"), max_length=100)
    paid_on = forms.DateField(label=_("发放日期"), widget=DateInput)
    claims = forms.ModelMultipleChoiceField(
        label=_("发放的补贴申请"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, bureaus, approved_claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = bureaus
        if len(bureaus) == 1:
            self.fields["office"].initial = bureaus[0].pk
        self.fields["claims"].queryset = approved_claims
        self.fields["claims"].widget.attrs["class"] = "form-check-input"
        self.fields["claims"].label_from_instance = _claim_label
        self.fields["claims"].error_messages["required"] = _("请选择要发放的补贴申请。")

    def action_data(self) -> dict:
        data = self.cleaned_data
        return {
            "office": data["office"],
            "title": data["title"],
            "paid_on": data["paid_on"],
            "claims": list(data["claims"]),
        }


def grade_label(grade: str) -> str:
    """The Chinese label of a 难易等级 (the model field stores the bare code)."""
    return str(SubsidyGrade(grade).label) if grade in SubsidyGrade.values else grade


def _claim_label(claim: SubsidyClaim) -> str:
    parts = [claim.case.number, claim.office.name, grade_label(claim.grade), f"{claim.amount}元"]
    return " · ".join(parts)
