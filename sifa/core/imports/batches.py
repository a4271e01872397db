"""Import batches (导入批次): upload → preview → confirm → (perhaps) roll back.

* `stage` validates the whole uploaded file and keeps it, sealed, with what the preview shows:
  how many rows would create, update or change nothing, and every error by sheet, row and
  column. Nothing else is written.
* `confirm` validates the kept file again inside one transaction (the database may have changed
  since the preview) and, when it is still clean, applies it through the line; the batch keeps
  the records it created or changed (`ImportedRecord`) with their values before. Any error:
  nothing is written and the batch shows the errors.
* `rollback` undoes an applied batch — deletes what it created, restores what it changed — as
  long as no later record depends on it: refused, saying why in Chinese, when a record was
  changed after the import, when a later batch changed the same records, or when a record
  created since refers to one of them.

The same functions run in a request and in a background job (sifa.core.tasks): a large file's
page replays them in the worker.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import timedelta
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import Exists, OuterRef, ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.sifa_settings import sifa_setting
from sifa.core import crypto, tasks
from sifa.core.excel import RowError, annotated_copy_bytes
from sifa.core.imports import engine, files, registry
from sifa.core.imports.load import Load
from sifa.core.imports.plan import Plan
from sifa.core.imports.spec import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Change,
    ImportContext,
    ImportSpec,
    Ref,
)
from sifa.core.models import ImportBatch, ImportedRecord

PREVIEW_UPDATES = 500  # updated rows whose changes the preview lists
DELETE_CHUNK = 2000  # records deleted (and checked for dependants) at a time


def fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- preview ---------------------------------------------------------------------------------


def stage(spec: ImportSpec, *, actor, office, content: bytes, name: str) -> ImportBatch:
    """Validate an uploaded file for `spec` into `office`'s subtree; the batch to preview."""
    ctx = ImportContext(actor=actor, office=office)
    plan = engine.validate(spec, content, name, ctx)
    batch = ImportBatch(
        kind=spec.key,
        office=office,
        created_by=actor,
        file_name=(name or "")[:200],
        sha256=fingerprint(content),
        upload=crypto.seal_bytes(content),
    )
    _keep_plan(batch, plan)
    batch.save()
    return batch


PLAN_FIELDS = [
    "rows",
    "created_count",
    "updated_count",
    "unchanged_count",
    "error_count",
    "errors",
    "updates",
    "status",
]


def _keep_plan(batch: ImportBatch, plan: Plan) -> None:
    counts = plan.counts
    batch.rows = len(plan.rows)
    batch.created_count = counts[CREATE]
    batch.updated_count = counts[UPDATE]
    batch.unchanged_count = counts[UNCHANGED]
    batch.error_count = len(plan.errors)
    batch.errors = [error.as_dict() for error in plan.errors]
    batch.updates = _updates_of(plan)
    batch.status = ImportBatch.Status.INVALID if plan.errors else ImportBatch.Status.READY


def _updates_of(plan: Plan) -> list[dict]:
    shown = []
    for row in plan.rows:
        if row.action != UPDATE:
            continue
        shown.append(
            {
                "row": row.line,
                "record": str(row.target) if row.target is not None else "",
                "fields": [
                    [str(label), _plain(before), _plain(after)]
                    for label, (before, after) in row.changes.items()
                ],
            }
        )
        if len(shown) >= PREVIEW_UPDATES:
            break
    return shown


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def errors_of(batch: ImportBatch) -> list[RowError]:
    return [RowError.from_dict(data) for data in batch.errors]


def annotated_copy(batch: ImportBatch) -> bytes:
    """The uploaded file with every faulty cell marked (a red fill and the message as the
    cell's comment) and a sheet listing every error."""
    content = crypto.open_bytes(batch.upload) if batch.upload is not None else b""
    try:
        tables = files.read_all(content, batch.file_name)
    except files.Unreadable:
        tables = []
    return annotated_copy_bytes(tables, errors_of(batch))


# --- confirm ---------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, plan: Plan):
        self.plan = plan


