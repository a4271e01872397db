"""Case actions: the state machine, every validation rule, access, the event trail, numbering,
agreements' effective dates, the 司法确认 window, follow-ups and archiving."""

import datetime
import itertools
import re

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from sifa.core import numbering
from sifa.core.deadlines import compute
from sifa.core.models import CodeItem, CodeList
from sifa.core.testing import assert_invalid
from sifa.mediation.actions import cases as actions
from sifa.mediation.actions.cases import PartyInput
from sifa.mediation.constants import (
    JUDICIAL_CONFIRMATION_RULE,
    NOT_MEDIABLE_CODE_LIST,
    TRANSITIONS,
    AgreementForm,
    CaseStatus,
    ConfirmationDecision,
    PartyKind,
    PartyRole,
    Performance,
    RiskFlag,
)
from sifa.mediation.models import Agreement, CaseEvent, CaseParty, MediationCase
from sifa.mediation.tests.factories import (
    DEFAULT_RECEIVED_ON,
    make_case,
    make_case_in_mediation,
    make_committee,
    make_mediator,
    make_person,
    natural_party,
)
from tests.factories import UserFactory, grant

D = datetime.date
RECEIVED = DEFAULT_RECEIVED_ON
STARTED = RECEIVED + datetime.timedelta(days=1)
CLOSED = RECEIVED + datetime.timedelta(days=10)
ARCHIVED = RECEIVED + datetime.timedelta(days=40)
VALID_USCC = "91110000600037341L"


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1)


@pytest.fixture
def clerk(cast):
    return cast.township_clerk


def messages(error: ValidationError, field: str | None = None) -> list[str]:
    if field is None:
        return error.messages
    return error.message_dict.get(field, [])


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def oral_agreement(actor, case, reached_on=CLOSED, **extra):
    return actions.agreement_record(
        actor=actor,
        case=case,
        form=AgreementForm.ORAL,
        reached_on=reached_on,
        terms="被申请人于三日内清理通道杂物。",
        **extra,
    )


def written_agreement(actor, case, *, reached_on=CLOSED, signed=None, **extra):
    signed = signed or {}
    return actions.agreement_record(
        actor=actor,
        case=case,
        form=AgreementForm.WRITTEN,
        reached_on=reached_on,
        terms="被申请人赔偿申请人损失人民币三千元。",
        amount=3000,
        parties_signed_on=signed.get("parties", reached_on),
        mediator_signed_on=signed.get("mediator", reached_on),
        sealed_on=signed.get("seal", reached_on),
        **extra,
    )


def case_in(status, actor, committee):
    """A case brought to `status` by the actions themselves."""
    if status == CaseStatus.REGISTERED:
        return make_case(actor, committee)
    if status == CaseStatus.CLOSED_NOT_ACCEPTED:
        case = make_case(actor, committee)
        return actions.case_not_accept(
            actor=actor,
            case=case,
            on=STARTED,
            matter="reserved_by_law",
            referral_note="属劳动仲裁范围，已告知向仲裁委申请。",
        )
    case = make_case_in_mediation(actor, committee, on=STARTED)
    if status == CaseStatus.IN_MEDIATION:
        return case
    if status == CaseStatus.CLOSED_REFUSED:
        return actions.case_refuse(
            actor=actor, case=case, on=CLOSED, reason="被申请人明确拒绝调解。"
        )
    if status == CaseStatus.FAILED:
        return actions.case_fail(
            actor=actor, case=case, on=CLOSED, routes_told="已告知可向法院起诉。"
        )
    oral_agreement(actor, case)
    case.refresh_from_db()
    if status == CaseStatus.AGREED:
        return case
    return actions.case_archive(actor=actor, case=case, on=ARCHIVED)


def move(status, actor, case):
    """Attempt the action that moves a case to `status`."""
    if status == CaseStatus.IN_MEDIATION:
        mediator = make_mediator(case.office)
        return actions.case_start(actor=actor, case=case, mediators=[mediator], on=ARCHIVED)
    if status == CaseStatus.AGREED:
        return oral_agreement(actor, case, reached_on=ARCHIVED)
    if status == CaseStatus.FAILED:
        return actions.case_fail(actor=actor, case=case, on=ARCHIVED, routes_told="可向法院起诉。")
    if status == CaseStatus.CLOSED_REFUSED:
        return actions.case_refuse(actor=actor, case=case, on=ARCHIVED, reason="当事人拒绝。")
    if status == CaseStatus.CLOSED_NOT_ACCEPTED:
        return actions.case_not_accept(
            actor=actor, case=case, on=ARCHIVED, matter="already_handled", referral_note="移交。"
        )
    if status == CaseStatus.ARCHIVED:
        return actions.case_archive(actor=actor, case=case, on=ARCHIVED)
    raise AssertionError(status)


TARGETS = [s for s in CaseStatus.values if s != CaseStatus.REGISTERED]  # REGISTERED: by register


