"""Where a subject may be: the executing county (执行地) and whether a location is outside it.

The executing county of a subject is the nearest ancestor office of kind 司法局 (justice bureau)
of the subject's 司法所 that has a `Geofence` (a centre and a radius). A location is outside when
its great-circle distance from the centre (haversine, mean Earth radius) exceeds the radius. The
rule is the same whatever the fence's shape; a boundary polygon can replace the circle later.

`distance_km`, `is_outside`, `ancestor_paths` and `nearest_fence` are pure functions (no database);
`fence_for_office(s)` read the fences of an office's ancestors in one query.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class Fence:
    """A circle around the executing county's centre (a plain copy of a `Geofence` row)."""

    office_id: int
    office_path: str
    latitude: float
    longitude: float
    radius_km: float


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def is_outside(fence, lat: float | Decimal, lon: float | Decimal) -> bool:
    """Is (lat, lon) farther from the fence's centre than its radius? (On the edge: inside.)

    `fence` is a `Fence` or a `Geofence` row (anything with latitude, longitude, radius_km).
    """
    centre = distance_km(fence.latitude, fence.longitude, lat, lon)
    return centre > float(fence.radius_km)


def ancestor_paths(path: str, steplen: int) -> list[str]:
    """The materialized paths of an office and its ancestors, nearest first."""
    return [path[:end] for end in range(len(path), 0, -steplen)]


def nearest_fence(path: str, steplen: int, fences: Iterable[Fence]) -> Fence | None:
    """Of `fences` (keyed by their office's path), the one of the office nearest to `path`
    among the office itself and its ancestors, or None."""
    by_path = {f.office_path: f for f in fences}
    for candidate in ancestor_paths(path, steplen):
        if candidate in by_path:
            return by_path[candidate]
    return None


def fences_for_offices(offices) -> dict[int, Fence | None]:
    """office id → the fence of its executing county (None: no fence configured), read in one
    query for all the offices given."""
    from sifa.corrections.models import Geofence
    from sifa.orgs.constants import OfficeKind
    from sifa.orgs.models import Office

    offices = list({o.pk: o for o in offices}.values())
    if not offices:
        return {}
    steplen = Office.steplen
    paths = {p for o in offices for p in ancestor_paths(o.path, steplen)}
    rows = Geofence.objects.filter(
        office__path__in=paths, office__kind=OfficeKind.JUSTICE_BUREAU
    ).values_list("office_id", "office__path", "latitude", "longitude", "radius_km")
    fences = [Fence(oid, path, float(lat), float(lon), float(r)) for oid, path, lat, lon, r in rows]
    return {o.pk: nearest_fence(o.path, steplen, fences) for o in offices}


def fence_for_office(office) -> Fence | None:
    """The fence of the executing county of a subject whose 司法所 is `office`."""
    return fences_for_offices([office]).get(office.pk)


def executing_county(subject):
    """The executing county (a justice bureau office) of `subject`, or None without a fence."""
    from sifa.orgs.models import Office

    fence = fence_for_office(subject.office)
    return Office.objects.get(pk=fence.office_id) if fence else None
