"""办案补贴 (法律援助法 第52条): the amount of an archived case and the batches that pay them.

The amount is the 办案补贴标准 (`SubsidyRate`) of the case's `matter_type` in force on its
archive date (归档日期: the centre has reviewed the closing materials, DOMAIN LA-13). The
centre collects its archived, unpaid cases with an amount into a batch (`SubsidyBatch`, office =
the centre) and pays the batch on a date.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core.records import create_checked
from sifa.legalaid.actions.standards import rate_in_force
from sifa.legalaid.constants import Status
from sifa.legalaid.models import Application, SubsidyBatch
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office


def subsidy_for(application: Application) -> Decimal | None:
    """The 办案补贴 of an archived case, or None (not archived, or no rate in force then)."""
    if application.status != Status.ARCHIVED or application.archived_on is None:
        return None
    rate = rate_in_force(application.matter_type, application.archived_on)
    return rate.amount if rate is not None else None


def payable_cases(office: Office):
    """Archived cases of `office`'s subtree not yet in a batch (amounts not yet checked)."""
    return access.within(
        Application.objects.filter(
            status=Status.ARCHIVED, archived_on__isnull=False, subsidy_batch__isnull=True
        ),
        office,
    ).order_by("archived_on", "pk")


@transaction.atomic
def subsidy_batch_create(
    *,
    actor,
    office: Office,
    title: str,
    applications: list[Application] | None = None,
    archived_until: datetime.date | None = None,
) -> SubsidyBatch:
    """汇总补贴发放批次: the centre's archived cases with an amount and no batch.

    `applications` narrows the batch to the cases given (each must qualify); otherwise every
    qualifying case of the centre's subtree is collected, archived on or before
    `archived_until` when given. Each case gets its amount (`subsidy_amount`) fixed here.
    """
    access.require(actor, Cap.EDIT, office, line="legalaid")
    if office.kind != OfficeKind.LEGAL_AID_CENTER:
        raise ValidationError({"office": _("办案补贴由法律援助中心汇总发放。")})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写批次名称。")})
    candidates = payable_cases(office).select_for_update()
    if archived_until is not None:
        candidates = candidates.filter(archived_on__lte=archived_until)
    if applications is not None:
        wanted = {a.pk for a in applications}
        if not wanted:
            raise ValidationError(_("请选择要发放补贴的案件。"))
        candidates = candidates.filter(pk__in=wanted)
        if len(candidates) != len(wanted):
            raise ValidationError(_("只能将本中心已归档、尚未编入发放批次的案件编入批次。"))
    cases = []
    missing = []
    for case in candidates:
        amount = case.subsidy_amount if case.subsidy_amount is not None else subsidy_for(case)
        if amount is None:
            missing.append(case)
        else:
            cases.append((case, amount))
    if applications is not None and missing:
        raise ValidationError(
            _("以下案件在归档日期没有适用的办案补贴标准：%(numbers)s。")
            % {"numbers": "、".join(c.number for c in missing)}
        )
    if not cases:
        raise ValidationError(_("没有可以发放办案补贴的已归档案件。"))
    batch = create_checked(SubsidyBatch, office=office, title=title, created_by=actor)
    for case, amount in cases:  # one by one, so each case's history records the batch
        case.subsidy_amount = amount
        case.subsidy_batch = batch
        case.save(update_fields=["subsidy_amount", "subsidy_batch", "updated_at"])
    return batch


@transaction.atomic
def subsidy_batch_pay(*, actor, batch: SubsidyBatch, paid_on: datetime.date) -> SubsidyBatch:
    """发放: the batch is paid on `paid_on` (not before any of its cases was archived)."""
    access.require_for(actor, Cap.EDIT, batch)
    batch = SubsidyBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.paid_on is not None:
        raise ValidationError(_("该批次已于%(date)s发放。") % {"date": batch.paid_on.isoformat()})
    if paid_on is None:
        raise ValidationError({"paid_on": _("请填写发放日期。")})
    archived = [a.archived_on for a in batch.applications.all()]
    if not archived:
        raise ValidationError(_("该批次没有案件。"))
    if paid_on < max(archived):
        raise ValidationError({"paid_on": _("发放日期不能早于批次中案件的归档日期。")})
    batch.paid_on = paid_on
    batch.full_clean()
    batch.save(update_fields=["paid_on", "updated_at"])
    return batch