# ---------------------------------------------------------------------------------------------
# The state machine, table-driven: every (from, to) pair.


@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(CaseStatus.values, TARGETS))
)
def test_state_machine_follows_the_transition_table(cast, committee, from_status, to_status):
    clerk = cast.township_clerk
    case = case_in(from_status, clerk, committee)
    assert case.status == from_status
    events_before = case.events.count()

    if to_status in TRANSITIONS[from_status]:
        move(to_status, clerk, case)
        case.refresh_from_db()
        assert case.status == to_status
        last = case.events.last()
        assert (last.from_status, last.to_status) == (from_status, to_status)
        assert case.events.count() == events_before + 1
    else:
        with pytest.raises(ValidationError) as error:
            move(to_status, clerk, case)
        expected = (
            f"案件不能从「{CaseStatus(from_status).label}」变为「{CaseStatus(to_status).label}」。"
        )
        assert expected in error.value.messages
        case.refresh_from_db()
        assert case.status == from_status
        assert case.events.count() == events_before


def test_event_trail_records_every_change_with_who_when_and_why(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    actions.case_fail(actor=clerk, case=case, on=CLOSED, routes_told="已告知可申请劳动仲裁。")
    actions.case_archive(actor=clerk, case=case, on=ARCHIVED)

    trail = list(case.events.values_list("from_status", "to_status", "happened_on", "reason"))
    assert trail == [
        ("", CaseStatus.REGISTERED, RECEIVED, ""),
        (CaseStatus.REGISTERED, CaseStatus.IN_MEDIATION, STARTED, ""),
        (CaseStatus.IN_MEDIATION, CaseStatus.FAILED, CLOSED, "已告知可申请劳动仲裁。"),
        (CaseStatus.FAILED, CaseStatus.ARCHIVED, ARCHIVED, ""),
    ]
    assert set(case.events.values_list("created_by", flat=True)) == {clerk.pk}
    assert set(case.events.values_list("office", flat=True)) == {committee.pk}


# ---------------------------------------------------------------------------------------------
# Register


def test_register_saves_the_case_its_parties_and_the_first_event(clerk, committee):
    applicant = make_person(committee)
    case = actions.case_register(
        actor=clerk,
        office=committee,
        source="court",
        referred_by="甲县人民法院",
        dispute_type="contract",
        facts="  买卖合同货款纠纷。 ",
        claims="支付货款",
        amount=12000,
        persons_involved=3,
        received_on=RECEIVED,
        parties=[
            PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL, person=applicant),
            PartyInput(
                role=PartyRole.RESPONDENT,
                kind=PartyKind.LEGAL,
                organisation="甲县某建材有限公司",
                credit_code=VALID_USCC.lower(),
                agent="王某",
            ),
        ],
    )
    assert case.status == CaseStatus.REGISTERED
    assert case.office == committee
    assert case.created_by == clerk
    assert case.facts == "买卖合同货款纠纷。"
    parties = {p.role: p for p in case.parties.all()}
    assert parties[PartyRole.APPLICANT].person == applicant
    assert parties[PartyRole.RESPONDENT].organisation == "甲县某建材有限公司"
    assert parties[PartyRole.RESPONDENT].credit_code == VALID_USCC
    assert case.events.get().to_status == CaseStatus.REGISTERED


def test_two_joint_applicants_are_enough(clerk, committee):
    case = make_case(
        clerk,
        committee,
        parties=[
            natural_party(committee, PartyRole.APPLICANT),
            natural_party(committee, PartyRole.APPLICANT),
        ],
    )
    assert case.parties.count() == 2


def register_error(actor, committee, **overrides) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        make_case(actor, committee, **overrides)
    assert MediationCase.objects.count() == 0, "a refused registration saves nothing"
    assert CaseParty.objects.count() == 0
    return error.value


def test_register_requires_a_mediation_committee(cast, clerk):
    error = register_error(clerk, cast.township_a1)
    assert messages(error, "office") == ["只有人民调解委员会可以受理纠纷。"]


def test_register_validates_codes(clerk, committee):
    error = register_error(clerk, committee, dispute_type="nonsense", source="rumour")
    assert messages(error, "dispute_type") == ["“nonsense”不是有效的纠纷类型代码。"]
    assert messages(error, "source") == ["“rumour”不是有效的纠纷来源代码。"]


def test_register_requires_facts_a_past_date_and_sane_figures(clerk, committee):
    error = register_error(
        clerk, committee, facts="  ", received_on=tomorrow(), amount=-1, persons_involved=0
    )
    assert messages(error, "facts") == ["请填写纠纷简要情况。"]
    assert messages(error, "received_on") == ["日期不能晚于今天。"]
    assert messages(error, "amount") == ["涉及金额不能为负数。"]
    assert messages(error, "persons_involved") == ["涉及人数至少为1人。"]


