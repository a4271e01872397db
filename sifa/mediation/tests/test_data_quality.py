"""The 人民调解 data-quality rules (sifa/mediation/data_quality.py): each finds a record planted
the way an import of old ledgers brings it (written past the actions) and not a record the
actions made. The monitor around them is tested in sifa/stats/tests/test_data_quality.py."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sifa.core import data_quality
from sifa.mediation.actions.cases import (
    agreement_record,
    case_archive,
    case_fail,
)
from sifa.mediation.constants import AgreementForm, CaseStatus
from sifa.mediation.models import Agreement, MediationCase
from sifa.mediation.tests.factories import make_case, make_case_in_mediation, make_committee

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def found(code: str) -> set[int]:
    return set(data_quality.rule_of(code).records().values_list("pk", flat=True))


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - n * DAY


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1)


@pytest.fixture
def clerk(cast):
    return cast.township_clerk


def in_mediation(clerk, committee, received_days_ago=10, **extra):
    received = days_ago(received_days_ago)
    return make_case_in_mediation(clerk, committee, received_on=received, on=received, **extra)


def failed(clerk, committee):
    case = in_mediation(clerk, committee)
    return case_fail(actor=clerk, case=case, on=days_ago(2), routes_told="已告知可向法院起诉。")


def agreed(clerk, committee, *, form=AgreementForm.WRITTEN, amount=0, case_amount=0):
    case = in_mediation(clerk, committee, amount=case_amount)
    on = days_ago(3)
    signed = {"parties_signed_on": on, "mediator_signed_on": on, "sealed_on": on}
    return agreement_record(
        actor=clerk,
        case=case,
        form=form,
        reached_on=on,
        terms="被申请人赔偿申请人损失。",
        amount=amount,
        **(signed if form == AgreementForm.WRITTEN else {}),
    )


def update_case(case, **values) -> None:
    MediationCase.objects.filter(pk=case.pk).update(**values)


def test_a_closing_without_its_outcome(clerk, committee):
    success_without_agreement = in_mediation(clerk, committee)
    update_case(success_without_agreement, status=CaseStatus.AGREED, closed_on=days_ago(1))
    failure_without_note = failed(clerk, committee)
    update_case(failure_without_note, closing_note="")
    closed_without_date = failed(clerk, committee)
    update_case(closed_without_date, closed_on=None)
    archived_blind = in_mediation(clerk, committee)
    update_case(archived_blind, status=CaseStatus.ARCHIVED, closed_on=days_ago(1))
    # Made by the actions: a failure with its note, archived; a success with its agreement.
    failure = failed(clerk, committee)
    archived_failure = case_archive(actor=clerk, case=failed(clerk, committee), on=days_ago(1))
    success = agreed(clerk, committee).case

    rows = found("mediation.closed_without_outcome")
    bad = {success_without_agreement, failure_without_note, closed_without_date, archived_blind}
    assert {case.pk for case in bad} <= rows
    assert not {failure.pk, archived_failure.pk, success.pk} & rows


def test_a_written_agreement_without_its_amount(clerk, committee):
    missing = agreed(clerk, committee, amount=0, case_amount=5000)
    stated = agreed(clerk, committee, amount=4000, case_amount=5000)
    oral = agreed(clerk, committee, form=AgreementForm.ORAL, amount=0, case_amount=5000)
    no_money = agreed(clerk, committee, amount=0, case_amount=0)

    assert found("mediation.agreement_amount_missing") >= {missing.pk}
    assert not {stated.pk, oral.pk, no_money.pk} & found("mediation.agreement_amount_missing")


def test_a_case_closed_before_it_was_received(clerk, committee):
    bad = failed(clerk, committee)
    update_case(bad, closed_on=bad.received_on - DAY)
    good = failed(clerk, committee)

    rows = found("mediation.closed_before_received")
    assert bad.pk in rows and good.pk not in rows


def test_an_agreement_reached_before_the_case_was_received(clerk, committee):
    bad = agreed(clerk, committee)
    Agreement.objects.filter(pk=bad.pk).update(reached_on=bad.case.received_on - DAY)
    good = agreed(clerk, committee)

    rows = found("mediation.agreement_before_received")
    assert bad.pk in rows and good.pk not in rows


def test_dates_after_today(clerk, committee):
    received_later = make_case(clerk, committee, received_on=days_ago(1))
    update_case(received_later, received_on=days_ago(-10))
    closed_later = failed(clerk, committee)
    update_case(closed_later, closed_on=days_ago(-1))
    good = failed(clerk, committee)

    rows = found("mediation.dates_in_future")
    assert {received_later.pk, closed_later.pk} <= rows and good.pk not in rows


def test_a_case_open_past_its_closing_target(clerk, committee):
    cut = data_quality.latest_overdue_start("mediation.closing_target", timezone.localdate())
    overdue = make_case(clerk, committee, received_on=cut)
    overdue_in_mediation = make_case_in_mediation(clerk, committee, received_on=cut, on=cut)
    just_in_time = make_case(clerk, committee, received_on=cut + DAY)
    closed = failed(clerk, committee)
    update_case(closed, received_on=cut - 30 * DAY)

    rows = found("mediation.open_past_target")
    assert {overdue.pk, overdue_in_mediation.pk} <= rows
    assert not {just_in_time.pk, closed.pk} & rows
    fix = data_quality.rule_of("mediation.open_past_target").fix
    assert fix(overdue).url.endswith(f"/{overdue.pk}/start/")
    assert fix(overdue_in_mediation).url == overdue_in_mediation.get_absolute_url()
