"""Case pages (纠纷案件): list with filters and export, registration, detail, one small form
page per action of the state machine, and the two generated documents.

Reads go through `sifa.mediation.selectors.cases` (and the committee selectors for the
mediators on offer), writes through `sifa.mediation.actions.cases`; both use
`sifa.orgs.access`, so a case out of sight is not found (404) and a case seen but not
editable is forbidden (403). An action's button is shown only when TRANSITIONS (or the
action's own rule) allows it from the case's current status, and only to users with `edit`.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sifa.accounts.events import client_ip
from sifa.core.calendar import WorkingCalendar
from sifa.core.codes import code_labels
from sifa.core.deadlines import HISTORIC, NEAR, OVERDUE, compute, deadline_state
from sifa.core.forms import add_action_errors
from sifa.core.masking import mask_id_number, mask_phone
from sifa.core.views import (
    STATUS_COLUMN,
    Column,
    Export,
    RecordAction,
    Register,
    RegisterList,
    RegisterPage,
    action_buttons,
    action_of,
    docx_download,
    moves_to,
    record_action_page,
    record_action_view,
    status_event_rows,
)
from sifa.mediation import documents
from sifa.mediation.actions import cases as actions
from sifa.mediation.constants import (
    CLOSING_TARGET_RULE,
    DISPUTE_TYPE_CODE_LIST,
    SOURCE_CODE_LIST,
    TRANSITIONS,
    CaseStatus,
    ConfirmationDecision,
    RiskFlag,
)
from sifa.mediation.forms import cases as forms
from sifa.mediation.models import MediationCase
from sifa.mediation.selectors import cases as selectors
from sifa.mediation.selectors import committees as committee_selectors
from sifa.orgs import access
from sifa.orgs.access import Cap

OPEN_STATUSES = (CaseStatus.REGISTERED, CaseStatus.IN_MEDIATION)
AGREED_STATUSES = (CaseStatus.AGREED, CaseStatus.ARCHIVED)

STATUS_BADGES = {
    CaseStatus.REGISTERED: "text-bg-info",
    CaseStatus.IN_MEDIATION: "text-bg-primary",
    CaseStatus.AGREED: "text-bg-success",
    CaseStatus.FAILED: "text-bg-warning",
    CaseStatus.CLOSED_REFUSED: "text-bg-secondary",
    CaseStatus.CLOSED_NOT_ACCEPTED: "text-bg-secondary",
    CaseStatus.ARCHIVED: "text-bg-dark",
}


# ---------------------------------------------------------------------------------------------
# List and export


def _annotate(cases, calendar: WorkingCalendar) -> None:
    """Status badge, code names and the one-month 调结 target (PM-22) of each listed case."""
    types, sources = code_labels(DISPUTE_TYPE_CODE_LIST), code_labels(SOURCE_CODE_LIST)
    today = timezone.localdate()
    cases = list(cases)
    # go-live imports: past targets are history (only open cases have a target)
    entered = selectors.imported_cases([c for c in cases if c.status in OPEN_STATUSES])
    for case in cases:
        case.badge = STATUS_BADGES.get(case.status, "text-bg-light")
        case.type_name = types.get(case.dispute_type, case.dispute_type)
        case.source_name = sources.get(case.source, case.source)
        case.party_names = "、".join(str(p) for p in case.parties.all())
        case.due = case.due_state = None
        if case.status in OPEN_STATUSES:
            case.due = compute(CLOSING_TARGET_RULE, case.received_on, calendar=calendar)
            state = deadline_state(
                case.due,
                today=today,
                warn_days=selectors.WARN_DAYS,
                entered_on=entered.get(case.pk),
            )
            case.due_state = state if state in (NEAR, OVERDUE, HISTORIC) else None


def _export_headers() -> list:
    return [
        _("案件编号"), _("调解组织"), _("受理日期"), _("纠纷来源"), _("移送单位"),
        _("纠纷类型"), _("当事人"), _("涉及金额（元）"), _("涉及人数"), _("状态"),
        _("调结日期"), _("一个月调结期限"), _("期限状态"),
    ]  # fmt: skip


def _export_row(case) -> list:
    return [
        case.number,
        case.office.name,
        case.received_on,
        case.source_name,
        case.referred_by,
        case.type_name,
        case.party_names,
        case.amount,
        case.persons_involved,
        case.get_status_display(),
        case.closed_on,
        case.due,
        {NEAR: _("即将到期"), OVERDUE: _("已超期"), HISTORIC: _("导入前已届满")}.get(
            case.due_state, ""
        ),
    ]


def _require_view(user) -> None:
    access.require_anywhere(user, Cap.VIEW, _("您没有权限查看调解案件。"), line="mediation")


# 调解案件: filtered, paginated, with status badges and near-due/overdue markers; the export has
# every page.
CASES = Register(
    title=gettext_lazy("调解案件"),
    template="mediation/cases/case_list.html",
    name="cases",
    columns=(
        Column(gettext_lazy("案件编号"), "number"),
        Column(gettext_lazy("受理日期"), "received_on"),
        Column(gettext_lazy("调解组织"), "office__name"),
        Column(gettext_lazy("纠纷类型"), "dispute_type"),
        Column(gettext_lazy("纠纷来源"), "source"),
        Column(gettext_lazy("当事人"), unsortable=gettext_lazy("一件案件有多名当事人")),
        STATUS_COLUMN,
        Column(gettext_lazy("调结期限"), unsortable=gettext_lazy("按工作日历逐件计算")),
    ),
    filter_form=forms.CaseFilterForm,
    rows_of=selectors.case_list,
    filter_arguments=lambda user: {"offices": committee_selectors.offices_for_filter(actor=user)},
    require_view=_require_view,
    related=("parties__person",),
    annotate=lambda cases: _annotate(cases, WorkingCalendar()),
    words=RegisterList(
        gettext_lazy("调解案件"),
        "mediation:case_",
        gettext_lazy("登记纠纷"),
        gettext_lazy("只显示您有权查看的调解组织受理的案件。"),
    ),
    context=lambda request, filters, rows: {
        "can_register": access.has_capability_anywhere(request.user, Cap.EDIT, line="mediation")
    },
    export=Export(gettext_lazy("导出调解案件"), _export_headers, _export_row),
)
case_list = CASES.list_view()
case_export = CASES.export_view()


# ---------------------------------------------------------------------------------------------
# Registration


class _PartyErrors(Exception):
    """A party could not be registered in the registry: roll the whole registration back."""


def _party_formset(request, actor):
    if request.method != "POST":
        return forms.PartyFormSet(
            prefix=forms.PARTY_PREFIX, actor=actor, initial=forms.INITIAL_PARTIES
        )
    data = request.POST
    if "add_party" in data:  # 增加当事人: one more row, nothing validated yet
        data = data.copy()
        total_key = f"{forms.PARTY_PREFIX}-TOTAL_FORMS"
        data[total_key] = str(int(data.get(total_key) or 0) + 1)
    return forms.PartyFormSet(data, prefix=forms.PARTY_PREFIX, actor=actor)


def _register(actor, form, party_forms) -> MediationCase:
    """Register new persons and the case in one transaction; nothing is kept on failure."""
    office = form.cleaned_data["office"]
    with transaction.atomic():
        parties, failed = [], False
        for party_form in party_forms:
            try:
                parties.append(
                    actions.party_obtain(
                        actor=actor,
                        office=office,
                        identity=party_form.identity(),
                        **party_form.fields_of_party(),
                    )
                )
            except ValidationError as error:
                add_action_errors(party_form, error)
                failed = True
        if failed:
            raise _PartyErrors
        return actions.case_register(
            actor=actor, office=office, parties=parties, **form.case_values()
        )


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request):
    """受理登记: the committee, the dispute and at least two parties."""
    actor = request.user
    access.require_anywhere(actor, Cap.EDIT, _("您没有登记纠纷的权限。"), line="mediation")
    adding = request.method == "POST" and "add_party" in request.POST
    form = forms.CaseRegisterForm(request.POST or None, actor=actor)
    formset = _party_formset(request, actor)
    party_errors: list[str] = []
    if request.method == "POST" and not adding:
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            party_forms = [f for f in formset.forms if f.cleaned_data]
            try:
                case = _register(actor, form, party_forms)
            except _PartyErrors:
                pass
            except ValidationError as error:
                party_errors = _split_party_errors(form, error)
            else:
                messages.success(request, _("已受理纠纷：%(number)s。") % {"number": case.number})
                return redirect("mediation:case_detail", pk=case.pk)
    context = {
        "form": form,
        "formset": formset,
        "party_errors": party_errors,
        "has_errors": bool(party_errors or (not adding and (form.errors or _any(formset)))),
        "register_page": RegisterPage(
            title=_("登记纠纷"),
            list_url="mediation:case_list",
            list_label=_("调解案件"),
            crumb=_("登记纠纷"),
            no_office=_("您有权登记的范围内没有人民调解委员会，无法受理纠纷。"),
            section_title=_("纠纷情况"),
            submit_label=_("受理登记"),
        ),
    }
    return render(request, "mediation/cases/case_register.html", context)


def _any(formset) -> bool:
    return formset.is_bound and bool(formset.non_form_errors() or any(formset.errors))


def _split_party_errors(form, error: ValidationError) -> list[str]:
    """The action's errors: case fields on the form, the "parties" errors for the formset."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return []
    party_errors = []
    for field, errors in error.error_dict.items():
        if field == "parties":
            party_errors.extend(m for e in errors for m in e.messages)
        else:
            form.add_error(field if field in form.fields else None, errors)
    return party_errors


