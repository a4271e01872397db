"""Case selectors: scope (own / parent / sibling), filters, ordering, and cases_due."""

import datetime

import pytest
from django.http import Http404

from sifa.core.deadlines import NEAR, OVERDUE, compute
from sifa.mediation.actions import cases as actions
from sifa.mediation.actions.cases import PartyInput
from sifa.mediation.constants import (
    CLOSING_TARGET_RULE,
    AgreementForm,
    CaseStatus,
    PartyKind,
    PartyRole,
    Performance,
)
from sifa.mediation.selectors.cases import (
    CLOSING_TARGET,
    PERFORMANCE_DEADLINE,
    case_get,
    case_list,
    cases_due,
)
from sifa.mediation.tests.factories import (
    make_case,
    make_case_in_mediation,
    make_committee,
    make_person,
    natural_party,
)

D = datetime.date


@pytest.fixture
def committees(cast):
    return make_committee(cast.township_a1), make_committee(cast.township_a2)


@pytest.fixture
def both(cast, committees):
    """One case in A1's committee (by the A1 clerk), one in A2's (by the A2 clerk)."""
    a1, a2 = committees
    return make_case(cast.township_clerk, a1), make_case(cast.sibling_clerk, a2)


def test_list_is_scoped_to_the_users_subtree(cast, both):
    in_a1, in_a2 = both
    assert list(case_list(actor=cast.township_clerk)) == [in_a1]
    assert list(case_list(actor=cast.sibling_clerk)) == [in_a2]
    assert set(case_list(actor=cast.county_supervisor)) == {in_a1, in_a2}
    assert set(case_list(actor=cast.city_leader)) == {in_a1, in_a2}
    assert list(case_list(actor=cast.public_user)) == []
    assert list(case_list(actor=cast.sysadmin)) == []


def test_get_own_and_parent_ok_sibling_404(cast, both):
    in_a1, _ = both
    assert case_get(actor=cast.township_clerk, pk=in_a1.pk) == in_a1
    assert case_get(actor=cast.county_supervisor, pk=in_a1.pk) == in_a1
    with pytest.raises(Http404):
        case_get(actor=cast.sibling_clerk, pk=in_a1.pk)
    with pytest.raises(Http404):
        case_get(actor=cast.public_user, pk=in_a1.pk)


def test_list_newest_received_first(cast, committees):
    a1, _ = committees
    clerk = cast.township_clerk
    older = make_case(clerk, a1, received_on=D(2026, 1, 5))
    newer = make_case(clerk, a1, received_on=D(2026, 2, 5))
    same_day_later = make_case(clerk, a1, received_on=D(2026, 2, 5))
    assert list(case_list(actor=clerk)) == [same_day_later, newer, older]


def test_list_filters(cast, committees, both):
    a1, _ = committees
    in_a1, in_a2 = both
    boss = cast.county_supervisor
    traffic = make_case(
        cast.township_clerk,
        a1,
        dispute_type="traffic_accident",
        source="police",
        received_on=D(2026, 1, 10),
        facts="两车剐蹭，就修车费用协商不成。",
    )
    actions.case_not_accept(
        actor=boss,
        case=in_a2,
        on=in_a2.received_on,
        matter="already_handled",
        referral_note="已告知向法院起诉。",
    )

    assert set(case_list(actor=boss, office=a1)) == {in_a1, traffic}
    assert set(case_list(actor=boss, office=cast.township_a2)) == {in_a2}
    assert list(case_list(actor=boss, status=CaseStatus.CLOSED_NOT_ACCEPTED)) == [in_a2]
    assert list(case_list(actor=boss, dispute_type="traffic_accident")) == [traffic]
    assert list(case_list(actor=boss, source="police")) == [traffic]
    assert list(case_list(actor=boss, received_to=D(2026, 1, 31))) == [traffic]
    assert set(case_list(actor=boss, received_from=D(2026, 2, 1))) == {in_a1, in_a2}
    assert list(case_list(actor=boss, q="剐蹭")) == [traffic]
    assert list(case_list(actor=boss, q=in_a2.number)) == [in_a2]


