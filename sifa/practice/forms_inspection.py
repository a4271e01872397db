"""Forms of the annual inspection (年度检查考核): validation only, the writes are the actions'."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, OfficeChoiceField, StyledForm, today
from sifa.practice.actions.inspection import Upload
from sifa.practice.constants import Category
from sifa.practice.constants_inspection import DECISIONS, MaterialKind, SubmissionStatus

ACCEPT = ".pdf,.jpg,.jpeg,.png"


def _last_year() -> int:
    return timezone.localdate().year - 1


class InspectionOpenForm(StyledForm):
    """启动年度检查考核."""

    office = OfficeChoiceField(label=_("组织单位"), queryset=None)
    category = forms.ChoiceField(label=_("机构类别"), choices=[BLANK, *Category.choices])
    year = forms.IntegerField(label=_("考核年度"), min_value=1979, initial=_last_year)
    due_on = forms.DateField(
        label=_("材料报送截止日期"),
        widget=DateInput,
        required=False,
        help_text=_("不填则为考核年度次年的默认截止日期（系统设置）。"),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if offices.count() == 1:
            self.fields["office"].initial = offices.first().pk


class SubmitForm(StyledForm):
    """报送年度检查考核材料: one file input per kind of material."""

    summary = forms.CharField(
        label=_("执业情况简述"), widget=forms.Textarea, max_length=5000, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in MaterialKind.choices:
            self.fields[kind] = forms.FileField(
                label=label,
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "class": "form-control"}),
            )

    def uploads(self) -> list[Upload]:
        found = []
        for kind in MaterialKind.values:
            file = self.cleaned_data.get(kind)
            if file:
                found.append(Upload(kind=kind, name=file.name, content=file.read()))
        return found


class ReviewForm(StyledForm):
    """初审."""

    passed = forms.TypedChoiceField(
        label=_("初审意见"),
        choices=[BLANK, ("1", _("初审通过，报送市司法局考核")), ("0", _("退回补正"))],
        coerce=lambda value: value == "1",
    )
    opinion = forms.CharField(
        label=_("说明（退回补正的须写明需要补正的内容）"),
        widget=forms.Textarea,
        max_length=2000,
        required=False,
    )
    on = forms.DateField(label=_("初审日期"), widget=DateInput, initial=today)


class DecideForm(StyledForm):
    """考核决定."""

    result = forms.ChoiceField(
        label=_("考核结果"),
        choices=[BLANK, *[(value, SubmissionStatus(value).label) for value in DECISIONS]],
    )
    reason = forms.CharField(
        label=_("考核意见（不合格、暂缓的须写明理由）"),
        widget=forms.Textarea,
        max_length=2000,
        required=False,
    )
    on = forms.DateField(label=_("决定日期"), widget=DateInput, initial=today)