# ---------------------------------------------------------------------------------------------
# Detail


def _agreement_of(case):
    try:
        return case.agreement
    except ObjectDoesNotExist:
        return None


def _pending_confirmation(agreement):
    if agreement is None:
        return None
    return agreement.confirmations.filter(decision=ConfirmationDecision.PENDING).first()


def _masked_parties(case) -> list:
    parties = list(case.parties.all())
    for party in parties:
        person = party.person
        party.masked_id_number = mask_id_number(person.id_number) if person else ""
        party.masked_phone = mask_phone(person.phone) if person else ""
    return parties


@never_cache
@login_required
def case_detail(request, pk):
    """案件详情: facts, parties (masked numbers), history of states, records, actions."""
    user = request.user
    case = selectors.case_get(actor=user, pk=pk)
    agreement = _agreement_of(case)
    can_edit = access.can(user, Cap.EDIT, case.office, line="mediation")
    labels = code_labels(DISPUTE_TYPE_CODE_LIST), code_labels(SOURCE_CODE_LIST)
    due = due_state = None
    if case.status in OPEN_STATUSES:
        due = compute(CLOSING_TARGET_RULE, case.received_on)
        entered_on = selectors.imported_cases([case]).get(case.pk)
        due_state = deadline_state(due, warn_days=selectors.WARN_DAYS, entered_on=entered_on)
    context = {
        "case": case,
        "badge": STATUS_BADGES.get(case.status, "text-bg-light"),
        "type_name": labels[0].get(case.dispute_type, case.dispute_type),
        "source_name": labels[1].get(case.source, case.source),
        "parties": _masked_parties(case),
        "mediators": list(case.mediators.all()),
        "events": status_event_rows(case.events.all(), CaseStatus),
        "sessions": list(case.sessions.all()),
        "agreement": agreement,
        "confirmations": list(agreement.confirmations.order_by("applied_on", "id"))
        if agreement
        else [],
        "follow_ups": list(case.follow_ups.order_by("visited_on", "id")),
        "legal_aid_links": selectors.linked_legal_aid(actor=user, case=case),
        "risk_labels": [RiskFlag(f).label for f in case.risk_flags or []],
        "due": due,
        "due_state": due_state,
        "can_edit": can_edit,
        # 以案定补: an archived success without a claim may be claimed (the action decides).
        "may_claim_subsidy": can_edit
        and agreement is not None
        and case.status == CaseStatus.ARCHIVED
        and not hasattr(case, "subsidy"),
        "buttons": action_buttons(ACTIONS, case, agreement, can_edit=can_edit),
    }
    return render(request, "mediation/cases/case_detail.html", context)


