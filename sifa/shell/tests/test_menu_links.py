"""Every menu link opens for the user who sees it (issue 15 item 13): no link leads to a 403.

The menu is crawled with the test client for every user of the standard cast, for one user of
every seed role on a county, and for the line roles on units with no 司法所 under them (a
社区矫正机构, a 法律援助中心, a 调委会), where the demo places its users.
"""

import pytest
from django.urls import resolve, reverse

from sifa.core.navigation import gate_of
from sifa.orgs.constants import OfficeKind
from sifa.orgs.roles import SEED_ROLES
from sifa.shell.menu import navigation_for
from tests.factories import UserFactory, add_office, grant

pytestmark = pytest.mark.django_db

CAST_USERS = (
    "township_clerk",
    "county_supervisor",
    "sibling_clerk",
    "city_leader",
    "public_user",
    "sysadmin",
    "auditor",
)


def menu_urls(client, rf, user) -> list[tuple[str, str]]:
    request = rf.get("/")
    request.user = user
    return [
        (item["label"], item["url"])
        for section in navigation_for(request)
        for item in section["items"]
    ]


def refused_links(login, rf, user) -> list[tuple[str, str, int]]:
    client = login(user)
    refused = []
    for label, url in menu_urls(client, rf, user):
        # The workbench sends a leader on to the dashboard (a redirect of the page, not a refusal).
        status = client.get(url, follow=True).status_code
        if status != 200:
            refused.append((str(label), url, status))
    return refused


@pytest.mark.parametrize("attr", CAST_USERS)
def test_every_menu_link_of_a_cast_user_opens(cast, login, rf, attr):
    assert refused_links(login, rf, getattr(cast, attr)) == []


def add_unit(cast, kind: str):
    """An office of `kind` that is not a 司法所: under county A, or a committee under the
    village station (as the demo places its 调解员)."""
    if kind == OfficeKind.MEDIATION_COMMITTEE:
        return add_office(
            cast.village_a1,
            name="甲一村调委会",
            code="330102001201901",
            kind=kind,
            region_code="330102001201",
        )
    return add_office(
        cast.county_a,
        name=f"甲县{kind}",
        code="330102" + str(900 + len(kind)),
        kind=kind,
        region_code="330102",
    )


@pytest.mark.parametrize("role_key", [key for key, _name, _caps in SEED_ROLES])
def test_every_menu_link_of_every_seed_role_at_a_county_opens(cast, login, rf, role_key):
    user = UserFactory(username=f"{role_key}_county")
    grant(user, cast.county_a, role_key)

    assert refused_links(login, rf, user) == []


# (office kind, role): the demo's placements and the roles that work in such a unit.
UNIT_ROLES = [
    (OfficeKind.CORRECTIONS_INSTITUTION, "cc_worker"),
    (OfficeKind.CORRECTIONS_INSTITUTION, "section"),
    (OfficeKind.CORRECTIONS_INSTITUTION, "jo_staff"),
    (OfficeKind.LEGAL_AID_CENTER, "la_reviewer"),
    (OfficeKind.LEGAL_AID_CENTER, "section"),
    (OfficeKind.MEDIATION_COMMITTEE, "mediator"),
    (OfficeKind.MEDIATION_COMMITTEE, "jo_staff"),
]


@pytest.mark.parametrize(("kind", "role_key"), UNIT_ROLES)
def test_every_menu_link_of_a_line_role_on_a_unit_opens(cast, login, rf, kind, role_key):
    """A 社区矫正机构, a 法律援助中心 or a 调委会 has no 司法所 under it: a registration that only
    a 司法所 makes is not offered there."""
    user = UserFactory(username=f"{role_key}_{kind}")
    grant(user, add_unit(cast, kind), role_key)

    assert refused_links(login, rf, user) == []


def test_county_corrections_staff_are_not_offered_a_registration_only_townships_make(cast, rf):
    """登记释放人员 is the 司法所's work (the person's residence): staff of the county's
    社区矫正机构 see the list, not the register link that would refuse them (the reported bug:
    the link showed, the page answered 403)."""
    user = UserFactory(username="county_cc_worker")
    grant(user, add_unit(cast, OfficeKind.CORRECTIONS_INSTITUTION), "cc_worker")
    labels = [str(label) for label, _url in menu_urls(None, rf, user)]

    assert "安置帮教对象" in labels
    assert "登记释放人员" not in labels


def test_the_register_gate_is_the_actions_rule_edit_in_the_resettlement_line(cast, login):
    """A 调解员 holds `edit` on the township, but in the mediation line only: the page refuses
    them as `released_person_register` would (and the menu, reading the same gate, hides it)."""
    mediator = UserFactory(username="township_mediator")
    grant(mediator, cast.township_a1, "mediator")
    url = reverse("resettlement:person_register")

    assert login(mediator).get(url).status_code == 403
    assert login(cast.township_clerk).get(url).status_code == 200
    gate = gate_of(resolve(url).func)
    assert gate is not None and not gate(mediator) and gate(cast.township_clerk)
