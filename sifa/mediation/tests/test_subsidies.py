"""以案定补: who may claim, review, approve and pay, and the amount from the dated rate table."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sifa.core.testing import assert_invalid
from sifa.mediation.actions import subsidies
from sifa.mediation.actions.subsidies import CommitteeLevel, SubsidyGrade
from sifa.mediation.constants import AgreementForm, CaseStatus
from sifa.mediation.models import Agreement, MediationCase, SubsidyClaim, SubsidyRate
from sifa.mediation.selectors import subsidies as subsidy_selectors
from sifa.mediation.tests.factories import make_committee
from sifa.orgs.constants import MediationCommitteeType

pytestmark = pytest.mark.django_db

CLOSED = date(2026, 3, 10)
ARCHIVED = date(2026, 3, 20)
_numbers = itertools.count(1)


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1, subtype=MediationCommitteeType.VILLAGE)


@pytest.fixture
def rates():
    def rate(amount, valid_from, grade=SubsidyGrade.ORDINARY, level=CommitteeLevel.VILLAGE):
        return SubsidyRate.objects.create(
            grade=grade, committee_level=level, amount=Decimal(amount), valid_from=valid_from
        )

    return [
        rate("30", date(2020, 1, 1)),
        rate("40", date(2026, 3, 11)),  # in force from the day after CLOSED
        rate("60", date(2020, 1, 1), level=CommitteeLevel.TOWNSHIP),
    ]


def make_case(committee, *, status=CaseStatus.ARCHIVED, agreed=True, archived_on=ARCHIVED):
    case = MediationCase.objects.create(
        office=committee,
        number=f"S-{next(_numbers)}",
        source="application",
        dispute_type="neighbourhood",
        facts="纠纷",
        received_on=date(2026, 3, 1),
        status=status,
        closed_on=CLOSED,
        archived_on=archived_on,
    )
    if agreed:
        Agreement.objects.create(
            office=committee,
            case=case,
            form=AgreementForm.ORAL,
            reached_on=CLOSED,
            terms="协议",
            effective_on=CLOSED,
        )
    return case


def claim_for(cast, committee, grade=SubsidyGrade.ORDINARY):
    return subsidies.subsidy_claim(
        actor=cast.township_clerk, case=make_case(committee), grade=grade
    )


# --- claim ---------------------------------------------------------------------------------


def test_claim_takes_the_rate_in_force_on_the_closing_date(cast, committee, rates):
    claim = claim_for(cast, committee)
    assert claim.amount == Decimal("30")
    assert claim.status == SubsidyClaim.Status.SUBMITTED
    assert claim.office == committee
    assert claim.created_by == cast.township_clerk


def test_claim_rate_depends_on_the_committee_level(cast, rates):
    township = make_committee(cast.township_a1, subtype=MediationCommitteeType.TOWNSHIP)
    assert claim_for(cast, township).amount == Decimal("60")


def test_only_a_successful_case_qualifies(cast, committee, rates):
    failed = make_case(committee, agreed=False)
    with pytest.raises(ValidationError, match="调解成功"):
        subsidies.subsidy_claim(actor=cast.township_clerk, case=failed, grade="ordinary")


def test_a_case_not_yet_archived_does_not_qualify(cast, committee, rates):
    agreed = make_case(committee, status=CaseStatus.AGREED, archived_on=None)
    with pytest.raises(ValidationError, match="归档"):
        subsidies.subsidy_claim(actor=cast.township_clerk, case=agreed, grade="ordinary")


def test_one_claim_per_case(cast, committee, rates):
    claim = claim_for(cast, committee)
    with pytest.raises(ValidationError, match="只能申报一次"):
        subsidies.subsidy_claim(actor=cast.township_clerk, case=claim.case, grade="ordinary")
    assert SubsidyClaim.objects.count() == 1


def test_claim_needs_a_rate_and_a_known_grade(cast, committee, rates):
    with pytest.raises(ValidationError, match="补贴标准"):
        claim_for(cast, committee, grade=SubsidyGrade.MAJOR)
    with pytest.raises(ValidationError) as exc:
        claim_for(cast, committee, grade="huge")
    assert_invalid(exc, "grade", "请选择有效的难易等级。")
    assert not SubsidyClaim.objects.exists()


def test_a_sibling_township_cannot_claim(cast, committee, rates):
    with pytest.raises(Http404):
        subsidies.subsidy_claim(
            actor=cast.sibling_clerk, case=make_case(committee), grade="ordinary"
        )


# --- review --------------------------------------------------------------------------------


def test_review_passes_the_file_check(cast, committee, rates):
    claim = subsidies.subsidy_review(
        actor=cast.township_clerk,
        claim=claim_for(cast, committee),
        passed=True,
        checked_on=date(2026, 3, 25),
    )
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.REVIEWED
    assert claim.file_checked_on == date(2026, 3, 25)


def test_review_rejects_with_a_reason_only(cast, committee, rates):
    claim = claim_for(cast, committee)
    with pytest.raises(ValidationError) as exc:
        subsidies.subsidy_review(
            actor=cast.township_clerk, claim=claim, passed=False, checked_on=date(2026, 3, 25)
        )
    assert_invalid(exc, "rejection_reason", "核查未通过时请填写原因。")
    subsidies.subsidy_review(
        actor=cast.township_clerk,
        claim=claim,
        passed=False,
        checked_on=date(2026, 3, 25),
        reason="缺少回访记录",
    )
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.REJECTED
    assert claim.rejection_reason == "缺少回访记录"


def test_review_only_once_and_not_before_archiving(cast, committee, rates):
    claim = claim_for(cast, committee)
    with pytest.raises(ValidationError) as exc:
        subsidies.subsidy_review(
            actor=cast.township_clerk, claim=claim, passed=True, checked_on=date(2026, 3, 1)
        )
    assert_invalid(exc, "checked_on", "核查日期不能早于案件归档日期。")
    subsidies.subsidy_review(
        actor=cast.township_clerk, claim=claim, passed=True, checked_on=ARCHIVED
    )
    with pytest.raises(ValidationError) as exc:
        subsidies.subsidy_review(
            actor=cast.township_clerk, claim=claim, passed=True, checked_on=ARCHIVED
        )
    assert_invalid(exc, "__all__", "只能审核“已申报”状态的补贴申请。")


def test_review_belongs_to_the_judicial_office_above_the_committee(cast, committee, rates):
    claim = claim_for(cast, committee)
    assert subsidies.reviewing_office(claim) == cast.township_a1
    with pytest.raises(Http404):
        subsidies.subsidy_review(
            actor=cast.sibling_clerk, claim=claim, passed=True, checked_on=ARCHIVED
        )


# --- approval and payment ------------------------------------------------------------------


def reviewed(cast, committee):
    return subsidies.subsidy_review(
        actor=cast.township_clerk,
        claim=claim_for(cast, committee),
        passed=True,
        checked_on=date(2026, 3, 25),
    )


def test_the_county_bureau_approves_a_reviewed_claim(cast, committee, rates):
    claim = reviewed(cast, committee)
    assert subsidies.approving_office(claim) == cast.county_a
    subsidies.subsidy_approve(
        actor=cast.county_supervisor, claim=claim, approved_on=date(2026, 4, 1)
    )
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.APPROVED
    assert claim.approved_on == date(2026, 4, 1)


def test_approval_needs_a_review_and_the_bureau(cast, committee, rates):
    submitted = claim_for(cast, committee)
    with pytest.raises(ValidationError) as exc:
        subsidies.subsidy_approve(
            actor=cast.county_supervisor, claim=submitted, approved_on=date(2026, 4, 1)
        )
    assert_invalid(exc, "__all__", "只能批准司法所已审核通过的补贴申请。")
    claim = reviewed(cast, committee)
    with pytest.raises(Http404):  # the county bureau is out of the township clerk's sight
        subsidies.subsidy_approve(
            actor=cast.township_clerk, claim=claim, approved_on=date(2026, 4, 1)
        )
    with pytest.raises(PermissionDenied):  # 局领导 sees but does not edit
        subsidies.subsidy_approve(actor=cast.city_leader, claim=claim, approved_on=date(2026, 4, 1))
    with pytest.raises(ValidationError) as exc:
        subsidies.subsidy_approve(
            actor=cast.county_supervisor, claim=claim, approved_on=date(2026, 3, 1)
        )
    assert_invalid(exc, "approved_on", "批准日期不能早于卷宗核查日期。")


def approved(cast, committee):
    return subsidies.subsidy_approve(
        actor=cast.county_supervisor, claim=reviewed(cast, committee), approved_on=date(2026, 4, 1)
    )


def test_batch_pays_approved_claims(cast, committee, rates):
    claims = [approved(cast, committee), approved(cast, committee)]
    batch = subsidies.subsidy_batch_pay(
        actor=cast.county_supervisor,
        office=cast.county_a,
        title="2026年第二季度",
        claims=claims,
        paid_on=date(2026, 4, 20),
    )
    assert set(batch.claims.all()) == set(claims)
    assert {c.status for c in batch.claims.all()} == {SubsidyClaim.Status.PAID}
    row = subsidy_selectors.batches(cast.county_supervisor).get(pk=batch.pk)
    assert (row.case_count, row.total) == (2, Decimal("60"))


def test_batch_refuses_a_claim_not_approved_and_pays_nothing(cast, committee, rates):
    claims = [approved(cast, committee), reviewed(cast, committee)]
    with pytest.raises(ValidationError, match="已批准"):
        subsidies.subsidy_batch_pay(
            actor=cast.county_supervisor,
            office=cast.county_a,
            title="批次",
            claims=claims,
            paid_on=date(2026, 4, 20),
        )
    assert not SubsidyClaim.objects.filter(status=SubsidyClaim.Status.PAID).exists()
    assert not SubsidyClaim.objects.filter(batch__isnull=False).exists()


def test_batch_is_paid_by_a_bureau_for_its_own_subtree(cast, committee, rates):
    claims = [approved(cast, committee)]
    with pytest.raises(ValidationError, match="司法局"):
        subsidies.subsidy_batch_pay(
            actor=cast.county_supervisor,
            office=cast.township_a1,
            title="批次",
            claims=claims,
            paid_on=date(2026, 4, 20),
        )
    with pytest.raises(Http404):
        subsidies.subsidy_batch_pay(
            actor=cast.county_supervisor,
            office=cast.county_b,
            title="批次",
            claims=claims,
            paid_on=date(2026, 4, 20),
        )


def test_rates_in_force_take_the_latest_valid_from(rates):
    in_force = subsidy_selectors.rates_in_force(date(2026, 6, 1))
    amounts = {(r.grade, r.committee_level): r.amount for r in in_force}
    assert amounts == {
        ("ordinary", "village"): Decimal("40"),
        ("ordinary", "township"): Decimal("60"),
    }


def test_claims_selector_is_scoped(cast, committee, rates):
    claim = claim_for(cast, committee)
    assert list(subsidy_selectors.claims(cast.township_clerk)) == [claim]
    assert list(subsidy_selectors.claims(cast.sibling_clerk)) == []
    with pytest.raises(Http404):
        subsidy_selectors.claim(cast.sibling_clerk, claim.pk)


# --- the rate table in the admin site -------------------------------------------------------


def test_admin_adds_a_dated_rate_and_never_deletes_one(client, rates):
    from tests.factories import UserFactory

    admin_user = UserFactory(username="rate_admin", is_staff=True, is_superuser=True)
    client.force_login(admin_user, backend="sifa.accounts.backends.RolePermissionBackend")
    assert client.get("/admin/mediation/subsidyrate/").status_code == 200
    response = client.post(
        "/admin/mediation/subsidyrate/add/",
        {
            "grade": SubsidyGrade.MAJOR,
            "committee_level": CommitteeLevel.VILLAGE,
            "amount": "150",
            "valid_from": "2026-07-01",
        },
    )
    assert response.status_code == 302
    assert SubsidyRate.objects.filter(grade="major", amount=Decimal("150")).exists()
    rate = rates[0]
    assert client.post(f"/admin/mediation/subsidyrate/{rate.pk}/delete/").status_code == 403
    assert SubsidyRate.objects.filter(pk=rate.pk).exists()
