"""The 安置帮教 data-quality rules (sifa/resettlement/data_quality.py): each finds a record dated
before the release, planted as an import brings it, and not a record the actions made."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sifa.core import data_quality
from sifa.resettlement.actions.persons import connect, placement_add, reoffence_add
from sifa.resettlement.constants import PlacementKind
from sifa.resettlement.models import Placement, ReleasedPerson, Reoffence
from sifa.resettlement.tests.factories import make_released

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def found(code: str) -> set[int]:
    return set(data_quality.rule_of(code).records().values_list("pk", flat=True))


@pytest.fixture
def released(cast):
    return lambda: make_released(cast.township_clerk, cast.township_a1)


def test_a_connection_before_the_release(cast, released):
    bad = connect(actor=cast.township_clerk, released=released(), connected_on=timezone.localdate())
    ReleasedPerson.objects.filter(pk=bad.pk).update(connected_on=bad.released_on - DAY)
    good = connect(
        actor=cast.township_clerk, released=released(), connected_on=timezone.localdate()
    )

    rows = found("resettlement.connected_before_release")
    assert bad.pk in rows and good.pk not in rows


def placed(clerk, person) -> Placement:
    return placement_add(
        actor=clerk,
        released=person,
        kind=PlacementKind.JOB,
        placed_on=person.released_on + 10 * DAY,
        detail="甲县某制衣厂",
    )


def test_a_placement_before_the_release(cast, released):
    bad = placed(cast.township_clerk, released())
    Placement.objects.filter(pk=bad.pk).update(placed_on=bad.released.released_on - DAY)
    good = placed(cast.township_clerk, released())

    rows = found("resettlement.placement_before_release")
    assert bad.pk in rows and good.pk not in rows
    rule = data_quality.rule_of("resettlement.placement_before_release")
    assert rule.record_url(bad) == bad.released.get_absolute_url()


def reoffended(clerk, person) -> Reoffence:
    return reoffence_add(
        actor=clerk,
        released=person,
        occurred_on=person.released_on + 30 * DAY,
        description="盗窃他人电动车。",
    )


def test_a_reoffence_before_the_release(cast, released):
    bad = reoffended(cast.township_clerk, released())
    Reoffence.objects.filter(pk=bad.pk).update(occurred_on=bad.released.released_on - DAY)
    good = reoffended(cast.township_clerk, released())

    rows = found("resettlement.reoffence_before_release")
    assert bad.pk in rows and good.pk not in rows
