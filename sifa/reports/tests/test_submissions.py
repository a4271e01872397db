"""Submitting a month, returning and accepting it: who may, and when."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from sifa.core.testing import assert_invalid
from sifa.reports import actions
from sifa.reports.models import ReportSubmission
from sifa.reports.tests.test_snapshots import MONTH, YEAR, cases_in
from tests.factories import UserFactory, grant

Status = ReportSubmission.Status


@pytest.fixture
def submitted(cast):
    cases_in(cast, cast.township_a1, [3, 4])
    return actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH, note="按时上报")


def test_a_submission_records_who_when_and_the_first_version(cast, submitted):
    assert submitted.status == Status.SUBMITTED
    assert submitted.version == 1
    assert submitted.submitted_by == cast.township_clerk
    assert submitted.submitted_at is not None
    assert submitted.note == "按时上报"
    assert submitted.snapshots.count() == 1
    history = list(submitted.history.all())
    assert [(h.history_type, h.history_user) for h in history] == [("+", cast.township_clerk)]


def test_a_month_cannot_be_submitted_twice(cast, submitted):
    with pytest.raises(ValidationError, match="不能重复上报"):
        actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)

    assert ReportSubmission.objects.get().snapshots.count() == 1


def test_a_returned_month_is_submitted_again_as_a_new_version(cast, submitted):
    actions.return_submission(cast.county_supervisor, submitted, "调解案件数有误，请核实。")

    again = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH, note="已更正")

    assert again.pk == submitted.pk
    assert (again.status, again.version, again.note) == (Status.SUBMITTED, 2, "已更正")
    assert again.review_comment == ""
    assert [s.version for s in again.snapshots.order_by("version")] == [1, 2]
    assert again.current_snapshot().version == 2


def test_an_accepted_month_is_final(cast, submitted):
    actions.accept_submission(cast.county_supervisor, submitted)

    with pytest.raises(ValidationError) as exc:
        actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    assert_invalid(exc, "__all__", "月月报已上报（审核通过），不能重复上报。")
    with pytest.raises(ValidationError, match="只有“已上报”的月报可以审核"):
        actions.return_submission(cast.county_supervisor, submitted, "再看看")
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED
    assert submitted.snapshots.count() == 1


def test_the_current_and_a_future_month_are_refused(cast):
    today = timezone.localdate()
    next_month = (today.replace(day=28) + timedelta(days=5)).replace(day=1)
    for day in (today, next_month):
        with pytest.raises(ValidationError, match="尚未结束"):
            actions.submit_month(cast.township_clerk, cast.township_a1, day.year, day.month)
    assert not ReportSubmission.objects.exists()


def test_a_month_is_submittable_the_day_after_its_last_day():
    assert actions.month_has_ended(2026, 2, today=date(2026, 3, 1))
    assert not actions.month_has_ended(2026, 2, today=date(2026, 2, 28))


def test_a_bad_month_is_refused_in_chinese(cast):
    with pytest.raises(ValidationError, match="请选择正确的年度和月份"):
        actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, 13)


def test_only_who_may_edit_the_office_submits(cast):
    with pytest.raises(Http404):  # a sibling's office is out of sight
        actions.submit_month(cast.sibling_clerk, cast.township_a1, YEAR, MONTH)
    with pytest.raises(PermissionDenied):  # a leader sees but does not edit
        actions.submit_month(cast.city_leader, cast.township_a1, YEAR, MONTH)
    with pytest.raises(ValidationError, match="只有司法局、司法所上报月报"):
        actions.submit_month(cast.township_clerk, cast.village_a1, YEAR, MONTH)
    assert not ReportSubmission.objects.exists()


def test_the_parent_office_reviews(cast, submitted):
    returned = actions.return_submission(cast.county_supervisor, submitted, "请补充说明。")

    assert returned.status == Status.RETURNED
    assert returned.reviewed_by == cast.county_supervisor
    assert returned.review_comment == "请补充说明。"
    latest = returned.history.first()
    assert (latest.history_type, latest.history_user, latest.status) == (
        "~",
        cast.county_supervisor,
        Status.RETURNED,
    )


def test_a_return_needs_its_reason(cast, submitted):
    with pytest.raises(ValidationError, match="退回理由"):
        actions.return_submission(cast.county_supervisor, submitted, "  ")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_an_office_does_not_review_its_own_month(cast, submitted):
    with pytest.raises(PermissionDenied):
        actions.accept_submission(cast.township_clerk, submitted)


def test_a_sibling_office_does_not_see_the_month(cast, submitted):
    with pytest.raises(Http404):
        actions.accept_submission(cast.sibling_clerk, submitted)


def test_a_leader_without_edit_does_not_review(cast, submitted):
    with pytest.raises(PermissionDenied):
        actions.accept_submission(cast.city_leader, submitted)


def test_the_city_reviews_its_counties_but_a_county_not_itself(cast):
    county = actions.submit_month(cast.county_supervisor, cast.county_a, YEAR, MONTH)
    with pytest.raises(PermissionDenied):
        actions.accept_submission(cast.county_supervisor, county)

    city_section = UserFactory(username="city_section")
    grant(city_section, cast.city, "section")
    accepted = actions.accept_submission(city_section, county, "同意。")

    assert (accepted.status, accepted.reviewed_by) == (Status.ACCEPTED, city_section)


def test_the_city_has_nobody_above_to_review_it(cast):
    city_section = UserFactory(username="city_section")
    grant(city_section, cast.city, "section")
    city = actions.submit_month(city_section, cast.city, YEAR, MONTH)

    with pytest.raises(PermissionDenied):
        actions.accept_submission(city_section, city)
    assert actions.reviewer_office(city) is None


def test_the_review_history_tells_each_step(cast, submitted):
    from sifa.reports.selectors_submissions import review_history

    actions.return_submission(cast.county_supervisor, submitted, "请补充。")
    actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH, note="已补充")

    lines = [(line.status_label, line.user, line.text) for line in review_history(submitted)]

    assert lines == [
        ("已上报", cast.township_clerk, "按时上报"),
        ("已退回", cast.county_supervisor, "请补充。"),
        ("已上报", cast.township_clerk, "已补充"),
    ]
