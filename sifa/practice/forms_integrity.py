"""Forms of the integrity file (诚信档案): validation only, the writes are the actions'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, StyledForm
from sifa.practice.constants_integrity import PublicServiceKind, RewardLevel


class PractitionerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.licence_number}）"


class _SubjectForm(StyledForm):
    """The institution itself (empty) or one of its practitioners."""

    practitioner = PractitionerChoiceField(
        label=_("执业人员"),
        queryset=None,
        required=False,
        empty_label=_("（执业机构本身）"),
    )

    def __init__(self, *args, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners


class RewardForm(_SubjectForm):
    """登记表彰奖励."""

    title = forms.CharField(label=_("表彰奖励名称"), max_length=100)
    level = forms.ChoiceField(label=_("级别"), choices=[BLANK, *RewardLevel.choices])
    awarded_by = forms.CharField(label=_("授予机关"), max_length=100)
    awarded_on = forms.DateField(label=_("授予日期"), widget=DateInput)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)


class PublicServiceForm(_SubjectForm):
    """登记公益法律服务."""

    kind = forms.ChoiceField(label=_("服务类别"), choices=[BLANK, *PublicServiceKind.choices])
    served_on = forms.DateField(label=_("服务日期"), widget=DateInput)
    hours = forms.DecimalField(
        label=_("服务时长（小时）"), min_value=0, max_value=999, decimal_places=1
    )
    persons = forms.IntegerField(label=_("服务人次"), min_value=0, initial=0, required=False)
    description = forms.CharField(label=_("服务内容"), max_length=300)


class PublishForm(StyledForm):
    """公开投诉: what the public reads (not the complaint's own text)."""

    summary = forms.CharField(
        label=_("公开摘要"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("向社会公开的内容，不要写投诉人姓名、身份证号码、电话或住址。"),
    )
    published_on = forms.DateField(label=_("公开日期"), widget=DateInput)


class UnpublishForm(StyledForm):
    reason = forms.CharField(label=_("撤回公开的原因"), max_length=200)


class PublicSearchForm(forms.Form):
    """The public page's search: a name or a full licence number."""

    q = forms.CharField(label=_("姓名、机构名称或执业（许可）证号"), max_length=50, required=False)
