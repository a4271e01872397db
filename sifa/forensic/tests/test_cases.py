"""司法鉴定 cases: the time limits with pauses, extension and holidays, the appraisers'
categories, and the scoping between institutions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sifa.forensic import actions, deadlines
from sifa.forensic.constants import CaseStatus, RegistrationStatus
from sifa.forensic.selectors import cases as case_selectors
from sifa.forensic.selectors import forensic_institutions_for
from sifa.forensic.tests.conftest import AUDIO, EVIDENCE, D, receive

pytestmark = pytest.mark.django_db


def test_acceptance_due_in_seven_working_days_across_national_day(forensic):
    # Received Fri 2025-09-26; 09-28 is a 调休上班日, 10-01…10-08 the holiday, 10-11 调休上班日.
    case = receive(forensic)
    # Working days after it: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13.
    assert case.decision_due == D(2025, 10, 13)
    letter = receive(forensic, by_letter=True)
    assert letter.decision_due > case.decision_due
    assert letter.decision_due == deadlines.decision_due(D(2025, 9, 26), by_letter=True)


def test_completion_across_spring_festival_with_a_pause_and_an_extension(forensic):
    case = receive(forensic, received_on=D(2026, 2, 5))
    actions.case_accept(
        actor=forensic.admin_a,
        case=case,
        decided_on=D(2026, 2, 10),
        appraisers=[forensic.doctor],
    )
    assert case.status == CaseStatus.ACCEPTED
    assert case.completion_due == D(2026, 3, 30)  # docs/deadlines.md: 春节 02-15…02-23
    actions.case_pause(actor=forensic.admin_a, case=case, first=D(2026, 3, 2))
    case.refresh_from_db()
    assert case.completion_due is None  # stands still while the materials are awaited
    actions.case_resume(actor=forensic.admin_a, case=case, last=D(2026, 3, 6))
    case.refresh_from_db()
    assert case.completion_due == D(2026, 4, 7)  # 清明 04-04…04-06
    with pytest.raises(ValidationError) as refused:
        actions.case_extend(
            actor=forensic.admin_a, case=case, days=31, approved_by="张主任",
            approved_on=D(2026, 4, 1), client_notified_on=D(2026, 4, 1),
        )  # fmt: skip
    assert "不得超过30个工作日" in str(refused.value)
    with pytest.raises(ValidationError, match="机构负责人批准"):
        actions.case_extend(
            actor=forensic.admin_a, case=case, days=10, approved_by="",
            approved_on=D(2026, 4, 1), client_notified_on=D(2026, 4, 1),
        )  # fmt: skip
    actions.case_extend(
        actor=forensic.admin_a, case=case, days=10, approved_by="张主任",
        approved_on=D(2026, 4, 1), client_notified_on=D(2026, 4, 2),
    )  # fmt: skip
    case.refresh_from_db()
    assert case.completion_due == deadlines.completion_due(
        D(2026, 2, 10), case.pauses.all(), extension=10
    )
    assert case.completion_due == D(2026, 4, 21)
    with pytest.raises(ValidationError, match="已延长10个工作日"):
        actions.case_extend(
            actor=forensic.admin_a, case=case, days=21, approved_by="张主任",
            approved_on=D(2026, 4, 3), client_notified_on=D(2026, 4, 3),
        )  # fmt: skip
    actions.case_complete(
        actor=forensic.admin_a, case=case, completed_on=D(2026, 4, 22),
        fee=3200, opinion_number="青鉴〔2026〕临鉴字第1号",
    )  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED
    assert case.overdue_completed


def test_an_appraiser_is_refused_outside_his_registered_categories(forensic):
    case = receive(forensic)
    with pytest.raises(ValidationError) as refused:
        actions.case_accept(
            actor=forensic.admin_a, case=case, decided_on=D(2025, 9, 29),
            appraisers=[forensic.doctor, forensic.chemist],
        )  # fmt: skip
    assert refused.value.message_dict["appraisers"] == [
        "鉴定人王物证未登记“法医类”鉴定类别，不能承办该类鉴定。"
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    with pytest.raises(ValidationError, match="不在"):
        actions.case_accept(
            actor=forensic.admin_a, case=case, decided_on=D(2025, 9, 29),
            appraisers=[forensic.appraiser_b],
        )  # fmt: skip


def test_an_institution_takes_only_its_registered_categories(forensic):
    with pytest.raises(ValidationError, match="未登记“声像资料类”"):
        receive(forensic, category=AUDIO)
    with pytest.raises(ValidationError, match="未登记“物证类”"):
        actions.category_register(
            actor=forensic.section, institution=forensic.inst_b,
            practitioner=forensic.appraiser_b, category=EVIDENCE, registered_on=D(2020, 1, 1),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="不是有效的"):
        receive(forensic, category="astrology")


def test_refusal_needs_its_reason(forensic):
    case = receive(forensic)
    with pytest.raises(ValidationError, match="不予受理的理由"):
        actions.case_refuse(actor=forensic.admin_a, case=case, decided_on=D(2025, 9, 29), reason="")
    actions.case_refuse(
        actor=forensic.admin_a, case=case, decided_on=D(2025, 9, 29), reason="鉴定材料不具备条件"
    )
    case.refresh_from_db()
    assert (case.status, case.decision) == (CaseStatus.REFUSED, "refused")
    assert [e.to_status for e in case.events.all()] == ["received", "refused"]


def test_the_client_may_be_a_person_of_the_registry(forensic):
    from sifa.people.actions import PersonIdentity, person_obtain
    from tests import imports

    person = person_obtain(
        actor=forensic.admin_a,
        office=forensic.inst_a.office,
        identity=PersonIdentity(name="钱委托", id_number=imports.resident_id("19900101")),
    )
    case = receive(forensic, client=person)
    assert (case.client, case.client_kind, case.client_person) == ("钱委托", "individual", person)


def test_scoping_between_institutions(forensic, cast):
    case = receive(forensic)
    assert case_selectors.case_get(actor=forensic.admin_a, pk=case.pk) == case
    with pytest.raises(Http404):
        case_selectors.case_get(actor=forensic.admin_b, pk=case.pk)
    assert list(case_selectors.case_list(actor=forensic.admin_b)) == []
    assert case_selectors.case_get(actor=forensic.section, pk=case.pk) == case
    assert list(forensic_institutions_for(forensic.admin_b)) == [forensic.inst_b]
    with pytest.raises(Http404):  # out of sight: not found, not merely forbidden
        actions.case_refuse(
            actor=forensic.admin_b, case=case, decided_on=D(2025, 9, 29), reason="x"
        )
    with pytest.raises(Http404):  # registering is the bureau's work (its office is unseen)
        actions.annual_registration_record(
            actor=forensic.admin_a, institution=forensic.inst_a, year=2026,
            status=RegistrationStatus.CONTINUED, decided_on=D(2026, 1, 10),
        )  # fmt: skip


def test_annual_registration_is_kept_per_year(forensic):
    row = actions.annual_registration_record(
        actor=forensic.section, institution=forensic.inst_a, year=2026,
        status=RegistrationStatus.PENDING,
    )  # fmt: skip
    again = actions.annual_registration_record(
        actor=forensic.section, institution=forensic.inst_a, year=2026,
        status=RegistrationStatus.CONTINUED, decided_on=D(2026, 1, 10),
    )  # fmt: skip
    assert row.pk == again.pk and again.status == RegistrationStatus.CONTINUED
    appraiser_row = actions.annual_registration_record(
        actor=forensic.section, institution=forensic.inst_a, practitioner=forensic.doctor,
        year=2026, status=RegistrationStatus.REGISTERED, decided_on=D(2026, 1, 10),
    )  # fmt: skip
    assert appraiser_row.pk != row.pk


def test_due_items_of_an_institution(forensic):
    case = receive(forensic, received_on=D(2025, 9, 26))
    items = case_selectors.forensic_due(actor=forensic.admin_a, today=D(2025, 10, 14))
    assert [(i.case, i.kind, i.state) for i in items] == [(case, "decision", "overdue")]
    near = case_selectors.forensic_due(actor=forensic.admin_a, today=D(2025, 10, 10))
    assert [(i.case, i.kind, i.state) for i in near] == [(case, "decision", "near")]
    assert case_selectors.forensic_due(actor=forensic.admin_b, today=D(2025, 10, 14)) == []
