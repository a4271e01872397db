"""The legal-aid case book import (issue 17): intake or notification, review decision,
assignment from the roster, end or termination, closing and a quality check through the line's
rules; bad rows by row and column; GBK CSV; re-import and corrected re-import by 申请编号;
roll-back; scoping; the historic mark; and the round trip to the legal-aid indicators, counted
here from the rows written (not by Sifa's code)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.core.models import ImportBatch
from sifa.legalaid.actions.applications import handling_event_add
from sifa.legalaid.constants import (
    ApplicantGroup,
    EventKind,
    HandlerKind,
    Outcome,
    ProviderKind,
    QualityGrade,
    QualityKind,
    Satisfaction,
    Status,
)
from sifa.legalaid.imports.applications import APPLICATIONS
from sifa.legalaid.models import Application, ApplicationEvent, Assignment, QualityCheck
from sifa.legalaid.tests.factories import (
    make_application,
    make_centre,
    make_handler,
    make_provider,
    make_reviewer,
)
from sifa.legalaid.todos import legalaid_todos
from sifa.people.models import Person
from sifa.stats import registry
from tests import imports

D = datetime.date
HEADER = {f.key: f.header for f in APPLICATIONS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(APPLICATIONS.fields)}
URL = reverse("imports:upload", args=[APPLICATIONS.key])


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a, name="甲县法律援助中心")


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


@pytest.fixture
def roster(centre):
    """A law firm with a lawyer (criminal defence since 2010, familiar with minors) and a
    legal-service office with a grassroots worker, on the centre's roster."""
    firm = make_provider(centre, name="甲律师事务所")
    _firm, lawyer = make_handler(
        centre,
        provider=firm,
        name="李律师",
        licence_number="L-0001",
        criminal_defence_since=D(2010, 1, 1),
        juvenile_experience=True,
    )
    office = make_provider(centre, name="甲一法律服务所", kind=ProviderKind.LEGAL_SERVICE_OFFICE)
    _office, worker = make_handler(
        centre,
        provider=office,
        name="周法务",
        kind=HandlerKind.GRASSROOTS_WORKER,
        licence_number="G-0001",
        criminal_defence_since=None,
    )
    return {"firm": firm, "lawyer": lawyer, "office": office, "worker": worker}


def row(centre, **values) -> dict:
    """One case-book row by field key: a civil labour-pay application received 2025-03-03."""
    data = {
        "office_code": centre.code,
        "received_on": "2025-03-03",
        "applicant": "张三",
        "applicant_id": imports.resident_id("19800101"),
        "matter_type": "民事",
        "matter": "请求确认劳动关系或者支付劳动报酬",
        "facts": "申请人在工地务工，被拖欠工资三个月。",
        "adverse_party": "某建筑劳务公司",
    }
    data.update(values)
    return {HEADER[key]: value for key, value in data.items()}


