"""The figures cache (统计数缓存): a leader's dashboard does not recompute a city on every view.

`registry.figures_grid` keeps what it computed for a user in Django's cache (Redis in
production, shared by every server process and the worker; docs/caching.md) under a key made of

* what is counted: for each group of indicators, the SQL and parameters of their records in the
  scope — the office subtree *and the user's sight* (two users who may see the same records
  share an entry; a changed grant changes the SQL) — with the indicators' keys and conditions;
* the periods, the tree split, the breakdowns asked for and the language of the labels;
* the **version token of the scope office** and the **global token**.

Invalidation is here and nowhere else. Every saved or deleted row of a model with an access
policy (sifa.orgs.access) gives a new version token to its office and to every ancestor of it
(path prefixes), so exactly the figures of that office's own subtree and of the subtrees above it
are recomputed; a sibling's stay. A record moved to another office (a transfer) renews both
offices' chains. Reference rows that every office's figures may read (code tables, the working-day
calendar, rates and standards without an office, the office tree itself) renew the global token.
Tokens are renewed at the write and again when its transaction commits, so a figure another
process computed from the old rows in between is not served after the commit. Tokens are random
(not counters), so a token lost from the cache can never come back as an old value.

Writes that send no signals (`QuerySet.update`, `bulk_create`, `sifa.core.bulk`) call
`offices_changed()` themselves (the check-in and alert writes of corrections do); the demo
loader and `migrate` reset everything with `clear()`. Entries also expire after
SIFA_FIGURES_CACHE_SECONDS, a bound on any change that escaped both.

Reads without a user (submissions freezing a snapshot, the consistency check, commands) never use
the cache: they compute from the rows.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import secrets
from collections.abc import Iterable

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import QuerySet
from django.db.models.signals import post_init, post_save, pre_delete, pre_save
from django.utils import translation

from config.sifa_settings import sifa_setting

logger = logging.getLogger(__name__)

PREFIX = "sifa:figures"
GLOBAL = "*"
# Models without an office whose rows figures read: labels of breakdowns (code tables), the
# working-day calendar, rates and standards of a line (app label, model name lower case).
REFERENCE_MODELS = {("core", "codelist"), ("core", "codeitem"), ("core", "calendarday")}
REFERENCE_APPS = {"people", "mediation", "legalaid", "corrections", "resettlement"}


# --- version tokens ----------------------------------------------------------------------------


def _version_key(path: str) -> str:
    return f"{PREFIX}:v:{path}"


def chain(path: str) -> list[str]:
    """The path of an office and of each of its ancestors (materialized-path prefixes)."""
    from sifa.orgs.models import Office

    step = Office.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def tokens(path: str) -> tuple[str, str]:
    """The current (office, global) version tokens; a missing token is made (one round trip
    when both exist)."""
    keys = [_version_key(path), _version_key(GLOBAL)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key)
    return found[keys[0]], found[keys[1]]


def renew(paths: Iterable[str]) -> None:
    """New tokens for these paths (GLOBAL: every office's figures)."""
    keys = {_version_key(p): secrets.token_hex(8) for p in set(paths)}
    if keys:
        cache.set_many(keys, timeout=None)


def offices_changed(paths: Iterable[str]) -> None:
    """Records of the offices with these paths changed: renew them and their ancestors now (this
    transaction's own later reads see the change) and again when it commits (a figure another
    process computed from the old rows meanwhile is not served after the commit)."""
    renewed = {prefix for path in paths if path for prefix in chain(path)}
    _renew_now_and_on_commit(renewed)


def _renew_now_and_on_commit(paths: set[str]) -> None:
    if not paths:
        return
    renew(paths)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: renew(paths))


def office_ids_changed(office_ids: Iterable[int] | QuerySet) -> None:
    """`offices_changed()` for offices given by id, or by a queryset of ids (the rows an
    `update()` is about to change): bulk writes know only `office_id`."""
    from sifa.orgs.models import Office

    ids = office_ids if isinstance(office_ids, QuerySet) else set(office_ids)
    if isinstance(ids, QuerySet) or ids:
        offices_changed(Office.objects.filter(pk__in=ids).values_list("path", flat=True))


def everything_changed() -> None:
    _renew_now_and_on_commit({GLOBAL})


