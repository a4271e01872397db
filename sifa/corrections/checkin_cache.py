"""The fences check-ins are compared with, kept in the shared cache (docs/caching.md).

A check-in (`supervision.check_ins_receive`) is marked `outside` against the fence of its
subject's executing county (`geo`: the nearest 司法局 above the subject's 司法所 with a
`Geofence`). Fences change when a county configures its own, and a city has a few hundred
司法所, so instead of a query per check-in request each office's fence (or its absence) is read
from the cache, stamped with the fences' **generation**: a random value in the cache renewed by
any saved or deleted geofence or office (the tree decides which fence is nearest), at the write
and again when its transaction commits. An entry is served only while its stamp — the generation
read *before* the rows were read — is current, so a changed fence takes effect on the next
check-in in every server process; a lost generation makes every entry stale. Entries expire
after CACHE_SECONDS, a bound on a change made without signals (the application writes fences and
offices through `save()`; `migrate` renews the generation).

A subject's leaves and 经常性跨市县活动 are not cached: a subject checks in a few times a day,
so an entry per subject would seldom be read again before it expired.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from sifa.corrections import geo
from sifa.corrections.models import Geofence

PREFIX = "sifa:corrections:checkin"
FENCES_GENERATION = f"{PREFIX}:fences"
CACHE_SECONDS = 60 * 60


def _fence_key(office_id: int) -> str:
    return f"{PREFIX}:fence:{office_id}"


def _current(found: dict, key: str) -> str:
    generation = found.get(key)
    if generation is None:  # never set, or evicted: a new one (another process may just have)
        cache.add(key, secrets.token_hex(8), timeout=None)
        generation = cache.get(key)
    return generation


def fences_for_offices(offices) -> dict:
    """office id → the fence of its executing county (None: none configured), as
    `geo.fences_for_offices` gives it — from the cache where current (one `get_many`)."""
    offices = {office.pk: office for office in offices}
    keys = [FENCES_GENERATION, *(_fence_key(pk) for pk in offices)]
    found = cache.get_many(keys)
    generation = _current(found, FENCES_GENERATION)
    fences, missing = {}, []
    for pk, office in offices.items():
        entry = found.get(_fence_key(pk))
        if entry is not None and entry[0] == generation:
            fences[pk] = entry[1]
        else:
            missing.append(office)
    if missing:
        read = geo.fences_for_offices(missing)
        fences.update(read)
        cache.set_many(
            {_fence_key(pk): (generation, fence) for pk, fence in read.items()},
            timeout=CACHE_SECONDS,
        )
    return fences


# --- invalidation -------------------------------------------------------------------------------


def _renew_now_and_on_commit(key: str) -> None:
    def renew():
        cache.set(key, secrets.token_hex(8), timeout=None)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew)


def _fences_changed(sender, instance=None, **kwargs) -> None:
    _renew_now_and_on_commit(FENCES_GENERATION)


def connect() -> None:
    from sifa.orgs.models import Office

    for model in (Geofence, Office):
        uid = f"sifa.corrections.checkin_cache:{model._meta.label}"
        post_save.connect(_fences_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_fences_changed, sender=model, dispatch_uid=uid, weak=False)
    # Data migrations write through historical models, whose saves these receivers do not see.
    post_migrate.connect(
        _fences_changed, dispatch_uid="sifa.corrections.checkin_cache:migrate", weak=False
    )