def book(centre) -> list[dict]:
    """A case book with every road a case takes (the dates chosen so that on time and late are
    plain: a decision within 3 days or after 20, an assignment within 3 days or after 10)."""
    return [
        # Granted, assigned, ended, materials, archived, followed up.
        row(
            centre,
            number="LA-2025-001",
            groups="农民工、妇女",
            decision="给予",
            decided_on="2025-03-05",
            provider="甲律师事务所",
            handler="李律师",
            licence_number="L-0001",
            assigned_on="2025-03-06",
            signed_on="2025-03-08",
            outcome="胜诉",
            ended_on="2025-06-30",
            money_recovered="36,000元",
            materials_submitted_on="2025-07-10",
            reviewed_on="2025-07-20",
            archive_number="档2025-001",
            quality_kind="回访受援人",
            quality_checked_on="2025-07-05",
            quality_grade="优",
            quality_satisfaction="满意",
        ),
        # Refused, late (24 days).
        row(
            centre,
            number="LA-2025-002",
            received_on="2025-04-01",
            applicant="王五",
            applicant_id=imports.resident_id("19700202"),
            decision="不予",
            decided_on="2025-04-25",
            refusal_reasons="申请人家庭经济状况不符合经济困难标准。",
        ),
        # Received, not yet reviewed.
        row(
            centre,
            number="LA-2025-003",
            received_on="2025-05-06",
            applicant="赵六",
            applicant_id=imports.resident_id("19900303"),
        ),
        # A court's notification for a minor, assigned late (10 days), in progress.
        row(
            centre,
            number="LA-2025-004",
            received_on="2025-05-10",
            origin="通知辩护/代理",
            applicant="孙七",
            applicant_id=imports.resident_id("20090404"),
            matter_type="刑事",
            matter="刑事案件犯罪嫌疑人、被告人申请辩护",
            facts="涉嫌盗窃。",
            adverse_party="",
            groups="未成年人",
            notifying_organ="人民法院",
            notifying_organ_name="甲县人民法院",
            notice_number="（2025）甲刑通字第1号",
            criminal_stage="审判",
            notification_ground="未成年人",
            provider="甲律师事务所",
            handler="李律师",
            assigned_on="2025-05-20",
            signed_on="2025-05-21",
        ),
        # Granted the day it came, assigned to the legal-service office, terminated.
        row(
            centre,
            number="LA-2025-005",
            received_on="2025-06-03",
            applicant="周八",
            applicant_id=imports.resident_id("19650505"),
            decision="给予",
            decided_on="2025-06-03",
            provider="甲一法律服务所",
            handler="周法务",
            assigned_on="2025-06-04",
            termination_ground="受援人自行委托律师或者其他代理人",
            terminated_on="2025-07-01",
        ),
        # Ended (settled) without a signing date in the book; a file review.
        row(
            centre,
            number="LA-2025-006",
            received_on="2025-07-01",
            applicant="吴九",
            applicant_id=imports.resident_id("19750606"),
            amount_claimed="8000",
            decision="给予",
            decided_on="2025-07-02",
            provider="甲律师事务所",
            handler="李律师",
            assigned_on="2025-07-03",
            outcome="调解/和解",
            ended_on="2025-08-01",
            money_recovered="5000",
            quality_kind="案卷检查",
            quality_checked_on="2025-08-10",
            quality_grade="良",
        ),
        # No number in the book: numbered as a clerk's case is; assigned.
        row(
            centre,
            received_on="2025-08-04",
            applicant="郑十",
            applicant_id=imports.resident_id("19850707"),
            groups="残疾人",
            decision="给予",
            decided_on="2025-08-05",
            provider="甲律师事务所",
            handler="李律师",
            assigned_on="2025-08-06",
        ),
    ]


def import_now(actor, office, rows, **kwargs):
    """Validate and apply in one step; (the batch, the plan, the changes)."""
    file = imports.xlsx(APPLICATIONS, rows, **kwargs)
    return batches.import_now(
        APPLICATIONS, actor=actor, office=office, content=file.read(), name=file.name
    )


def refused(actor, office, rows) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        import_now(actor, office, rows)
    return excinfo.value.messages


def cell(n: int, key: str, message: str) -> str:
    return f"第{n}行 {LETTER[key]}列（{HEADER[key]}）：{message}"


# --- every road ----------------------------------------------------------------------------------


def test_every_road_a_case_takes_through_the_lines_rules(cast, centre, reviewer, roster):
    batch, plan, _changes = import_now(reviewer, centre, book(centre))
    assert plan.counts == {"create": 7, "update": 0, "unchanged": 0}
    cases = {a.number: a for a in Application.objects.filter(office=centre)}
    assert len(cases) == 7

    archived = cases["LA-2025-001"]
    assert archived.status == Status.ARCHIVED
    assert (archived.accepted_on, archived.decided_on) == (D(2025, 3, 5), D(2025, 3, 5))
    assert archived.decision_due_on == D(2025, 3, 10)  # 7 days (第43条), a working Monday
    assert archived.money_recovered == Decimal("36000")
    assert (archived.archive_number, archived.archived_on) == ("档2025-001", D(2025, 7, 20))
    assert {g.group for g in archived.groups.all()} == {
        ApplicantGroup.MIGRANT_WORKER,
        ApplicantGroup.WOMAN,
    }
    assert list(archived.events.order_by("id").values_list("from_status", "to_status")) == [
        ("", Status.RECEIVED),
        (Status.RECEIVED, Status.GRANTED),
        (Status.GRANTED, Status.ASSIGNED),
        (Status.ASSIGNED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.ENDED),
        (Status.ENDED, Status.FILED_FOR_REVIEW),
        (Status.FILED_FOR_REVIEW, Status.ARCHIVED),
    ]
    assignment = archived.assignments.get()
    assert (assignment.handler, assignment.agreement_signed_on) == (roster["lawyer"], D(2025, 3, 8))
    check = archived.quality_checks.get()
    assert (check.kind, check.grade, check.satisfaction) == (
        QualityKind.FOLLOW_UP,
        QualityGrade.EXCELLENT,
        Satisfaction.SATISFIED,
    )

    assert cases["LA-2025-002"].status == Status.REFUSED
    assert cases["LA-2025-002"].refusal_reasons == "申请人家庭经济状况不符合经济困难标准。"
    assert cases["LA-2025-003"].status == Status.RECEIVED
    notified = cases["LA-2025-004"]
    assert notified.status == Status.IN_PROGRESS
    assert notified.accepted_on == D(2025, 5, 10) and notified.notice_number
    assert notified.assignment_due_on == D(2025, 5, 13)  # 3 days (第36条)
    assert cases["LA-2025-005"].status == Status.TERMINATED
    settled = cases["LA-2025-006"]
    assert settled.status == Status.ENDED and settled.outcome == Outcome.SETTLED
    # A book without the signing date: the 委托协议 is recorded on the assignment day.
    assert settled.assignments.get().agreement_signed_on == D(2025, 7, 3)
    [numbered] = [a for n, a in cases.items() if not n.startswith("LA-")]
    assert numbered.status == Status.ASSIGNED and numbered.number

    # Each applicant once, registered at the centre; the history names the importer.
    assert Person.objects.filter(office=centre, name__in=["张三", "孙七", "郑十"]).count() == 3
    history = Application.history.filter(number="LA-2025-001").get()
    assert history.history_user == reviewer
    assert history.history_change_reason == f"导入批次#{batch.pk}"


