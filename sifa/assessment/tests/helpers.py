"""A small scheme on the test cast: county A's two 司法所, automatic items over the resettlement
line's records (released persons and the 衔接率), a manual item and a bonus."""

from datetime import date
from decimal import Decimal as D

from sifa.assessment.actions import schemes as scheme_actions
from sifa.assessment.constants import Nature, Rule
from sifa.resettlement.models import ReleasedPerson
from sifa.resettlement.tests.factories import make_released

H1 = (date(2026, 1, 1), date(2026, 6, 30))


def small_scheme(actor, bureau):
    scheme = scheme_actions.scheme_create(actor=actor, office=bureau, year=2026, name="司法所考核")
    work = scheme_actions.category_save(
        actor=actor, scheme=scheme, name="规范化建设", max_points=D(20), order=1
    )
    help_ = scheme_actions.category_save(
        actor=actor, scheme=scheme, name="安置帮教", max_points=D(30), order=2
    )
    items = {
        "rate": scheme_actions.item_save(
            actor=actor, scheme=scheme, category=help_, nature=Nature.SCORED, code="B1",
            text="衔接率达到98%", max_points=D(10), rule=Rule.RATE_THRESHOLD,
            source="resettlement.connection_rate", threshold=D(98), step=D("0.5"), order=1,
        ),
        "incident": scheme_actions.item_save(
            actor=actor, scheme=scheme, category=help_, nature=Nature.SCORED, code="B2",
            text="新接收对象每人扣1分", max_points=D(3), rule=Rule.PER_INCIDENT,
            source="resettlement.released", step=D(1), order=2,
        ),
        "target": scheme_actions.item_save(
            actor=actor, scheme=scheme, category=help_, nature=Nature.SCORED, code="B3",
            text="衔接不少于2人", max_points=D(6), rule=Rule.COUNT_TARGET,
            source="resettlement.connected", target=2, order=3,
        ),
        "manual": scheme_actions.item_save(
            actor=actor, scheme=scheme, category=work, nature=Nature.SCORED, code="A1",
            text="司法所规范化建设", max_points=D(20), rule=Rule.MANUAL,
            evidence_required=True, order=1,
        ),
        "bonus": scheme_actions.item_save(
            actor=actor, scheme=scheme, nature=Nature.BONUS, code="J1",
            text="每衔接1人加2分", max_points=D(3), rule=Rule.PER_INCIDENT,
            source="resettlement.connected", step=D(2), order=9,
        ),
    }  # fmt: skip
    return scheme, items


def released(actor, office, *, on, connected: bool, below=None):
    """A released person registered by `office` (moved to `below`, an office under it)."""
    person = make_released(actor, office, released_on=on)
    changes = {"connected_on": on} if connected else {}
    if below is not None:
        changes["office"] = below
    if changes:
        ReleasedPerson.objects.filter(pk=person.pk).update(**changes)
    person.refresh_from_db()
    return person


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