def clear() -> None:
    """Forget every cached figure (a new global token; the entries expire unread)."""
    renew([GLOBAL])


# --- the cached grid ---------------------------------------------------------------------------


def grid_key(scope, signature: tuple) -> str:
    """The key of one figures_grid call: what is counted (`signature`) and the version tokens of
    the scope office and of the whole tree."""
    office_token, global_token = tokens(scope.office.path)
    language = translation.get_language() or ""
    digest = hashlib.sha256(repr((signature, language)).encode()).hexdigest()
    return f"{PREFIX}:g:{scope.office.path}:{office_token}:{global_token}:{digest}"


def get(key: str):
    data = cache.get(key)
    if data is None:
        return None
    try:
        return pickle.loads(data)  # noqa: S301 (written by this module into our own cache)
    except Exception:  # an entry of an older code version: recompute
        logger.warning("figures cache: unreadable entry dropped")
        return None


def put(key: str, value) -> None:
    cache.set(key, pickle.dumps(value), timeout=sifa_setting("SIFA_FIGURES_CACHE_SECONDS"))


# --- the hooks: registered once, for every model ------------------------------------------------


def _office_path(instance) -> str | None:
    from sifa.orgs import access

    try:
        office = access.office_of(instance)
    except Exception:  # an office relation not set (yet) or already gone
        return None
    return getattr(office, "path", None)


def _kind(model: type[models.Model]) -> str:
    """ "office": renews the record's office chain; "global": every office; "": nothing."""
    from sifa.orgs import access
    from sifa.orgs.models import Office

    if issubclass(model, Office):
        return "global"  # a new, renamed or moved office: the tree split and its labels change
    if access.has_policy(model):
        # A high-volume log that no figure counts says so (corrections.CheckIn).
        return "office" if getattr(model, "counted_by_figures", True) else ""
    meta = model._meta
    if (meta.app_label, meta.model_name) in REFERENCE_MODELS:
        return "global"
    if meta.app_label in REFERENCE_APPS and not meta.model_name.startswith("historical"):
        return "global"
    return ""


def _first_hop(model: type[models.Model]) -> str:
    """The column of the first relation on the way to the office ("office_id", "education_id")."""
    from sifa.orgs import access

    name = access.office_field_of(model).split("__")[0]
    return model._meta.get_field(name).attname


def _post_init(sender, instance, **kwargs):
    # Where the row hung when it was read: a save that changes it renews the old chain too.
    instance._sifa_figures_hop = instance.__dict__.get(_HOPS[sender])


_HOPS: dict[type[models.Model], str] = {}


def _stored_path(instance) -> str | None:
    """The office path of the row as stored, before this save (a transfer changes it)."""
    from sifa.orgs import access

    field = access.office_field_of(type(instance))
    rows = type(instance)._base_manager.filter(pk=instance.pk)
    return rows.values_list(f"{field}__path" if field else "path", flat=True).first()


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None or sender not in _HOPS:
        return
    read = instance.__dict__.get("_sifa_figures_hop")
    if read is None or read != instance.__dict__.get(_HOPS[sender]):  # moved (or not known)
        instance._sifa_figures_old_path = _stored_path(instance)


def _post_save(sender, instance, raw=False, **kwargs):
    kind = _kind(sender)
    if kind == "global":
        everything_changed()
    elif kind == "office":
        old = instance.__dict__.pop("_sifa_figures_old_path", None)
        offices_changed([p for p in (old, _office_path(instance)) if p])


def _pre_delete(sender, instance, **kwargs):
    kind = _kind(sender)
    if kind == "global":
        everything_changed()
    elif kind == "office":
        offices_changed([p for p in [_office_path(instance)] if p])


def connect() -> None:
    """Register the hooks for every model whose rows figures read (StatsConfig.ready)."""
    from django.apps import apps

    for model in apps.get_models():
        if kind := _kind(model):
            uid = f"sifa-figures-{model._meta.label_lower}"
            if kind == "office":
                _HOPS[model] = _first_hop(model)
                post_init.connect(_post_init, sender=model, dispatch_uid=uid, weak=False)
            pre_save.connect(_pre_save, sender=model, dispatch_uid=uid, weak=False)
            post_save.connect(_post_save, sender=model, dispatch_uid=uid, weak=False)
            pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid, weak=False)
