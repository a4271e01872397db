"""Reads of the law exams and their results, and the participation of each unit."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.publicity.models import Exam, ExamResult, Unit, UnitYear
from sifa.stats.registry import rate


def exams(user, capability=Cap.VIEW) -> QuerySet[Exam]:
    rows = access.scope(user, Exam.objects.select_related("office"), capability)
    return rows.annotate(
        takers=Count("results"), passed_count=Count("results", filter=Q(results__passed=True))
    ).order_by("-held_on", "-pk")


def exam_get(*, actor, pk) -> Exam:
    return access.get_object_or_404(actor, Exam.objects.select_related("office"), pk=pk)


def exams_titled(*, actor, titles) -> dict[str, list[Exam]]:
    """{title: the exams so titled} among those the actor may edit (an import's 考试 column)."""
    found: dict[str, list[Exam]] = {}
    rows = access.scope(actor, Exam.objects.select_related("office"), Cap.EDIT)
    for exam in rows.filter(title__in={t.strip() for t in titles if t}):
        found.setdefault(exam.title, []).append(exam)
    return found


def results(*, actor, exam: Exam) -> QuerySet[ExamResult]:
    return access.scope(
        actor, ExamResult.objects.filter(exam=exam).select_related("unit", "person")
    ).order_by("unit__name", "person__name", "pk")


def results_by_key(*, exams, person_ids) -> dict[tuple[int, int], ExamResult]:
    """{(exam id, person id): result} of the results already filed (an import's UPDATE)."""
    rows = ExamResult.objects.filter(
        exam__in=list(exams), person_id__in=[pk for pk in person_ids if pk and pk > 0]
    )
    return {(row.exam_id, row.person_id): row for row in rows}


@dataclass(frozen=True)
class Participation:
    """One unit's exam year: staff on the roster, takers, passes."""

    unit: Unit
    staff: int
    takers: int
    passed: int

    @property
    def rate(self):
        """参考率 = takers ÷ staff on the roster (None without a roster)."""
        return rate(self.takers, self.staff)

    @property
    def pass_rate(self):
        return rate(self.passed, self.takers)


def participation(*, actor, exam: Exam) -> list[Participation]:
    """Each unit of the exam's bureau register (and below) the actor sees, with its roster of
    the exam's year and its takers and passes in the exam."""
    units = access.within(access.scope(actor, Unit.objects.select_related("office")), exam.office)
    staff = dict(
        UnitYear.objects.filter(unit__in=units, year=exam.year).values_list("unit_id", "staff")
    )
    counts = {
        row["unit_id"]: row
        for row in ExamResult.objects.filter(exam=exam, unit__in=units)
        .values("unit_id")
        .annotate(takers=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
    }
    rows = []
    for unit in units.order_by("name"):
        found = counts.get(unit.pk, {})
        rows.append(
            Participation(
                unit, staff.get(unit.pk, 0), found.get("takers", 0), found.get("passed", 0)
            )
        )
    return rows
