"""The demo city (`manage.py load_demo`): the seed figures, determinism, tree, users."""

import random
from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from sifa.core import demo
from sifa.core.idnumber import parse_resident_id
from sifa.orgs import access
from sifa.orgs import demo as orgs_demo
from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Membership, Office, StaffMember
from sifa.people.models import Gender, Person
from sifa.stats import registry
from tests.factories import delete_cast, restore_seeded_database

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("orgs_city"), pytest.mark.slow]

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Ten demo users are hashed per load; the real PBKDF2 cost adds nothing to these tests.
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture(scope="module")
def orgs_city(django_db_setup, django_db_blocker):
    """The orgs demo, loaded once for this module (without the standard cast, whose sysadmin
    and auditor would clash with the demo's); each test still runs in its own transaction, so
    what a test changes (a reset, a new office) is rolled back. Afterwards the database is
    restored as setup left it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        delete_cast()
        output = load_demo()
    yield output
    with django_db_blocker.unblock():
        restore_seeded_database()


def load_demo(**options) -> str:
    """The office tree, staff and users only: the lines' records have tests of their own."""
    out = StringIO()
    options.setdefault("only", "orgs")
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def root() -> Office:
    return Office.objects.get(code=orgs_demo.ROOT_CODE)


def half_year(office: Office) -> registry.Scope:
    return registry.Scope(office=office, start=demo.PERIOD_START, end=demo.PERIOD_END)


def serving_mediators():
    """Mediator posts valid at the end of the demo half-year."""
    return StaffMember.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=demo.PERIOD_END),
        post=orgs_demo.POST_MEDIATOR,
        start_date__lte=demo.PERIOD_END,
    )


def test_the_indicators_give_the_seed_figures_for_the_half_year():
    scope = half_year(root())

    def value(key):
        return registry.value(registry.get(key), scope)

    assert value("orgs.service_stations") == 253
    assert value("orgs.mediation_organisations") == 378
    assert value("orgs.mediators") == 2191
    assert value("orgs.judicial_offices") == 15
    assert value("orgs.legal_aid_liaison_points") == 253
    workstations = registry.get("orgs.legal_aid_workstations")
    assert value("orgs.legal_aid_workstations") == 26
    by_subtype = next(b for b in workstations.breakdowns if b.field == "subtype")
    counts = {v: n for v, _, n in registry.breakdown_values(workstations, scope, by_subtype.key)}
    assert counts == {"social_organisation": 11, "township": 15}


def test_the_records_behind_the_seed_figures():
    offices = Office.objects.filter(path__startswith=root().path)
    established = offices.filter(established_on__lt=demo.PERIOD_START, closed_on__isnull=True)
    assert established.count() == offices.count()

    def count(kind, **extra):
        return established.filter(kind=kind, **extra).count()

    assert count(OfficeKind.SERVICE_STATION) == 253
    assert count(OfficeKind.MEDIATION_COMMITTEE) == 378
    assert count(OfficeKind.JUDICIAL_OFFICE) == 15
    assert count(OfficeKind.LEGAL_AID_WORKSTATION, subtype="social_organisation") == 11
    assert count(OfficeKind.LEGAL_AID_WORKSTATION, subtype="township") == 15
    assert count(OfficeKind.LEGAL_AID_LIAISON) == 253
    assert serving_mediators().count() == 2191
    # Mediators who left before 2026 are on the roster but not in the stock.
    assert StaffMember.objects.filter(post=orgs_demo.POST_MEDIATOR).count() > 2191


def test_every_committee_has_three_to_nine_serving_members_with_a_woman():
    members = defaultdict(list)
    for office_id, gender in serving_mediators().values_list("office_id", "person__gender"):
        members[office_id].append(gender)
    committees = Office.objects.filter(kind=OfficeKind.MEDIATION_COMMITTEE)
    assert set(members) == set(committees.values_list("pk", flat=True))
    for genders in members.values():
        assert 3 <= len(genders) <= 9
        assert Gender.FEMALE in genders


