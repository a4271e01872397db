"""The demo city's 18 law firms are all 合格 in the last year's annual inspection
(SEED_FIGURES.md, 公共法律服务), produced by the workflow's actions and counted by the
registered indicators."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sifa.core import demo
from sifa.orgs import demo as orgs_demo
from sifa.orgs.models import Office
from sifa.practice import demo as practice_demo
from sifa.practice.constants_inspection import SubmissionStatus
from sifa.practice.models import Institution, Submission, SubmissionEvent
from sifa.stats import registry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_cast"), pytest.mark.slow]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_firm_passed_the_last_year_s_inspection_through_the_workflow():
    call_command("load_demo", only="orgs,practice", stdout=StringIO())
    city = Office.objects.get(code=orgs_demo.ROOT_CODE)
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
