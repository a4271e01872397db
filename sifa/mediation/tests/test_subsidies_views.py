"""以案定补 pages: own / parent / sibling, 403 on steps not allowed, the whole flow through the
views, list totals and the Excel export."""

import itertools
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sifa.mediation.actions import subsidies as actions
from sifa.mediation.actions.subsidies import CommitteeLevel, SubsidyGrade
from sifa.mediation.constants import AgreementForm, CaseStatus
from sifa.mediation.models import Agreement, MediationCase, SubsidyBatch, SubsidyClaim, SubsidyRate
from sifa.mediation.tests.factories import make_committee
from sifa.orgs.constants import MediationCommitteeType

pytestmark = pytest.mark.django_db

CLOSED = date(2026, 3, 10)
ARCHIVED = date(2026, 3, 20)
CHECKED = date(2026, 3, 25)
APPROVED = date(2026, 4, 1)
_numbers = itertools.count(1)


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1, subtype=MediationCommitteeType.VILLAGE)


@pytest.fixture
def rates():
    amounts = {SubsidyGrade.SIMPLE: "20", SubsidyGrade.ORDINARY: "30", SubsidyGrade.MAJOR: "80"}
    return {
        grade: SubsidyRate.objects.create(
            grade=grade,
            committee_level=CommitteeLevel.VILLAGE,
            amount=Decimal(amount),
            valid_from=date(2020, 1, 1),
        )
        for grade, amount in amounts.items()
    }


def make_case(committee, *, status=CaseStatus.ARCHIVED, archived_on=ARCHIVED):
    case = MediationCase.objects.create(
        office=committee,
        number=f"SV-{next(_numbers)}",
        source="application",
        dispute_type="neighbourhood",
        facts="纠纷",
        received_on=date(2026, 3, 1),
        status=status,
        closed_on=CLOSED,
        archived_on=archived_on,
    )
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
    return actions.subsidy_claim(actor=cast.township_clerk, case=make_case(committee), grade=grade)


def reviewed(cast, committee, grade=SubsidyGrade.ORDINARY):
    return actions.subsidy_review(
        actor=cast.township_clerk,
        claim=claim_for(cast, committee, grade),
        passed=True,
        checked_on=CHECKED,
    )


def approved(cast, committee, grade=SubsidyGrade.ORDINARY):
    return actions.subsidy_approve(
        actor=cast.county_supervisor, claim=reviewed(cast, committee, grade), approved_on=APPROVED
    )


def sheet_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


# --- claim list ----------------------------------------------------------------------------


def test_claim_list_own_parent_and_sibling(cast, login, committee, rates):
    claim = claim_for(cast, committee)
    url = reverse("mediation:subsidy_list")
    for user in (cast.township_clerk, cast.county_supervisor, cast.city_leader):
        response = login(user).get(url)
        assert response.status_code == 200
        assert [c.pk for c in response.context["claims"]] == [claim.pk]
    response = login(cast.sibling_clerk).get(url)
    assert response.status_code == 200
    assert response.context["claims"] == []
    assert claim.case.number not in response.content.decode()


def test_claim_list_totals_are_the_sum_of_the_listed_claims(cast, login, committee, rates):
    claim_for(cast, committee, SubsidyGrade.SIMPLE)
    claim_for(cast, committee, SubsidyGrade.MAJOR)
    reviewed(cast, committee, SubsidyGrade.ORDINARY)
    client = login(cast.county_supervisor)
    url = reverse("mediation:subsidy_list")
    for params in ({}, {"status": SubsidyClaim.Status.SUBMITTED}, {"date_from": "2026-03-24"}):
        response = client.get(url, params)
        listed = response.context["claims"]
        assert listed
        assert response.context["total_count"] == len(listed)
        assert response.context["total_amount"] == sum(c.amount for c in listed)
    filtered = client.get(url, {"status": SubsidyClaim.Status.SUBMITTED}).context["claims"]
    assert {c.status for c in filtered} == {SubsidyClaim.Status.SUBMITTED}
    by_check = client.get(url, {"date_from": "2026-03-24", "date_to": "2026-03-26"})
    assert {c.file_checked_on for c in by_check.context["claims"]} == {CHECKED}


def test_claim_list_filters_by_office_subtree(cast, login, committee, rates):
    claim = claim_for(cast, committee)
    client = login(cast.county_supervisor)
    url = reverse("mediation:subsidy_list")
    within_a1 = client.get(url, {"within": cast.township_a1.pk}).context["claims"]
    assert [c.pk for c in within_a1] == [claim.pk]
    assert client.get(url, {"within": cast.township_a2.pk}).context["claims"] == []