def test_every_demo_mediator_is_on_his_committees_roster_and_counts_are_real():
    """Issue 15 item 14: the 378 committees all said 委员人数为0人 (no CommitteeMember rows)."""
    from sifa.mediation import demo as mediation_demo
    from sifa.mediation.selectors.committees import problems_by_committee, serving_members

    mediation_demo.elect_committee_members(root(), random.Random(1))
    on = demo.PERIOD_END
    committees = list(Office.objects.filter(kind=OfficeKind.MEDIATION_COMMITTEE))
    assert len(committees) == 378
    members = serving_members(committees, on)
    for mediator in serving_mediators().filter(end_date__isnull=True):
        roster = {m.person_id for m in members[mediator.office_id]}
        assert mediator.person_id in roster
    assert all(3 <= len(members[c.pk]) <= 9 for c in committees)
    assert not any(problems_by_committee(committees, on).values())


def test_demo_persons_carry_valid_unique_id_numbers_matching_birth_date_and_gender():
    persons = list(Person.objects.all())
    assert len({p.id_number_hash for p in persons}) == len(persons)
    for person in persons:
        parsed = parse_resident_id(person.id_number)
        assert parsed.number == person.id_number
        assert parsed.birth_date == person.birth_date
        assert parsed.gender == person.gender
        assert person.id_number.startswith(orgs_demo.REGION_CODE)
        assert person.phone_hash
    # 人民调解法 第14条: mediators (and staff) are adults when appointed.
    for post in StaffMember.objects.select_related("person"):
        born = post.person.birth_date
        assert post.start_date >= born.replace(year=born.year + 18, day=min(born.day, 28))
        assert post.start_date < demo.PERIOD_START


def test_the_bulk_built_tree_is_sound_and_keeps_growing_in_code_order():
    assert Office.objects.find_problems() == ([], [], [], [], [])
    township = Office.objects.get(code="339081001")
    station = Office.objects.add_child(
        township,
        instance=Office(
            code="339081001150",
            name="新建社区司法行政服务站",
            kind=OfficeKind.SERVICE_STATION,
            region_code="339081001150",
        ),
    )
    assert Office.objects.find_problems() == ([], [], [], [], [])
    codes = [o.code for o in Office.objects.get_children(Office.objects.get(pk=township.pk))]
    assert codes == sorted(codes)
    assert Office.objects.get_parent(station) == township


def test_a_seed_always_builds_the_same_city_and_reset_rebuilds_it():
    def snapshot():
        offices = list(
            Office.objects.order_by("code").values_list(
                "code", "name", "kind", "subtype", "region_code", "path", "established_on"
            )
        )
        persons = list(
            Person.objects.order_by("id_number_hash").values_list(
                "name", "id_number_hash", "phone_hash", "birth_date", "gender", "office__code"
            )
        )
        posts = list(
            StaffMember.objects.order_by("person__id_number_hash", "office__code").values_list(
                "person__id_number_hash", "office__code", "post", "full_time", "start_date"
            )
        )
        return offices, persons, posts

    first = snapshot()
    output = load_demo(reset=True)
    assert "删除已有的演示数据" in output
    assert snapshot() == first
    assert Office.objects.find_problems() == ([], [], [], [], [])

    load_demo(reset=True, seed=7)
    assert snapshot() != first


def test_loading_again_does_not_duplicate():
    counts = (Office.objects.count(), Person.objects.count(), StaffMember.objects.count())
    output = load_demo()
    assert "演示数据已存在" in output
    assert counts == (Office.objects.count(), Person.objects.count(), StaffMember.objects.count())


def test_demo_users_log_in_with_the_printed_passwords(rf, orgs_city):
    output = orgs_city
    for username, *_ in orgs_demo.DEMO_USERS:
        line = next(line for line in output.splitlines() if line.startswith(username + " "))
        password = line.split()[3]  # 用户名 角色 机构 密码 [身份验证器]
        # django-axes checks the lockout first, so authenticate() needs the request.
        user = authenticate(rf.post("/accounts/login/"), username=username, password=password)
        assert user is not None and user.username == username
        assert not user.is_superuser
        # Those whose role demands an authenticator app are told so (sifa.accounts.two_factor).
        assert ("须绑定" in line) is (
            username
            in ("sysadmin", "auditor", "leader", "section", "jo_head", "la_reviewer", "cc_worker")
        )


