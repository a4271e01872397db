"""历史案件导入 in one step (no preview): the import declared in `sifa.mediation.imports.cases`
validated and applied at once, every row or none. The 数据导入 page previews first; this is
what the tests and a script call."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from sifa.core.imports import batches, registry
from sifa.core.imports.spec import UNCHANGED, Ref
from sifa.mediation.models import MediationCase
from sifa.orgs import access
from sifa.orgs.access import Cap

CASE_IMPORT = "mediation.cases"


@dataclass
class ImportResult:
    created: list[MediationCase] = field(default_factory=list)
    skipped: int = 0  # rows that changed nothing (imported already)
    updated: int = 0


def _is_case(record) -> bool:
    model = record.model if isinstance(record, Ref) else type(record)
    return model is MediationCase


@transaction.atomic
def case_import(*, actor, file, office=None) -> ImportResult:
    """Import a case register: every row, or none with every error (ValidationError)."""
    access.require_anywhere(actor, Cap.EDIT, _("您没有登记纠纷的权限。"), line="mediation")
    name = getattr(file, "name", "") or ""
    spec = registry.spec_of(CASE_IMPORT)
    _batch, plan, changes = batches.import_now(
        spec, actor=actor, office=office, content=file.read(), name=name
    )
    keys = [c.record.pk for c in changes if c.created and _is_case(c.record)]
    created = MediationCase.objects.filter(pk__in=keys).order_by("number")
    return ImportResult(
        created=list(created),
        skipped=plan.count(UNCHANGED),
        updated=plan.count("update"),
    )
