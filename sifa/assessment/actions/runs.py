"""Writes of an assessment run (考核): open, compute, score, evidence, publish, objections,
finalise.

1. `run_open` (the section): freezes the scheme (a later edit makes a new version), creates one
   `Score` per judicial office below the bureau and item, and computes the automatic items.
2. `run_compute`: reads every automatic item's value for every office from the registry's grid
   (`sifa.assessment.compute`) and applies the item's rule (`sifa.assessment.rules`).
3. `evidence_upload` (the office) and `score_manual` (the section's scorer, with a reason).
4. `run_publish`: the provisional scores are shown to the offices, which may object
   (`objection_raise`) within SIFA_ASSESSMENT_OBJECTION_DAYS working days [M]; the section
   answers (`objection_answer`), changing the points when the objection is upheld.
5. `run_finalise`: recomputes the automatic items one last time and freezes each value with the
   records behind it — the digests and fingerprints of the report submissions' freezing
   (`sifa.reports.snapshots.record_digests` / `fingerprint`); `selectors.runs.run_differences`
   later names the records changed behind a frozen score.
"""

from __future__ import annotations

import base64
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.sifa_settings import sifa_setting
from sifa.assessment import compute, rules
from sifa.assessment.actions.schemes import check_ready
from sifa.assessment.constants import LINE_KEY, Nature, ObjectionOutcome, Rule, RunStatus
from sifa.assessment.freezing import digests_by_office, score_fingerprint
from sifa.assessment.models import (
    Evidence,
    FrozenRecord,
    Item,
    Objection,
    Run,
    Scheme,
    SchemePeriod,
    Score,
)
from sifa.core.calendar import WorkingCalendar
from sifa.legalaid.actions.portal import check_uploads
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office

BATCH = 1000


def objection_days() -> int:
    return int(sifa_setting("SIFA_ASSESSMENT_OBJECTION_DAYS"))


def assessed_offices(bureau: Office):
    """The judicial offices a bureau assesses: the active 司法所 of its subtree."""
    offices = Office.objects.filter(kind=OfficeKind.JUDICIAL_OFFICE, is_active=True)
    return access.within(offices, bureau).order_by("path")


def _require_section(actor, run_or_scheme) -> None:
    access.require(actor, Cap.EDIT, run_or_scheme.office, line=LINE_KEY)


def _current(score: Score) -> Run:
    """The score's run as it stands (a page may hold an older copy), locked till the end."""
    return Run.objects.select_for_update().get(pk=score.run_id)


def _require_open(run: Run) -> None:
    if run.status == RunStatus.FINALISED:
        raise ValidationError(_("考核已定稿，不能再修改。"))


@transaction.atomic
def run_open(*, actor, scheme: Scheme, period: SchemePeriod, now=None) -> Run:
    """开始考核: freeze the scheme, create every office's scores, compute the automatic ones."""
    _require_section(actor, scheme)
    now = now or timezone.now()
    if period.scheme_id != scheme.pk:
        raise ValidationError(_("考核期间不属于该方案。"))
    if Run.objects.filter(office=scheme.office, period__name=period.name,
                          period__scheme__year=scheme.year, period__scheme__name=scheme.name
                          ).exists():  # fmt: skip
        raise ValidationError(
            _("%(period)s的考核已经开始。") % {"period": f"{scheme.year}年{period.name}"}
        )
    check_ready(scheme)
    offices = list(assessed_offices(scheme.office))
    if not offices:
        raise ValidationError(_("该局下没有司法所。"))
    if not scheme.frozen:
        scheme.frozen_at = now
        scheme.save(update_fields=["frozen_at"])
    run = Run.objects.create(
        office=scheme.office, scheme=scheme, period=period, opened_at=now, opened_by=actor,
        created_by=actor,
    )  # fmt: skip
    items = list(scheme.items.all())
    Score.objects.bulk_create(
        [Score(run=run, office=o, item=i, created_by=actor) for o in offices for i in items],
        batch_size=BATCH,
    )
    run_compute(actor=actor, run=run, now=now)
    return run


def _auto_reason(item: Item, value: compute.SourceValue) -> str:
    label = compute.source_label(item.source)
    if value.denominator is not None:
        if value.value is None:
            return _("系统取数：%(label)s无分母（期间无可考核记录），按满分计。") % {"label": label}
        return _("系统取数：%(label)s %(rate)s%%（%(num)s/%(den)s）。") % {
            "label": label,
            "rate": value.value,
            "num": value.numerator.normalize(),
            "den": value.denominator.normalize(),
        }
    return _("系统取数：%(label)s %(value)s。") % {"label": label, "value": value.value.normalize()}


