"""The demo city, loaded once: every business line's figures of SEED_FIGURES.md through the
indicator registry, the consistency of the records behind them, and the half-year work summary
drafted from them (tests/demo_summary_checks.py), the monthly reports the demo submitted, the
司法所考核 run scored from the records (tests/demo_assessment_checks.py), and
the activity generated after the half-year up to the day of loading (tests/demo_today_checks.py).

One load for all lines, because building the whole city takes a minute or more on each engine;
the checks themselves live beside each other in tests/demo_<line>_checks.py.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from sifa.core import demo
from sifa.orgs import demo as orgs_demo
from sifa.orgs.models import Office
from tests import demo_assessment_checks as assessment
from tests import demo_corrections_checks as corrections
from tests import demo_forensic_checks as forensic
from tests import demo_hotline_checks as hotline
from tests import demo_legalaid_checks as legalaid
from tests import demo_mediation_checks as mediation
from tests import demo_notary_checks as notary
from tests import demo_publicity_checks as publicity
from tests import demo_reports_checks as reports
from tests import demo_summary_checks as summary
from tests import demo_today_checks as today_checks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_cast"), pytest.mark.slow]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_city_gives_every_line_its_seed_figures():
    call_command("load_demo", stdout=StringIO())
    root = Office.objects.get(code=orgs_demo.ROOT_CODE)
    for line in (mediation, legalaid, corrections, publicity):
        line.check_seed_figures(root)
        line.check_consistent_records(root)
    corrections.check_handover(root)
    notary.check_seed_figures(root)
    notary.check_consistent_records(root)
    notary.check_summary_sentence(root)
    forensic.check_seed_figures(root)
    forensic.check_consistent_records(root)
    forensic.check_summary(root)
    summary.check_summary(root)
    publicity.check_summary(root)
    hotline.check_seed_figures(root)
    hotline.check_summary(root)
    hotline.check_after_the_half_year(root, demo.demo_today())
    reports.check_submissions(root, demo.demo_today())
    assessment.check_assessment(root)
    # After the half-year, activity runs up to the day of loading (here: the real today).
    today_checks.check_activity_up_to(root, demo.demo_today())