def test_a_closed_case_may_name_a_handler_who_has_left_the_roster(cast, centre, reviewer, roster):
    lawyer = roster["lawyer"]
    lawyer.active = False
    lawyer.save()
    closed = book(centre)[5]  # ended
    import_now(reviewer, centre, [closed])
    assert Assignment.objects.get(handler=lawyer).application.status == Status.ENDED
    still_handled = row(
        centre,
        number="LA-OPEN",
        applicant_id=imports.resident_id("19600808"),
        decision="给予",
        decided_on="2025-03-04",
        provider="甲律师事务所",
        handler="李律师",
        assigned_on="2025-03-05",
    )
    assert refused(reviewer, centre, [still_handled]) == [
        cell(2, "handler", "该承办人员已不在册。")
    ]


# --- bad rows ------------------------------------------------------------------------------------


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(
    cast, centre, reviewer, roster
):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    people = iter(imports.resident_id("19810101") for _ in range(20))
    rows = [
        row(centre, applicant_id=next(people), matter_type="星际"),  # 2: unknown code
        row(centre, applicant_id="330102198001010010"),  # 3: bad check character
        row(centre, applicant_id=next(people), received_on=tomorrow),  # 4: in the future
        # 5: decided before it was received
        row(centre, applicant_id=next(people), decision="给予", decided_on="2025-03-01"),
        # 6: ended before it was assigned
        row(
            centre,
            applicant_id=next(people),
            decision="给予",
            decided_on="2025-03-03",
            provider="甲律师事务所",
            handler="李律师",
            assigned_on="2025-03-10",
            outcome="胜诉",
            ended_on="2025-03-09",
        ),
        row(centre, applicant_id=next(people), number="DUP-1"),  # 7
        row(centre, applicant_id=next(people), number="DUP-1"),  # 8: duplicate in the file
        # 9: a provider not on the roster
        row(
            centre,
            applicant_id=next(people),
            decision="给予",
            decided_on="2025-03-04",
            provider="乙律师事务所",
            handler="李律师",
            assigned_on="2025-03-05",
        ),
        # 10: a handler the provider does not have
        row(
            centre,
            applicant_id=next(people),
            decision="给予",
            decided_on="2025-03-04",
            provider="甲律师事务所",
            handler="钱律师",
            assigned_on="2025-03-05",
        ),
        # 11: a criminal case given to a grassroots worker (第25、26条)
        row(
            centre,
            applicant_id=next(people),
            matter_type="刑事",
            matter="刑事被害人、自诉人等申请代理",
            decision="给予",
            decided_on="2025-03-04",
            provider="甲一法律服务所",
            handler="周法务",
            assigned_on="2025-03-05",
        ),
        # 12: 不予 without its reasons (第43条)
        row(centre, applicant_id=next(people), decision="不予", decided_on="2025-03-04"),
        # 13: an assignment without its date
        row(
            centre,
            applicant_id=next(people),
            decision="给予",
            decided_on="2025-03-04",
            provider="甲律师事务所",
            handler="李律师",
        ),
    ]
    messages = refused(reviewer, centre, rows)
    assert messages == [
        cell(2, "matter_type", "未知的案件类别“星际”，请从下拉列表中选择。"),
        cell(3, "applicant_id", messages[1].split("：", 1)[1]),
        cell(4, "received_on", "日期不能晚于今天。"),
        cell(5, "decided_on", "日期不能早于收到申请日期（2025-03-03）。"),
        cell(6, "ended_on", "办结日期不能早于指派日期。"),
        cell(8, "number", "申请编号“DUP-1”与第7行重复。"),
        cell(
            9,
            "provider",
            "承办机构“乙律师事务所”不在您可查看的承办机构名册中，请先导入承办机构和人员。",
        ),
        cell(10, "handler", "承办机构“甲律师事务所”的名册中没有承办人员“钱律师”。"),
        cell(11, "handler", "刑事案件应当指派律师承办（法律援助法 第25、26条）。"),
        cell(12, "refusal_reasons", "决定不予法律援助的，应当书面说明理由。"),
        cell(13, "assigned_on", "指派应填写承办机构、承办人员和指派日期。"),
    ]
    assert "校验" in messages[1]  # the ID number's check character
    assert not Application.objects.exists()
    assert not Person.objects.filter(name="张三").exists()


