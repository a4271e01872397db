"""Checks of the demo city's 公证 line (SEED_FIGURES.md, 公共法律服务: "市公证处共办理各类公证件
4036件，义务解答公证法律咨询800余人次，减免公证费3.8万元"), through the registered indicators,
and of the half-year summary's sentence stating them. Called by tests/test_demo_lines.py (the
whole demo) and sifa/notary/tests/test_demo.py (the line alone)."""

from decimal import Decimal

from django.db.models import F, Sum

from sifa.core import demo
from sifa.notary.constants import Status
from sifa.notary.models import Consultation, Notarisation
from sifa.orgs import access
from sifa.reports import summary
from sifa.reports.summary_defaults import default_template
from sifa.stats import registry

ISSUED = 4036
CONSULTATIONS_OVER = 800  # "800余人次"
FEE_RELIEF = Decimal("38000")  # 3.8 万元


def _value(key, root):
    scope = registry.Scope(office=root, start=demo.PERIOD_START, end=demo.PERIOD_END)
    return registry.value(registry.get(key), scope)


def check_seed_figures(root):
    assert _value("notary.issued", root) == ISSUED
    consultations = _value("notary.consultations", root)
    assert CONSULTATIONS_OVER < consultations < CONSULTATIONS_OVER + 100
    assert _value("notary.fee_relief", root) == FEE_RELIEF
    # the breakdowns add up to the total
    scope = registry.Scope(office=root, start=demo.PERIOD_START, end=demo.PERIOD_END)
    for breakdown in ("scope", "branch", "matter_code"):
        rows = registry.breakdown_values(registry.get("notary.issued"), scope, breakdown)
        assert sum(value for _stored, _label, value in rows) == ISSUED


def check_consistent_records(root):
    """The records behind the figures: every issued one has a certificate number and a due
    date; the reliefs are standard minus charged; the late ones are few."""
    rows = access.within(Notarisation.objects.all(), root)
    h1 = rows.filter(issued_on__range=(demo.PERIOD_START, demo.PERIOD_END))
    assert h1.count() == ISSUED
    assert not h1.filter(certificate_number="").exists()
    assert not h1.filter(due_on__isnull=True).exists()
    assert not rows.exclude(fee_relief=F("fee_standard") - F("fee_charged")).exists()
    assert h1.aggregate(total=Sum("fee_relief"))["total"] == FEE_RELIEF
    late = h1.filter(issued_on__gt=F("due_on")).count()
    assert 0 < late < ISSUED // 100
    assert rows.filter(status=Status.REFUSED).exclude(refusal_ground="").exists()
    assert not rows.filter(status=Status.REFUSED, refusal_ground="").exists()
    consultations = access.within(Consultation.objects.all(), root)
    assert consultations.filter(held_on__gt=demo.PERIOD_END).exists()


def check_summary_sentence(root):
    template = default_template("half_year")
    text = summary.render(
        template.title, template.body, root, demo.PERIOD_START, demo.PERIOD_END
    ).text()
    consultations = _value("notary.consultations", root)
    sentence = (
        f"全市公证机构共办理各类公证件{ISSUED}件，义务解答公证法律咨询{consultations}人次，"
        "减免公证费3.8万元。"
    )
    assert sentence in text, sentence
