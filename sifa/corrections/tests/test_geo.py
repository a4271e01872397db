"""The geofence maths (pure functions) and the executing county of a subject's office."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sifa.corrections import geo
from sifa.corrections.geo import Fence

HANGZHOU = (30.2741, 120.1551)
SHANGHAI = (31.2304, 121.4737)


@pytest.mark.parametrize(
    ("a", "b", "km", "tolerance"),
    [
        (HANGZHOU, HANGZHOU, 0.0, 1e-9),
        (HANGZHOU, SHANGHAI, 164.0, 3.0),  # 杭州–上海 about 164 km
        ((0.0, 0.0), (0.0, 1.0), 111.195, 0.01),  # one degree on the equator
        ((0.0, 0.0), (1.0, 0.0), 111.195, 0.01),  # one degree of latitude
        ((0.0, 179.5), (0.0, -179.5), 111.195, 0.01),  # across the antimeridian
        ((90.0, 0.0), (-90.0, 0.0), 20015.1, 0.5),  # pole to pole
    ],
)
def test_distance_km(a, b, km, tolerance):
    assert geo.distance_km(*a, *b) == pytest.approx(km, abs=tolerance)
    assert geo.distance_km(*b, *a) == pytest.approx(km, abs=tolerance)


FENCE = Fence(office_id=1, office_path="00010001", latitude=0.0, longitude=0.0, radius_km=10.0)


@pytest.mark.parametrize(
    ("lat", "lon", "outside"),
    [
        (0.0, 0.0, False),
        (0.05, 0.05, False),  # ~7.9 km
        (0.0, 0.0899, False),  # ~9.996 km: inside
        (0.0, 0.0900, True),  # ~10.008 km: outside
        (Decimal("0.5"), Decimal("0"), True),
        (-0.2, 0.0, True),
    ],
)
def test_is_outside(lat, lon, outside):
    assert geo.is_outside(FENCE, lat, lon) is outside


def test_is_outside_accepts_decimal_rows():
    class Row:
        latitude = Decimal("30.274100")
        longitude = Decimal("120.155100")
        radius_km = Decimal("30.00")

    assert geo.is_outside(Row, *HANGZHOU) is False
    assert geo.is_outside(Row, *SHANGHAI) is True


def test_ancestor_paths():
    assert geo.ancestor_paths("000100020003", 4) == ["000100020003", "00010002", "0001"]
    assert geo.ancestor_paths("0001", 4) == ["0001"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("000100020003", "00010002"),  # a township under a fenced county
        ("00010002", "00010002"),  # the county itself
        ("000100030001", "0001"),  # an unfenced county: the city's fence
        ("0002", None),  # another tree
    ],
)
def test_nearest_fence(path, expected):
    fences = [
        Fence(1, "0001", 30.0, 120.0, 100.0),
        Fence(2, "00010002", 30.2, 120.1, 20.0),
    ]
    found = geo.nearest_fence(path, 4, fences)
    assert (found.office_path if found else None) == expected


@pytest.mark.django_db
def test_executing_county_is_the_nearest_fenced_bureau(cast):
    from sifa.corrections.models import Geofence

    assert geo.fence_for_office(cast.township_a1) is None
    Geofence.objects.create(office=cast.city, latitude=30, longitude=120, radius_km=200)
    assert geo.fence_for_office(cast.township_a1).office_id == cast.city.pk
    Geofence.objects.create(office=cast.county_a, latitude=30.27, longitude=120.15, radius_km=30)
    assert geo.fence_for_office(cast.township_a1).office_id == cast.county_a.pk
    assert geo.fence_for_office(cast.township_b1).office_id == cast.city.pk
    # A fence on a 司法所 is not an executing county: ignored.
    Geofence.objects.create(office=cast.township_a1, latitude=0, longitude=0, radius_km=1)
    fences = geo.fences_for_offices([cast.township_a1, cast.township_a2])
    assert fences[cast.township_a1.pk].office_id == cast.county_a.pk
    assert fences[cast.township_a2.pk].office_id == cast.county_a.pk
