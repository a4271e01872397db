"""The consistency check catches every edited, deleted and back-dated record, and who did it."""

from datetime import date

import pytest

from sifa.mediation.models import MediationCase
from sifa.reports import actions, consistency
from sifa.reports.tests.test_snapshots import ACCEPTED, MONTH, YEAR, cases_in


@pytest.fixture
def month(cast):
    """Township A1's three March cases (submitted) and one April case, not submitted."""
    march = cases_in(cast, cast.township_a1, [5, 12, 20])
    april = cases_in(cast, cast.township_a1, [1])[0]
    MediationCase.objects.filter(pk=april.pk).update(received_on=date(YEAR, 4, 8))
    april.refresh_from_db()
    submission = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    return {"march": march, "april": april, "snapshot": submission.current_snapshot()}


def edit(case, user, **changes):
    """Save a change the way a page does: simple_history names the user."""
    for name, value in changes.items():
        setattr(case, name, value)
    case._history_user = user
    case.save()


def entry(check, key=ACCEPTED):
    return next(e for e in check.detail if e["indicator"] == key)


def ids(records):
    return [r["id"] for r in records]


def test_no_difference_right_after_submission(month):
    check = consistency.check_snapshot(month["snapshot"])

    assert check.differences == 0
    assert check.detail == []
    assert check.consistent


def test_an_edited_record_still_counted_is_listed_as_edited(cast, month):
    case = month["march"][1]
    edit(case, cast.county_supervisor, facts="双方因排水沟渠发生争执。")

    check = consistency.check_snapshot(month["snapshot"])

    # Every indicator counting this case lists it (受理数 and 涉及人数 read the same cases).
    case_indicators = {e["indicator"] for e in check.detail if ids(e["edited"]) == [str(case.pk)]}
    assert ACCEPTED in case_indicators
    assert check.differences == len(check.detail) == len(case_indicators)
    found = entry(check)
    assert (found["frozen"], found["current"]) == ("3", "3")  # the value did not move
    assert ids(found["edited"]) == [str(case.pk)]
    assert found["added"] == [] and found["removed"] == []
    assert found["counts"] == {"added": 0, "removed": 0, "edited": 1}
    record = found["edited"][0]
    assert record["changed_by"] == str(cast.county_supervisor)
    assert record["change"] == "~"
    assert record["repr"] == str(case)
    assert record["url"] == case.get_absolute_url()
    assert record["changed_at"]


def test_a_deleted_record_is_removed_and_the_value_drops(cast, month):
    case = month["march"][0]
    name, pk = str(case), str(case.pk)
    case._history_user = cast.county_supervisor
    case.delete()

    found = entry(consistency.check_snapshot(month["snapshot"]))

    assert (found["frozen"], found["current"]) == ("3", "2")
    assert ids(found["removed"]) == [pk]
    record = found["removed"][0]
    assert (record["repr"], record["deleted"], record["change"]) == (name, True, "-")
    assert record["changed_by"] == str(cast.county_supervisor)
    assert record["url"] == ""
    neighbourhood = [b for b in found["buckets"] if b["bucket"] == "neighbourhood"]
    assert [(b["frozen"], b["current"]) for b in neighbourhood] == [("3", "2")]


def test_back_dated_records_move_out_of_and_into_the_month(cast, month):
    moved_out = month["march"][2]
    edit(moved_out, cast.township_clerk, received_on=date(YEAR, 2, 27))
    moved_in = month["april"]
    edit(moved_in, cast.county_supervisor, received_on=date(YEAR, 3, 30))

    check = consistency.check_snapshot(month["snapshot"])
    found = entry(check)

    assert (found["frozen"], found["current"]) == ("3", "3")  # one out, one in
    assert ids(found["removed"]) == [str(moved_out.pk)]
    assert ids(found["added"]) == [str(moved_in.pk)]
    assert found["edited"] == []
    assert found["removed"][0]["changed_by"] == str(cast.township_clerk)
    assert found["added"][0]["changed_by"] == str(cast.county_supervisor)
    assert found["removed"][0]["deleted"] is False
    assert check.differences >= 1


def test_a_record_moved_to_another_office_is_removed(cast, month):
    case = month["march"][0]
    other = cases_in(cast, cast.township_a2, [1])[0].office
    edit(case, cast.county_supervisor, office=other)

    found = entry(consistency.check_snapshot(month["snapshot"]))

    assert (found["frozen"], found["current"]) == ("3", "2")
    assert ids(found["removed"]) == [str(case.pk)]


def test_each_check_is_kept_and_the_latest_is_found(cast, month):
    first = consistency.check_snapshot(month["snapshot"])
    edit(month["march"][0], cast.county_supervisor, facts="补充说明。")
    second = consistency.check_snapshot(month["snapshot"])

    assert consistency.latest_check(month["snapshot"]) == second
    submission = month["snapshot"].submission
    assert consistency.latest_checks_by_submission([submission]) == {submission.pk: second}
    assert first.differences == 0 and second.differences >= 1


def test_a_resubmission_is_checked_against_its_own_snapshot(cast, month):
    edit(month["march"][0], cast.county_supervisor, facts="补充说明。")
    submission = month["snapshot"].submission
    actions.return_submission(cast.county_supervisor, submission, "请更正。")
    again = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)

    [check] = consistency.check_submissions([again])

    assert check.snapshot.version == 2
    assert check.differences == 0


def test_a_mass_change_lists_the_first_records_and_counts_them_all(cast, month, monkeypatch):
    monkeypatch.setattr(consistency, "LISTED_RECORDS", 2)
    for case in month["march"]:
        edit(case, cast.county_supervisor, facts="批量修改。")

    found = entry(consistency.check_snapshot(month["snapshot"]))

    assert found["counts"]["edited"] == 3
    assert (
        ids(found["edited"]) == [str(c.pk) for c in sorted(month["march"], key=lambda c: c.pk)][:2]
    )
