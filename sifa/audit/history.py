"""Change history (修改记录) of business records, read from django-simple-history.

Every model with `history = HistoricalRecords()` writes one historical row per save or
delete. This module turns those rows into entries a person can read: when, who, what kind
of change (新增/修改/删除) and which fields went from what to what — choices by their label,
foreign keys by the related record's name, codes of a code table (a model's `code_lists`) by
the code's name.

Two kinds of fields are never shown:

* encrypted fields (`EncryptedCharField`: ID and phone numbers) — the history table holds
  them encrypted too, and showing an old value here would bypass the masked, logged reveal;
  a change shows only "（敏感字段已变更）";
* technical fields — keyed hashes (`*_hash`), the tree columns (`path`, `depth`,
  `numchild`), timestamps the database fills in, and anything not editable.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.utils import get_app_model_primary_key_name

from sifa.core.clock import minute_text
from sifa.core.codes import code_labels
from sifa.core.fields import EncryptedCharField
from sifa.orgs.duties import capability_text

EMPTY = "—"
TECHNICAL_FIELD_NAMES = frozenset({"path", "depth", "numchild", "created_at", "updated_at"})

# Fields kept only as "changed", like encrypted ones: a password hash means nothing to a reader
# and is not to be copied out of the table.
SECRET_FIELDS = frozenset({("accounts.user", "password")})

# Values that need more than a choices label: a role's capabilities in Chinese, never codes.
VALUE_DISPLAYS = {("orgs.role", "capabilities"): capability_text}

# Models of libraries whose history Sifa keeps, named in Chinese (their own names are English).
MODEL_NAMES = {
    "otp_totp.totpdevice": _lazy("双因素认证设备"),
    "otp_static.staticdevice": _lazy("双因素认证恢复码"),
}
FIELD_LABELS = {
    (model, field): label
    for model in ("otp_totp.totpdevice", "otp_static.staticdevice")
    for field, label in (
        ("user", _lazy("用户")),
        ("name", _lazy("设备名称")),
        ("confirmed", _lazy("已确认")),
    )
}

CREATED, CHANGED, DELETED = "+", "~", "-"

# The change reason of a first row written for a record that existed before its history was
# kept (accounts migration 0005): shown as "已有记录" with the values it had, not as 新增.
BASELINE_REASON = "history-baseline"


def kind_label(history_type: str) -> str:
    return {CREATED: _("新增"), CHANGED: _("修改"), DELETED: _("删除")}.get(history_type, "")


def sensitive_change_text() -> str:
    return _("（敏感字段已变更）")


class FieldChange(NamedTuple):
    """One changed field: its verbose name, the old and the new value as displayed."""

    label: str
    old: str
    new: str
    # True for encrypted fields: `old` and `new` then hold only the placeholder text.
    sensitive: bool = False


@dataclass
class HistoryEntry:
    """One historical row, ready to display."""

    at: datetime
    user: Any  # the User who saved, or None for commands and migrations
    history_type: str  # "+", "~" or "-" as simple-history stores it
    changes: list[FieldChange] = field(default_factory=list)
    model_label: str = ""
    model_name: str = ""
    object_id: Any = None
    object_repr: str = ""
    # A change whose earlier state was removed by the retention purge: nothing to compare.
    earlier_purged: bool = False
    # The first row of a record that existed before its history was kept.
    baseline: bool = False

    @property
    def kind(self) -> str:
        """新增 / 修改 / 删除 (已有记录 for a baseline)."""
        return _("已有记录") if self.baseline else kind_label(self.history_type)


# --- which models and fields ------------------------------------------------------------


def history_models() -> list[type[models.Model]]:
    """The historical models kept in the project's own apps (sifa.*: their models, and the
    libraries' models whose history a sifa app keeps, e.g. two-factor devices), by label."""
    found = []
    for model in apps.get_models():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if not manager_name:
            continue
        historical = getattr(model, manager_name).model
        if historical._meta.app_config.name.startswith("sifa."):
            found.append(historical)
    return sorted(found, key=lambda m: m.instance_type._meta.label_lower)


def model_name(model: type[models.Model]) -> str:
    """A model's name for the reader (人员, 用户, 双因素认证设备 …)."""
    label = model._meta.label_lower
    return str(MODEL_NAMES.get(label, model._meta.verbose_name))


