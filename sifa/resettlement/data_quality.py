"""The 安置帮教 line's data-quality rules (sifa.core.data_quality; docs/data-quality.md).

Assistance begins with the release (DOMAIN §4): the actions refuse a connection (衔接), a
placement (安置) or a re-offence (重新违法犯罪) dated before the person's 释放/解矫日期
(`actions.persons._check_record_date`, `connect`). A visit may precede it (入监帮教), so no rule
names visits. Listed in `line.py` (`Line.data_quality`).
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from sifa.core.data_quality import QualityRule
from sifa.orgs.access import Cap
from sifa.resettlement.models import Placement, ReleasedPerson, Reoffence

PERSONS = _("人")
# A record in the file of a person who came from a minor's correction is listed only to readers
# who may see that file (ReleasedPerson's policy), as the person's page shows it.
IN_A_MINORS_FILE = ("released__subject__is_minor", Cap.MINORS)


def connected_before_release():
    return ReleasedPerson.objects.select_related("office", "person").filter(
        connected_on__lt=F("released_on")
    )


def placements_before_release():
    return Placement.objects.select_related("office", "released__person").filter(
        placed_on__lt=F("released__released_on")
    )


def reoffences_before_release():
    return Reoffence.objects.select_related("office", "released__person").filter(
        occurred_on__lt=F("released__released_on")
    )


def _page(record) -> str:
    return record.get_absolute_url()


def _file_page(record) -> str:
    return record.released.get_absolute_url()


def _placement_title(placement) -> str:
    return f"{placement.released.person.name}（{placement.get_kind_display()}）"


def _reoffence_title(reoffence) -> str:
    return f"{reoffence.released.person.name}（{reoffence.occurred_on.isoformat()}）"


RULES = (
    QualityRule(
        code="resettlement.connected_before_release",
        label=_("衔接日期早于释放日期"),
        definition=_("衔接日期（connected_on）早于释放/解矫日期（released_on）的帮教对象。"),
        model=ReleasedPerson,
        records=connected_before_release,
        record_url=_page,
        columns=("released_on", "connected_on"),
        unit=PERSONS,
    ),
    QualityRule(
        code="resettlement.placement_before_release",
        label=_("安置日期早于释放日期"),
        definition=_("安置日期（placed_on）早于帮教对象释放/解矫日期（released_on）的安置记录。"),
        model=Placement,
        records=placements_before_release,
        record_url=_file_page,
        title=_placement_title,
        columns=("released__released_on", "placed_on", "kind"),
        restricted=IN_A_MINORS_FILE,
    ),
    QualityRule(
        code="resettlement.reoffence_before_release",
        label=_("重新违法犯罪日期早于释放日期"),
        definition=_(
            "违法犯罪日期（occurred_on）早于帮教对象释放/解矫日期（released_on）的重新违法犯罪"
            "记录（帮教期内的重新违法犯罪只能发生在释放之后）。"
        ),
        model=Reoffence,
        records=reoffences_before_release,
        record_url=_file_page,
        title=_reoffence_title,
        columns=("released__released_on", "occurred_on"),
        restricted=IN_A_MINORS_FILE,
    ),
)
