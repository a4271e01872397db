"""考核奖惩 (CC-16…CC-23, CC-27): who may record which measure, each kind's preconditions, the
ladder's counters and suggestion with their configurable thresholds, a proposal's outcome
(granted revocation → termination), the 警告决定书, and the pages (own / parent / sibling,
minors)."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import override_settings
from django.urls import reverse
from docx import Document

from sifa.audit.models import AccessLog
from sifa.core.testing import assert_invalid
from sifa.corrections.actions.measures import measure_outcome, measure_record
from sifa.corrections.constants import (
    MeasureKind,
    ProposalOutcome,
    SentenceType,
    Status,
    TerminationType,
)
from sifa.corrections.models import LostContact, Measure
from sifa.corrections.selectors.measures import counters, county_of, suggested_measure
from sifa.corrections.tests.factories import make_active_subject, make_subject, make_worker

D = datetime.date
DAY = D(2026, 4, 1)


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a)


@pytest.fixture
def subject(cast, worker):
    return make_active_subject(worker, cast.township_a1)


def record(actor, subject, kind, *, on=DAY, addressee="", facts="未按规定报告活动情况"):
    return measure_record(
        actor=actor,
        subject=subject,
        kind=kind,
        facts=facts,
        evidence="谈话笔录",
        decided_on=on,
        decided_by="张科长",
        addressee=addressee,
    )


def propose(actor, subject, kind, on=DAY):
    return record(actor, subject, kind, on=on, addressee="甲县人民法院")


# ---------------------------------------------------------------------------------------------
# Who records what


def test_county_of_a_township_is_its_bureau(cast):
    assert county_of(cast.township_a1) == cast.county_a
    assert county_of(cast.county_a) == cast.county_a


def test_judicial_office_records_commendation_and_admonition(cast, subject):
    praise = record(cast.township_clerk, subject, MeasureKind.COMMENDATION, facts="表现突出")
    admonition = record(cast.township_clerk, subject, MeasureKind.ADMONITION)
    assert praise.office == cast.township_a1 and praise.outcome == ""
    assert admonition.kind == MeasureKind.ADMONITION
    assert admonition.created_by == cast.township_clerk


@pytest.mark.parametrize("kind", [MeasureKind.WARNING, MeasureKind.SECURITY_PUNISHMENT])
def test_warning_and_proposals_need_the_county(cast, subject, kind):
    with pytest.raises(PermissionDenied):
        record(cast.township_clerk, subject, kind, addressee="甲县公安局")
    measure = record(cast.county_supervisor, subject, kind, addressee="甲县公安局")
    assert measure.kind == kind


def test_sibling_and_public_cannot_record(cast, subject):
    for user in (cast.sibling_clerk, cast.public_user):
        with pytest.raises(Http404):
            record(user, subject, MeasureKind.ADMONITION)


def test_leader_without_edit_is_forbidden(cast, subject):
    with pytest.raises(PermissionDenied):
        record(cast.city_leader, subject, MeasureKind.ADMONITION)


def test_minor_is_out_of_sight_without_the_capability(cast, worker):
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    with pytest.raises(Http404):
        record(cast.township_clerk, minor, MeasureKind.ADMONITION)
    with pytest.raises(Http404):
        record(cast.county_supervisor, minor, MeasureKind.WARNING)
    assert record(worker, minor, MeasureKind.WARNING).subject == minor


# ---------------------------------------------------------------------------------------------
# Preconditions of each kind


def test_proposal_starts_pending_and_needs_an_addressee(cast, subject):
    with pytest.raises(ValidationError) as error:
        record(cast.county_supervisor, subject, MeasureKind.REVOKE_PROBATION)
    assert "addressee" in error.value.message_dict
    measure = propose(cast.county_supervisor, subject, MeasureKind.REVOKE_PROBATION)
    assert measure.outcome == ProposalOutcome.PENDING


def test_sanction_addressee_is_dropped(cast, subject):
    measure = record(cast.county_supervisor, subject, MeasureKind.WARNING, addressee="某法院")
    assert measure.addressee == ""


@pytest.mark.parametrize(
    ("sentence", "allowed"),
    [
        (SentenceType.PROBATION, MeasureKind.REVOKE_PROBATION),
        (SentenceType.PAROLE, MeasureKind.REVOKE_PAROLE),
        (SentenceType.OUTSIDE_PRISON, MeasureKind.COMMITMENT),
        (SentenceType.CONTROL, None),
    ],
)
def test_revocation_fits_the_sentence_type(cast, worker, sentence, allowed):
    subject = make_active_subject(worker, cast.township_a1, sentence_type=sentence)
    for kind in (MeasureKind.REVOKE_PROBATION, MeasureKind.REVOKE_PAROLE, MeasureKind.COMMITMENT):
        if kind == allowed:
            assert propose(cast.county_supervisor, subject, kind).outcome == "pending"
        else:
            with pytest.raises(ValidationError) as error:
                propose(cast.county_supervisor, subject, kind)
            assert "kind" in error.value.message_dict


def test_a_second_pending_revocation_is_refused(cast, subject):
    propose(cast.county_supervisor, subject, MeasureKind.REVOKE_PROBATION)
    with pytest.raises(ValidationError, match="待决定"):
        propose(cast.county_supervisor, subject, MeasureKind.REVOKE_PROBATION)


def test_arrest_only_alongside_a_pending_revocation(cast, worker, subject):
    with pytest.raises(ValidationError, match="第四十七条"):
        propose(cast.county_supervisor, subject, MeasureKind.ARREST)
    revocation = propose(cast.county_supervisor, subject, MeasureKind.REVOKE_PROBATION)
    arrest = propose(cast.county_supervisor, subject, MeasureKind.ARREST)
    assert arrest.outcome == ProposalOutcome.PENDING
    with pytest.raises(ValidationError) as exc:
        propose(cast.county_supervisor, subject, MeasureKind.ARREST)  # one at a time
    assert_invalid(exc, "kind", "该矫正对象已有待决定的提请逮捕。")
    measure_outcome(
        actor=cast.county_supervisor,
        measure=revocation,
        outcome=ProposalOutcome.REJECTED,
        outcome_on=D(2026, 4, 20),
        note="",
    )
    arrest.refresh_from_db()
    with pytest.raises(ValidationError) as exc:  # nothing pending to go with any more
        propose(cast.county_supervisor, subject, MeasureKind.ARREST, on=D(2026, 4, 21))
    assert_invalid(
        exc, "kind", "提请逮捕只能在提请撤销缓刑或撤销假释的同时提出（社区矫正法第四十七条）。"
    )


def test_arrest_is_not_asked_with_a_commitment(cast, worker):
    """社区矫正法 第47条 names 缓刑 and 假释 only; a 收监执行 is executed by the police."""
    subject = make_active_subject(
        worker, cast.township_a1, sentence_type=SentenceType.OUTSIDE_PRISON
    )
    propose(cast.county_supervisor, subject, MeasureKind.COMMITMENT)
    with pytest.raises(ValidationError) as exc:
        propose(cast.county_supervisor, subject, MeasureKind.ARREST)
    assert_invalid(
        exc, "kind", "提请逮捕只能在提请撤销缓刑或撤销假释的同时提出（社区矫正法第四十七条）。"
    )


def test_subject_must_be_in_correction(cast, worker):
    waiting = make_subject(worker, cast.township_a1)
    assert waiting.status == Status.AWAITING_REPORT
    with pytest.raises(ValidationError, match="待报到"):
        record(cast.township_clerk, waiting, MeasureKind.ADMONITION)


def test_dates_and_required_text(cast, subject):
    with pytest.raises(ValidationError) as error:
        measure_record(
            actor=cast.township_clerk,
            subject=subject,
            kind=MeasureKind.ADMONITION,
            facts=" ",
            decided_on=D(2099, 1, 1),
            decided_by="",
        )
    assert set(error.value.message_dict) == {"facts", "decided_on", "decided_by"}
    with pytest.raises(ValidationError, match="生效日期"):
        record(cast.township_clerk, subject, MeasureKind.ADMONITION, on=D(2026, 1, 1))


# ---------------------------------------------------------------------------------------------
# Counters and the suggestion


def test_two_admonitions_suggest_a_warning(cast, subject):
    record(cast.township_clerk, subject, MeasureKind.ADMONITION, on=D(2026, 4, 1))
    assert suggested_measure(subject) is None
    record(cast.township_clerk, subject, MeasureKind.ADMONITION, on=D(2026, 4, 10))
    kind, reason = suggested_measure(subject)
    assert kind == MeasureKind.WARNING and "2次训诫" in reason
    record(cast.county_supervisor, subject, MeasureKind.WARNING, on=D(2026, 4, 11))
    assert suggested_measure(subject) is None  # the count starts again after the 警告
    count = counters(subject)
    assert (count.admonitions, count.admonitions_since_warning, count.warnings) == (2, 0, 1)


@override_settings(SIFA_CC_ADMONITIONS_FOR_WARNING=3, SIFA_CC_WARNINGS_FOR_REVOCATION=3)
def test_thresholds_are_configurable(cast, subject):
    for day in (1, 2):
        record(cast.township_clerk, subject, MeasureKind.ADMONITION, on=D(2026, 4, day))
    assert suggested_measure(subject) is None
    record(cast.township_clerk, subject, MeasureKind.ADMONITION, on=D(2026, 4, 3))
    assert suggested_measure(subject)[0] == MeasureKind.WARNING
    for day in (4, 5):
        record(cast.county_supervisor, subject, MeasureKind.WARNING, on=D(2026, 4, day))
    assert suggested_measure(subject) is None
    record(cast.county_supervisor, subject, MeasureKind.WARNING, on=D(2026, 4, 6))
    assert suggested_measure(subject)[0] == MeasureKind.REVOKE_PROBATION


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (SentenceType.PROBATION, MeasureKind.REVOKE_PROBATION),
        (SentenceType.PAROLE, MeasureKind.REVOKE_PAROLE),
        (SentenceType.OUTSIDE_PRISON, MeasureKind.COMMITMENT),
        (SentenceType.CONTROL, None),
    ],
)
def test_two_warnings_suggest_the_fitting_proposal(cast, worker, sentence, expected):
    subject = make_active_subject(worker, cast.township_a1, sentence_type=sentence)
    for day in (1, 15):
        record(cast.county_supervisor, subject, MeasureKind.WARNING, on=D(2026, 4, day))
    suggestion = suggested_measure(subject)
    if expected is None:
        assert suggestion is None  # 管制: no revocation exists
    else:
        assert suggestion[0] == expected and "2次警告" in suggestion[1]
        propose(cast.county_supervisor, subject, expected, on=D(2026, 4, 16))
        assert suggested_measure(subject) is None  # pending: nothing more to suggest


def test_lost_contact_durations(cast, subject):
    lost = LostContact.objects.create(
        office=subject.office, subject=subject, lost_on=D(2026, 5, 1), found_on=D(2026, 5, 11)
    )
    assert suggested_measure(subject, today=D(2026, 6, 1)) is None  # 10 days: not longer
    lost.found_on = D(2026, 5, 12)
    lost.save()
    kind, reason = suggested_measure(subject, today=D(2026, 6, 1))
    assert kind == MeasureKind.WARNING and "11日" in reason
    lost.found_on = None  # still missing: counted to today
    lost.save()
    assert suggested_measure(subject, today=D(2026, 5, 31))[0] == MeasureKind.WARNING
    # 06-01 is exactly one month after 05-01: not more than one month yet
    assert suggested_measure(subject, today=D(2026, 6, 1))[0] == MeasureKind.WARNING
    kind, reason = suggested_measure(subject, today=D(2026, 6, 2))
    assert kind == MeasureKind.REVOKE_PROBATION and "32日" in reason and "超过1个月" in reason


def test_more_than_one_month_lost_counts_calendar_months_not_30_days(cast, subject):
    # 社区矫正法实施办法 第46条 "超过一个月": lost on 2026-02-01, one month ends on 03-01, so on
    # 03-02 (29 days later, February having 28 days) it is more than one month.
    LostContact.objects.create(office=subject.office, subject=subject, lost_on=D(2026, 2, 1))
    assert suggested_measure(subject, today=D(2026, 3, 1))[0] == MeasureKind.WARNING
    kind, reason = suggested_measure(subject, today=D(2026, 3, 2))
    assert kind == MeasureKind.REVOKE_PROBATION and "29日" in reason


def test_lost_contact_followed_by_a_measure_is_not_suggested_again(cast, subject):
    LostContact.objects.create(
        office=subject.office, subject=subject, lost_on=D(2026, 5, 1), found_on=D(2026, 5, 20)
    )
    assert suggested_measure(subject, today=D(2026, 6, 1))[0] == MeasureKind.WARNING
    record(cast.county_supervisor, subject, MeasureKind.WARNING, on=D(2026, 5, 21))
    assert suggested_measure(subject, today=D(2026, 6, 1)) is None


@override_settings(SIFA_CC_LOST_DAYS_FOR_WARNING=5, SIFA_CC_LOST_MONTHS_FOR_REVOCATION=2)
def test_lost_contact_thresholds_are_configurable(cast, subject):
    LostContact.objects.create(office=subject.office, subject=subject, lost_on=D(2026, 5, 1))
    assert suggested_measure(subject, today=D(2026, 5, 7))[0] == MeasureKind.WARNING
    assert suggested_measure(subject, today=D(2026, 7, 1))[0] == MeasureKind.WARNING
    assert suggested_measure(subject, today=D(2026, 7, 2))[0] == MeasureKind.REVOKE_PROBATION


# ---------------------------------------------------------------------------------------------
# Outcomes


@pytest.mark.parametrize(
    ("sentence", "kind", "termination"),
    [
        (SentenceType.PROBATION, MeasureKind.REVOKE_PROBATION, TerminationType.REVOKED_PROBATION),
        (SentenceType.PAROLE, MeasureKind.REVOKE_PAROLE, TerminationType.REVOKED_PAROLE),
        (SentenceType.OUTSIDE_PRISON, MeasureKind.COMMITMENT, TerminationType.COMMITTED),
    ],
)
def test_granted_revocation_terminates(cast, worker, sentence, kind, termination):
    subject = make_active_subject(worker, cast.township_a1, sentence_type=sentence)
    measure = propose(cast.county_supervisor, subject, kind)
    measure_outcome(
        actor=cast.county_supervisor,
        measure=measure,
        outcome=ProposalOutcome.GRANTED,
        outcome_on=D(2026, 4, 25),
        note="裁定书已送达",
    )
    subject.refresh_from_db()
    measure.refresh_from_db()
    assert measure.outcome == ProposalOutcome.GRANTED and measure.outcome_on == D(2026, 4, 25)
    assert subject.status == Status.TERMINATED
    assert subject.termination_type == termination and subject.terminated_on == D(2026, 4, 25)
    assert "裁定书已送达" in subject.ended_note


def test_rejected_revocation_leaves_the_subject_in_correction(cast, subject):
    measure = propose(cast.county_supervisor, subject, MeasureKind.REVOKE_PROBATION)
    measure_outcome(
        actor=cast.county_supervisor,
        measure=measure,
        outcome=ProposalOutcome.REJECTED,
        outcome_on=D(2026, 4, 25),
        note="法院裁定不予撤销",
    )
    subject.refresh_from_db()
    assert subject.status == Status.UNDER_CORRECTION
    assert Measure.objects.get(pk=measure.pk).outcome == ProposalOutcome.REJECTED


def test_granted_security_punishment_does_not_terminate(cast, subject):
    measure = record(
        cast.county_supervisor, subject, MeasureKind.SECURITY_PUNISHMENT, addressee="甲县公安局"
    )
    measure_outcome(
        actor=cast.county_supervisor,
        measure=measure,
        outcome=ProposalOutcome.GRANTED,
        outcome_on=D(2026, 4, 5),
        note="行政拘留五日",
    )
    subject.refresh_from_db()
    assert subject.status == Status.UNDER_CORRECTION


def test_outcome_preconditions(cast, subject):
    warning = record(cast.county_supervisor, subject, MeasureKind.WARNING)
    with pytest.raises(ValidationError, match="只有提请事项"):
        measure_outcome(
            actor=cast.county_supervisor,
            measure=warning,
            outcome=ProposalOutcome.GRANTED,
            outcome_on=DAY,
            note="",
        )
    proposal = propose(cast.county_supervisor, subject, MeasureKind.REVOKE_PROBATION)
    with pytest.raises(PermissionDenied):
        measure_outcome(
            actor=cast.township_clerk,
            measure=proposal,
            outcome=ProposalOutcome.REJECTED,
            outcome_on=DAY,
            note="",
        )
    with pytest.raises(ValidationError) as error:
        measure_outcome(
            actor=cast.county_supervisor,
            measure=proposal,
            outcome=ProposalOutcome.PENDING,
            outcome_on=D(2026, 3, 31),
            note="",
        )
    assert set(error.value.message_dict) == {"outcome", "outcome_on"}
    measure_outcome(
        actor=cast.county_supervisor,
        measure=proposal,
        outcome=ProposalOutcome.REJECTED,
        outcome_on=DAY,
        note="",
    )
    with pytest.raises(ValidationError, match="已经登记"):
        measure_outcome(
            actor=cast.county_supervisor,
            measure=proposal,
            outcome=ProposalOutcome.GRANTED,
            outcome_on=DAY,
            note="",
        )


# ---------------------------------------------------------------------------------------------
# 警告决定书


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


def test_warning_document_parses_back(cast, subject, login):
    warning = record(
        cast.county_supervisor, subject, MeasureKind.WARNING, facts="未经批准离开所居住的县"
    )
    response = login(cast.township_clerk).get(
        reverse("corrections:measure_document", args=[warning.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    text = _text(response.content)
    assert "警告决定书" in text and cast.county_a.name in text
    assert subject.person.name in text and "未经批准离开所居住的县" in text
    assert "〔2026〕甲司矫警字第0001号" in text  # SIFA_NUMBERING's default
    assert "撤销缓刑" in text and "2026年4月1日" in text
    assert AccessLog.objects.filter(object_id=str(warning.pk), user=cast.township_clerk).exists()


def test_document_only_for_a_warning_and_in_scope(cast, subject, login):
    admonition = record(cast.township_clerk, subject, MeasureKind.ADMONITION)
    warning = record(cast.county_supervisor, subject, MeasureKind.WARNING)
    client = login(cast.township_clerk)
    url = reverse("corrections:measure_document", args=[admonition.pk])
    assert client.get(url).status_code == 404
    url = reverse("corrections:measure_document", args=[warning.pk])
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404


# ---------------------------------------------------------------------------------------------
# Pages


def test_measure_list_own_parent_sibling(cast, subject, login):
    record(cast.township_clerk, subject, MeasureKind.ADMONITION, facts="迟到报告")
    url = reverse("corrections:measure_list")
    for user, sees in [
        (cast.township_clerk, True),
        (cast.county_supervisor, True),
        (cast.sibling_clerk, False),
    ]:
        response = login(user).get(url)
        assert response.status_code == 200
        assert ("迟到报告" in response.content.decode()) is sees
    assert login(cast.public_user).get(url).status_code == 403


def test_measure_list_filters_pending(cast, subject, login):
    record(cast.township_clerk, subject, MeasureKind.ADMONITION, facts="训诫事实")
    propose(cast.county_supervisor, subject, MeasureKind.REVOKE_PROBATION)
    client = login(cast.county_supervisor)
    body = client.get(reverse("corrections:measure_list"), {"pending": "on"}).content.decode()
    assert "训诫事实" not in body and "登记结果" in body
    body = client.get(reverse("corrections:measure_list"), {"kind": "admonition"}).content.decode()
    assert "训诫事实" in body


def test_minor_measures_hidden_without_the_capability(cast, worker, login):
    minor = make_active_subject(worker, cast.township_a1, minor=True)
    record(worker, minor, MeasureKind.ADMONITION, facts="未成年人事实")
    assert (
        "未成年人事实"
        not in login(cast.township_clerk).get(reverse("corrections:measure_list")).content.decode()
    )
    assert "未成年人事实" in login(worker).get(reverse("corrections:measure_list")).content.decode()
    url = reverse("corrections:measure_add", args=[minor.pk])
    assert login(cast.township_clerk).get(url).status_code == 404
    assert login(worker).get(url).status_code == 200
    warning = record(worker, minor, MeasureKind.WARNING)
    proposal = propose(worker, minor, MeasureKind.REVOKE_PROBATION)
    for name, measure in [("measure_document", warning), ("measure_outcome", proposal)]:
        url = reverse(f"corrections:{name}", args=[measure.pk])
        assert login(cast.county_supervisor).get(url).status_code == 404
        assert login(worker).get(url).status_code == 200


def test_measure_page_shows_counters_and_suggestion(cast, subject, login):
    for day in (1, 2):
        record(cast.township_clerk, subject, MeasureKind.ADMONITION, on=D(2026, 4, day))
    url = reverse("corrections:measure_add", args=[subject.pk])
    response = login(cast.county_supervisor).get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "建议：警告" in body and "2次训诫" in body
    assert response.context["form"].initial["kind"] == MeasureKind.WARNING
    assert AccessLog.objects.filter(object_id=str(subject.pk), user=cast.county_supervisor)
    # the 司法所 is offered 表扬 and 训诫 only; the suggestion is still shown
    response = login(cast.township_clerk).get(url)
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert kinds == ["", MeasureKind.COMMENDATION, MeasureKind.ADMONITION]
    assert "建议：警告" in response.content.decode()


def test_measure_page_own_parent_sibling(cast, subject, login):
    url = reverse("corrections:measure_add", args=[subject.pk])
    assert login(cast.township_clerk).get(url).status_code == 200
    assert login(cast.county_supervisor).get(url).status_code == 200
    assert login(cast.sibling_clerk).get(url).status_code == 404
    response = login(cast.city_leader).get(url)  # sees, may not edit: no form
    assert response.status_code == 200 and response.context["form"] is None
    assert login(cast.city_leader).post(url, {"kind": "admonition"}).status_code == 403


def test_measure_page_records(cast, subject, login):
    url = reverse("corrections:measure_add", args=[subject.pk])
    data = {
        "kind": MeasureKind.ADMONITION,
        "decided_on": "2026-04-02",
        "decided_by": "王所长",
        "facts": "未按时报告",
        "evidence": "",
        "addressee": "",
    }
    response = login(cast.township_clerk).post(url, data)
    assert response.status_code == 302
    assert subject.measures.get().decided_by == "王所长"
    data["kind"] = MeasureKind.WARNING  # not offered to the 司法所: the form refuses it
    response = login(cast.township_clerk).post(url, data)
    assert response.status_code == 200 and subject.measures.count() == 1


def test_outcome_page(cast, subject, login):
    proposal = propose(cast.county_supervisor, subject, MeasureKind.REVOKE_PROBATION)
    url = reverse("corrections:measure_outcome", args=[proposal.pk])
    assert login(cast.township_clerk).get(url).status_code == 403
    assert login(cast.sibling_clerk).get(url).status_code == 404
    client = login(cast.county_supervisor)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"outcome": ProposalOutcome.REJECTED, "outcome_on": "2026-04-20", "note": "不予撤销"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.outcome == ProposalOutcome.REJECTED
    # nothing left to record: back to the subject's page
    assert client.get(url).status_code == 302


# ---------------------------------------------------------------------------------------------
# 提请减刑 (社区矫正法 第33条, CC-26)


def test_commutation_proposal_is_recorded_with_its_outcome(cast, subject, login):
    # Issue 15: a 减刑 proposal (date, court) and its outcome (ruling, date) are recorded on the
    # measures page; a granted one ends nothing and a pending one does not block the release.
    client = login(cast.county_supervisor)
    url = reverse("corrections:measure_add", args=[subject.pk])
    assert "提请减刑" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": MeasureKind.COMMUTATION,
            "decided_on": "2026-04-20",
            "decided_by": "李局长",
            "addressee": "甲市中级人民法院",
            "facts": "确有悔改表现，有立功表现",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(subject=subject, kind=MeasureKind.COMMUTATION)
    assert measure.outcome == ProposalOutcome.PENDING
    assert measure.addressee == "甲市中级人民法院" and measure.decided_on == D(2026, 4, 20)
    with pytest.raises(ValidationError) as error:
        propose(cast.county_supervisor, subject, MeasureKind.COMMUTATION)
    assert_invalid(error, "kind", "已有待裁定的提请减刑")
    outcome_url = reverse("corrections:measure_outcome", args=[measure.pk])
    response = client.post(
        outcome_url,
        {"outcome": ProposalOutcome.GRANTED, "outcome_on": "2026-05-15", "note": "减去一个月"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    subject.refresh_from_db()
    assert measure.outcome == ProposalOutcome.GRANTED and measure.outcome_on == D(2026, 5, 15)
    assert subject.status == Status.UNDER_CORRECTION
    assert counters(subject).proposals == 0  # the ladder's 提请 are the sanction proposals


def test_commutation_needs_the_county_and_the_court(cast, subject):
    with pytest.raises(PermissionDenied):
        propose(cast.township_clerk, subject, MeasureKind.COMMUTATION)
    with pytest.raises(ValidationError) as error:
        record(cast.county_supervisor, subject, MeasureKind.COMMUTATION)
    assert_invalid(error, "addressee", "提请事项须填写提请机关")
