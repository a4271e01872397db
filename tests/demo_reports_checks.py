"""Checks of the demo city's monthly reports (sifa/reports/demo.py), run with the city loaded.

The demo 司法所's May report is accepted and its June report awaits review; a consistency check
straight after loading finds no difference: the record digests of every line's models are
stable, so a difference always means a record really changed.
"""

from sifa.reports import consistency, definitions
from sifa.reports.models import ReportSubmission


def check_submissions(root_office):
    submissions = {
        (s.year, s.month): s
        for s in ReportSubmission.objects.filter(office__path__startswith=root_office.path)
    }
    assert set(submissions) == {(2026, 5), (2026, 6)}
    assert submissions[(2026, 5)].status == ReportSubmission.Status.ACCEPTED
    assert submissions[(2026, 6)].status == ReportSubmission.Status.SUBMITTED
    june = submissions[(2026, 6)].current_snapshot()
    frozen = {v.indicator for v in june.values.filter(breakdown="")}
    assert frozen == set(definitions.ReportSet().indicator_keys())
    assert june.values.get(indicator="mediation.cases_accepted", breakdown="").value > 0
    check = consistency.check_snapshot(june)
    assert check.differences == 0, check.detail