def test_the_transition_table_refuses_what_a_clerk_could_not_do(cast, centre, reviewer, roster):
    assigned = {"provider": "甲律师事务所", "handler": "李律师", "assigned_on": "2025-03-06"}
    rows = [
        row(
            centre,
            applicant_id=imports.resident_id("19910101"),
            decision="不予",
            decided_on="2025-03-04",
            refusal_reasons="不符合条件。",
            **assigned,
        ),
        row(centre, applicant_id=imports.resident_id("19920101"), **assigned),
        row(
            centre,
            applicant_id=imports.resident_id("19930101"),
            decision="给予",
            decided_on="2025-03-04",
            outcome="胜诉",
            ended_on="2025-05-01",
        ),
    ]
    assert refused(reviewer, centre, rows) == [
        "第2行：案件不能从「决定不予」变为「已指派」。",
        cell(3, "provider", "案件尚未决定给予法律援助，不能指派。"),
        "第4行：案件不能从「决定给予」变为「已办结待交材料」。",
    ]


def test_a_missing_required_column_stops_the_file(cast, centre, reviewer):
    headers = [f.header for f in APPLICATIONS.fields if f.key != "matter"]
    messages = refused_with_headers(reviewer, centre, [row(centre)], headers)
    assert messages == ["第1行：缺少“援助事项”列。"]


def refused_with_headers(actor, office, rows, headers):
    with pytest.raises(ValidationError) as excinfo:
        import_now(actor, office, rows, headers=headers)
    return excinfo.value.messages


def test_keys_already_in_the_database_are_refused(cast, centre, reviewer, roster):
    import_now(reviewer, centre, book(centre)[:4])
    other = make_centre(cast.county_a, name="甲县法律援助中心二")
    again = [
        row(other, number="LA-2025-001", applicant_id=imports.resident_id("19610101")),
        row(
            other,
            number="LA-NEW-2",
            received_on="2025-06-01",
            origin="通知辩护/代理",
            applicant_id=imports.resident_id("20080101"),
            matter_type="刑事",
            matter="刑事案件犯罪嫌疑人、被告人申请辩护",
            notifying_organ="人民法院",
            notifying_organ_name="甲县人民法院",
            notice_number="（2025）甲刑通字第1号",
            criminal_stage="审判",
            notification_ground="未成年人",
        ),
    ]
    supervisor = cast.county_supervisor
    assert refused(supervisor, cast.county_a, again) == [
        cell(2, "number", "申请编号“LA-2025-001”已被另一案件使用（受理机构或收到申请日期不同）。"),
        cell(3, "notice_number", "该通知机关的这份通知书已登记。"),
    ]


# --- GBK CSV, re-import, corrected re-import ------------------------------------------------------


