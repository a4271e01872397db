"""Which office should handle a work order: a suggestion from the citizen's address, matched
against the place names of the bureau's office tree, shown to the hotline desk with its reason
and never applied by itself (DOMAIN §8; issue 21 §2).

The place names come from the tree the bureau keeps: a 司法所 is named after its township or
street (`青山镇司法所` → 青山镇), a village/community service station after its township and
village (`青山镇桃源村司法行政服务站` → 桃源村, under 青山镇司法所). A village name found in the
address is the stronger hint (it names the township too); a township name alone is the next.
A category that is usually the bureau's own (投诉举报 about practitioners is not a place
matter) gives no place-based office when the address names none: the desk decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sifa.orgs import access
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office

# Offices a work order may be handed to.
ASSIGNABLE_KINDS = frozenset(
    {
        OfficeKind.JUSTICE_BUREAU,
        OfficeKind.JUDICIAL_OFFICE,
        OfficeKind.LEGAL_AID_CENTER,
        OfficeKind.PLS_CENTER,
        OfficeKind.CORRECTIONS_INSTITUTION,
        OfficeKind.DISPUTE_CENTER,
    }
)
OFFICE_SUFFIX = "司法所"
STATION_SUFFIX = "司法行政服务站"
MIN_PLACE_NAME = 2  # a one-character "place name" matches anything


@dataclass(frozen=True)
class Suggestion:
    office: Office
    reason: str

    @property
    def text(self) -> str:
        return _("建议分派：%(office)s（%(reason)s）") % {
            "office": self.office.name,
            "reason": self.reason,
        }


def _township(office: Office) -> str:
    name = office.name
    return name[: -len(OFFICE_SUFFIX)] if name.endswith(OFFICE_SUFFIX) else ""


def suggest_office(*, bureau: Office, address: str, category: str = "") -> Suggestion | None:
    """The office the address points to within `bureau`'s tree, with the reason; None when
    the address names no township or village of the tree (or names several townships)."""
    address = (address or "").strip()
    if not address:
        return None
    offices = access.within(Office.objects.all(), bureau).filter(
        is_active=True, kind__in=(OfficeKind.JUDICIAL_OFFICE, OfficeKind.SERVICE_STATION)
    )
    judicial = [office for office in offices if office.kind == OfficeKind.JUDICIAL_OFFICE]
    stations = [office for office in offices if office.kind == OfficeKind.SERVICE_STATION]
    by_township: dict[str, Office] = {}
    for office in judicial:
        township = _township(office)
        if len(township) >= MIN_PLACE_NAME:
            by_township[township] = office

    def parent_office(station: Office) -> Office | None:
        return next((o for o in judicial if station.path.startswith(o.path)), None)

    townships = [name for name in by_township if name in address]
    village_hits: list[tuple[str, Office, Office]] = []
    for station in stations:
        parent = parent_office(station)
        if parent is None:
            continue
        village = station.name.removesuffix(STATION_SUFFIX).removeprefix(_township(parent))
        if len(village) >= MIN_PLACE_NAME and village in address:
            if townships and _township(parent) not in townships:
                continue  # the address names another township: not this homonym
            village_hits.append((village, station, parent))
    parents = {parent.pk: parent for _, _, parent in village_hits}
    if len(parents) == 1:
        village, station, parent = village_hits[0]
        return Suggestion(
            parent,
            _("地址中的“%(village)s”属%(office)s辖区（%(station)s）")
            % {"village": village, "office": parent.name, "station": station.name},
        )
    if len(townships) == 1:
        township = townships[0]
        return Suggestion(
            by_township[township],
            _("地址中含乡镇（街道）名“%(township)s”") % {"township": township},
        )
    return None
