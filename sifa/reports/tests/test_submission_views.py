"""The submission pages: own office, parent office and sibling office; 403 and 404."""

import pytest
from django.urls import reverse

from sifa.mediation.models import MediationCase
from sifa.reports import actions, consistency
from sifa.reports import selectors_submissions as selectors
from sifa.reports.models import ConsistencyCheck, ReportSubmission
from sifa.reports.tests.test_snapshots import MONTH, YEAR, cases_in

LIST = reverse("reports:submission_list")
CONSISTENCY = reverse("reports:consistency")
MONTH_QUERY = {"year": YEAR, "month": MONTH}


@pytest.fixture
def march_cases(cast):
    return cases_in(cast, cast.township_a1, [2, 16])


@pytest.fixture
def submitted(cast, march_cases):
    return actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)


def detail_url(submission):
    return reverse("reports:submission_detail", args=[submission.pk])


def test_the_clerk_submits_the_month_from_the_list(cast, login, march_cases):
    client = login(cast.township_clerk)
    page = client.get(LIST, MONTH_QUERY)
    assert page.status_code == 200
    assert b'data-testid="submit-month"' in page.content

    response = client.post(
        reverse("reports:submission_submit"),
        {"office": cast.township_a1.pk, "note": "三月月报", **MONTH_QUERY},
        follow=True,
    )

    submission = ReportSubmission.objects.get()
    assert (submission.office, submission.note, submission.submitted_by) == (
        cast.township_a1,
        "三月月报",
        cast.township_clerk,
    )
    assert "已上报" in response.content.decode()
    assert b'data-testid="submit-month"' not in response.content


def test_submitting_twice_shows_a_chinese_error(cast, login, submitted):
    client = login(cast.township_clerk)
    response = client.post(
        reverse("reports:submission_submit"),
        {"office": cast.township_a1.pk, **MONTH_QUERY},
        follow=True,
    )
    assert "不能重复上报" in response.content.decode()
    assert ReportSubmission.objects.get().version == 1


def test_a_sibling_cannot_submit_for_another_office(cast, login):
    client = login(cast.sibling_clerk)
    response = client.post(
        reverse("reports:submission_submit"), {"office": cast.township_a1.pk, **MONTH_QUERY}
    )
    assert response.status_code == 404
    assert not ReportSubmission.objects.exists()


def test_the_county_sees_its_townships_to_review_and_the_roll_up(cast, login, submitted):
    page = login(cast.county_supervisor).get(LIST, MONTH_QUERY)

    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="review-submissions"' in text
    assert reverse("reports:submission_review", args=[submitted.pk]) in text
    assert 'data-testid="rollup"' in text
    roll = next(r for r in page.context["roll_ups"] if r.office == cast.county_a)
    row = next(r for r in roll.rows if r.office == cast.township_a1)
    accepted = roll.indicators.index(
        next(i for i in roll.indicators if i.key == "mediation.cases_accepted")
    )
    assert (row.figures[accepted].frozen, row.figures[accepted].current) == (2, 2)
    assert roll.total[accepted].current == 2
    children = sum(r.figures[accepted].current for r in roll.rows if r.level == 1)
    assert children + roll.own[accepted].current == roll.total[accepted].current
    assert roll.counts["submitted"] == 1 and roll.counts["missing"] == 1  # A2 not yet


def test_the_city_sees_every_office_in_its_roll_up(cast, login, submitted):
    page = login(cast.city_leader).get(LIST, MONTH_QUERY)

    [roll] = page.context["roll_ups"]
    assert [r.office for r in roll.rows] == [
        cast.county_a,
        cast.township_a1,
        cast.township_a2,
        cast.county_b,
        cast.township_b1,
    ]
    assert page.context["review_groups"] == []  # a leader without edit reviews nothing


def test_the_detail_shows_frozen_and_current_values(cast, login, submitted, march_cases):
    MediationCase.objects.filter(pk=march_cases[0].pk).delete()

    page = login(cast.township_clerk).get(detail_url(submitted))

    assert page.status_code == 200
    rows = [row for group in page.context["groups"] for row in group.rows]
    accepted = next(r for r in rows if r.key == "mediation.cases_accepted" and not r.is_bucket)
    assert (accepted.frozen, accepted.current, accepted.differs) == (2, 1, True)
    assert page.context["may_review"] is False