def test_gbk_csv_and_excel_serial_dates(cast, centre, reviewer, roster):
    rows = [book(centre)[0]]
    rows[0][HEADER["received_on"]] = "45719"  # 2025-03-03 as Excel counts
    file = imports.csv_file(APPLICATIONS, rows, encoding="gbk")
    batches.import_now(
        APPLICATIONS, actor=reviewer, office=centre, content=file.read(), name=file.name
    )
    case = Application.objects.get(number="LA-2025-001")
    assert case.received_on == D(2025, 3, 3)
    assert case.applicant.name == "张三" and case.archive_number == "档2025-001"


def test_preview_then_reimport_changes_nothing_and_a_corrected_file_updates_only_what_changed(
    cast, centre, reviewer, roster, login
):
    client = login(reviewer)
    rows = book(centre)
    preview, batch = imports.upload(client, URL, imports.xlsx(APPLICATIONS, rows))
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (7, 0, 0)
    assert 'data-testid="count-created">7<' in preview.content.decode()
    assert not Application.objects.exists()  # the preview writes nothing
    imports.confirm(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED, batch.errors
    stamps = dict(Application.objects.values_list("number", "updated_at"))
    history = Application.history.count()
    events = ApplicationEvent.objects.count()

    _page, again = imports.import_file(client, URL, imports.xlsx(APPLICATIONS, rows))
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 7)
    assert dict(Application.objects.values_list("number", "updated_at")) == stamps
    assert (Application.history.count(), ApplicationEvent.objects.count()) == (history, events)

    rows[5][HEADER["money_recovered"]] = "5500"  # typed wrong
    rows[0][HEADER["facts"]] = "申请人在工地务工，被拖欠工资四个月。"  # typed wrong too
    rows[2][HEADER["decision"]] = "给予"  # decided since the book was printed
    rows[2][HEADER["decided_on"]] = "2025-05-07"
    rows[3][HEADER["quality_kind"]] = "征询司法机关意见"  # a quality check added
    rows[3][HEADER["quality_checked_on"]] = "2025-06-01"
    preview, corrected = imports.upload(client, URL, imports.xlsx(APPLICATIONS, rows))
    assert (corrected.created_count, corrected.updated_count, corrected.unchanged_count) == (
        0,
        4,
        3,
    ), corrected.errors
    assert "挽回经济损失（元）：5000.00 → 5500" in preview.content.decode()
    imports.confirm(client, corrected)
    corrected.refresh_from_db()
    assert corrected.status == ImportBatch.Status.APPLIED, corrected.errors
    assert Application.objects.get(number="LA-2025-006").money_recovered == Decimal("5500")
    decided = Application.objects.get(number="LA-2025-003")
    assert decided.status == Status.GRANTED and decided.accepted_on == D(2025, 5, 7)
    assert QualityCheck.objects.filter(application__number="LA-2025-004").count() == 1
    archived = Application.objects.get(number="LA-2025-001")
    assert archived.facts == "申请人在工地务工，被拖欠工资四个月。"
    assert archived.status == Status.ARCHIVED
    changed = {"LA-2025-001", "LA-2025-003", "LA-2025-006"}
    assert {
        number: stamp
        for number, stamp in Application.objects.values_list("number", "updated_at")
        if number not in changed
    } == {number: stamp for number, stamp in stamps.items() if number not in changed}


def test_a_decision_recorded_cannot_be_changed_by_a_file(cast, centre, reviewer):
    rows = [book(centre)[1]]  # refused
    import_now(reviewer, centre, rows)
    rows[0][HEADER["decision"]] = "给予"
    assert refused(reviewer, centre, rows) == [
        "第2行：系统中该案件已是“决定不予”，导入文件不能改为“决定给予”。"
    ]


# --- roll-back -----------------------------------------------------------------------------------


def _applied(client, rows):
    _page, batch = imports.import_file(client, URL, imports.xlsx(APPLICATIONS, rows))
    assert batch.status == ImportBatch.Status.APPLIED, batch.errors
    return batch