def field_label(model: type[models.Model], model_field: models.Field) -> str:
    label = (model._meta.label_lower, model_field.name)
    return str(FIELD_LABELS.get(label, model_field.verbose_name))


def history_model_for(label: str) -> type[models.Model] | None:
    """The historical model of a business model, by its label ("people.person")."""
    for model in history_models():
        if model.instance_type._meta.label_lower == label:
            return model
    return None


def model_choices() -> list[tuple[str, str]]:
    """(label, verbose name) of every model whose changes are recorded."""
    return [
        (m.instance_type._meta.label_lower, model_name(m.instance_type)) for m in history_models()
    ]


def model_verbose_name(label: str) -> str:
    """ "people.person" → "人员"; an unknown label is shown as it is."""
    try:
        return model_name(apps.get_model(label))
    except (LookupError, ValueError):
        return label


def field_verbose_name(label: str, field_name: str) -> str:
    """("people.person", "id_number") → "证件号码"; unknown names are shown as they are."""
    try:
        model = apps.get_model(label)
        return field_label(model, model._meta.get_field(field_name))
    except (LookupError, ValueError, FieldDoesNotExist):
        return field_name


def is_sensitive(model_field: models.Field) -> bool:
    """Encrypted fields and SECRET_FIELDS: a change shows only that it happened."""
    if isinstance(model_field, EncryptedCharField):
        return True
    model = getattr(model_field, "model", None)
    return model is not None and (model._meta.label_lower, model_field.name) in SECRET_FIELDS


def is_technical(model_field: models.Field) -> bool:
    return (
        model_field.primary_key
        or not model_field.editable
        or model_field.name in TECHNICAL_FIELD_NAMES
        or model_field.name.endswith("_hash")
    )


def shown_fields(history_model: type[models.Model]) -> list[models.Field]:
    """The business model's fields whose changes are displayed, in declaration order."""
    return [f for f in history_model.tracked_fields if not is_technical(f)]


# --- displaying a value -----------------------------------------------------------------


class _RelatedNames:
    """str() of related records, fetched once per (model, pk) while building entries; and the
    names of a code table's codes, read once per table."""

    def __init__(self):
        self._cache: dict[tuple[type[models.Model], Any], str] = {}
        self._code_labels: dict[str, dict[str, str]] = {}

    def code(self, list_key: str, value: Any) -> str:
        if list_key not in self._code_labels:
            self._code_labels[list_key] = code_labels(list_key)
        return str(self._code_labels[list_key].get(str(value), value))

    def name(self, model: type[models.Model], pk: Any) -> str:
        key = (model, pk)
        if key not in self._cache:
            obj = model._default_manager.filter(pk=pk).first()
            self._cache[key] = (
                str(obj)
                if obj is not None
                else _("已删除的%(model)s（编号%(pk)s）")
                % {"model": model._meta.verbose_name, "pk": pk}
            )
        return self._cache[key]


