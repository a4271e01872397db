"""Writes of the business register (业务登记台账): one row per matter an institution handles.

The institution keeps its own register — through its own account (执业机构管理员) or the
supervising bureau's — so the write needs `edit` in the line on the institution's office. The
bureau's figures (docs/practice.md, Indicators) are counts and sums over these rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.constants import (
    ADVISER_CLIENTS,
    LINE,
    ClientKind,
    InstitutionStatus,
    MatterCategory,
)
from sifa.practice.models import Institution, Matter, Practitioner

# Fields a register row carries besides its institution (the import and the form name them).
MATTER_FIELDS = (
    "number",
    "category",
    "litigation_type",
    "client",
    "client_kind",
    "cause",
    "handler",
    "subject_amount",
    "recovered_amount",
    "fee",
    "accepted_on",
    "closed_on",
)


def matter_errors(
    *,
    institution: Institution,
    category: str,
    litigation_type: str,
    client_kind: str,
    handler: Practitioner | None,
    accepted_on: datetime.date | None,
    closed_on: datetime.date | None,
) -> dict[str, list[str]]:
    """The register's rules between fields (the model checks each field on its own)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if category == MatterCategory.LITIGATION and not litigation_type:
        add("litigation_type", _("诉讼业务须填写诉讼类别（民事、刑事或行政）。"))
    if category != MatterCategory.LITIGATION and litigation_type:
        add("litigation_type", _("只有诉讼业务填写诉讼类别。"))
    if category == MatterCategory.ADVISER and client_kind and client_kind not in ADVISER_CLIENTS:
        add("client_kind", _("常年法律顾问的委托人应为企业、村(社区)、机关事业单位或其他组织。"))
    if handler is not None and handler.institution_id != institution.pk:
        add("handler", _("承办人不是本机构的执业人员。"))
    if accepted_on and closed_on and closed_on < accepted_on:
        add("closed_on", _("结案/期满日期不能早于收案日期。"))
    if accepted_on and accepted_on < institution.founded_on:
        add("accepted_on", _("收案日期不能早于本机构的设立日期。"))
    dissolved = institution.status == InstitutionStatus.DISSOLVED and institution.dissolved_on
    if accepted_on and dissolved and accepted_on > institution.dissolved_on:
        message = _("本机构已于%(day)s注销，不能登记之后收案的业务。")
        add("accepted_on", message % {"day": dissolved})
    return errors


def _money(value) -> Decimal:
    return Decimal(value if value not in (None, "") else 0)


@transaction.atomic
def matter_save(
    *,
    actor,
    institution: Institution,
    number: str,
    category: str,
    client: str,
    client_kind: str,
    accepted_on: datetime.date,
    litigation_type: str = "",
    cause: str = "",
    handler: Practitioner | None = None,
    subject_amount=0,
    recovered_amount=0,
    fee=0,
    closed_on: datetime.date | None = None,
    matter: Matter | None = None,
) -> Matter:
    """登记 (or, given `matter`, 修改) one row of the institution's business register."""
    access.require(actor, Cap.EDIT, institution.office, line=LINE)
    if matter is not None:
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        if matter.institution_id != institution.pk:
            raise ValidationError(_("该业务登记不属于本机构。"))
    errors = matter_errors(
        institution=institution,
        category=category,
        litigation_type=litigation_type or "",
        client_kind=client_kind,
        handler=handler,
        accepted_on=accepted_on,
        closed_on=closed_on,
    )
    if errors:
        raise ValidationError(errors)
    record = matter or Matter(office=institution.office, institution=institution, created_by=actor)
    record.number = (number or "").strip()
    record.category = category
    record.litigation_type = litigation_type or ""
    record.client = (client or "").strip()
    record.client_kind = client_kind or ClientKind.PERSON
    record.cause = (cause or "").strip()
    record.handler = handler
    record.subject_amount = _money(subject_amount)
    record.recovered_amount = _money(recovered_amount)
    record.fee = _money(fee)
    record.accepted_on = accepted_on
    record.closed_on = closed_on
    record._history_user = actor
    record._change_reason = _("修改业务登记") if matter else _("登记业务")
    record.full_clean()
    record.save()
    return record
