"""Writes of the forensic registers: the categories an institution and its appraisers are
registered in, and the annual registration (年度登记/延续). Both are the supervising bureau's
work: `edit` in this line on the office the institution sits under (the institution's own
account cannot register itself)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core.codes import code_name, validate_code
from sifa.core.records import save_checked
from sifa.forensic.constants import CATEGORY_LIST, LINE, RegistrationStatus
from sifa.forensic.models import AnnualRegistration, CategoryRegistration
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.practice.constants import HELD, Category
from sifa.practice.selectors.registers import supervising_office


def require_supervisor(actor, institution) -> None:
    access.require(actor, Cap.EDIT, supervising_office(institution.office), line=LINE)


def check_forensic(institution, practitioner=None) -> None:
    if institution.category != Category.FORENSIC_INSTITUTION:
        raise ValidationError(_("“%(name)s”不是司法鉴定机构。") % {"name": institution})
    if practitioner is not None:
        if practitioner.institution_id != institution.pk:
            raise ValidationError(
                _("鉴定人%(name)s不在%(institution)s执业。")
                % {"name": practitioner.person.name, "institution": institution}
            )
        if practitioner.status not in HELD:
            raise ValidationError(
                _("鉴定人%(name)s的执业证已注销。") % {"name": practitioner.person.name}
            )


@transaction.atomic
def category_register(
    *,
    actor,
    institution,
    category: str,
    registered_on: datetime.date,
    practitioner=None,
) -> CategoryRegistration:
    """登记鉴定类别 of an institution, or (with `practitioner`) of one of its appraisers — who
    may be registered only in a category his institution is registered in."""
    require_supervisor(actor, institution)
    check_forensic(institution, practitioner)
    try:
        validate_code(CATEGORY_LIST, category, registered_on)
    except ValidationError as error:
        raise ValidationError({"category": error.messages}) from None
    rows = CategoryRegistration.objects.filter(institution=institution, category=category)
    name = code_name(CATEGORY_LIST, category)
    if practitioner is not None:
        if not rows.filter(practitioner__isnull=True).exists():
            raise ValidationError(
                {
                    "category": _(
                        "鉴定机构%(institution)s未登记“%(category)s”，其鉴定人不能登记该类别。"
                    )
                    % {"institution": institution, "category": name}
                }
            )
        if rows.filter(practitioner=practitioner).exists():
            raise ValidationError(
                {"category": _("该鉴定人已登记“%(category)s”。") % {"category": name}}
            )
    elif rows.filter(practitioner__isnull=True).exists():
        raise ValidationError({"category": _("该机构已登记“%(category)s”。") % {"category": name}})
    row = CategoryRegistration(
        office=institution.office,
        created_by=actor,
        institution=institution,
        practitioner=practitioner,
        category=category,
        registered_on=registered_on,
    )
    return save_checked(row, actor, _("登记鉴定类别"))


@transaction.atomic
def annual_registration_record(
    *,
    actor,
    institution,
    year: int,
    status: str,
    practitioner=None,
    decided_on: datetime.date | None = None,
    note: str = "",
) -> AnnualRegistration:
    """年度登记/延续: the status of the institution's (or an appraiser's) registration for
    `year`; recording the same year again changes it."""
    require_supervisor(actor, institution)
    check_forensic(institution, practitioner)
    if status not in RegistrationStatus.values:
        raise ValidationError({"status": _("请选择登记状态。")})
    if status != RegistrationStatus.PENDING and decided_on is None:
        raise ValidationError({"decided_on": _("请填写办理日期。")})
    row = AnnualRegistration.objects.filter(
        institution=institution, practitioner=practitioner, year=year
    ).first() or AnnualRegistration(
        office=institution.office,
        created_by=actor,
        institution=institution,
        practitioner=practitioner,
        year=year,
    )
    row.status, row.decided_on, row.note = status, decided_on, (note or "").strip()
    return save_checked(row, actor, _("年度登记"))