@transaction.atomic
def run_compute(*, actor, run: Run, now=None) -> int:
    """取数: every automatic score from the registry (one grid per parent office). Returns the
    number of scores computed."""
    _require_section(actor, run)
    _require_open(run)
    now = now or timezone.now()
    # A score whose points an upheld objection changed keeps them (the answer gives reasons).
    scores = list(
        Score.objects.filter(run=run)
        .exclude(item__source="")
        .exclude(objections__outcome=ObjectionOutcome.UPHELD)
        .select_related("item")
    )
    offices = Office.objects.filter(pk__in={s.office_id for s in scores})
    periods = [(run.period.start, run.period.end)]
    values = compute.office_values({s.item.source for s in scores}, offices, periods)
    for score in scores:
        value = values[(score.item.source, score.office_id, 0)]
        score.value, score.numerator, score.denominator = (
            value.value,
            value.numerator,
            value.denominator,
        )
        score.points = rules.automatic_points(score.item, value.value)
        score.reason = _auto_reason(score.item, value)
        score.scored_at = now
        score.scored_by = None
    Score.objects.bulk_update(
        scores,
        ["value", "numerator", "denominator", "points", "reason", "scored_at", "scored_by"],
        batch_size=BATCH,
    )
    run.computed_at = now
    run.save(update_fields=["computed_at"])
    return len(scores)


@transaction.atomic
def score_manual(*, actor, score: Score, points, reason: str, now=None) -> Score:
    """评分: a scorer's points for a manual item, with the reason; evidence first if required."""
    run = _current(score)
    _require_section(actor, run)
    _require_open(run)
    item = score.item
    if item.automatic:
        raise ValidationError(_("自动取数项目不能人工评分，请提出异议或修正业务记录。"))
    if item.evidence_required and not score.evidence.exists():
        raise ValidationError(_("该项目须先由司法所上传佐证材料，才能评分。"))
    if points is None or points < 0 or points > item.max_points:
        raise ValidationError(
            {"points": _("得分应在0至%(max)s分之间。") % {"max": item.max_points.normalize()}}
        )
    if item.rule == Rule.YES_NO and points not in (0, item.max_points):
        raise ValidationError({"points": _("是否达标项目只能得0分或满分。")})
    lost = item.nature == Nature.SCORED and points < item.max_points
    if (lost or (item.nature == Nature.PENALTY and points > 0)) and not reason.strip():
        raise ValidationError({"reason": _("扣分（减分）须写明理由。")})
    score.points = rules.manual(points, maximum=item.max_points)
    score.reason = reason.strip()
    score.scored_by = actor
    score.scored_at = now or timezone.now()
    score.save()
    return score


@transaction.atomic
def evidence_upload(*, actor, score: Score, files, note: str = "") -> list[Evidence]:
    """上传佐证材料: the office's files for a manual item, checked by legal aid's upload kit
    (`check_uploads`: count, size, PDF/JPEG/PNG by their bytes) and stored encrypted the way
    legal aid stores an online application's materials."""
    access.require(actor, Cap.EDIT, score.office, line=LINE_KEY)
    _require_open(_current(score))
    if score.item.automatic:
        raise ValidationError(_("自动取数项目无需上传材料。"))
    if not files:
        raise ValidationError(_("请选择要上传的文件。"))
    materials = check_uploads(files)
    return [
        Evidence.objects.create(
            office=score.office,
            score=score,
            filename=m.filename,
            content_type=m.content_type,
            size=len(m.content),
            content=base64.b64encode(m.content).decode("ascii"),
            uploaded_by=actor,
            created_by=actor,
            note=note,
        )
        for m in materials
    ]


def evidence_content(*, actor, evidence: Evidence) -> bytes:
    access.require_for(actor, Cap.VIEW, evidence)
    return base64.b64decode(evidence.content)