# ---------------------------------------------------------------------------------------------
# Actions: one small form page each, posting to its own URL


class CaseAction(RecordAction):
    """An action on a case; ``available(case, agreement)`` says whether its button is shown."""

    url_prefix = "mediation:case_"


_allows = partial(moves_to, TRANSITIONS)


def _agreed(case, agreement) -> bool:
    return agreement is not None and case.status in AGREED_STATUSES


def _can_apply(case, agreement) -> bool:
    if not _agreed(case, agreement):
        return False
    blocking = agreement.confirmations.exclude(
        decision__in=[ConfirmationDecision.WITHDRAWN, ConfirmationDecision.REFUSED]
    )
    return not blocking.exists()


ACTIONS = [
    CaseAction(
        "start", gettext_lazy("开始调解"), forms.StartForm, actions.case_start,
        _allows(CaseStatus.IN_MEDIATION), "btn-primary", "play-circle",
        gettext_lazy("已开始调解。"),
    ),
    CaseAction(
        "session", gettext_lazy("记录调解"), forms.SessionForm, actions.session_record,
        lambda case, agreement: case.status == CaseStatus.IN_MEDIATION,
        "btn-outline-primary", "journal-text", gettext_lazy("已记录调解情况。"),
    ),
    CaseAction(
        "agreement", gettext_lazy("达成协议"), forms.AgreementRecordForm,
        actions.agreement_record, _allows(CaseStatus.AGREED), "btn-success", "check2-circle",
        gettext_lazy("已登记调解协议，案件调解成功。"),
    ),
    CaseAction(
        "fail", gettext_lazy("调解不成"), forms.FailForm, actions.case_fail,
        _allows(CaseStatus.FAILED), "btn-outline-warning", "x-circle",
        gettext_lazy("已终止调解。"),
    ),
    CaseAction(
        "refuse", gettext_lazy("当事人拒绝调解"), forms.RefuseForm, actions.case_refuse,
        _allows(CaseStatus.CLOSED_REFUSED), "btn-outline-secondary", "hand-thumbs-down",
        gettext_lazy("已登记当事人拒绝调解。"),
    ),
    CaseAction(
        "not_accept", gettext_lazy("不予受理"), forms.NotAcceptForm, actions.case_not_accept,
        _allows(CaseStatus.CLOSED_NOT_ACCEPTED), "btn-outline-secondary", "slash-circle",
        gettext_lazy("已登记不予受理。"),
    ),
    CaseAction(
        "risk", gettext_lazy("风险标识/报告公安"), forms.RiskForm, actions.case_flag_risk,
        lambda case, agreement: case.status in OPEN_STATUSES, "btn-outline-danger",
        "exclamation-triangle", gettext_lazy("已更新风险标识。"),
    ),
    CaseAction(
        "performance", gettext_lazy("登记履行情况"), forms.PerformanceForm,
        actions.performance_record, _agreed, "btn-outline-primary", "cash-coin",
        gettext_lazy("已登记履行情况。"),
    ),
    CaseAction(
        "confirmation_apply", gettext_lazy("申请司法确认"), forms.ConfirmationApplyForm,
        actions.confirmation_apply, _can_apply, "btn-outline-primary", "bank",
        gettext_lazy("已登记司法确认申请。"),
    ),
    CaseAction(
        "confirmation_decide", gettext_lazy("登记司法确认结果"), forms.ConfirmationDecideForm,
        actions.confirmation_decide,
        lambda case, agreement: _pending_confirmation(agreement) is not None,
        "btn-outline-primary", "bank2", gettext_lazy("已登记司法确认结果。"),
    ),
    CaseAction(
        "follow_up", gettext_lazy("回访"), forms.FollowUpForm, actions.follow_up_record,
        lambda case, agreement: case.status in (CaseStatus.AGREED, CaseStatus.FAILED),
        "btn-outline-primary", "telephone", gettext_lazy("已登记回访。"),
    ),
    CaseAction(
        "archive", gettext_lazy("归档"), forms.ArchiveForm, actions.case_archive,
        _allows(CaseStatus.ARCHIVED), "btn-outline-dark", "archive",
        gettext_lazy("已归档。"),
    ),
]  # fmt: skip


