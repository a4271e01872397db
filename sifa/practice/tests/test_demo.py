"""The demo city's practice line gives the figures of the reference summary (SEED_FIGURES.md,
公共法律服务) through the registered indicators, from the records: the registers, the annual
inspection (all 18 firms 合格, through the workflow) and the village advisers (983 consultation
sessions reaching 5120 persons). One load of the demo serves every test of the module."""

from __future__ import annotations

import html
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import override_settings

from sifa.core import demo
from sifa.orgs import demo as orgs_demo
from sifa.orgs.models import Office
from sifa.practice import demo as practice_demo
from sifa.practice import demo_advisers
from sifa.practice.constants import Category, MatterCategory
from sifa.practice.constants_advisers import ServiceKind
from sifa.practice.constants_inspection import SubmissionStatus
from sifa.practice.licences import institution_licence_error, practitioner_licence_error
from sifa.practice.models import (
    AdviserContract,
    Institution,
    Matter,
    Practitioner,
    ServiceLog,
    Submission,
    SubmissionEvent,
    Transfer,
)
from sifa.practice.selectors import advisers as adviser_selectors
from sifa.practice.selectors import registers as selectors
from sifa.stats import registry
from tests.factories import UserFactory, delete_cast, grant, restore_seeded_database

# Not `slow` as a module: the long tests start first, each beside an ordinary test, which would
# tear the module's demo down between them; in file order a worker loads it once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("practice_city")]

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def practice_city(django_db_setup, django_db_blocker):
    """The office tree and this line's demo, loaded once for the module (without the standard
    cast, whose users would clash with the demo's); each test runs in its own transaction, so
    what a test adds (or a reset) is rolled back. Afterwards the database is restored as setup
    left it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        delete_cast()
        call_command("load_demo", only="orgs,practice", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        restore_seeded_database()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture
def city():
    return Office.objects.get(code=orgs_demo.ROOT_CODE)


def test_the_indicators_give_the_seed_figures_for_the_half_year(city):
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)

    def value(key):
        return registry.value(registry.get(key), scope)

    assert value("practice.law_firms") == 18
    assert value("practice.lawyers") == 170
    assert value("practice.firm_matters") == 2173
    assert value("practice.firm_subject_amount") == Decimal("422000000.00")  # 4.22 亿元
    assert value("practice.firm_recovered_amount") == Decimal("229000000.00")  # 2.29 亿元
    assert value("practice.service_offices") == 31
    assert value("practice.workers") == 159
    assert value("practice.office_adviser_clients") == 963
    assert value("practice.office_litigation") == 1249
    assert value("practice.office_non_litigation") == 891
    assert value("practice.office_fees") == Decimal("5690000.00")  # 569 万元
    # The one-pass computation the reports and the dashboard use gives the same.
    keys = [i.key for i in registry.all_indicators() if i.key.startswith("practice.")]
    many = registry.figures_many([registry.get(k) for k in keys], scope)
    assert {k: many[k].value for k in keys} == {k: value(k) for k in keys}


def test_the_figures_are_the_records_and_drill_down_to_them(city):
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)
    lawyers = registry.records(registry.get("practice.lawyers"), scope)
    assert lawyers.count() == 170
    held = Practitioner.objects.filter(category=Category.LAW_FIRM, cancelled_on__isnull=True)
    assert set(lawyers.values_list("pk", flat=True)) == set(
        held.filter(licensed_on__lte=demo.PERIOD_END).values_list("pk", flat=True)
    )
    firm_rows = registry.records(registry.get("practice.firm_matters"), scope)
    assert firm_rows.count() == 2173
    assert not firm_rows.filter(category=MatterCategory.ADVISER).exists()
    # Split by firm, the figure adds up; the records around the half-year stay outside it.
    branches = registry.breakdown_values(
        registry.get("practice.firm_matters"), scope, "institution"
    )
    assert sum(v for _k, _l, v in branches) == 2173
    assert Matter.objects.filter(accepted_on__lt=demo.PERIOD_START).exists()
    assert Matter.objects.filter(accepted_on__gt=demo.PERIOD_END).exists()
    assert Practitioner.objects.filter(cancelled_on__isnull=False).count() == (
        practice_demo.CANCELLED_BEFORE
    )
    assert Transfer.objects.count() == practice_demo.TRANSFERS_H1


def test_the_demo_records_keep_the_lines_rules(city):
    for institution in Institution.objects.all():
        assert institution_licence_error(institution.licence_number, institution.category) is None
        assert institution.office.kind == institution.category
    for practitioner in Practitioner.objects.select_related("institution"):
        number, category = practitioner.licence_number, practitioner.category
        assert practitioner_licence_error(number, category) is None, number
        assert practitioner.licensed_on >= practitioner.institution.founded_on
        assert practitioner.office_id == practitioner.institution.office_id
    persons = Practitioner.objects.exclude(status="cancelled").values_list("person", flat=True)
    assert len(persons) == len(set(persons))  # one held licence each
    for row in Matter.objects.select_related("handler"):
        assert row.handler is None or row.handler.institution_id == row.institution_id
        assert row.closed_on is None or row.closed_on >= row.accepted_on
        assert (row.category == MatterCategory.LITIGATION) == bool(row.litigation_type)


def test_the_firm_admin_sees_only_the_first_firm(city):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username=practice_demo.FIRM_ADMIN)
    (own,) = selectors.institution_list(actor=admin)
    assert own.office.code == f"{practice_demo.CITY_CODE}PF01"
    rows = selectors.matter_list(actor=admin)
    assert rows.exists() and not rows.exclude(institution=own).exists()


# The reference's sentences (公共法律服务, 二是 and 三是), as the built-in template states them.
PRACTICE_SENTENCES = [
    "全市现有18家律师事务所170名执业律师，18家律师事务所完成年度检查考核，"
    "律师事务所合格率达到百分之百。",
    "上半年，全市律师事务所共代理各类案件2173件，涉及财产标的额4.22亿元，索回赔欠款2.29亿元。",
    "全市31家法律服务所共有法律服务工作者159名，担任企业、村(社区)法律顾问963家，"
    "代理诉讼事务1249件，代理非诉讼事务891件，业务收费569万元；"
    "村(社区)法律顾问提供法律咨询983场次5120人次。",
]


def test_the_built_in_half_year_summary_states_the_line_s_figures(city):
    from sifa.reports import summary
    from sifa.reports.summary_defaults import default_template

    template = default_template("half_year")
    rendered = summary.render(
        template.title, template.body, city, demo.PERIOD_START, demo.PERIOD_END
    )
    text = rendered.text()
    missing = [sentence for sentence in PRACTICE_SENTENCES if sentence not in text]
    assert not missing, missing
    # The amounts are the registered indicators' sums, stated in 亿元 and 万元.
    subject = rendered.numbers["practice.firm_subject_amount|亿"]
    assert subject.value == Decimal("422000000.00") and subject.text == "4.22"
    assert rendered.numbers["practice.office_fees|万"].value == Decimal("5690000.00")
    # Each of them links to its records.
    assert subject.link.indicator == "practice.firm_subject_amount"
    assert f'href="{html.escape(subject.link.url())}"' in rendered.html()
    # With one firm 不合格 the sentence says how many passed and failed (the test's transaction
    # is rolled back afterwards).
    Submission.objects.filter(pk=Submission.objects.order_by("pk").first().pk).update(
        status=SubmissionStatus.FAILED
    )
    text = summary.render(
        template.title, template.body, city, demo.PERIOD_START, demo.PERIOD_END
    ).text()
    assert "18家律师事务所完成年度检查考核，其中合格17家、不合格1家。" in text


# --- the annual inspection (年度检查考核): every firm 合格, through the workflow ---


@pytest.mark.slow  # it loads the demo again at its end (load_demo --reset)
def test_every_firm_passed_the_last_year_s_inspection_through_the_workflow(city):
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)

    def value(key):
        return registry.value(registry.get(key), scope)

    assert value("practice.inspected") == practice_demo.LAW_FIRMS == 18
    assert value("practice.inspection_passed") == 18
    assert value("practice.inspection_failed") == 0
    assert value("practice.inspection_not_submitted") == 0
    rows = registry.records(registry.get("practice.inspection_passed"), scope)
    firms = Institution.objects.filter(category="law_firm")
    assert set(rows.values_list("institution", flat=True)) == set(
        firms.values_list("pk", flat=True)
    )
    passed = Submission.objects.get(institution=firms.order_by("office__code").first())
    steps = list(
        SubmissionEvent.objects.filter(submission=passed).values_list("to_status", flat=True)
    )
    assert steps == [
        SubmissionStatus.PENDING,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.REVIEWED,
        SubmissionStatus.PASSED,
    ]
    first_firm_step = SubmissionEvent.objects.get(
        submission=passed, to_status=SubmissionStatus.SUBMITTED
    )
    assert first_firm_step.created_by.username == practice_demo.FIRM_ADMIN
    assert passed.materials.count() == 4
    assert passed.year == demo.PERIOD_START.year - 1
    call_command("load_demo", only="orgs,practice", reset=True, stdout=StringIO())
    assert Submission.objects.filter(status=SubmissionStatus.PASSED).count() == 18


# --- the village legal advisers: 983 consultation sessions reaching 5120 persons ---


def test_consultations_coverage_and_to_dos(city):
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)

    def value(key):
        return registry.value(registry.get(key), scope)

    assert value("practice.adviser_consultations") == 983
    assert value("practice.adviser_consultation_persons") == 5120
    # … and they are the records: consultation logs dated in the half-year.
    rows = ServiceLog.objects.filter(
        kind=ServiceKind.CONSULTATION, served_on__range=(demo.PERIOD_START, demo.PERIOD_END)
    )
    assert rows.count() == 983
    assert rows.aggregate(total=Sum("persons"))["total"] == 5120
    drill = registry.records(registry.get("practice.adviser_consultations"), scope)
    assert set(drill.values_list("pk", flat=True)) == set(rows.values_list("pk", flat=True))
    # The business register's figure is left as it was.
    assert value("practice.office_adviser_clients") == 963

    villages = Office.objects.filter(kind="service_station").count()
    assert value("practice.villages") == villages
    assert value("practice.villages_with_adviser") == villages - demo_advisers.VILLAGES_WITHOUT
    leader = UserFactory(username="adviser_leader")
    grant(leader, city, "leader")
    rows = adviser_selectors.coverage_by_township(leader, demo.PERIOD_END)
    assert sum(r.villages - r.covered for r in rows) == demo_advisers.VILLAGES_WITHOUT
    assert (
        adviser_selectors.villages_without_adviser(leader, demo.PERIOD_END).count()
        == demo_advisers.VILLAGES_WITHOUT
    )
    # Every contract in force keeps to one per village.
    in_force = adviser_selectors.in_force(AdviserContract.objects.all(), demo.PERIOD_END)
    assert in_force.values("office").distinct().count() == in_force.count()
    # The dozen villages short of the standard this period are the to-dos.
    short = adviser_selectors.shortfalls(leader)
    assert 1 <= len(short) <= demo_advisers.SHORT_OF_DUTY + demo_advisers.SHORT_OF_LECTURE
    assert len(list(adviser_selectors.adviser_todos(leader))) >= len(short)


def test_the_integrity_files_hold_rewards_and_public_service_on_the_public_page(client):
    """demo_integrity.py: a few rewards and services, shown on the public page with the firm's
    inspection result (no indicator counts them, so the figures above are unchanged)."""
    from django.urls import reverse

    from sifa.practice import demo_integrity
    from sifa.practice.models import PublicService, Reward

    rewards = demo_integrity.FIRM_REWARDS + demo_integrity.LAWYER_REWARDS
    assert Reward.objects.count() == rewards
    assert PublicService.objects.count() == demo_integrity.SERVICES
    firm = Reward.objects.filter(practitioner__isnull=True).first().institution
    html = client.get(reverse("practice_public:institution", args=[firm.pk])).content.decode()
    assert "优秀律师事务所" in html and "合格" in html


# --- complaints and sanctions (demo_discipline.py): a few, through the actions ---


def test_complaints_and_sanctions_of_practitioners_and_an_institution(city):
    from sifa.practice import demo_discipline
    from sifa.practice.constants_discipline import ComplaintStatus, SanctionKind, SanctionStatus
    from sifa.practice.models import Complaint, ComplaintEvent, Sanction

    complaints = Complaint.objects.all()
    assert complaints.count() == 5
    statuses = set(complaints.values_list("status", flat=True))
    assert statuses == {
        ComplaintStatus.INVESTIGATING,
        ComplaintStatus.SUBSTANTIATED,
        ComplaintStatus.NOT_SUBSTANTIATED,
    }
    assert complaints.filter(complainant__isnull=True).count() == 1  # anonymous
    # Every complaint went through the workflow: its first event is the receipt.
    for complaint in complaints:
        first = ComplaintEvent.objects.filter(complaint=complaint).first()
        assert first.to_status == ComplaintStatus.RECEIVED
    sanctions = Sanction.objects.all()
    assert sanctions.filter(status=SanctionStatus.DECIDED).count() == 2
    assert sanctions.filter(status=SanctionStatus.PROPOSED).count() == 1
    of_firm = sanctions.get(practitioner__isnull=True)
    assert of_firm.kind == SanctionKind.FINE and of_firm.complaint.practitioner is None
    # Nothing suspends or revokes: the registers and their figures stay as the seed says.
    assert not sanctions.filter(kind__in=(SanctionKind.SUSPENSION, SanctionKind.REVOCATION))
    assert not sanctions.filter(kind=SanctionKind.CLOSURE)
    scope = registry.Scope(office=city, start=demo.PERIOD_START, end=demo.PERIOD_END)
    received = registry.value(registry.get("practice.complaints_received"), scope)
    assert received == complaints.filter(received_on__lte=demo.PERIOD_END).count() == 4
    assert registry.value(registry.get("practice.sanctions"), scope) == 2
    assert demo_discipline.MODELS[-1] is Complaint
