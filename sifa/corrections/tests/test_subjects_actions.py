"""Subject actions: intake (报到 deadline, on time / late / not reported, 回执), team, plan,
category, announcement (CC-8, CC-32), the correction period table, release (CC-29, CC-31)
with the hand-over to 安置帮教, termination (CC-30), and the to-dos."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sifa.core.testing import assert_invalid
from sifa.corrections.actions import subjects as actions
from sifa.corrections.constants import (
    AlertKind,
    CustodyKind,
    MeasureKind,
    ProposalOutcome,
    ReleaseType,
    ReportType,
    SentenceType,
    Status,
    TeamRole,
    TerminationType,
)
from sifa.corrections.models import Alert, CategoryChange, CorrectionPlan, Measure, SubjectEvent
from sifa.corrections.selectors.subjects import subjects_due
from sifa.corrections.tests.factories import (
    add_team,
    make_active_subject,
    make_expired_subject,
    make_person,
    make_received_subject,
    make_subject,
    make_worker,
    subject_fields,
)
from sifa.people.models import Gender

D = datetime.date


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def office(cast):
    return cast.township_a1


# ---------------------------------------------------------------------------------------------
# The correction period (DOMAIN §3.2)


@pytest.mark.parametrize(
    ("sentence_type", "effective", "months", "start", "expected"),
    [
        # 缓刑: 考验期 from the judgment's effect
        (SentenceType.PROBATION, D(2026, 3, 2), 12, None, (D(2026, 3, 2), D(2027, 3, 1))),
        (SentenceType.PROBATION, D(2026, 1, 1), 2, None, (D(2026, 1, 1), D(2026, 2, 28))),
        # 管制: from the effect, or from an earlier start when 羁押 is credited
        (SentenceType.CONTROL, D(2026, 5, 10), 6, None, (D(2026, 5, 10), D(2026, 11, 9))),
        (
            SentenceType.CONTROL,
            D(2026, 5, 10),
            6,
            D(2026, 4, 20),
            (D(2026, 4, 20), D(2026, 10, 19)),
        ),
        # 假释: the remaining term from the parole date
        # (no 2028-02-31: the last day of February, 刑法 第47条 counts the first day)
        (SentenceType.PAROLE, D(2026, 8, 31), 18, None, (D(2026, 8, 31), D(2028, 2, 29))),
        # 暂予监外执行: the remaining term from the decision's effect
        # issue 15: from the last day of a month; no 2025-02-29, so 02-28 (not 02-27)
        (SentenceType.OUTSIDE_PRISON, D(2024, 2, 29), 12, None, (D(2024, 2, 29), D(2025, 2, 28))),
        (SentenceType.PROBATION, D(2026, 3, 31), 1, None, (D(2026, 3, 31), D(2026, 4, 30))),
        (SentenceType.OUTSIDE_PRISON, D(2026, 12, 31), 1, None, (D(2026, 12, 31), D(2027, 1, 30))),
    ],
)
def test_correction_period_table(sentence_type, effective, months, start, expected):
    assert actions.correction_period(sentence_type, effective, months, start=start) == expected


@pytest.mark.parametrize("months", [None, 0])
def test_correction_period_needs_months(months):
    with pytest.raises(ValidationError) as exc:
        actions.correction_period(SentenceType.PROBATION, D(2026, 1, 1), months)
    assert_invalid(exc, "__all__", "考验期/刑期至少为")


def test_correction_period_unknown_type():
    with pytest.raises(ValidationError) as exc:
        actions.correction_period("other", D(2026, 1, 1), 3)
    assert_invalid(exc, "__all__", "请选择矫正类别。")


# ---------------------------------------------------------------------------------------------
# Registration


def test_register_computes_due_and_period(worker, office):
    subject = make_subject(worker, office)
    assert subject.status == Status.AWAITING_REPORT
    assert subject.number == "330102-JZ-2026-0001"  # SIFA_NUMBERING's default
    assert subject.report_due_on == D(2026, 3, 12)  # 10 days of 2026-03-02 (statutory)
    assert (subject.correction_start, subject.correction_end) == (D(2026, 3, 2), D(2027, 3, 1))
    assert subject.period_override_reason == ""
    assert not subject.is_minor
    event = subject.events.get()
    assert event.to_status == Status.AWAITING_REPORT and "2026-03-12" in event.reason


def test_register_derives_minor_from_birth_date(worker, office):
    person = make_person(office, birth_date=D(2008, 3, 3))  # 17 on 2026-03-02
    assert make_subject(worker, office, person=person).is_minor
    person = make_person(office, birth_date=D(2008, 3, 2))  # 18 that day
    assert not make_subject(worker, office, person=person).is_minor
    person = make_person(office, birth_date=None)
    assert not make_subject(worker, office, person=person).is_minor


def test_register_minor_needs_minors_capability(cast, office):
    with pytest.raises(PermissionDenied):
        make_subject(cast.township_clerk, office, minor=True)


def test_register_manual_period_needs_reason(worker, office):
    with pytest.raises(ValidationError) as error:
        make_subject(worker, office, correction_start=D(2026, 2, 20))
    assert "period_override_reason" in error.value.message_dict
    subject = make_subject(
        worker,
        office,
        sentence_type=SentenceType.CONTROL,
        original_sentence="管制六个月",
        sentence_months=6,
        correction_start=D(2026, 2, 20),
        correction_end=D(2026, 8, 19),
        period_override_reason="判决前羁押10日，折抵刑期20日",
    )
    assert subject.correction_start == D(2026, 2, 20)
    assert subject.period_override_reason.startswith("判决前羁押")
    # the same dates as computed need no reason
    same = make_subject(
        worker, office, correction_start=D(2026, 3, 2), correction_end=D(2027, 3, 1)
    )
    assert same.correction_end == D(2027, 3, 1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"sentence_type": "x"}, "sentence_type"),
        ({"decision_organ": "x"}, "decision_organ"),
        ({"crime": " "}, "crime"),
        ({"judgment_number": ""}, "judgment_number"),
        ({"notified_on": D(2026, 3, 1)}, "notified_on"),
        ({"notified_on": D(2099, 1, 1)}, "notified_on"),
        ({"documents_received_on": D(2026, 2, 1)}, "documents_received_on"),
        ({"sentence_months": 0}, "sentence_months"),
        ({"sentence_months": None}, "sentence_months"),
        ({"sentence_type": SentenceType.CONTROL, "sentence_months": 30}, "sentence_months"),
        ({"sentence_type": SentenceType.PROBATION, "sentence_months": 1}, "sentence_months"),
        ({"crime_category": "nonsense"}, "crime_category"),
    ],
)
def test_register_validation(worker, office, overrides, field):
    with pytest.raises(ValidationError) as error:
        make_subject(worker, office, **overrides)
    assert field in error.value.message_dict


def test_register_only_in_a_judicial_office(worker, cast):
    with pytest.raises(ValidationError) as error:
        make_subject(worker, cast.county_a)
    assert "office" in error.value.message_dict


def test_register_access(cast, office):
    with pytest.raises(Http404):
        make_subject(cast.sibling_clerk, office)
    with pytest.raises(PermissionDenied):
        make_subject(cast.city_leader, office)
    subject = make_subject(cast.township_clerk, office)  # jo_staff: adults
    assert subject.pk


# ---------------------------------------------------------------------------------------------
# 报到, not reported, documents and receipt


def test_report_on_time_and_late(worker, office):
    on_time = actions.subject_report(
        actor=worker, subject=make_subject(worker, office), reported_on=D(2026, 3, 12)
    )
    assert on_time.status == Status.RECEIVED
    assert on_time.report_type == ReportType.ON_TIME
    assert on_time.registered_on == D(2026, 3, 12)
    late = actions.subject_report(
        actor=worker, subject=make_subject(worker, office), reported_on=D(2026, 3, 13)
    )
    assert late.report_type == ReportType.LATE
    assert "超期报到" in late.events.last().reason


def test_report_validation(worker, office):
    subject = make_subject(worker, office)
    with pytest.raises(ValidationError) as exc:
        actions.subject_report(actor=worker, subject=subject, reported_on=D(2026, 3, 1))
    assert_invalid(exc, "reported_on", "报到日期不能早于判决/裁定/决定生效日期。")
    with pytest.raises(ValidationError) as exc:
        actions.subject_report(actor=worker, subject=subject, reported_on=D(2099, 3, 1))
    assert_invalid(exc, "reported_on", "不能晚于今天")
    actions.subject_report(actor=worker, subject=subject, reported_on=D(2026, 3, 5))
    with pytest.raises(ValidationError) as exc:  # transition: already received
        actions.subject_report(actor=worker, subject=subject, reported_on=D(2026, 3, 6))
    assert_invalid(exc, "__all__", "案件不能从「已接收」变为「已接收」。")


def test_report_without_documents_asks_for_them(worker, office):
    subject = make_subject(worker, office, documents_received_on=None)
    actions.subject_report(actor=worker, subject=subject, reported_on=D(2026, 3, 5))
    assert "法律文书尚未送达" in subject.events.last().reason


def test_not_reported_opens_alert_and_notifies(worker, office):
    subject = make_subject(worker, office)
    with pytest.raises(ValidationError) as exc:  # the due date has not passed
        actions.subject_not_reported(actor=worker, subject=subject, on=D(2026, 3, 12))
    assert_invalid(exc, "on", "）尚未届满，不能登记未报到。")
    actions.subject_not_reported(actor=worker, subject=subject, on=D(2026, 3, 13))
    subject.refresh_from_db()
    assert subject.status == Status.NOT_REPORTED
    assert subject.report_type == ReportType.NOT_REPORTED
    alert = Alert.objects.get(subject=subject)
    assert alert.kind == AlertKind.NOT_REPORTED and alert.handled_on is None
    event = subject.events.last()
    assert event.to_status == Status.NOT_REPORTED
    assert "通知决定机关（甲县人民法院）" in event.reason
    # reporting later: late, and the alert is handled
    actions.subject_report(actor=worker, subject=subject, reported_on=D(2026, 3, 20))
    assert subject.report_type == ReportType.LATE
    alert.refresh_from_db()
    assert alert.handled_on == D(2026, 3, 20)


def test_documents_and_receipt(worker, office):
    subject = make_subject(worker, office, documents_received_on=None)
    assert actions.receipt_due_on(subject) is None
    with pytest.raises(ValidationError) as exc:
        actions.subject_receipt_sent(actor=worker, subject=subject, sent_on=D(2026, 3, 6))
    assert_invalid(exc, "sent_on", "尚未登记收到法律文书，不能发送回执。")
    actions.subject_documents_received(actor=worker, subject=subject, received_on=D(2026, 3, 5))
    assert actions.receipt_due_on(subject) == D(2026, 3, 10)
    with pytest.raises(ValidationError) as exc:
        actions.subject_receipt_sent(actor=worker, subject=subject, sent_on=D(2026, 3, 4))
    assert_invalid(exc, "sent_on", "回执发送日期不能早于收到法律文书日期。")
    actions.subject_receipt_sent(actor=worker, subject=subject, sent_on=D(2026, 3, 7))
    subject.refresh_from_db()
    assert subject.receipt_sent_on == D(2026, 3, 7)


def test_receipt_days_is_a_setting(worker, office, settings):
    # The deadline rule reads the value when the app starts (5 days by default: the test above);
    # the value itself comes from the setting, so a bureau can change it without a release.
    from sifa.corrections import rules

    assert rules.value("SIFA_CC_RECEIPT_DAYS") == 5
    settings.SIFA_CC_RECEIPT_DAYS = 7
    assert rules.value("SIFA_CC_RECEIPT_DAYS") == 7


# ---------------------------------------------------------------------------------------------
# Team, plan, category, announcement


def test_announce_needs_team_plan_and_category(worker, office):
    subject = make_received_subject(worker, office)
    with pytest.raises(ValidationError) as error:
        actions.subject_announce(
            actor=worker, subject=subject, announced_on=D(2026, 3, 6), category="ordinary"
        )
    messages = error.value.message_dict
    assert "plan" in messages and any("矫正小组" in m for m in messages["__all__"])
    add_team(worker, subject)
    with pytest.raises(ValidationError) as error:
        actions.subject_announce(
            actor=worker, subject=subject, announced_on=D(2026, 3, 6), category="nope", plan="x"
        )
    assert "category" in error.value.message_dict
    actions.subject_announce(
        actor=worker, subject=subject, announced_on=D(2026, 3, 6), category="ordinary", plan="方案"
    )
    subject.refresh_from_db()
    assert subject.status == Status.UNDER_CORRECTION
    assert subject.category == "ordinary"
    assert subject.plans.get().version == 1
    change = subject.categories.get()
    assert (change.from_category, change.to_category) == ("", "ordinary")
    assert "普通" in subject.events.last().reason


def test_announce_female_needs_female_member(worker, office):
    subject = make_received_subject(worker, office, gender=Gender.FEMALE)
    actions.team_member_add(
        actor=worker, subject=subject, name="张三", role=TeamRole.JUDICIAL_OFFICE
    )
    with pytest.raises(ValidationError) as error:
        actions.subject_announce(
            actor=worker, subject=subject, announced_on=D(2026, 3, 6), category="ordinary", plan="p"
        )
    assert any("女性成员" in m for m in error.value.messages)
    actions.team_member_add(
        actor=worker, subject=subject, name="李四", role=TeamRole.FAMILY, is_female=True
    )
    actions.subject_announce(
        actor=worker, subject=subject, announced_on=D(2026, 3, 6), category="ordinary", plan="p"
    )
    assert subject.status == Status.UNDER_CORRECTION


def test_announce_minor_needs_member_versed_in_minors(worker, office):
    subject = make_received_subject(worker, office, minor=True)
    actions.team_member_add(
        actor=worker, subject=subject, name="张三", role=TeamRole.JUDICIAL_OFFICE
    )
    with pytest.raises(ValidationError) as error:
        actions.subject_announce(
            actor=worker, subject=subject, announced_on=D(2026, 3, 6), category="ordinary", plan="p"
        )
    assert any("未成年人身心特点" in m for m in error.value.messages)
    actions.team_member_add(
        actor=worker, subject=subject, name="王老师", role=TeamRole.EMPLOYER, versed_in_minors=True
    )
    actions.subject_announce(
        actor=worker, subject=subject, announced_on=D(2026, 3, 6), category="ordinary", plan="p"
    )
    assert subject.status == Status.UNDER_CORRECTION


def test_team_member_validation_and_removal(worker, office):
    subject = make_active_subject(worker, office, gender=Gender.FEMALE)
    with pytest.raises(ValidationError) as exc:
        actions.team_member_add(actor=worker, subject=subject, name="", role="x")
    assert_invalid(exc, "role", "请选择成员身份。")
    female = subject.team.get(is_female=True)
    with pytest.raises(ValidationError) as exc:  # CC-8 would break
        actions.team_member_remove(actor=worker, member=female)
    assert_invalid(
        exc, "__all__", "移除该成员后：矫正对象为女性，矫正小组中应有女性成员（社区矫正法 第"
    )
    other = subject.team.get(is_female=False)
    actions.team_member_remove(actor=worker, member=other)
    assert subject.team.count() == 1


def test_plan_versions(worker, office):
    subject = make_active_subject(worker, office)
    plan = actions.plan_add(actor=worker, subject=subject, made_on=D(2026, 6, 1), content="调整")
    assert plan.version == 2
    assert list(
        CorrectionPlan.objects.filter(subject=subject).values_list("version", flat=True)
    ) == [1, 2]
    with pytest.raises(ValidationError) as exc:
        actions.plan_add(actor=worker, subject=subject, made_on=D(2026, 6, 1), content=" ")
    assert_invalid(exc, "content", "请填写矫正方案内容。")
    with pytest.raises(ValidationError) as exc:  # not yet received
        actions.plan_add(
            actor=worker, subject=make_subject(worker, office), made_on=D(2026, 6, 1), content="x"
        )
    assert_invalid(exc, "__all__", "对象当前状态为“待报到”，不能制定或调整矫正方案。")


def test_category_change(worker, office):
    subject = make_active_subject(worker, office)
    with pytest.raises(ValidationError) as error:
        actions.category_change(
            actor=worker, subject=subject, to_category="strict", changed_on=D(2026, 6, 1), reason=""
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.category_change(
            actor=worker, subject=subject, to_category="ordinary", changed_on=D(2026, 6, 1),
            reason="同类",
        )  # fmt: skip
    assert_invalid(exc, "to_category", "新类别与现管理类别相同。")
    with pytest.raises(ValidationError) as exc:
        actions.category_change(
            actor=worker, subject=subject, to_category="bogus", changed_on=D(2026, 6, 1),
            reason="x",
        )  # fmt: skip
    assert_invalid(exc, "to_category", "“bogus”不是有效的社区矫正管理类别代码。")
    change = actions.category_change(
        actor=worker, subject=subject, to_category="strict", changed_on=D(2026, 6, 1),
        reason="两次训诫",
    )  # fmt: skip
    assert (change.from_category, change.to_category) == ("ordinary", "strict")
    subject.refresh_from_db()
    assert subject.category == "strict"
    assert CategoryChange.objects.filter(subject=subject).count() == 2


def test_period_adjust_needs_reason(worker, office):
    subject = make_active_subject(worker, office)
    with pytest.raises(ValidationError) as error:
        actions.subject_period_adjust(
            actor=worker, subject=subject, correction_start=D(2026, 3, 1),
            correction_end=D(2027, 2, 28), reason="",
        )  # fmt: skip
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.subject_period_adjust(
            actor=worker, subject=subject, correction_start=D(2026, 3, 1),
            correction_end=D(2026, 2, 28), reason="x",
        )  # fmt: skip
    assert_invalid(exc, "correction_end", "矫正期满日期不能早于矫正起始日期。")
    actions.subject_period_adjust(
        actor=worker, subject=subject, correction_start=D(2026, 3, 1),
        correction_end=D(2027, 2, 28), reason="法院裁定更正",
    )  # fmt: skip
    subject.refresh_from_db()
    assert subject.correction_end == D(2027, 2, 28)
    assert subject.period_override_reason == "法院裁定更正"
    assert "法院裁定更正" in subject.events.last().reason


# ---------------------------------------------------------------------------------------------
# Release and termination


def test_release_before_expiry_refused_unless_pardon(worker, office):
    subject = make_active_subject(worker, office)
    with pytest.raises(ValidationError) as error:
        actions.subject_release(
            actor=worker, subject=subject, released_on=D(2026, 6, 1),
            release_type=ReleaseType.EXPIRY,
        )  # fmt: skip
    assert "released_on" in error.value.message_dict
    actions.subject_release(
        actor=worker, subject=subject, released_on=D(2026, 6, 1), release_type=ReleaseType.PARDON
    )
    assert subject.status == Status.RELEASED
    assert subject.release_type == ReleaseType.PARDON


def test_release_on_expiry_numbers_certificate_and_hands_over(worker, office):
    subject = make_expired_subject(worker, office)
    assert subject.correction_end == D(2026, 5, 1)
    actions.subject_release(
        actor=worker, subject=subject, released_on=D(2026, 5, 1), release_type=ReleaseType.EXPIRY
    )
    subject.refresh_from_db()
    assert subject.status == Status.RELEASED
    assert subject.certificate_number == "〔2026〕甲司矫解字第0001号"  # SIFA_NUMBERING's default
    event = subject.events.last()
    assert subject.certificate_number in event.reason and "人民检察院" in event.reason
    second = make_expired_subject(worker, office)
    actions.subject_release(
        actor=worker, subject=second, released_on=D(2026, 5, 2), release_type=ReleaseType.EXPIRY
    )
    assert second.certificate_number == "〔2026〕甲司矫解字第0002号"
    from sifa.resettlement.models import ReleasedPerson

    released = ReleasedPerson.objects.get(subject=subject)
    assert released.person == subject.person


def test_release_refused_while_proposal_pending(worker, office):
    subject = make_expired_subject(worker, office)
    measure = Measure.objects.create(
        office=office, subject=subject, kind=MeasureKind.REVOKE_PROBATION, facts="两次警告",
        decided_on=D(2026, 4, 20), decided_by="主任", addressee="甲县人民法院",
        outcome=ProposalOutcome.PENDING,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        actions.subject_release(
            actor=worker, subject=subject, released_on=D(2026, 5, 2),
            release_type=ReleaseType.EXPIRY,
        )  # fmt: skip
    assert any("提请撤销缓刑" in m for m in error.value.messages)
    subject.refresh_from_db()
    assert subject.status == Status.UNDER_CORRECTION
    measure.outcome = ProposalOutcome.REJECTED
    measure.save()
    actions.subject_release(
        actor=worker, subject=subject, released_on=D(2026, 5, 2), release_type=ReleaseType.EXPIRY
    )
    assert subject.status == Status.RELEASED


def test_release_validation(worker, office):
    subject = make_expired_subject(worker, office)
    taken = make_expired_subject(worker, office)
    actions.subject_release(
        actor=worker, subject=taken, released_on=D(2026, 5, 1), release_type=ReleaseType.EXPIRY,
        certificate_number="解矫001",
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        actions.subject_release(
            actor=worker, subject=subject, released_on=D(2026, 5, 1),
            release_type=ReleaseType.EXPIRY, certificate_number="解矫001",
        )  # fmt: skip
    assert "certificate_number" in error.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.subject_release(
            actor=worker, subject=subject, released_on=D(2026, 5, 1), release_type="x"
        )
    assert_invalid(exc, "release_type", "请选择解除类型。")
    with pytest.raises(ValidationError) as exc:  # not in 在矫
        actions.subject_release(
            actor=worker, subject=make_subject(worker, office), released_on=D(2026, 5, 1),
            release_type=ReleaseType.PARDON,
        )  # fmt: skip
    assert_invalid(exc, "__all__", "变为「已解除矫正」")


def test_terminate(worker, office):
    subject = make_active_subject(worker, office)
    with pytest.raises(ValidationError) as error:  # a probationer's parole cannot be revoked
        actions.subject_terminate(
            actor=worker, subject=subject, terminated_on=D(2026, 6, 1),
            termination_type=TerminationType.REVOKED_PAROLE,
        )  # fmt: skip
    assert "termination_type" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.subject_terminate(
            actor=worker, subject=subject, terminated_on=D(2026, 6, 1),
            termination_type=TerminationType.OTHER,
        )  # fmt: skip
    assert "note" in error.value.message_dict
    actions.subject_terminate(
        actor=worker, subject=subject, terminated_on=D(2026, 6, 1),
        termination_type=TerminationType.REVOKED_PROBATION, note="法院裁定撤销缓刑",
    )  # fmt: skip
    subject.refresh_from_db()
    assert subject.status == Status.TERMINATED
    assert subject.ended_note == "法院裁定撤销缓刑"
    assert "人民检察院" in subject.events.last().reason


def test_terminate_death_from_not_reported(worker, office):
    subject = make_subject(worker, office)
    actions.subject_not_reported(actor=worker, subject=subject, on=D(2026, 3, 20))
    actions.subject_terminate(
        actor=worker, subject=subject, terminated_on=D(2026, 4, 1),
        termination_type=TerminationType.DEATH, note="家属报告死亡",
    )  # fmt: skip
    assert subject.status == Status.TERMINATED
    statuses = list(
        SubjectEvent.objects.filter(subject=subject).values_list("to_status", flat=True)
    )
    assert statuses == [Status.AWAITING_REPORT, Status.NOT_REPORTED, Status.TERMINATED]


def test_terminate_refused_when_awaiting_report(worker, office):
    with pytest.raises(ValidationError) as exc:
        actions.subject_terminate(
            actor=worker, subject=make_subject(worker, office), terminated_on=D(2026, 4, 1),
            termination_type=TerminationType.DEATH,
        )  # fmt: skip
    assert_invalid(exc, "__all__", "案件不能从「待报到」变为「已终止矫正」。")


# ---------------------------------------------------------------------------------------------
# Access of the writes


def test_writes_need_edit_on_the_subject(cast, worker, office):
    subject = make_subject(worker, office)
    with pytest.raises(Http404):
        actions.subject_report(actor=cast.sibling_clerk, subject=subject, reported_on=D(2026, 3, 5))
    with pytest.raises(PermissionDenied):
        actions.subject_report(actor=cast.city_leader, subject=subject, reported_on=D(2026, 3, 5))
    actions.subject_report(actor=cast.township_clerk, subject=subject, reported_on=D(2026, 3, 5))


def test_minor_writes_hidden_without_minors_capability(cast, worker, office):
    subject = make_received_subject(worker, office, minor=True)
    with pytest.raises(Http404):
        actions.team_member_add(
            actor=cast.township_clerk, subject=subject, name="x", role=TeamRole.VOLUNTEER
        )


# ---------------------------------------------------------------------------------------------
# To-dos


def test_subjects_due(worker, office):
    due = make_subject(worker, office, documents_received_on=None)  # 报到 due 2026-03-12
    receipt = make_received_subject(worker, office)  # documents 03-04, receipt due 03-09
    ending = make_active_subject(worker, office)  # period ends 2027-03-01
    todos = subjects_due(actor=worker, today=D(2026, 3, 10))
    titles = {t.title: t for t in todos}
    assert any(due.number in t and "报到期限将至" in t for t in titles)
    assert any(receipt.number in t and "回执" in t for t in titles)
    assert not any(ending.number in t and "期将满" in t for t in titles)
    later = subjects_due(actor=worker, today=D(2027, 2, 10))
    assert any(ending.number in t.title and "期将满" in t.title and not t.overdue for t in later)
    assert any(due.number in t.title and t.overdue for t in later)


@pytest.mark.parametrize("code", ["corrections.report", "corrections.place_change_report"])
def test_report_deadlines_shift_off_holidays_even_with_the_policy_off(db, settings, code):
    # Issue 15: SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS (the agencies' own deadlines) does not stop the
    # shift of a subject's 报到 deadline (民法典 第203条; 刑事诉讼法 第105条).
    from sifa.core.deadlines import compute

    settings.SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS = False
    start = D(2024, 9, 24) if code == "corrections.report" else D(2024, 9, 27)
    assert compute(code, start) == D(2024, 10, 8)  # 10-04 is in the National Day holiday


def test_release_warning_days_are_a_setting(worker, office, settings):
    # Issue 15: 期满前N日 (CC-29 practice, default 30) is SIFA_CC_RELEASE_WARN_DAYS.
    ending = make_active_subject(worker, office)  # period ends 2027-03-01
    settings.SIFA_CC_RELEASE_WARN_DAYS = 60
    todos = subjects_due(actor=worker, today=D(2027, 1, 5))  # 55 days ahead
    assert any(ending.number in t.title and "期将满" in t.title for t in todos)
    settings.SIFA_CC_RELEASE_WARN_DAYS = 30
    todos = subjects_due(actor=worker, today=D(2027, 1, 5))
    assert not any(ending.number in t.title and "期将满" in t.title for t in todos)


def test_subjects_due_reads_the_holiday_table_once_for_the_whole_list(worker, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_received_subject(worker, office)
    with CaptureQueriesContext(connection) as one:
        subjects_due(actor=worker, today=D(2026, 3, 10))
    for _ in range(3):
        make_received_subject(worker, office)
    with CaptureQueriesContext(connection) as four:
        assert len(subjects_due(actor=worker, today=D(2026, 3, 10))) == 4
    assert len(four) == len(one)  # not one calendar read per subject


def test_subjects_due_hides_minors(cast, worker, office):
    minor = make_subject(worker, office, minor=True)
    assert any(minor.number in t.title for t in subjects_due(actor=worker, today=D(2026, 3, 11)))
    clerk = subjects_due(actor=cast.township_clerk, today=D(2026, 3, 11))
    assert not any(minor.number in t.title for t in clerk)
    assert subjects_due(actor=cast.sibling_clerk, today=D(2026, 3, 11)) == []


def test_subject_fields_default_person(office, cast):
    fields = subject_fields(office)
    assert fields["person"].office == office


def test_a_new_crime_is_recorded_once_with_its_facts(worker, office):
    from django.utils import timezone

    subject = make_active_subject(worker, office)
    with pytest.raises(ValidationError) as error:
        actions.subject_record_new_crime(actor=worker, subject=subject, found_on=None, note="")
    assert set(error.value.message_dict) == {"found_on", "note"}
    with pytest.raises(ValidationError) as exc:
        actions.subject_record_new_crime(
            actor=worker,
            subject=subject,
            found_on=timezone.localdate() + datetime.timedelta(days=1),
            note="盗窃",
        )
    assert_invalid(exc, "found_on", "日期不能晚于今天。")
    day = subject.registered_on + datetime.timedelta(days=10)
    actions.subject_record_new_crime(
        actor=worker, subject=subject, found_on=day, note="涉嫌盗窃罪，甲县公安局立案"
    )
    subject.refresh_from_db()
    assert subject.new_crime_on == day
    assert "立案" in subject.events.order_by("-id").first().reason
    with pytest.raises(ValidationError) as exc:  # once
        actions.subject_record_new_crime(actor=worker, subject=subject, found_on=day, note="再次")
    assert_invalid(exc, "found_on", "该对象已登记再犯罪。")


# ---------------------------------------------------------------------------------------------
# Custody (社区矫正法 第32条) blocks the release (CC-31); 暂外 handover lateness (CC-3)


def test_release_refused_while_in_custody_until_it_ends(worker, office):
    # Issue 15: a subject in custody (刑事强制措施) cannot be released until the custody ends.
    subject = make_expired_subject(worker, office)
    custody = actions.custody_record(
        actor=worker,
        subject=subject,
        kind=CustodyKind.CRIMINAL_DETENTION,
        organ="甲县公安局",
        start_on=D(2026, 4, 28),
    )
    with pytest.raises(ValidationError) as error:
        actions.subject_release(
            actor=worker, subject=subject, released_on=D(2026, 5, 2),
            release_type=ReleaseType.EXPIRY,
        )  # fmt: skip
    assert_invalid(error, "__all__", "刑事拘留")
    subject.refresh_from_db()
    assert subject.status == Status.UNDER_CORRECTION
    with pytest.raises(ValidationError) as error:
        actions.custody_record(
            actor=worker, subject=subject, kind=CustodyKind.ARREST, organ="甲县公安局",
            start_on=D(2026, 4, 29),
        )  # fmt: skip
    assert_invalid(error, "__all__", "尚未结束的羁押或强制措施")
    actions.subject_custody_end(
        actor=worker, subject=subject, ended_on=D(2026, 5, 10), outcome="解除强制措施"
    )
    custody.refresh_from_db()
    assert custody.ended_on == D(2026, 5, 10)
    actions.subject_release(
        actor=worker, subject=subject, released_on=D(2026, 5, 10), release_type=ReleaseType.EXPIRY
    )
    assert subject.status == Status.RELEASED


def test_custody_end_is_checked(worker, office):
    subject = make_active_subject(worker, office)
    with pytest.raises(ValidationError) as error:
        actions.subject_custody_end(actor=worker, subject=subject, ended_on=D(2026, 5, 10))
    assert_invalid(error, "__all__", "没有尚未结束的羁押或强制措施")
    actions.custody_record(
        actor=worker, subject=subject, kind=CustodyKind.DRUG_REHABILITATION, organ="甲县公安局",
        start_on=D(2026, 4, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        actions.subject_custody_end(actor=worker, subject=subject, ended_on=D(2026, 3, 31))
    assert_invalid(error, "ended_on", "结束日期不能早于开始日期。")


def test_late_outside_prison_handover_is_booked_on_the_organ_not_the_subject(worker, office):
    # Issue 15 / CC-3 (社区矫正法 第21条第2–3款): 看守所/监狱 hand a 暂外 subject over within 10
    # days; a late handover is the organ's, the subject's reception is not 超期报到.
    subject = make_subject(worker, office, sentence_type=SentenceType.OUTSIDE_PRISON)
    assert subject.report_due_on == D(2026, 3, 12)
    actions.subject_report(
        actor=worker, subject=subject, reported_on=D(2026, 3, 16), handover_organ="甲县看守所"
    )
    subject.refresh_from_db()
    assert subject.report_type == ReportType.ON_TIME
    assert subject.handover_late is True and subject.handover_organ == "甲县看守所"
    assert "甲县看守所移交超期" in subject.events.last().reason
    # A 缓刑 subject reporting late is still 超期报到 (his own deadline).
    own = make_subject(worker, office)
    actions.subject_report(actor=worker, subject=own, reported_on=D(2026, 3, 16))
    own.refresh_from_db()
    assert own.report_type == ReportType.LATE and own.handover_late is False
