"""Table-driven tests of sifa.orgs.access over the standard cast (tests/factories.py).

city → county A (→ township A1 (→ village station), township A2), county B (→ township B1).
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.orgs.models import Membership, Office, Role, StaffMember
from sifa.orgs.tests.helpers import make_staff
from tests.factories import grant

OK, NOT_FOUND, FORBIDDEN = "ok", 404, 403

# (user, office, capability, can(), require() outcome)
ACCESS_TABLE = [
    # own office and its child
    ("township_clerk", "township_a1", Cap.VIEW, True, OK),
    ("township_clerk", "township_a1", Cap.EDIT, True, OK),
    ("township_clerk", "village_a1", Cap.VIEW, True, OK),
    ("township_clerk", "village_a1", Cap.EDIT, True, OK),
    # own office, capability the role lacks: seen, so forbidden
    ("township_clerk", "township_a1", Cap.REVEAL, False, FORBIDDEN),
    ("township_clerk", "township_a1", Cap.ORGS_MANAGE, False, FORBIDDEN),
    # parent, sibling, other county: out of sight
    ("township_clerk", "county_a", Cap.VIEW, False, NOT_FOUND),
    ("township_clerk", "township_a2", Cap.VIEW, False, NOT_FOUND),
    ("township_clerk", "township_a2", Cap.ORGS_MANAGE, False, NOT_FOUND),
    ("township_clerk", "township_b1", Cap.VIEW, False, NOT_FOUND),
    ("township_clerk", "city", Cap.VIEW, False, NOT_FOUND),
    # the county supervisor sees its whole county, not the city or the other county
    ("county_supervisor", "county_a", Cap.EDIT, True, OK),
    ("county_supervisor", "township_a1", Cap.VIEW, True, OK),
    ("county_supervisor", "township_a2", Cap.REVEAL, True, OK),
    ("county_supervisor", "village_a1", Cap.STATS, True, OK),
    ("county_supervisor", "township_a1", Cap.ORGS_MANAGE, False, FORBIDDEN),
    ("county_supervisor", "city", Cap.VIEW, False, NOT_FOUND),
    ("county_supervisor", "county_b", Cap.VIEW, False, NOT_FOUND),
    ("county_supervisor", "township_b1", Cap.VIEW, False, NOT_FOUND),
    # the sibling clerk
    ("sibling_clerk", "township_a2", Cap.VIEW, True, OK),
    ("sibling_clerk", "township_a1", Cap.VIEW, False, NOT_FOUND),
    ("sibling_clerk", "village_a1", Cap.VIEW, False, NOT_FOUND),
    # the city leader sees everything but edits nothing
    ("city_leader", "township_b1", Cap.VIEW, True, OK),
    ("city_leader", "village_a1", Cap.REVEAL, True, OK),
    ("city_leader", "township_b1", Cap.EDIT, False, FORBIDDEN),
    # a member of the public holds no capability anywhere
    ("public_user", "city", Cap.VIEW, False, NOT_FOUND),
    ("public_user", "township_a1", Cap.VIEW, False, NOT_FOUND),
    ("public_user", "township_a1", Cap.EDIT, False, NOT_FOUND),
    # the system administrator manages the tree but sees no business records (三权分立)
    ("sysadmin", "township_a1", Cap.ORGS_MANAGE, True, OK),
    ("sysadmin", "village_a1", Cap.ORGS_MANAGE, True, OK),
    ("sysadmin", "city", Cap.ACCOUNTS_MANAGE, True, OK),
    ("sysadmin", "township_a1", Cap.VIEW, False, NOT_FOUND),
    ("sysadmin", "township_a1", Cap.EDIT, False, NOT_FOUND),
    # "seen" for require() means view or the capability asked for: nothing else discloses
    ("sysadmin", "township_a1", Cap.AUDIT_READ, False, NOT_FOUND),
    # the security auditor reads the audit trail only
    ("auditor", "city", Cap.AUDIT_READ, True, OK),
    ("auditor", "township_b1", Cap.AUDIT_READ, True, OK),
    ("auditor", "township_a1", Cap.VIEW, False, NOT_FOUND),
    ("auditor", "township_a1", Cap.ORGS_MANAGE, False, NOT_FOUND),
]


def _outcome(user, capability, office):
    try:
        access.require(user, capability, office, line=access.ANY_LINE)
    except Http404:
        return NOT_FOUND
    except PermissionDenied:
        return FORBIDDEN
    return OK


@pytest.mark.parametrize(("user", "office", "capability", "can", "outcome"), ACCESS_TABLE)
def test_can_and_require(cast, user, office, capability, can, outcome):
    user, office = getattr(cast, user), getattr(cast, office)
    assert access.can(user, capability, office, line=access.ANY_LINE) is can
    assert _outcome(user, capability, office) == outcome


def test_require_for_a_record_follows_its_office(cast):
    row = make_staff(cast.township_a1)
    access.require_for(cast.township_clerk, Cap.EDIT, row)
    with pytest.raises(Http404):
        access.require_for(cast.sibling_clerk, Cap.VIEW, row)
    with pytest.raises(PermissionDenied):
        access.require_for(cast.township_clerk, Cap.REVEAL, row)


@pytest.fixture
def staff_rows(cast):
    """One roster row in each office of the cast, keyed by office attribute."""
    offices = ["city", "county_a", "county_b", "township_a1", "township_a2", "township_b1"]
    offices.append("village_a1")
    return {name: make_staff(getattr(cast, name), name=name) for name in offices}


# (user, capability, offices whose rows the user's scope holds)
SCOPE_TABLE = [
    ("township_clerk", Cap.VIEW, {"township_a1", "village_a1"}),
    ("sibling_clerk", Cap.VIEW, {"township_a2"}),
    ("county_supervisor", Cap.VIEW, {"county_a", "township_a1", "township_a2", "village_a1"}),
    ("county_supervisor", Cap.REVEAL, {"county_a", "township_a1", "township_a2", "village_a1"}),
    (
        "city_leader",
        Cap.VIEW,
        {"city", "county_a", "county_b", "township_a1", "township_a2", "township_b1", "village_a1"},
    ),
    ("city_leader", Cap.EDIT, set()),
    ("public_user", Cap.VIEW, set()),
    ("sysadmin", Cap.VIEW, set()),
    ("auditor", Cap.VIEW, set()),
]


@pytest.mark.parametrize(("user", "capability", "expected"), SCOPE_TABLE)
def test_scope_on_staff_rows(cast, staff_rows, user, capability, expected):
    scoped = access.scope(getattr(cast, user), StaffMember.objects.all(), capability)
    assert set(scoped) == {staff_rows[name] for name in expected}


def test_sysadmin_manage_scope_covers_the_whole_tree(cast, staff_rows):
    scoped = access.scope(cast.sysadmin, StaffMember.objects.all(), Cap.ORGS_MANAGE)
    assert set(scoped) == set(staff_rows.values())


@pytest.mark.parametrize(
    ("user", "within", "expected"),
    [
        ("county_supervisor", "township_a1", {"township_a1", "village_a1"}),
        ("county_supervisor", "township_a2", {"township_a2"}),
        ("county_supervisor", "county_b", set()),  # narrowing never widens the scope
        ("city_leader", "county_b", {"county_b", "township_b1"}),
    ],
)
def test_within_narrows_a_scoped_queryset(cast, staff_rows, user, within, expected):
    scoped = access.scope(getattr(cast, user), StaffMember.objects.all())
    narrowed = access.within(scoped, getattr(cast, within))
    assert set(narrowed) == {staff_rows[name] for name in expected}


@pytest.mark.parametrize(
    ("user", "office", "found"),
    [
        ("township_clerk", "township_a1", True),
        ("township_clerk", "village_a1", True),
        ("county_supervisor", "township_a1", True),
        ("township_clerk", "county_a", False),
        ("sibling_clerk", "township_a1", False),
        ("township_clerk", "township_b1", False),
        ("sysadmin", "township_a1", False),
        ("public_user", "city", False),
    ],
)
def test_get_object_or_404(cast, staff_rows, user, office, found):
    row = staff_rows[office]
    user = getattr(cast, user)
    if found:
        assert access.get_object_or_404(user, StaffMember.objects.all(), pk=row.pk) == row
    else:
        with pytest.raises(Http404):
            access.get_object_or_404(user, StaffMember.objects.all(), pk=row.pk)


def test_get_office_or_404(cast):
    assert access.get_office_or_404(cast.township_clerk, pk=cast.village_a1.pk) == cast.village_a1
    with pytest.raises(Http404):
        access.get_office_or_404(cast.township_clerk, pk=cast.township_a2.pk)


def test_office_field_of_rejects_models_without_an_office():
    assert access.office_field_of(Office) == ""
    assert access.office_field_of(StaffMember) == "office"
    with pytest.raises(TypeError):
        access.office_field_of(Role)


def test_nested_grants_are_collapsed(cast, staff_rows):
    clerk = cast.township_clerk
    grant(clerk, cast.county_a, "jo_staff")  # a second grant above the first
    grant(clerk, cast.village_a1, "mediator")  # and one below it
    assert access.granted_offices(clerk, line=access.ANY_LINE) == [cast.county_a]
    scoped = access.scope(clerk, StaffMember.objects.all())
    assert scoped.count() == len(set(scoped)) == 4  # county A, A1, A2, village: no repeats
    assert access.visible_offices(clerk, line=access.ANY_LINE).count() == 4


def test_grants_on_inactive_offices_are_ignored(cast):
    clerk = cast.sibling_clerk
    assert access.can(clerk, Cap.VIEW, cast.township_a2, line=access.ANY_LINE)
    Office.objects.filter(pk=cast.township_a2.pk).update(is_active=False)
    access.forget_grants(clerk)
    assert access.grants(clerk) == []
    assert not access.can(clerk, Cap.VIEW, cast.township_a2, line=access.ANY_LINE)
    assert not access.visible_offices(clerk, line=access.ANY_LINE).exists()


def test_grants_are_cached_per_user_object(cast, django_assert_num_queries):
    clerk = cast.township_clerk
    access.grants(clerk)
    with django_assert_num_queries(0):
        access.grants(clerk)
        access.can(clerk, Cap.VIEW, cast.township_a1, line=access.ANY_LINE)
    # A membership added behind the cache's back is not seen until the cache is dropped.
    Membership.objects.create(
        user=clerk, office=cast.township_b1, role=Role.objects.get(key="jo_staff")
    )
    assert not access.can(clerk, Cap.VIEW, cast.township_b1, line=access.ANY_LINE)
    access.forget_grants(clerk)
    assert access.can(clerk, Cap.VIEW, cast.township_b1, line=access.ANY_LINE)


def test_forget_grants_without_a_cache_is_harmless(cast):
    access.forget_grants(cast.auditor)
    assert access.has_capability_anywhere(cast.auditor, Cap.AUDIT_READ)


def test_anonymous_and_inactive_users_have_no_grants(cast):
    from django.contrib.auth.models import AnonymousUser

    assert access.grants(AnonymousUser()) == []
    assert access.grants(None) == []
    clerk = cast.township_clerk
    clerk.is_active = False
    access.forget_grants(clerk)
    assert not access.can(clerk, Cap.VIEW, cast.township_a1, line=access.ANY_LINE)


def test_has_capability_anywhere(cast):
    assert access.has_capability_anywhere(cast.sysadmin, Cap.ORGS_MANAGE)
    assert not access.has_capability_anywhere(cast.sysadmin, Cap.VIEW, line=access.ANY_LINE)
    assert not access.has_capability_anywhere(cast.public_user, Cap.VIEW, line=access.ANY_LINE)
