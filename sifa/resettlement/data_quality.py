"""The 安置帮教 line's data-quality rules (sifa.core.data_quality; docs/data-quality.md).

Assistance (帮教) begins with the release (DOMAIN §4): a visit or a placement recorded before the
person's 释放/解矫日期 belongs to another record or carries a wrong date. Listed in `line.py`
(`Line.data_quality`).
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from sifa.core.data_quality import QualityRule
from sifa.orgs.access import Cap
from sifa.resettlement.models import Placement, Visit

# The assisted person's file is a minor's when the person came from a minor's correction
# (ReleasedPerson's policy): the visits and placements in it are listed only to readers who may
# see it, as the person's page shows them.
IN_A_MINORS_FILE = ("released__subject__is_minor", Cap.MINORS)


def visits_before_release():
    return Visit.objects.select_related("office", "released__person").filter(
        visited_on__lt=F("released__released_on")
    )


def placements_before_release():
    return Placement.objects.select_related("office", "released__person").filter(
        placed_on__lt=F("released__released_on")
    )


def _person_page(record) -> str:
    return record.released.get_absolute_url()


def _visit_title(visit) -> str:
    return f"{visit.released.person.name}（{visit.visited_on.isoformat()}）"


def _placement_title(placement) -> str:
    return f"{placement.released.person.name}（{placement.get_kind_display()}）"


RULES = (
    QualityRule(
        code="resettlement.visit_before_release",
        label=_("帮教走访日期早于释放日期"),
        definition=_(
            "走访日期（visited_on）早于帮教对象释放/解矫日期（released_on）的帮教走访记录。"
        ),
        model=Visit,
        records=visits_before_release,
        record_url=_person_page,
        title=_visit_title,
        columns=("released__released_on", "visited_on"),
        restricted=IN_A_MINORS_FILE,
    ),
    QualityRule(
        code="resettlement.placement_before_release",
        label=_("安置日期早于释放日期"),
        definition=_("安置日期（placed_on）早于帮教对象释放/解矫日期（released_on）的安置记录。"),
        model=Placement,
        records=placements_before_release,
        record_url=_person_page,
        title=_placement_title,
        columns=("released__released_on", "placed_on", "kind"),
        restricted=IN_A_MINORS_FILE,
    ),
)
