"""Forms of the forensic pages: the case list's filter, the commission, one small form per
action, and the registers' forms. They tidy input and give early Chinese messages; the
actions validate again and decide. Forms never write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_choices
from sifa.core.forms import BLANK, DateInput, PeriodFilterForm, StyledForm, filter_choice, today
from sifa.forensic.constants import (
    CATEGORY_LIST,
    CaseStatus,
    ClientKind,
    Outcome,
    PauseReason,
    RegistrationStatus,
)
from sifa.forensic.selectors.cases import DUE_NEAR, DUE_OVERDUE

YES_NO = [("yes", _("是")), ("no", _("否"))]


class CaseFilterForm(PeriodFilterForm):
    """所属机构, 收到委托日期 range, status, category, letter, deadline state, text."""

    dated_by = _("收到委托日期")

    status = filter_choice(_("状态"), _("全部状态"), CaseStatus.choices)
    category = filter_choice(_("鉴定类别"), _("全部鉴定类别"), lambda: code_choices(CATEGORY_LIST))
    by_letter = filter_choice(_("函件委托"), _("全部"), YES_NO)
    due = filter_choice(
        _("期限"), _("全部"), [(DUE_OVERDUE, _("已超期")), (DUE_NEAR, _("临近期限"))]
    )
    q = forms.CharField(label=_("编号、委托人或鉴定事项"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("status", "category", "by_letter", "due"),
            **self.period("received"),
            "q": self.value("q").strip(),
        }


class CommissionForm(StyledForm):
    """登记鉴定委托."""

    institution = forms.ModelChoiceField(label=_("鉴定机构"), queryset=None)
    client = forms.CharField(
        label=_("委托人"), max_length=100, help_text=_("办案机关或单位名称、个人姓名。")
    )
    client_kind = forms.ChoiceField(label=_("委托人类别"), choices=[BLANK, *ClientKind.choices])
    category = forms.ChoiceField(label=_("鉴定类别"))
    matter = forms.CharField(label=_("鉴定事项"), max_length=200)
    received_on = forms.DateField(label=_("收到委托日期"), widget=DateInput, initial=today)
    by_letter = forms.BooleanField(label=_("函件委托（受理决定期限10个工作日）"), required=False)

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        if len(institutions) == 1:
            self.fields["institution"].initial = institutions[0]
        self.fields["category"].choices = [BLANK, *code_choices(CATEGORY_LIST)]

    def values(self) -> dict:
        return dict(self.cleaned_data)


# --- actions on a case: `values()` gives the action's keywords besides actor and case --------


class _CaseForm(StyledForm):
    def __init__(self, *args, case, appraisers=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        if "appraisers" in self.fields:
            self.fields["appraisers"].queryset = appraisers

    def values(self) -> dict:
        return dict(self.cleaned_data)


class AcceptForm(_CaseForm):
    decided_on = forms.DateField(label=_("受理日期"), widget=DateInput, initial=today)
    effective_on = forms.DateField(
        label=_("委托生效日期"),
        widget=DateInput,
        required=False,
        help_text=_("签订委托协议之日；不填则为受理日期。"),
    )
    appraisers = forms.ModelMultipleChoiceField(
        label=_("鉴定人"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只能选择登记了本案鉴定类别的鉴定人。"),
    )


class AssignForm(_CaseForm):
    appraisers = forms.ModelMultipleChoiceField(
        label=_("鉴定人"), queryset=None, widget=forms.CheckboxSelectMultiple
    )


class RefuseForm(_CaseForm):
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput, initial=today)
    reason = forms.CharField(label=_("不予受理理由"), max_length=200, widget=forms.Textarea)


class PauseForm(_CaseForm):
    reason = forms.ChoiceField(label=_("原因"), choices=[BLANK, *PauseReason.choices])
    first = forms.DateField(label=_("起始日期"), widget=DateInput, initial=today)
    last = forms.DateField(
        label=_("结束日期"), widget=DateInput, required=False, help_text=_("材料尚未补齐的，不填。")
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ResumeForm(_CaseForm):
    last = forms.DateField(label=_("扣除期间结束日期"), widget=DateInput, initial=today)


class ExtendForm(_CaseForm):
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("延长理由"), max_length=200, required=False)
    approved_by = forms.CharField(label=_("批准的机构负责人"), max_length=50)
    approved_on = forms.DateField(label=_("批准日期"), widget=DateInput, initial=today)
    client_notified_on = forms.DateField(label=_("告知委托人日期"), widget=DateInput, initial=today)


class CompleteForm(_CaseForm):
    completed_on = forms.DateField(label=_("办结日期"), widget=DateInput, initial=today)
    outcome = forms.ChoiceField(label=_("办理结果"), choices=[BLANK, *Outcome.choices])
    opinion_number = forms.CharField(label=_("鉴定文书编号"), max_length=60, required=False)
    fee = forms.DecimalField(label=_("鉴定费（元）"), min_value=0, decimal_places=2, initial=0)


class ComplaintForm(_CaseForm):
    pass


# --- registers --------------------------------------------------------------------------------


class CategoryForm(StyledForm):
    """登记鉴定类别 of the institution or one of its appraisers."""

    practitioner = forms.ModelChoiceField(
        label=_("鉴定人"), queryset=None, required=False, empty_label=_("（机构本身）")
    )
    category = forms.ChoiceField(label=_("鉴定类别"))
    registered_on = forms.DateField(label=_("登记日期"), widget=DateInput, initial=today)

    def __init__(self, *args, appraisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = appraisers
        self.fields["category"].choices = [BLANK, *code_choices(CATEGORY_LIST)]

    def values(self) -> dict:
        return dict(self.cleaned_data)


class AnnualForm(StyledForm):
    """年度登记/延续."""

    practitioner = forms.ModelChoiceField(
        label=_("鉴定人"), queryset=None, required=False, empty_label=_("（机构本身）")
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("登记状态"), choices=[BLANK, *RegistrationStatus.choices])
    decided_on = forms.DateField(label=_("办理日期"), widget=DateInput, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, appraisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = appraisers

    def values(self) -> dict:
        return dict(self.cleaned_data)
