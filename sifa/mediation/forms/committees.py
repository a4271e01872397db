"""Forms of the committee and mediator pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, StyledForm
from sifa.mediation.actions.committees import EndReason
from sifa.mediation.constants import MemberRole
from sifa.mediation.forms import PersonReferenceField, person_from_reference
from sifa.mediation.selectors.committees import MediatorKind
from sifa.orgs.constants import MediationCommitteeType
from sifa.people.models import Gender

STATUS_ACTIVE, STATUS_CLOSED, STATUS_ENDED = "active", "closed", "ended"


class _WithinFilter(StyledForm):
    within = forms.ModelChoiceField(label=_("所属机构"), required=False, queryset=None)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = offices
        self.fields["within"].empty_label = _("全部机构")


class CommitteeFilterForm(_WithinFilter):
    subtype = forms.ChoiceField(
        label=_("调委会类型"),
        required=False,
        choices=[("", _("全部类型")), *MediationCommitteeType.choices],
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), (STATUS_ACTIVE, _("存续")), (STATUS_CLOSED, _("已撤销"))],
    )
    q = forms.CharField(label=_("名称或编码"), required=False, max_length=50)
    guided_by = forms.ModelChoiceField(label=_("指导司法所"), required=False, queryset=None)

    def __init__(self, *args, judicial_offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guided_by"].queryset = judicial_offices
        self.fields["guided_by"].empty_label = _("全部司法所")


class MediatorFilterForm(_WithinFilter):
    full_time = forms.ChoiceField(
        label=_("专兼职"),
        required=False,
        choices=[("", _("全部")), ("1", _("专职")), ("0", _("兼职"))],
    )
    gender = forms.ChoiceField(
        label=_("性别"),
        required=False,
        choices=[("", _("全部")), (Gender.FEMALE, _("女")), (Gender.MALE, _("男"))],
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), (STATUS_ACTIVE, _("在任")), (STATUS_ENDED, _("已离任"))],
    )
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部")), *MediatorKind.choices]
    )

    def full_time_value(self) -> bool | None:
        value = self.value("full_time")
        return None if value == "" else value == "1"


class _PersonForm(StyledForm):
    person = PersonReferenceField()

    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)

    def clean_person(self):
        return person_from_reference(self.actor, self.cleaned_data["person"])


class MemberAddForm(_PersonForm):
    role = forms.ChoiceField(label=_("职务"), choices=[BLANK, *MemberRole.choices])
    term_start = forms.DateField(
        label=_("任期开始"), widget=DateInput, help_text=_("任期三年，届满日期自动计算。")
    )
    full_time = forms.BooleanField(
        label=_("专职调解员"),
        required=False,
        help_text=_(
            "委员即为本调委会的人民调解员（人民调解法第十三条），自任期开始之日起列入调解员名册。"
        ),
    )


class MemberLeaveForm(StyledForm):
    left_on = forms.DateField(label=_("离任日期"), widget=DateInput)
    keep_as_mediator = forms.BooleanField(
        label=_("离任后继续聘任为本调委会调解员"),
        required=False,
        help_text=_("不勾选时，其调解员职务随委员离任一并终止。"),
    )


class MediatorAppointForm(_PersonForm):
    full_time = forms.BooleanField(label=_("专职调解员"), required=False)
    start_date = forms.DateField(label=_("任职日期"), widget=DateInput)


class MediatorEndForm(StyledForm):
    end_date = forms.DateField(label=_("离任日期"), widget=DateInput)
    reason = forms.ChoiceField(label=_("原因"), choices=[BLANK, *EndReason.choices])


class TrainingForm(StyledForm):
    held_on = forms.DateField(label=_("培训日期"), widget=DateInput)
    topic = forms.CharField(label=_("培训内容"), max_length=200)
    hours = forms.DecimalField(label=_("学时"), max_digits=5, decimal_places=1, min_value=0.1)
    organiser = forms.CharField(label=_("组织单位"), max_length=100, required=False)


class MisconductForm(StyledForm):
    occurred_on = forms.DateField(label=_("发生日期"), widget=DateInput)
    description = forms.CharField(label=_("情况"), widget=forms.Textarea)
    measure = forms.CharField(
        label=_("处理"), max_length=100, help_text=_("如：批评教育、责令改正、罢免、解聘。")
    )


class CommitteeProfileForm(StyledForm):
    """调委会概况; the action checks the guiding office's county and the seal date."""

    host_unit = forms.CharField(
        label=_("设立单位"), max_length=100, help_text=_("如：某村村民委员会。")
    )
    guiding_office = forms.ModelChoiceField(label=_("指导司法所"), required=False, queryset=None)
    seal_registered = forms.BooleanField(label=_("印章已备案"), required=False)
    seal_registered_on = forms.DateField(label=_("印章备案日期"), required=False, widget=DateInput)

    def __init__(self, *args, judicial_offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guiding_office"].queryset = judicial_offices
