"""Checks of the demo city's 人民调解 records: the seed figures of SEED_FIGURES.md through the
registry and the records behind them. Run by tests/test_demo_lines.py after one load of the city.
"""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, F

from sifa.core import demo
from sifa.mediation import demo as mediation_demo
from sifa.mediation.constants import CaseStatus
from sifa.mediation.models import CaseParty, MediationCase, SubsidyClaim
from sifa.mediation.selectors.committees import serving_members
from sifa.orgs import demo as orgs_demo
from sifa.orgs.constants import MediationCommitteeType, OfficeKind
from sifa.orgs.models import Office
from sifa.stats import registry

# SEED_FIGURES.md, 人民调解 / 矛盾纠纷: first half of 2026, the whole city.
SEED_FIGURES = {
    "mediation.cases_accepted": 9020,
    "mediation.screenings": 7734,
    "mediation.screening_findings": 4424,
    "mediation.successes_medical": 82,
    "mediation.successes_consumer": 7,
    "mediation.successes_traffic": 6529,
    "mediation.subsidy_files_verified": 11273,
    "mediation.subsidy_paid_amount": 493330,
    "mediation.petitions_dissuaded": 112,
    "mediation.petitions_dissuaded_persons": 1251,
    "mediation.escalations_prevented": 47,
    "mediation.centre_receptions": 1005,
    "mediation.centre_cases_accepted": 112,
    "mediation.professional_successes": 9818,
    "mediation.leader_reception_days": 22,
    "mediation.leader_reception_batches": 94,
    "mediation.leader_reception_persons": 683,
    "mediation.pre_visit_guidance": 53,
    "mediation.pre_visit_guidance_persons": 384,
}


def load_demo():
    call_command("load_demo", stdout=StringIO())
    return Office.objects.get(code=orgs_demo.ROOT_CODE)


def scope(office, start=demo.PERIOD_START, end=demo.PERIOD_END):
    return registry.Scope(office=office, start=start, end=end)


def check_seed_figures(root):
    half_year = scope(root)
    values = {key: registry.value(registry.get(key), half_year) for key in SEED_FIGURES}
    assert values == SEED_FIGURES
    # More professional successes than cases accepted: the backlog received in late 2025.
    professional = registry.records(registry.get("mediation.professional_successes"), half_year)
    assert professional.filter(case__received_on__lt=demo.PERIOD_START).exists()
    assert (
        registry.value(registry.get("mediation.professional_successes"), half_year)
        > values["mediation.cases_accepted"]
    )
    # 2025 and the second half of 2026 have records too, for trends and early warnings.
    for start, end in (
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
    ):
        assert registry.value(registry.get("mediation.cases_accepted"), scope(root, start, end))
        assert registry.value(registry.get("mediation.screenings"), scope(root, start, end))


def check_consistent_records(root):
    cases = MediationCase.objects.filter(office__path__startswith=root.path)
    # Every case has two parties or more and a mediator serving its committee (the centre's
    # cases draw on the mediators of its professional committees).
    assert not cases.annotate(n=Count("parties")).filter(n__lt=2).exists()
    assert not cases.annotate(n=Count("mediators")).filter(n=0).exists()
    centre = Office.objects.get(kind=OfficeKind.DISPUTE_CENTER, path__startswith=root.path)
    links = MediationCase.mediators.through.objects.filter(mediationcase__in=cases)
    for case_office, mediator_office, mediator_subtype in links.values_list(
        "mediationcase__office_id", "staffmember__office_id", "staffmember__office__subtype"
    ):
        if case_office == centre.pk:
            assert mediator_subtype == MediationCommitteeType.PROFESSIONAL
        else:
            assert mediator_office == case_office
    # Every committee has its 3–9 serving members: its serving mediators (人民调解法 第8、13条).
    committees = list(
        Office.objects.filter(kind=OfficeKind.MEDIATION_COMMITTEE, path__startswith=root.path)
    )
    members = serving_members(committees, demo.PERIOD_END)
    assert all(3 <= len(members[c.pk]) <= 9 for c in committees)
    # A natural-person party is a registered person.
    assert not CaseParty.objects.filter(kind="natural", person__isnull=True).exists()
    # Only successful, archived cases are claimed; a success's closing date is its effect.
    claims = SubsidyClaim.objects.filter(office__path__startswith=root.path)
    assert not claims.exclude(case__status=CaseStatus.ARCHIVED).exists()
    assert not claims.filter(case__agreement__isnull=True).exists()
    successes = cases.filter(agreement__isnull=False)
    assert not successes.exclude(closed_on=F("agreement__effective_on")).exists()
    # A second load changes nothing; the module knows its data is there.
    assert mediation_demo.is_present()
    count = cases.count()
    call_command("load_demo", stdout=StringIO())
    assert MediationCase.objects.count() == count
