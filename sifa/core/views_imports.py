"""数据导入: the page listing every import of the lines the user works in, and each import's
round trip — template, upload, preview (counts, every error, the annotated copy), confirm,
and the history of batches with their roll-back (sifa.core.imports).

A file of more than SIFA_IMPORT_BACKGROUND_ROWS rows is validated and applied as a background
job (sifa.core.tasks): the worker replays the same view, so the same code runs either way.
Who may use an import is what its declaration says (capability and line, answered by the access
module through `sifa.core.imports.registry`); a batch is seen by those who may use its import
on its office, others get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config.sifa_settings import sifa_setting
from sifa.core.excel import CONTENT_TYPE as XLSX
from sifa.core.forms import ImportForm
from sifa.core.imports import batches, files, registry, templates
from sifa.core.models import ImportBatch
from sifa.core.navigation import page_gate
from sifa.core.tasks import runs_in_background
from sifa.core.views import STATUS_COLUMN, Column, download, paginate

ERRORS_SHOWN = 500  # errors listed on the page; the annotated copy has every one
MESSAGE_ERRORS = 20  # errors a background job's message names

BATCH_COLUMNS = (
    Column(gettext_lazy("上传时间"), "created_at"),
    Column(gettext_lazy("导入类型"), "kind"),
    Column(gettext_lazy("导入范围"), "office__name"),
    Column(gettext_lazy("文件名"), "file_name"),
    Column(gettext_lazy("上传人"), "created_by__username"),
    STATUS_COLUMN,
    Column(gettext_lazy("行数"), "rows", numeric=True),
    Column(gettext_lazy("新增"), "created_count", numeric=True),
    Column(gettext_lazy("更新"), "updated_count", numeric=True),
    Column(gettext_lazy("未变"), "unchanged_count", numeric=True),
    Column(gettext_lazy("错误"), "error_count", numeric=True),
)


def _spec_for(user, kind: str):
    spec = registry.spec_of(kind)
    if not registry.may_use(user, spec):
        raise PermissionDenied(_("您没有使用该导入的权限。"))
    return spec


def _batches_of(user):
    """The batches of every import the user may use, on offices in their scope for it."""
    condition = Q(pk__in=[])
    for spec in registry.usable_specs(user):
        condition |= Q(kind=spec.key, office__in=registry.scope_offices(user, spec))
        condition |= Q(kind=spec.key, office__isnull=True, created_by=user)
    return ImportBatch.objects.filter(condition).select_related("office", "created_by")


def _batch_for(user, pk: int):
    """A batch the user may see (its import, on its office; a batch of a whole scope, its
    importer), else 404; with its import."""
    batch = get_object_or_404(ImportBatch.objects.select_related("office", "created_by"), pk=pk)
    try:
        spec = registry.spec_of(batch.kind)
    except Http404:
        raise Http404(_("未找到该导入批次。")) from None
    if batch.office is None:
        allowed = batch.created_by_id == user.pk and registry.may_use(user, spec)
    else:
        allowed = registry.may_use_on(user, spec, batch.office)
    if not allowed:
        raise Http404(_("未找到该导入批次。"))
    return batch, spec


@login_required
@page_gate(registry.may_import_anything, gettext_lazy("您没有可使用的数据导入。"))
def hub(request):
    """数据导入: the imports the user may use, in go-live order, and the batches so far."""
    specs = registry.usable_specs(request.user)
    titles = {spec.key: spec.title for spec in registry.specs()}
    page = paginate(request, _batches_of(request.user), columns=BATCH_COLUMNS)
    for batch in page.object_list:
        batch.kind_title = titles.get(batch.kind, batch.kind)
    context = {"title": _("数据导入"), "specs": specs, "page_obj": page}
    return render(request, "core/imports/hub.html", context)


def _large_upload(request, kind: str) -> int | None:
    """`when=` of the upload: in the background when the file has more data rows than
    SIFA_IMPORT_BACKGROUND_ROWS (counted cheaply; a file that cannot be told stays here)."""
    if request.method != "POST" or not request.FILES:
        return None
    upload = next(iter(request.FILES.values()))
    content = upload.read()
    upload.seek(0)
    rows = files.count_rows(content, upload.name)
    return rows if rows > sifa_setting("SIFA_IMPORT_BACKGROUND_ROWS") else None


@login_required
@require_http_methods(["GET", "POST"])
@runs_in_background(lambda request: _upload_title(request), when=_large_upload)
def upload(request, kind: str):
    """The import's page: upload a file; it is checked whole and its preview shown."""
    spec = _spec_for(request.user, kind)
    offices = registry.offices_for(request.user, spec)
    default = registry.default_office(request.user, spec)
    form = ImportForm(request.POST or None, request.FILES or None, offices=offices, default=default)
    if request.method == "POST" and form.is_valid():
        office = form.chosen_office()
        if office is None or not registry.may_use_on(request.user, spec, office):
            raise PermissionDenied(_("您没有在该机构导入的权限。"))
        uploaded = form.cleaned_data["file"]
        batch = batches.stage(
            spec,
            actor=request.user,
            office=office,
            content=uploaded.read(),
            name=uploaded.name,
        )
        _say_checked(request, batch)
        return redirect(batch)
    context = {
        "title": _("导入%(title)s") % {"title": spec.title},
        "spec": spec,
        "form": form,
        "offices": offices,
    }
    return render(request, "core/imports/upload.html", context)


