"""System administration of the code tables (字典) and the holiday table (节假日调整).

Who may edit is decided by Django model permissions, which follow from the roles'
capabilities (sifa.orgs.duties, docs/security.md 三权分立). Code items are never deleted —
they are retired with 停用日期 — so old records keep their meaning; every change is kept by
simple-history ("历史" button, read only: `HistoryAdmin`).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sifa.core.forms import KitModelForm
from sifa.core.models import CalendarDay, CodeItem, CodeList, ScheduledRun


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with the history pages read only.

    `SIMPLE_HISTORY_REVERT_DISABLED` only hides the "revert" button: the page of an old version
    still saved that version when POSTed, every field of it (a role's capabilities, past any
    form rule). Here it only shows it.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class CodeItemForm(KitModelForm):
    class Meta:
        model = CodeItem
        fields = ["code", "name", "parent_code", "sort_order", "valid_from", "valid_to"]

    def clean(self):
        cleaned = super().clean()
        valid_from, valid_to = cleaned.get("valid_from"), cleaned.get("valid_to")
        if valid_from and valid_to and valid_to <= valid_from:
            self.add_error("valid_to", _("停用日期必须晚于启用日期。"))
        code = cleaned.get("code", self.instance.code)  # read-only on saved items
        parent_code = cleaned.get("parent_code")
        if code and parent_code == code:
            self.add_error("parent_code", _("上级代码不能是本项自己。"))
        return cleaned


class CodeItemStandaloneForm(CodeItemForm):
    class Meta(CodeItemForm.Meta):
        fields = ["code_list", *CodeItemForm.Meta.fields]

    def clean(self):
        cleaned = super().clean()
        code_list, parent_code = cleaned.get("code_list"), cleaned.get("parent_code")
        if code_list and parent_code and not code_list.items.filter(code=parent_code).exists():
            self.add_error("parent_code", _("上级代码在本字典中不存在。"))
        return cleaned


class CodeItemInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        codes = (
            set(self.instance.items.values_list("code", flat=True)) if self.instance.pk else set()
        )
        forms_in_use = [f for f in self.forms if getattr(f, "cleaned_data", None)]
        codes |= {f.cleaned_data.get("code", f.instance.code) for f in forms_in_use}
        for form in forms_in_use:
            parent_code = form.cleaned_data.get("parent_code")
            if parent_code and parent_code not in codes:
                form.add_error("parent_code", _("上级代码在本字典中不存在。"))


class CodeItemInline(admin.TabularInline):
    """The list's items. A saved item's code is fixed: records store it, so changing it would
    orphan them — retire the item (停用日期) and add a new one instead."""

    model = CodeItem
    form = CodeItemForm
    formset = CodeItemInlineFormSet
    readonly_fields = ["code"]
    extra = 0
    can_delete = False  # retire with 停用日期 instead
    ordering = ["sort_order", "code"]

    def has_add_permission(self, request, obj=None):
        return False  # new items go through NewCodeItemInline, where the code is editable


class NewCodeItemInline(admin.TabularInline):
    model = CodeItem
    form = CodeItemForm
    formset = CodeItemInlineFormSet
    extra = 1
    can_delete = False
    verbose_name = verbose_name_plural = _("新增字典项")

    def get_queryset(self, request):
        return super().get_queryset(request).none()


@admin.register(CodeList)
class CodeListAdmin(HistoryAdmin):
    list_display = ["key", "name", "source", "item_count"]
    search_fields = ["key", "name", "source", "items__code", "items__name"]
    fields = ["key", "name", "source", "description"]
    inlines = [CodeItemInline, NewCodeItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("字典项数"), ordering="item_count")
    def item_count(self, obj):
        return obj.item_count

    def get_readonly_fields(self, request, obj=None):
        # Code elsewhere looks a list up by its key: fixed once the list exists.
        return ["key"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


class ValidityFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("current", _("在用")), ("retired", _("已停用")), ("future", _("尚未启用"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.exclude(valid_from__gt=today).exclude(valid_to__lte=today)
        if self.value() == "retired":
            return queryset.filter(valid_to__lte=today)
        if self.value() == "future":
            return queryset.filter(valid_from__gt=today)
        return queryset


@admin.register(CodeItem)
class CodeItemAdmin(HistoryAdmin):
    form = CodeItemStandaloneForm
    list_display = [
        "code",
        "name",
        "code_list",
        "parent_code",
        "sort_order",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["code_list", ValidityFilter]
    search_fields = ["code", "name", "code_list__key", "code_list__name"]
    list_select_related = ["code_list"]
    ordering = ["code_list__key", "sort_order", "code"]

    def get_readonly_fields(self, request, obj=None):
        # Records store the code: changing it would orphan them. Retire and add a new item.
        return ["code_list", "code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False


class YearFilter(admin.SimpleListFilter):
    title = _("年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), f"{d.year}年") for d in years]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters(self.value())  # the admin shows its error page
        return queryset.filter(date__year=int(self.value()))


@admin.register(CalendarDay)
class CalendarDayAdmin(HistoryAdmin):
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = [YearFilter, "kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    ordering = ["date"]

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin page that shows rows and never adds, changes or deletes one (logs, runs)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin):
    """计划任务执行记录: each run of a scheduled job (docs/jobs.md), read only for the system
    administrator — when it was due, when it ran, how it ended and what it printed."""

    list_display = ["key", "due_at", "late", "status", "started_at", "finished_at"]
    list_filter = ["key", "status", "late"]
    readonly_fields = [
        "key", "command", "due_at", "late", "status", "enqueued_at", "started_at",
        "finished_at", "output",
    ]  # fmt: skip
    date_hierarchy = "due_at"
