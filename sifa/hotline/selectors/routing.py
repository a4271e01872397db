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


@dataclass(frozen=True)
class Place:
    name: str
    office: Office  # the 司法所 whose area it is
    station: Office | None = None  # the village's service station


@dataclass
class PlaceIndex:
    """The place names of one bureau's tree, read once (a batch of orders shares it)."""

    townships: dict[str, Office]
    villages: list[Place]

    @classmethod
    def of(cls, bureau: Office) -> PlaceIndex:
        offices = list(
            access.within(Office.objects.all(), bureau)
            .filter(
                is_active=True, kind__in=(OfficeKind.JUDICIAL_OFFICE, OfficeKind.SERVICE_STATION)
            )
            .order_by("path")
        )
        judicial = [office for office in offices if office.kind == OfficeKind.JUDICIAL_OFFICE]
        townships = {
            _township(office): office
            for office in judicial
            if len(_township(office)) >= MIN_PLACE_NAME
        }
        villages = []
        for station in offices:
            if station.kind != OfficeKind.SERVICE_STATION:
                continue
            parent = next((o for o in judicial if station.path.startswith(o.path)), None)
            if parent is None:
                continue
            village = station.name.removesuffix(STATION_SUFFIX).removeprefix(_township(parent))
            if len(village) >= MIN_PLACE_NAME:
                villages.append(Place(village, parent, station))
        return cls(townships, villages)

    def suggest(self, address: str) -> Suggestion | None:
        """The office the address points to, with the reason; None when it names no township
        or village of the tree, or points to several townships."""
        address = (address or "").strip()
        if not address:
            return None
        townships = [name for name in self.townships if name in address]
        hits = [
            place
            for place in self.villages
            if place.name in address
            # the address names another township: not this homonym
            and not (townships and _township(place.office) not in townships)
        ]
        if len({place.office.pk for place in hits}) == 1:
            place = hits[0]
            return Suggestion(
                place.office,
                _("地址中的“%(village)s”属%(office)s辖区（%(station)s）")
                % {
                    "village": place.name,
                    "office": place.office.name,
                    "station": place.station.name,
                },
            )
        if len(townships) == 1:
            return Suggestion(
                self.townships[townships[0]],
                _("地址中含乡镇（街道）名“%(township)s”") % {"township": townships[0]},
            )
        return None


def suggest_office(
    *, bureau: Office, address: str, category: str = "", places: PlaceIndex | None = None
) -> Suggestion | None:
    """The office the address points to within `bureau`'s tree, with the reason (see
    `PlaceIndex.suggest`); `places` shares one bureau's index across many orders. The category
    does not route by place: an address that names no place gives no suggestion."""
    if not (address or "").strip():
        return None
    return (places or PlaceIndex.of(bureau)).suggest(address)
