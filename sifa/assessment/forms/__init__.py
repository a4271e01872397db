"""Forms of the assessment line: validation only, the actions write (docs/assessment.md)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.assessment.constants import Nature, Rule
from sifa.assessment.selectors.schemes import source_choices
from sifa.core.forms import BLANK, DateInput, StyledForm

POINTS = {"max_digits": 6, "decimal_places": 2, "min_value": Decimal(0)}


class SchemeForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("方案名称"), max_length=100)


class BandsField(forms.CharField):
    """等次, one a line: "优秀 90"."""

    widget = forms.Textarea

    def to_python(self, value):
        text = super().to_python(value)
        bands = []
        for line in text.splitlines():
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 2 or not parts[1].isdigit():
                raise forms.ValidationError(_("每行写“等次名称 最低分”，如“优秀 90”。"))
            bands.append([parts[0], int(parts[1])])
        return bands


class SchemeRulesForm(StyledForm):
    bonus_cap = forms.DecimalField(label=_("加分上限"), **POINTS)
    bands = BandsField(label=_("等次（每行：等次名称 最低分）"))


class PeriodForm(StyledForm):
    name = forms.CharField(label=_("期间名称"), max_length=50)
    start = forms.DateField(label=_("起始日期"), widget=DateInput)
    end = forms.DateField(label=_("截止日期"), widget=DateInput)
    weight = forms.DecimalField(label=_("权重（%）"), max_value=Decimal(100), **POINTS)


class CategoryForm(StyledForm):
    name = forms.CharField(label=_("类别名称"), max_length=100)
    max_points = forms.DecimalField(label=_("分值"), **POINTS)
    order = forms.IntegerField(label=_("顺序"), min_value=0, initial=0)


class ItemForm(StyledForm):
    nature = forms.ChoiceField(label=_("性质"), choices=Nature.choices)
    category = forms.ModelChoiceField(label=_("类别"), queryset=None, required=False,
                                      empty_label=_("无（加分、减分项目）"))  # fmt: skip
    code = forms.CharField(label=_("编号"), max_length=20)
    text = forms.CharField(label=_("考核内容"), max_length=300)
    max_points = forms.DecimalField(label=_("分值"), **POINTS)
    rule = forms.ChoiceField(label=_("评分规则"), choices=[BLANK, *Rule.choices])
    source = forms.ChoiceField(label=_("取数指标或比率"), required=False)
    threshold = forms.DecimalField(label=_("达标值（%）"), required=False, **POINTS)
    step = forms.DecimalField(
        label=_("每单位扣（加）分"),
        required=False,
        help_text=_("比率达标：每低1个百分点扣分；按次扣分及加减分项目：每条记录的分值。"),
        **POINTS,
    )
    target = forms.IntegerField(label=_("目标数量"), required=False, min_value=1)
    evidence_required = forms.BooleanField(label=_("须附佐证材料"), required=False)
    order = forms.IntegerField(label=_("顺序"), min_value=0, initial=0)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["source"].choices = [("", _("无（人工评分）")), *source_choices()]


class ManualScoreForm(StyledForm):
    points = forms.DecimalField(label=_("得分"), **POINTS)
    reason = forms.CharField(label=_("评分理由"), widget=forms.Textarea, required=False)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (the action checks them)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class EvidenceForm(StyledForm):
    files = MultipleFileField(label=_("佐证材料（PDF、JPEG 或 PNG）"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ObjectionForm(StyledForm):
    text = forms.CharField(label=_("异议理由"), widget=forms.Textarea)


class AnswerForm(StyledForm):
    upheld = forms.TypedChoiceField(
        label=_("答复结果"),
        choices=[BLANK, ("1", _("异议成立，改定得分")), ("0", _("异议不成立，维持原分"))],
        coerce=lambda v: v == "1",
    )
    points = forms.DecimalField(label=_("改定得分"), required=False, **POINTS)
    answer = forms.CharField(label=_("答复意见"), widget=forms.Textarea)


class OpenRunForm(StyledForm):
    period = forms.ModelChoiceField(label=_("考核期间"), queryset=None, empty_label=_("请选择"))

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