def test_claim_list_shows_only_the_steps_the_user_may_take(cast, login, committee, rates):
    submitted = claim_for(cast, committee)
    checked = reviewed(cast, committee)
    review_url = reverse("mediation:subsidy_review", args=[submitted.pk])
    approve_url = reverse("mediation:subsidy_approve", args=[checked.pk])
    page = login(cast.township_clerk).get(reverse("mediation:subsidy_list")).content.decode()
    assert review_url in page and approve_url not in page
    page = login(cast.county_supervisor).get(reverse("mediation:subsidy_list")).content.decode()
    assert approve_url in page
    page = login(cast.city_leader).get(reverse("mediation:subsidy_list")).content.decode()
    assert review_url not in page and approve_url not in page


def test_claim_export_parses_back(cast, login, committee, rates):
    claims = [claim_for(cast, committee, SubsidyGrade.SIMPLE), reviewed(cast, committee)]
    response = login(cast.county_supervisor).get(reverse("mediation:subsidy_export"))
    rows = sheet_rows(response)
    header, body = rows[0], rows[1:]
    assert header[0] == "案件编号" and "补贴金额（元）" in header
    amount_at = header.index("补贴金额（元）")
    exported = {row[0]: Decimal(str(row[amount_at])) for row in body}
    assert exported == {c.case.number: c.amount for c in claims}


# --- 申报补贴 ------------------------------------------------------------------------------


def test_claim_form_shows_the_rate_and_saves_the_claim(cast, login, committee, rates):
    case = make_case(committee)
    url = reverse("mediation:subsidy_claim", args=[case.pk])
    client = login(cast.township_clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert str(rates[SubsidyGrade.MAJOR].amount) in response.content.decode()
    response = client.post(url, {"grade": SubsidyGrade.MAJOR})
    assert response.status_code == 302
    claim = SubsidyClaim.objects.get(case=case)
    assert claim.amount == rates[SubsidyGrade.MAJOR].amount


def test_claim_form_parent_sibling_and_no_edit(cast, login, committee, rates):
    case = make_case(committee)
    url = reverse("mediation:subsidy_claim", args=[case.pk])
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.sibling_clerk).post(url, {"grade": "ordinary"}).status_code == 404
    assert login(cast.city_leader).post(url, {"grade": "ordinary"}).status_code == 403
    assert not SubsidyClaim.objects.exists()


def test_claim_form_shows_why_a_case_does_not_qualify(cast, login, committee, rates):
    case = make_case(committee, status=CaseStatus.AGREED, archived_on=None)
    url = reverse("mediation:subsidy_claim", args=[case.pk])
    response = login(cast.township_clerk).post(url, {"grade": SubsidyGrade.ORDINARY})
    assert response.status_code == 200
    assert "案件尚未立卷归档，不能申报个案补贴。" in response.content.decode()
    assert not SubsidyClaim.objects.exists()


def test_claim_form_without_a_rate_keeps_the_choice(cast, login, committee, rates):
    case = make_case(committee)
    url = reverse("mediation:subsidy_claim", args=[case.pk])
    response = login(cast.township_clerk).post(url, {"grade": SubsidyGrade.DIFFICULT})
    assert response.status_code == 200
    assert "补贴标准" in str(response.context["form"].non_field_errors())
    assert response.context["form"]["grade"].value() == SubsidyGrade.DIFFICULT
    assert not SubsidyClaim.objects.exists()


# --- review and approve ----------------------------------------------------------------------


def test_review_page_own_parent_sibling_and_no_edit(cast, login, committee, rates):
    claim = claim_for(cast, committee)
    url = reverse("mediation:subsidy_review", args=[claim.pk])
    assert login(cast.township_clerk).get(url).status_code == 200
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404
    data = {"result": "passed", "checked_on": "2026-03-25"}
    assert login(cast.city_leader).post(url, data).status_code == 403
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.SUBMITTED


def test_review_not_passed_needs_a_reason(cast, login, committee, rates):
    claim = claim_for(cast, committee)
    url = reverse("mediation:subsidy_review", args=[claim.pk])
    client = login(cast.township_clerk)
    response = client.post(url, {"result": "not_passed", "checked_on": "2026-03-25"})
    assert response.status_code == 200
    assert "核查未通过时请填写原因。" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.SUBMITTED
    data = {"result": "not_passed", "checked_on": "2026-03-25", "rejection_reason": "缺少回访记录"}
    assert client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == (SubsidyClaim.Status.REJECTED, "缺少回访记录")


def test_approve_page_belongs_to_the_bureau(cast, login, committee, rates):
    claim = reviewed(cast, committee)
    url = reverse("mediation:subsidy_approve", args=[claim.pk])
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404
    assert login(cast.township_clerk).post(url, {"approved_on": "2026-04-01"}).status_code == 403
    assert login(cast.city_leader).post(url, {"approved_on": "2026-04-01"}).status_code == 403
    response = login(cast.county_supervisor).post(url, {"approved_on": "2026-03-01"})
    assert "批准日期不能早于卷宗核查日期。" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.REVIEWED


