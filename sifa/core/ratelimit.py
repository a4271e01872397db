"""Rate limits (频率限制) counted in Django's cache, the same for every server process.

A sliding window, estimated from two fixed windows (the current one and the one before it,
weighted by how much of it still lies within the last `window` seconds). A hit increments its
window's counter with `incr` (INCR: atomic on Redis); the first hit of a window, finding none,
creates it with `add` (SET NX on Redis). Two processes sharing the cache therefore count every
request once; none is lost to a race, as a read-modify-write of a list of timestamps (DRF's
throttles) would lose them. In production the cache is Redis (config.settings_production,
docs/caching.md); the SQLite demo runs one process with Django's local-memory cache.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

from django.core.cache import cache

PREFIX = "sifa:rate"


@dataclass(frozen=True)
class Hit:
    count: int  # requests in the last `window` seconds (estimated), this one included
    limit: int
    retry_after: int  # seconds until the current fixed window ends

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit


def _increment(key: str, timeout: int) -> int:
    # Every hit but a window's first finds the counter: increment first (on Redis, `add`
    # first cost every hit one more round trip to the server).
    try:
        return cache.incr(key)
    except ValueError:  # the window's first hit: open it (another process may just have)
        return 1 if cache.add(key, 1, timeout=timeout) else cache.incr(key)


def hit(
    bucket: str,
    who: str,
    *,
    limit: int,
    window: int,
    count_refused: bool = True,
    now: float | None = None,
) -> Hit:
    """Count one request of `who` in `bucket` against `limit` per `window` seconds.

    `count_refused=False` takes a refused request back out of the count (an API client over
    its limit is not kept out longer for asking again)."""
    window = max(1, int(window))
    now = time.time() if now is None else now
    number, into = divmod(now, window)
    number = int(number)
    base = f"{PREFIX}:{bucket}:{who}"
    current_key = f"{base}:{number}"
    current = _increment(current_key, 2 * window + 1)  # read again as "previous" next window
    previous = cache.get(f"{base}:{number - 1}") or 0
    estimate = current + int(previous * (window - into) / window)
    result = Hit(estimate, int(limit), max(1, int(window - into)))
    if not result.allowed and not count_refused:
        with contextlib.suppress(ValueError):  # the window just expired: nothing to take back
            cache.decr(current_key)
    return result
