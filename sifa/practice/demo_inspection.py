"""年度检查考核 of the demo city's law firms (SEED_FIGURES.md: 18 firms, 100 % 合格), produced
by the workflow's actions: the bureau opens the 2025 inspection in March of the demo year, each
firm submits its materials and its statistics from its register (the first firm through its
own login `firm_admin`, the others as paper submissions entered by the bureau's section), the
bureau reviews, and — the demo city being a county-level city at the top of the tree — decides
every one 合格 in June, within the half-year of the reference's figures. Called from `demo.load`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from sifa.core.demo import DemoContext
from sifa.orgs.models import Office
from sifa.practice.actions.inspection import (
    Upload,
    inspection_open,
    submission_decide,
    submission_review,
    submission_submit,
)
from sifa.practice.constants import Category
from sifa.practice.constants_inspection import REQUIRED_MATERIALS, SubmissionStatus
from sifa.practice.models import (
    Assessment,
    Inspection,
    Institution,
    Material,
    Submission,
    SubmissionEvent,
)

SECTION = "section"  # the bureau's 业务科室 demo login (sifa/orgs/demo.py)
# Deleted before the registers when the demo is unloaded (they keep their institutions).
MODELS = (Assessment, Material, SubmissionEvent, Submission, Inspection)
INSPECTED_YEAR_OFFSET = 1  # the year before the demo's half-year


def _pdf(title: str) -> bytes:
    """A small valid PDF file standing for a scanned material."""
    return (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        b"% " + title.encode("utf-8") + b"\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    )


def load(ctx: DemoContext, bureau: Office, firms: list[Institution], firm_admin) -> None:
    rng = ctx.rng("practice.inspection")
    section = get_user_model().objects.get(username=SECTION)
    year = ctx.period_start.year - INSPECTED_YEAR_OFFSET
    opened = date(year + 1, 3, 2)
    inspection = inspection_open(
        actor=section, office=bureau, category=Category.LAW_FIRM, year=year, on=opened
    )
    submissions = {row.institution_id: row for row in inspection.submissions.all()}
    for index, firm in enumerate(firms):
        submission = submissions[firm.pk]
        submitted = opened + timedelta(days=rng.randint(7, 80))  # before the due date
        uploads = [
            Upload(kind=kind, name=f"{firm.office.name}-{kind}.pdf", content=_pdf(f"{kind}"))
            for kind in REQUIRED_MATERIALS
        ]
        submission_submit(
            actor=firm_admin if index == 0 else section,
            submission=submission,
            uploads=uploads,
            summary=f"{year}年度本所依法执业，未受行政处罚和行业处分。",
            on=submitted,
        )
        reviewed = submitted + timedelta(days=rng.randint(2, 10))
        submission_review(actor=section, submission=submission, passed=True, on=reviewed)
        decided = date(year + 1, 6, rng.randint(10, 20))
        submission_decide(
            actor=section, submission=submission, result=SubmissionStatus.PASSED, on=decided
        )
    ctx.log(f"  {year}年度律师事务所年度检查考核 {len(firms)} 家，全部合格")
