"""Complaints and discipline: the workflows and their refusals, the handling deadline and its
to-do, the 律师法 第51条 ladder on its date boundaries, suspension dates, scoping, figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sifa.core.deadlines import compute, due_date
from sifa.core.testing import NON_FIELD, assert_invalid
from sifa.orgs.models import Office
from sifa.people.actions import PersonIdentity
from sifa.practice.actions.discipline import (
    complaint_conclude,
    complaint_investigate,
    complaint_receive,
    sanction_annul,
    sanction_decide,
    sanction_propose,
    sanction_withdraw,
)
from sifa.practice.constants import PractitionerStatus
from sifa.practice.constants_discipline import (
    COMPLAINT_RULE,
    Authority,
    Channel,
    ComplaintStatus,
    DecidedBy,
    SanctionKind,
    SanctionStatus,
)
from sifa.practice.selectors import discipline as selectors
from sifa.practice.tests.conftest import register_lawyer
from sifa.practice.todos_discipline import complaint_todos
from sifa.stats import registry
from tests import imports

D = datetime.date
ADMIN = Authority.ADMINISTRATIVE


def propose(actor, lawyer, kind=SanctionKind.WARNING, *, act_on, **extra):
    values = {"authority": ADMIN, "facts": "违反执业规范", **extra}
    return sanction_propose(actor=actor, practitioner=lawyer, kind=kind, act_on=act_on, **values)


def decided(actor, lawyer, kind=SanctionKind.WARNING, *, act_on, decided_on, starts_on=None, **kw):
    sanction = propose(actor, lawyer, kind, act_on=act_on, **kw)
    return sanction_decide(
        actor=actor,
        sanction=sanction,
        decided_on=decided_on,
        starts_on=starts_on or decided_on,
        decision_number=f"X司罚〔{decided_on.year}〕{sanction.pk}号",
    )


def receive(actor, institution, **extra):
    values = {
        "received_on": D(2026, 3, 2),
        "channel": Channel.LETTER,
        "content": "收费后不提供服务",
        **extra,
    }
    return complaint_receive(actor=actor, institution=institution, **values)


# --- the 律师法 第51条 ladder ---------------------------------------------------------------


def test_a_repeat_within_one_year_after_a_warning_suggests_a_suspension(practice):
    lawyer = register_lawyer(practice.section, practice.firm_a)
    warning = decided(practice.section, lawyer, act_on=D(2025, 1, 5), decided_on=D(2025, 3, 10))
    suggest = selectors.ladder_suggestion
    assert suggest(lawyer, D(2025, 3, 10)) is None  # the warning's own day is not "after"
    on_the_day = suggest(lawyer, D(2026, 3, 10))  # the corresponding day: still within a year
    assert on_the_day.kind == SanctionKind.SUSPENSION and on_the_day.earlier == warning
    assert warning.decision_number in on_the_day.reason and "2025-03-10" in on_the_day.reason
    assert suggest(lawyer, D(2026, 3, 11)) is None  # a day later: outside the year


def test_a_warning_on_29_february_ends_its_year_on_28_february(practice):
    lawyer = register_lawyer(practice.section, practice.firm_a)
    decided(practice.section, lawyer, act_on=D(2024, 2, 1), decided_on=D(2024, 2, 29))
    assert selectors.ladder_suggestion(lawyer, D(2025, 2, 28)).kind == SanctionKind.SUSPENSION
    assert selectors.ladder_suggestion(lawyer, D(2025, 3, 1)) is None


def test_a_repeat_within_two_years_after_a_suspension_ended_suggests_revocation(practice):
    lawyer = register_lawyer(practice.section, practice.firm_a)
    suspension = decided(
        practice.section,
        lawyer,
        SanctionKind.SUSPENSION,
        months=3,
        act_on=D(2024, 2, 1),
        decided_on=D(2024, 3, 20),
        starts_on=D(2024, 4, 1),
    )
    assert suspension.ends_on == D(2024, 6, 30)  # three months counted from its first day
    suggest = selectors.ladder_suggestion
    assert suggest(lawyer, D(2024, 6, 30)) is None  # during the suspension: not "期满后"
    first = suggest(lawyer, D(2024, 7, 1))
    assert first.kind == SanctionKind.REVOCATION and first.earlier == suspension
    assert suggest(lawyer, D(2026, 6, 30)).kind == SanctionKind.REVOCATION  # the last day
    assert suggest(lawyer, D(2026, 7, 1)) is None


def test_the_ladder_ignores_annulled_and_industry_sanctions_and_workers(practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_a)
    warning = decided(section, lawyer, act_on=D(2025, 1, 5), decided_on=D(2025, 3, 10))
    sanction_annul(actor=section, sanction=warning, on=D(2025, 5, 1), reason="行政复议撤销")
    decided(
        section,
        lawyer,
        act_on=D(2025, 1, 5),
        decided_on=D(2025, 3, 11),
        authority=Authority.INDUSTRY,
    )
    assert selectors.ladder_suggestion(lawyer, D(2025, 6, 1)) is None
    worker = register_lawyer(
        section, practice.service_office, licence_number="12345678901", name="基层甲"
    )
    decided(section, worker, act_on=D(2025, 1, 5), decided_on=D(2025, 3, 10))
    assert selectors.ladder_suggestion(worker, D(2025, 6, 1)) is None


def test_the_suggestion_is_shown_and_kept_but_never_applied(login, practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_a, name="周九")
    decided(section, lawyer, act_on=D(2025, 11, 1), decided_on=D(2025, 12, 1))
    client = login(section)
    url = reverse("practice:sanction_propose", args=[lawyer.pk])
    text = client.get(url + "?act_on=2026-06-01").content.decode()
    assert "依律师法 第51条，应当给予停止执业" in text and "不会自动适用" in text
    assert 'value="2026-06-01"' in text
    later = client.get(url + "?act_on=2026-12-02").content.decode()
    assert "没有律师法 第51条规定的从重情形" in later
    # The clerk chooses a fine: Sifa records the fine, with the suggestion it showed.
    fine = propose(section, lawyer, SanctionKind.FINE, act_on=D(2026, 6, 1), amount=Decimal(5000))
    assert fine.kind == SanctionKind.FINE and fine.status == SanctionStatus.PROPOSED
    assert "停止执业三个月以上一年以下" in fine.suggestion
    lawyer.refresh_from_db()
    assert lawyer.status == PractitionerStatus.PRACTISING


# --- sanctions: refusals, dates, workflow ---------------------------------------------------


@pytest.mark.parametrize("months", [None, 0, 13])
def test_a_suspension_lasts_one_to_twelve_months(practice, months):
    lawyer = register_lawyer(practice.section, practice.firm_a)
    with pytest.raises(ValidationError) as error:
        propose(
            practice.section, lawyer, SanctionKind.SUSPENSION, act_on=D(2026, 1, 1), months=months
        )
    assert_invalid(error, "months", "停止执业期限应为1至12个月")


def test_the_sanction_rules_name_their_field(practice):
    lawyer = register_lawyer(practice.section, practice.firm_a)
    cases = [
        ({"kind": SanctionKind.FINE}, "amount", "罚款须填写大于零的金额"),
        ({"kind": SanctionKind.WARNING, "amount": Decimal(1)}, "amount", "只有罚款填写金额"),
        ({"kind": SanctionKind.WARNING, "months": 3}, "months", "只有停止执业或停业整顿填写期限"),
        (
            {"kind": SanctionKind.REVOCATION, "authority": Authority.INDUSTRY},
            "authority",
            "由省级司法行政部门决定",
        ),
        ({"kind": SanctionKind.WARNING, "facts": " "}, "facts", "请填写违法违规事实"),
        ({"kind": SanctionKind.WARNING, "act_on": D(2099, 1, 1)}, "act_on", "不能晚于今天"),
    ]
    for values, field, message in cases:
        values = {"act_on": D(2026, 1, 1), **values}
        with pytest.raises(ValidationError) as error:
            propose(practice.section, lawyer, **values)
        assert_invalid(error, field, message)


def test_decision_dates_and_transitions(practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_a)
    sanction = propose(section, lawyer, SanctionKind.SUSPENSION, act_on=D(2026, 1, 5), months=6)
    with pytest.raises(ValidationError) as error:
        sanction_decide(
            actor=section, sanction=sanction, decided_on=D(2026, 1, 4), starts_on=D(2026, 1, 4)
        )
    assert_invalid(error, "decided_on", "不能早于违法违规行为发生日期")
    with pytest.raises(ValidationError) as error:
        sanction_decide(
            actor=section, sanction=sanction, decided_on=D(2026, 2, 1), starts_on=D(2026, 1, 31)
        )
    assert_invalid(error, "starts_on", "起始日期不能早于决定日期")
    sanction_decide(
        actor=section, sanction=sanction, decided_on=D(2026, 2, 1), starts_on=D(2026, 2, 1)
    )
    assert (sanction.starts_on, sanction.ends_on) == (D(2026, 2, 1), D(2026, 7, 31))
    assert sanction.decided_by == DecidedBy.CITY
    with pytest.raises(ValidationError) as error:  # decided once
        sanction_decide(
            actor=section, sanction=sanction, decided_on=D(2026, 2, 2), starts_on=D(2026, 2, 2)
        )
    assert_invalid(error, NON_FIELD, "处罚不能从「已决定」变为「已决定」。")
    with pytest.raises(ValidationError) as error:
        sanction_withdraw(actor=section, sanction=sanction, on=D(2026, 2, 3), reason="x")
    assert_invalid(error, NON_FIELD, "处罚不能从「已决定」变为「不予处罚」。")
    with pytest.raises(ValidationError) as error:
        sanction_annul(actor=section, sanction=sanction, on=D(2026, 3, 1), reason="")
    assert_invalid(error, "reason", "请填写撤销的理由")
    events = [(e.from_status, e.to_status) for e in sanction.events.all()]
    assert events == [("", SanctionStatus.PROPOSED), (SanctionStatus.PROPOSED, "decided")]
    assert sanction.history.count() >= 2  # audited: every change kept


def test_a_revocation_is_the_provinces_and_cancels_the_licence(practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_a)
    revocation = decided(
        section, lawyer, SanctionKind.REVOCATION, act_on=D(2026, 1, 5), decided_on=D(2026, 3, 1)
    )
    assert revocation.decided_by == DecidedBy.PROVINCE and revocation.ends_on is None
    lawyer.refresh_from_db()
    assert (lawyer.status, lawyer.cancelled_on) == (PractitionerStatus.CANCELLED, D(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        propose(section, lawyer, act_on=D(2026, 3, 2))
    assert_invalid(error, "practitioner", "该执业证已注销")


def test_suspended_on_counts_both_ends_and_only_decided_suspensions(practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_a)
    person = lawyer.person
    propose(section, lawyer, SanctionKind.SUSPENSION, act_on=D(2026, 1, 5), months=1)
    assert not selectors.suspended_on(person, D(2026, 2, 1))  # proposed only
    decided(
        section,
        lawyer,
        SanctionKind.SUSPENSION,
        months=1,
        act_on=D(2026, 1, 5),
        decided_on=D(2026, 1, 20),
        starts_on=D(2026, 1, 31),
    )
    assert not selectors.suspended_on(person, D(2026, 1, 30))
    assert selectors.suspended_on(person, D(2026, 1, 31))
    assert selectors.suspended_on(person, D(2026, 2, 28))  # 01-31 + 1 month → 02-28
    assert not selectors.suspended_on(person, D(2026, 3, 1))


def test_an_institutions_account_cannot_propose_a_sanction(practice):
    lawyer = register_lawyer(practice.section, practice.firm_a)
    with pytest.raises((PermissionDenied, Http404)):
        propose(practice.firm_a_admin, lawyer, act_on=D(2026, 1, 1))


# --- complaints -----------------------------------------------------------------------------


def test_a_complaint_is_received_investigated_and_concluded(practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_a, name="吴十")
    identity = PersonIdentity(name="投诉人甲", id_number=imports.resident_id("19700101"))
    complaint = receive(section, practice.firm_a, practitioner=lawyer, complainant=identity)
    assert complaint.complainant.name == "投诉人甲" and not complaint.anonymous
    assert complaint.office == Office.objects.get_parent(practice.firm_a.office)  # the bureau
    assert complaint.due_on == compute(COMPLAINT_RULE, D(2026, 3, 2))
    assert complaint.due_on == due_date(D(2026, 3, 2), 60, "day")  # the [M] default
    with pytest.raises(ValidationError) as error:  # not investigated yet
        complaint_conclude(
            actor=section,
            complaint=complaint,
            substantiated=True,
            findings="属实",
            concluded_on=D(2026, 4, 1),
        )
    assert_invalid(error, NON_FIELD, "投诉不能从「已受理」变为「投诉成立」。")
    with pytest.raises(ValidationError) as error:
        complaint_investigate(actor=section, complaint=complaint, handler="", on=D(2026, 3, 1))
    assert_invalid(error, "handler", "请填写承办人")
    assert_invalid(error, "on", "调查日期不能早于受理日期")
    complaint_investigate(actor=section, complaint=complaint, handler="王科员", on=D(2026, 3, 3))
    with pytest.raises(ValidationError) as error:
        complaint_conclude(
            actor=section,
            complaint=complaint,
            substantiated=True,
            findings="",
            concluded_on=D(2026, 4, 1),
        )
    assert_invalid(error, "findings", "请填写调查情况")
    complaint_conclude(
        actor=section,
        complaint=complaint,
        substantiated=True,
        findings="收费后未提供服务属实",
        concluded_on=D(2026, 4, 1),
    )
    assert complaint.status == ComplaintStatus.SUBSTANTIATED
    sanction = propose(section, lawyer, act_on=D(2026, 2, 1), complaint=complaint)
    assert sanction.complaint == complaint


def test_complaint_refusals_name_their_field(practice):
    section = practice.section
    other = register_lawyer(section, practice.firm_a2)
    with pytest.raises(ValidationError) as error:
        receive(section, practice.firm_a, practitioner=other, content="")
    assert_invalid(error, "practitioner", "被投诉人员不在被投诉机构执业")
    assert_invalid(error, "content", "请填写投诉内容")
    anonymous = receive(section, practice.firm_a2, practitioner=other)
    assert anonymous.anonymous
    complaint_investigate(actor=section, complaint=anonymous, handler="王科员", on=D(2026, 3, 3))
    complaint_conclude(
        actor=section,
        complaint=anonymous,
        substantiated=False,
        findings="查无实据",
        concluded_on=D(2026, 3, 20),
    )
    with pytest.raises(ValidationError) as error:
        propose(section, other, act_on=D(2026, 2, 1), complaint=anonymous)
    assert_invalid(error, "complaint", "只有成立的投诉才能引起处罚")


def test_an_open_complaint_near_or_past_its_deadline_is_a_to_do_of_the_bureau(practice):
    section = practice.section
    today = timezone.localdate()
    late = receive(section, practice.firm_a, received_on=today - datetime.timedelta(days=80))
    receive(section, practice.firm_a, received_on=today)  # far from its deadline
    todos = complaint_todos(section)
    assert [t.url for t in todos] == [late.get_absolute_url()]
    assert todos[0].overdue and todos[0].due == late.due_on
    assert complaint_todos(practice.firm_a_admin) == []
    complaint_investigate(actor=section, complaint=late, handler="王科员", on=today)
    complaint_conclude(
        actor=section, complaint=late, substantiated=False, findings="不实", concluded_on=today
    )
    assert complaint_todos(section) == []


# --- scoping --------------------------------------------------------------------------------


def test_institutions_do_not_see_complaints_or_sanctions(login, cast, practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_a)
    complaint = receive(section, practice.firm_a, practitioner=lawyer)
    sanction = propose(section, lawyer, act_on=D(2026, 1, 1))
    with pytest.raises(Http404):
        selectors.complaint_get(actor=practice.firm_a_admin, pk=complaint.pk)
    firm = login(practice.firm_a_admin)
    for name, pk in (("complaint_detail", complaint.pk), ("sanction_detail", sanction.pk)):
        assert firm.get(reverse(f"practice:{name}", args=[pk])).status_code == 404
    assert firm.get(reverse("practice:complaint_receive")).status_code == 403
    listing = firm.get(reverse("practice:complaint_list")).content.decode()
    assert complaint.get_absolute_url() not in listing
    page = firm.get(reverse("practice:practitioner_detail", args=[lawyer.pk])).content.decode()
    assert sanction.get_absolute_url() not in page and "没有可查看的处罚处分" in page
    # The bureau does, and the practitioner's page lists both.
    bureau = login(section)
    page = bureau.get(reverse("practice:practitioner_detail", args=[lawyer.pk])).content.decode()
    assert complaint.get_absolute_url() in page and sanction.get_absolute_url() in page


def test_the_county_supervisor_sees_its_own_countys_complaints_only(login, cast, practice):
    section = practice.section
    a = receive(section, practice.firm_a)
    b = receive(section, practice.firm_b)
    seen = set(selectors.complaint_list(actor=cast.county_supervisor))
    assert a in seen and b not in seen
    with pytest.raises(Http404):
        selectors.complaint_get(actor=cast.county_supervisor, pk=b.pk)
    county = login(cast.county_supervisor)
    assert county.get(a.get_absolute_url()).status_code == 200
    assert county.get(b.get_absolute_url()).status_code == 404
    # A 司法所 under county A does not see the county's complaints.
    assert login(cast.township_clerk).get(a.get_absolute_url()).status_code == 404


# --- pages ------------------------------------------------------------------------------------


def test_the_pages_receive_and_handle_a_complaint(login, practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_a, name="郑一")
    client = login(section)
    url = reverse("practice:complaint_receive")
    form = client.get(url).content.decode()
    assert 'type="date"' in form and "请选择" in form
    response = client.post(
        url,
        {
            "institution": practice.firm_a.pk,
            "practitioner": lawyer.pk,
            "received_on": "2026-03-02",
            "channel": Channel.PHONE,
            "content": "拖延办案",
        },
    )
    assert response.status_code == 302, response.content.decode()
    complaint = selectors.complaint_list(actor=section).get()
    assert complaint.anonymous and complaint.channel == Channel.PHONE
    refused = client.post(
        reverse("practice:complaint_investigate", args=[complaint.pk]),
        {"handler": "王科员", "on": "2026-03-01"},
    )
    assert "调查日期不能早于受理日期" in refused.content.decode()
    detail = client.get(complaint.get_absolute_url()).content.decode()
    assert "郑一" in detail and complaint.due_on.isoformat() in detail


def test_the_figures_count_complaints_and_sanctions_by_kind(cast, practice):
    section = practice.section
    lawyer = register_lawyer(section, practice.firm_a)
    complaint = receive(section, practice.firm_a, practitioner=lawyer)
    receive(section, practice.firm_b)
    complaint_investigate(actor=section, complaint=complaint, handler="王科员", on=D(2026, 3, 3))
    complaint_conclude(
        actor=section,
        complaint=complaint,
        substantiated=True,
        findings="属实",
        concluded_on=D(2026, 4, 1),
    )
    decided(section, lawyer, act_on=D(2026, 1, 5), decided_on=D(2026, 3, 1))
    propose(section, lawyer, SanctionKind.FINE, act_on=D(2026, 2, 1), amount=Decimal(100))
    scope = registry.Scope(office=cast.city, start=D(2026, 1, 1), end=D(2026, 6, 30))

    def value(key):
        return registry.value(registry.get(key), scope)

    assert value("practice.complaints_received") == 2
    assert value("practice.complaints_substantiated") == 1
    assert value("practice.sanctions") == 1  # the proposed fine is not counted
    assert value("practice.sanctions_warning") == 1 and value("practice.sanctions_fine") == 0
    rows = registry.records(registry.get("practice.complaints_substantiated"), scope)
    assert list(rows) == [complaint]
    county = registry.Scope(office=cast.county_a, start=D(2026, 1, 1), end=D(2026, 6, 30))
    assert registry.value(registry.get("practice.complaints_received"), county) == 1