def _form_kwargs(spec: CaseAction, user, case, agreement) -> dict:
    kwargs = {"case": case}
    if spec.key == "start":
        kwargs["mediators"] = committee_selectors.mediator_list(
            actor=user, on=timezone.localdate(), committee=case.office, status="active"
        )
    elif spec.key == "confirmation_decide":
        kwargs["confirmation"] = _pending_confirmation(agreement)
    return kwargs


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request, pk, key):
    """One action's form page: GET shows it, POST calls the action and returns to the case."""
    spec = action_of(ACTIONS, key)
    user = request.user
    case = access.editable(user, selectors.case_get, pk)
    agreement = _agreement_of(case)

    def perform(values):
        # These act on the agreement or its confirmation, which the form's values name.
        if spec.key in ("performance", "confirmation_apply", "confirmation_decide"):
            return spec.call(actor=user, **values)
        return spec.call(actor=user, case=case, **values)

    return record_action_page(
        request,
        spec=spec,
        record=case,
        available=spec.available(case, agreement),
        form_kwargs=lambda: _form_kwargs(spec, user, case, agreement),
        perform=perform,
        template="mediation/cases/case_action.html",
        context=lambda: {"case": case},
        noun=_("案件"),
    )


def action_view(key: str):
    """The view of one action, for its own URL (see urls/cases.py)."""
    return record_action_view(case_action, "case_", key)


# ---------------------------------------------------------------------------------------------
# Documents


@login_required
def case_agreement_docx(request, pk):
    """人民调解协议书 (.docx) of a case that has an agreement."""
    case = selectors.case_get(actor=request.user, pk=pk)
    if _agreement_of(case) is None:
        raise Http404(_("该案件尚未达成调解协议。"))
    content = documents.agreement_docx(case, actor=request.user, ip_address=client_ip(request))
    return docx_download(content, documents.agreement_filename(case))


@login_required
def case_confirmation_application_docx(request, pk):
    """司法确认申请书 (.docx) of one application for judicial confirmation."""
    confirmation = selectors.confirmation_get(actor=request.user, pk=pk)
    content = documents.confirmation_application_docx(
        confirmation, actor=request.user, ip_address=client_ip(request)
    )
    return docx_download(content, documents.confirmation_application_filename(confirmation))


@login_required
def case_registration_docx(request, pk):
    """人民调解受理登记表 (.docx)."""
    case = selectors.case_get(actor=request.user, pk=pk)
    content = documents.registration_docx(case, actor=request.user, ip_address=client_ip(request))
    return docx_download(content, documents.registration_filename(case))
