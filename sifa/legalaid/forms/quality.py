"""Forms of quality checks and complaints (第55–59条)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, StyledForm, filter_choice
from sifa.legalaid.constants import QualityGrade, QualityKind, Satisfaction
from sifa.legalaid.selectors.quality import CLOSED, OPEN


class QualityCheckForm(StyledForm):
    kind = forms.ChoiceField(label=_("检查方式"), choices=[BLANK, *QualityKind.choices])
    checked_on = forms.DateField(label=_("检查日期"), widget=DateInput)
    grade = forms.ChoiceField(
        label=_("评定"), choices=[BLANK, *QualityGrade.choices], required=False
    )
    satisfaction = forms.ChoiceField(
        label=_("受援人满意度"),
        choices=[BLANK, *Satisfaction.choices],
        required=False,
        help_text=_("回访受援人时必填。"),
    )
    notes = forms.CharField(label=_("情况"), required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()


class ComplaintForm(StyledForm):
    received_on = forms.DateField(label=_("收到投诉日期"), widget=DateInput)
    complainant = forms.CharField(label=_("投诉人"), max_length=50)
    content = forms.CharField(label=_("投诉内容"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class ComplaintCloseForm(StyledForm):
    closed_on = forms.DateField(label=_("办结日期"), widget=DateInput)
    result = forms.CharField(label=_("处理结果"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class ComplaintFilterForm(StyledForm):
    state = filter_choice(_("办理情况"), _("全部"), [(OPEN, _("办理中")), (CLOSED, _("已办结"))])