def test_list_searches_party_names(cast, committees):
    a1, _ = committees
    clerk = cast.township_clerk
    person = make_person(a1, name="欧阳明")
    with_person = make_case(
        clerk,
        a1,
        parties=[
            PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=person),
            PartyInput(
                role=PartyRole.RESPONDENT, kind=PartyKind.LEGAL, organisation="青川物业公司"
            ),
        ],
    )
    make_case(clerk, a1)
    assert list(case_list(actor=clerk, q="欧阳")) == [with_person]
    assert list(case_list(actor=clerk, q="青川物业")) == [with_person]


# ---------------------------------------------------------------------------------------------
# cases_due: the one-month closing target (PM-22) and performance deadlines


def test_cases_due_lists_open_cases_near_or_past_one_month(cast, committees):
    a1, _ = committees
    clerk = cast.township_clerk
    received = D(2026, 3, 2)
    due = compute(CLOSING_TARGET_RULE, received)
    assert due == D(2026, 4, 2)  # one month later (民法典 第202条), a Thursday working day
    open_case = make_case(clerk, a1, received_on=received)
    in_mediation = make_case_in_mediation(clerk, a1, received_on=received)
    closed = make_case(clerk, a1, received_on=received)
    actions.case_refuse(actor=clerk, case=closed, on=received, reason="拒绝调解")

    far = due - datetime.timedelta(days=4)
    assert cases_due(actor=clerk, today=far) == []

    near = cases_due(actor=clerk, today=due - datetime.timedelta(days=3))
    assert {item.case for item in near} == {open_case, in_mediation}
    assert {(item.kind, item.due, item.state) for item in near} == {(CLOSING_TARGET, due, NEAR)}

    assert {item.state for item in cases_due(actor=clerk, today=due)} == {NEAR}
    overdue = cases_due(actor=clerk, today=due + datetime.timedelta(days=1))
    assert {item.state for item in overdue} == {OVERDUE}


def test_cases_due_only_visible_cases(cast, committees):
    a1, a2 = committees
    received = D(2026, 3, 2)
    mine = make_case(cast.township_clerk, a1, received_on=received)
    theirs = make_case(cast.sibling_clerk, a2, received_on=received)
    today = D(2026, 5, 1)
    assert [i.case for i in cases_due(actor=cast.township_clerk, today=today)] == [mine]
    assert [i.case for i in cases_due(actor=cast.sibling_clerk, today=today)] == [theirs]
    assert {i.case for i in cases_due(actor=cast.county_supervisor, today=today)} == {mine, theirs}
    assert cases_due(actor=cast.public_user, today=today) == []


def test_closing_target_moves_off_a_holiday_when_the_policy_says_so(cast, committees, settings):
    a1, _ = committees
    received = D(2025, 9, 1)  # one month later is 2025-10-01, 国庆节
    make_case(cast.township_clerk, a1, received_on=received)
    settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS = True
    [item] = cases_due(actor=cast.township_clerk, today=D(2025, 10, 8))
    assert (item.due, item.state) == (D(2025, 10, 9), NEAR)
    settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS = False
    [item] = cases_due(actor=cast.township_clerk, today=D(2025, 10, 8))
    assert (item.due, item.state) == (D(2025, 10, 1), OVERDUE)


def test_cases_due_lists_unperformed_agreements_at_their_deadline(cast, committees):
    a1, _ = committees
    clerk = cast.township_clerk
    case = make_case_in_mediation(clerk, a1, received_on=D(2026, 3, 2))
    deadline = D(2026, 3, 20)
    agreement = actions.agreement_record(
        actor=clerk,
        case=case,
        form=AgreementForm.ORAL,
        reached_on=D(2026, 3, 5),
        terms="三日内清理杂物",
        performance_deadline=deadline,
    )
    assert cases_due(actor=clerk, today=deadline - datetime.timedelta(days=4)) == []
    [item] = cases_due(actor=clerk, today=deadline - datetime.timedelta(days=1))
    assert (item.case, item.kind, item.due, item.state) == (
        case,
        PERFORMANCE_DEADLINE,
        deadline,
        NEAR,
    )
    [item] = cases_due(actor=clerk, today=deadline + datetime.timedelta(days=1))
    assert item.state == OVERDUE
    actions.performance_record(
        actor=clerk, agreement=agreement, performance=Performance.PERFORMED, performed_on=deadline
    )
    assert cases_due(actor=clerk, today=deadline + datetime.timedelta(days=1)) == []


def test_natural_party_helper_registers_a_visible_person(cast, committees):
    a1, _ = committees
    party = natural_party(a1, PartyRole.APPLICANT)
    assert party.person.office == a1
