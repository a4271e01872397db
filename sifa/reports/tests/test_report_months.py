"""Issue 15.4: editing a record inside a submitted month warns first; 全部核查 checks every
submitted month of the offices in the user's scope, not only the month the page shows."""

import pytest
from django.urls import reverse

from sifa.core import report_months
from sifa.reports import actions
from sifa.reports.models import ConsistencyCheck
from sifa.reports.tests.test_snapshots import MONTH, YEAR, cases_in

NOTICE = "该记录所属的 2026年3月 月报已上报，修改后将列入数据一致性核查"


@pytest.fixture
def march_case(cast):
    return cases_in(cast, cast.township_a1, [16])[0]


def action_page(case):
    return reverse("mediation:case_risk", args=[case.pk])


def test_a_record_action_page_warns_when_its_month_was_submitted(cast, login, march_case):
    client = login(cast.township_clerk)
    assert NOTICE not in client.get(action_page(march_case)).content.decode()

    actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)

    page = client.get(action_page(march_case)).content.decode()
    assert NOTICE in page
    assert 'data-testid="report-month-notice"' in page


def test_the_month_counts_when_an_office_above_submitted_it(cast, march_case):
    actions.submit_month(cast.county_supervisor, cast.county_a, YEAR, MONTH)
    assert report_months.submitted_months(march_case) == [(YEAR, MONTH)]


def test_a_sibling_offices_submission_does_not_hold_the_record(cast, march_case):
    actions.submit_month(cast.sibling_clerk, cast.township_a2, YEAR, MONTH)
    assert report_months.submitted_months(march_case) == []
    assert report_months.notice(march_case) == ""


def test_check_all_checks_every_submitted_month_not_the_preselected_one(cast, login, march_case):
    actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    client = login(cast.county_supervisor)

    response = client.post(reverse("reports:consistency_check_all"), follow=True)

    assert ConsistencyCheck.objects.count() == 1
    assert "已核查1份月报，其中0份与业务记录不一致" in response.content.decode()
    assert response.context["consistent_count"] == 1  # all months listed: the result shows


def test_check_all_leaves_offices_outside_the_scope_alone(cast, login, march_case):
    actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    login(cast.sibling_clerk).post(reverse("reports:consistency_check_all"))
    assert ConsistencyCheck.objects.count() == 0


def test_a_consultation_edit_page_warns_when_its_month_was_submitted(cast, login):
    import datetime

    from sifa.legalaid.models import Consultation
    from sifa.legalaid.tests.test_consultations import record
    from sifa.orgs.constants import OfficeKind
    from tests.factories import UserFactory, add_office, grant

    centre = add_office(
        cast.township_a1,
        name="甲一镇法律援助工作站",
        code="330102LA7",
        kind=OfficeKind.LEGAL_AID_CENTER,
        region_code="330102",
    )
    user = UserFactory(username="la_reviewer_months")
    grant(user, centre, "la_reviewer")
    consultation = record(user, centre)
    Consultation.objects.filter(pk=consultation.pk).update(
        consulted_at=datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC)
    )
    actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)

    page = login(user).get(reverse("legalaid:consultation_edit", args=[consultation.pk]))
    assert NOTICE in page.content.decode()


def test_check_all_of_many_months_runs_as_a_background_job(cast, login, march_case, settings):
    """Over SIFA_CHECK_BACKGROUND_MONTHS the check is a job (docs/jobs.md); its result is the
    page of all months, with the same message the page would have shown."""
    from sifa.core.models import Job

    actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    settings.SIFA_CHECK_BACKGROUND_MONTHS = 0
    response = login(cast.county_supervisor).post(reverse("reports:consistency_check_all"))
    job = Job.objects.get(user=cast.county_supervisor)
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED and (job.done, job.total) == (1, 1)
    assert ConsistencyCheck.objects.count() == 1
    assert job.result_url.startswith(reverse("reports:consistency"))
    assert job.message == "已核查1份月报，其中0份与业务记录不一致。"
