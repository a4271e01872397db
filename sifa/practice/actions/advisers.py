"""Writes of village (community) legal advisers (一村(社区)一法律顾问, DOMAIN §6.5).

* Contracts are the bureau's or the township 司法所's: `edit` in the line on the village office
  (an institution's own account cannot sign one). One contract in force per village at a time,
  unless SIFA_PRACTICE_VILLAGE_ADVISERS_MAX allows more; renewing starts a new contract the day
  after the old one's 期满日期; ending (解除) sets the day it stops.
* Service logs are entered by the adviser's institution (执业机构管理员: `edit` on the
  institution's office) or by the township's 司法所 (`edit` on the village office).
Each write keeps its history with the actor and a reason (the audit).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.practice.constants import LINE, InstitutionStatus, PractitionerStatus
from sifa.practice.constants_advisers import TOWNSHIP_KIND, VILLAGE_KIND, ServiceKind
from sifa.practice.models import AdviserContract, Practitioner, ServiceLog

ONE_DAY = datetime.timedelta(days=1)


def _township_of(village: Office) -> Office | None:
    for ancestor in reversed(list(Office.objects.get_ancestors(village))):
        if ancestor.kind == TOWNSHIP_KIND:
            return ancestor
    return None


def _money(value) -> Decimal:
    try:
        return Decimal(value if value not in (None, "") else 0)
    except InvalidOperation:
        raise ValidationError({"fee": [_("服务费应为数字。")]}) from None


def contract_errors(
    *,
    village: Office,
    adviser: Practitioner,
    starts_on: datetime.date,
    ends_on: datetime.date,
    fee: Decimal,
    exclude: AdviserContract | None = None,
) -> dict[str, list[str]]:
    """The contract rules (the overlap rule reads the village's other contracts)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if village.kind != VILLAGE_KIND:
        add("village", _("法律顾问合同的服务对象应为村(社区)司法行政服务站。"))
    elif _township_of(village) is None:
        add("village", _("该村(社区)不在任何司法所之下。"))
    if adviser.status != PractitionerStatus.PRACTISING:
        add("adviser", _("该人员不处于执业状态，不能担任法律顾问。"))
    elif adviser.institution.status != InstitutionStatus.NORMAL:
        add("adviser", _("该人员所在执业机构不处于正常状态。"))
    if starts_on and ends_on and ends_on < starts_on:
        add("ends_on", _("期满日期不能早于起始日期。"))
    if starts_on and starts_on < adviser.licensed_on:
        add("starts_on", _("起始日期不能早于法律顾问的执业日期。"))
    if fee < 0:
        add("fee", _("服务费不能为负数。"))
    if errors or not (starts_on and ends_on):
        return errors
    overlapping = AdviserContract.objects.filter(
        office=village, starts_on__lte=ends_on, lapses_on__gt=starts_on
    ).select_related("adviser__person")
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    allowed = sifa_setting("SIFA_PRACTICE_VILLAGE_ADVISERS_MAX")
    same = [c for c in overlapping if c.adviser_id == adviser.pk]
    if same:
        add("starts_on", _("该法律顾问在此期间已与本村(社区)签有合同（%(from)s至%(to)s）。")
            % {"from": same[0].starts_on, "to": same[0].ends_on})  # fmt: skip
    elif len(overlapping) >= allowed:
        first = overlapping[0]
        add(
            "starts_on",
            _("本村(社区)在此期间已有法律顾问合同（%(name)s，%(from)s至%(to)s），"
              "同一期间最多%(max)s份。")
            % {"name": first.adviser.person.name, "from": first.starts_on,
               "to": first.terminated_on or first.ends_on, "max": allowed},
        )  # fmt: skip
    return errors


@transaction.atomic
def contract_sign(
    *,
    actor,
    village: Office,
    adviser: Practitioner,
    starts_on: datetime.date,
    ends_on: datetime.date,
    fee=0,
    renews: AdviserContract | None = None,
) -> AdviserContract:
    """签订 a village's adviser contract (the adviser's institution is recorded with it)."""
    access.require(actor, Cap.EDIT, village, line=LINE)
    Office.objects.select_for_update().filter(pk=village.pk).first()  # one signer at a time
    fee = _money(fee)
    errors = contract_errors(
        village=village, adviser=adviser, starts_on=starts_on, ends_on=ends_on, fee=fee
    )
    if errors:
        raise ValidationError(errors)
    contract = AdviserContract(
        office=village,
        township=_township_of(village),
        adviser=adviser,
        institution=adviser.institution,
        starts_on=starts_on,
        ends_on=ends_on,
        lapses_on=ends_on + ONE_DAY,
        fee=fee,
        renews=renews,
        created_by=actor,
    )
    contract._history_user = actor
    contract._change_reason = _("续签法律顾问合同") if renews else _("签订法律顾问合同")
    contract.full_clean()
    contract.save()
    return contract


@transaction.atomic
def contract_renew(
    *, actor, contract: AdviserContract, ends_on: datetime.date, fee=None
) -> AdviserContract:
    """续签: a new contract of the same village and adviser from the day after 期满日期."""
    if contract.terminated_on:
        raise ValidationError({"ends_on": [_("已解除的合同不能续签。")]})
    adviser = Practitioner.objects.select_related("institution").get(pk=contract.adviser_id)
    return contract_sign(
        actor=actor,
        village=contract.office,
        adviser=adviser,
        starts_on=contract.ends_on + ONE_DAY,
        ends_on=ends_on,
        fee=contract.fee if fee in (None, "") else fee,
        renews=contract,
    )


@transaction.atomic
def contract_end(
    *, actor, contract: AdviserContract, on: datetime.date, reason: str
) -> AdviserContract:
    """解除: the contract stops on `on` (not in force that day)."""
    access.require(actor, Cap.EDIT, contract.office, line=LINE)
    contract = AdviserContract.objects.select_for_update().get(pk=contract.pk)
    if contract.terminated_on:
        raise ValidationError(
            {"on": [_("该合同已于%(day)s解除。") % {"day": contract.terminated_on}]}
        )
    if on is None or on <= contract.starts_on or on > contract.ends_on:
        raise ValidationError({"on": [_("解除日期应晚于起始日期，且不晚于期满日期。")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写解除原因。")]})
    if contract.logs.filter(served_on__gte=on).exists():
        raise ValidationError({"on": [_("解除日期之后已有服务日志，请先核对。")]})
    contract.terminated_on = on
    contract.lapses_on = on
    contract.termination_reason = reason.strip()
    contract._history_user = actor
    contract._change_reason = _("解除法律顾问合同")
    contract.save()
    return contract


def may_log(user, contract: AdviserContract) -> bool:
    """The adviser's institution or the village's 司法所 (or a bureau above) may enter logs."""
    return access.can(user, Cap.EDIT, contract.office, line=LINE) or access.can(
        user, Cap.EDIT, contract.institution.office, line=LINE
    )


@transaction.atomic
def log_save(
    *,
    actor,
    contract: AdviserContract,
    kind: str,
    served_on: datetime.date,
    hours,
    persons: int = 0,
    note: str = "",
    log: ServiceLog | None = None,
) -> ServiceLog:
    """登记 (or, given `log`, 修改) one service the adviser gave the village."""
    if not may_log(actor, contract):
        raise PermissionDenied(_("您无权为该合同登记服务日志。"))
    errors: dict[str, list[str]] = {}
    if served_on is not None:
        if served_on < contract.starts_on or served_on >= contract.lapses_on:
            errors["served_on"] = [
                _("服务日期应在合同履行期内（%(from)s至%(to)s）。")
                % {"from": contract.starts_on, "to": contract.lapses_on - ONE_DAY}
            ]
        elif served_on > timezone.localdate():
            errors["served_on"] = [_("服务日期不能晚于今天。")]
    if kind not in ServiceKind.values:
        errors["kind"] = [_("请选择服务类别。")]
    if errors:
        raise ValidationError(errors)
    if log is not None:
        log = ServiceLog.objects.select_for_update().get(pk=log.pk)
        if log.contract_id != contract.pk:
            raise ValidationError(_("该服务日志不属于本合同。"))
    record = log or ServiceLog(contract=contract, office=contract.office, created_by=actor)
    record.kind = kind
    record.served_on = served_on
    record.hours = hours
    record.persons = persons or 0
    record.note = (note or "").strip()
    record._history_user = actor
    record._change_reason = _("修改服务日志") if log else _("登记服务日志")
    record.full_clean()
    record.save()
    return record
