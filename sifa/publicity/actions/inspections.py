"""Writes of the yearly 普法考核 (inspection of townships and units) and of media articles
(信息宣传)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.records import save_checked
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.publicity.constants import LINE, MediaLevel
from sifa.publicity.models import Article, Inspection, Unit

MAX_SCORE = Decimal(100)


def inspection_errors(
    *, office: Office, year, inspected_on, township: Office | None, unit: Unit | None, score
) -> dict:
    errors: dict[str, list[str]] = {}
    if office.kind != OfficeKind.JUSTICE_BUREAU:
        errors["office"] = [_("普法考核由司法局组织。")]
    if (township is None) == (unit is None):
        errors["township"] = [_("请选择被考核的镇(街道)或单位（二选一）。")]
    if township is not None and (
        township.kind != OfficeKind.JUDICIAL_OFFICE or not township.path.startswith(office.path)
    ):
        errors["township"] = [_("被考核的镇(街道)应为本局辖区的司法所。")]
    if unit is not None and not unit.office.path.startswith(office.path):
        errors["unit"] = [_("被考核的单位应在本局的普法责任单位名册中。")]
    if inspected_on is None or inspected_on > timezone.localdate():
        errors["inspected_on"] = [_("考核日期不能晚于今天。")]
    elif year and not year <= inspected_on.year <= year + 1:
        errors["inspected_on"] = [_("考核日期应在考核年度或其次年。")]
    if score is not None and not Decimal(0) <= score <= MAX_SCORE:
        errors["score"] = [_("得分应在0到100分之间。")]
    return errors


@transaction.atomic
def inspection_record(
    *,
    actor,
    office: Office,
    year: int,
    inspected_on: datetime.date,
    township: Office | None = None,
    unit: Unit | None = None,
    findings: str = "",
    score: Decimal | None = None,
) -> Inspection:
    """登记普法考核 of one township or unit by the bureau."""
    access.require(actor, Cap.EDIT, office, line=LINE)
    errors = inspection_errors(
        office=office, year=year, inspected_on=inspected_on, township=township, unit=unit,
        score=score,
    )  # fmt: skip
    if not errors:
        done = Inspection.objects.filter(office=office, year=year)
        if (township and done.filter(township=township).exists()) or (
            unit and done.filter(unit=unit).exists()
        ):
            errors["township" if township else "unit"] = [_("该年度已登记过对其的考核。")]
    if errors:
        raise ValidationError(errors)
    record = Inspection(
        office=office, year=year, inspected_on=inspected_on, township=township, unit=unit,
        findings=(findings or "").strip(), score=score, created_by=actor,
    )  # fmt: skip
    return save_checked(record, actor, _("登记普法考核"))


@transaction.atomic
def article_record(
    *,
    actor,
    office: Office,
    title: str,
    outlet: str,
    level: str,
    published_on: datetime.date,
    link: str = "",
) -> Article:
    """登记信息宣传用稿 (any office of the line)."""
    access.require(actor, Cap.EDIT, office, line=LINE)
    errors: dict[str, list[str]] = {}
    if level not in MediaLevel.values:
        errors["level"] = [_("请选择媒体级别。")]
    if published_on is None or published_on > timezone.localdate():
        errors["published_on"] = [_("刊发日期不能晚于今天。")]
    if errors:
        raise ValidationError(errors)
    record = Article(
        office=office, title=(title or "").strip(), outlet=(outlet or "").strip(), level=level,
        published_on=published_on, link=(link or "").strip(), created_by=actor,
    )  # fmt: skip
    return save_checked(record, actor, _("登记信息宣传"))
