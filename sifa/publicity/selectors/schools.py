"""Reads of the schools (units of kind 学校), their 法治副校长 and activities, and of the
village files (示范村(社区), 法律明白人); always through `access.scope()`."""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office
from sifa.publicity.constants import LINE, REVIEW_EVERY_YEARS, TitleStatus, UnitKind
from sifa.publicity.models import (
    Appointment,
    AppointmentYear,
    LawSavvy,
    TitleReview,
    Unit,
    VillageFile,
    VillageTitle,
    VpActivity,
)


def _active_on(day: datetime.date) -> Q:
    return Q(started_on__lte=day, ended_on__gt=day)


def schools(user, *, on: datetime.date | None = None) -> QuerySet[Unit]:
    """The schools of the registers the user sees, each with its active appointees on `on`."""
    day = on or timezone.localdate()
    rows = Unit.objects.filter(kind=UnitKind.SCHOOL, active=True).select_related(
        "office", "township"
    )
    return (
        access.scope(user, rows)
        .annotate(
            vice_principals=Count(
                "appointments",
                filter=Q(appointments__started_on__lte=day, appointments__ended_on__gt=day),
            )
        )
        .order_by("office__path", "township__path", "name")
    )


def schools_uncovered(user, *, on: datetime.date | None = None) -> QuerySet[Unit]:
    return schools(user, on=on).filter(vice_principals=0)


def appointments(*, actor, school: Unit) -> QuerySet[Appointment]:
    return access.scope(
        actor, Appointment.objects.filter(school=school).select_related("person")
    ).order_by("-started_on", "pk")


def appointment_get(*, actor, pk) -> Appointment:
    return access.get_object_or_404(
        actor, Appointment.objects.select_related("school", "person", "office"), pk=pk
    )


def activities(*, actor, school: Unit) -> QuerySet[VpActivity]:
    return access.scope(
        actor,
        VpActivity.objects.filter(appointment__school=school).select_related("appointment__person"),
    ).order_by("-held_on", "-pk")


def hours_short(user, *, year: int, below) -> QuerySet[AppointmentYear]:
    """Appointment years of `year` (within the term) with fewer class hours than `below`."""
    rows = AppointmentYear.objects.filter(year=year, hours__lt=below).select_related(
        "appointment__school", "appointment__person", "office"
    )
    return access.scope(user, rows).order_by("appointment__school__name")


# --- villages ---------------------------------------------------------------------------------


def villages(user) -> QuerySet[Office]:
    """The village (社区) service stations the user sees in this line."""
    return access.visible_offices(user, Cap.VIEW, line=LINE).filter(
        kind=OfficeKind.SERVICE_STATION, is_active=True
    )


def _count_by_office(rows) -> Subquery:
    counted = (
        rows.filter(office=OuterRef("pk"))
        .order_by()
        .values("office")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def villages_with_counts(user) -> QuerySet[Office]:
    """The villages with their valid titles and active 法律明白人 (those the user sees)."""
    titles_seen = access.scope(user, VillageTitle.objects.filter(status=TitleStatus.VALID))
    savvy_seen = access.scope(user, LawSavvy.objects.filter(left_on__isnull=True))
    return (
        villages(user)
        .annotate(titles=_count_by_office(titles_seen), law_savvy=_count_by_office(savvy_seen))
        .order_by("path")
    )


def village_get(*, actor, pk) -> Office:
    office = villages(actor).filter(pk=pk).first()
    if office is None:
        from django.http import Http404

        raise Http404
    return office


def village_file(*, actor, village: Office) -> VillageFile | None:
    return access.scope(actor, VillageFile.objects.filter(office=village)).first()


def titles(user) -> QuerySet[VillageTitle]:
    return access.scope(user, VillageTitle.objects.select_related("office")).order_by(
        "office__path", "level"
    )


def village_titles(*, actor, village: Office) -> QuerySet[VillageTitle]:
    return titles(actor).filter(office=village).prefetch_related("reviews")


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (or earlier); 29 February → 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 2, 28)


def titles_due_for_review(user, *, on: datetime.date) -> QuerySet[VillageTitle]:
    """Valid titles whose naming or last review lies `REVIEW_EVERY_YEARS` years or more before
    `on`, annotated with `last_checked` (that date)."""
    last = (
        TitleReview.objects.filter(title=OuterRef("pk"))
        .order_by("-reviewed_on")
        .values("reviewed_on")[:1]
    )
    limit = years_later(on, -REVIEW_EVERY_YEARS)
    return (
        titles(user)
        .filter(status=TitleStatus.VALID)
        .annotate(last_checked=Coalesce(Subquery(last), "named_on"))
        .filter(last_checked__lte=limit)
    )


def title_get(*, actor, pk) -> VillageTitle:
    return access.get_object_or_404(actor, VillageTitle.objects.select_related("office"), pk=pk)


def law_savvy(*, actor, village: Office) -> QuerySet[LawSavvy]:
    return access.scope(
        actor, LawSavvy.objects.filter(office=village).select_related("person")
    ).order_by("left_on", "-since")


def law_savvy_get(*, actor, pk) -> LawSavvy:
    return access.get_object_or_404(actor, LawSavvy.objects.select_related("office"), pk=pk)
