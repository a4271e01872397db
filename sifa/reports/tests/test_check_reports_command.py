"""`manage.py check_reports`: one check per submitted month, the differing offices printed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sifa.reports import actions
from sifa.reports.models import ConsistencyCheck
from sifa.reports.tests.test_snapshots import MONTH, YEAR, cases_in


@pytest.fixture
def two_months(cast):
    """A1 and A2 submitted March; A1 also February. One A1 March case edited afterwards."""
    a1_cases = cases_in(cast, cast.township_a1, [3, 9])
    cases_in(cast, cast.township_a2, [4])
    a1 = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, MONTH)
    a2 = actions.submit_month(cast.sibling_clerk, cast.township_a2, YEAR, MONTH)
    feb = actions.submit_month(cast.township_clerk, cast.township_a1, YEAR, 2)
    case = a1_cases[0]
    case.facts = "上报后补充的纠纷情况。"
    case.save()
    return {"a1": a1, "a2": a2, "feb": feb}


def run(*args) -> str:
    out = StringIO()
    call_command("check_reports", *args, stdout=out)
    return out.getvalue()


def test_every_submitted_month_is_checked_and_the_differing_office_printed(cast, two_months):
    output = run()

    assert ConsistencyCheck.objects.count() == 3
    by_submission = {c.snapshot.submission_id: c for c in ConsistencyCheck.objects.all()}
    assert not by_submission[two_months["a1"].pk].consistent
    assert by_submission[two_months["a2"].pk].consistent
    assert by_submission[two_months["feb"].pk].consistent
    assert "已核查3份月报，1份与业务记录不一致" in output
    assert f"甲一镇司法所（{cast.township_a1.code}）2026年3月" in output
    assert "受理调解纠纷数（记录已变更）" in output  # edited, still counted: 2→2
    assert "甲二镇司法所" not in output


def test_accepted_months_are_checked_and_returned_ones_not(cast, two_months):
    actions.accept_submission(cast.county_supervisor, two_months["a1"])
    actions.return_submission(cast.county_supervisor, two_months["a2"], "请核实。")

    run()

    checked = set(ConsistencyCheck.objects.values_list("snapshot__submission_id", flat=True))
    assert checked == {two_months["a1"].pk, two_months["feb"].pk}


def test_an_office_and_a_month_narrow_the_check(cast, two_months):
    output = run("--office", cast.township_a2.code, "--year", str(YEAR), "--month", str(MONTH))

    assert [c.snapshot.submission_id for c in ConsistencyCheck.objects.all()] == [
        two_months["a2"].pk
    ]
    assert "已核查1份月报，0份与业务记录不一致" in output

    run("--office", cast.county_a.code, "--year", str(YEAR), "--month", "2")
    assert ConsistencyCheck.objects.filter(snapshot__submission=two_months["feb"]).count() == 1


def test_bad_arguments_are_refused_in_chinese(cast):
    with pytest.raises(CommandError, match="须同时指定"):
        run("--year", "2026")
    with pytest.raises(CommandError, match="未找到机构编码为 nope"):
        run("--office", "nope")
