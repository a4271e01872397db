"""Arguments the management commands share (indicators, draft_summary, check_reports).

A bad argument is a `CommandError` with a Chinese message; nothing is computed or written.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sifa.stats import selectors


def date_argument(text: str | None, default: date | None = None) -> date:
    """`--from` / `--to`: an ISO date (YYYY-MM-DD); `default` when the option was left out."""
    if not text and default is not None:
        return default
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise CommandError(
            _("日期格式错误：%(text)s（应为 YYYY-MM-DD，如 2026-01-31）。") % {"text": text}
        ) from None


def office_argument(code: str | None, *, default_root: bool = True):
    """`--office CODE`: that office; without it the root of the tree (or None)."""
    if code:
        office = selectors.office_by_code(code)
        if office is None:
            raise CommandError(_("未找到机构编码为 %(code)s 的机构。") % {"code": code})
        return office
    if not default_root:
        return None
    office = selectors.root_office()
    if office is None:
        raise CommandError(_("尚无任何机构，请先建立或导入机构树。"))
    return office