@transaction.atomic
def run_publish(*, actor, run: Run, today: date | None = None, now=None) -> Run:
    """公示: every manual item scored; the offices may object until the deadline."""
    _require_section(actor, run)
    if run.status != RunStatus.OPEN:
        raise ValidationError(_("只有评分中的考核可以公示。"))
    missing = run.scores.filter(points__isnull=True).count()
    if missing:
        raise ValidationError(_("还有%(n)s项得分未评定，不能公示。") % {"n": missing})
    today = today or timezone.localdate()
    run.status = RunStatus.PUBLISHED
    run.published_at = now or timezone.now()
    run.objection_deadline = WorkingCalendar().add_working_days(today, objection_days())
    run.save()
    return run


@transaction.atomic
def objection_raise(*, actor, score: Score, text: str, today=None, now=None) -> Objection:
    """提出异议: the office, while the run is published and the deadline has not passed."""
    access.require(actor, Cap.EDIT, score.office, line=LINE_KEY)
    run = _current(score)
    today = today or timezone.localdate()
    if run.status != RunStatus.PUBLISHED:
        raise ValidationError(_("考核未在公示期，不能提出异议。"))
    if today > run.objection_deadline:
        raise ValidationError(
            _("异议期已于%(day)s截止。") % {"day": run.objection_deadline.isoformat()}
        )
    if not text.strip():
        raise ValidationError({"text": _("请写明异议理由。")})
    if score.objections.filter(outcome="").exists():
        raise ValidationError(_("该项目已有待答复的异议。"))
    return Objection.objects.create(
        score=score, text=text.strip(), raised_by=actor, raised_at=now or timezone.now(),
        points_before=score.points,
    )  # fmt: skip


@transaction.atomic
def objection_answer(
    *, actor, objection: Objection, upheld: bool, answer: str, points=None, now=None
) -> Objection:
    """答复异议: the section upholds it (new points) or rejects it, with its reasons."""
    score = objection.score
    run = _current(score)
    _require_section(actor, run)
    _require_open(run)
    if objection.outcome:
        raise ValidationError(_("该异议已经答复。"))
    if not answer.strip():
        raise ValidationError({"answer": _("请写明答复意见。")})
    if upheld:
        maximum = score.item.max_points
        if points is None or points < 0 or points > maximum:
            raise ValidationError(
                {"points": _("改定得分应在0至%(max)s分之间。") % {"max": maximum.normalize()}}
            )
        score.points = rules.manual(points, maximum=maximum)
        score.reason = f"{score.reason}\n{_('异议成立改分')}：{answer.strip()}".strip()
        score.scored_by = actor
        score.scored_at = now or timezone.now()
        score.save()
    objection.outcome = ObjectionOutcome.UPHELD if upheld else ObjectionOutcome.REJECTED
    objection.answer = answer.strip()
    objection.answered_by = actor
    objection.answered_at = now or timezone.now()
    objection.save()
    return objection


@transaction.atomic
def run_finalise(*, actor, run: Run, today: date | None = None, now=None) -> Run:
    """定稿: after the objection period, every objection answered; freezes values and records."""
    _require_section(actor, run)
    today = today or timezone.localdate()
    if run.status != RunStatus.PUBLISHED:
        raise ValidationError(_("只有公示中的考核可以定稿。"))
    if today <= run.objection_deadline:
        raise ValidationError(
            _("异议期至%(day)s，期满后才能定稿。") % {"day": run.objection_deadline.isoformat()}
        )
    if Objection.objects.filter(score__run=run, outcome="").exists():
        raise ValidationError(_("还有异议未答复，不能定稿。"))
    # The automatic values once more, then frozen with the records behind them.
    run_compute(actor=actor, run=run, now=now)
    _freeze(run)
    run.status = RunStatus.FINALISED
    run.finalised_at = now or timezone.now()
    run.finalised_by = actor
    run.save()
    return run


def _freeze(run: Run) -> None:
    rows = []
    scores = list(
        Score.objects.filter(run=run).exclude(item__source="").select_related("item", "office")
    )
    digests = digests_by_office(scores, run.office, run.period.start, run.period.end)
    for score in scores:
        own = digests[score.pk]
        score.record_count = len(own)
        score.fingerprint = score_fingerprint(own)
        rows += [
            FrozenRecord(score=score, indicator=key, record_id=pk, digest=digest)
            for (key, pk), digest in own.items()
        ]
    Score.objects.bulk_update(scores, ["record_count", "fingerprint"], batch_size=BATCH)
    FrozenRecord.objects.bulk_create(rows, batch_size=BATCH)
