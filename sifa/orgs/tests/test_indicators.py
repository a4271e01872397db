"""The 机构队伍 indicators, computed over offices and roster rows each test creates.

Period: the first half of 2024; stocks are counted at 2024-06-30. The scope is county A, so
county B's rows are "another subtree" and must never be counted.
"""

from datetime import date

import pytest

from sifa.orgs.constants import LegalAidStationHost, MediationCommitteeType, OfficeKind
from sifa.orgs.tests.helpers import make_staff
from sifa.people.models import Gender
from sifa.stats import registry
from sifa.stats.registry import Scope
from tests.factories import add_office

START, END = date(2024, 1, 1), date(2024, 6, 30)
BEFORE, AFTER = date(2019, 5, 1), date(2024, 7, 1)

ORG_KEYS = [
    "orgs.offices",
    "orgs.judicial_offices",
    "orgs.service_stations",
    "orgs.mediation_organisations",
    "orgs.legal_aid_centres",
    "orgs.legal_aid_workstations",
    "orgs.legal_aid_liaison_points",
    "orgs.staff",
    "orgs.mediators",
]


def scope(office, user=None):
    return Scope(office=office, start=START, end=END, user=user)


def value(key, office, user=None):
    return registry.value(registry.get(key), scope(office, user))


def breakdown(key, office, by):
    rows = registry.breakdown_values(registry.get(key), scope(office), by)
    return {label: n for _value, label, n in rows}


class Builder:
    """Adds offices under a parent, remembering which ones are valid at the period end."""

    def __init__(self):
        self.counted = []
        self.n = 0

    def add(self, parent, kind, *, subtype="", region=None, established=None, closed=None):
        self.n += 1
        office = add_office(
            parent,
            name=f"{OfficeKind(kind).label}{self.n}",
            code=f"T{self.n:04d}",
            kind=kind,
            subtype=subtype,
            region_code=region or parent.region_code,
            established_on=established,
            closed_on=closed,
            is_active=closed is None or closed > END,
        )
        valid = (established is None or established <= END) and (closed is None or closed > END)
        if valid:
            self.counted.append(office)
        return office


@pytest.fixture
def tree(cast):
    """Offices of every counted kind under county A; decoys out of period and in county B."""
    b = Builder()
    a1 = cast.township_a1
    village = a1.region_code + "202"
    b.add(cast.county_a, OfficeKind.JUDICIAL_OFFICE, region="330102003", established=BEFORE)
    b.add(cast.county_a, OfficeKind.JUDICIAL_OFFICE, region="330102004", established=AFTER)
    b.add(cast.county_a, OfficeKind.JUDICIAL_OFFICE, region="330102005", closed=date(2024, 3, 1))
    b.add(cast.county_a, OfficeKind.JUDICIAL_OFFICE, region="330102006", closed=AFTER)
    b.add(a1, OfficeKind.SERVICE_STATION, region=village, established=END)  # counts on the day
    b.add(a1, OfficeKind.MEDIATION_COMMITTEE, subtype=MediationCommitteeType.VILLAGE)
    b.add(a1, OfficeKind.MEDIATION_COMMITTEE, subtype=MediationCommitteeType.VILLAGE)
    b.add(a1, OfficeKind.MEDIATION_COMMITTEE, subtype=MediationCommitteeType.TOWNSHIP)
    b.add(a1, OfficeKind.MEDIATION_COMMITTEE, subtype=MediationCommitteeType.TOWNSHIP, closed=END)
    b.add(cast.county_a, OfficeKind.LEGAL_AID_CENTER)
    social = LegalAidStationHost.SOCIAL_ORGANISATION
    b.add(cast.county_a, OfficeKind.LEGAL_AID_WORKSTATION, subtype=social)
    b.add(cast.county_a, OfficeKind.LEGAL_AID_WORKSTATION, subtype=social)
    b.add(a1, OfficeKind.LEGAL_AID_WORKSTATION, subtype=LegalAidStationHost.TOWNSHIP)
    b.add(a1, OfficeKind.LEGAL_AID_LIAISON, region=village)
    b.add(a1, OfficeKind.LEGAL_AID_LIAISON, region=village, established=AFTER)
    # Another subtree: county B has one of each kind, never counted for county A.
    counted_in_a = list(b.counted)
    b1 = cast.township_b1
    for kind, subtype in [
        (OfficeKind.JUDICIAL_OFFICE, ""),
        (OfficeKind.MEDIATION_COMMITTEE, MediationCommitteeType.VILLAGE),
        (OfficeKind.LEGAL_AID_WORKSTATION, social),
        (OfficeKind.LEGAL_AID_LIAISON, ""),
        (OfficeKind.LEGAL_AID_CENTER, ""),
    ]:
        parent = cast.county_b if kind == OfficeKind.LEGAL_AID_CENTER else b1
        b.add(
            parent,
            kind,
            subtype=subtype,
            region="330103009" if parent == cast.county_b else b1.region_code,
        )
    # The cast's own offices in county A (no dates: always valid).
    return [cast.county_a, cast.township_a1, cast.township_a2, cast.village_a1, *counted_in_a]


def of_kind(offices, kind):
    return [o for o in offices if o.kind == kind]


def test_every_indicator_is_registered_in_its_line():
    for key in ORG_KEYS:
        indicator = registry.get(key)
        assert str(indicator.line) == "机构队伍"
        assert indicator.kind == registry.STOCK
        assert str(indicator.definition)
        assert registry.problems(indicator) == []


