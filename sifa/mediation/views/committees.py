"""Committee (调委会) and mediator (人民调解员) pages: lists with exports, details, forms.

Reads go through `sifa.mediation.selectors.committees`, writes through
`sifa.mediation.actions.committees`; both use `sifa.orgs.access` (out of sight → 404,
seen but not editable → 403).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sifa.core.codes import code_labels
from sifa.core.excel import xlsx_response
from sifa.core.forms import add_action_errors
from sifa.core.views import PERSON_NAME_COLUMN, Column, list_page_context, paginate, sorted_rows
from sifa.mediation.actions import committees as actions
from sifa.mediation.forms.committees import (
    CommitteeFilterForm,
    CommitteeProfileForm,
    MediatorAppointForm,
    MediatorEndForm,
    MediatorFilterForm,
    MemberAddForm,
    MemberLeaveForm,
    MisconductForm,
    TrainingForm,
)
from sifa.mediation.selectors import committees as selectors
from sifa.mediation.selectors.committees import MediatorKind
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import STAFF_POST_CODE_LIST


def _committee_filters(request):
    filters = CommitteeFilterForm(
        request.GET or None,
        offices=selectors.offices_for_filter(actor=request.user),
        judicial_offices=selectors.judicial_offices(actor=request.user),
    )
    today = timezone.localdate()
    rows = selectors.committee_list(
        actor=request.user,
        on=today,
        within=filters.value("within", None),
        subtype=filters.value("subtype"),
        status=filters.value("status"),
        query=filters.value("q").strip(),
        guided_by=filters.value("guided_by", None),
    )
    return filters, rows, today


COMMITTEE_COLUMNS = (
    Column(gettext_lazy("调委会名称"), "name"),
    Column(gettext_lazy("调委会类型"), "subtype"),
    Column(gettext_lazy("设立单位"), "host_unit"),  # annotations of the profile
    Column(gettext_lazy("指导司法所"), "guiding_office_name"),
    Column(gettext_lazy("在任委员"), "member_count", numeric=True),
    Column(gettext_lazy("在任调解员"), "mediator_count", numeric=True),
    Column(
        gettext_lazy("组成情况"),
        unsortable=gettext_lazy("按人民调解法的组成要求逐个调委会核查"),
    ),
    Column(
        gettext_lazy("状态"),
        ExpressionWrapper(Q(is_active=False) | Q(closed_on__isnull=False), BooleanField()),
        key="closed",
    ),
)
MEDIATOR_COLUMNS = (
    PERSON_NAME_COLUMN,
    Column(gettext_lazy("性别"), "person__gender"),
    Column(gettext_lazy("所属调委会"), "office__name"),
    Column(gettext_lazy("类别"), "is_committee_member"),  # an annotation
    Column(gettext_lazy("专兼职"), "full_time"),
    Column(gettext_lazy("任职日期"), "start_date"),
    Column(gettext_lazy("离任日期"), "end_date"),
)


@login_required
def committee_list(request):
    """调委会列表: type, host unit, serving members and mediators, PM-4 status."""
    filters, committees, today = _committee_filters(request)
    page = paginate(request, committees, columns=COMMITTEE_COLUMNS)
    rows = list(page.object_list)
    problems = selectors.problems_by_committee(rows, today)
    for committee in rows:
        committee.problems = problems[committee.pk]
    context = list_page_context(
        request,
        filters=filters,
        page=page,
        title=_("人民调解委员会"),
        export_name="mediation:committee_export",
        empty=_("没有符合条件的调委会。"),
        committees=rows,
        today=today,
    )
    return render(request, "mediation/committees/committee_list.html", context)


@login_required
def committee_export(request):
    filters, committees, today = _committee_filters(request)
    committees = list(sorted_rows(request, committees, COMMITTEE_COLUMNS))  # the page's order
    problems = selectors.problems_by_committee(committees, today)
    headers = [
        _("机构编码"), _("调委会名称"), _("调委会类型"), _("行政区划代码"),
        _("在任委员数"), _("在任调解员数"), _("组成情况"), _("状态"),
        _("设立单位"), _("指导司法所"), _("印章备案"),
    ]  # fmt: skip
    rows = (
        [
            c.code,
            c.name,
            c.get_subtype_display(),
            c.region_code,
            c.member_count,
            c.mediator_count,
            "；".join(problems[c.pk]) or _("符合规定"),
            _("已撤销") if (c.closed_on or not c.is_active) else _("存续"),
            c.host_unit or "",
            c.guiding_office_name or "",
            _("已备案") if c.seal_registered else _("未备案"),
        ]
        for c in committees
    )
    return xlsx_response(
        title=_("人民调解委员会"), headers=headers, rows=rows, filters=filters.describe()
    )


@login_required
def committee_detail(request, pk):
    """调委会详情: profile, members (current and past), mediators, PM-4 warnings."""
    user = request.user
    committee = selectors.committee_get(actor=user, pk=pk)
    today = timezone.localdate()
    context = {
        "committee": committee,
        "today": today,
        "problems": selectors.committee_problems(committee, today),
        "profile": selectors.committee_profile(actor=user, committee=committee),
        "members": _mark_serving(selectors.committee_members(actor=user, committee=committee)),
        "mediators": selectors.mediator_list(actor=user, on=today, committee=committee),
        "can_edit": selectors.can_edit(user, committee),
    }
    return render(request, "mediation/committees/committee_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def committee_profile_edit(request, pk):
    """登记或修改调委会概况 (设立单位、指导司法所、印章备案)."""
    user = request.user
    committee = selectors.committee_get(actor=user, pk=pk)
    access.require(user, Cap.EDIT, committee, line="mediation")
    profile = selectors.committee_profile(actor=user, committee=committee)
    initial = {}
    if profile is not None:
        initial = {
            "host_unit": profile.host_unit,
            "guiding_office": profile.guiding_office,
            "seal_registered": profile.seal_registered,
            "seal_registered_on": profile.seal_registered_on,
        }
    form = CommitteeProfileForm(
        request.POST or None,
        initial=initial,
        judicial_offices=selectors.judicial_offices(actor=user),
    )
    back = reverse("mediation:committee_detail", args=[committee.pk])
    if _saved(request, form, actions.committee_profile_save, committee=committee):
        return redirect(back)
    return _form_page(request, form, title=_("调委会概况"), subject=committee, back_url=back)


def _mark_serving(members):
    today = timezone.localdate()
    members = list(members)
    for member in members:
        member.serving = member.term_start <= today <= member.term_end and (
            member.left_on is None or member.left_on > today
        )
    return members


def _form_page(request, form, *, title, subject, back_url):
    """One form in a card, the committee named above it (core/form_page.html)."""
    context = {
        "form": form,
        "title": title,
        "intro": subject.name if subject else "",
        "back_url": back_url,
        "check_class": "mt-md-4",
    }
    return render(request, "core/form_page.html", context)


def _saved(request, form, action, **kwargs) -> bool:
    """On a valid POST call `action` with the form's data; show its ValidationError on the
    form. True when the record was saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(actor=request.user, **kwargs, **form.cleaned_data)
    except ValidationError as error:
        add_action_errors(form, error)
        return False
    return True


