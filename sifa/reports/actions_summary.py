"""Writes (and the scoped reads they need) of the work summaries (工作总结).

Who may do what (checked here, views stay thin):
* read templates and drafts, create a draft, view and export it: Cap.STATS on the office — a
  draft only records a reading of the figures, and a leader who reads them (without Cap.EDIT)
  must be able to download the summary;
* create, edit and copy templates, edit a draft's prose: Cap.EDIT on the office.

A draft's numbers are never stored as text of the document: its body keeps the placeholders,
and `values` keeps the numbers as last shown (`record_shown`), so that an export can name every
number that changed since (`recheck`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office
from sifa.reports import summary
from sifa.reports.models import SummaryDraft, SummaryTemplate
from sifa.reports.summary_defaults import DefaultTemplate, default_template, kind_of_period

# --- reads ------------------------------------------------------------------------------------


def templates_of(office: Office):
    return SummaryTemplate.objects.filter(office=office).order_by("kind", "name")


def drafts_of(office: Office):
    return SummaryDraft.objects.filter(office=office).order_by("-period_end", "-pk")


def template_for(user, pk) -> SummaryTemplate:
    """A template the user may read (404 out of sight, 403 without Cap.STATS)."""
    template = _scoped_or_404(user, SummaryTemplate.objects.select_related("office"), pk)
    access.require(user, Cap.STATS, template.office)
    return template


def draft_for(user, pk) -> SummaryDraft:
    """A draft the user may read (404 out of sight, 403 without Cap.STATS)."""
    draft = _scoped_or_404(user, SummaryDraft.objects.select_related("office", "template"), pk)
    access.require(user, Cap.STATS, draft.office)
    return draft


def _scoped_or_404(user, queryset, pk):
    """By pk within the user's VIEW or STATS subtrees (a leader may hold STATS only)."""
    visible = access.scope(user, queryset) | access.scope(user, queryset, Cap.STATS)
    try:
        return visible.distinct().get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("未找到该记录。")) from None


def template_to_use(office: Office, kind: str) -> SummaryTemplate | DefaultTemplate:
    """The office's active template of the kind (latest first), else the built-in default."""
    own = templates_of(office).filter(kind=kind, active=True).order_by("-updated_at", "-pk")
    return own.first() or default_template(kind)


def template_for_period(office: Office, start: date, end: date):
    return template_to_use(office, kind_of_period(start, end))


# --- writes -----------------------------------------------------------------------------------


def _require_valid(title: str, body: str) -> None:
    messages = summary.validate(body, title)
    if messages:
        raise ValidationError(messages)


def save_template(
    user, office: Office, *, name, kind, title, body, active=True, template=None
) -> SummaryTemplate:
    """Create or update a template (Cap.EDIT); ValidationError lists the problems by line."""
    access.require(
        user, Cap.EDIT, office if template is None else template.office, line=access.ANY_LINE
    )
    _require_valid(title, body)
    template = template or SummaryTemplate(office=office)
    template.name, template.kind, template.title = name, kind, title
    template.body, template.active = body, active
    template.save()
    return template


def copy_default_template(user, office: Office, kind: str) -> SummaryTemplate:
    """复制为本局模板: the built-in template of a kind as the office's own, to edit."""
    default = default_template(kind)
    return save_template(
        user,
        office,
        name=default.name.removeprefix("内置："),
        kind=kind,
        title=default.title,
        body=default.body,
    )


def create_draft(
    user, office: Office, template: SummaryTemplate | DefaultTemplate, start: date, end: date
) -> SummaryDraft:
    """A new draft of the template for the office and period (Cap.STATS, see the docstring)."""
    access.require(user, Cap.STATS, office)
    if start > end:
        raise ValidationError(_("开始日期不能晚于截止日期。"))
    if isinstance(template, SummaryTemplate):
        access.require(user, Cap.STATS, template.office)
    return SummaryDraft.objects.create(
        office=office,
        template=template if isinstance(template, SummaryTemplate) else None,
        title=template.title,
        body=template.body,
        period_start=start,
        period_end=end,
    )


def update_draft(user, draft: SummaryDraft, *, title: str, body: str) -> SummaryDraft:
    """The bureau edits the prose (Cap.EDIT); the placeholders are validated again."""
    access.require(user, Cap.EDIT, draft.office, line=access.ANY_LINE)
    _require_valid(title, body)
    draft.title, draft.body = title, body
    draft.save(update_fields=["title", "body", "updated_at"])
    return draft


def render_draft(draft: SummaryDraft, user=None) -> summary.Rendered:
    """The draft drafted now, in the user's scope (system scope without a user)."""
    return summary.render(
        draft.title, draft.body, draft.office, draft.period_start, draft.period_end, user=user
    )


def record_shown(draft: SummaryDraft, rendered: summary.Rendered) -> None:
    """Remember the numbers as shown to the bureau (what the next export is checked against)."""
    draft.values = rendered.values
    draft.checked_at = timezone.now()
    draft.save(update_fields=["values", "checked_at"])


@dataclass(frozen=True)
class Change:
    source: str
    label: str
    old: str | None  # None: the number was not shown before
    new: str

    def __str__(self) -> str:
        old = self.old if self.old is not None else _("（未显示）")
        return f"{self.label}（{self.source}）：{old} → {self.new}"


def recheck(draft: SummaryDraft, user=None) -> tuple[summary.Rendered, list[Change]]:
    """Recompute every number before an export; list those that differ from the shown ones.

    When some changed, the new numbers are recorded as shown (the bureau sees them on the draft
    page with the message), so the next export goes through.
    """
    rendered = render_draft(draft, user)
    shown = draft.values or {}
    changes = [
        Change(source, number.label, shown.get(source), number.text)
        for source, number in rendered.numbers.items()
        if shown.get(source) != number.text
    ]
    if changes:
        record_shown(draft, rendered)
    return rendered, changes


def can_edit(user, office: Office) -> bool:
    return access.can(user, Cap.EDIT, office, line=access.ANY_LINE)
