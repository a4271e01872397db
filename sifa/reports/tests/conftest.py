"""Fixtures of the reports tests: the stats test indicators and roster, reused."""

import pytest

from sifa.reports.definitions import Column, ReportForm, register_form, unregister_form
from sifa.stats.tests.conftest import roster, test_indicators  # noqa: F401

# A mediation form of a fixed shape (受理 split by dispute type, then totals, four measures),
# so the page and Excel tests do not change when the line's declared forms are re-arranged.
TEST_FORM = ReportForm(
    key="test.mediation_form",
    title="人民调解工作情况月报表",
    line="人民调解",
    columns=(
        Column("mediation.cases_accepted", "type", label="受理纠纷"),
        Column("mediation.cases_closed", label="调结"),
        Column("mediation.cases_succeeded", label="调解成功"),
        Column("mediation.cases_failed", label="调解不成"),
        Column("mediation.agreement_amount", label="协议涉及金额"),
        Column("mediation.persons_involved", label="涉及人数"),
    ),
)


@pytest.fixture
def mediation_test_form():
    register_form(TEST_FORM)
    yield TEST_FORM
    unregister_form(TEST_FORM.key)