def _committee_form(request, office, form, action, title, **kwargs):
    """A form on the committee's page (委员, 调解员): saved, it goes back to the committee
    (`office`); `kwargs` go to the action with the form's values."""
    access.require(request.user, Cap.EDIT, office, line="mediation")
    back = reverse("mediation:committee_detail", args=[office.pk])
    if _saved(request, form, action, **kwargs):
        return redirect(back)
    return _form_page(request, form, title=title, subject=office, back_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def committee_member_add(request, pk):
    """选任委员."""
    committee = selectors.committee_get(actor=request.user, pk=pk)
    form = MemberAddForm(request.POST or None, actor=request.user)
    title = _("选任委员")
    return _committee_form(request, committee, form, actions.member_add, title, committee=committee)


@login_required
@require_http_methods(["GET", "POST"])
def committee_member_leave(request, pk):
    """委员离任."""
    member = selectors.member_get(actor=request.user, pk=pk)
    form = MemberLeaveForm(request.POST or None)
    title = _("委员离任：%(name)s") % {"name": member.person.name}
    return _committee_form(request, member.office, form, actions.member_leave, title, member=member)


@login_required
@require_http_methods(["GET", "POST"])
def committee_mediator_appoint(request, pk):
    """聘任调解员."""
    committee = selectors.committee_get(actor=request.user, pk=pk)
    form = MediatorAppointForm(request.POST or None, actor=request.user)
    action, title = actions.mediator_appoint, _("聘任调解员")
    return _committee_form(request, committee, form, action, title, committee=committee)


def _mediator_filters(request):
    filters = MediatorFilterForm(
        request.GET or None, offices=selectors.offices_for_filter(actor=request.user)
    )
    today = timezone.localdate()
    rows = selectors.mediator_list(
        actor=request.user,
        on=today,
        within=filters.value("within", None),
        full_time=filters.full_time_value(),
        gender=filters.value("gender"),
        status=filters.value("status"),
        kind=filters.value("kind"),
    )
    return filters, rows, today


@login_required
def mediator_list(request):
    """人民调解员列表."""
    filters, mediators, today = _mediator_filters(request)
    page = paginate(request, mediators, columns=MEDIATOR_COLUMNS)
    context = list_page_context(
        request,
        filters=filters,
        page=page,
        title=_("人民调解员"),
        export_name="mediation:mediator_export",
        empty=_("没有符合条件的调解员。"),
        mediators=page.object_list,
        today=today,
    )
    return render(request, "mediation/committees/mediator_list.html", context)


@login_required
def mediator_export(request):
    filters, mediators, today = _mediator_filters(request)
    mediators = sorted_rows(request, mediators, MEDIATOR_COLUMNS)  # the page's order
    headers = [
        _("姓名"), _("性别"), _("所属调委会"), _("专兼职"),
        _("任职日期"), _("离任日期"), _("状态"), _("类别"),
    ]  # fmt: skip
    rows = (
        [
            m.person.name,
            m.person.get_gender_display(),
            m.office.name,
            _("专职") if m.full_time else _("兼职"),
            m.start_date,
            m.end_date,
            _("在任") if m.end_date is None or m.end_date >= today else _("已离任"),
            _mediator_kind_label(m),
        ]
        for m in mediators
    )
    return xlsx_response(
        title=_("人民调解员"), headers=headers, rows=rows, filters=filters.describe()
    )


def _mediator_kind_label(mediator) -> str:
    kind = MediatorKind.MEMBER if mediator.is_committee_member else MediatorKind.ENGAGED
    return str(kind.label)


@login_required
def mediator_detail(request, pk):
    """调解员详情: appointment, status history, training and misconduct records."""
    user = request.user
    mediator = selectors.mediator_get(actor=user, pk=pk)
    today = timezone.localdate()
    context = {
        "mediator": mediator,
        "active": mediator.end_date is None or mediator.end_date >= today,
        "post_label": code_labels(STAFF_POST_CODE_LIST).get(mediator.post, mediator.post),
        "history": selectors.mediator_status_history(mediator),
        "trainings": selectors.mediator_trainings(actor=user, mediator=mediator),
        "misconducts": selectors.mediator_misconducts(actor=user, mediator=mediator),
        "can_edit": selectors.can_edit(user, mediator.office),
    }
    return render(request, "mediation/committees/mediator_detail.html", context)


def _mediator_form(request, pk, form_class, action, title):
    mediator = selectors.mediator_get(actor=request.user, pk=pk)
    access.require(request.user, Cap.EDIT, mediator.office, line="mediation")
    form = form_class(request.POST or None)
    back = reverse("mediation:mediator_detail", args=[mediator.pk])
    if _saved(request, form, action, mediator=mediator):
        return redirect(back)
    title = f"{title}：{mediator.person.name}"
    return _form_page(request, form, title=title, subject=mediator.office, back_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def mediator_end(request, pk):
    """调解员离任、解聘或罢免."""
    return _mediator_form(request, pk, MediatorEndForm, actions.mediator_end, _("调解员离任"))


@login_required
@require_http_methods(["GET", "POST"])
def mediator_training_add(request, pk):
    """登记培训."""
    return _mediator_form(request, pk, TrainingForm, actions.training_record, _("登记培训"))


@login_required
@require_http_methods(["GET", "POST"])
def mediator_misconduct_add(request, pk):
    """登记违纪."""
    return _mediator_form(request, pk, MisconductForm, actions.misconduct_record, _("登记违纪情况"))
