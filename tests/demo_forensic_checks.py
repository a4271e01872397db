"""Checks of the demo city's 司法鉴定 records: the seed figures of SEED_FIGURES.md through the
registry (457 commissions in the half-year, 同比 13 % computed from the same half of 2025's
records) and the records behind them. Run by tests/test_demo_lines.py after one load of the
city, and by sifa/forensic/tests/test_demo.py on the line alone.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sifa.core import demo
from sifa.forensic.constants import CaseStatus, Decision
from sifa.forensic.models import Case, CategoryRegistration
from sifa.orgs import access
from sifa.reports import summary
from sifa.reports.periods import change_percent
from sifa.stats import registry

# SEED_FIGURES.md, 公共法律服务: first half of 2026, the whole city.
RECEIVED_H1 = 457
GROWTH_PERCENT = 13  # 业务总量同比增长13%
SENTENCE = "司法鉴定共收案457件，业务总量同比增长13%。"
LAST_H1 = (date(2025, 1, 1), date(2025, 6, 30))


def value(key, office, start=demo.PERIOD_START, end=demo.PERIOD_END):
    return registry.value(registry.get(key), registry.Scope(office=office, start=start, end=end))


def check_seed_figures(root):
    received = value("forensic.received", root)
    last_year = value("forensic.received", root, *LAST_H1)
    assert received == RECEIVED_H1
    growth = change_percent(received, last_year)
    assert growth.quantize(Decimal(1), ROUND_HALF_UP) == GROWTH_PERCENT, (received, last_year)
    # The figure is the records': every case received in the half-year under the city.
    cases = access.within(Case.objects.all(), root)
    in_half = cases.filter(received_on__range=(demo.PERIOD_START, demo.PERIOD_END))
    assert in_half.count() == received
    by_category = registry.figures(
        registry.get("forensic.received"),
        registry.Scope(office=root, start=demo.PERIOD_START, end=demo.PERIOD_END),
    ).breakdowns["category"]
    assert sum(row[2] for row in by_category) == received
    accepted = value("forensic.accepted", root)
    refused = value("forensic.refused", root)
    assert accepted > 0 and refused > 0


def check_consistent_records(root):
    cases = access.within(Case.objects.all(), root)
    # An accepted case has appraisers, each registered in its category.
    accepted = cases.filter(decision=Decision.ACCEPTED).prefetch_related("appraisers")
    held = set(
        CategoryRegistration.objects.filter(practitioner__isnull=False).values_list(
            "practitioner_id", "category"
        )
    )
    for case in accepted[:300]:
        appraisers = list(case.appraisers.all())
        assert appraisers, case
        assert all((a.pk, case.category) in held for a in appraisers), case
    # A completed case's due date is known, and it was completed after it took effect.
    for case in cases.filter(status=CaseStatus.COMPLETED)[:300]:
        assert case.completion_due and case.effective_on <= case.completed_on
    assert cases.filter(status=CaseStatus.RECEIVED, decided_on__isnull=False).count() == 0


def check_summary(root):
    from sifa.reports.summary_defaults import default_template

    template = default_template("half_year")
    rendered = summary.render(
        template.title, template.body, root, demo.PERIOD_START, demo.PERIOD_END
    )
    assert SENTENCE in rendered.text()
