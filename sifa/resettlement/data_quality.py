"""The 安置帮教 line's data-quality rules (sifa.core.data_quality; docs/data-quality.md).

Assistance begins with the release (DOMAIN §4): the actions refuse a connection (衔接), a
placement (安置) or a re-offence (重新违法犯罪) dated before the person's 释放/解矫日期
(`actions.persons._check_record_date`, `connect`). A visit may precede it (入监帮教), so no rule
names visits. Listed in `line.py` (`Line.data_quality`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sifa.core.data_quality import dates_out_of_order
from sifa.orgs.access import Cap
from sifa.resettlement.models import Placement, ReleasedPerson, Reoffence

PERSONS = _("人")
# A record in the file of a person who came from a minor's correction is listed only to readers
# who may see that file (ReleasedPerson's policy), as the person's page shows it.
IN_A_MINORS_FILE = ("released__subject__is_minor", Cap.MINORS)


def _file_page(record) -> str:
    return record.released.get_absolute_url()


def _placement_title(placement) -> str:
    return f"{placement.released.person.name}（{placement.get_kind_display()}）"


def _reoffence_title(reoffence) -> str:
    return f"{reoffence.released.person.name}（{reoffence.occurred_on.isoformat()}）"


RULES = (
    dates_out_of_order(
        "resettlement.connected_before_release",
        label=_("衔接日期早于释放日期"),
        definition=_("衔接日期（connected_on）早于释放/解矫日期（released_on）的帮教对象。"),
        records=lambda: ReleasedPerson.objects.select_related("office", "person"),
        earlier="released_on",
        later="connected_on",
        unit=PERSONS,
    ),
    dates_out_of_order(
        "resettlement.placement_before_release",
        label=_("安置日期早于释放日期"),
        definition=_("安置日期（placed_on）早于帮教对象释放/解矫日期（released_on）的安置记录。"),
        records=lambda: Placement.objects.select_related("office", "released__person"),
        earlier="released__released_on",
        later="placed_on",
        more_columns=("kind",),
        record_url=_file_page,
        title=_placement_title,
        restricted=IN_A_MINORS_FILE,
    ),
    dates_out_of_order(
        "resettlement.reoffence_before_release",
        label=_("重新违法犯罪日期早于释放日期"),
        definition=_(
            "违法犯罪日期（occurred_on）早于帮教对象释放/解矫日期（released_on）的重新违法犯罪"
            "记录（帮教期内的重新违法犯罪只能发生在释放之后）。"
        ),
        records=lambda: Reoffence.objects.select_related("office", "released__person"),
        earlier="released__released_on",
        later="occurred_on",
        record_url=_file_page,
        title=_reoffence_title,
        restricted=IN_A_MINORS_FILE,
    ),
)
