"""Forms of leave, 经常性跨市县活动, 执行地变更 and 电子定位 (one small form per action)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, StyledForm, filter_choice, today
from sifa.corrections.constants import MonitoringGround
from sifa.corrections.selectors.movement import APPROVED, CLOSED, OVERDUE_RETURN, PENDING


class LeaveApplyForm(StyledForm):
    applied_on = forms.DateField(label=_("申请日期"), widget=DateInput, initial=today)
    start_on = forms.DateField(label=_("外出开始日期"), widget=DateInput)
    end_on = forms.DateField(
        label=_("外出结束日期"),
        widget=DateInput,
        help_text=_("外出天数含首尾两日；审批层级按天数及两个月内累计天数自动确定。"),
    )
    destination = forms.CharField(label=_("目的地"), max_length=100)
    reason = forms.CharField(label=_("事由"), max_length=200)


class LeaveDecideForm(StyledForm):
    approve = forms.TypedChoiceField(
        label=_("审批结果"),
        choices=[("1", _("批准")), ("0", _("不予批准"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("审批日期"), widget=DateInput, initial=today)
    decided_by = forms.CharField(label=_("审批人"), max_length=50)
    procuratorate_notified_on = forms.DateField(
        label=_("通报检察院日期"),
        widget=DateInput,
        required=False,
        help_text=_("由市级社区矫正机构批准的外出必填。"),
    )


class LeaveReturnForm(StyledForm):
    returned_on = forms.DateField(label=_("销假日期"), widget=DateInput, initial=today)


class LeaveFilterForm(StyledForm):
    state = filter_choice(
        _("办理情况"),
        _("全部"),
        [
            (PENDING, _("待审批")),
            (APPROVED, _("已批准未销假")),
            (OVERDUE_RETURN, _("逾期未归")),
            (CLOSED, _("已销假或不予批准")),
        ],
    )


class CrossingForm(StyledForm):
    destination = forms.CharField(label=_("前往地区"), max_length=100)
    reason = forms.CharField(label=_("事由"), max_length=200)
    valid_from = forms.DateField(label=_("有效期起"), widget=DateInput)
    valid_to = forms.DateField(label=_("有效期止"), widget=DateInput)


class PlaceChangeApplyForm(StyledForm):
    to_office = forms.ModelChoiceField(label=_("新执行地司法所"), queryset=None)
    applied_on = forms.DateField(label=_("申请日期"), widget=DateInput, initial=today)
    planned_move_on = forms.DateField(
        label=_("拟迁居日期"),
        widget=DateInput,
        required=False,
        help_text=_("一般应提前一个月申请；不足一个月时仅作提示。"),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_office"].queryset = offices


class OpinionRequestForm(StyledForm):
    requested_on = forms.DateField(label=_("征求意见日期"), widget=DateInput, initial=today)


class OpinionReplyForm(StyledForm):
    replied_on = forms.DateField(label=_("新执行地回复日期"), widget=DateInput, initial=today)


class PlaceChangeDecideForm(StyledForm):
    approve = forms.TypedChoiceField(
        label=_("决定"),
        choices=[("1", _("同意变更")), ("0", _("不同意变更"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput, initial=today)


class PlaceChangeReportForm(StyledForm):
    reported_on = forms.DateField(label=_("到新执行地报到日期"), widget=DateInput, initial=today)


class MonitoringStartForm(StyledForm):
    ground = forms.ChoiceField(
        label=_("适用情形"),
        choices=[BLANK, *MonitoringGround.choices],
        help_text=_("社区矫正法第二十九条规定的五种情形之一。"),
    )
    approved_by = forms.CharField(label=_("批准人（县级司法行政部门负责人）"), max_length=50)
    approved_on = forms.DateField(label=_("批准日期"), widget=DateInput, initial=today)
    start_on = forms.DateField(label=_("开始日期"), widget=DateInput, initial=today)
    end_on = forms.DateField(
        label=_("期限届满日期"), widget=DateInput, help_text=_("每次不超过三个月。")
    )
    device_id = forms.CharField(label=_("设备编号"), max_length=60, required=False)


class MonitoringExtendForm(StyledForm):
    reassessment = forms.CharField(label=_("重新评估情况"), widget=forms.Textarea)
    approved_by = forms.CharField(label=_("批准人（县级司法行政部门负责人）"), max_length=50)
    approved_on = forms.DateField(label=_("批准日期"), widget=DateInput, initial=today)
    end_on = forms.DateField(
        label=_("延长至"), widget=DateInput, help_text=_("每次延长不超过三个月。")
    )


class MonitoringReleaseForm(StyledForm):
    released_on = forms.DateField(label=_("解除日期"), widget=DateInput, initial=today)
    reason = forms.CharField(label=_("解除原因"), max_length=200)
