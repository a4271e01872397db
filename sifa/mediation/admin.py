"""Admin of the 以案定补 rate table (个案补贴标准): the one mediation setting kept by hand.

Rates are dated: a new standard is a new row with its 执行日期, never an edit of an old row,
so claims of earlier cases keep the rate that applied on their closing date. Rows are not
deleted (a claim's amount was computed from them); simple-history keeps every change.
"""

from django import forms
from django.contrib import admin

from sifa.core.admin import HistoryAdmin
from sifa.core.forms import KitModelForm
from sifa.mediation.actions.subsidies import CommitteeLevel, SubsidyGrade
from sifa.mediation.models import SubsidyRate


class SubsidyRateForm(KitModelForm):
    grade = forms.ChoiceField(
        label=SubsidyRate._meta.get_field("grade").verbose_name, choices=SubsidyGrade.choices
    )
    committee_level = forms.ChoiceField(
        label=SubsidyRate._meta.get_field("committee_level").verbose_name,
        choices=CommitteeLevel.choices,
    )

    class Meta:
        model = SubsidyRate
        fields = ["grade", "committee_level", "amount", "valid_from"]


@admin.register(SubsidyRate)
class SubsidyRateAdmin(HistoryAdmin):
    form = SubsidyRateForm
    list_display = ("committee_level_label", "grade_label", "amount", "valid_from")
    list_filter = ("committee_level", "grade", "valid_from")
    ordering = ("committee_level", "grade", "-valid_from")

    @admin.display(description=SubsidyRate._meta.get_field("committee_level").verbose_name)
    def committee_level_label(self, rate):
        return dict(CommitteeLevel.choices).get(rate.committee_level, rate.committee_level)

    @admin.display(description=SubsidyRate._meta.get_field("grade").verbose_name)
    def grade_label(self, rate):
        return dict(SubsidyGrade.choices).get(rate.grade, rate.grade)

    def has_delete_permission(self, request, obj=None):
        return False  # claims were computed from these rows: add a newer rate instead
