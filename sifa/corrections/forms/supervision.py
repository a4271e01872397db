"""Forms of the daily supervision, alert and lost-contact pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sifa.core.forms import BLANK, DateInput, StyledForm, filter_choice
from sifa.corrections.constants import AlertKind, SupervisionKind
from sifa.corrections.selectors.supervision import HANDLED, OPEN


class _Today(StyledForm):
    date_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.date_fields:
            self.fields[name].initial = timezone.localdate()


class SupervisionForm(_Today):
    date_fields = ("happened_on",)

    kind = forms.ChoiceField(label=_("方式"), choices=[BLANK, *SupervisionKind.choices])
    happened_on = forms.DateField(label=_("日期"), widget=DateInput)
    content = forms.CharField(label=_("情况"), widget=forms.Textarea)
    anomaly = forms.BooleanField(label=_("发现异常"), required=False)


class LostContactOpenForm(_Today):
    date_fields = ("lost_on",)

    lost_on = forms.DateField(label=_("失联日期"), widget=DateInput)
    police_notified_on = forms.DateField(label=_("通报公安日期"), widget=DateInput, required=False)
    search = forms.CharField(label=_("查找情况"), widget=forms.Textarea, required=False)


class LostContactCloseForm(_Today):
    date_fields = ("found_on",)

    found_on = forms.DateField(label=_("找回日期"), widget=DateInput)
    search = forms.CharField(
        label=_("查找情况"),
        widget=forms.Textarea,
        required=False,
        help_text=_("不填则保留原有查找情况。"),
    )


class AlertHandleForm(_Today):
    date_fields = ("handled_on",)

    handled_on = forms.DateField(label=_("处置日期"), widget=DateInput)
    handling = forms.CharField(label=_("处置情况"), widget=forms.Textarea)


class AlertFilterForm(StyledForm):
    kind = filter_choice(_("类型"), _("全部"), AlertKind.choices)
    office = forms.ModelChoiceField(label=_("所属机构"), required=False, queryset=None)
    state = filter_choice(_("处置情况"), _("全部"), [(OPEN, _("待处置")), (HANDLED, _("已处置"))])

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class LostContactFilterForm(StyledForm):
    state = filter_choice(_("状态"), _("全部"), [(OPEN, _("失联中")), (HANDLED, _("已找回"))])