def confirm(spec: ImportSpec, batch: ImportBatch, *, actor) -> ImportBatch:
    """Apply a previewed batch: every row in one transaction, or nothing with every error."""
    if batch.status != ImportBatch.Status.READY or batch.upload is None:
        raise ValidationError(_("该批次不是待确认状态，不能导入。"), code="not_ready")
    content = crypto.open_bytes(batch.upload)
    batch.upload = None  # one copy of the file in memory is enough (it is kept in the database)
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().defer("upload").get(pk=batch.pk)
            if locked.status != ImportBatch.Status.READY:
                raise ValidationError(_("该批次不是待确认状态，不能导入。"), code="not_ready")
            ctx = ImportContext(actor=actor, office=locked.office, batch=locked, applying=True)
            plan = engine.validate(spec, content, locked.file_name, ctx)
            if plan.errors:
                raise _Refused(plan)
            try:
                changes = engine.apply(plan, ctx)
            except ValidationError:
                if plan.errors:  # the line's write refused rows: the preview shows them
                    plan.sort_errors()
                    raise _Refused(plan) from None
                raise
            _keep_plan(locked, plan)
            _keep_changes(locked, changes)
            locked.status = ImportBatch.Status.APPLIED
            locked.applied_at = timezone.now()
            locked.applied_by = actor
            locked.upload = None  # the rows are in the registers now; the file is not kept
            locked.save()
    except _Refused as refused:
        # The database changed since the preview: the batch shows the new errors.
        _keep_plan(batch, refused.plan)
        batch.save(update_fields=PLAN_FIELDS)  # the file stays for the annotated copy
        raise ValidationError([str(error) for error in refused.plan.errors]) from None
    batch.refresh_from_db()
    tasks.note(
        _("导入完成：新增%(created)d条，更新%(updated)d条，未变%(unchanged)d条。")
        % {
            "created": batch.created_count,
            "updated": batch.updated_count,
            "unchanged": batch.unchanged_count,
        }
    )
    return batch


def import_now(spec: ImportSpec, *, actor, office, content: bytes, name: str):
    """Validate and apply at once, without a preview (a script, the one-step functions of
    the lines): every row or none (ValidationError with every error). The batch is kept as a
    previewed one is, so it can be rolled back and its records are marked as imported.
    Returns (the batch, the plan, the changes)."""
    with transaction.atomic():
        ctx = ImportContext(actor=actor, office=office, applying=True)
        plan = engine.validate(spec, content, name, ctx)
        if plan.errors:
            raise ValidationError([str(error) for error in plan.errors])
        batch = ImportBatch.objects.create(
            kind=spec.key,
            office=office,
            created_by=actor,
            file_name=(name or "")[:200],
            sha256=fingerprint(content),
        )
        ctx.batch = batch
        try:
            changes = engine.apply(plan, ctx)
        except ValidationError:
            if plan.errors:
                plan.sort_errors()
                raise ValidationError([str(error) for error in plan.errors]) from None
            raise
        _keep_plan(batch, plan)
        _keep_changes(batch, changes)
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.applied_by = actor
        batch.save()
    return batch, plan, changes


def _keep_changes(batch: ImportBatch, changes: list[Change]) -> None:
    types: dict[type, int] = {}
    load = Load(reason="", user=None)
    rows = load.rows(ImportedRecord)
    for done, change in enumerate(changes, start=1):
        if done % 50_000 == 0:
            load.write()  # in parts: the memory of one part, not of the batch
        record = change.record
        model = record.model if isinstance(record, Ref) else type(record)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model, for_concrete_model=False).pk
        rows.add(
            {
                "batch_id": batch.pk,
                "content_type_id": types[model],
                "object_id": record.pk,
                "created": change.created,
                "before": change.before,
            }
        )
    load.write()


def discard(batch: ImportBatch) -> ImportBatch:
    """放弃: a batch not applied is dropped with its file."""
    if batch.status not in (ImportBatch.Status.READY, ImportBatch.Status.INVALID):
        raise ValidationError(_("只有未导入的批次可以放弃。"), code="not_pending")
    batch.status = ImportBatch.Status.DISCARDED
    batch.upload = None
    batch.save(update_fields=["status", "upload"])
    return batch


