"""Every write to the office tree (机构树): create, change, deactivate, import.

Offices are never deleted: a closed office keeps its records and history and is marked
撤销 with its closing date, so figures for past periods do not change.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sifa.core.imports import batches, registry
from sifa.core.imports.spec import Change
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Office

# Fields an office edit may change; the tree position, status and closing date have their
# own operations (admin "move", office_deactivate).
EDITABLE_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "subtype",
    "region_code",
    "address",
    "phone",
    "established_on",
)
TREE_FIELDS = ["path", "depth", "numchild"]


def _fresh(office: Office) -> Office:
    """Re-read an office: a sorted insertion elsewhere may have shifted its path."""
    return Office.objects.get(pk=office.pk)


def _merge(errors: dict[str, list], more: dict[str, str]) -> None:
    for field, message in more.items():
        errors.setdefault(field, []).append(message)


def _validate(office: Office, parent: Office | None) -> None:
    """Field rules, kind rules (Office.clean), parent consistency and a unique code."""
    errors: dict[str, list] = {}
    try:
        office.full_clean(exclude=TREE_FIELDS, validate_unique=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if parent is not None:
        _merge(errors, office.parent_errors(parent))
    if office.code and Office.objects.filter(code=office.code).exclude(pk=office.pk).exists():
        _merge(errors, {"code": _("机构编码“%(code)s”已被使用。") % {"code": office.code}})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def office_create(
    *,
    actor,
    parent: Office,
    code: str,
    name: str,
    short_name: str = "",
    kind: str,
    subtype: str = "",
    region_code: str,
    address: str = "",
    phone: str = "",
    established_on: date | None = None,
) -> Office:
    """Add an office under `parent` (新增下级机构)."""
    parent = _fresh(parent)
    access.require(actor, Cap.ORGS_MANAGE, parent)
    if not parent.is_active:
        raise ValidationError(_("上级机构“%(name)s”已撤销，不能新增下级机构。") % {"name": parent})
    office = Office(
        code=code,
        name=name,
        short_name=(short_name or "").strip(),
        kind=kind,
        subtype=subtype or "",
        region_code=region_code,
        address=address or "",
        phone=phone or "",
        established_on=established_on,
    )
    _validate(office, parent)
    office._history_user = actor  # simple_history: who made the change, also outside requests
    office = Office.objects.add_child(parent, instance=office)
    # A sorted insertion may shift sibling paths; cached grants must not use the old ones.
    access.forget_grants(actor)
    return office


@transaction.atomic
def office_update(*, actor, office: Office, **changes) -> Office:
    """Change an office's own fields (编辑机构信息)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"office_update cannot change {sorted(unknown)}")
    office = _fresh(office)
    access.require(actor, Cap.ORGS_MANAGE, office)
    for field, value in changes.items():
        if value is None and field != "established_on":
            value = ""
        setattr(office, field, value)
    _validate(office, Office.objects.get_parent(office))
    if "region_code" in changes:
        _check_children_fit(office)
    office._history_user = actor
    office.save(update_fields=list(changes))
    return office


def _check_children_fit(office: Office) -> None:
    """A new region code must still contain the codes of the offices directly under it."""
    for child in Office.objects.get_children(office):
        if child.parent_errors(office):
            raise ValidationError(
                {
                    "region_code": _(
                        "下级机构“%(child)s”的行政区划代码%(code)s与新的行政区划代码不一致。"
                    )
                    % {"child": child.name, "code": child.region_code}
                }
            )


@transaction.atomic
def office_deactivate(*, actor, office: Office, closed_on: date) -> Office:
    """Close an office (撤销机构). It stays in the tree, marked inactive, with its closing date."""
    office = _fresh(office)
    access.require(actor, Cap.ORGS_MANAGE, office)
    errors: dict[str, list] = {}
    if not office.is_active:
        _merge(errors, {"__all__": _("该机构已撤销。")})
    if closed_on is None:
        _merge(errors, {"closed_on": _("请填写撤销日期。")})
    elif closed_on > timezone.localdate():
        _merge(errors, {"closed_on": _("撤销日期不能晚于今天。")})
    elif office.established_on and closed_on < office.established_on:
        _merge(errors, {"closed_on": _("撤销日期不能早于成立日期。")})
    active_children = Office.objects.get_children(office).filter(is_active=True)
    if active_children.exists():
        names = "、".join(c.name for c in active_children[:5])
        _merge(errors, {"__all__": _("请先撤销其下级机构：%(names)s。") % {"names": names}})
    if errors:
        raise ValidationError(errors)
    office.is_active = False
    office.closed_on = closed_on
    office._history_user = actor
    office.save(update_fields=["is_active", "closed_on"])
    return office


OFFICE_IMPORT = "orgs.offices"


@transaction.atomic
def office_import(*, actor, file) -> list[Office]:
    """Import offices from a file (批量导入机构) without a preview: all rows or none.

    The 数据导入 page previews first (sifa.core.imports); this is the same import in one step,
    raising ValidationError with every error by row and column when any row is refused."""
    access.require_anywhere(actor, Cap.ORGS_MANAGE, _("您没有权限执行此操作。"))
    name = getattr(file, "name", "") or ""
    spec = registry.spec_of(OFFICE_IMPORT)  # sifa.orgs.importer.OFFICES
    _batch, _plan, changes = batches.import_now(
        spec, actor=actor, office=None, content=file.read(), name=name
    )
    return [change.record for change in changes]


def office_import_apply(*, actor, rows: list[dict]) -> list:
    """Write checked import rows (sifa.orgs.importer), each through `office_create`; the
    parent is an earlier row or an office of the tree. Returns the import kit's changes."""
    created: dict[str, Office] = {}
    changes = []
    for row in rows:
        parent = created.get(row["parent_code"]) or Office.objects.get(code=row["parent_code"])
        fields = {k: v for k, v in row.items() if k not in ("line", "parent_code")}
        try:
            office = office_create(actor=actor, parent=parent, **fields)
        except ValidationError as exc:
            # Checked already; a clash with a concurrent change still names its row.
            raise ValidationError(
                [
                    _("第%(row)d行：%(message)s") % {"row": row["line"], "message": m}
                    for m in exc.messages
                ]
            ) from exc
        created[office.code] = office
        changes.append(Change(office, created=True))
    return changes
