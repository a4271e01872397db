"""Checks of the demo city's 法律援助 records: the seed figures of SEED_FIGURES.md through the
registry and the records behind them. Run by tests/test_demo_lines.py after one load of the city.
"""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.db.models import Count

from sifa.core import demo
from sifa.legalaid import demo as legalaid_demo
from sifa.legalaid.constants import ACCEPTED_STATUSES, HandlerKind, MatterType, Status
from sifa.legalaid.models import Application, Assignment, Handler
from sifa.orgs import access
from sifa.stats import registry

# SEED_FIGURES.md, 法律援助: first half of 2026, the whole city.
SEED_FIGURES = {
    "legalaid.cases_accepted": 497,
    "legalaid.civil_accepted": 384,
    "legalaid.criminal_accepted": 113,
    "legalaid.consultations": 1916,
    "legalaid.hotline_calls": 758,
    "legalaid.foundation_funded": 7,
    # The network is counted by the orgs indicators and must not move.
    "orgs.legal_aid_liaison_points": 253,
}


def scope(office, start=demo.PERIOD_START, end=demo.PERIOD_END):
    return registry.Scope(office=office, start=start, end=end)


def value(key, office, **period):
    return registry.value(registry.get(key), scope(office, **period))


def check_seed_figures(root):
    values = {key: value(key, root) for key in SEED_FIGURES}
    assert values == SEED_FIGURES
    hosts = dict(
        (stored, v)
        for stored, _label, v in registry.breakdown_values(
            registry.get("orgs.legal_aid_workstations"), scope(root), "host"
        )
    )
    assert hosts == {"social_organisation": 11, "township": 15}
    # Only civil and criminal cases were accepted in the half-year (384 + 113 = 497).
    rows = registry.breakdown_values(
        registry.get("legalaid.cases_accepted"), scope(root), "matter_type"
    )
    assert {stored: v for stored, _label, v in rows} == {"civil": 384, "criminal": 113}
    # The figures around the seed ones have something to show.
    for key in (
        "legalaid.notifications",
        "legalaid.applications_refused",
        "legalaid.decisions_on_time",
        "legalaid.decisions_late",
        "legalaid.assignments_on_time",
        "legalaid.aided_group_members",
        "legalaid.money_recovered",
        "legalaid.subsidy_paid",
        "legalaid.quality_checks",
        "legalaid.follow_ups",
        "legalaid.complaints",
        "legalaid.duty_persons_helped",
        "legalaid.objections",
    ):
        assert value(key, root), key
    for start, end in (
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
    ):
        assert value("legalaid.cases_accepted", root, start=start, end=end)
        assert value("legalaid.consultations", root, start=start, end=end)


def check_consistent_records(root):
    apps = access.within(Application.objects.all(), root)
    # The due dates the actions would have stored (the timeliness figures read them).
    assert not apps.filter(accepted_on__isnull=False, assignment_due_on__isnull=True).exists()
    assert (
        not apps.filter(decided_on__isnull=False, decision_due_on__isnull=True)
        .exclude(origin="notification")
        .exists()
    )
    # Every application carries the rule engine's basis and explanation, as a registered one.
    assert not apps.filter(eligibility_explanation="").exists()
    assert not apps.filter(basis="").exists()
    # The province's hardship standards, dated: an application keeps the one of its date.
    from sifa.legalaid.eligibility import standard_in_force

    urban_2025 = standard_in_force(root.region_code + "001", "urban", date(2025, 6, 1))
    urban_2026 = standard_in_force(root.region_code + "001", "urban", date(2026, 6, 1))
    assert urban_2025 and urban_2026 and urban_2025 != urban_2026
    # Accepted = accepted_on set = an accepted status (the two readings agree in the demo).
    assert not apps.filter(accepted_on__isnull=False).exclude(status__in=ACCEPTED_STATUSES).exists()
    assert not apps.filter(accepted_on__isnull=True, status__in=ACCEPTED_STATUSES).exists()
    # Some are still open, so the to-do lists have something to show.
    for status in (
        Status.RECEIVED,
        Status.AWAITING_SUPPLEMENT,
        Status.OBJECTION,
        Status.IN_PROGRESS,
    ):
        assert apps.filter(status=status).exists(), status
    # Criminal cases are defended by lawyers; life/death-penalty cases by one with 3+ years of
    # criminal defence (法律援助法 第26条).
    criminal = Assignment.objects.filter(application__in=apps, application__matter_type="criminal")
    assert not criminal.exclude(handler__kind=HandlerKind.LAWYER).exists()
    for assignment in criminal.filter(application__serious_charge=True).select_related("handler"):
        since = assignment.handler.criminal_defence_since
        assert since is not None
        assert (assignment.assigned_on - since).days >= 3 * 365
    assert Handler.objects.filter(criminal_defence_since__isnull=False).exists()
    # Every archived case with a paid subsidy has its amount; nothing is assigned twice here.
    assert not apps.filter(subsidy_batch__isnull=False, subsidy_amount__isnull=True).exists()
    assert not apps.annotate(n=Count("assignments")).filter(n__gt=1).exists()
    assert apps.filter(matter_type=MatterType.CRIMINAL, origin="notification").exists()
    # A second load changes nothing.
    assert legalaid_demo.is_present()
    count = apps.count()
    call_command("load_demo", stdout=StringIO())
    assert Application.objects.count() == count
