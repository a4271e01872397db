"""Pages of resettlement and assistance (安置帮教): the list with filters and Excel export, the
registration of a released prisoner, the detail page (team, visits, placements, re-offences,
history) and one small form page per action.

Reads go through `sifa.resettlement.selectors.persons`, writes through
`sifa.resettlement.actions.persons`; both use `sifa.orgs.access`, so a record out of sight is
not found (404) and one seen but not editable is forbidden (403).
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sifa.audit.actions import read_for_page
from sifa.core.forms import add_action_errors
from sifa.core.masking import mask_text, masked_person
from sifa.core.navigation import page_gate
from sifa.core.views import (
    PERSON_NAME_COLUMN,
    STATUS_COLUMN,
    Column,
    Export,
    RecordAction,
    Register,
    action_buttons,
    action_of,
    encrypted_column,
    filtered_rows,
    list_page,
    moves_to,
    record_action_page,
    record_action_view,
)
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.selectors import hidden_minors_context
from sifa.resettlement.actions import persons as actions
from sifa.resettlement.constants import TRANSITIONS, Status
from sifa.resettlement.forms import persons as forms
from sifa.resettlement.selectors import persons as selectors

STATUS_BADGES = {
    Status.NOTIFIED: "text-bg-info",
    Status.CONNECTED: "text-bg-primary",
    Status.NOT_CONNECTED: "text-bg-danger",
    Status.ENDED: "text-bg-secondary",
}


def _require_view(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看安置帮教对象。"), line="resettlement")


def _annotate(rows) -> None:
    today = timezone.localdate()
    for released in rows:
        released.badge = STATUS_BADGES.get(released.status, "text-bg-light")
        released.awaiting = released.status == Status.NOTIFIED and released.released_on < today


_PRISON = Column(gettext_lazy("释放单位"), "prison")
_OFFENCE = encrypted_column(gettext_lazy("罪名"))
_OFFICE = Column(gettext_lazy("所属司法所"), "office__name")
PERSON_COLUMNS = (
    PERSON_NAME_COLUMN,
    Column(gettext_lazy("来源"), "source"),
    Column(gettext_lazy("释放/解矫日期"), "released_on"),
    _PRISON,
    _OFFENCE,
    _OFFICE,
    STATUS_COLUMN,
    Column(gettext_lazy("帮教期满日期"), "assistance_end"),
)
PRE_RELEASE_COLUMNS = (
    PERSON_NAME_COLUMN,
    Column(gettext_lazy("预计释放日期"), "released_on"),
    _PRISON,
    _OFFENCE,
    _OFFICE,
    Column(gettext_lazy("收到通知日期"), "notice_received_on"),
)


@login_required
def person_pre_release(request):
    """待释放衔接名单: notified prisoners due for release in the next N months (a setting)."""
    _require_view(request.user)
    filters, rows = filtered_rows(
        request,
        forms.ReleasedFilterForm,
        selectors.pre_release_list,
        offices=selectors.offices_for_filter(actor=request.user),
    )
    first, last = selectors.pre_release_window()
    return list_page(
        request,
        "resettlement/pre_release_list.html",
        filters=filters,
        columns=PRE_RELEASE_COLUMNS,
        rows=rows,
        name="rows",
        months=selectors.pre_release_months(),
        window_from=first,
        window_to=last,
        **hidden_minors_context(
            request.user, selectors.pre_release_list, listed=rows.count(), filters=filters
        ),
    )


def _export_headers() -> list:
    return [
        _("姓名"), _("所属司法所"), _("来源"), _("释放单位"), _("罪名"), _("原判刑罚"),
        _("释放/解矫日期"), _("证明书编号"), _("收到通知日期"), _("重点帮教对象"),
        _("列为重点的理由"), _("必接必送"), _("风险等级"), _("状态"), _("衔接日期"),
        _("帮教期满日期"), _("帮教结束日期"), _("结束原因"),
    ]  # fmt: skip


def _export_row(r) -> list:
    yes, no = _("是"), _("否")
    return [
        r.person.name,
        r.office.name,
        r.get_source_display(),
        r.prison,
        mask_text(r.crime),  # encrypted: masked in lists and exports
        mask_text(r.original_sentence),
        r.released_on,
        r.certificate_number,
        r.notice_received_on,
        yes if r.key_person else no,
        r.key_reason,
        yes if r.met_at_gate else no,
        r.get_risk_level_display() if r.risk_level else "",
        r.get_status_display(),
        r.connected_on,
        r.assistance_end,
        r.ended_on,
        r.get_end_reason_display() if r.end_reason else "",
    ]


def _may_register(user) -> bool:
    """A 司法所 in the user's scope where they may write: the page's gate and its menu entry's."""
    return selectors.offices_for_registration(actor=user).exists()


# 安置帮教对象: filtered and paginated; the export has every page.
PERSONS = Register(
    title=gettext_lazy("安置帮教对象"),
    template="resettlement/person_list.html",
    name="rows",
    columns=PERSON_COLUMNS,
    filter_form=forms.ReleasedFilterForm,
    rows_of=selectors.released_list,
    filter_arguments=lambda user: {"offices": selectors.offices_for_filter(actor=user)},
    require_view=_require_view,
    annotate=_annotate,
    context=lambda request, filters, rows: {
        "can_register": _may_register(request.user),
        **hidden_minors_context(
            request.user, selectors.released_list, listed=rows.count(), filters=filters
        ),
    },
    export=Export(gettext_lazy("导出安置帮教对象"), _export_headers, _export_row),
)
person_list = PERSONS.list_view()
person_export = PERSONS.export_view()