def test_the_parent_reviews_on_the_detail_page(cast, login, submitted):
    client = login(cast.county_supervisor)
    page = client.get(detail_url(submitted))
    assert page.context["may_review"] is True

    refused = client.post(
        reverse("reports:submission_review", args=[submitted.pk]),
        {"decision": "return", "comment": ""},
        follow=True,
    )
    assert "退回理由" in refused.content.decode()
    client.post(
        reverse("reports:submission_review", args=[submitted.pk]),
        {"decision": "accept", "comment": "数据无误"},
    )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_comment) == ("accepted", "数据无误")


def test_the_clerk_may_not_review_their_own_month(cast, login, submitted):
    response = login(cast.township_clerk).post(
        reverse("reports:submission_review", args=[submitted.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_sibling_office_does_not_find_the_submission(cast, login, submitted):
    client = login(cast.sibling_clerk)
    assert client.get(detail_url(submitted)).status_code == 404
    review = reverse("reports:submission_review", args=[submitted.pk])
    assert client.post(review, {"decision": "accept"}).status_code == 404
    check = reverse("reports:submission_check", args=[submitted.pk])
    assert client.post(check).status_code == 404


def test_check_now_shows_each_difference_with_its_records(cast, login, submitted, march_cases):
    case = march_cases[1]
    case.facts = "上报后修改的纠纷情况。"
    case._history_user = cast.county_supervisor
    case.save()
    client = login(cast.county_supervisor)

    response = client.post(reverse("reports:submission_check", args=[submitted.pk]), follow=True)

    text = response.content.decode()
    assert ConsistencyCheck.objects.count() == 1
    assert "项指标与上报时不一致" in text
    assert case.get_absolute_url() in text
    assert str(cast.county_supervisor) in text
    assert "内容已修改的记录" in text


def test_the_consistency_page_lists_offices_with_differences(cast, login, submitted, march_cases):
    consistency.check_snapshot(submitted.current_snapshot())  # consistent
    client = login(cast.county_supervisor)
    assert "差异指标数" not in client.get(CONSISTENCY, MONTH_QUERY).content.decode()
    MediationCase.objects.filter(pk=march_cases[0].pk).delete()

    client.post(reverse("reports:consistency_check_all"), MONTH_QUERY, follow=True)
    page = client.get(CONSISTENCY, MONTH_QUERY)

    assert [r.submission for r in page.context["differing"]] == [submitted]
    assert detail_url(submitted) in page.content.decode()
    assert ConsistencyCheck.objects.count() == 2


def test_a_sibling_sees_nothing_on_the_consistency_page(cast, login, submitted):
    consistency.check_snapshot(submitted.current_snapshot())
    client = login(cast.sibling_clerk)

    assert client.get(CONSISTENCY, {"year": "", "month": ""}).context["total"] == 0
    client.post(reverse("reports:consistency_check_all"))  # every month
    assert ConsistencyCheck.objects.count() == 1  # nothing of A1 was checked by A2


def test_the_public_has_no_report_pages(cast, login):
    client = login(cast.public_user)
    assert client.get(LIST).status_code == 403
    assert client.get(CONSISTENCY).status_code == 403


def test_the_consistency_page_shows_the_last_month_unless_asked(cast, login, submitted):
    client = login(cast.county_supervisor)

    default = client.get(CONSISTENCY)
    every_month = client.get(CONSISTENCY, {"year": "", "month": ""})

    assert (default.context["year"], default.context["month"]) == selectors.default_month()
    assert [r.submission for r in every_month.context["unchecked"]] == [submitted]


def test_the_report_form_of_a_submitted_month_links_to_the_submission(cast, login, submitted):
    form_url = reverse("reports:form", args=["mediation.monthly"])
    month = f"{YEAR}-{MONTH:02d}"
    page = login(cast.township_clerk).get(form_url, {"office": cast.township_a1.pk, "month": month})
    assert 'data-testid="form-submission"' in page.content.decode()
    assert detail_url(submitted) in page.content.decode()
    # Another office's form, or a span that is not the month, says nothing about it.
    other = login(cast.county_supervisor).get(
        form_url, {"office": cast.county_a.pk, "month": month}
    )
    assert 'data-testid="form-submission"' not in other.content.decode()
    span = {"office": cast.township_a1.pk, "from": f"{YEAR}-{MONTH:02d}-01"}
    span["to"] = f"{YEAR}-{MONTH:02d}-10"
    partial = login(cast.township_clerk).get(form_url, span)
    assert 'data-testid="form-submission"' not in partial.content.decode()