def code_list_of(model_field: models.Field) -> str:
    """The code table whose codes a field holds, as its model declares in `code_lists`
    ({"dispute_type": "dispute_type"}); "" for any other field."""
    model = getattr(model_field, "model", None)
    return getattr(model, "code_lists", {}).get(model_field.name, "") if model else ""


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def display_value(
    model_field: models.Field, value: Any, related: _RelatedNames | None = None
) -> str:
    """A field value as a person reads it: labels for choices, names for foreign keys."""
    if _is_empty(value):
        return EMPTY
    model = getattr(model_field, "model", None)
    special = model is not None and VALUE_DISPLAYS.get((model._meta.label_lower, model_field.name))
    if special:
        return special(value)
    if model_field.is_relation and model_field.many_to_one:
        return (related or _RelatedNames()).name(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    code_list = code_list_of(model_field)
    if code_list:
        return (related or _RelatedNames()).code(code_list, value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        return minute_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --- building entries -------------------------------------------------------------------


def _field_change(model_field, old, new, related) -> FieldChange:
    """One field's change from `old` to `new` (None: from empty), as a person reads it; a
    sensitive field's values are not shown."""
    label = field_label(model_field.model, model_field)
    if is_sensitive(model_field):
        text = sensitive_change_text()
        return FieldChange(label, text, text, sensitive=True)
    old_text, new_text = (display_value(model_field, v, related) for v in (old, new))
    return FieldChange(label, old_text, new_text)


def _creation_changes(record, fields, related) -> list[FieldChange]:
    """A new record: every field that was filled in, from empty to its first value."""
    changes = []
    for model_field in fields:
        value = model_field.value_from_object(record)
        if not _is_empty(value):
            changes.append(_field_change(model_field, None, value, related))
    return changes


def _update_changes(record, previous, fields, related) -> list[FieldChange]:
    """The fields that differ from the previous historical row (simple-history's diff)."""
    by_name = {f.name: f for f in fields}
    delta = record.diff_against(previous, included_fields=list(by_name))
    changed = {change.field: change for change in delta.changes}
    changes = []
    for model_field in fields:  # declaration order reads better than diff's name order
        change = changed.get(model_field.name)
        if change is not None:
            changes.append(_field_change(model_field, change.old, change.new, related))
    return changes


def _object_repr(record) -> str:
    """The record as it was at that time (built from the historical row, no extra query)."""
    try:
        return str(record.history_object)
    except models.ObjectDoesNotExist:  # its __str__ follows a relation that is gone
        pk_name = get_app_model_primary_key_name(record.instance_type)
        return f"{model_name(record.instance_type)} #{getattr(record, pk_name)}"


def entry_for(record, previous, related: _RelatedNames | None = None) -> HistoryEntry:
    """One historical row compared with the row before it (None for the first one)."""
    related = related or _RelatedNames()
    business_model = record.instance_type
    fields = shown_fields(type(record))
    entry = HistoryEntry(
        at=record.history_date,
        user=record.history_user,
        history_type=record.history_type,
        model_label=business_model._meta.label_lower,
        model_name=model_name(business_model),
        object_id=getattr(record, get_app_model_primary_key_name(business_model)),
        object_repr=_object_repr(record),
        baseline=getattr(record, "history_change_reason", None) == BASELINE_REASON,
    )
    if record.history_type == CREATED:
        entry.changes = _creation_changes(record, fields, related)
    elif record.history_type == CHANGED:
        if previous is None:
            entry.earlier_purged = True
        else:
            entry.changes = _update_changes(record, previous, fields, related)
    # A deletion changes no field: the entry before it shows the last state.
    return entry


def changes_for(obj: models.Model) -> list[HistoryEntry]:
    """The change history of one record, newest first."""
    manager_name = getattr(type(obj)._meta, "simple_history_manager_attribute", None)
    if manager_name is None:
        raise TypeError(f"{type(obj).__name__} keeps no history (no HistoricalRecords).")
    records = list(
        getattr(obj, manager_name)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    related = _RelatedNames()
    entries = [
        entry_for(record, records[i - 1] if i else None, related)
        for i, record in enumerate(records)
    ]
    entries.reverse()
    return entries


def previous_record(record):
    """The historical row of the same object just before `record`, or None."""
    history_model = type(record)
    pk_name = get_app_model_primary_key_name(record.instance_type)
    earlier = Q(history_date__lt=record.history_date) | Q(
        history_date=record.history_date, history_id__lt=record.history_id
    )
    return (
        history_model._default_manager.filter(**{pk_name: getattr(record, pk_name)})
        .filter(earlier)
        .order_by("-history_date", "-history_id")
        .first()
    )


def entries_for_rows(rows: Sequence[dict]) -> list[HistoryEntry]:
    """Entries for rows of the merged history list (dicts with model_label and history_id).

    Rows are loaded per model in one query each; the order of `rows` is kept.
    """
    ids_by_label: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        ids_by_label[row["model_label"]].append(row["history_id"])
    records = {}
    for label, ids in ids_by_label.items():
        history_model = history_model_for(label)
        if history_model is None:
            continue
        for record in history_model._default_manager.filter(history_id__in=ids).select_related(
            "history_user"
        ):
            records[(label, record.history_id)] = record
    related = _RelatedNames()
    return [
        entry_for(record, previous_record(record), related) for record in _in_order(rows, records)
    ]


def _in_order(rows: Iterable[dict], records: dict) -> Iterable:
    for row in rows:
        record = records.get((row["model_label"], row["history_id"]))
        if record is not None:
            yield record
