"""The API's authenticated clients, kept in the shared cache (docs/caching.md, "API clients").

Every API request used to read its client (with the service account) and the account's grants
from the database: two queries of the seven of a single check-in. `authenticated_client` keeps
the client, its service account and the account's grants (`sifa.orgs.access.grants`) in the
cache under the SHA-256 of the token, stamped with the **generation** of the API's credentials:
a random token in the cache (one `get_many` reads the entry and the generation together).

**Invalidation is immediate.** Any saved or deleted client, user account, membership, role or
office (`connect()`, signals of those models, registered once by `ApiConfig.ready`) gives the
generation a new random value, at the write and again when its transaction commits; an entry
stamped with another generation is not served, so a revoked client, a rotated token, a
deactivated account, a withdrawn membership or a narrowed role takes effect on the next request
in every server process. The stamp is the generation read *before* the rows are read, so an
entry built from rows a concurrent transaction was about to change is never served after its
commit. Generations are random (not counters): a generation lost from the cache can never come
back as an old value, and a lost generation simply makes every entry stale.

The entries also expire after SIFA_API_CLIENT_CACHE_SECONDS (0 switches the cache off), a bound
on any change made without signals (a `QuerySet.update()` or raw SQL on those tables); the
application's own writes to them all go through `save()`/`delete()`, and `migrate` renews the
generation (data migrations save through historical models). Unknown tokens are not cached
(each is a database miss, as before).
"""

from __future__ import annotations

import hashlib
import pickle
import secrets

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from config.sifa_settings import sifa_setting
from sifa.api.models import ApiClient
from sifa.orgs import access

PREFIX = "sifa:api-client"
GENERATION = f"{PREFIX}:generation"
# A user save that changes nothing the API reads (every web sign-in writes last_login).
IGNORED_USER_FIELDS = frozenset({"last_login"})


def _shape() -> str:
    """The stored models' columns: an entry written by code with other columns is not read."""
    columns = [
        (model._meta.label, [f.attname for f in model._meta.concrete_fields])
        for model in (ApiClient, get_user_model())
    ]
    return hashlib.sha256(repr(columns).encode()).hexdigest()[:12]


_SHAPE: list[str] = []


def _entry_key(token_hash: str) -> str:
    if not _SHAPE:
        _SHAPE.append(_shape())
    return f"{PREFIX}:{_SHAPE[0]}:{token_hash}"


def _generation(found: dict) -> str:
    generation = found.get(GENERATION)
    if generation is None:  # never set, or evicted: a new one (another process may just have)
        cache.add(GENERATION, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION)
    return generation


def _read(token_hash: str) -> ApiClient | None:
    return ApiClient.objects.select_related("user").filter(token_hash=token_hash).first()


def authenticated_client(token_hash: str) -> ApiClient | None:
    """The client whose token has this hash (its `user` loaded, the user's grants read), or
    None. Whether it may still be used (active, not revoked) is the caller's question."""
    seconds = sifa_setting("SIFA_API_CLIENT_CACHE_SECONDS")
    if seconds <= 0:
        return _read(token_hash)
    key = _entry_key(token_hash)
    try:
        found = cache.get_many([key, GENERATION])
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError):
        found = {GENERATION: cache.get(GENERATION)}  # an unreadable entry: read the rows
    generation = _generation(found)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    client = _read(token_hash)
    if client is None:
        return None
    access.grants(client.user)  # read now, kept with the client
    cache.set(key, (generation, client), timeout=seconds)
    return client


# --- invalidation -------------------------------------------------------------------------------


def renew() -> None:
    """A new generation now, and again when the current transaction commits."""
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


def _new_generation() -> None:
    cache.set(GENERATION, secrets.token_hex(8), timeout=None)


def _changed(sender, instance=None, update_fields=None, **kwargs) -> None:
    if (
        sender is get_user_model()
        and update_fields is not None
        and set(update_fields) <= IGNORED_USER_FIELDS
    ):
        return
    renew()


def watched_models() -> list:
    """The rows an authenticated client is made of: the client, its service account, the
    account's memberships, their roles and offices."""
    from sifa.orgs.models import Membership, Office, Role

    return [ApiClient, get_user_model(), Membership, Role, Office]


def _migrated(sender, **kwargs) -> None:
    # Data migrations write through historical models, whose saves these receivers do not see.
    _new_generation()


def connect() -> None:
    for model in watched_models():
        uid = f"sifa.api.client_cache:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
    post_migrate.connect(_migrated, dispatch_uid="sifa.api.client_cache:migrate", weak=False)
