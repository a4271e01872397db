"""Returned monthly reports (退回) are to-dos of the office that must submit again."""

import pytest
from django.urls import reverse
from django.utils import timezone

from sifa.core import todos
from sifa.core.deadlines import compute
from sifa.reports import actions
from sifa.reports.tests.test_snapshots import MONTH, YEAR, cases_in
from sifa.reports.todos import RESUBMIT, returned_reports_todos

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(cast):
    cases_in(cast, cast.township_a1, [3])
    submission = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    return actions.return_submission(cast.county_supervisor, submission, "调解案件数有误。")


def test_a_returned_report_is_a_todo_with_its_resubmission_deadline(cast, returned):
    [item] = returned_reports_todos(cast.township_clerk)

    assert item.title == f"{cast.township_a1.name}{YEAR}年{MONTH}月月报被退回，请修改后重新上报"
    assert item.due == compute(RESUBMIT.code, timezone.localdate())
    assert not item.overdue
    assert item.basis == "统计法 第7条；地方规定"
    assert item.url == reverse("reports:submission_detail", args=[returned.pk])
    assert item.office_path == cast.township_a1.path
    assert [t.title for t in todos.for_user(cast.township_clerk, line="reports")] == [item.title]


def test_only_who_sees_the_office_has_the_todo(cast, returned):
    assert returned_reports_todos(cast.sibling_clerk) == []
    assert len(returned_reports_todos(cast.county_supervisor)) == 1


def test_a_report_submitted_again_is_no_longer_a_todo(cast, returned):
    actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)

    assert returned_reports_todos(cast.township_clerk) == []
