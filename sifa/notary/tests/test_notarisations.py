"""Notarisations: the 15 working days with pauses and holidays, refusal grounds, certificate
numbers, fees with the legal-aid decision looked up, reviews, consultations, scoping."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sifa.core.testing import NON_FIELD, errors_of
from sifa.legalaid.tests.factories import (
    make_granted,
    make_person,
)
from sifa.notary.actions import (
    consultation_record,
    notarisation_fee,
    notarisation_issue,
    notarisation_refuse,
    pause_add,
    pause_end,
    review_decide,
    review_receive,
)
from sifa.notary.constants import (
    Branch,
    ConsultationWay,
    FeeTreatment,
    MatterCode,
    PauseReason,
    RefusalGround,
    ReliefBasis,
    ReviewOutcome,
    Scope,
    Status,
)
from sifa.notary.selectors import notary_offices_for
from sifa.notary.selectors.notarisations import (
    notarisation_get,
    notarisation_rows,
    notarisations_due,
    overdue_list,
)
from sifa.notary.tests.conftest import accepted, apply
from sifa.notary.todos import notary_todos

D = datetime.date
pytestmark = pytest.mark.django_db


# --- the 15 working days (公证法 第30条) ---------------------------------------------------


def test_due_date_counts_working_days_across_national_day(notary):
    n = accepted(notary.admin_a, notary.office_a, notary.person, accepted_on=D(2025, 9, 26))
    # 09-28 and 10-11 are 调休上班日, 10-01…10-08 the holiday
    assert n.due_on == D(2025, 10, 23)
    assert n.status == Status.ACCEPTED


def test_a_supplement_pause_moves_the_due_date_by_its_working_days(notary):
    n = accepted(notary.admin_a, notary.office_a, notary.person, accepted_on=D(2025, 9, 26))
    pause_add(
        actor=notary.admin_a,
        notarisation=n,
        reason=PauseReason.SUPPLEMENT,
        first=D(2025, 10, 13),
        last=D(2025, 10, 15),
    )
    n.refresh_from_db()
    assert n.due_on == D(2025, 10, 28)


def test_an_open_pause_leaves_the_due_date_unknown_until_it_ends(notary):
    n = accepted(notary.admin_a, notary.office_a, notary.person, accepted_on=D(2026, 2, 10))
    # 春节 02-15…02-23; 02-14 and 02-28 调休上班日
    assert n.due_on == D(2026, 3, 9)
    pause_add(
        actor=notary.admin_a,
        notarisation=n,
        reason=PauseReason.VERIFICATION,
        first=D(2026, 3, 2),
    )
    n.refresh_from_db()
    assert n.due_on is None
    with pytest.raises(ValidationError) as refused:
        notarisation_issue(
            actor=notary.admin_a, notarisation=n, issued_on=D(2026, 3, 3), certificate_number="X1"
        )
    assert "扣除期间" in str(refused.value)
    pause_end(actor=notary.admin_a, notarisation=n, last=D(2026, 3, 6))
    n.refresh_from_db()
    assert n.due_on == D(2026, 3, 16)


def test_pauses_may_not_overlap_nor_start_before_acceptance(notary):
    n = accepted(notary.admin_a, notary.office_a, notary.person, accepted_on=D(2025, 9, 26))
    with pytest.raises(ValidationError) as before:
        pause_add(
            actor=notary.admin_a,
            notarisation=n,
            reason=PauseReason.SUPPLEMENT,
            first=D(2025, 9, 20),
            last=D(2025, 9, 30),
        )
    assert before.value.message_dict == {"first": ["扣除期间应从受理日期之后开始。"]}
    pause_add(
        actor=notary.admin_a,
        notarisation=n,
        reason=PauseReason.SUPPLEMENT,
        first=D(2025, 10, 13),
        last=D(2025, 10, 15),
    )
    with pytest.raises(ValidationError) as overlapping:
        pause_add(
            actor=notary.admin_a,
            notarisation=n,
            reason=PauseReason.FORCE_MAJEURE,
            first=D(2025, 10, 15),
            last=D(2025, 10, 16),
        )
    assert overlapping.value.message_dict == {
        "first": ["与已记录的扣除期间（2025-10-13 起）重叠。"]
    }


def test_matter_code_gives_civil_or_economic_and_foreign_needs_a_country(notary):
    n = apply(notary.admin_a, notary.office_a, notary.person, matter_code=MatterCode.CONTRACT)
    assert n.branch == Branch.ECONOMIC
    with pytest.raises(ValidationError) as refused:
        apply(notary.admin_a, notary.office_a, notary.person, scope=Scope.FOREIGN)
    assert "use_country" in refused.value.message_dict


# --- refusal and issue ----------------------------------------------------------------------


def test_a_refusal_needs_its_article_31_ground_and_reasons(notary):
    n = accepted(notary.admin_a, notary.office_a, notary.person)
    with pytest.raises(ValidationError) as refused:
        notarisation_refuse(
            actor=notary.admin_a,
            notarisation=n,
            refused_on=D(2025, 9, 30),
            refusal_ground="",
            refusal_reasons="",
        )
    assert set(refused.value.message_dict) == {"refusal_ground", "refusal_reasons"}
    n = notarisation_refuse(
        actor=notary.admin_a,
        notarisation=n,
        refused_on=D(2025, 9, 30),
        refusal_ground=RefusalGround.DISPUTED,
        refusal_reasons="继承人之间对遗产分割有争议。",
    )
    assert n.status == Status.REFUSED
    assert n.events.last().reason == str(RefusalGround.DISPUTED.label)


def test_issue_needs_a_certificate_number_unique_in_the_office(notary):
    first = accepted(notary.admin_a, notary.office_a, notary.person)
    second = accepted(notary.admin_a, notary.office_a, notary.person)
    with pytest.raises(ValidationError) as missing:
        notarisation_issue(
            actor=notary.admin_a,
            notarisation=first,
            issued_on=D(2025, 10, 9),
            certificate_number="",
        )
    assert missing.value.message_dict == {"certificate_number": ["请填写公证书编号。"]}
    number = "（2025）甲证民字第1号"
    notarisation_issue(
        actor=notary.admin_a,
        notarisation=first,
        issued_on=D(2025, 10, 9),
        certificate_number=number,
    )
    with pytest.raises(ValidationError) as taken:
        notarisation_issue(
            actor=notary.admin_a,
            notarisation=second,
            issued_on=D(2025, 10, 9),
            certificate_number=number,
        )
    assert taken.value.message_dict == {"certificate_number": [f"公证书编号“{number}”已被使用。"]}
    other = accepted(notary.admin_a2, notary.office_a2, notary.person)
    notarisation_issue(  # another office may use the same text
        actor=notary.admin_a2,
        notarisation=other,
        issued_on=D(2025, 10, 9),
        certificate_number=number,
    )
    first.refresh_from_db()
    assert first.status == Status.ISSUED and first.issued_on == D(2025, 10, 9)
    with pytest.raises(ValidationError) as closed:  # no way back from 已出具
        notarisation_refuse(
            actor=notary.admin_a,
            notarisation=first,
            refused_on=D(2025, 10, 10),
            refusal_ground=RefusalGround.IMMORAL,
            refusal_reasons="x",
        )
    assert errors_of(closed.value) == {
        NON_FIELD: ["公证事项不能从「已出具公证书」变为「不予办理」。"]
    }


# --- fees (公证法 第34条; 法律援助法 第53条) ----------------------------------------------------


@pytest.fixture
def granted(notary):
    return make_granted(notary.reviewer, notary.centre, applicant=make_person(notary.centre))


def test_a_fee_waived_for_a_legal_aid_recipient_reads_the_decision(notary, granted):
    n = accepted(notary.admin_a, notary.office_a, granted.applicant)
    n = notarisation_fee(
        actor=notary.admin_a,
        notarisation=n,
        fee_standard=Decimal("400"),
        fee_charged=Decimal("0"),
        relief_basis=ReliefBasis.LEGAL_AID,
        legal_aid_number=granted.number,
    )
    assert n.fee_treatment == FeeTreatment.WAIVED
    assert n.fee_relief == Decimal("400")
    assert n.legal_aid_decided_on == granted.decided_on
    assert n.legal_aid_centre == granted.office.name


def test_a_legal_aid_number_of_another_person_is_refused(notary, granted):
    n = accepted(notary.admin_a, notary.office_a, notary.person)
    with pytest.raises(ValidationError) as refused:
        notarisation_fee(
            actor=notary.admin_a,
            notarisation=n,
            fee_standard=Decimal("400"),
            fee_charged=Decimal("100"),
            relief_basis=ReliefBasis.LEGAL_AID,
            legal_aid_number=granted.number,
        )
    assert "legal_aid_number" in refused.value.message_dict


def test_a_legal_aid_application_not_granted_is_refused(notary):
    from sifa.legalaid.tests.factories import make_application

    applicant = make_person(notary.centre)
    pending = make_application(notary.reviewer, notary.centre, applicant=applicant)
    n = accepted(notary.admin_a, notary.office_a, pending.applicant)
    with pytest.raises(ValidationError) as refused:
        notarisation_fee(
            actor=notary.admin_a,
            notarisation=n,
            fee_standard=Decimal("400"),
            fee_charged=Decimal("0"),
            relief_basis=ReliefBasis.LEGAL_AID,
            legal_aid_number=pending.number,
        )
    assert refused.value.message_dict == {
        "legal_aid_number": [
            f"未查到给予申请人{applicant.name}法律援助的决定（申请编号 {pending.number}）。"
        ]
    }


def test_a_reduction_names_its_basis_and_cannot_exceed_the_standard(notary):
    n = accepted(notary.admin_a, notary.office_a, notary.person)
    with pytest.raises(ValidationError) as refused:
        notarisation_fee(
            actor=notary.admin_a, notarisation=n, fee_standard=Decimal("400"), fee_charged=200
        )
    assert "relief_basis" in refused.value.message_dict
    with pytest.raises(ValidationError) as too_much:
        notarisation_fee(
            actor=notary.admin_a, notarisation=n, fee_standard=Decimal("400"), fee_charged=500
        )
    assert "fee_charged" in too_much.value.message_dict
    n = notarisation_fee(
        actor=notary.admin_a,
        notarisation=n,
        fee_standard=Decimal("400"),
        fee_charged=Decimal("200"),
        relief_basis=ReliefBasis.OTHER,
        relief_note="低保户，主任批准减半。",
    )
    assert (n.fee_treatment, n.fee_relief) == (FeeTreatment.REDUCED, Decimal("200"))


# --- review (复查, 公证法 第39条) ----------------------------------------------------------------


def test_review_of_an_issued_certificate_revoked(notary):
    n = accepted(notary.admin_a, notary.office_a, notary.person)
    with pytest.raises(ValidationError) as not_issued:
        review_receive(
            actor=notary.admin_a,
            notarisation=n,
            requested_by="赵某",
            received_on=D(2025, 10, 10),
            request="x",
        )
    assert errors_of(not_issued.value) == {NON_FIELD: ["只能对已出具的公证书申请复查。"]}
    notarisation_issue(
        actor=notary.admin_a, notarisation=n, issued_on=D(2025, 10, 9), certificate_number="C-1"
    )
    review = review_receive(
        actor=notary.admin_a,
        notarisation=n,
        requested_by="赵某",
        received_on=D(2025, 10, 10),
        request="遗产范围有误。",
    )
    assert review.due_on == D(2025, 11, 10)  # 30 days: 11-09 is a Sunday
    with pytest.raises(ValidationError) as no_outcome:
        review_decide(
            actor=notary.admin_a, review=review, decided_on=D(2025, 11, 1), outcome="", reasons=""
        )
    assert no_outcome.value.message_dict == {
        "outcome": ["请选择复查结果。"],
        "reasons": ["请填写复查决定理由。"],
    }
    review_decide(
        actor=notary.admin_a,
        review=review,
        decided_on=D(2025, 11, 1),
        outcome=ReviewOutcome.REVOKED,
        reasons="公证书内容与事实不符。",
    )
    n.refresh_from_db()
    assert n.certificate_revoked_on == D(2025, 11, 1)


# --- consultations ------------------------------------------------------------------------------


def test_consultations_are_counted_in_person_times(notary):
    row = consultation_record(
        actor=notary.admin_a,
        institution=notary.office_a,
        held_on=D(2025, 10, 9),
        way=ConsultationWay.EVENT,
        persons=35,
        topic="宪法日广场咨询",
    )
    assert row.office == notary.office_a.office
    with pytest.raises(ValidationError) as refused:
        consultation_record(
            actor=notary.admin_a,
            institution=notary.office_a,
            held_on=D(2025, 10, 9),
            way=ConsultationWay.VISIT,
            persons=0,
            topic="x",
        )
    assert refused.value.message_dict == {"persons": ["人次至少为1。"]}


# --- scoping between institutions ----------------------------------------------------------------


def test_another_notary_office_does_not_see_nor_write_the_record(notary):
    n = apply(notary.admin_a, notary.office_a, notary.person)
    with pytest.raises(Http404):
        notarisation_get(actor=notary.admin_b, pk=n.pk)
    with pytest.raises(Http404):
        notarisation_get(actor=notary.admin_a2, pk=n.pk)
    assert notarisation_get(actor=notary.admin_a, pk=n.pk) == n
    assert notarisation_get(actor=notary.section, pk=n.pk) == n  # the bureau sees it
    assert list(notarisation_rows(actor=notary.admin_b)) == []
    with pytest.raises(Http404):
        apply(notary.admin_b, notary.office_a, notary.person)


def test_notary_offices_for_are_those_the_actor_may_write_at(notary):
    assert list(notary_offices_for(notary.admin_a)) == [notary.office_a]
    assert set(notary_offices_for(notary.section)) == {
        notary.office_a,
        notary.office_a2,
        notary.office_b,
    }


def test_overdue_and_near_due_are_todos_of_the_office_and_seen_by_the_bureau(notary):
    late = accepted(notary.admin_a, notary.office_a, notary.person, accepted_on=D(2025, 9, 26))
    today = late.due_on + datetime.timedelta(days=1)
    assert list(overdue_list(actor=notary.admin_a, today=today)) == [late]
    assert list(overdue_list(actor=notary.admin_b, today=today)) == []
    assert [d.notarisation for d in notarisations_due(actor=notary.section, today=today)] == [late]
    # the provider reads the real today: the record is long overdue by now
    titles = [todo.title for todo in notary_todos(notary.admin_a)]
    assert any(late.number in title and "超过" in title for title in titles)
    assert notary_todos(notary.admin_b) == []


# --- figures --------------------------------------------------------------------------------------


def test_the_bureaus_figures_move_with_the_records(notary, cast):
    from sifa.stats import registry

    scope = registry.Scope(office=cast.city, start=D(2025, 10, 1), end=D(2025, 10, 31))

    def value(key):
        return registry.value(registry.get(key), scope)

    before = {key: value(key) for key in ("notary.issued", "notary.fee_relief", "notary.overdue")}
    n = accepted(
        notary.admin_a, notary.office_a, notary.person, scope=Scope.FOREIGN, use_country="日本"
    )
    notarisation_fee(
        actor=notary.admin_a,
        notarisation=n,
        fee_standard=Decimal("300"),
        fee_charged=Decimal("100"),
        relief_basis=ReliefBasis.OTHER,
        relief_note="低保户",
    )
    notarisation_issue(
        actor=notary.admin_a, notarisation=n, issued_on=D(2025, 10, 24), certificate_number="F-1"
    )  # one working day after its due date (10-23)
    assert value("notary.issued") == before["notary.issued"] + 1
    assert value("notary.issued_foreign") == 1
    assert value("notary.fee_relief") == before["notary.fee_relief"] + Decimal("200")
    assert value("notary.overdue") == before["notary.overdue"] + 1
    rows = registry.breakdown_values(registry.get("notary.issued"), scope, "scope")
    assert {stored: count for stored, _label, count in rows}["foreign"] == 1
    other_office = registry.Scope(office=cast.county_b, start=scope.start, end=scope.end)
    assert registry.value(registry.get("notary.issued"), other_office) == 0
