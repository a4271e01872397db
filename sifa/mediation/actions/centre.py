"""Writes of the dispute-resolution centre's work (矛盾纠纷调处中心): receptions, group
petitions dissuaded (劝阻群体性上访) and escalations prevented (防激化).

Decisions: a reception (来访接待) is the centre's own log, so only an office of kind
`dispute_center` records one. Dissuading a group petition and preventing an escalation happen
wherever the dispute is — a 司法所 or a 调委会 as much as the centre — so any office in the
actor's `edit` scope may record them. These rows are what the indicators count (件/批, 人).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.records import create_checked
from sifa.mediation.models import EscalationPrevented, MediationCase, PetitionDissuaded, Reception
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office


def _not_in_future(field: str, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})


def _check_case(actor, case: MediationCase | None) -> None:
    if case is not None:
        access.require_for(actor, Cap.VIEW, case)


@transaction.atomic
def reception_record(
    *,
    actor,
    office: Office,
    received_on: datetime.date,
    persons: int,
    matter: str,
    leader: str = "",
    pre_visit_guidance: bool = False,
    case: MediationCase | None = None,
) -> Reception:
    """来访接待: one batch (批) of `persons`; `leader` set marks a 领导接访日 reception."""
    access.require(actor, Cap.EDIT, office, line="mediation")
    if office.kind != OfficeKind.DISPUTE_CENTER:
        raise ValidationError({"office": _("来访接待只能由矛盾纠纷调处中心登记。")})
    _not_in_future("received_on", received_on)
    _check_case(actor, case)
    reception = create_checked(
        Reception,
        office=office,
        received_on=received_on,
        persons=persons,
        matter=matter,
        leader=leader.strip(),
        pre_visit_guidance=pre_visit_guidance,
        case=case,
        created_by=actor,
    )
    return reception


@transaction.atomic
def petition_dissuaded_record(
    *, actor, office: Office, dissuaded_on: datetime.date, persons: int, matter: str
) -> PetitionDissuaded:
    """成功劝阻群体性上访: one group (批) of `persons`."""
    access.require(actor, Cap.EDIT, office, line="mediation")
    _not_in_future("dissuaded_on", dissuaded_on)
    record = create_checked(
        PetitionDissuaded,
        office=office,
        dissuaded_on=dissuaded_on,
        persons=persons,
        matter=matter,
        created_by=actor,
    )
    return record


@transaction.atomic
def escalation_prevented_record(
    *,
    actor,
    office: Office,
    prevented_on: datetime.date,
    description: str,
    persons: int = 1,
    case: MediationCase | None = None,
) -> EscalationPrevented:
    """防止纠纷激化 (转化为刑事案件或群体性事件): one dispute, `persons` involved."""
    access.require(actor, Cap.EDIT, office, line="mediation")
    _not_in_future("prevented_on", prevented_on)
    if persons is None or persons < 1:
        raise ValidationError({"persons": _("涉及人数至少为1人。")})
    _check_case(actor, case)
    record = create_checked(
        EscalationPrevented,
        office=office,
        prevented_on=prevented_on,
        description=description,
        persons=persons,
        case=case,
        created_by=actor,
    )
    return record
