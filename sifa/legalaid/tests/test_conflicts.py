"""利益冲突审查: the applicant or adverse party in mediation cases and other applications,
only among records the actor may see."""

from __future__ import annotations

import pytest

from sifa.legalaid.selectors.conflicts import (
    ADVERSE,
    APPLICANT,
    LEGAL_AID,
    MEDIATION,
    conflict_check,
    conflict_summary,
)
from sifa.legalaid.tests.factories import make_application, make_centre, make_person, make_reviewer
from sifa.mediation.actions.cases import PartyInput
from sifa.mediation.constants import PartyKind, PartyRole
from sifa.mediation.tests.factories import make_case, make_committee, natural_party


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


def found(conflicts):
    return sorted((c.side, c.line, c.number) for c in conflicts)


def test_nothing_found_for_a_new_applicant(centre, reviewer):
    application = make_application(reviewer, centre, adverse_party="无记录公司")
    assert conflict_check(actor=reviewer, application=application) == []
    assert "未发现" in conflict_summary([])


def test_applicant_and_adverse_party_in_mediation_cases(cast, centre, reviewer):
    committee = make_committee(cast.township_a1)
    applicant = make_person(cast.township_a1, name="王某")
    adverse_person = make_person(cast.township_a1, name="李某")
    case_with_applicant = make_case(
        cast.township_clerk,
        committee,
        parties=[
            PartyInput(role=PartyRole.RESPONDENT, kind=PartyKind.NATURAL, person=applicant),
            natural_party(committee, PartyRole.APPLICANT),
        ],
    )
    case_with_adverse = make_case(
        cast.township_clerk,
        committee,
        parties=[
            PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=adverse_person),
            PartyInput(role=PartyRole.RESPONDENT, kind=PartyKind.LEGAL, organisation="某物业公司"),
        ],
    )
    supervisor = cast.county_supervisor
    application = make_application(supervisor, centre, applicant=applicant, adverse_party="李某")
    # The county supervisor sees the committee's cases and the centre's applications.
    conflicts = conflict_check(actor=cast.county_supervisor, application=application)
    assert found(conflicts) == sorted(
        [
            (APPLICANT, MEDIATION, case_with_applicant.number),
            (ADVERSE, MEDIATION, case_with_adverse.number),
        ]
    )
    by_side = {c.side: c for c in conflicts}
    assert by_side[APPLICANT].role == "被申请人"
    assert "王某" in str(by_side[APPLICANT])
    assert by_side[APPLICANT].url.endswith(f"/{case_with_applicant.pk}/")
    # An organisation adverse party matches by name too.
    organisation = make_application(supervisor, centre, adverse_party="某物业公司")
    assert found(conflict_check(actor=cast.county_supervisor, application=organisation)) == [
        (ADVERSE, MEDIATION, case_with_adverse.number)
    ]
    # The centre's reviewer does not see the township committee's cases.
    assert conflict_check(actor=reviewer, application=application) == []


def test_other_applications_either_way_round(centre, reviewer):
    applicant = make_person(centre, name="赵某")
    earlier = make_application(reviewer, centre, applicant=applicant, adverse_party="甲公司")
    against_applicant = make_application(reviewer, centre, adverse_party="赵某")
    adverse_applied = make_application(
        reviewer, centre, applicant=make_person(centre, name="钱某"), adverse_party="乙公司"
    )
    same_adverse = make_application(reviewer, centre, adverse_party="钱某")
    application = make_application(reviewer, centre, applicant=applicant, adverse_party="钱某")
    conflicts = conflict_check(actor=reviewer, application=application)
    assert found(conflicts) == sorted(
        [
            (APPLICANT, LEGAL_AID, earlier.number),
            (APPLICANT, LEGAL_AID, against_applicant.number),
            (ADVERSE, LEGAL_AID, adverse_applied.number),
            (ADVERSE, LEGAL_AID, same_adverse.number),
        ]
    )
    assert application.number not in {c.number for c in conflicts}
    summary = conflict_summary(conflicts)
    assert f"发现{len(conflicts)}条相关记录" in summary


def test_records_out_of_sight_are_not_found(cast, centre, reviewer):
    other_centre = make_centre(cast.county_b)
    other_reviewer = make_reviewer(other_centre)
    make_application(other_reviewer, other_centre, adverse_party="丙公司")
    application = make_application(reviewer, centre, adverse_party="丙公司")
    assert conflict_check(actor=reviewer, application=application) == []
    assert len(conflict_check(actor=cast.city_leader, application=application)) == 1