def _say_checked(request, batch: ImportBatch) -> None:
    """The check's outcome in a sentence (a background job's result says it; a file with
    errors fails the job with them, and the job still leads to the preview)."""
    if batch.error_count:
        shown = [str(error) for error in batches.errors_of(batch)[:MESSAGE_ERRORS]]
        more = batch.error_count - len(shown)
        text = _("文件中有%(n)d处错误，未导入任何数据：") % {"n": batch.error_count}
        text += "\n" + "\n".join(shown)
        if more:
            text += "\n" + _("……另有%(n)d处错误，见预览页和标注文件。") % {"n": more}
        messages.error(request, text)
    else:
        messages.info(
            request,
            _(
                "检查完成：将新增%(created)d条，更新%(updated)d条，未变%(unchanged)d条。请核对后确认导入。"
            )
            % {
                "created": batch.created_count,
                "updated": batch.updated_count,
                "unchanged": batch.unchanged_count,
            },
        )


def _upload_title(request) -> str:
    """The job's title: 检查导入文件：<the import's title>."""
    match = request.resolver_match
    kind = (match.kwargs.get("kind") if match else "") or ""
    try:
        return _("检查导入文件：%(title)s") % {"title": registry.spec_of(kind).title}
    except Http404:
        return _("检查导入文件")


@login_required
def template(request, kind: str):
    """The import's Excel template."""
    spec = _spec_for(request.user, kind)
    return download(templates.template_bytes(spec), spec.template_filename, content_type=XLSX)


@login_required
def batch_page(request, pk: int):
    """The preview of a batch (counts, errors, updates, confirm) or its result (roll-back)."""
    batch, spec = _batch_for(request.user, pk)
    errors = batches.errors_of(batch)
    applied = batch.status == ImportBatch.Status.APPLIED
    may_roll_back = applied and batches.may_roll_back(batch, request.user)
    context = {
        "title": _("导入批次：%(title)s") % {"title": spec.title},
        "batch": batch,
        "spec": spec,
        "errors": errors[:ERRORS_SHOWN],
        "errors_hidden": max(len(errors) - ERRORS_SHOWN, 0),
        "may_confirm": batch.status == ImportBatch.Status.READY
        and batch.created_by_id == request.user.pk,
        "may_rollback": applied and may_roll_back,
        "rollback_refused": batches.ROLLBACK_REFUSED if applied and not may_roll_back else "",
        "may_discard": batch.status in (ImportBatch.Status.READY, ImportBatch.Status.INVALID)
        and batch.created_by_id == request.user.pk,
        "has_annotated": bool(errors) and batch.upload is not None,
        "same_file": _same_file_applied(batch),
    }
    return render(request, "core/imports/batch.html", context)


def _same_file_applied(batch: ImportBatch) -> ImportBatch | None:
    """An earlier applied batch of the same file for the same import, if any."""
    return (
        ImportBatch.objects.filter(
            kind=batch.kind, sha256=batch.sha256, status=ImportBatch.Status.APPLIED
        )
        .exclude(pk=batch.pk)
        .order_by("-applied_at")
        .first()
    )


def _large_batch(request, pk: int) -> int | None:
    """`when=` of confirm: in the background when the batch has more rows than the limit."""
    if request.method != "POST":
        return None
    rows = ImportBatch.objects.filter(pk=pk).values_list("rows", flat=True).first() or 0
    return rows if rows > sifa_setting("SIFA_IMPORT_BACKGROUND_ROWS") else None


@login_required
@require_POST
@runs_in_background(gettext_lazy("导入数据"), when=_large_batch)
def batch_confirm(request, pk: int):
    """确认导入: every row in one transaction, or nothing (the page then lists the errors)."""
    batch, spec = _batch_for(request.user, pk)
    if batch.created_by_id != request.user.pk:
        raise PermissionDenied(_("只有上传文件的人可以确认导入。"))
    try:
        batch = batches.confirm(spec, batch, actor=request.user)
    except ValidationError as error:
        messages.error(
            request, _("未导入任何数据：") + "\n" + "\n".join(error.messages[:MESSAGE_ERRORS])
        )
    else:
        messages.success(
            request,
            _("导入完成：新增%(created)d条，更新%(updated)d条，未变%(unchanged)d条。")
            % {
                "created": batch.created_count,
                "updated": batch.updated_count,
                "unchanged": batch.unchanged_count,
            },
        )
    return redirect(batch)


@login_required
@require_POST
def batch_rollback(request, pk: int):
    """撤销导入 (audited: the batch keeps who and when; each record's history the change); 403
    to a user who may see the batch but not roll it back (`batches.may_roll_back`)."""
    batch, _spec = _batch_for(request.user, pk)
    try:
        batches.rollback(batch, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已撤销该批次导入的全部数据。"))
    return redirect(batch)


@login_required
@require_POST
def batch_discard(request, pk: int):
    batch, _spec = _batch_for(request.user, pk)
    if batch.created_by_id != request.user.pk:
        raise PermissionDenied(_("只有上传文件的人可以放弃该批次。"))
    try:
        batches.discard(batch)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect(batch)


@login_required
def batch_annotated(request, pk: int):
    """The uploaded file with its faulty cells marked (a private download: it names people)."""
    batch, spec = _batch_for(request.user, pk)
    if batch.upload is None:
        raise Http404(_("该批次的文件已不保存。"))
    name = _("%(title)s-错误标注.xlsx") % {"title": spec.title}
    return download(batches.annotated_copy(batch), name, content_type=XLSX, private=True)
