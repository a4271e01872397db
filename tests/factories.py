"""factory_boy factories shared by every app's tests, and the standard cast of offices and users."""

from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Membership, Office, Role

PASSWORD = "Sifa-Test-2026"  # meets the password policy


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password(PASSWORD)


def make_root(name="测试市司法局", code="330100", region_code="330100", **extra) -> Office:
    return Office.objects.add_root(
        dict(code=code, name=name, kind=OfficeKind.JUSTICE_BUREAU, region_code=region_code, **extra)
    )


def add_office(parent: Office, *, name, code, kind, region_code, **extra) -> Office:
    return Office.objects.add_child(
        parent, dict(code=code, name=name, kind=kind, region_code=region_code, **extra)
    )


def grant(user, office: Office, role_key: str) -> Membership:
    membership = Membership.objects.create(
        user=user, office=office, role=Role.objects.get(key=role_key)
    )
    if hasattr(user, "_sifa_grants"):
        del user._sifa_grants
    return membership


@dataclass
class Cast:
    """city → county A, county B → townships; one user per vantage point.

    * township_clerk: 司法所工作人员 of township A1 (own office)
    * county_supervisor: 业务科室 of county A (the parent)
    * sibling_clerk: 司法所工作人员 of township A2 (the sibling of A1)
    * public_user: 公众, no business capability
    """

    city: Office
    county_a: Office
    county_b: Office
    township_a1: Office
    township_a2: Office
    township_b1: Office
    village_a1: Office
    township_clerk: object
    county_supervisor: object
    sibling_clerk: object
    city_leader: object
    public_user: object
    sysadmin: object
    auditor: object


CAST_OFFICES = {
    "city": "330100",
    "county_a": "330102",
    "county_b": "330103",
    "township_a1": "330102001",
    "township_a2": "330102002",
    "township_b1": "330103001",
    "village_a1": "330102001201",
}
CAST_USERS = (
    "township_clerk",
    "county_supervisor",
    "sibling_clerk",
    "city_leader",
    "public_user",
    "sysadmin",
    "auditor",
)


def load_cast() -> Cast | None:
    """The cast as it stands in the database (built once per test session), fresh objects each
    call so that no test sees another's in-memory changes; None when it is not there (after a
    transactional test emptied the database)."""
    offices = Office.objects.in_bulk(CAST_OFFICES.values(), field_name="code")
    users = get_user_model().objects.in_bulk(CAST_USERS, field_name="username")
    if len(offices) != len(CAST_OFFICES) or len(users) != len(CAST_USERS):
        return None
    return Cast(
        **{attr: offices[code] for attr, code in CAST_OFFICES.items()},
        **{attr: users[attr] for attr in CAST_USERS},
    )


def delete_cast() -> None:
    get_user_model().objects.filter(username__in=CAST_USERS).delete()
    Office.objects.filter(code=CAST_OFFICES["city"]).delete()  # with the whole subtree


def build_cast() -> Cast:
    city = make_root()
    county_a = add_office(
        city, name="甲县司法局", code="330102", kind=OfficeKind.JUSTICE_BUREAU, region_code="330102"
    )
    county_b = add_office(
        city, name="乙县司法局", code="330103", kind=OfficeKind.JUSTICE_BUREAU, region_code="330103"
    )

    def township(county, suffix, name):
        code = county.region_code + suffix
        return add_office(
            county, name=name, code=code, kind=OfficeKind.JUDICIAL_OFFICE, region_code=code
        )

    township_a1 = township(county_a, "001", "甲一镇司法所")
    township_a2 = township(county_a, "002", "甲二镇司法所")
    township_b1 = township(county_b, "001", "乙一镇司法所")
    village_a1 = add_office(
        township_a1,
        name="甲一村司法行政服务站",
        code=township_a1.region_code + "201",
        kind=OfficeKind.SERVICE_STATION,
        region_code=township_a1.region_code + "201",
    )
    people = {}
    for attr, office, role in [
        ("township_clerk", township_a1, "jo_staff"),
        ("county_supervisor", county_a, "section"),
        ("sibling_clerk", township_a2, "jo_staff"),
        ("city_leader", city, "leader"),
        ("public_user", city, "public"),
        ("sysadmin", city, "sysadmin"),
        ("auditor", city, "auditor"),
    ]:
        user = UserFactory(username=attr)
        grant(user, office, role)
        people[attr] = user
    return Cast(
        city=city,
        county_a=Office.objects.get(pk=county_a.pk),
        county_b=Office.objects.get(pk=county_b.pk),
        township_a1=Office.objects.get(pk=township_a1.pk),
        township_a2=Office.objects.get(pk=township_a2.pk),
        township_b1=Office.objects.get(pk=township_b1.pk),
        village_a1=village_a1,
        **people,
    )


def restore_seeded_database() -> None:
    """Back to the database as setup left it (the seeded rows and the cast): what a transactional
    test's serialized rollback does, for a fixture that commits rows for several tests."""
    # As Django's TransactionTestCase: sequences keep counting (the restored rows keep their
    # keys, so a reset sequence would hand them out again on PostgreSQL) and post_migrate does
    # not run (its content types and permissions come back with the serialized rows).
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True
    )
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
