"""The audit pages (安全审计): login log, sensitive-read log, data changes. Read only.

Every page is GET only and offers no editing; the selectors refuse anyone who is not a
security auditor (安全审计员) with 403.
"""

from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sifa.audit import history, selectors
from sifa.audit.models import AuthEvent
from sifa.core.forms import DateInput, DateRangeChecked
from sifa.core.views import Column, paginate


def auditor_page(view):
    """Logged in, GET only, and a security auditor (403 otherwise)."""

    @login_required
    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        selectors.require_auditor(request.user)
        return view(request, *args, **kwargs)

    return wrapper


class DateRangeForm(DateRangeChecked, forms.Form):
    """Filters shared by the three pages; every field is optional."""

    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def filters(self) -> dict:
        """The valid filters; a field with an error is left out (and its error shown)."""
        self.is_valid()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
        return {name: value for name, value in self.cleaned_data.items() if value}


class AuthEventFilterForm(DateRangeForm):
    username = forms.CharField(label=_("用户名"), required=False, max_length=150)
    kind = forms.ChoiceField(
        label=_("事件"),
        required=False,
        choices=[("", _("全部")), *AuthEvent.Kind.choices],
    )
    field_order = ["username", "kind", "date_from", "date_to"]


class AccessLogFilterForm(DateRangeForm):
    user = forms.CharField(label=_("用户"), required=False, max_length=150)
    model = forms.ChoiceField(label=_("记录类型"), required=False)
    field_order = ["user", "model", "date_from", "date_to"]

    def __init__(self, *args, model_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("全部")), *model_choices]


class ChangeFilterForm(DateRangeForm):
    model = forms.ChoiceField(label=_("记录类型"), required=False)
    user = forms.CharField(label=_("操作人"), required=False, max_length=150)
    field_order = ["model", "user", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("全部")), *history.model_choices()]


# Each log page: its title and the text shown when nothing matches the filter.
LOG_PAGES = {
    "auth_events": (_("登录日志"), _("没有符合条件的登录记录。")),
    "access_logs": (_("敏感信息查看记录"), _("没有符合条件的查看记录。")),
    "changes": (_("数据修改记录"), _("没有符合条件的修改记录。")),
}


def _log_page(request, name, form, page_obj, **extra):
    """One log as a filtered, paged table (core/table_page.html)."""
    title, empty = LOG_PAGES[name]
    context = {"filters": form, "page_obj": page_obj, "title": title, "empty": empty, **extra}
    return render(request, f"audit/{name}.html", context)


AUTH_EVENT_COLUMNS = (
    Column(_("时间"), "at"),
    Column(_("事件"), "kind"),
    Column(_("用户名"), "username"),
    Column(_("姓名"), "user__full_name"),
    Column(_("来源地址"), "ip_address"),
    Column(_("浏览器"), "user_agent"),
)
ACCESS_LOG_COLUMNS = (
    Column(_("时间"), "at"),
    Column(_("用户"), "user__full_name"),
    Column(_("记录类型"), "model"),
    Column(_("记录"), "object_repr"),
    Column(_("字段"), "field"),
    Column(_("用途"), "purpose"),
    Column(_("来源地址"), "ip_address"),
)
# The changes are one UNION ALL of every history table, carrying only the columns the tables
# share; what each entry says is read from its own table after the page is cut.
CHANGE_COLUMNS = (
    Column(_("时间"), "history_date"),
    Column(_("记录类型"), "model_label"),
    Column(_("记录"), unsortable=_("记录名称在分页后从各历史表读出，合并的列表中没有")),
    Column(_("操作"), "history_type"),
    Column(_("操作人"), unsortable=_("合并的列表只带操作人的编号，按编号排序没有意义")),
    Column(_("修改内容"), unsortable=_("各条记录修改的字段不同，不是一个值")),
)


def _page(request, rows, columns):
    return paginate(request, rows, columns=columns)


@auditor_page
def auth_events(request):
    form = AuthEventFilterForm(request.GET)
    events = selectors.auth_event_list(actor=request.user, **form.filters())
    return _log_page(request, "auth_events", form, _page(request, events, AUTH_EVENT_COLUMNS))


@auditor_page
def access_logs(request):
    form = AccessLogFilterForm(
        request.GET, model_choices=selectors.access_log_model_choices(actor=request.user)
    )
    logs = selectors.access_log_list(actor=request.user, **form.filters())
    return _log_page(request, "access_logs", form, _page(request, logs, ACCESS_LOG_COLUMNS))


@auditor_page
def changes(request):
    form = ChangeFilterForm(request.GET)
    rows = selectors.change_list(actor=request.user, **form.filters())
    page_obj = _page(request, rows, CHANGE_COLUMNS)
    entries = selectors.change_entries(actor=request.user, rows=page_obj.object_list)
    return _log_page(request, "changes", form, page_obj, entries=entries)
