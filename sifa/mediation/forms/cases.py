"""Forms of the case pages: list filter, registration with its parties, and one per action.

They tidy input and give early Chinese messages; the actions in
`sifa.mediation.actions.cases` validate again and decide.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_choices, code_labels
from sifa.core.forms import (
    BLANK,
    DateInput,
    DateTimeInput,
    OfficeChoiceField,
    PeriodFilterForm,
    StyledForm,
    filter_choice,
    today,
)
from sifa.mediation.actions.cases import FOLLOW_UP_METHODS
from sifa.mediation.constants import (
    DISPUTE_TYPE_CODE_LIST,
    NOT_MEDIABLE_CODE_LIST,
    SOURCE_CODE_LIST,
    AgreementForm,
    CaseStatus,
    ConfirmationDecision,
    PartyKind,
    PartyRole,
    Performance,
    RiskFlag,
)
from sifa.mediation.selectors.cases import committees_for_registration
from sifa.people import forms as people_forms


def _all_codes(list_key: str) -> list[tuple[str, str]]:
    """Every item, retired ones too: old cases must stay findable by their type."""
    return list(code_labels(list_key).items())


class CaseFilterForm(PeriodFilterForm):
    """所属机构, 受理日期 range (from PeriodFilterForm), status, type, source, text."""

    dated_by = _("受理日期")

    status = filter_choice(_("状态"), _("全部状态"), CaseStatus.choices)
    dispute_type = filter_choice(
        _("纠纷类型"), _("全部类型"), lambda: _all_codes(DISPUTE_TYPE_CODE_LIST)
    )
    source = filter_choice(_("纠纷来源"), _("全部来源"), lambda: _all_codes(SOURCE_CODE_LIST))
    q = forms.CharField(label=_("编号、当事人或案情"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("status", "dispute_type", "source"),
            **self.period("received"),
            "q": self.value("q").strip(),
        }


class CaseRegisterForm(StyledForm):
    """受理登记: the case's own fields (the parties are a formset of PartyForm)."""

    office = OfficeChoiceField(label=_("调解组织"), queryset=None)
    received_on = forms.DateField(label=_("受理日期"), widget=DateInput)
    source = forms.ChoiceField(label=_("纠纷来源"))
    referred_by = forms.CharField(
        label=_("移送单位"),
        required=False,
        max_length=100,
        help_text=_("委托移送的纠纷填写移送单位。"),
    )
    dispute_type = forms.ChoiceField(label=_("纠纷类型"))
    facts = forms.CharField(label=_("纠纷简要情况"), widget=forms.Textarea)
    claims = forms.CharField(label=_("当事人请求"), required=False, widget=forms.Textarea)
    amount = forms.DecimalField(
        label=_("涉及金额（元）"),
        max_digits=14,
        decimal_places=2,
        initial=0,
        validators=[MinValueValidator(0, _("涉及金额不能为负数。"))],
    )
    persons_involved = forms.IntegerField(
        label=_("涉及人数"),
        initial=2,
        validators=[MinValueValidator(1, _("涉及人数至少为1人。"))],
    )
    is_public = forms.BooleanField(label=_("公开调解"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        committees = committees_for_registration(actor)
        self.fields["office"].queryset = committees
        if len(committees) == 1:
            self.fields["office"].initial = committees[0]
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["source"].choices = [BLANK, *code_choices(SOURCE_CODE_LIST)]
        self.fields["dispute_type"].choices = [BLANK, *code_choices(DISPUTE_TYPE_CODE_LIST)]

    def case_values(self) -> dict:
        data = self.cleaned_data
        keys = (
            "received_on",
            "source",
            "referred_by",
            "dispute_type",
            "facts",
            "claims",
            "amount",
            "persons_involved",
            "is_public",
        )
        return {key: data[key] for key in keys}


class PartyForm(people_forms.PartyForm):
    """One 当事人 of a mediation case (申请人 or 被申请人); the identity part is the registry's."""

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, actor=actor, roles=PartyRole.choices, **kwargs)


class BasePartyFormSet(forms.BaseFormSet):
    def __init__(self, *args, actor, **kwargs):
        self.actor = actor
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "actor": self.actor}


