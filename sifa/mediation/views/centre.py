"""Centre-work pages (调处中心工作): reception log, group petitions dissuaded, escalations
prevented — each a filtered list with totals, an Excel export and a record form.

The three subjects differ only in their fields, so one `Subject` row describes each and the
views below serve all three.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.excel import xlsx_response
from sifa.core.forms import PeriodFilterForm
from sifa.core.views import (
    Column,
    list_page_context,
    offices_to_act_in,
    paginate,
    save_valid,
    sorted_rows,
)
from sifa.mediation.actions import centre as actions
from sifa.mediation.forms.centre import (
    EscalationPreventedForm,
    PetitionDissuadedForm,
    ReceptionFilterForm,
    ReceptionForm,
)
from sifa.mediation.selectors import centre as selectors
from sifa.mediation.selectors import committees as committee_selectors
from sifa.mediation.selectors import screening as screening_selectors


def _yes(value: bool) -> str:
    return _("是") if value else _("否")


@dataclass(frozen=True)
class Subject:
    key: str  # URL names: <key>_list, <key>_export, <key>_create
    title: str
    list_rows: Callable  # selector(actor=, within=, date_from=, date_to=, **extra)
    filter_form: type
    record_form: type
    record: Callable  # the action
    recording_offices: Callable  # selector(actor=) of offices the actor may record for
    date_field: str
    headers: tuple[str, ...]
    row: Callable  # record -> export row
    columns: tuple[str, ...]  # attribute names shown in the list (after date and office)

    @property
    def list_columns(self) -> tuple[Column, ...]:
        """The list's columns (date, office, then ``columns``), each sorting by its field."""
        fields = (self.date_field, "office__name", *self.columns)
        headers = self.headers[: len(fields)]  # the export's further headers are not listed
        return tuple(Column(h, field) for h, field in zip(headers, fields, strict=True))


def _reception_row(r):
    case = r.case.number if r.case_id else ""
    return [r.received_on, r.office.name, r.persons, r.matter, r.leader,
            _yes(r.pre_visit_guidance), case]  # fmt: skip


def _escalation_row(e):
    return [e.prevented_on, e.office.name, e.persons, e.description,
            e.case.number if e.case_id else ""]  # fmt: skip


SUBJECTS = {
    "reception": Subject(
        key="reception",
        title=gettext_lazy("来访接待"),
        list_rows=selectors.reception_list,
        filter_form=ReceptionFilterForm,
        record_form=ReceptionForm,
        record=actions.reception_record,
        recording_offices=selectors.centres_for_recording,
        date_field="received_on",
        headers=(
            gettext_lazy("接待日期"),
            gettext_lazy("登记单位"),
            gettext_lazy("人数"),
            gettext_lazy("来访事项"),
            gettext_lazy("接访领导"),
            gettext_lazy("预访疏导"),
            gettext_lazy("受理案件编号"),
        ),
        row=_reception_row,
        columns=("persons", "matter", "leader"),
    ),
    "petition": Subject(
        key="petition",
        title=gettext_lazy("劝阻群体性上访"),
        list_rows=selectors.petition_dissuaded_list,
        filter_form=PeriodFilterForm,
        record_form=PetitionDissuadedForm,
        record=actions.petition_dissuaded_record,
        recording_offices=screening_selectors.offices_for_recording,
        date_field="dissuaded_on",
        headers=(
            gettext_lazy("劝阻日期"),
            gettext_lazy("登记单位"),
            gettext_lazy("人数"),
            gettext_lazy("事由"),
        ),
        row=lambda p: [p.dissuaded_on, p.office.name, p.persons, p.matter],
        columns=("persons", "matter"),
    ),
    "escalation": Subject(
        key="escalation",
        title=gettext_lazy("防止纠纷激化"),
        list_rows=selectors.escalation_prevented_list,
        filter_form=PeriodFilterForm,
        record_form=EscalationPreventedForm,
        record=actions.escalation_prevented_record,
        recording_offices=screening_selectors.offices_for_recording,
        date_field="prevented_on",
        headers=(
            gettext_lazy("日期"),
            gettext_lazy("登记单位"),
            gettext_lazy("涉及人数"),
            gettext_lazy("情况"),
            gettext_lazy("调解案件编号"),
        ),
        row=_escalation_row,
        columns=("persons", "description"),
    ),
}


def _filtered(request, subject: Subject):
    filters = subject.filter_form(
        request.GET or None, offices=committee_selectors.offices_for_filter(actor=request.user)
    )
    extra = (
        {"leader_only": bool(filters.value("leader_only"))}
        if "leader_only" in filters.fields
        else {}
    )
    rows = subject.list_rows(
        actor=request.user,
        within=filters.value("within", None),
        date_from=filters.value("date_from", None),
        date_to=filters.value("date_to", None),
        **extra,
    )
    return filters, rows


def _list(request, subject: Subject):
    filters, rows = _filtered(request, subject)
    totals = rows.aggregate(persons=Sum("persons"))
    page = paginate(request, rows, columns=subject.list_columns)
    for record in page.object_list:
        record.day = getattr(record, subject.date_field)
        record.cells = [getattr(record, name) for name in subject.columns]
    context = list_page_context(
        request,
        filters=filters,
        page=page,
        subject=subject,
        title=subject.title,
        empty=_("没有符合条件的记录。"),
        export_name=f"mediation:{subject.key}_export",
        create_name=f"mediation:{subject.key}_create",
        headers=subject.headers[2 : 2 + len(subject.columns)],
        records=page.object_list,
        batches=page.paginator.count,
        persons=totals["persons"] or 0,
        can_record=subject.recording_offices(actor=request.user).exists(),
    )
    return render(request, "mediation/centre/record_list.html", context)


def _export(request, subject: Subject):
    filters, rows = _filtered(request, subject)
    rows = sorted_rows(request, rows, subject.list_columns)  # the page's order
    return xlsx_response(
        title=str(subject.title),
        headers=[str(h) for h in subject.headers],
        rows=(subject.row(record) for record in rows),
        filters=filters.describe(),
    )


def _create(request, subject: Subject):
    offices = offices_to_act_in(
        subject.recording_offices(actor=request.user),
        _("您没有权限登记%(title)s。") % {"title": subject.title},
    )
    initial = {"office": screening_selectors.default_office(actor=request.user, offices=offices)}
    form = subject.record_form(
        request.POST or None, actor=request.user, offices=offices, initial=initial
    )
    saved = save_valid(
        request, form, lambda: subject.record(actor=request.user, **form.cleaned_data)
    )
    if saved:
        return redirect(f"mediation:{subject.key}_list")
    context = {
        "form": form,
        "title": _("登记%(title)s") % {"title": subject.title},
        "back_url": reverse(f"mediation:{subject.key}_list"),
        "check_class": "mt-md-4",
    }
    return render(request, "core/form_page.html", context)


def _pages_of(key: str):
    """The list, Excel export and create pages of one subject, for its URLs."""
    subject = SUBJECTS[key]

    @login_required
    def list_page(request):
        return _list(request, subject)

    @login_required
    def export(request):
        return _export(request, subject)

    @login_required
    @require_http_methods(["GET", "POST"])
    def create(request):
        return _create(request, subject)

    return list_page, export, create


# 来访接待登记: batches (rows) and persons received.
reception_list, reception_export, reception_create = _pages_of("reception")
# 劝阻群体性上访: batches and persons.
petition_list, petition_export, petition_create = _pages_of("petition")
# 防止纠纷激化: disputes kept from turning into crimes or group incidents.
escalation_list, escalation_export, escalation_create = _pages_of("escalation")
