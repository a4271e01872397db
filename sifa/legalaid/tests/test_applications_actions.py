"""Legal-aid application actions: intake, notification, 一次性告知, decision, 先行提供,
objection, handling, ending, termination and closing — every transition and refusal."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from sifa.core.testing import assert_invalid
from sifa.legalaid.actions import applications as actions
from sifa.legalaid.constants import (
    ApplicantGroup,
    CriminalStage,
    EventKind,
    HandlerKind,
    Matter,
    MatterType,
    NotifyingOrgan,
    ObjectionResult,
    Origin,
    Outcome,
    Status,
    TerminationGround,
)
from sifa.legalaid.models import Application, ApplicationEvent
from sifa.legalaid.tests.factories import (
    DEFAULT_RECEIVED_ON,
    make_application,
    make_assigned,
    make_centre,
    make_ended,
    make_granted,
    make_handler,
    make_in_progress,
    make_person,
    make_reviewer,
)

D = datetime.date
DAY = datetime.timedelta(days=1)


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a)


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


@pytest.fixture
def bureau(cast):
    """A user of 甲县司法局, the 司法行政部门 that set up the centre (第49条: objections)."""
    return cast.county_supervisor


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.value.message_dict


def statuses(application) -> list[tuple[str, str]]:
    return [
        (e.from_status, e.to_status)
        for e in ApplicationEvent.objects.filter(application=application).order_by("id")
    ]


# ---------------------------------------------------------------------------------------------
# Intake


def test_register_numbers_per_bureau_and_year_and_records_everything(cast, centre, reviewer):
    first = make_application(
        reviewer, centre, groups=[ApplicantGroup.MIGRANT_WORKER, ApplicantGroup.WOMAN]
    )
    second = make_application(reviewer, centre)
    next_year = make_application(reviewer, centre, received_on=D(2025, 12, 30))
    other_centre = make_centre(cast.county_a)
    elsewhere = make_application(make_reviewer(other_centre), other_centre)

    year = DEFAULT_RECEIVED_ON.year
    assert first.number == f"330102-FY-{year}-0001"  # SIFA_NUMBERING: 甲县's series
    assert second.number == f"330102-FY-{year}-0002"
    assert next_year.number == "330102-FY-2025-0001"
    assert elsewhere.number == f"330102-FY-{year}-0003"  # another centre of the same county
    assert first.status == Status.RECEIVED
    assert first.created_by == reviewer
    assert sorted(first.groups.values_list("group", flat=True)) == sorted(
        [ApplicantGroup.MIGRANT_WORKER, ApplicantGroup.WOMAN]
    )
    provided = {m.name: m.provided_on for m in first.materials.all()}
    assert provided["法律援助申请表"] == first.received_on
    assert provided["经济困难状况说明表"] is None
    assert statuses(first) == [("", Status.RECEIVED)]


def test_register_runs_the_eligibility_rules(centre, reviewer):
    eligibility = pytest.importorskip("sifa.legalaid.eligibility")
    application = make_application(reviewer, centre)
    facts = eligibility.Facts(
        matter=application.matter,
        matter_type=application.matter_type,
        on=application.received_on,
        region_code=application.applicant.region_code or centre.region_code,
    )
    expected = eligibility.assess(facts)
    assert application.basis == expected.basis
    assert application.eligibility_explanation == expected.explanation


def test_minor_applying_for_a_defence_is_not_put_through_the_hardship_test(centre, reviewer):
    # 法律援助法 第25条第一款第一项: a minor suspect applying directly (before any notice) is not
    # tested for hardship, however the household's income is stated.
    application = make_application(
        reviewer,
        centre,
        matter_type=MatterType.CRIMINAL,
        matter=Matter.CRIMINAL_DEFENCE,
        groups=[ApplicantGroup.MINOR],
        area="urban",
        household_size=1,
        household_monthly_income=99999,
    )
    assert application.basis == "art25"
    assert application.hardship_check == "not_required"
    assert "第二十五条第一款第一项" in application.eligibility_explanation


def test_article_25_ground_is_kept_and_checked(centre, reviewer):
    application = make_application(
        reviewer,
        centre,
        matter_type=MatterType.CRIMINAL,
        matter=Matter.CRIMINAL_DEFENCE,
        defence_ground="sensory_disabled",
    )
    application.refresh_from_db()
    assert application.defence_ground == "sensory_disabled"
    assert application.basis == "art25"
    assert "第二十五条第一款第二项" in application.eligibility_explanation
    with pytest.raises(ValidationError) as exc:
        make_application(reviewer, centre, defence_ground="sensory_disabled")
    assert_invalid(
        exc, "defence_ground", "第二十五条规定的情形只适用于犯罪嫌疑人、被告人申请辩护的事项。"
    )


def test_register_access_sibling_404_viewer_403(cast, centre):
    person = make_person(centre)
    with pytest.raises(Http404):
        make_application(cast.township_clerk, centre, applicant=person)
    with pytest.raises(PermissionDenied):
        make_application(cast.city_leader, centre, applicant=person)
    # the parent office's user may register
    assert make_application(cast.county_supervisor, centre, applicant=person).pk


def test_register_validates_with_chinese_messages(cast, centre, reviewer):
    tomorrow = timezone.localdate() + DAY
    with pytest.raises(ValidationError) as error:
        make_application(
            reviewer,
            centre,
            matter_type="x",
            matter="y",
            facts=" ",
            received_on=tomorrow,
            groups=["nobody"],
            household_size=0,
            amount_claimed=-1,
            agent_name="张三",
        )
    errors = messages_of(error)
    for field in (
        "matter_type",
        "matter",
        "facts",
        "received_on",
        "groups",
        "household_size",
        "amount_claimed",
        "agent_relation",
    ):
        assert field in errors, field
    assert errors["received_on"] == ["日期不能晚于今天。"]
    assert not Application.objects.exists()


def test_register_only_in_a_legal_aid_office(cast):
    person = make_person(cast.township_a1)
    with pytest.raises(ValidationError) as error:
        make_application(cast.township_clerk, cast.township_a1, applicant=person)
    assert "office" in messages_of(error)


def test_register_refuses_a_person_out_of_sight(cast, centre, reviewer):
    stranger = make_person(cast.county_b)
    with pytest.raises(ValidationError) as error:
        make_application(reviewer, centre, applicant=stranger)
    assert messages_of(error)["applicant"] == ["未找到该人员。"]


def test_detained_applicant_forwarded_late_is_flagged(centre, reviewer):
    received = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))
    late = make_application(
        reviewer,
        centre,
        matter_type=MatterType.CRIMINAL,
        matter=Matter.CRIMINAL_DEFENCE,
        origin=Origin.FORWARDED,
        detained=True,
        custody_received_at=received,
        forwarded_at=received + datetime.timedelta(hours=30),
    )
    on_time = make_application(
        reviewer,
        centre,
        matter_type=MatterType.CRIMINAL,
        matter=Matter.CRIMINAL_DEFENCE,
        detained=True,
        custody_received_at=received,
        forwarded_at=received + datetime.timedelta(hours=24),
    )
    assert actions.forwarded_late(late) is True
    assert "24小时" in late.events.get().reason
    assert actions.forwarded_late(on_time) is False
    assert on_time.events.get().reason == ""


def test_detained_applicant_needs_custody_times_in_order(centre, reviewer):
    with pytest.raises(ValidationError) as error:
        make_application(reviewer, centre, detained=True)
    assert "custody_received_at" in messages_of(error)
    received = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))
    with pytest.raises(ValidationError) as error:
        make_application(
            reviewer,
            centre,
            detained=True,
            custody_received_at=received,
            forwarded_at=received - datetime.timedelta(hours=1),
        )
    assert "forwarded_at" in messages_of(error)


def test_notification_is_granted_on_the_day_of_the_notice(centre, reviewer):
    notified = D(2026, 3, 5)
    application = actions.notification_register(
        actor=reviewer,
        office=centre,
        applicant=make_person(centre),
        matter=Matter.CRIMINAL_DEFENCE,
        notifying_organ=NotifyingOrgan.COURT,
        notifying_organ_name="甲县人民法院",
        criminal_stage=CriminalStage.TRIAL,
        notification_ground="被告人系未成年人",
        notified_on=notified,
        facts="涉嫌盗窃。",
        groups=[ApplicantGroup.MINOR],
    )
    assert application.status == Status.GRANTED
    assert application.origin == Origin.NOTIFICATION
    assert application.accepted_on == notified
    assert application.received_on == notified
    assert statuses(application) == [("", Status.GRANTED)]
    assert "甲县人民法院" in application.events.get().reason


def test_notification_requires_organ_stage_and_ground(centre, reviewer):
    with pytest.raises(ValidationError) as error:
        actions.notification_register(
            actor=reviewer,
            office=centre,
            applicant=make_person(centre),
            matter=Matter.CRIMINAL_DEFENCE,
            notifying_organ="",
            notifying_organ_name="",
            criminal_stage="",
            notification_ground="",
            notified_on=D(2026, 3, 5),
            facts="涉嫌盗窃。",
        )
    assert set(messages_of(error)) == {
        "notifying_organ",
        "notifying_organ_name",
        "criminal_stage",
        "notification_ground",
    }


# ---------------------------------------------------------------------------------------------
# 一次性告知


def test_supplement_lists_all_missing_materials_at_once(centre, reviewer):
    application = make_application(reviewer, centre)
    actions.supplement_request(
        actor=reviewer,
        application=application,
        requested_on=D(2026, 3, 3),
        due_on=D(2026, 3, 13),
        other_items="劳动合同复印件",
    )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_SUPPLEMENT
    assert application.supplement_items.splitlines() == [
        "经济困难状况说明表",
        "与所申请法律援助事项有关的材料",
        "劳动合同复印件",
    ]
    assert application.supplement_due_on == D(2026, 3, 13)
    # a second notice while the first is pending is refused
    with pytest.raises(ValidationError) as error:
        actions.supplement_request(
            actor=reviewer,
            application=application,
            requested_on=D(2026, 3, 4),
            due_on=D(2026, 3, 14),
            other_items="其他",
        )
    assert "一次性告知" in error.value.messages[0]


def test_supplement_needs_something_missing_and_a_later_due_date(centre, reviewer):
    application = make_application(reviewer, centre, materials=[("申请表", True, True)])
    with pytest.raises(ValidationError) as error:
        actions.supplement_request(
            actor=reviewer,
            application=application,
            requested_on=D(2026, 3, 3),
            due_on=D(2026, 3, 3),
        )
    assert set(messages_of(error)) == {"due_on", "other_items"}


def test_materials_supplied_restarts_review(centre, reviewer):
    application = make_application(reviewer, centre)
    actions.supplement_request(
        actor=reviewer, application=application, requested_on=D(2026, 3, 3), due_on=D(2026, 3, 13)
    )
    with pytest.raises(ValidationError) as exc:
        actions.materials_supplied(
            actor=reviewer, application=application, supplied_on=D(2026, 3, 2)
        )
    assert_invalid(exc, "supplied_on", "补齐材料日期不能早于补充材料通知日期。")
    actions.materials_supplied(actor=reviewer, application=application, supplied_on=D(2026, 3, 10))
    application.refresh_from_db()
    assert application.status == Status.RECEIVED
    assert application.supplied_on == D(2026, 3, 10)
    assert all(m.provided_on for m in application.materials.filter(required=True))
    assert statuses(application)[-2:] == [
        (Status.RECEIVED, Status.AWAITING_SUPPLEMENT),
        (Status.AWAITING_SUPPLEMENT, Status.RECEIVED),
    ]


def test_deemed_withdrawn_only_after_the_due_date(centre, reviewer):
    application = make_application(reviewer, centre)
    with pytest.raises(ValidationError) as exc:  # nothing requested yet
        actions.application_withdraw_deemed(
            actor=reviewer, application=application, on=D(2026, 3, 20)
        )
    assert_invalid(exc, "__all__", "案件不能从「已收到申请」变为「视为撤回」。")
    actions.supplement_request(
        actor=reviewer, application=application, requested_on=D(2026, 3, 3), due_on=D(2026, 3, 13)
    )
    with pytest.raises(ValidationError) as error:
        actions.application_withdraw_deemed(
            actor=reviewer, application=application, on=D(2026, 3, 13)
        )
    assert "届满后" in messages_of(error)["on"][0]
    actions.application_withdraw_deemed(actor=reviewer, application=application, on=D(2026, 3, 14))
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    with pytest.raises(ValidationError) as exc:
        actions.application_decide(
            actor=reviewer, application=application, grant=True, decided_on=D(2026, 3, 15)
        )
    assert_invalid(exc, "__all__", "案件不能从「视为撤回」变为「决定给予」。")


# ---------------------------------------------------------------------------------------------
# Decision, 先行提供, objection


def test_grant_sets_decision_and_acceptance(centre, reviewer):
    application = make_application(reviewer, centre)
    actions.application_decide(
        actor=reviewer, application=application, grant=True, decided_on=D(2026, 3, 6)
    )
    application.refresh_from_db()
    assert application.status == Status.GRANTED
    assert application.decided_on == application.accepted_on == D(2026, 3, 6)


def test_refusal_needs_written_reasons(centre, reviewer):
    application = make_application(reviewer, centre)
    with pytest.raises(ValidationError) as error:
        actions.application_decide(
            actor=reviewer, application=application, grant=False, decided_on=D(2026, 3, 6)
        )
    assert messages_of(error)["refusal_reasons"] == ["决定不予法律援助的，应当书面说明理由。"]
    actions.application_decide(
        actor=reviewer,
        application=application,
        grant=False,
        decided_on=D(2026, 3, 6),
        refusal_reasons="家庭人均收入高于经济困难标准。",
    )
    application.refresh_from_db()
    assert application.status == Status.REFUSED
    assert application.accepted_on is None
    assert application.refusal_reasons == "家庭人均收入高于经济困难标准。"


def test_decision_dates_and_permissions(cast, centre, reviewer):
    application = make_application(reviewer, centre)
    with pytest.raises(ValidationError) as error:
        actions.application_decide(
            actor=reviewer, application=application, grant=True, decided_on=D(2026, 3, 1)
        )
    assert "decided_on" in messages_of(error)
    with pytest.raises(Http404):
        actions.application_decide(
            actor=cast.township_clerk, application=application, grant=True, decided_on=D(2026, 3, 6)
        )
    with pytest.raises(PermissionDenied):
        actions.application_decide(
            actor=cast.city_leader, application=application, grant=True, decided_on=D(2026, 3, 6)
        )


def test_pre_aid_goes_straight_to_assigned(centre, reviewer):
    application = make_application(reviewer, centre)
    provider, handler = make_handler(centre)
    with pytest.raises(ValidationError) as error:
        actions.pre_aid_provide(
            actor=reviewer,
            application=application,
            on=D(2026, 3, 2),
            reason="",
            provider=provider,
            handler=handler,
        )
    assert "第44条" in messages_of(error)["reason"][0]
    assignment = actions.pre_aid_provide(
        actor=reviewer,
        application=application,
        on=D(2026, 3, 2),
        reason="距仲裁时效届满不足七日",
        provider=provider,
        handler=handler,
    )
    application.refresh_from_db()
    assert application.status == Status.ASSIGNED
    assert application.pre_aid is True
    assert application.accepted_on == D(2026, 3, 2)
    assert assignment.pk and assignment.handler == handler
    assert "利益冲突审查" in assignment.conflict_note
    assert statuses(application)[-1] == (Status.RECEIVED, Status.ASSIGNED)


def refused(reviewer, centre):
    application = make_application(reviewer, centre)
    return actions.application_decide(
        actor=reviewer,
        application=application,
        grant=False,
        decided_on=D(2026, 3, 6),
        refusal_reasons="不符合经济困难标准。",
    )


def test_objection_upheld_returns_to_refused(centre, reviewer, bureau):
    application = refused(reviewer, centre)
    with pytest.raises(ValidationError) as error:
        actions.objection_file(
            actor=bureau, application=application, filed_on=D(2026, 3, 8), reasons=""
        )
    assert "reasons" in messages_of(error)
    actions.objection_file(
        actor=bureau, application=application, filed_on=D(2026, 3, 8), reasons="收入计算有误"
    )
    assert application.status == Status.OBJECTION
    with pytest.raises(ValidationError) as exc:
        actions.objection_decide(
            actor=bureau, application=application, result="", decided_on=D(2026, 3, 10)
        )
    assert_invalid(exc, "result", "请选择异议审查结果。")
    actions.objection_decide(
        actor=bureau,
        application=application,
        result=ObjectionResult.UPHELD,
        decided_on=D(2026, 3, 10),
    )
    application.refresh_from_db()
    assert application.status == Status.REFUSED
    assert application.objection_result == ObjectionResult.UPHELD
    assert application.objection_decided_on == D(2026, 3, 10)


def test_objection_corrected_grants(centre, reviewer, bureau):
    application = refused(reviewer, centre)
    actions.objection_file(
        actor=bureau, application=application, filed_on=D(2026, 3, 8), reasons="收入计算有误"
    )
    actions.objection_decide(
        actor=bureau,
        application=application,
        result=ObjectionResult.CORRECTED,
        decided_on=D(2026, 3, 11),
        note="责令给予法律援助",
    )
    application.refresh_from_db()
    assert application.status == Status.GRANTED
    assert application.accepted_on == application.decided_on == D(2026, 3, 11)
    assert application.refusal_reasons == ""


def test_objection_against_termination_upheld_returns_to_terminated(centre, reviewer, bureau):
    application = make_in_progress(reviewer, centre)
    actions.application_terminate(
        actor=reviewer,
        application=application,
        ground=TerminationGround.OWN_LAWYER,
        terminated_on=D(2026, 3, 9),
    )
    actions.objection_file(
        actor=bureau, application=application, filed_on=D(2026, 3, 10), reasons="未自行委托"
    )
    actions.objection_decide(
        actor=bureau,
        application=application,
        result=ObjectionResult.UPHELD,
        decided_on=D(2026, 3, 12),
    )
    application.refresh_from_db()
    assert application.status == Status.TERMINATED


def test_objection_is_decided_by_the_justice_bureau_not_the_centre(cast, centre, reviewer):
    # 法律援助法 第49条: the objection goes to the 司法行政部门 that set up the centre (county
    # A's 司法局), which decides it; the centre whose refusal is contested may do neither.
    application = refused(reviewer, centre)
    with pytest.raises(PermissionDenied, match="司法行政部门"):
        actions.objection_file(
            actor=reviewer, application=application, filed_on=D(2026, 3, 8), reasons="有误"
        )
    application.refresh_from_db()
    assert application.status == Status.REFUSED
    bureau = cast.county_supervisor  # 业务科室 of 甲县司法局, the centre's parent office
    actions.objection_file(
        actor=bureau, application=application, filed_on=D(2026, 3, 8), reasons="有误"
    )
    assert application.objection_authority == cast.county_a
    with pytest.raises(PermissionDenied, match="法律援助机构不能审查"):
        actions.objection_decide(
            actor=reviewer,
            application=application,
            result=ObjectionResult.CORRECTED,
            decided_on=D(2026, 3, 10),
        )
    application.refresh_from_db()
    assert application.status == Status.OBJECTION
    assert application.objection_result == ""
    actions.objection_decide(
        actor=bureau,
        application=application,
        result=ObjectionResult.CORRECTED,
        decided_on=D(2026, 3, 10),
    )
    application.refresh_from_db()
    assert application.status == Status.GRANTED
    assert application.objection_authority == cast.county_a
    assert application.events.order_by("-id").first().created_by == bureau


def test_objection_not_decided_by_another_bureau(cast, centre, reviewer):
    application = refused(reviewer, centre)
    actions.objection_file(
        actor=cast.county_supervisor, application=application, filed_on=D(2026, 3, 8), reasons="x"
    )
    other_bureau = make_reviewer(cast.county_b)  # edit rights in 乙县, not over this centre
    with pytest.raises(Http404):
        actions.objection_decide(
            actor=other_bureau,
            application=application,
            result=ObjectionResult.UPHELD,
            decided_on=D(2026, 3, 10),
        )


def test_objection_decide_only_while_under_objection(centre, reviewer):
    application = make_application(reviewer, centre)
    with pytest.raises(ValidationError) as exc:
        actions.objection_decide(
            actor=reviewer,
            application=application,
            result=ObjectionResult.CORRECTED,
            decided_on=D(2026, 3, 10),
        )
    assert_invalid(exc, "__all__", "只有异议审查中的案件才能作出异议审查决定。")
    with pytest.raises(ValidationError) as exc:  # no objection against a pending application
        actions.objection_file(
            actor=reviewer, application=application, filed_on=D(2026, 3, 8), reasons="理由"
        )
    assert_invalid(exc, "__all__", "案件不能从「已收到申请」变为「异议审查中」。")


# ---------------------------------------------------------------------------------------------
# Handling, end, termination, closing


def test_agreement_moves_to_in_progress(centre, reviewer):
    application = make_assigned(
        reviewer, centre, assigned_on=D(2026, 3, 4), decided_on=D(2026, 3, 3)
    )
    with pytest.raises(ValidationError) as error:
        actions.agreement_signed(actor=reviewer, application=application, signed_on=D(2026, 3, 3))
    assert "signed_on" in messages_of(error)
    actions.agreement_signed(actor=reviewer, application=application, signed_on=D(2026, 3, 6))
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    assert application.assignments.get().agreement_signed_on == D(2026, 3, 6)


def test_agreement_needs_an_assignment(centre, reviewer):
    application = make_granted(reviewer, centre)
    with pytest.raises(ValidationError) as exc:
        actions.agreement_signed(actor=reviewer, application=application, signed_on=D(2026, 3, 6))
    assert_invalid(exc, "__all__", "案件不能从「决定给予」变为「承办中」。")


def test_handling_events_only_while_handled(centre, reviewer):
    application = make_granted(reviewer, centre)
    with pytest.raises(ValidationError) as exc:
        actions.handling_event_add(
            actor=reviewer,
            application=application,
            kind=EventKind.MEETING,
            happened_on=D(2026, 3, 5),
        )
    assert_invalid(exc, "__all__", "只有已指派或承办中的案件才能登记承办情况。")
    application = make_in_progress(reviewer, centre)
    event = actions.handling_event_add(
        actor=reviewer,
        application=application,
        kind=EventKind.MEETING,
        happened_on=D(2026, 3, 5),
        notes="会见受援人",
    )
    assert event.pk and event.office == centre
    with pytest.raises(ValidationError) as error:
        actions.handling_event_add(
            actor=reviewer, application=application, kind="", happened_on=D(2026, 3, 1)
        )
    assert set(messages_of(error)) >= {"kind", "happened_on"}


def test_end_records_outcome_and_money(centre, reviewer):
    application = make_in_progress(reviewer, centre)
    with pytest.raises(ValidationError) as error:
        actions.application_end(
            actor=reviewer,
            application=application,
            outcome="",
            ended_on=D(2026, 3, 20),
            money_recovered=-5,
        )
    assert set(messages_of(error)) == {"outcome", "money_recovered"}
    actions.application_end(
        actor=reviewer,
        application=application,
        outcome=Outcome.SETTLED,
        ended_on=D(2026, 3, 20),
        money_recovered="8000.50",
    )
    application.refresh_from_db()
    assert application.status == Status.ENDED
    assert application.ended_on == D(2026, 3, 20)
    assert str(application.money_recovered) == "8000.50"


def test_end_only_from_in_progress(centre, reviewer):
    application = make_assigned(reviewer, centre)
    with pytest.raises(ValidationError) as error:
        actions.application_end(
            actor=reviewer, application=application, outcome=Outcome.WON, ended_on=D(2026, 3, 20)
        )
    assert error.value.code == "transition"


def test_terminate_needs_a_statutory_ground(centre, reviewer):
    application = make_assigned(reviewer, centre)
    with pytest.raises(ValidationError) as error:
        actions.application_terminate(
            actor=reviewer, application=application, ground="", terminated_on=D(2026, 3, 9)
        )
    assert "第48条" in messages_of(error)["ground"][0]
    with pytest.raises(ValidationError) as error:
        actions.application_terminate(
            actor=reviewer,
            application=application,
            ground=TerminationGround.OTHER,
            terminated_on=D(2026, 3, 9),
        )
    assert "note" in messages_of(error)
    actions.application_terminate(
        actor=reviewer,
        application=application,
        ground=TerminationGround.DECEPTION,
        terminated_on=D(2026, 3, 9),
    )
    application.refresh_from_db()
    assert application.status == Status.TERMINATED
    assert application.terminated_on == D(2026, 3, 9)


def test_closing_submit_review_return_and_archive(centre, reviewer):
    application = make_ended(reviewer, centre, ended_on=D(2026, 3, 20))
    with pytest.raises(ValidationError) as exc:
        actions.closing_materials_submit(
            actor=reviewer, application=application, submitted_on=D(2026, 3, 19)
        )
    assert_invalid(exc, "submitted_on", "提交结案材料日期不能早于办结日期。")
    actions.closing_materials_submit(
        actor=reviewer, application=application, submitted_on=D(2026, 4, 1)
    )
    assert application.status == Status.FILED_FOR_REVIEW
    with pytest.raises(ValidationError) as error:
        actions.closing_review(
            actor=reviewer, application=application, approve=False, reviewed_on=D(2026, 4, 5)
        )
    assert "reason" in messages_of(error)
    actions.closing_review(
        actor=reviewer,
        application=application,
        approve=False,
        reviewed_on=D(2026, 4, 5),
        reason="缺少判决书复印件",
    )
    application.refresh_from_db()
    assert application.status == Status.ENDED
    assert application.materials_submitted_on is None
    actions.closing_materials_submit(
        actor=reviewer, application=application, submitted_on=D(2026, 4, 8)
    )
    with pytest.raises(ValidationError) as error:
        actions.closing_review(
            actor=reviewer, application=application, approve=True, reviewed_on=D(2026, 4, 10)
        )
    assert "archive_number" in messages_of(error)
    actions.closing_review(
        actor=reviewer,
        application=application,
        approve=True,
        reviewed_on=D(2026, 4, 10),
        archive_number="FY-2026-001",
    )
    application.refresh_from_db()
    assert application.status == Status.ARCHIVED
    assert application.archive_number == "FY-2026-001"
    assert application.archived_on == D(2026, 4, 10)
    assert [to for _from, to in statuses(application)][-4:] == [
        Status.FILED_FOR_REVIEW,
        Status.ENDED,
        Status.FILED_FOR_REVIEW,
        Status.ARCHIVED,
    ]
    # the archive number is unique within the centre
    other = make_ended(reviewer, centre, ended_on=D(2026, 3, 20))
    actions.closing_materials_submit(actor=reviewer, application=other, submitted_on=D(2026, 4, 1))
    with pytest.raises(ValidationError) as error:
        actions.closing_review(
            actor=reviewer,
            application=other,
            approve=True,
            reviewed_on=D(2026, 4, 10),
            archive_number="FY-2026-001",
        )
    assert "archive_number" in messages_of(error)


def test_terminated_case_is_archived_directly(centre, reviewer):
    application = make_assigned(reviewer, centre)
    actions.application_terminate(
        actor=reviewer,
        application=application,
        ground=TerminationGround.REQUESTED,
        terminated_on=D(2026, 3, 9),
    )
    actions.closing_review(
        actor=reviewer,
        application=application,
        approve=True,
        reviewed_on=D(2026, 3, 12),
        archive_number="FY-T-1",
    )
    assert application.status == Status.ARCHIVED


def test_archived_accepts_nothing_more(centre, reviewer):
    application = make_assigned(
        reviewer, centre, handler=make_handler(centre, kind=HandlerKind.LAWYER)[1]
    )
    actions.application_terminate(
        actor=reviewer,
        application=application,
        ground=TerminationGround.REQUESTED,
        terminated_on=D(2026, 3, 9),
    )
    actions.closing_review(
        actor=reviewer,
        application=application,
        approve=True,
        reviewed_on=D(2026, 3, 12),
        archive_number="FY-T-2",
    )
    with pytest.raises(ValidationError) as error:
        actions.objection_file(
            actor=reviewer, application=application, filed_on=D(2026, 3, 13), reasons="x"
        )
    assert error.value.code == "transition"


def test_due_dates_are_stored_when_each_period_starts(centre, reviewer):
    """第43条 / 第36条: the actions store the due date the rule gives (the to-dos and the
    timeliness figures read it). 2026-03-06 is a Friday: day 7 is a Friday too; the assignment
    period from a Friday ends on Monday (day 3 is a Sunday)."""
    from sifa.core.deadlines import compute
    from sifa.legalaid.constants import (
        ASSIGNMENT_RULE,
        DECISION_RULE,
        NOTIFICATION_ASSIGNMENT_RULE,
    )

    application = make_application(reviewer, centre, received_on=D(2026, 3, 6))
    assert application.decision_due_on == compute(DECISION_RULE, D(2026, 3, 6))
    assert application.assignment_due_on is None
    actions.supplement_request(
        actor=reviewer, application=application, requested_on=D(2026, 3, 7), due_on=D(2026, 3, 20)
    )
    actions.materials_supplied(actor=reviewer, application=application, supplied_on=D(2026, 3, 9))
    application.refresh_from_db()
    assert application.decision_due_on == compute(DECISION_RULE, D(2026, 3, 9))
    actions.application_decide(
        actor=reviewer, application=application, grant=True, decided_on=D(2026, 3, 13)
    )
    application.refresh_from_db()
    assert application.assignment_due_on == compute(ASSIGNMENT_RULE, D(2026, 3, 13))
    assert application.assignment_due_on == D(2026, 3, 16)

    notified = actions.notification_register(
        actor=reviewer,
        office=centre,
        applicant=make_person(centre),
        matter=Matter.CRIMINAL_DEFENCE,
        notifying_organ=NotifyingOrgan.COURT,
        notifying_organ_name="甲县人民法院",
        criminal_stage=CriminalStage.TRIAL,
        notification_ground="被告人系未成年人",
        notified_on=D(2026, 3, 13),
        facts="涉嫌盗窃。",
    )
    assert notified.decision_due_on is None
    assert notified.assignment_due_on == compute(NOTIFICATION_ASSIGNMENT_RULE, D(2026, 3, 13))


def test_foundation_funding_only_for_accepted_cases_and_logged(cast, centre, reviewer):
    received = make_application(reviewer, centre)
    with pytest.raises(ValidationError) as exc:
        actions.foundation_funding_set(actor=reviewer, application=received, funded=True)
    assert_invalid(exc, "__all__", "只有已受理的法律援助案件才能登记基金会资助。")
    granted = make_granted(reviewer, centre)
    with pytest.raises(PermissionDenied):
        actions.foundation_funding_set(actor=cast.city_leader, application=granted, funded=True)
    with pytest.raises(Http404):
        actions.foundation_funding_set(actor=cast.sibling_clerk, application=granted, funded=True)
    actions.foundation_funding_set(
        actor=reviewer, application=granted, funded=True, note="省法律援助基金会2026年项目"
    )
    granted.refresh_from_db()
    assert granted.foundation_funded
    event = granted.events.order_by("-id").first()
    assert event.from_status == event.to_status == Status.GRANTED
    assert "基金会资助" in event.reason and "2026年项目" in event.reason
    actions.foundation_funding_set(actor=reviewer, application=granted, funded=False)
    granted.refresh_from_db()
    assert not granted.foundation_funded