@login_required
@page_gate(_may_register, gettext_lazy("您没有登记安置帮教对象的权限。"))
@require_http_methods(["GET", "POST"])
def person_register(request):
    """登记刑满释放人员 (the notice of a prison, entered by the 司法所)."""
    actor = request.user
    offices = selectors.offices_for_registration(actor=actor)
    form = forms.ReleasedRegisterForm(request.POST or None, actor=actor, offices=offices)
    if request.method == "POST" and form.is_valid():
        office = form.cleaned_data["office"]
        try:
            released = actions.released_person_register(
                actor=actor, office=office, identity=form.identity(), **form.values()
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request, _("已登记刑满释放人员：%(name)s。") % {"name": released.person.name}
            )
            return redirect(released)
    return render(request, "resettlement/person_register.html", {"form": form})


# ---------------------------------------------------------------------------------------------
# Detail


class PersonAction(RecordAction):
    """An action on a released person; ``available(released)`` says whether its button is shown."""

    url_prefix = "resettlement:person_"


_allows = partial(moves_to, TRANSITIONS)


def _open(released) -> bool:
    return released.status != Status.ENDED


def _always(released) -> bool:
    return True


ACTIONS = [
    PersonAction(
        "connect", gettext_lazy("衔接到位"), forms.ConnectForm, actions.connect,
        _allows(Status.CONNECTED), "btn-primary", "person-check", gettext_lazy("已登记衔接。"),
    ),
    PersonAction(
        "not_connected", gettext_lazy("登记未衔接"), forms.NotConnectedForm,
        actions.mark_not_connected, _allows(Status.NOT_CONNECTED), "btn-outline-danger",
        "question-circle", gettext_lazy("已登记为未衔接。"),
    ),
    PersonAction(
        "classify", gettext_lazy("分类帮教"), forms.ClassifyForm, actions.classify, _open,
        "btn-outline-secondary", "sliders", gettext_lazy("已调整分类。"),
    ),
    PersonAction(
        "team_add", gettext_lazy("添加帮教小组成员"), forms.TeamMemberForm,
        actions.team_member_add, _open, "btn-outline-primary", "people",
        gettext_lazy("已添加帮教小组成员。"),
    ),
    PersonAction(
        "visit_add", gettext_lazy("登记走访帮教"), forms.VisitForm, actions.visit_add, _always,
        "btn-outline-primary", "journal-text", gettext_lazy("已登记走访帮教。"),
    ),
    PersonAction(
        "placement_add", gettext_lazy("登记安置"), forms.PlacementForm, actions.placement_add,
        _always, "btn-outline-primary", "briefcase", gettext_lazy("已登记安置情况。"),
    ),
    PersonAction(
        "reoffence_add", gettext_lazy("登记重新违法犯罪"), forms.ReoffenceForm,
        actions.reoffence_add, _always, "btn-outline-warning", "exclamation-octagon",
        gettext_lazy("已登记重新违法犯罪。"),
    ),
    PersonAction(
        "end", gettext_lazy("帮教结束"), forms.EndForm, actions.end_assistance,
        _allows(Status.ENDED), "btn-outline-dark", "check2-circle", gettext_lazy("帮教已结束。"),
    ),
]  # fmt: skip


@never_cache
@login_required
def person_detail(request, pk):
    """安置帮教对象: the release, the connection, the window, team, visits, placements."""
    released, can_edit = read_for_page(request, selectors.released_get, pk)
    today = timezone.localdate()
    context = {
        "released": released,
        "person": masked_person(released.person),
        "badge": STATUS_BADGES.get(released.status, "text-bg-light"),
        "in_window": released.released_on <= today <= released.assistance_end,
        "window_over": today > released.assistance_end,
        "can_edit": can_edit,
        "can_remove_members": can_edit and released.status != Status.ENDED,
        "buttons": action_buttons(ACTIONS, released, can_edit=can_edit),
        **selectors.released_related(released),
    }
    return render(request, "resettlement/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_action(request, pk, key):
    """One action's form page: GET shows it, POST calls the action and returns to the page."""
    spec = action_of(ACTIONS, key)
    user = request.user
    released = access.editable(user, selectors.released_get, pk)
    return record_action_page(
        request,
        spec=spec,
        record=released,
        available=spec.available(released),
        form_kwargs=lambda: {"released": released},
        perform=lambda values: spec.call(actor=user, released=released, **values),
        template="resettlement/person_action.html",
        context=lambda: {
            "released": released,
            "record_name": released.person.name,
            "check_class": "mt-md-4",
        },
        noun="",
    )


def action_view(key: str):
    """The view of one action, for its own URL (see urls/persons.py)."""
    return record_action_view(person_action, "person_", key)


@login_required
@require_POST
def team_member_remove(request, pk, member_pk):
    """移出帮教小组 (a button on the detail page)."""
    user = request.user
    released = selectors.released_get(actor=user, pk=pk)
    member = selectors.team_member_get(actor=user, released=released, pk=member_pk)
    try:
        actions.team_member_remove(actor=user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已将 %(name)s 移出帮教小组。") % {"name": member.name})
    return redirect(released)
