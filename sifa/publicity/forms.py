"""Forms of the publicity line: validation only, the writes are the actions'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_choices
from sifa.core.forms import BLANK, DateInput, OfficeChoiceField, StyledForm, filter_choice
from sifa.people.forms import IdentityFields
from sifa.publicity.constants import (
    THEME_CODE_LIST,
    Audience,
    DispatchOrgan,
    ExamKind,
    Grade,
    MaterialKind,
    MediaLevel,
    PlanKind,
    ReviewOutcome,
    TitleLevel,
    UnitKind,
    VpAudience,
)

PHOTO_ACCEPT = ".jpg,.jpeg,.png"


def _themes():
    return [BLANK, *code_choices(THEME_CODE_LIST)]


class PlanForm(StyledForm):
    office = OfficeChoiceField(label=_("司法局"), queryset=None)
    kind = forms.ChoiceField(label=_("类别"), choices=[BLANK, *PlanKind.choices])
    title = forms.CharField(label=_("名称"), max_length=100)
    start_year = forms.IntegerField(label=_("起始年度"), min_value=1986, max_value=2100)
    end_year = forms.IntegerField(label=_("截止年度"), min_value=1986, max_value=2100)
    parent = forms.ModelChoiceField(label=_("所属五年规划"), queryset=None, required=False)
    issued_on = forms.DateField(label=_("印发日期"), widget=DateInput, required=False)
    content = forms.CharField(label=_("主要内容"), widget=forms.Textarea, required=False)

    def __init__(self, *args, offices, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("请选择")


class UnitForm(StyledForm):
    office = OfficeChoiceField(label=_("司法局"), queryset=None)
    name = forms.CharField(label=_("单位名称"), max_length=100)
    kind = forms.ChoiceField(label=_("单位类别"), choices=[BLANK, *UnitKind.choices])
    enforces_law = forms.BooleanField(label=_("行政执法单位"), required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    contact = forms.CharField(label=_("普法联络员"), max_length=50, required=False)
    township = OfficeChoiceField(label=_("所在镇(街道)（学校必填）"), queryset=None, required=False)

    def __init__(self, *args, offices, townships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["township"].queryset = townships


class UnitYearForm(StyledForm):
    """年度普法责任清单 and the roster."""

    year = forms.IntegerField(label=_("年度"), min_value=1986, max_value=2100)
    staff = forms.IntegerField(label=_("在编在岗人数"), min_value=0)
    plan = forms.ModelChoiceField(label=_("年度普法工作要点"), queryset=None, required=False)
    duties = forms.CharField(label=_("普法责任清单"), widget=forms.Textarea, required=False)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].empty_label = _("请选择")


class SelfReportForm(StyledForm):
    report = forms.CharField(label=_("履职自查报告"), widget=forms.Textarea, max_length=10000)
    reported_on = forms.DateField(label=_("报告日期"), widget=DateInput)


class EvaluationForm(StyledForm):
    grade = forms.ChoiceField(label=_("评议等次"), choices=[BLANK, *Grade.choices])
    evaluation = forms.CharField(
        label=_("评议意见"), widget=forms.Textarea, max_length=5000, required=False
    )
    evaluated_on = forms.DateField(label=_("评议日期"), widget=DateInput)


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; cleans to a list of uploaded files (possibly empty). The
    action checks their type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": PHOTO_ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class LecturerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.institution.office.name}）"


class EventForm(StyledForm):
    """登记普法活动."""

    office = OfficeChoiceField(label=_("登记机构"), queryset=None)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    theme = forms.ChoiceField(label=_("活动主题"), choices=_themes)
    started_on = forms.DateField(label=_("开始日期"), widget=DateInput)
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput, required=False)
    place = forms.CharField(label=_("地点"), max_length=200)
    audience = forms.ChoiceField(label=_("受众类别"), choices=[BLANK, *Audience.choices])
    participants = forms.IntegerField(label=_("参加人数"), min_value=0, initial=0)
    unit = forms.ModelChoiceField(label=_("主办(承办)单位"), queryset=None, required=False)
    lecturers = LecturerChoiceField(label=_("宣讲人（执业人员）"), queryset=None, required=False)
    other_lecturers = forms.CharField(
        label=_("其他宣讲人"),
        max_length=200,
        required=False,
        help_text=_("不在执业人员名册中的宣讲人姓名，多人用顿号或逗号分隔。"),
    )
    summary = forms.CharField(label=_("活动情况"), widget=forms.Textarea, required=False)
    photos = PhotosField(label=_("活动照片"), help_text=_("JPEG 或 PNG 图片，可多选。"))

    def __init__(self, *args, offices, units, lecturers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if offices.count() == 1:
            self.fields["office"].initial = offices.first().pk
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("请选择")
        self.fields["lecturers"].queryset = lecturers
        for kind, label in MaterialKind.choices:
            self.fields[f"material_{kind}"] = forms.IntegerField(
                label=_("发放%(kind)s（份）") % {"kind": label}, min_value=0, required=False
            )
            self.fields[f"material_{kind}"].widget.attrs["class"] = "form-control"

    def materials(self) -> dict:
        return {kind: self.cleaned_data.get(f"material_{kind}") or 0 for kind in MaterialKind}

    def other_lecturer_names(self) -> list[str]:
        text = self.cleaned_data.get("other_lecturers") or ""
        for separator in ("，", "、", ";", "；"):
            text = text.replace(separator, ",")
        return [name.strip() for name in text.split(",") if name.strip()]


class PhotosForm(StyledForm):
    photos = PhotosField(label=_("活动照片"), required=True)


class EventFilterForm(StyledForm):
    theme = filter_choice(_("活动主题"), _("全部主题"), lambda: code_choices(THEME_CODE_LIST))
    audience = filter_choice(_("受众类别"), _("全部受众"), Audience.choices)


class ExamForm(StyledForm):
    office = OfficeChoiceField(label=_("司法局"), queryset=None)
    title = forms.CharField(label=_("考试名称"), max_length=100)
    kind = forms.ChoiceField(label=_("考试类别"), choices=[BLANK, *ExamKind.choices])
    held_on = forms.DateField(label=_("考试日期"), widget=DateInput)
    mark = forms.DecimalField(
        label=_("合格分数线"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        required=False,
        help_text=_("不填则为系统设置的合格分数线。"),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class InspectionForm(StyledForm):
    """登记普法考核: a township (its 司法所) or a unit of the register."""

    office = OfficeChoiceField(label=_("组织考核的司法局"), queryset=None)
    year = forms.IntegerField(label=_("考核年度"), min_value=1986, max_value=2100)
    inspected_on = forms.DateField(label=_("考核日期"), widget=DateInput)
    township = OfficeChoiceField(label=_("被考核的镇(街道)"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("被考核的单位"), queryset=None, required=False)
    score = forms.DecimalField(
        label=_("得分"), min_value=0, max_value=100, decimal_places=1, required=False
    )
    findings = forms.CharField(label=_("考核情况"), widget=forms.Textarea, required=False)

    def __init__(self, *args, offices, townships, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["township"].queryset = townships
        self.fields["township"].empty_label = _("请选择")
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("请选择")


class ArticleForm(StyledForm):
    """登记信息宣传用稿."""

    office = OfficeChoiceField(label=_("登记机构"), queryset=None)
    title = forms.CharField(label=_("标题"), max_length=200)
    outlet = forms.CharField(label=_("刊发媒体"), max_length=100)
    level = forms.ChoiceField(label=_("媒体级别"), choices=[BLANK, *MediaLevel.choices])
    published_on = forms.DateField(label=_("刊发日期"), widget=DateInput)
    link = forms.URLField(label=_("链接"), max_length=500, required=False)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


# --- 法治副校长 -------------------------------------------------------------------------------


class AppointmentForm(IdentityFields):
    """聘任法治副校长: the person by 身份证号码 (found in the registry or registered)."""

    name_label = _("法治副校长姓名")
    organ = forms.ChoiceField(label=_("派出机关"), choices=[BLANK, *DispatchOrgan.choices])
    organ_name = forms.CharField(label=_("派出单位"), max_length=100, required=False)
    started_on = forms.DateField(label=_("聘任日期"), widget=DateInput)
    ended_on = forms.DateField(
        label=_("聘期届满日期（不填按聘期年限）"), widget=DateInput, required=False
    )

    def clean(self):
        data = super().clean()
        self.clean_identity(data, required=_("请填写法治副校长的身份证号码。"))
        return data


class AppointmentEndForm(StyledForm):
    ended_on = forms.DateField(label=_("离任日期"), widget=DateInput)
    reason = forms.CharField(label=_("离任原因"), max_length=200, required=False)


class VpActivityForm(StyledForm):
    appointment = forms.ModelChoiceField(label=_("法治副校长"), queryset=None)
    held_on = forms.DateField(label=_("日期"), widget=DateInput)
    hours = forms.DecimalField(label=_("课时"), min_value=0, max_digits=4, decimal_places=1)
    topic = forms.CharField(label=_("主题"), max_length=200)
    audience = forms.ChoiceField(label=_("对象"), choices=[BLANK, *VpAudience.choices])
    participants = forms.IntegerField(label=_("参加人数"), min_value=0, required=False)

    def __init__(self, *args, appointments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].queryset = appointments
        self.fields["appointment"].empty_label = _("请选择")
        self.fields["appointment"].label_from_instance = lambda a: a.person.name


# --- 民主法治示范村(社区) ---------------------------------------------------------------------


class HouseholdsForm(StyledForm):
    households = forms.IntegerField(label=_("户数"), min_value=0)


class TitleForm(StyledForm):
    level = forms.ChoiceField(label=_("命名级别"), choices=[BLANK, *TitleLevel.choices])
    named_year = forms.IntegerField(label=_("命名年度"), min_value=2003, max_value=2100)
    named_on = forms.DateField(label=_("命名日期"), widget=DateInput)
    document = forms.CharField(label=_("命名文件"), max_length=200, required=False)


class ReviewForm(StyledForm):
    reviewed_on = forms.DateField(label=_("复核日期"), widget=DateInput)
    outcome = forms.ChoiceField(label=_("复核结论"), choices=[BLANK, *ReviewOutcome.choices])
    note = forms.CharField(label=_("复核意见"), widget=forms.Textarea, required=False)


class LawSavvyForm(IdentityFields):
    name_label = _("法律明白人姓名")
    since = forms.DateField(label=_("确定日期"), widget=DateInput)

    def clean(self):
        data = super().clean()
        self.clean_identity(data, required=_("请填写法律明白人的身份证号码。"))
        return data


class LawSavvyLeaveForm(StyledForm):
    left_on = forms.DateField(label=_("退出日期"), widget=DateInput)