def purge_unconfirmed(*, now=None) -> int:
    """Batches never confirmed (待确认, 有错误) for SIFA_JOB_KEEP_DAYS days are discarded with
    their sealed files (个人信息保护法 第19条: kept no longer than needed); the count."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=sifa_setting("SIFA_JOB_KEEP_DAYS"))
    pending = [ImportBatch.Status.READY, ImportBatch.Status.INVALID]
    return ImportBatch.objects.filter(status__in=pending, created_at__lt=cutoff).update(
        status=ImportBatch.Status.DISCARDED, upload=None
    )


# --- roll back -------------------------------------------------------------------------------


def may_roll_back(batch: ImportBatch, user) -> bool:
    """Who may roll a batch back (docs/imports.md, 撤销导入): whoever may use its import on its
    office (anywhere, for a batch without one) and is either its importer or holds the
    import's right over every record the batch created or changed — their offices, their line,
    a minor's record the minors right."""
    spec = registry.spec_of(batch.kind)
    if batch.office is not None:
        if not registry.may_use_on(user, spec, batch.office):
            return False
    elif not registry.may_use(user, spec):
        return False
    if (batch.applied_by_id or batch.created_by_id) == user.pk:
        return True
    records = ImportedRecord.objects.filter(batch=batch).order_by()
    for content_type_id in records.values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            return False
        ids = records.filter(content_type_id=content_type_id).values("object_id")
        if not registry.may_use_on_records(user, spec, model._default_manager.filter(pk__in=ids)):
            return False
    return True


ROLLBACK_REFUSED = gettext_lazy(
    "只有导入该批次的用户，或对该批次涉及的全部记录都有该导入权限的用户，可以撤销该批次。"
)


def rollback(batch: ImportBatch, *, actor) -> ImportBatch:
    """撤销导入: delete what the batch created, restore what it changed, in one transaction;
    refused (ValidationError, in Chinese) while a later record depends on it, and
    (PermissionDenied) to a user who may not (`may_roll_back`)."""
    if batch.status != ImportBatch.Status.APPLIED:
        raise ValidationError(_("只有已导入的批次可以撤销。"), code="not_applied")
    if not may_roll_back(batch, actor):
        raise PermissionDenied(str(ROLLBACK_REFUSED))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportBatch.Status.APPLIED:
            raise ValidationError(_("只有已导入的批次可以撤销。"), code="not_applied")
        records = list(locked.records.select_related("content_type").order_by("pk"))
        _refuse_later_batches(locked, records)
        _refuse_changed_since(locked, records)
        own = {(r.content_type_id, r.object_id) for r in records if r.created}
        for index, record in enumerate(reversed(records)):
            if not record.created:
                _restore(locked, record)
            tasks.progress(index + 1, len(records))
        for content_type, group in groupby(
            (r for r in reversed(records) if r.created), key=lambda r: r.content_type
        ):
            _delete(locked, content_type, [r.object_id for r in group], own)
        locked.status = ImportBatch.Status.ROLLED_BACK
        locked.rolled_back_at = timezone.now()
        locked.rolled_back_by = actor
        locked._change_reason = _("撤销导入")
        locked.save()
    return locked