PartyFormSet = forms.formset_factory(
    PartyForm,
    formset=BasePartyFormSet,
    extra=0,
    min_num=2,
    validate_min=True,
    max_num=20,
    validate_max=True,
)
PARTY_PREFIX = "parties"
INITIAL_PARTIES = [
    {"role": PartyRole.APPLICANT, "kind": PartyKind.NATURAL},
    {"role": PartyRole.RESPONDENT, "kind": PartyKind.NATURAL},
]


# ---------------------------------------------------------------------------------------------
# Action forms: each `values()` returns the keyword arguments of its action (besides actor/case).


class _ActionForm(StyledForm):
    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class StartForm(_ActionForm):
    mediators = forms.ModelMultipleChoiceField(
        label=_("调解员"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("本调委会在任的人民调解员，可选多人。"),
        error_messages={"required": _("请至少指定一名调解员。")},
    )
    on = forms.DateField(label=_("开始调解日期"), widget=DateInput, initial=today)

    def __init__(self, *args, mediators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = mediators
        self.fields["mediators"].label_from_instance = lambda m: m.person.name
        self.fields["mediators"].widget.attrs["class"] = "form-check-input"
        if not mediators.exists():
            self.fields["mediators"].help_text = _(
                "本调委会没有在任的人民调解员，请先在调委会页面聘任调解员。"
            )

    def values(self):
        return {"mediators": list(self.cleaned_data["mediators"]), "on": self.cleaned_data["on"]}


class SessionForm(_ActionForm):
    held_at = forms.DateTimeField(
        label=_("调解时间"),
        widget=DateTimeInput,
    )
    place = forms.CharField(label=_("地点"), max_length=100)
    participants = forms.CharField(label=_("参加人员"), widget=forms.Textarea)
    summary = forms.CharField(label=_("调解情况"), widget=forms.Textarea(attrs={"rows": 6}))


class AgreementRecordForm(_ActionForm):
    form = forms.ChoiceField(label=_("协议形式"), choices=AgreementForm.choices)
    reached_on = forms.DateField(label=_("达成日期"), widget=DateInput, initial=today)
    facts_and_issues = forms.CharField(
        label=_("主要事实、争议事项及责任"), required=False, widget=forms.Textarea
    )
    terms = forms.CharField(label=_("协议内容"), widget=forms.Textarea(attrs={"rows": 6}))
    performance_method = forms.CharField(label=_("履行方式"), required=False, max_length=200)
    performance_deadline = forms.DateField(label=_("履行期限"), required=False, widget=DateInput)
    amount = forms.DecimalField(
        label=_("协议涉及金额（元）"), max_digits=14, decimal_places=2, initial=0
    )
    parties_signed_on = forms.DateField(
        label=_("当事人签名日期"),
        required=False,
        widget=DateInput,
        help_text=_("书面协议必填：各方当事人签名、盖章或按指印的日期。"),
    )
    mediator_signed_on = forms.DateField(
        label=_("调解员签名日期"), required=False, widget=DateInput, help_text=_("书面协议必填。")
    )
    sealed_on = forms.DateField(
        label=_("调委会盖章日期"),
        required=False,
        widget=DateInput,
        help_text=_("书面协议必填。协议自三者中最晚的日期起生效。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial = {"facts_and_issues": self.case.facts, "amount": self.case.amount,
                        **self.initial}  # fmt: skip


class RefuseForm(_ActionForm):
    on = forms.DateField(label=_("日期"), widget=DateInput, initial=today)
    reason = forms.CharField(label=_("拒绝调解的情况"), widget=forms.Textarea)


class NotAcceptForm(_ActionForm):
    on = forms.DateField(label=_("日期"), widget=DateInput, initial=today)
    matter = forms.ChoiceField(
        label=_("不予调解事项"),
        help_text=_("事项清单由系统管理员在“字典 › 不予调解的纠纷事项”中维护。"),
    )
    referral_note = forms.CharField(label=_("告知的处理途径或移交单位"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read on each request: an item the administrator adds shows up at once (PM-24).
        self.fields["matter"].choices = [BLANK, *code_choices(NOT_MEDIABLE_CODE_LIST)]


class FailForm(_ActionForm):
    on = forms.DateField(label=_("终止调解日期"), widget=DateInput, initial=today)
    routes_told = forms.CharField(
        label=_("已告知的其他解决途径"),
        widget=forms.Textarea,
        help_text=_("如：申请仲裁、向有关行政机关申请处理、向人民法院起诉。"),
    )


class RiskForm(_ActionForm):
    flags = forms.MultipleChoiceField(
        label=_("风险标识"),
        required=False,
        choices=RiskFlag.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reported_to_police_on = forms.DateField(
        label=_("报告公安日期"), required=False, widget=DateInput
    )
    reported_to = forms.CharField(label=_("报告单位"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flags"].widget.attrs["class"] = "form-check-input"
        # The flags replace the current ones: start from what the case has.
        self.initial = {
            "flags": self.case.risk_flags,
            "reported_to_police_on": self.case.reported_to_police_on,
            "reported_to": self.case.reported_to,
            **self.initial,
        }


class PerformanceForm(_ActionForm):
    performance = forms.ChoiceField(
        label=_("履行情况"),
        choices=[c for c in Performance.choices if c[0] != Performance.PENDING],
    )
    performed_on = forms.DateField(label=_("履行日期"), required=False, widget=DateInput)
    amount_performed = forms.DecimalField(
        label=_("已履行金额（元）"), max_digits=14, decimal_places=2, initial=0
    )

    def values(self):
        return {"agreement": self.case.agreement, **self.cleaned_data}


class ConfirmationApplyForm(_ActionForm):
    applied_on = forms.DateField(label=_("申请日期"), widget=DateInput, initial=today)
    court = forms.CharField(label=_("人民法院"), max_length=100)
    # 人民调解法 第33条: both parties apply together; the action refuses without both.
    applicant_consented = forms.BooleanField(label=_("申请人一方同意申请司法确认"), required=False)
    respondent_consented = forms.BooleanField(
        label=_("被申请人一方同意申请司法确认"), required=False
    )

    def values(self):
        return {"agreement": self.case.agreement, **self.cleaned_data}


class ConfirmationDecideForm(_ActionForm):
    decision = forms.ChoiceField(
        label=_("结果"),
        choices=[c for c in ConfirmationDecision.choices if c[0] != ConfirmationDecision.PENDING],
    )
    accepted_on = forms.DateField(label=_("法院受理日期"), required=False, widget=DateInput)
    decided_on = forms.DateField(label=_("裁定日期"), widget=DateInput, initial=today)
    court_case_number = forms.CharField(label=_("调确字案号"), required=False, max_length=60)

    def __init__(self, *args, confirmation, **kwargs):
        self.confirmation = confirmation
        super().__init__(*args, **kwargs)

    def values(self):
        return {"confirmation": self.confirmation, **self.cleaned_data}


class FollowUpForm(_ActionForm):
    visited_on = forms.DateField(label=_("回访日期"), widget=DateInput, initial=today)
    method = forms.ChoiceField(label=_("回访方式"), choices=[(m, m) for m in FOLLOW_UP_METHODS])
    performance = forms.ChoiceField(
        label=_("履行情况"), required=False, choices=[BLANK, *Performance.choices]
    )
    satisfied = forms.NullBooleanField(
        label=_("当事人满意"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", "—"), ("true", _("满意")), ("false", _("不满意"))]
        ),
    )
    notes = forms.CharField(label=_("回访情况"), required=False, widget=forms.Textarea)


class ArchiveForm(_ActionForm):
    on = forms.DateField(label=_("归档日期"), widget=DateInput, initial=today)
