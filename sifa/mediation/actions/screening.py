"""Writes on screenings (矛盾纠纷排查) and the disputes they find (排查发现纠纷).

Any office in the actor's `edit` scope may record a screening (司法所, 调委会, 调处中心 …):
routine monthly screening is done at every level. A special screening (专项排查: 元旦、春节、
两会 …) names its occasion. A finding handled as “登记为调解案件” may link the case it became;
the case must be one the actor can see.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.codes import validate_code
from sifa.core.records import create_checked
from sifa.mediation.constants import (
    DISPUTE_TYPE_CODE_LIST,
    FindingHandling,
    RiskLevel,
    ScreeningKind,
)
from sifa.mediation.models import Screening, ScreeningFinding
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office


@transaction.atomic
def screening_record(
    *,
    actor,
    office: Office,
    screened_on: datetime.date,
    kind: str,
    scope: str,
    occasion: str = "",
    notes: str = "",
    findings: list[dict],
) -> Screening:
    """登记一次排查 with its findings (an empty list: nothing found), all or nothing.

    Each finding is a dict with `dispute_type` (code list 纠纷类型), `description`,
    `risk_level`, `handling`, and optionally `case` (only when handling is “registered”)
    and `found_on` (default: the screening date).
    """
    access.require(actor, Cap.EDIT, office, line="mediation")
    if kind == ScreeningKind.SPECIAL and not occasion.strip():
        raise ValidationError({"occasion": _("专项排查请填写专项名称（如春节、两会）。")})
    if screened_on > timezone.localdate():
        raise ValidationError({"screened_on": _("排查日期不能晚于今天。")})
    screening = create_checked(
        Screening,
        office=office,
        screened_on=screened_on,
        kind=kind,
        scope=scope,
        occasion=occasion.strip() if kind == ScreeningKind.SPECIAL else "",
        notes=notes,
        created_by=actor,
    )
    for number, finding in enumerate(findings, start=1):
        _finding_save(actor, screening, number, finding)
    return screening


def _finding_save(actor, screening: Screening, number: int, data: dict) -> ScreeningFinding:
    prefix = _("第%(n)d条纠纷：") % {"n": number}
    found_on = data.get("found_on") or screening.screened_on
    try:
        _check_finding(actor, data, found_on)
        finding = ScreeningFinding(
            office=screening.office,
            screening=screening,
            found_on=found_on,
            dispute_type=data.get("dispute_type", ""),
            description=(data.get("description") or "").strip(),
            risk_level=data.get("risk_level", ""),
            handling=data.get("handling", ""),
            case=data.get("case"),
            created_by=actor,
        )
        finding.full_clean(exclude=["screening"])
    except ValidationError as error:
        raise ValidationError([prefix + message for message in error.messages]) from error
    finding.save()
    return finding


def _check_finding(actor, data: dict, found_on: datetime.date) -> None:
    validate_code(DISPUTE_TYPE_CODE_LIST, data.get("dispute_type", ""), found_on)
    if data.get("risk_level") not in RiskLevel.values:
        raise ValidationError(_("请选择风险等级。"))
    if data.get("handling") not in FindingHandling.values:
        raise ValidationError(_("请选择处置方式。"))
    case = data.get("case")
    if case is not None:
        if data["handling"] != FindingHandling.REGISTERED:
            raise ValidationError(_("只有“登记为调解案件”的纠纷才能关联案件。"))
        access.require_for(actor, Cap.VIEW, case)
