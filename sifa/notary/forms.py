"""Forms of the 公证 pages: list filters, the application (申请公证), one small form per action.
They tidy input and give early Chinese messages; the actions validate again and decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import (
    DateInput,
    PeriodFilterForm,
    StyledForm,
    filter_choice,
    today,
)
from sifa.notary.constants import (
    Branch,
    ConsultationWay,
    MatterCode,
    PauseReason,
    RefusalGround,
    ReliefBasis,
    ReviewOutcome,
    Scope,
    Status,
)
from sifa.people.forms import IdentityFields

PLEASE_CHOOSE = [("", _("请选择"))]


class NotarisationFilterForm(PeriodFilterForm):
    dated_by = _("申请日期")

    status = filter_choice(_("状态"), _("全部状态"), Status.choices)
    scope = filter_choice(_("国内/涉外"), _("全部"), Scope.choices)
    branch = filter_choice(_("民事/经济"), _("全部"), Branch.choices)
    matter_code = filter_choice(_("公证事项"), _("全部事项"), MatterCode.choices)
    overdue = forms.BooleanField(label=_("只看已超期未出证的"), required=False)
    query = forms.CharField(label=_("受理编号、申请人或公证书编号"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("status", "scope", "branch", "matter_code"),
            **self.period("applied"),
            "overdue": bool(self.value("overdue", False)),
            "query": self.value("query").strip(),
        }


class InstitutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.office.name


class ApplyForm(IdentityFields):
    """申请公证: the notary office, the applicant by 身份证号码, the matter."""

    id_number_label = _("申请人身份证号码")
    name_label = _("申请人姓名")
    office = InstitutionChoiceField(label=_("公证机构"), queryset=None, empty_label=_("请选择"))
    matter_code = forms.ChoiceField(
        label=_("公证事项"), choices=PLEASE_CHOOSE + list(MatterCode.choices)
    )
    scope = forms.ChoiceField(label=_("国内/涉外"), choices=Scope.choices, initial=Scope.DOMESTIC)
    use_country = forms.CharField(
        label=_("使用地（国家或地区）"),
        required=False,
        max_length=50,
        help_text=_("涉外公证必填。"),
    )
    summary = forms.CharField(label=_("申请事项摘要"), max_length=200)
    applied_on = forms.DateField(label=_("申请日期"), widget=DateInput, initial=today)
    fee_standard = forms.DecimalField(
        label=_("应收公证费（元）"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )

    field_order = ["office", "id_number", "name", "phone"]

    def __init__(self, *args, actor, offices, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["office"].queryset = offices
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]
        self.fields["id_number"].required = True

    def clean(self):
        data = super().clean()
        self.clean_identity(data)
        return data

    def values(self) -> dict:
        keys = ("matter_code", "scope", "use_country", "summary", "applied_on", "fee_standard")
        return {key: self.cleaned_data[key] for key in keys}


class _ActionForm(StyledForm):
    def __init__(self, *args, notarisation=None, **kwargs):
        self.notarisation = notarisation
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class NotaryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.licence_number}）"


class AcceptForm(_ActionForm):
    accepted_on = forms.DateField(label=_("受理日期"), widget=DateInput, initial=today)
    notary = NotaryChoiceField(
        label=_("承办公证员"), queryset=None, required=False, empty_label=_("请选择")
    )

    def __init__(self, *args, notaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notary"].queryset = notaries


class PauseForm(_ActionForm):
    reason = forms.ChoiceField(
        label=_("扣除事由"), choices=PLEASE_CHOOSE + list(PauseReason.choices)
    )
    first = forms.DateField(label=_("起始日期"), widget=DateInput, initial=today)
    last = forms.DateField(
        label=_("截止日期"), widget=DateInput, required=False, help_text=_("尚未结束的留空。")
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class PauseEndForm(_ActionForm):
    last = forms.DateField(label=_("截止日期"), widget=DateInput, initial=today)


class IssueForm(_ActionForm):
    issued_on = forms.DateField(label=_("出证日期"), widget=DateInput, initial=today)
    certificate_number = forms.CharField(label=_("公证书编号"), max_length=60)


class RefuseForm(_ActionForm):
    refused_on = forms.DateField(label=_("不予办理日期"), widget=DateInput, initial=today)
    refusal_ground = forms.ChoiceField(
        label=_("不予办理情形（公证法 第31条）"),
        choices=PLEASE_CHOOSE + list(RefusalGround.choices),
    )
    refusal_reasons = forms.CharField(label=_("具体理由"), widget=forms.Textarea)


class WithdrawForm(_ActionForm):
    withdrawn_on = forms.DateField(label=_("撤回日期"), widget=DateInput, initial=today)
    reason = forms.CharField(label=_("说明"), required=False, max_length=200)


class FeeForm(_ActionForm):
    fee_standard = forms.DecimalField(
        label=_("应收公证费（元）"), min_value=0, max_digits=12, decimal_places=2
    )
    fee_charged = forms.DecimalField(
        label=_("实收公证费（元）"), min_value=0, max_digits=12, decimal_places=2
    )
    relief_basis = forms.ChoiceField(
        label=_("减免依据"),
        required=False,
        choices=[("", _("不减免")), *ReliefBasis.choices],
    )
    legal_aid_number = forms.CharField(
        label=_("法律援助申请编号"),
        required=False,
        max_length=40,
        help_text=_("受援人减免的，填写给予法律援助决定所涉申请编号，系统查验法律援助决定。"),
    )
    relief_note = forms.CharField(label=_("减免说明"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        n = self.notarisation
        if n is not None and not self.is_bound:
            self.initial.update(
                fee_standard=n.fee_standard,
                fee_charged=n.fee_charged,
                relief_basis=n.relief_basis,
                legal_aid_number=n.legal_aid_number,
                relief_note=n.relief_note,
            )


class ReviewReceiveForm(_ActionForm):
    requested_by = forms.CharField(label=_("复查申请人"), max_length=100)
    received_on = forms.DateField(label=_("收到复查申请日期"), widget=DateInput, initial=today)
    request = forms.CharField(label=_("复查请求及理由"), widget=forms.Textarea)


class ReviewDecideForm(StyledForm):
    decided_on = forms.DateField(label=_("复查决定日期"), widget=DateInput, initial=today)
    outcome = forms.ChoiceField(
        label=_("复查结果"), choices=PLEASE_CHOOSE + list(ReviewOutcome.choices)
    )
    reasons = forms.CharField(label=_("复查决定理由"), widget=forms.Textarea)


class ConsultationFilterForm(PeriodFilterForm):
    dated_by = _("日期")

    def selector_arguments(self) -> dict:
        return {"office": self.value("within", None), **self.period("held")}


class ConsultationForm(StyledForm):
    institution = InstitutionChoiceField(
        label=_("公证机构"), queryset=None, empty_label=_("请选择")
    )
    held_on = forms.DateField(label=_("日期"), widget=DateInput, initial=today)
    way = forms.ChoiceField(label=_("方式"), choices=PLEASE_CHOOSE + list(ConsultationWay.choices))
    persons = forms.IntegerField(label=_("人次"), min_value=1)
    topic = forms.CharField(label=_("咨询内容"), max_length=200)
    answered_by = forms.CharField(label=_("解答人"), required=False, max_length=50)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = offices
        if len(offices) == 1:
            self.fields["institution"].initial = offices[0]
