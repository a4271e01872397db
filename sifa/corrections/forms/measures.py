"""Forms of the 考核奖惩 and 教育帮扶 pages. They tidy input and give early Chinese messages;
the actions in `sifa.corrections.actions.measures` validate again and decide."""

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
)
from sifa.corrections.constants import EducationKind, MeasureKind, ProposalOutcome


class SubjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.person.name}（{obj.office.name}）"


class MeasureFilterForm(PeriodFilterForm):
    """所属机构, 决定/提请日期 range, kind, pending proposals only."""

    kind = filter_choice(_("类型"), _("全部类型"), MeasureKind.choices)
    pending = forms.BooleanField(label=_("只看待决定的提请"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_from"].label = _("决定/提请日期自")
        self.fields["date_to"].label = _("至")

    def selector_arguments(self) -> dict:
        return {
            "within": self.value("within", None),
            "kind": self.value("kind"),
            "pending": bool(self.value("pending", False)),
            "date_from": self.value("date_from", None),
            "date_to": self.value("date_to", None),
        }


class MeasureForm(StyledForm):
    kind = forms.ChoiceField(label=_("类型"))
    decided_on = forms.DateField(label=_("决定/提请日期"), widget=DateInput)
    decided_by = forms.CharField(label=_("决定人"), max_length=50)
    addressee = forms.CharField(
        label=_("提请机关"),
        max_length=100,
        required=False,
        help_text=_("提请事项必填：如某某县人民法院、某某县公安局。"),
    )
    facts = forms.CharField(label=_("事实"), widget=forms.Textarea)
    evidence = forms.CharField(label=_("证据"), widget=forms.Textarea, required=False)

    def __init__(self, *args, kinds, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("decided_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [BLANK, *kinds]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "facts": data["facts"],
            "evidence": data.get("evidence", ""),
            "decided_on": data["decided_on"],
            "decided_by": data["decided_by"],
            "addressee": data.get("addressee", ""),
        }


class OutcomeForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            BLANK,
            (ProposalOutcome.GRANTED, ProposalOutcome.GRANTED.label),
            (ProposalOutcome.REJECTED, ProposalOutcome.REJECTED.label),
        ],
    )
    outcome_on = forms.DateField(label=_("结果日期"), widget=DateInput)
    note = forms.CharField(label=_("结果说明"), widget=forms.Textarea, required=False)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "outcome_on": data["outcome_on"],
            "note": data.get("note", ""),
        }


class EducationFilterForm(PeriodFilterForm):
    kind = filter_choice(_("类型"), _("全部类型"), EducationKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_from"].label = _("活动日期自")
        self.fields["date_to"].label = _("至")

    def selector_arguments(self) -> dict:
        return {
            "within": self.value("within", None),
            "kind": self.value("kind"),
            "date_from": self.value("date_from", None),
            "date_to": self.value("date_to", None),
        }


class EducationForm(StyledForm):
    office = OfficeChoiceField(label=_("组织机构"), queryset=None)
    kind = forms.ChoiceField(label=_("类型"), choices=[BLANK, *EducationKind.choices])
    held_on = forms.DateField(label=_("日期"), widget=DateInput)
    topic = forms.CharField(label=_("内容"), max_length=200)
    hours = forms.DecimalField(
        label=_("时长（小时）"), max_digits=5, decimal_places=1, min_value=0, max_value=24
    )
    staff_count = forms.IntegerField(label=_("参加工作人员数"), min_value=0, initial=0)
    subjects = SubjectChoiceField(
        label=_("参加矫正对象"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("只列出您有权查看的已接收、在矫的矫正对象；按住Ctrl可多选。"),
    )

    def __init__(self, *args, offices, subjects, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["subjects"].queryset = subjects
        if offices.count() == 1:
            self.fields["office"].initial = offices.first()

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "office": data["office"],
            "kind": data["kind"],
            "held_on": data["held_on"],
            "topic": data["topic"],
            "hours": data["hours"],
            "staff_count": data["staff_count"],
            "subjects": list(data["subjects"]),
        }
