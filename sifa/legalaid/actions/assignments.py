"""指派 (法律援助法 第43条; 实施程序规定 第25–27条): who handles a granted application.

The rules checked on every assignment, whichever way it comes (after a decision, after a
notification, or by 先行提供 through `applications.pre_aid_provide`):

* the provider is on a roster the actor may see and is active, and the handler works for
  that provider and is active;
* criminal matters go to lawyers only (第25、26条);
* a case that may bring 无期徒刑/死刑 needs a lawyer with at least three years of criminal
  defence before the assignment date (第26条; 程序规定 第26条);
* a criminal case of a minor needs a lawyer familiar with minors (程序规定 第26条);
* a handler who is a practitioner suspended (停止执业) on the assignment date cannot be
  assigned (律师法 第49条; issue 18 item 4): the suspension is read through the practice
  line's selectors (`sifa.practice.selectors.discipline.suspension_on`);
* the conflict check (利益冲突审查, `selectors.conflicts.conflict_check`) is run and its
  findings saved in `Assignment.conflict_note`, with the reviewer's own remarks.

A re-assignment (更换承办人员) ends the current Assignment on the new assignment's date.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core.deadlines import add_months
from sifa.core.validation import check_not_future, collect_error
from sifa.legalaid.actions.checks import Checks
from sifa.legalaid.actions.flow import APPLICATION_FLOW
from sifa.legalaid.constants import (
    CASE_HANDLER_KINDS,
    SERIOUS_CASE_MIN_DEFENCE_YEARS,
    ApplicantGroup,
    HandlerKind,
    MatterType,
    Status,
)
from sifa.legalaid.models import Application, Assignment, Handler, Provider
from sifa.practice.selectors.discipline import suspension_message, suspension_on

# An assignment follows a decision to grant (or a notification); 更换 keeps 已指派.
ASSIGNABLE_STATUSES = (Status.GRANTED, Status.ASSIGNED)


def build_assignment(
    *,
    actor,
    application: Application,
    provider: Provider,
    handler: Handler,
    assigned_on: datetime.date,
    conflict_note: str = "",
) -> Assignment:
    """Validate an assignment and return it unsaved (the caller saves it in its transaction)."""
    from sifa.legalaid.selectors.conflicts import conflict_check, conflict_summary

    errors = assignment_errors(
        Checks(actor),
        application,
        provider=provider,
        handler=handler,
        assigned_on=assigned_on,
        current=current_assignment(application),
        minor=application.groups.filter(group=ApplicantGroup.MINOR).exists(),
    )
    if errors:
        raise ValidationError(errors)
    findings = conflict_summary(conflict_check(actor=actor, application=application), handler)
    remarks = (conflict_note or "").strip()
    return Assignment(
        office=application.office,
        created_by=actor,
        application=application,
        provider=provider,
        handler=handler,
        assigned_on=assigned_on,
        conflict_note=f"{findings}\n{_('审查意见：')}{remarks}" if remarks else findings,
    )


def assignment_errors(
    checks: Checks,
    application: Application,
    *,
    provider: Provider | None,
    handler: Handler | None,
    assigned_on: datetime.date | None,
    current: Assignment | None = None,
    minor: bool = False,
    on_roster: bool = True,
) -> dict[str, list[str]]:
    """The rules of 指派 (see the module docstring) as a function of the values: `current` is
    the assignment being replaced (更换), `minor` whether the applicant is a 未成年人.

    `on_roster=False` is for an assignment of the past (an imported register's case already
    closed): the roster is today's, so a provider or handler who has since left it (不在册) was
    on it when the case was assigned; every other rule applies."""
    errors: dict[str, list[str]] = {}
    collect_error(errors, "assigned_on", lambda: check_not_future(assigned_on))
    since = application.accepted_on or application.received_on
    if assigned_on and since and assigned_on < since:
        errors["assigned_on"] = [
            _("指派日期不能早于受理日期（%(date)s）。") % {"date": since.isoformat()}
        ]
    if current and assigned_on and assigned_on < current.assigned_on:
        errors["assigned_on"] = [_("更换承办人员的日期不能早于原指派日期。")]
    if provider is None:
        errors["provider"] = [_("请选择承办机构。")]
    elif not checks.sees_provider(provider):
        errors["provider"] = [_("未找到该承办机构。")]
    elif on_roster and not provider.active:
        errors["provider"] = [_("该承办机构已不在册。")]
    if handler is None:
        errors["handler"] = [_("请选择承办人员。")]
    else:
        problem = _handler_problem(application, provider, handler, assigned_on, minor, on_roster)
        if problem:
            errors["handler"] = [problem]
        elif current and current.handler_id == handler.pk:
            errors["handler"] = [_("该承办人员正在承办本案，请选择其他人员。")]
    return errors


def _handler_problem(
    application, provider, handler, assigned_on, minor: bool, on_roster: bool = True
) -> str | None:
    if provider is not None and handler.provider_id != provider.pk:
        return _("该承办人员不属于所选承办机构。")
    if on_roster and not handler.active:
        return _("该承办人员已不在册。")
    if assigned_on:
        suspension = suspension_on(person=handler.person_id, day=assigned_on)
        if suspension is not None:
            return suspension_message(suspension)
    if handler.kind not in CASE_HANDLER_KINDS:
        return _("公证员、人民调解员只参加公共法律服务中心值班，不承办法律援助案件。")
    if application.matter_type == MatterType.CRIMINAL and handler.kind != HandlerKind.LAWYER:
        return _("刑事案件应当指派律师承办（法律援助法 第25、26条）。")
    if application.serious_charge and assigned_on:
        since = handler.criminal_defence_since
        if since is None or add_months(since, 12 * SERIOUS_CASE_MIN_DEFENCE_YEARS) > assigned_on:
            return _(
                "可能判处无期徒刑、死刑的案件，应当指派具有%(years)d年以上刑事辩护经历的律师"
                "（法律援助法 第26条）。"
            ) % {"years": SERIOUS_CASE_MIN_DEFENCE_YEARS}
    if application.matter_type == MatterType.CRIMINAL and minor and not handler.juvenile_experience:
        return _("未成年人刑事案件应当指派熟悉未成年人身心特点的律师（程序规定 第26条）。")
    return None


def current_assignment(application: Application) -> Assignment | None:
    """The assignment not yet ended (更换 ends the previous one)."""
    return application.assignments.filter(ended_on__isnull=True).order_by("-id").first()


@transaction.atomic
def assignment_make(
    *,
    actor,
    application: Application,
    provider: Provider,
    handler: Handler,
    assigned_on: datetime.date,
    conflict_note: str = "",
) -> Assignment:
    """指派 a granted (or notified) application, or 更换 the handler of an assigned one."""
    APPLICATION_FLOW.begin(actor, application, Status.ASSIGNED)
    if application.status not in ASSIGNABLE_STATUSES:
        # RECEIVED → ASSIGNED is 先行提供 only (第44条), with its reason: pre_aid_provide.
        raise ValidationError(
            _("案件尚未决定给予法律援助，不能指派；确需先行提供的，请使用“先行提供法律援助”。"),
            code="transition",
        )
    assignment = build_assignment(
        actor=actor,
        application=application,
        provider=provider,
        handler=handler,
        assigned_on=assigned_on,
        conflict_note=conflict_note,
    )
    previous = current_assignment(application)
    if previous is not None:
        previous.ended_on = assigned_on
        previous.save(update_fields=["ended_on", "updated_at"])
        reason = _("更换承办人员：%(old)s → %(new)s") % {
            "old": previous.handler.person.name,
            "new": handler.person.name,
        }
    else:
        reason = _("指派%(provider)s %(handler)s承办") % {
            "provider": provider.name,
            "handler": handler.person.name,
        }
    APPLICATION_FLOW.move(application, Status.ASSIGNED, actor=actor, on=assigned_on, reason=reason)
    assignment.save()
    return assignment


__all__ = ["assignment_errors", "assignment_make", "build_assignment", "current_assignment"]