def _model_name(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model


def _refuse_later_batches(batch: ImportBatch, records: list[ImportedRecord]) -> None:
    by_type = defaultdict(list)
    for record in records:
        by_type[record.content_type_id].append(record.object_id)
    later = set()
    for content_type_id, ids in by_type.items():
        found = (
            ImportedRecord.objects.filter(
                content_type_id=content_type_id,
                object_id__in=ids,
                batch__status=ImportBatch.Status.APPLIED,
                batch__applied_at__gt=batch.applied_at,
            )
            .exclude(batch=batch)
            .values_list("batch_id", "batch__file_name")
        )
        later.update(found)
    if later:
        names = "、".join(f"#{pk}（{name}）" for pk, name in sorted(later))
        raise ValidationError(
            _("之后的导入批次 %(batches)s 修改了本批次导入的记录，请先撤销这些批次。")
            % {"batches": names},
            code="later_batch",
        )


def _refuse_changed_since(batch: ImportBatch, records: list[ImportedRecord]) -> None:
    by_type = defaultdict(list)
    for record in records:
        by_type[record.content_type].append(record.object_id)
    problems = []
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        names = {f.name for f in model._meta.concrete_fields}
        if "updated_at" not in names:
            continue
        changed = model._base_manager.filter(pk__in=ids, updated_at__gt=batch.applied_at).count()
        if changed:
            problems.append(
                _("%(count)d条%(model)s在导入后已被修改")
                % {"count": changed, "model": _model_name(content_type)}
            )
    if problems:
        raise ValidationError(
            _("不能撤销：%(problems)s。撤销会丢失这些修改，请先核对。")
            % {"problems": "；".join(problems)},
            code="changed_since",
        )


def _restore(batch: ImportBatch, record: ImportedRecord) -> None:
    """Put a changed record back as it was (its history says so: 撤销导入批次#N), its time of
    change included, so that an earlier batch still sees it unchanged since."""
    model = record.content_type.model_class()
    obj = model._base_manager.get(pk=record.object_id)
    before = dict(record.before or {})
    updated_at = before.pop("updated_at", None)
    many = {}
    for name, value in before.items():
        model_field = next(
            (f for f in model._meta.get_fields() if getattr(f, "attname", f.name) == name), None
        )
        if model_field is not None and model_field.many_to_many:
            many[name] = value
        elif model_field is not None:
            setattr(obj, name, model_field.to_python(value))
    obj._change_reason = _("撤销导入批次#%(pk)d") % {"pk": batch.pk}
    obj.save()
    for name, keys in many.items():
        getattr(obj, name).set(keys)
    if updated_at is not None:
        stamp = model._meta.get_field("updated_at").to_python(updated_at)
        model._base_manager.filter(pk=obj.pk).update(updated_at=stamp)


def _delete(batch: ImportBatch, content_type: ContentType, ids: list[int], own: set) -> None:
    model = content_type.model_class()
    using = router.db_for_write(model)
    for start in range(0, len(ids), DELETE_CHUNK):
        objs = list(model._base_manager.filter(pk__in=ids[start : start + DELETE_CHUNK]))
        collector = Collector(using=using)
        try:
            collector.collect(objs)
        except (ProtectedError, RestrictedError) as error:
            blocking = {str(o._meta.verbose_name) for o in error.protected_objects}
            raise ValidationError(
                _("不能撤销：本批次导入的%(model)s已被其他记录（%(others)s）使用。")
                % {"model": _model_name(content_type), "others": "、".join(sorted(blocking))},
                code="protected",
            ) from None
        later = _later_dependants(batch, collector, own)
        if later:
            raise ValidationError(
                _("不能撤销：导入之后已登记了依附于本批次记录的%(later)s，请先处理这些记录。")
                % {"later": "、".join(later)},
                code="dependants",
            )
        collector.delete()


def _later_dependants(batch: ImportBatch, collector: Collector, own: set) -> list[str]:
    """What the deletion would take with it that was created after the batch was applied."""
    found = defaultdict(int)
    for model, instances in collector.data.items():
        if not any(f.name == "created_at" for f in model._meta.concrete_fields):
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        for instance in instances:
            if (content_type.pk, instance.pk) in own:
                continue
            if instance.created_at and instance.created_at > batch.applied_at:
                found[str(model._meta.verbose_name)] += 1
    for queryset in collector.fast_deletes:
        model = queryset.model
        if not any(f.name == "created_at" for f in model._meta.concrete_fields):
            continue
        count = queryset.filter(created_at__gt=batch.applied_at).count()
        if count:
            found[str(model._meta.verbose_name)] += count
    return [
        _("%(model)s%(count)d条") % {"model": model, "count": count}
        for model, count in sorted(found.items())
    ]


# --- the historic mark -----------------------------------------------------------------------


def imported_on(model, pks) -> dict:
    """{pk: the day it was imported} of the records of `model` among `pks` that an applied
    batch created: their deadlines already past that day are historic, not overdue
    (sifa.core.deadlines.HISTORIC; docs/go-live.md)."""
    pks = list(pks)
    if not pks:
        return {}
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    found = {}
    for first in range(0, len(pks), IMPORTED_ON_CHUNK):  # an export's rows: SQLite's variables
        rows = ImportedRecord.objects.filter(
            content_type=content_type,
            object_id__in=pks[first : first + IMPORTED_ON_CHUNK],
            created=True,
            batch__status=ImportBatch.Status.APPLIED,
        ).values_list("object_id", "batch__applied_at")
        found.update((pk, timezone.localdate(at)) for pk, at in rows)
    return found


IMPORTED_ON_CHUNK = 5000


def imported_after(model, day_field: str) -> Exists:
    """The filter form of `imported_on` and HISTORIC: a record of `model` an applied batch
    created on a day after its `day_field` (a deadline already past when it was imported)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return Exists(
        ImportedRecord.objects.filter(
            content_type=content_type,
            object_id=OuterRef("pk"),
            created=True,
            batch__status=ImportBatch.Status.APPLIED,
            batch__applied_at__date__gt=OuterRef(day_field),
        )
    )