def test_rollback_removes_what_the_batch_created_and_restores_what_it_changed(
    cast, centre, reviewer, roster, login
):
    client = login(reviewer)
    rows = book(centre)[2:4]
    first = _applied(client, rows)
    people = Person.objects.count()
    rows[0][HEADER["decision"]] = "给予"
    rows[0][HEADER["decided_on"]] = "2025-05-08"
    rows.append(row(centre, number="LA-NEW", applicant_id=imports.resident_id("19660101")))
    second = _applied(client, rows)
    assert Application.objects.get(number="LA-2025-003").status == Status.GRANTED

    response = client.post(reverse("imports:rollback", args=[second.pk]), follow=True)
    assert "已撤销该批次导入的全部数据。" in response.content.decode()
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.ROLLED_BACK
    restored = Application.objects.get(number="LA-2025-003")
    assert (restored.status, restored.decided_on, restored.accepted_on) == (
        Status.RECEIVED,
        None,
        None,
    )
    assert list(restored.events.values_list("to_status", flat=True)) == [Status.RECEIVED]
    assert not Application.objects.filter(number="LA-NEW").exists()
    assert Person.objects.count() == people
    batches.rollback(first, actor=reviewer)
    assert not Application.objects.exists()
    assert not Person.objects.filter(name__in=["赵六", "孙七"]).exists()


def test_rollback_is_refused_while_a_later_record_depends_on_the_batch(
    cast, centre, reviewer, roster, login
):
    client = login(reviewer)
    batch = _applied(client, [book(centre)[3]])  # in progress
    case = Application.objects.get(number="LA-2025-004")
    handling_event_add(
        actor=reviewer, application=case, kind=EventKind.MEETING, happened_on=D(2025, 5, 22)
    )
    response = client.post(reverse("imports:rollback", args=[batch.pk]), follow=True)
    assert "不能撤销" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert Application.objects.filter(number="LA-2025-004").exists()


# --- scoping -------------------------------------------------------------------------------------


def test_an_office_imports_only_into_its_subtree(cast, centre, roster, login):
    sibling = make_centre(cast.county_a, name="甲县法律援助中心二")
    elsewhere = make_centre(cast.county_b, name="乙县法律援助中心")
    client = login(cast.county_supervisor)
    file = imports.xlsx(
        APPLICATIONS,
        [
            row(centre, number="S1"),
            row(sibling, number="S2", applicant_id=imports.resident_id("19620101")),
            row(elsewhere, number="S3", applicant_id=imports.resident_id("19630101")),
        ],
    )
    # The county supervisor chooses the centre as the scope: the sibling centre is outside it,
    # and county B's is outside the supervisor's rights altogether.
    _page, batch = imports.upload(client, URL, file, office=centre.pk)
    assert batch.office == centre
    assert [e["message"] for e in batch.errors] == [
        f"机构编码“{sibling.code}”不存在或不在您的管理范围内。",
        f"机构编码“{elsewhere.code}”不存在或不在您的管理范围内。",
    ]
    # An office outside the user's rights cannot be chosen at all: the centre's reviewer
    # imports into the centre, whatever the form says, and county B's row is refused.
    reviewer = make_reviewer(centre)
    file = imports.xlsx(APPLICATIONS, [row(elsewhere, number="S3")])
    _page, own = imports.upload(login(reviewer), URL, file, office=elsewhere.pk)
    assert own.office == centre
    assert [e["message"] for e in own.errors] == [
        f"机构编码“{elsewhere.code}”不存在或不在您的管理范围内。"
    ]
    assert not ImportBatch.objects.filter(office=elsewhere).exists()
    # A batch is not found by a user outside its office's scope.
    assert (
        login(cast.sibling_clerk).get(reverse("imports:batch", args=[batch.pk])).status_code == 404
    )


# --- the historic mark ---------------------------------------------------------------------------


def test_a_deadline_past_before_the_import_is_historic_not_overdue(cast, centre, reviewer):
    import_now(reviewer, centre, [book(centre)[2]])  # received 2025-05-06, not yet decided
    typed = make_application(reviewer, centre, received_on=D(2025, 5, 6))
    titles = [todo.title for todo in legalaid_todos(reviewer)]
    assert any(typed.number in title for title in titles)  # entered by hand: overdue
    assert not any("LA-2025-003" in title for title in titles)  # imported after: historic


# --- the round trip to the indicators -------------------------------------------------------------


def _day(text: str) -> D:
    return D.fromisoformat(text)


