"""The built-in work-summary templates (内置模板), one per kind, in `summary_templates/*.txt`.

A bureau without a template of its own drafts from these; "复制为本局模板" copies one into a
`SummaryTemplate` row of the bureau, which it may then edit. Each file's first line is the
title, the rest the body (the syntax is described in `sifa.reports.summary`).

The half-year template follows the first summary of the reference (`../shared/reference/`):
an opening paragraph, sections 一、二、三…, sub-points 一是 / 二是, and every figure of
SEED_FIGURES.md that the existing lines record, each one a placeholder — no hand-typed numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from sifa.reports.models import SummaryTemplate

Kind = SummaryTemplate.Kind
DIRECTORY = Path(__file__).resolve().parent / "summary_templates"
FILES = {Kind.HALF_YEAR: "half_year.txt", Kind.ANNUAL: "annual.txt", Kind.MONTHLY: "monthly.txt"}
NAMES = {
    Kind.HALF_YEAR: _("内置：半年工作总结"),
    Kind.ANNUAL: _("内置：年度工作总结"),
    Kind.MONTHLY: _("内置：月度工作简报"),
}


@dataclass(frozen=True)
class DefaultTemplate:
    """A built-in template: not a database row; `pk` is None and `is_default` is True."""

    kind: str
    title: str
    body: str
    pk: None = None
    is_default: bool = True
    active: bool = True

    @property
    def name(self) -> str:
        return str(NAMES[self.kind])

    def get_kind_display(self) -> str:
        return str(Kind(self.kind).label)


@cache
def default_template(kind: str) -> DefaultTemplate:
    text = (DIRECTORY / FILES[Kind(kind)]).read_text(encoding="utf-8")
    title, _newline, body = text.partition("\n")
    return DefaultTemplate(kind=str(Kind(kind)), title=title.strip(), body=body.rstrip() + "\n")


def default_templates() -> list[DefaultTemplate]:
    return [default_template(kind) for kind in FILES]


def kind_of_period(start: date, end: date) -> str:
    """The template kind a span calls for: a month → 月度简报, a year → 年度, else 半年."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    whole = start.day == 1 and (end + timedelta(days=1)).day == 1
    if whole and months == 1:
        return Kind.MONTHLY
    if whole and months == 12:
        return Kind.ANNUAL
    return Kind.HALF_YEAR
