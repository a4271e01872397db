"""Forms of the subject pages: list filter, registration (收到执行通知) and one small form per
action. They tidy input and give early Chinese messages; the actions in
`sifa.corrections.actions.subjects` validate again and decide.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_choices
from sifa.core.forms import (
    BLANK,
    DateInput,
    OfficeChoiceField,
    PeriodFilterForm,
    StyledForm,
    filter_choice,
    today,
)
from sifa.corrections.constants import (
    CATEGORY_CODE_LIST,
    CRIME_CATEGORY_CODE_LIST,
    JUDGMENT_FIELDS,
    CustodyKind,
    DecisionOrgan,
    OutsidePrisonGround,
    ReleaseType,
    SentenceType,
    Status,
    TeamRole,
    TerminationType,
)
from sifa.corrections.forms.common import PersonRegisterForm
from sifa.corrections.selectors.subjects import MINORS_EXCLUDED, MINORS_ONLY


class SubjectFilterForm(PeriodFilterForm):
    """所属机构, 矫正期间 (overlap), status, sentence type, category, minors, text."""

    dated_by = _("矫正期间")

    status = filter_choice(_("状态"), _("全部状态"), Status.choices)
    sentence_type = filter_choice(_("矫正类别"), _("全部类别"), SentenceType.choices)
    category = filter_choice(
        _("管理类别"), _("全部管理类别"), lambda: code_choices(CATEGORY_CODE_LIST)
    )
    minors = filter_choice(
        _("未成年人"),
        _("全部"),
        [(MINORS_ONLY, _("仅未成年人")), (MINORS_EXCLUDED, _("不含未成年人"))],
    )
    q = forms.CharField(label=_("编号、姓名、罪名或文号"), required=False, max_length=50)

    def __init__(self, *args, show_minors: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_minors:
            del self.fields["minors"]

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("status", "sentence_type", "category"),
            "minors": self.value("minors") if "minors" in self.fields else "",
            **self.period("period"),
            "q": self.value("q").strip(),
        }


# ---------------------------------------------------------------------------------------------
# Registration


class SubjectRegisterForm(PersonRegisterForm):
    """收到执行通知: the person (from the registry by 身份证号码, or registered), the sentence,
    the deciding organ and the dates; the period is computed unless set by hand."""

    id_number_help = _("人员信息库中已有的，直接使用；没有的，填写姓名后登记。")

    office = OfficeChoiceField(label=_("执行地司法所"), queryset=None)
    sentence_type = forms.ChoiceField(label=_("矫正类别"), choices=[BLANK, *SentenceType.choices])
    crime = forms.CharField(label=_("罪名"), max_length=100)
    crime_category = forms.ChoiceField(label=_("犯罪类型"), required=False)
    original_sentence = forms.CharField(label=_("原判刑罚"), max_length=100)
    sentence_months = forms.IntegerField(
        label=_("考验期/刑期（月）"),
        required=False,
        validators=[MinValueValidator(1, _("考验期/刑期至少为1个月。"))],
        help_text=_("缓刑为考验期；管制为刑期；假释、暂予监外执行为剩余刑期。"),
    )
    outside_prison_ground = forms.ChoiceField(
        label=_("暂予监外执行情形"),
        required=False,
        choices=[BLANK, *OutsidePrisonGround.choices],
        help_text=_("仅暂予监外执行填写；保外就医的，每三个月提醒提交病情复查情况。"),
    )
    accessory_penalty = forms.CharField(label=_("附加刑"), required=False, max_length=100)
    prohibition_order = forms.CharField(
        label=_("禁止令"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_organ = forms.ChoiceField(
        label=_("决定机关类别"), choices=[BLANK, *DecisionOrgan.choices]
    )
    decision_organ_name = forms.CharField(label=_("决定机关"), max_length=100)
    judgment_number = forms.CharField(label=_("判决书/裁定书/决定书文号"), max_length=100)
    judgment_effective_on = forms.DateField(label=_("判决/裁定/决定生效日期"), widget=DateInput)
    offence_on = forms.DateField(
        label=_("犯罪日期"),
        required=False,
        widget=DateInput,
        help_text=_(
            "是否未成年人由系统按出生日期（身份证号码）计算：填写犯罪日期的，按犯罪时年龄；"
            "未填写的，按判决/裁定/决定生效时年龄。"
        ),
    )
    notified_on = forms.DateField(label=_("收到执行通知日期"), widget=DateInput, initial=today)
    documents_received_on = forms.DateField(
        label=_("收到法律文书日期"), required=False, widget=DateInput
    )
    correction_start = forms.DateField(
        label=_("矫正起始日期（人工）"),
        required=False,
        widget=DateInput,
        help_text=_("留空则按刑期自动计算；管制羁押折抵等情形可人工填写。"),
    )
    correction_end = forms.DateField(
        label=_("矫正期满日期（人工）"), required=False, widget=DateInput
    )
    period_override_reason = forms.CharField(
        label=_("矫正期限人工调整理由"), required=False, max_length=200
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["crime_category"].choices = [
            ("", _("未分类")),
            *code_choices(CRIME_CATEGORY_CODE_LIST),
        ]

    def values(self) -> dict:
        """Keywords of `subject_register` besides actor, office and identity."""
        data = self.cleaned_data
        keys = (
            *JUDGMENT_FIELDS, "notified_on", "documents_received_on",
            "correction_start", "correction_end", "period_override_reason",
            "outside_prison_ground",
        )  # fmt: skip
        return {key: data[key] for key in keys}


# ---------------------------------------------------------------------------------------------
# Action forms: `values()` returns the keyword arguments of the action (besides actor, subject).


class _ActionForm(StyledForm):
    def __init__(self, *args, subject, **kwargs):
        self.subject = subject
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class DocumentsReceivedForm(_ActionForm):
    received_on = forms.DateField(label=_("收到法律文书日期"), widget=DateInput, initial=today)


class ReceiptForm(_ActionForm):
    sent_on = forms.DateField(label=_("回执发送日期"), widget=DateInput, initial=today)


class ReportForm(_ActionForm):
    reported_on = forms.DateField(label=_("报到日期"), widget=DateInput, initial=today)
    handover_organ = forms.CharField(
        label=_("移交机关"),
        max_length=100,
        required=False,
        help_text=_(
            "暂予监外执行：移交的看守所、监狱或公安机关（留空为决定机关）；移交超期记在移交机关。"
        ),
    )


class CustodyForm(_ActionForm):
    kind = forms.ChoiceField(label=_("措施类型"), choices=[BLANK, *CustodyKind.choices])
    organ = forms.CharField(label=_("决定机关"), max_length=100)
    start_on = forms.DateField(label=_("开始日期"), widget=DateInput, initial=today)


class CustodyEndForm(_ActionForm):
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput, initial=today)
    outcome = forms.CharField(label=_("结束情况"), max_length=200, required=False)


class NotReportedForm(_ActionForm):
    on = forms.DateField(
        label=_("登记日期"),
        widget=DateInput,
        initial=today,
        help_text=_("将生成“逾期未报到”预警，并记录应通知决定机关和人民检察院。"),
    )


class TeamMemberForm(_ActionForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.ChoiceField(label=_("身份"), choices=[BLANK, *TeamRole.choices])
    is_female = forms.BooleanField(label=_("女性"), required=False)
    versed_in_minors = forms.BooleanField(label=_("熟悉未成年人身心特点"), required=False)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)


class PlanForm(_ActionForm):
    made_on = forms.DateField(label=_("制定日期"), widget=DateInput, initial=today)
    content = forms.CharField(label=_("方案内容"), widget=forms.Textarea(attrs={"rows": 8}))


class _CategoryChoices:
    def _category_choices(self):
        return [BLANK, *code_choices(CATEGORY_CODE_LIST)]


class CategoryChangeForm(_CategoryChoices, _ActionForm):
    to_category = forms.ChoiceField(label=_("新管理类别"))
    changed_on = forms.DateField(label=_("调整日期"), widget=DateInput, initial=today)
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_category"].choices = self._category_choices()


class AnnounceForm(_CategoryChoices, _ActionForm):
    announced_on = forms.DateField(label=_("入矫宣告日期"), widget=DateInput, initial=today)
    category = forms.ChoiceField(label=_("管理类别"))
    plan = forms.CharField(
        label=_("个别化矫正方案"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("根据裁判内容、性别、年龄、心理特点、健康状况、犯罪原因等制定（第24条）。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = self._category_choices()
        if not self.subject.plans.exists():
            self.fields["plan"].required = True


class PeriodAdjustForm(_ActionForm):
    correction_start = forms.DateField(label=_("矫正起始日期"), widget=DateInput)
    correction_end = forms.DateField(label=_("矫正期满日期"), widget=DateInput)
    reason = forms.CharField(label=_("调整理由"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("correction_start", self.subject.correction_start)
        self.initial.setdefault("correction_end", self.subject.correction_end)


class ReleaseForm(_ActionForm):
    release_type = forms.ChoiceField(label=_("解除类型"), choices=[BLANK, *ReleaseType.choices])
    released_on = forms.DateField(label=_("解除矫正日期"), widget=DateInput, initial=today)
    certificate_number = forms.CharField(
        label=_("解除社区矫正证明书编号"),
        required=False,
        max_length=60,
        help_text=_("留空则自动编号。"),
    )


class NewCrimeForm(_ActionForm):
    found_on = forms.DateField(label=_("查实再犯罪日期"), widget=DateInput, initial=today)
    note = forms.CharField(
        label=_("再犯罪情况"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("罪名、立案或判决机关、文号。"),
    )


class TerminateForm(_ActionForm):
    termination_type = forms.ChoiceField(
        label=_("终止类型"), choices=[BLANK, *TerminationType.choices]
    )
    terminated_on = forms.DateField(label=_("终止矫正日期"), widget=DateInput, initial=today)
    note = forms.CharField(
        label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