def test_register_requires_two_parties(clerk, committee):
    error = register_error(
        clerk, committee, parties=[natural_party(committee, PartyRole.APPLICANT)]
    )
    assert messages(error, "parties") == ["当事人至少为两方。"]


def test_register_requires_an_applicant(clerk, committee):
    error = register_error(
        clerk,
        committee,
        parties=[
            natural_party(committee, PartyRole.RESPONDENT),
            natural_party(committee, PartyRole.THIRD_PARTY),
        ],
    )
    assert messages(error, "parties") == ["当事人中至少应有一名申请人。"]


def test_register_checks_each_party(cast, clerk, committee):
    stranger = make_person(cast.township_b1)  # registered in county B: out of A1's sight
    twice = make_person(committee)
    error = register_error(
        clerk,
        committee,
        parties=[
            PartyInput(role=PartyRole.APPLICANT, kind=PartyKind.NATURAL),
            PartyInput(role=PartyRole.RESPONDENT, kind=PartyKind.NATURAL, person=stranger),
            PartyInput(role=PartyRole.RESPONDENT, kind=PartyKind.LEGAL, organisation=" "),
            PartyInput(
                role=PartyRole.RESPONDENT,
                kind=PartyKind.LEGAL,
                organisation="某公司",
                credit_code="911100006000373410",
            ),
            PartyInput(role=PartyRole.THIRD_PARTY, kind=PartyKind.NATURAL, person=twice),
            PartyInput(role=PartyRole.THIRD_PARTY, kind=PartyKind.NATURAL, person=twice),
            PartyInput(role="judge", kind=PartyKind.NATURAL, person=make_person(committee)),
            PartyInput(role=PartyRole.THIRD_PARTY, kind="robot"),
        ],
    )
    assert messages(error, "parties") == [
        "第1名当事人：请从人员信息中选择自然人。",
        "第2名当事人：未找到该人员。",
        "第3名当事人：请填写法人或其他组织的名称。",
        "第4名当事人：统一社会信用代码“911100006000373410”无效。",
        "第6名当事人：同一人不能重复登记为当事人。",
        "第7名当事人：请选择当事人身份。",
        "第8名当事人：请选择当事人类型。",
    ]


def test_case_numbers_count_per_bureau_and_year(cast, clerk, committee):
    other = make_committee(cast.township_a1)
    first = make_case(clerk, committee)
    second = make_case(clerk, committee)
    elsewhere = make_case(clerk, other)  # another committee of the same county: same series
    earlier_year = make_case(clerk, committee, received_on=D(2025, 12, 31))
    b_clerk = UserFactory(username="b_clerk")
    grant(b_clerk, cast.township_b1, "jo_staff")
    other_county = make_case(b_clerk, make_committee(cast.township_b1))  # 乙县: its own series

    assert first.number == "330102-TJ-2026-0001"
    assert second.number == "330102-TJ-2026-0002"
    assert elsewhere.number == "330102-TJ-2026-0003"
    assert earlier_year.number == "330102-TJ-2025-0001"
    assert other_county.number == "330103-TJ-2026-0001"
    assert re.fullmatch(r"\d{6}-TJ-\d{4}-\d{4}", first.number)


def test_case_numbers_continue_after_the_highest_even_past_9999(clerk, committee):
    first = make_case(clerk, committee)
    MediationCase.objects.filter(pk=first.pk).update(number="330102-TJ-2026-9999")
    assert make_case(clerk, committee).number == "330102-TJ-2026-10000"
    assert make_case(clerk, committee).number == "330102-TJ-2026-10001"


def test_case_number_clash_is_retried(clerk, committee, monkeypatch):
    taken = make_case(clerk, committee)
    real_next = numbering.next_number

    def stale_next(model, record_type, office, year, *, skip=0, **kwargs):  # saved in between
        if skip == 0:
            return taken.number
        return real_next(model, record_type, office, year, skip=skip, **kwargs)

    monkeypatch.setattr(numbering, "next_number", stale_next)
    assert make_case(clerk, committee).number != taken.number


# ---------------------------------------------------------------------------------------------
# Access: own office edits; sibling → 404; view-only → 403.


def test_sibling_clerk_gets_404_and_view_only_leader_gets_403(cast, clerk, committee):
    with pytest.raises(Http404):
        make_case(cast.sibling_clerk, committee)
    with pytest.raises(PermissionDenied):
        make_case(cast.city_leader, committee)

    case = make_case(clerk, committee)
    mediator = make_mediator(committee)
    for user, denial in ((cast.sibling_clerk, Http404), (cast.city_leader, PermissionDenied)):
        with pytest.raises(denial):
            actions.case_start(actor=user, case=case, mediators=[mediator], on=STARTED)
        with pytest.raises(denial):
            actions.case_refuse(actor=user, case=case, on=STARTED, reason="拒绝")
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED


def test_parent_office_supervisor_may_act(cast, clerk, committee):
    case = make_case(cast.county_supervisor, committee)
    actions.case_not_accept(
        actor=cast.county_supervisor,
        case=case,
        on=STARTED,
        matter="crime_or_public_security",
        referral_note="已移交派出所。",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED_NOT_ACCEPTED


# ---------------------------------------------------------------------------------------------
# Start (PM-11)


def test_start_assigns_mediators_serving_in_the_committee(clerk, committee):
    case = make_case(clerk, committee)
    first, second = make_mediator(committee, "F"), make_mediator(committee, "M")
    actions.case_start(actor=clerk, case=case, mediators=[first, second], on=STARTED)
    assert set(case.mediators.all()) == {first, second}
    assert case.status == CaseStatus.IN_MEDIATION


def test_start_requires_a_mediator(clerk, committee):
    case = make_case(clerk, committee)
    with pytest.raises(ValidationError) as error:
        actions.case_start(actor=clerk, case=case, mediators=[], on=STARTED)
    assert messages(error.value, "mediators") == ["请至少指定一名调解员。"]


def test_start_refuses_mediators_not_serving_in_this_committee_on_the_day(cast, clerk, committee):
    other = make_committee(cast.township_a1)
    outsider = make_mediator(other, name="外委调解员")
    left = make_mediator(committee, name="已离任", end_date=STARTED)
    future = make_mediator(committee, name="未到任", start_date=STARTED + datetime.timedelta(1))
    clerk_post = make_mediator(committee, name="所工作人员")
    clerk_post.post = "jo_staff"
    clerk_post.save()
    case = make_case(clerk, committee)
    with pytest.raises(ValidationError) as error:
        actions.case_start(
            actor=clerk, case=case, mediators=[outsider, left, future, clerk_post], on=STARTED
        )
    assert messages(error.value, "mediators") == [
        "外委调解员、已离任、未到任、所工作人员 "
        f"在{STARTED.isoformat()}不是本调委会在任的人民调解员。"
    ]
    assert case.mediators.count() == 0


@pytest.mark.parametrize("when", ["before_received", "future"])
def test_action_dates_lie_between_receipt_and_today(clerk, committee, when):
    case = make_case(clerk, committee)
    on = RECEIVED - datetime.timedelta(days=1) if when == "before_received" else tomorrow()
    expected = (
        f"日期不能早于受理日期（{RECEIVED.isoformat()}）。"
        if when == "before_received"
        else "日期不能晚于今天。"
    )
    with pytest.raises(ValidationError) as error:
        actions.case_start(actor=clerk, case=case, mediators=[make_mediator(committee)], on=on)
    assert messages(error.value, "on") == [expected]
    with pytest.raises(ValidationError) as error:
        actions.case_refuse(actor=clerk, case=case, on=on, reason="拒绝")
    assert messages(error.value, "on") == [expected]


# ---------------------------------------------------------------------------------------------
# Closing without agreement: refusal (PM-10), not accepted (PM-24), failure (PM-14)


def test_refusal_closes_on_its_day_with_the_reason(clerk, committee):
    case = make_case(clerk, committee)
    actions.case_refuse(actor=clerk, case=case, on=STARTED, reason="被申请人拒绝调解。")
    assert (case.status, case.closed_on, case.closing_note) == (
        CaseStatus.CLOSED_REFUSED,
        STARTED,
        "被申请人拒绝调解。",
    )


@pytest.mark.parametrize(
    ("action", "field", "expected"),
    [
        ("case_refuse", "reason", "请填写当事人拒绝调解的情况。"),
        ("case_not_accept", "referral_note", "不予受理应写明告知当事人的处理途径或移交单位。"),
        (
            "case_fail",
            "routes_told",
            "调解不成应写明已告知当事人的其他解决途径（仲裁、行政、诉讼等）。",
        ),
    ],
)
def test_closing_requires_its_note(clerk, committee, action, field, expected):
    case = (
        make_case(clerk, committee)
        if action == "case_not_accept"
        else make_case_in_mediation(clerk, committee, on=STARTED)
    )
    extra = {"matter": "already_handled"} if action == "case_not_accept" else {}
    with pytest.raises(ValidationError) as error:
        getattr(actions, action)(actor=clerk, case=case, on=CLOSED, **{field: "  "}, **extra)
    assert messages(error.value, field) == [expected]


def test_not_mediable_matters_are_a_code_table_the_administrator_extends(clerk, committee):
    """PM-24: the matters a committee may not mediate are configurable (code table
    mediation_not_mediable); 不予受理 names one, and only a valid one."""
    note = {"referral_note": "已告知向有关部门反映。"}
    case = make_case(clerk, committee)
    with pytest.raises(ValidationError) as error:
        actions.case_not_accept(actor=clerk, case=case, on=STARTED, matter="", **note)
    assert messages(error.value, "matter") == ["请选择不予调解的纠纷事项。"]
    with pytest.raises(ValidationError) as error:
        actions.case_not_accept(actor=clerk, case=case, on=STARTED, matter="land_title", **note)
    assert messages(error.value, "matter") == ["“land_title”不是有效的不予调解的纠纷事项代码。"]
    # The administrator adds a local item (e.g. 土地权属争议 goes to the government).
    code_list = CodeList.objects.get(key=NOT_MEDIABLE_CODE_LIST)
    CodeItem.objects.create(
        code_list=code_list, code="land_title", name="土地、山林权属争议", sort_order=100
    )
    closed = actions.case_not_accept(
        actor=clerk, case=case, on=STARTED, matter="land_title", **note
    )
    closed.refresh_from_db()
    assert closed.status == CaseStatus.CLOSED_NOT_ACCEPTED
    assert closed.not_mediable_matter == "land_title"
    # A retired item may no longer be chosen.
    CodeItem.objects.filter(code_list=code_list, code="land_title").update(valid_to=STARTED)
    other = make_case(clerk, committee)
    with pytest.raises(ValidationError) as error:
        actions.case_not_accept(actor=clerk, case=other, on=STARTED, matter="land_title", **note)
    assert "该项已停用或尚未启用" in messages(error.value, "matter")[0]


def test_failure_records_the_routes_told(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    actions.case_fail(actor=clerk, case=case, on=CLOSED, routes_told="已告知可向人民法院起诉。")
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (CaseStatus.FAILED, CLOSED)
    assert case.closing_note == "已告知可向人民法院起诉。"


# ---------------------------------------------------------------------------------------------
# Risk flags (PM-13)


def test_crime_risk_requires_the_police_report(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    with pytest.raises(ValidationError) as error:
        actions.case_flag_risk(actor=clerk, case=case, flags=[RiskFlag.MAY_BECOME_CRIME])
    assert messages(error.value, "reported_to_police_on") == [
        "可能引发治安、刑事案件的纠纷应及时报告公安机关，请填写报告日期。"
    ]
    assert messages(error.value, "reported_to") == ["请填写报告的公安机关或其他有关部门。"]


def test_flagging_keeps_the_state_and_writes_no_event(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    actions.case_flag_risk(
        actor=clerk,
        case=case,
        flags=[RiskFlag.MAY_ESCALATE, RiskFlag.MAY_BECOME_CRIME],
        reported_to_police_on=CLOSED,
        reported_to="甲一镇派出所",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION
    assert case.risk_flags == [RiskFlag.MAY_ESCALATE, RiskFlag.MAY_BECOME_CRIME]
    assert (case.reported_to_police_on, case.reported_to) == (CLOSED, "甲一镇派出所")
    assert case.events.count() == 2  # registered, in mediation: flagging is not a state change


def test_flags_must_be_known_dates_real_and_the_case_open(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    with pytest.raises(ValidationError) as error:
        actions.case_flag_risk(
            actor=clerk,
            case=case,
            flags=["bad_luck", RiskFlag.MAY_BECOME_CRIME],
            reported_to_police_on=RECEIVED - datetime.timedelta(days=1),
            reported_to="派出所",
        )
    assert messages(error.value, "flags") == ["未知的风险标识：bad_luck。"]
    assert messages(error.value, "reported_to_police_on") == [
        f"日期不能早于受理日期（{RECEIVED.isoformat()}）。"
    ]
    closed = case_in(CaseStatus.FAILED, clerk, committee)
    with pytest.raises(ValidationError) as error:
        actions.case_flag_risk(actor=clerk, case=closed, flags=[RiskFlag.GROUP])
    assert messages(error.value, "flags") == ["案件已终结，不能再标识风险。"]


# ---------------------------------------------------------------------------------------------
# Sessions


def at(day: datetime.date, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_session_recorded_while_in_mediation(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    session = actions.session_record(
        actor=clerk,
        case=case,
        held_at=at(STARTED),
        place="村调解室",
        participants="双方当事人、调解员",
        summary="双方陈述各自意见。",
    )
    assert session.case == case and session.office == committee
    assert list(case.sessions.all()) == [session]


def test_session_refused_outside_mediation_and_incomplete(clerk, committee):
    case = make_case(clerk, committee)
    with pytest.raises(ValidationError) as error:
        actions.session_record(
            actor=clerk, case=case, held_at=at(tomorrow()), place="", participants="", summary=""
        )
    assert messages(error.value, "__all__") == ["只有调解中的案件才能记录调解情况。"]
    assert messages(error.value, "held_at") == ["日期不能晚于今天。"]
    assert messages(error.value, "place") == ["请填写调解地点。"]
    assert messages(error.value, "participants") == ["请填写参加人员。"]
    assert messages(error.value, "summary") == ["请填写调解情况。"]


# ---------------------------------------------------------------------------------------------
# Agreements (PM-16..18): effective date derivation


def test_written_agreement_is_effective_on_the_latest_signature_or_seal(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    seal_day = CLOSED + datetime.timedelta(days=3)
    agreement = written_agreement(
        clerk,
        case,
        signed={
            "parties": CLOSED,
            "mediator": CLOSED + datetime.timedelta(days=1),
            "seal": seal_day,
        },
    )
    assert agreement.effective_on == seal_day
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (CaseStatus.AGREED, seal_day)
    assert case.events.last().happened_on == seal_day


def test_oral_agreement_is_effective_when_reached_and_keeps_no_signature_dates(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    agreement = oral_agreement(clerk, case, parties_signed_on=CLOSED)
    assert agreement.effective_on == CLOSED
    assert agreement.parties_signed_on is None
    case.refresh_from_db()
    assert case.closed_on == CLOSED


def test_written_agreement_needs_all_three_signatures(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    with pytest.raises(ValidationError) as error:
        actions.agreement_record(
            actor=clerk, case=case, form=AgreementForm.WRITTEN, reached_on=CLOSED, terms="赔偿"
        )
    assert messages(error.value, "parties_signed_on") == [
        "书面协议须经各方当事人签名、盖章或按指印，请填写日期。"
    ]
    assert messages(error.value, "mediator_signed_on") == [
        "书面协议须经人民调解员签名，请填写日期。"
    ]
    assert messages(error.value, "sealed_on") == ["书面协议须加盖人民调解委员会印章，请填写日期。"]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION
    assert not Agreement.objects.filter(case=case).exists()


def test_agreement_validation(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    before = CLOSED - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        actions.agreement_record(
            actor=clerk,
            case=case,
            form="telepathic",
            reached_on=CLOSED,
            terms=" ",
            amount=-5,
            performance_deadline=before,
        )
    assert messages(error.value, "form") == ["请选择协议形式（书面或口头）。"]
    assert messages(error.value, "terms") == ["请填写协议内容。"]
    assert messages(error.value, "amount") == ["协议涉及金额不能为负数。"]
    assert messages(error.value, "performance_deadline") == ["履行期限不能早于协议达成日期。"]
    with pytest.raises(ValidationError) as error:
        written_agreement(clerk, case, signed={"seal": before, "mediator": tomorrow()})
    assert messages(error.value, "sealed_on") == ["签名、盖章日期不能早于协议达成日期。"]
    assert messages(error.value, "mediator_signed_on") == ["日期不能晚于今天。"]


# ---------------------------------------------------------------------------------------------
# Performance (PM-19)


def test_performance_tracking(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    agreement = written_agreement(clerk, case)
    actions.performance_record(
        actor=clerk,
        agreement=agreement,
        performance=Performance.PARTLY,
        performed_on=CLOSED,
        amount_performed=1000,
    )
    agreement.refresh_from_db()
    assert (agreement.performance, agreement.performed_on) == (Performance.PARTLY, CLOSED)
    assert agreement.amount_performed == 1000


def test_performance_validation(clerk, committee):
    case = make_case_in_mediation(clerk, committee, on=STARTED)
    agreement = written_agreement(clerk, case)
    with pytest.raises(ValidationError) as error:
        actions.performance_record(
            actor=clerk,
            agreement=agreement,
            performance=Performance.PERFORMED,
            amount_performed=4000,
        )
    assert messages(error.value, "performed_on") == ["请填写履行日期。"]
    assert messages(error.value, "amount_performed") == ["已履行金额不能超过协议涉及金额。"]
    with pytest.raises(ValidationError) as error:
        actions.performance_record(
            actor=clerk,
            agreement=agreement,
            performance=Performance.PENDING,
            performed_on=CLOSED - datetime.timedelta(days=1),
        )
    assert messages(error.value, "performance") == ["请选择履行情况。"]
    with pytest.raises(ValidationError) as error:
        actions.performance_record(
            actor=clerk,
            agreement=agreement,
            performance=Performance.PARTLY,
            performed_on=CLOSED - datetime.timedelta(days=1),
            amount_performed=-1,
        )
    assert messages(error.value, "performed_on") == ["履行日期不能早于协议生效日期。"]
    assert messages(error.value, "amount_performed") == ["已履行金额不能为负数。"]
    with pytest.raises(ValidationError) as error:
        actions.performance_record(
            actor=clerk,
            agreement=agreement,
            performance=Performance.NOT_PERFORMED,
            amount_performed=5,
        )
    assert messages(error.value, "amount_performed") == ["未履行的协议不应有已履行金额。"]


# ---------------------------------------------------------------------------------------------
# Judicial confirmation window (PM-20)


def agreed_on(clerk, committee, effective: datetime.date):
    case = make_case_in_mediation(
        clerk, committee, received_on=effective - datetime.timedelta(days=5), on=effective
    )
    return oral_agreement(clerk, case, reached_on=effective)


def apply(clerk, agreement, day):
    return actions.confirmation_apply(
        actor=clerk,
        agreement=agreement,
        applied_on=day,
        court="甲县人民法院",
        applicant_consented=True,
        respondent_consented=True,
    )


def test_confirmation_needs_and_records_both_parties_consent(clerk, committee):
    """人民调解法 第33条: 双方当事人 … 共同向人民法院申请司法确认."""
    agreement = agreed_on(clerk, committee, D(2026, 3, 2))
    kwargs = dict(actor=clerk, agreement=agreement, applied_on=D(2026, 3, 5), court="甲县人民法院")
    with pytest.raises(ValidationError) as error:
        actions.confirmation_apply(applicant_consented=True, respondent_consented=False, **kwargs)
    assert messages(error.value, "respondent_consented") == [
        "司法确认须由双方当事人共同申请：被申请人一方未同意。"
    ]
    assert "applicant_consented" not in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.confirmation_apply(applicant_consented=False, respondent_consented=True, **kwargs)
    assert messages(error.value, "applicant_consented") == [
        "司法确认须由双方当事人共同申请：申请人一方未同意。"
    ]
    assert not agreement.confirmations.exists()
    confirmation = actions.confirmation_apply(
        applicant_consented=True, respondent_consented=True, **kwargs
    )
    confirmation.refresh_from_db()
    assert confirmation.applicant_consented and confirmation.respondent_consented


def test_confirmation_day_30_accepted_day_31_refused(clerk, committee):
    effective = D(2026, 3, 2)  # + 30 days = 2026-04-01, a Wednesday working day
    assert compute(JUDICIAL_CONFIRMATION_RULE, effective) == D(2026, 4, 1)
    late = agreed_on(clerk, committee, effective)
    with pytest.raises(ValidationError) as error:
        apply(clerk, late, D(2026, 4, 2))
    assert messages(error.value, "applied_on") == [
        "应自调解协议生效之日起30日内申请司法确认（最后一日为2026-04-01）。"
    ]
    confirmation = apply(clerk, late, D(2026, 4, 1))
    assert confirmation.decision == ConfirmationDecision.PENDING
    assert confirmation.office == committee


def test_confirmation_window_moves_off_a_holiday(clerk, committee):
    effective = D(2025, 9, 1)  # + 30 days = 2025-10-01, 国庆节; holiday ends 10-08
    agreement = agreed_on(clerk, committee, effective)
    with pytest.raises(ValidationError) as error:
        apply(clerk, agreement, D(2025, 10, 10))
    assert messages(error.value, "applied_on") == [
        "应自调解协议生效之日起30日内申请司法确认（最后一日为2025-10-09）。"
    ]
    assert apply(clerk, agreement, D(2025, 10, 9)).applied_on == D(2025, 10, 9)


def test_confirmation_not_before_effect_nor_twice_and_needs_a_court(clerk, committee):
    agreement = agreed_on(clerk, committee, D(2026, 3, 2))
    with pytest.raises(ValidationError) as error:
        actions.confirmation_apply(
            actor=clerk,
            agreement=agreement,
            applied_on=D(2026, 3, 1),
            court="",
            applicant_consented=True,
            respondent_consented=True,
        )
    assert messages(error.value, "applied_on") == ["申请日期不能早于协议生效日期。"]
    assert messages(error.value, "court") == ["请填写受理申请的人民法院。"]
    first = apply(clerk, agreement, D(2026, 3, 5))
    with pytest.raises(ValidationError) as error:
        apply(clerk, agreement, D(2026, 3, 6))
    assert messages(error.value, "__all__") == ["该调解协议已申请司法确认。"]
    actions.confirmation_decide(
        actor=clerk,
        confirmation=first,
        decision=ConfirmationDecision.WITHDRAWN,
        decided_on=D(2026, 3, 6),
    )
    assert apply(clerk, agreement, D(2026, 3, 7)).applied_on == D(2026, 3, 7)


def test_confirmation_decision(clerk, committee):
    agreement = agreed_on(clerk, committee, D(2026, 3, 2))
    confirmation = apply(clerk, agreement, D(2026, 3, 5))
    with pytest.raises(ValidationError) as error:
        actions.confirmation_decide(
            actor=clerk,
            confirmation=confirmation,
            decision=ConfirmationDecision.CONFIRMED,
            decided_on=D(2026, 3, 4),
            accepted_on=D(2026, 3, 4),
        )
    assert messages(error.value, "decided_on") == ["裁定日期不能早于申请日期。"]
    assert messages(error.value, "accepted_on") == ["法院受理日期不能早于申请日期。"]
    assert messages(error.value, "court_case_number") == ["请填写法院的调确字案号。"]
    with pytest.raises(ValidationError) as error:
        actions.confirmation_decide(
            actor=clerk, confirmation=confirmation, decision="pending", decided_on=D(2026, 3, 9)
        )
    assert messages(error.value, "decision") == ["请选择司法确认结果。"]

    actions.confirmation_decide(
        actor=clerk,
        confirmation=confirmation,
        decision=ConfirmationDecision.CONFIRMED,
        decided_on=D(2026, 3, 12),
        accepted_on=D(2026, 3, 6),
        court_case_number="（2026）甲0102民特12号",
    )
    confirmation.refresh_from_db()
    assert confirmation.decision == ConfirmationDecision.CONFIRMED
    assert confirmation.court_case_number == "（2026）甲0102民特12号"
    with pytest.raises(ValidationError) as error:
        actions.confirmation_decide(
            actor=clerk,
            confirmation=confirmation,
            decision=ConfirmationDecision.REFUSED,
            decided_on=D(2026, 3, 13),
            court_case_number="x",
        )
    assert messages(error.value, "__all__") == ["该司法确认申请已有结果。"]


def test_confirmation_access_sibling_404_view_only_403(cast, clerk, committee):
    agreement = agreed_on(clerk, committee, D(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        apply(cast.city_leader, agreement, D(2026, 3, 5))
    with pytest.raises(Http404):
        apply(cast.sibling_clerk, agreement, D(2026, 3, 5))


# ---------------------------------------------------------------------------------------------
# Follow-ups (PM-23) and archiving (PM-15)


def test_follow_up_after_agreement_or_failure(clerk, committee):
    agreed = case_in(CaseStatus.AGREED, clerk, committee)
    visit = actions.follow_up_record(
        actor=clerk,
        case=agreed,
        visited_on=CLOSED,
        method="上门",
        performance=Performance.PERFORMED,
        satisfied=True,
    )
    assert (visit.case, visit.office, visit.satisfied) == (agreed, committee, True)
    failed = case_in(CaseStatus.FAILED, clerk, committee)
    assert actions.follow_up_record(actor=clerk, case=failed, visited_on=CLOSED, method="电话")


def test_follow_up_validation(clerk, committee):
    open_case = make_case_in_mediation(clerk, committee, on=STARTED)
    with pytest.raises(ValidationError) as error:
        actions.follow_up_record(actor=clerk, case=open_case, visited_on=CLOSED, method="飞鸽")
    assert messages(error.value, "__all__") == ["只有调解成功或调解不成的案件才能回访。"]
    assert messages(error.value, "method") == ["请选择回访方式（电话或上门）。"]
    failed = case_in(CaseStatus.FAILED, clerk, committee)
    with pytest.raises(ValidationError) as error:
        actions.follow_up_record(
            actor=clerk,
            case=failed,
            visited_on=CLOSED - datetime.timedelta(days=1),
            method="电话",
            performance=Performance.PERFORMED,
        )
    assert messages(error.value, "visited_on") == ["回访日期不能早于调结日期。"]
    assert messages(error.value, "performance") == ["调解不成的案件没有协议履行情况。"]


@pytest.mark.parametrize(
    "closed_status",
    [
        CaseStatus.AGREED,
        CaseStatus.FAILED,
        CaseStatus.CLOSED_REFUSED,
        CaseStatus.CLOSED_NOT_ACCEPTED,
    ],
)
def test_archive_from_any_closed_status_sets_the_date(clerk, committee, closed_status):
    case = case_in(closed_status, clerk, committee)
    actions.case_archive(actor=clerk, case=case, on=ARCHIVED)
    case.refresh_from_db()
    assert (case.status, case.archived_on) == (CaseStatus.ARCHIVED, ARCHIVED)


def test_archive_not_before_closing_nor_in_the_future(clerk, committee):
    case = case_in(CaseStatus.FAILED, clerk, committee)
    for day, expected in (
        (CLOSED - datetime.timedelta(days=1), "归档日期不能早于调结日期。"),
        (tomorrow(), "日期不能晚于今天。"),
    ):
        with pytest.raises(ValidationError) as error:
            actions.case_archive(actor=clerk, case=case, on=day)
        assert messages(error.value, "on") == [expected]
    case.refresh_from_db()
    assert case.archived_on is None


# ---------------------------------------------------------------------------------------------
# PM-2: no fees of any kind


def test_no_mediation_model_has_a_fee_field():
    words = ("fee", "charge", "收费")
    for model in apps.get_app_config("mediation").get_models():
        for field in model._meta.get_fields():
            label = f"{field.name} {getattr(field, 'verbose_name', '')}".lower()
            assert not any(w in label for w in words), f"{model.__name__}.{field.name}"


def test_events_are_never_written_for_a_refused_move(clerk, committee):
    case = case_in(CaseStatus.ARCHIVED, clerk, committee)
    count = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        actions.case_refuse(actor=clerk, case=case, on=ARCHIVED, reason="拒绝")
    assert_invalid(exc, "__all__", "案件不能从「已归档」变为「当事人拒绝调解」。")
    assert CaseEvent.objects.count() == count
