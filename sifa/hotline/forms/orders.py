"""Forms of the work-order pages: list filter, intake by hand, one small form per action.

They tidy input and give early Chinese messages; `sifa.hotline.actions.orders` validates
again and decides."""

from __future__ import annotations

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.codes import code_choices
from sifa.core.forms import (
    BLANK,
    DateTimeInput,
    OfficeChoiceField,
    PeriodFilterForm,
    StyledForm,
    filter_choice,
)
from sifa.hotline.constants import CATEGORY_CODE_LIST, Callback, Channel, Status, Urgency
from sifa.hotline.selectors.orders import OVERDUE
from sifa.legalaid.constants import CONSULTATION_CATEGORY_CODE_LIST

categories = partial(code_choices, CATEGORY_CODE_LIST)


class OrderFilterForm(PeriodFilterForm):
    """承办机构, 派单日期 range, status, category, urgency, overdue, text."""

    dated_by = _("派单日期")

    status = filter_choice(_("状态"), _("全部状态"), Status.choices)
    category = filter_choice(_("诉求类别"), _("全部类别"), categories)
    urgency = filter_choice(_("紧急程度"), _("全部"), Urgency.choices)
    channel = filter_choice(_("来源渠道"), _("全部渠道"), Channel.choices)
    due = filter_choice(_("时限"), _("全部"), [(OVERDUE, _("已超时限"))])
    q = forms.CharField(label=_("工单编号、标题、诉求人或内容"), required=False, max_length=50)

    def selector_arguments(self) -> dict:
        return {
            "office": self.value("within", None),
            **self.chosen("status", "category", "urgency", "channel", "due"),
            **self.period("received"),
            "q": self.value("q").strip(),
        }


class OrderReceiveForm(StyledForm):
    """接收工单 by hand (the platform's order copied in when the API is not connected)."""

    bureau = OfficeChoiceField(label=_("受理司法局"), queryset=None)
    number = forms.CharField(label=_("工单编号"), max_length=40)
    channel = forms.ChoiceField(label=_("来源渠道"), choices=Channel.choices)
    category = forms.ChoiceField(label=_("诉求类别"), choices=())
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices)
    received_at = forms.DateTimeField(label=_("派单时间"), widget=DateTimeInput)
    title = forms.CharField(label=_("工单标题"), required=False, max_length=200)
    content = forms.CharField(label=_("诉求内容"), widget=forms.Textarea)
    citizen_name = forms.CharField(label=_("诉求人"), required=False, max_length=50)
    citizen_phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    address = forms.CharField(label=_("诉求地址"), required=False, max_length=200)
    platform_sign_due = forms.DateTimeField(
        label=_("平台签收时限"), required=False, widget=DateTimeInput
    )
    platform_reply_due = forms.DateTimeField(
        label=_("平台办结时限"), required=False, widget=DateTimeInput
    )

    def __init__(self, *args, bureaus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus
        if len(bureaus) == 1:
            self.fields["bureau"].initial = bureaus[0]
        self.fields["category"].choices = [BLANK, *categories()]

    def values(self) -> dict:
        return dict(self.cleaned_data)


# ---------------------------------------------------------------------------------------------
# Action forms: `values()` returns the action's keywords besides actor and order.


class _ActionForm(StyledForm):
    def __init__(self, *args, order, offices=None, **kwargs):
        self.order = order
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class AssignForm(_ActionForm):
    office = OfficeChoiceField(label=_("承办机构"), queryset=None)
    note = forms.CharField(label=_("分派说明"), required=False, widget=forms.Textarea)

    def __init__(self, *args, offices, suggestion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if suggestion is not None:
            self.fields["office"].help_text = suggestion.text


class SignForm(_ActionForm):
    """签收: a confirmation; the moment is now."""

    confirm = forms.BooleanField(label=_("确认签收本工单，开始办理"))

    def values(self) -> dict:
        return {}


class ReplyForm(_ActionForm):
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea)


class ExtensionForm(_ActionForm):
    workdays = forms.IntegerField(label=_("延期工作日数"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea)


class ReturnForm(_ActionForm):
    reason = forms.CharField(label=_("退单理由"), widget=forms.Textarea)
    legal_basis = forms.CharField(
        label=_("法律依据"),
        max_length=300,
        help_text=_("说明不属本单位职责的法律、法规或“三定”规定条款。"),
    )


class DecisionForm(_ActionForm):
    approve = forms.TypedChoiceField(
        label=_("审核结果"),
        choices=[BLANK, ("1", _("同意")), ("0", _("不同意"))],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea)


class CallbackForm(_ActionForm):
    result = forms.ChoiceField(label=_("回访结果"), choices=[BLANK, *Callback.choices])


class ToConsultationForm(_ActionForm):
    """转为法律援助咨询: the office and the 咨询类别; the question is the order's 诉求内容, the
    caller its 诉求人 and phone."""

    office = OfficeChoiceField(label=_("接待机构"), queryset=None)
    category = forms.ChoiceField(label=_("咨询类别"))
    answer = forms.CharField(label=_("解答内容"), required=False, widget=forms.Textarea)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]
        self.fields["category"].choices = [
            BLANK,
            *code_choices(CONSULTATION_CATEGORY_CODE_LIST),
        ]