def test_the_imported_book_counts_exactly_in_the_legal_aid_indicators(
    cast, centre, reviewer, roster
):
    rows = book(centre)
    import_now(reviewer, centre, rows)

    def get(r, key):
        return r.get(HEADER[key], "")

    def notified(r):
        return get(r, "origin") == "通知辩护/代理"

    def accepted(r):
        return notified(r) or get(r, "decision") == "给予"

    def accepted_on(r):
        return _day(get(r, "received_on") if notified(r) else get(r, "decided_on"))

    def money(r):
        return Decimal(get(r, "money_recovered").replace(",", "").replace("元", "") or 0)

    def count(predicate):
        return sum(1 for r in rows if predicate(r))

    def decided_within(r, low, high):
        if not get(r, "decision"):
            return False
        days = (_day(get(r, "decided_on")) - _day(get(r, "received_on"))).days
        return low <= days <= high

    def assigned_within(r, low, high):
        if not (accepted(r) and get(r, "assigned_on")):
            return False
        return low <= (_day(get(r, "assigned_on")) - accepted_on(r)).days <= high

    groups = {r_i: [g for g in get(r, "groups").split("、") if g] for r_i, r in enumerate(rows)}
    figures = {
        "legalaid.cases_accepted": count(accepted),
        "legalaid.civil_accepted": count(lambda r: accepted(r) and get(r, "matter_type") == "民事"),
        "legalaid.criminal_accepted": count(
            lambda r: accepted(r) and get(r, "matter_type") == "刑事"
        ),
        "legalaid.notifications": count(notified),
        "legalaid.aided_group_members": sum(
            len(groups[i]) for i, r in enumerate(rows) if accepted(r)
        ),
        "legalaid.applications_received": count(lambda r: not notified(r)),
        "legalaid.applications_refused": count(lambda r: get(r, "decision") == "不予"),
        "legalaid.decisions": count(lambda r: bool(get(r, "decision"))),
        # Within 7 days is on time whatever the holidays; 20 days or more is late.
        "legalaid.decisions_on_time": count(lambda r: decided_within(r, 0, 7)),
        "legalaid.decisions_late": count(lambda r: decided_within(r, 20, 999)),
        "legalaid.assignments_on_time": count(lambda r: assigned_within(r, 0, 3)),
        "legalaid.assignments_late": count(lambda r: assigned_within(r, 10, 999)),
        "legalaid.cases_ended": count(lambda r: bool(get(r, "outcome"))),
        "legalaid.money_recovered": sum(money(r) for r in rows),
        "legalaid.quality_checks": count(lambda r: bool(get(r, "quality_kind"))),
        "legalaid.follow_ups": count(lambda r: get(r, "quality_kind") == "回访受援人"),
        "legalaid.follow_ups_satisfied": count(
            lambda r: (
                get(r, "quality_kind") == "回访受援人"
                and get(r, "quality_satisfaction") in ("非常满意", "满意", "基本满意")
            )
        ),
    }
    # The figures above cover every case of the book (each lies in one of these cases).
    assert figures["legalaid.decisions"] == (
        figures["legalaid.decisions_on_time"] + figures["legalaid.decisions_late"]
    )
    scope = registry.Scope(office=cast.city, start=D(2025, 1, 1), end=D(2025, 12, 31))
    measured = {key: registry.value(registry.get(key), scope) for key in figures}
    assert measured == figures


# --- the kit's template --------------------------------------------------------------------------


def test_the_template_from_the_kit_filled_with_the_book_imports_it(
    cast, centre, reviewer, roster, login
):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    client = login(reviewer)
    response = client.get(reverse("imports:template", args=[APPLICATIONS.key]))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["案件", "选项", "填写说明"]
    sheet = workbook["案件"]
    headers = [c.value for c in sheet[1]]
    assert headers == [f.header for f in APPLICATIONS.fields]
    lists = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert f"{LETTER['matter_type']}2" in lists and f"{LETTER['decision']}2" in lists
    rows = book(centre)
    for number, values in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=number, column=column, value=values.get(header, ""))
    buffer = BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("案件台账.xlsx", buffer.getvalue())
    _page, batch = imports.import_file(client, URL, upload)
    assert batch.status == ImportBatch.Status.APPLIED, batch.errors
    assert batch.created_count == len(rows) == Application.objects.count()


def test_the_line_lists_its_imports_in_the_go_live_order(reviewer, login):
    from sifa.core.imports import registry as imports_registry

    specs = [spec for spec in imports_registry.specs() if spec.line == "legalaid"]
    assert [spec.key for spec in specs] == [
        "legalaid.providers",
        "legalaid.handlers",
        "legalaid.applications",
        "legalaid.consultations",
    ]
    page = login(reviewer).get(reverse("imports:hub")).content.decode()
    places = [page.find(f'href="{reverse("imports:upload", args=[spec.key])}"') for spec in specs]
    assert -1 not in places and places == sorted(places)