def test_offices_by_kind(cast, tree):
    assert value("orgs.offices", cast.county_a) == len(tree)
    expected = {}
    for office in tree:
        label = str(OfficeKind(office.kind).label)
        expected[label] = expected.get(label, 0) + 1
    assert breakdown("orgs.offices", cast.county_a, "kind") == expected


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("orgs.judicial_offices", OfficeKind.JUDICIAL_OFFICE),
        ("orgs.service_stations", OfficeKind.SERVICE_STATION),
        ("orgs.mediation_organisations", OfficeKind.MEDIATION_COMMITTEE),
        ("orgs.legal_aid_centres", OfficeKind.LEGAL_AID_CENTER),
        ("orgs.legal_aid_workstations", OfficeKind.LEGAL_AID_WORKSTATION),
        ("orgs.legal_aid_liaison_points", OfficeKind.LEGAL_AID_LIAISON),
    ],
)
def test_office_kind_indicators(cast, tree, key, kind):
    expected = of_kind(tree, kind)
    assert expected  # the fixture created some of each
    assert value(key, cast.county_a) == len(expected)
    records = registry.records(registry.get(key), scope(cast.county_a))
    assert set(records) == set(expected)


def test_judicial_offices_exclude_closed_and_not_yet_established(cast, tree):
    names = {
        o.name
        for o in registry.records(registry.get("orgs.judicial_offices"), scope(cast.county_a))
    }
    assert names == {o.name for o in of_kind(tree, OfficeKind.JUDICIAL_OFFICE)}
    assert len(names) == 4  # A1, A2, established 2019, closed after the period


def test_mediation_organisations_by_subtype(cast, tree):
    committees = of_kind(tree, OfficeKind.MEDIATION_COMMITTEE)
    expected = {}
    for c in committees:
        label = str(MediationCommitteeType(c.subtype).label)
        expected[label] = expected.get(label, 0) + 1
    assert breakdown("orgs.mediation_organisations", cast.county_a, "subtype") == expected
    assert expected == {"村调委会": 2, "乡镇调委会": 1}


def test_legal_aid_workstations_by_host(cast, tree):
    assert breakdown("orgs.legal_aid_workstations", cast.county_a, "host") == {
        "社会组织": 2,
        "乡镇(街道)": 1,
    }


def test_a_smaller_scope_counts_its_subtree_only(cast, tree):
    in_a1 = [o for o in tree if o.path.startswith(cast.township_a1.path)]
    assert value("orgs.offices", cast.township_a1) == len(in_a1)
    # With a user, only what that user may see: the clerk of A1 asking about county A.
    assert value("orgs.offices", cast.county_a, user=cast.township_clerk) == len(in_a1)
    assert value("orgs.offices", cast.county_a, user=cast.sibling_clerk) == 1


@pytest.fixture
def roster(cast):
    """Roster rows in county A (valid or not at the period end) and decoys in county B."""
    a1, a2 = cast.township_a1, cast.township_a2
    counted = {
        "full_female": make_staff(
            a1, post="mediator", full_time=True, gender=Gender.FEMALE, start=date(2020, 1, 1)
        ),
        "part_male": make_staff(a1, post="mediator", gender=Gender.MALE, start=date(2023, 3, 1)),
        "leaves_later": make_staff(
            a2, post="mediator", gender=Gender.FEMALE, start=date(2021, 1, 1), end=AFTER
        ),
        "village": make_staff(cast.village_a1, post="mediator", gender=Gender.MALE, start=END),
        "head": make_staff(a1, post="jo_head", full_time=True, start=date(2018, 1, 1)),
        "clerk": make_staff(a2, post="jo_staff", full_time=True, start=date(2019, 1, 1)),
    }
    # Not counted: left before the end, starts after it, another county.
    make_staff(a1, post="mediator", start=date(2020, 1, 1), end=date(2024, 5, 1))
    make_staff(a1, post="mediator", start=AFTER)
    make_staff(cast.township_b1, post="mediator", start=date(2020, 1, 1))
    make_staff(cast.township_b1, post="jo_staff", start=date(2020, 1, 1))
    return counted


def test_staff_by_post(cast, roster):
    assert value("orgs.staff", cast.county_a) == len(roster)
    by_post = breakdown("orgs.staff", cast.county_a, "post")
    assert by_post == {"人民调解员": 4, "司法所长": 1, "司法所工作人员": 1}
    records = set(registry.records(registry.get("orgs.staff"), scope(cast.county_a)))
    assert records == set(roster.values())


def test_mediators_full_time_and_gender(cast, roster):
    mediators = [r for r in roster.values() if r.post == "mediator"]
    assert value("orgs.mediators", cast.county_a) == len(mediators)
    assert breakdown("orgs.mediators", cast.county_a, "full_time") == {"专职": 1, "兼职": 3}
    assert breakdown("orgs.mediators", cast.county_a, "gender") == {"女": 2, "男": 2}


def test_mediators_of_one_township(cast, roster):
    in_a1 = [
        r
        for r in roster.values()
        if r.post == "mediator" and r.office.path.startswith(cast.township_a1.path)
    ]
    assert value("orgs.mediators", cast.township_a1) == len(in_a1) == 3
    assert value("orgs.mediators", cast.county_a, user=cast.sibling_clerk) == 1
