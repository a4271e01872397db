"""The kill drill's verification (scripts/drill_kill.py): a missing acknowledged write, a write
stored twice, a half-stored check-in batch and a half-written case or application are reported;
complete records are not."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.db import connection

from sifa.core.models import Job
from sifa.legalaid.models import Application, ApplicationEvent
from sifa.legalaid.tests.factories import make_application, make_centre
from sifa.mediation.models import CaseEvent, CaseParty
from sifa.mediation.tests.factories import make_case, make_committee

pytestmark = pytest.mark.django_db

_spec = importlib.util.spec_from_file_location(
    "drill_kill", Path(__file__).resolve().parent.parent / "scripts" / "drill_kill.py"
)
drill = importlib.util.module_from_spec(_spec)
sys.modules["drill_kill"] = drill  # dataclasses look their module up
_spec.loader.exec_module(drill)


def check(ledger=None):
    with connection.cursor() as cursor:
        return drill.verify_acknowledged(cursor, ledger or drill.Ledger()), drill.verify_invariants(
            cursor
        )


def test_complete_records_and_present_writes_pass(cast):
    committee = make_committee(cast.township_a1)
    case = make_case(cast.township_clerk, committee, facts="纠纷 drill-aaa")
    ledger = drill.Ledger()
    ledger.add(drill.Write("case", "drill-aaa", acked=True, ident=case.pk))
    ledger.add(drill.Write("case", "drill-never-arrived"))  # not acknowledged: may be absent
    assert check(ledger) == ([], [])


def test_a_missing_or_doubled_acknowledged_case_is_reported(cast):
    committee = make_committee(cast.township_a1)
    first = make_case(cast.township_clerk, committee, facts="纠纷 drill-bbb")
    make_case(cast.township_clerk, committee, facts="纠纷 drill-bbb")
    ledger = drill.Ledger()
    ledger.add(drill.Write("case", "drill-bbb", acked=True, ident=first.pk))
    ledger.add(drill.Write("case", "drill-lost", acked=True, ident=999999))
    acknowledged, _invariants = check(ledger)
    assert "case drill-bbb: stored 2 times" in acknowledged
    assert "case drill-lost: acknowledged as id 999999, found []" in acknowledged


def test_a_half_written_case_and_application_are_reported(cast):
    committee = make_committee(cast.township_a1)
    case = make_case(cast.township_clerk, committee)
    CaseEvent.objects.filter(case=case).delete()
    other = make_case(cast.township_clerk, committee)
    CaseParty.objects.filter(case=other).first().delete()
    centre = make_centre(cast.county_a)
    from sifa.legalaid.tests.factories import make_reviewer

    application = make_application(make_reviewer(centre), centre)
    ApplicationEvent.objects.filter(application=application).delete()
    Application.objects.filter(pk=application.pk).update(number="")
    _acknowledged, invariants = check()
    assert f"mediation case without its status history: 1 ({case.pk})" in invariants
    assert f"mediation case with fewer than two parties: 1 ({other.pk})" in invariants
    assert f"legal-aid application without its status history: 1 ({application.pk})" in invariants
    assert f"legal-aid application without a number: 1 ({application.pk})" in invariants


def test_a_half_stored_batch_and_a_lost_application_are_reported(cast):
    ledger = drill.Ledger()
    ledger.add(
        drill.Write("application", "通援字〔2026〕X号", acked=True, ident="330102-FY-2026-0009")
    )
    ledger.add(
        drill.Write(
            "checkins",
            "k1",
            acked=True,
            ident=[1, 2],
            items=[("SQJZ-1", "2026-03-01T08:00:00+08:00")] * 2,
        )
    )
    acknowledged, _invariants = check(ledger)
    assert (
        "application 通援字〔2026〕X号: acknowledged as 330102-FY-2026-0009, found []"
        in acknowledged
    )
    assert "check-ins k1: acknowledged [1, 2], found []" in acknowledged


def test_a_job_left_running_is_reported(cast):
    job = Job.objects.create(user=cast.township_clerk, title="导出", status=Job.Status.RUNNING)
    _acknowledged, invariants = check()
    assert invariants == [f"background job left 进行中: 1 ({job.pk})"]