def test_demo_users_hold_their_roles_on_sensible_offices():

    def grant(username):
        membership = Membership.objects.select_related("office", "role").get(
            user__username=username
        )
        return membership.role.key, membership.office

    city = root()
    for username in ("sysadmin", "auditor", "leader", "section", "public"):
        assert grant(username) == (username, city)
    first_township = Office.objects.get(code="339081001")
    assert grant("jo_head") == ("jo_head", first_township)
    assert grant("jo_staff") == ("jo_staff", first_township)
    role, committee = grant("mediator")
    assert role == "mediator"
    assert committee.kind == OfficeKind.MEDIATION_COMMITTEE
    assert committee.path.startswith(first_township.path)
    assert grant("la_reviewer")[1].kind == OfficeKind.LEGAL_AID_CENTER
    assert grant("cc_worker") == ("cc_worker", city)  # the county's 社区矫正机构 works county-wide

    # The mediator sees the persons of their own committee and nobody else's.
    mediator = get_user_model().objects.get(username="mediator")
    visible = access.scope(mediator, Person.objects.all())
    assert set(visible.values_list("office", flat=True)) == {committee.pk}


def test_the_demo_mediator_login_is_one_of_his_committees_mediators():
    """Logged in as `mediator`, the name at the top of the page is on the committee's roster."""
    from sifa.mediation.selectors.committees import mediator_list

    user = get_user_model().objects.get(username="mediator")
    committee = Membership.objects.get(user=user).office
    roster = mediator_list(
        actor=user, on=timezone.localdate(), committee=committee, status="active"
    )
    assert user.full_name in {m.person.name for m in roster}


def test_only_the_administrative_roles_reach_the_admin_site_with_split_permissions():
    users = {u.username: u for u in get_user_model().objects.all()}
    sysadmin, auditor = users["sysadmin"], users["auditor"]
    assert sysadmin.is_staff and auditor.is_staff
    assert sysadmin.has_perm("orgs.change_office")
    assert sysadmin.has_perm("accounts.add_user")
    assert sysadmin.has_perm("core.change_calendarday")
    assert not sysadmin.has_perm("audit.view_accesslog")
    assert auditor.has_perm("audit.view_accesslog")
    assert auditor.has_perm("audit.view_authevent")
    assert not auditor.has_perm("orgs.change_office")
    others = [u for name, u in users.items() if name not in ("sysadmin", "auditor")]
    assert not any(u.is_staff or u.is_superuser for u in others)


def test_modules_are_discovered_in_order():
    modules = demo.demo_modules()
    assert orgs_demo in modules
    orders = [getattr(m, "ORDER", 100) for m in modules]
    assert orders == sorted(orders)
    assert demo not in modules


def test_split_total_stays_in_range_and_adds_up():
    rng = random.Random(1)
    ranges = [(3, 9)] * 50 + [(1, 2)] * 10
    values = demo.split_total(rng, 300, ranges)
    assert sum(values) == 300
    assert all(low <= v <= high for v, (low, high) in zip(values, ranges, strict=True))
    with pytest.raises(ValueError):
        demo.split_total(rng, 10, ranges)


def test_the_demo_today_is_the_run_date_but_never_before_the_tail_needs():
    assert demo.demo_today() == max(timezone.localdate(), demo.EARLIEST_TODAY)
    assert demo.demo_today(date(2027, 3, 15)) == date(2027, 3, 15)
    # Run earlier, the demo still ends on EARLIEST_TODAY: what a line dates "weeks before today"
    # must never fall inside the reference half-year.
    assert demo.demo_today(date(2026, 2, 1)) == demo.EARLIEST_TODAY
    assert demo.DemoContext().today == demo.demo_today()


def test_volumes_after_the_half_year_follow_the_months():
    assert demo.per_month(100, date(2026, 7, 1), date(2026, 7, 31)) == 102  # 31 / 30.44 days
    assert demo.per_month(100, date(2026, 7, 1), date(2026, 12, 31)) == 604  # 184 days
    assert demo.per_month(100, date(2026, 7, 1), date(2026, 6, 30)) == 0


def test_load_demo_takes_the_day_to_generate_up_to():
    out = StringIO()
    call_command("load_demo", "--reset", "--only", "orgs", "--today", "2027-01-15", stdout=out)
    assert "数据截至 2027-01-15" in out.getvalue()


def test_load_demo_leaves_planner_statistics_on_postgresql():
    """Right after a load PostgreSQL has no statistics of the new rows (autovacuum comes later,
    or never where it is off) and plans the dashboard's counts as over empty tables."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call_command("load_demo", "--reset", "--only", "orgs", stdout=StringIO())
    assert statements[-1] == "ANALYZE"  # after every row was written
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'orgs_office'")
        assert cursor.fetchone()[0] == Office.objects.count()
