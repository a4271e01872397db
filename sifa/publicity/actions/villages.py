"""Writes of the 民主法治示范村(社区) file of a village (its service station, an office of the
tree): the households, the titles by level with their two-yearly reviews (复核), and the
法律明白人 register. A review that revokes (撤销) or cancels (注销) a title ends it on the review
date: from that day it no longer counts."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.core.records import save_checked
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.people.actions import PersonIdentity, person_obtain
from sifa.publicity.constants import LINE, ReviewOutcome, TitleLevel, TitleStatus
from sifa.publicity.models import LawSavvy, TitleReview, VillageFile, VillageTitle

FIRST_YEAR = 2003  # 全国民主法治示范村 were first named in 2003


def households_per_law_savvy() -> int:
    return max(1, int(sifa_setting("SIFA_PUBLICITY_HOUSEHOLDS_PER_LAW_SAVVY")))


def law_savvy_target(households: int) -> int:
    """法律明白人 the register should hold for `households` (rounded up)."""
    per = households_per_law_savvy()
    return -(-households // per) if households else 0


def _require_village(actor, village: Office) -> None:
    access.require(actor, Cap.EDIT, village, line=LINE)
    if village.kind != OfficeKind.SERVICE_STATION:
        raise ValidationError({"office": [_("示范村(社区)档案只建在村(社区)司法行政服务站。")]})


@transaction.atomic
def village_file_save(*, actor, village: Office, households: int) -> VillageFile:
    """The village's file (created on first write): its number of households."""
    _require_village(actor, village)
    if households is None or households < 0:
        raise ValidationError({"households": [_("户数不能为负数。")]})
    record = VillageFile.objects.select_for_update().filter(office=village).first()
    record = record or VillageFile(office=village, created_by=actor)
    record.households = households
    return save_checked(record, actor, _("登记示范村(社区)户数"))


@transaction.atomic
def title_record(
    *,
    actor,
    village: Office,
    level: str,
    named_year: int,
    named_on: datetime.date,
    document: str = "",
) -> VillageTitle:
    """登记 a 民主法治示范村(社区) title of one level (one title per level and village)."""
    _require_village(actor, village)
    errors: dict[str, list[str]] = {}
    if level not in TitleLevel.values:
        errors["level"] = [_("请选择命名级别。")]
    if not named_year or not FIRST_YEAR <= named_year <= timezone.localdate().year:
        errors["named_year"] = [_("命名年度不正确。")]
    if named_on is None or named_on > timezone.localdate():
        errors["named_on"] = [_("命名日期不能晚于今天。")]
    elif named_year and named_on.year != named_year:
        errors["named_on"] = [_("命名日期应在命名年度内。")]
    if not errors and VillageTitle.objects.filter(office=village, level=level).exists():
        errors["level"] = [_("该村(社区)已登记过这一级别的命名。")]
    if errors:
        raise ValidationError(errors)
    record = VillageTitle(
        office=village, level=level, named_year=named_year, named_on=named_on,
        document=(document or "").strip(), created_by=actor,
    )  # fmt: skip
    return save_checked(record, actor, _("登记示范村(社区)命名"))


@transaction.atomic
def title_review(
    *, actor, title: VillageTitle, reviewed_on: datetime.date, outcome: str, note: str = ""
) -> TitleReview:
    """复核 of a valid title: 保留 keeps it; 撤销 or 注销 ends it on the review date."""
    access.require(actor, Cap.EDIT, title.office, line=LINE)
    title = VillageTitle.objects.select_for_update().get(pk=title.pk)
    errors: dict[str, list[str]] = {}
    if title.status != TitleStatus.VALID:
        errors["outcome"] = [_("该命名已%(status)s，不能再复核。") % {
            "status": title.get_status_display()
        }]  # fmt: skip
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = [_("请选择复核结论。")]
    if reviewed_on is None or reviewed_on > timezone.localdate():
        errors["reviewed_on"] = [_("复核日期不能晚于今天。")]
    elif reviewed_on <= title.named_on:
        errors["reviewed_on"] = [_("复核日期应晚于命名日期。")]
    elif title.reviews.filter(reviewed_on__gte=reviewed_on).exists():
        errors["reviewed_on"] = [_("复核日期应晚于上次复核。")]
    if errors:
        raise ValidationError(errors)
    review = TitleReview(
        office=title.office, title=title, reviewed_on=reviewed_on, outcome=outcome,
        note=(note or "").strip(), created_by=actor,
    )  # fmt: skip
    review.full_clean()
    review.save()
    if outcome != ReviewOutcome.KEPT:
        title.status = TitleStatus(outcome)
        title.ended_on = reviewed_on
        save_checked(title, actor, _("复核%(outcome)s") % {"outcome": review.get_outcome_display()})
    return review


@transaction.atomic
def law_savvy_record(
    *, actor, village: Office, identity: PersonIdentity, since: datetime.date
) -> LawSavvy:
    """登记法律明白人 of the village (the person through the registry)."""
    _require_village(actor, village)
    if since is None or since > timezone.localdate():
        raise ValidationError({"since": [_("确定日期不能晚于今天。")]})
    if (
        identity.person is not None
        and LawSavvy.objects.filter(person=identity.person, left_on__isnull=True).exists()
    ):
        raise ValidationError({"id_number": [_("此人已是法律明白人。")]})
    person = person_obtain(actor=actor, office=village, identity=identity)
    record = LawSavvy(office=village, person=person, since=since, created_by=actor)
    return save_checked(record, actor, _("登记法律明白人"))


@transaction.atomic
def law_savvy_leave(*, actor, record: LawSavvy, left_on: datetime.date) -> LawSavvy:
    access.require(actor, Cap.EDIT, record.office, line=LINE)
    if left_on is None or left_on <= record.since or left_on > timezone.localdate():
        raise ValidationError({"left_on": [_("退出日期应晚于确定日期，且不晚于今天。")]})
    record.left_on = left_on
    return save_checked(record, actor, _("法律明白人退出"))