# --- batches ---------------------------------------------------------------------------------


def test_flow_claim_review_approve_batch_through_the_views(cast, login, committee, rates):
    cases = [make_case(committee), make_case(committee)]
    client = login(cast.township_clerk)
    for case, grade in zip(cases, (SubsidyGrade.SIMPLE, SubsidyGrade.MAJOR), strict=True):
        url = reverse("mediation:subsidy_claim", args=[case.pk])
        assert client.post(url, {"grade": grade}).status_code == 302
    claims = list(SubsidyClaim.objects.filter(case__in=cases))
    for claim in claims:
        url = reverse("mediation:subsidy_review", args=[claim.pk])
        data = {"result": "passed", "checked_on": "2026-03-25"}
        assert client.post(url, data).status_code == 302
    client = login(cast.county_supervisor)
    for claim in claims:
        url = reverse("mediation:subsidy_approve", args=[claim.pk])
        assert client.post(url, {"approved_on": "2026-04-01"}).status_code == 302
    response = client.post(
        reverse("mediation:subsidy_batch_create"),
        {
            "office": cast.county_a.pk,
            "title": "2026年第二季度",
            "paid_on": "2026-04-20",
            "claims": [c.pk for c in claims],
        },
    )
    batch = SubsidyBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mediation:subsidy_batch_detail", args=[batch.pk])
    assert {c.status for c in batch.claims.all()} == {SubsidyClaim.Status.PAID}
    listed = client.get(reverse("mediation:subsidy_batch_list")).context["batches"]
    row = next(b for b in listed if b.pk == batch.pk)
    assert (row.case_count, row.total) == (2, sum(c.amount for c in claims))


def test_batch_create_refuses_bad_input_and_keeps_it(cast, login, committee, rates):
    claim = approved(cast, committee)
    client = login(cast.county_supervisor)
    url = reverse("mediation:subsidy_batch_create")
    response = client.get(url)
    assert response.status_code == 200
    assert claim.case.number in response.content.decode()
    data = {"office": cast.county_a.pk, "title": "批次", "paid_on": "2026-03-01"}
    response = client.post(url, {**data, "claims": [claim.pk]})
    assert response.status_code == 200
    assert "发放日期不能早于批准日期。" in response.content.decode()
    assert response.context["form"]["title"].value() == "批次"
    response = client.post(url, data)
    assert "请选择要发放的补贴申请。" in response.content.decode()
    assert not SubsidyBatch.objects.exists()


def test_batch_create_needs_edit_at_a_bureau(cast, login, committee, rates):
    claim = approved(cast, committee)
    url = reverse("mediation:subsidy_batch_create")
    data = {
        "office": cast.county_a.pk,
        "title": "批次",
        "paid_on": "2026-04-20",
        "claims": [claim.pk],
    }
    for user in (cast.township_clerk, cast.city_leader):
        assert login(user).get(url).status_code == 403
        assert login(user).post(url, data).status_code == 403
    assert not SubsidyBatch.objects.exists()
    page = login(cast.county_supervisor).get(reverse("mediation:subsidy_batch_list"))
    assert url in page.content.decode()
    page = login(cast.city_leader).get(reverse("mediation:subsidy_batch_list"))
    assert url not in page.content.decode()


def test_batch_pages_own_parent_and_sibling(cast, login, committee, rates):
    claim = approved(cast, committee)
    batch = actions.subsidy_batch_pay(
        actor=cast.county_supervisor,
        office=cast.county_a,
        title="甲县第一批",
        claims=[claim],
        paid_on=date(2026, 4, 20),
    )
    detail = reverse("mediation:subsidy_batch_detail", args=[batch.pk])
    for user in (cast.county_supervisor, cast.city_leader):
        client = login(user)
        assert batch.title in client.get(reverse("mediation:subsidy_batch_list")).content.decode()
        response = client.get(detail)
        assert response.status_code == 200
        assert claim.case.number in response.content.decode()
    for user in (cast.sibling_clerk, cast.township_clerk):  # the bureau is above them
        client = login(user)
        assert (
            batch.title not in client.get(reverse("mediation:subsidy_batch_list")).content.decode()
        )
        assert client.get(detail).status_code == 404


def test_case_page_offers_the_claim_only_for_an_archived_success_without_one(
    cast, login, committee, rates
):
    client = login(cast.township_clerk)

    def offered(case):
        page = client.get(reverse("mediation:case_detail", args=[case.pk])).content.decode()
        return reverse("mediation:subsidy_claim", args=[case.pk]) in page

    archived = make_case(committee)
    in_mediation = make_case(committee, status=CaseStatus.IN_MEDIATION, archived_on=None)
    assert offered(archived)
    assert not offered(in_mediation)
    actions.subsidy_claim(actor=cast.township_clerk, case=archived, grade=SubsidyGrade.ORDINARY)
    assert not offered(archived)
