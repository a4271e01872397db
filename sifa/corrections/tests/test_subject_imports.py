"""The 在矫 register import (issue 17): subjects at go-live through the intake rules — the
indicators count them as the rows say; bad rows (a missing column, an unknown code, a bad ID
checksum, a future date, an end before its start, a duplicate inside the file and against the
database, a person under correction at another 司法所); minors; GBK CSV and Excel serial dates;
re-import and corrected re-import by ID number; roll-back; scoping; the historic mark."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.core.models import ImportBatch
from sifa.corrections.constants import ReportType, Status, TeamRole
from sifa.corrections.imports.subjects import SUBJECTS
from sifa.corrections.models import Subject, SubjectEvent
from sifa.corrections.tests.factories import make_active_subject, make_worker
from sifa.corrections.todos import corrections_todos
from sifa.people.models import Person
from sifa.stats import registry
from tests import imports

D = datetime.date
HEADER = {f.key: f.header for f in SUBJECTS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(SUBJECTS.fields)}
URL = reverse("imports:upload", args=[SUBJECTS.key])
TODAY = datetime.date.today()


_odd = itertools.count(1, 2)


def man(birth: str) -> str:
    """A valid 居民身份证号码 of a man (an odd 17th digit) born on `birth`, new at each call."""
    return imports.resident_id(birth, sequence=next(_odd) % 1000)


@pytest.fixture
def worker(cast):
    """A 社区矫正工作人员 of county A: both 司法所 of the county, minors too."""
    return make_worker(cast.county_a, username="cc_importer")


def subject_row(office, **values) -> dict:
    """One register row by field key: an adult probationer 在矫 at `office` (a 司法所)."""
    row = {
        "name": "赵六",
        "id_number": man("19850601"),
        "office": office.code,
        "sentence_type": "缓刑",
        "crime": "盗窃罪",
        "crime_category": "侵犯财产罪",
        "original_sentence": "有期徒刑一年，缓刑一年",
        "sentence_months": "12",
        "decision_organ": "人民法院",
        "decision_organ_name": "甲县人民法院",
        "judgment_number": f"（2026）浙0102刑初{imports.resident_id()[-4:]}号",
        "judgment_effective_on": "2026-03-02",
        "notified_on": "2026-03-04",
        "documents_received_on": "2026-03-04",
        "status": "在矫",
        "reported_on": "2026-03-05",
        "announced_on": "2026-03-06",
        "category": "普通管理",
        "team": "王五（司法所）、李梅（家属，女）",
    }
    row.update(values)
    return {HEADER[key]: value for key, value in row.items()}


def run(actor, rows, office=None, **kwargs):
    """Import `rows` in one step (validate and apply): (batch, plan, changes)."""
    file = imports.xlsx(SUBJECTS, rows, **kwargs)
    return batches.import_now(
        SUBJECTS, actor=actor, office=office, content=file.read(), name=file.name
    )


def errors_of(actor, rows, office=None, **kwargs) -> list[tuple[int, str, str]]:
    """The (row, column letter, message) of every error, having written nothing."""
    with pytest.raises(ValidationError) as refused:
        run(actor, rows, office, **kwargs)
    file = imports.xlsx(SUBJECTS, rows, **kwargs)
    batch = batches.stage(SUBJECTS, actor=actor, office=office, content=file.read(), name=file.name)
    found = batches.errors_of(batch)
    assert refused.value.messages == [str(error) for error in found]  # the same errors
    return [(e.row, e.column, e.message) for e in found]


def stock(office, key="corrections.under_correction", on=TODAY) -> int:
    scope = registry.Scope(office=office, start=on, end=on)
    return registry.value(registry.get(key), scope)


def flow(office, key, start, end) -> int:
    return registry.value(registry.get(key), registry.Scope(office=office, start=start, end=end))


# --- a good file ---------------------------------------------------------------------------------


def test_a_register_creates_the_subjects_through_the_intake_steps(cast, worker):
    rows = [
        subject_row(cast.township_a1, name="赵六"),
        subject_row(
            cast.township_a2,
            name="钱七",
            id_number=man("19900202"),
            sentence_type="管制",
            original_sentence="管制一年",
            category="strict",
            team="孙八（司法所工作人员）、周九（村(居)委会成员）",
        ),
        subject_row(
            cast.township_a1,
            name="吴十",
            id_number=man("19700303"),
            status="已接收",
            announced_on="",
            category="",
            team="",
        ),
        subject_row(
            cast.township_a1,
            name="郑一",
            id_number=man("19750404"),
            status="待报到",
            reported_on="",
            announced_on="",
            category="",
            team="",
        ),
    ]
    rows[1][HEADER["office"]] = cast.township_a2.name  # an office by its name
    before = {o.pk: stock(o) for o in (cast.township_a1, cast.township_a2, cast.county_a)}

    batch, plan, _changes = run(worker, rows)

    assert plan.counts == {"create": 4, "update": 0, "unchanged": 0}
    subjects = {s.person.name: s for s in Subject.objects.select_related("person", "office")}
    zhao = subjects["赵六"]
    assert zhao.office == cast.township_a1 and zhao.status == Status.UNDER_CORRECTION
    assert (zhao.correction_start, zhao.correction_end) == (D(2026, 3, 2), D(2027, 3, 1))
    assert zhao.report_type == ReportType.ON_TIME and zhao.registered_on == D(2026, 3, 5)
    assert zhao.category == "ordinary" and zhao.crime_category == "property"
    assert not zhao.is_minor
    assert sorted((m.name, m.role, m.is_female) for m in zhao.team.all()) == [
        ("李梅", TeamRole.FAMILY, True),
        ("王五", TeamRole.JUDICIAL_OFFICE, False),
    ]
    assert zhao.plans.get().version == 1
    assert zhao.categories.get().to_category == "ordinary"
    assert list(zhao.events.values_list("to_status", flat=True)) == [
        Status.AWAITING_REPORT,
        Status.RECEIVED,
        Status.UNDER_CORRECTION,
    ]
    assert subjects["钱七"].office == cast.township_a2
    assert subjects["钱七"].team.get(name="周九").role == TeamRole.VILLAGE_COMMITTEE
    assert subjects["吴十"].status == Status.RECEIVED and not subjects["吴十"].team.exists()
    assert subjects["郑一"].status == Status.AWAITING_REPORT
    assert subjects["郑一"].report_due_on == D(2026, 3, 12)
    # The persons are registered at the rows' 司法所, named in history by the importer.
    assert Person.objects.get(name="钱七").office == cast.township_a2
    assert Subject.history.filter(number=zhao.number).get().history_user == worker
    # The figures count exactly the registered rows (待报到 is not yet 在矫).
    counted = {cast.township_a1.pk: 2, cast.township_a2.pk: 1, cast.county_a.pk: 3}
    for office in (cast.township_a1, cast.township_a2, cast.county_a):
        assert stock(office) == before[office.pk] + counted[office.pk]
    assert flow(cast.county_a, "corrections.received", D(2026, 3, 1), D(2026, 3, 31)) == 3
    assert batch.created_count == 4


# --- bad rows ------------------------------------------------------------------------------------


def test_a_missing_required_column_stops_at_the_header(cast, worker):
    headers = [h for h in HEADER.values() if h != "罪名"]
    found = errors_of(worker, [subject_row(cast.township_a1)], headers=headers)
    assert found == [(1, "", "缺少“罪名”列。")]
    assert not Subject.objects.exists()


def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_written(cast, worker):
    number = man("19850601")
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    rows = [
        subject_row(cast.township_a1, sentence_type="劳动教养"),  # unknown code
        subject_row(cast.township_a1, category="特级管理"),  # unknown code-table item
        subject_row(cast.township_a1, id_number=number[:-1] + ("0" if number[-1] != "0" else "1")),
        subject_row(cast.township_a1, reported_on=tomorrow),  # in the future
        subject_row(
            cast.township_a1,
            correction_start="2026-03-02",
            correction_end="2026-02-01",
            period_override_reason="羁押折抵",
        ),
        subject_row(cast.township_a1, id_number=number),
        subject_row(cast.township_a1, id_number=number),  # the same person twice in the file
        subject_row(cast.township_a1, status="待报到", announced_on="", category="", team=""),
    ]
    found = errors_of(worker, rows)
    by_row = {}
    for row, column, message in found:
        by_row.setdefault(row, []).append((column, message))
    assert by_row[2] == [
        (LETTER["sentence_type"], "未知的矫正类别“劳动教养”，请从下拉列表中选择。")
    ]
    assert by_row[3] == [(LETTER["category"], "未知的管理类别“特级管理”，请从下拉列表中选择。")]
    assert by_row[4][0][0] == LETTER["id_number"] and "校验" in by_row[4][0][1]
    assert by_row[5] == [(LETTER["reported_on"], "日期不能晚于今天。")]
    assert (LETTER["correction_end"], "矫正期满日期不能早于矫正起始日期。") in by_row[6]
    assert 7 not in by_row
    assert by_row[8] == [(LETTER["id_number"], f"身份证号码“{number}”与第7行重复。")]
    assert by_row[9] == [(LETTER["reported_on"], "状态为“待报到”的对象不填报到日期。")]
    assert not Subject.objects.exists() and not Person.objects.filter(name="赵六").exists()


def test_the_rules_of_the_forms_apply_to_each_row(cast, worker):
    woman = imports.resident_id("19880808", sequence=2)  # an even 17th digit: a woman
    rows = [
        subject_row(cast.township_a1, id_number=woman, team="王五（司法所）"),  # CC-8
        subject_row(cast.township_a1, sentence_months="72"),  # 缓刑: 2–60 months
        subject_row(cast.township_a1, reported_on="2026-03-01"),  # before the judgment
        subject_row(cast.township_a1, team="王五（居委）"),
        subject_row(cast.county_a, name="孙八"),  # a county bureau keeps no subject
        subject_row(cast.township_a1, correction_end="2027-06-01"),  # differs, no reason
    ]
    found = {(row, column): message for row, column, message in errors_of(worker, rows)}
    assert found[(2, LETTER["team"])] == (
        "矫正对象为女性，矫正小组中应有女性成员（社区矫正法 第25条）。"
    )
    assert found[(3, LETTER["sentence_months"])] == "缓刑的期限应在2至60个月之间。"
    assert found[(4, LETTER["reported_on"])] == "报到日期不能早于判决/裁定/决定生效日期。"
    assert found[(5, LETTER["team"])].startswith("“王五”的身份“居委”无法识别")
    assert found[(6, LETTER["office"])] == "社区矫正对象应由司法所接收（受县级社区矫正机构委托）。"
    assert found[(7, LETTER["period_override_reason"])].startswith(
        "矫正期限与按刑期计算的结果（2026-03-02至2027-03-01）不一致"
    )


def person_with_number(office, number, name="赵六"):
    person = Person(office=office, name=name, doc_type="resident_id")
    person.set_id_number(number)
    person.save()
    return person


def test_a_person_under_correction_at_another_office_is_named_only_to_who_sees_it(cast, worker):
    number = man("19850601")
    other = make_active_subject(
        worker, cast.township_a2, person=person_with_number(cast.township_a2, number)
    )
    rows = [subject_row(cast.township_a1, id_number=number)]
    found = errors_of(worker, rows)
    assert found == [
        (
            2,
            LETTER["id_number"],
            f"该人员正在甲二镇司法所接受社会矫正（在矫，矫正编号{other.number}），".replace(
                "社会", "社区"
            )
            + "不能重复登记；变更执行地的，请办理执行地变更。",
        )
    ]
    # The clerk of township A1 does not see township A2: the number is as new to them.
    _batch, plan, _ = run(cast.township_clerk, rows)
    assert plan.counts["create"] == 1
    mine = Subject.objects.get(office=cast.township_a1)
    assert mine.person.office == cast.township_a1 and mine.person.pk != other.person_id


def test_a_number_already_used_is_an_error(cast, worker):
    existing = make_active_subject(worker, cast.township_a2)
    rows = [subject_row(cast.township_a1, number=existing.number)]
    assert errors_of(worker, rows) == [
        (2, LETTER["number"], f"矫正编号“{existing.number}”已被使用。")
    ]


def test_a_minors_record_needs_the_minors_right(cast, worker):
    minor = imports.resident_id("20100101", sequence=1)  # a boy, 16 when the judgment took effect
    rows = [subject_row(cast.township_a1, id_number=minor, team="王五（司法所，熟悉未成年人）")]
    assert errors_of(cast.township_clerk, rows) == [
        (
            2,
            LETTER["id_number"],
            "该对象为未成年人，您没有办理未成年社区矫正对象的权限（社区矫正法 第54条）。",
        )
    ]
    run(worker, rows)
    subject = Subject.objects.get()
    assert subject.is_minor and subject.team.get().versed_in_minors
    # CC-32: a minor's team needs someone versed in minors.
    other = imports.resident_id("20100505", sequence=3)
    found = errors_of(worker, [subject_row(cast.township_a1, id_number=other)])
    assert found == [
        (
            2,
            LETTER["team"],
            "矫正对象为未成年人，矫正小组中应有熟悉未成年人身心特点的人员（社区矫正法 第52条）。",
        )
    ]


# --- file formats --------------------------------------------------------------------------------


def test_gbk_csv_and_excel_serial_dates(cast, worker):
    row = subject_row(
        cast.township_a1,
        judgment_effective_on="46083",  # 2026-03-02 as Excel counts
        notified_on=46085,  # 2026-03-04
        reported_on="2026年3月5日",
        announced_on="2026/3/6",
    )
    file = imports.csv_file(SUBJECTS, [row], encoding="gbk")
    batches.import_now(SUBJECTS, actor=worker, office=None, content=file.read(), name=file.name)
    subject = Subject.objects.get()
    assert subject.judgment_effective_on == D(2026, 3, 2)
    assert subject.notified_on == D(2026, 3, 4)
    assert (subject.reported_on, subject.announced_on) == (D(2026, 3, 5), D(2026, 3, 6))
    assert subject.person.name == "赵六"


# --- re-import, corrected re-import, roll-back -------------------------------------------------


def test_the_same_file_again_changes_nothing(cast, worker):
    rows = [
        subject_row(cast.township_a1),
        subject_row(cast.township_a2, name="钱七", id_number=man("19900202")),
    ]
    run(worker, rows)
    events = SubjectEvent.objects.count()
    _batch, plan, changes = run(worker, rows)
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 2}
    assert changes == [] and Subject.objects.count() == 2
    assert SubjectEvent.objects.count() == events


def test_a_corrected_file_updates_only_what_changed(cast, worker):
    second = man("19900202")
    third = imports.resident_id("19700303", sequence=5)  # a man
    rows = [
        subject_row(cast.township_a1),
        subject_row(cast.township_a1, name="钱七", id_number=second),
        subject_row(
            cast.township_a1,
            name="吴十",
            id_number=third,
            status="已接收",
            announced_on="",
            category="",
            team="",
        ),
    ]
    first_batch, _plan, _changes = run(worker, rows)
    rows[0][HEADER["crime"]] = "诈骗罪"  # a typo corrected
    rows[1][HEADER["category"]] = "严格"  # a new 管理类别
    rows[2][HEADER["status"]] = "在矫"  # announced since
    rows[2][HEADER["announced_on"]] = "2026-03-09"
    rows[2][HEADER["category"]] = "宽松"
    rows[2][HEADER["team"]] = "王五（司法所）"
    file = imports.xlsx(SUBJECTS, rows)
    staged = batches.stage(SUBJECTS, actor=worker, office=None, content=file.read(), name="b.xlsx")
    assert staged.errors == []
    assert (staged.created_count, staged.updated_count, staged.unchanged_count) == (0, 3, 0)
    changed = {entry["row"]: entry["fields"] for entry in staged.updates}
    assert changed[2] == [["罪名", "盗窃罪", "诈骗罪"]]
    assert changed[3] == [["管理类别", "普通", "严格"]]
    assert ["状态", "已接收", "在矫"] in changed[4]

    batch = batches.confirm(SUBJECTS, staged, actor=worker)
    subjects = {s.person.name: s for s in Subject.objects.select_related("person")}
    assert subjects["赵六"].crime == "诈骗罪"
    assert subjects["钱七"].category == "strict"
    assert subjects["钱七"].categories.last().reason.startswith("按更正后的台账调整")
    wu = subjects["吴十"]
    assert wu.status == Status.UNDER_CORRECTION and wu.announced_on == D(2026, 3, 9)
    assert wu.category == "lenient" and wu.plans.exists()
    # The same corrected file again: nothing left to change.
    _b, plan, _c = run(worker, rows)
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 3}
    # A step taken may not be changed by a file.
    rows[0][HEADER["reported_on"]] = "2026-03-06"
    assert errors_of(worker, rows) == [
        (2, LETTER["reported_on"], "系统中已登记报到日期为2026-03-05，不能通过导入修改。")
    ]
    # Rolling the corrections back restores the values before them.
    batches.rollback(batch, actor=worker)
    subjects = {s.person.name: s for s in Subject.objects.select_related("person")}
    assert subjects["赵六"].crime == "盗窃罪" and subjects["钱七"].category == "ordinary"
    assert subjects["吴十"].status == Status.RECEIVED and not subjects["吴十"].plans.exists()
    assert first_batch.status == ImportBatch.Status.APPLIED


def test_a_batch_rolls_back_while_nothing_depends_on_it(cast, worker):
    from sifa.corrections.actions.supervision import supervision_record

    before = stock(cast.county_a)
    batch, _plan, _changes = run(worker, [subject_row(cast.township_a1)])
    assert stock(cast.county_a) == before + 1
    batches.rollback(batch, actor=worker)
    assert not Subject.objects.exists() and not Person.objects.filter(name="赵六").exists()
    assert stock(cast.county_a) == before
    # A supervision record made after the import holds the batch.
    batch, _plan, _changes = run(worker, [subject_row(cast.township_a1)])
    supervision_record(
        actor=worker,
        subject=Subject.objects.get(),
        kind="report",
        happened_on=TODAY,
        content="电话报告",
    )
    with pytest.raises(ValidationError) as refused:
        batches.rollback(batch, actor=worker)
    assert "日常管理记录" in refused.value.messages[0]
    assert Subject.objects.count() == 1


# --- scoping -------------------------------------------------------------------------------------


def test_an_office_imports_only_into_its_subtree(cast, worker, login):
    rows = [subject_row(cast.township_a2)]
    assert errors_of(cast.township_clerk, rows) == [
        (2, LETTER["office"], f"执行地司法所“{cast.township_a2.code}”不存在或不在您的管理范围内。")
    ]
    # The county worker importing into township A1's scope: A2 is outside it.
    assert errors_of(worker, rows, office=cast.township_a1) == [
        (2, LETTER["office"], f"执行地司法所“{cast.township_a2.code}”不存在或不在您的管理范围内。")
    ]
    # Another county's office is not even named.
    rows = [subject_row(cast.township_b1)]
    assert errors_of(worker, rows)[0][2].endswith("不存在或不在您的管理范围内。")
    # The page offers no office out of scope, and a batch is not found from outside it.
    client = login(cast.township_clerk)
    _response, batch = imports.upload(
        client, URL, imports.xlsx(SUBJECTS, [subject_row(cast.township_a1)])
    )
    assert batch is not None and batch.office == cast.township_a1
    sibling = login(cast.sibling_clerk)
    assert sibling.get(reverse("imports:batch", args=[batch.pk])).status_code == 404


# --- the page round trip and the historic mark ---------------------------------------------------


def test_the_page_previews_then_confirms(cast, worker, login):
    client = login(worker)
    template = client.get(reverse("imports:template", args=[SUBJECTS.key]))
    assert template.status_code == 200
    _response, batch = imports.upload(
        client, URL, imports.xlsx(SUBJECTS, [subject_row(cast.township_a1)])
    )
    assert batch.status == ImportBatch.Status.READY and batch.created_count == 1
    assert not Subject.objects.exists()  # the preview writes nothing
    imports.confirm(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    subject = Subject.objects.get()
    page = client.get(reverse("corrections:subject_list"))
    assert subject.number in page.content.decode()


def test_a_report_deadline_past_before_the_import_is_historic_not_overdue(cast, worker):
    from sifa.corrections.tests.factories import make_subject

    waiting = {
        "status": "待报到",
        "reported_on": "",
        "announced_on": "",
        "category": "",
        "team": "",
    }
    run(worker, [subject_row(cast.township_a1, **waiting)])
    imported = Subject.objects.get()
    typed = make_subject(worker, cast.township_a1)  # the same dates, entered by hand
    titles = [todo.title for todo in corrections_todos(worker)]
    assert any(typed.number in title and "逾期未报到" in title for title in titles)
    assert not any(imported.number in title for title in titles)


# --- who may roll a batch back (docs/imports.md) ------------------------------------------------


def test_a_batch_is_rolled_back_only_by_its_importer_or_a_user_with_the_right_over_all_it_touched(
    cast, worker, login
):
    minor = imports.resident_id("20100101", sequence=1)  # a boy, 16 when the judgment took effect
    rows = [
        subject_row(cast.township_a1),
        subject_row(cast.township_a1, id_number=minor, team="王五（司法所，熟悉未成年人）"),
    ]
    batch, _plan, _changes = run(worker, rows, office=cast.township_a1)
    refused = "只有导入该批次的用户，或对该批次涉及的全部记录都有该导入权限的用户，可以撤销该批次。"

    # The township's clerk may import there, but not a minor's record: he may not undo it.
    clerk = login(cast.township_clerk)
    page = clerk.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert refused in page and 'data-testid="rollback"' not in page
    response = clerk.post(reverse("imports:rollback", args=[batch.pk]))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied) as excinfo:
        batches.rollback(batch, actor=cast.township_clerk)
    assert str(excinfo.value) == refused
    # A user of another township does not see the batch at all.
    assert (
        login(cast.sibling_clerk).post(reverse("imports:rollback", args=[batch.pk])).status_code
        == 404
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and Subject.objects.count() == 2

    # A colleague of the township with the minors right covers every record: allowed.
    colleague = make_worker(cast.township_a1)
    page = login(colleague).get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert 'data-testid="rollback"' in page and refused not in page
    login(colleague).post(reverse("imports:rollback", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ROLLED_BACK and not Subject.objects.exists()


def test_a_batch_of_a_county_is_not_rolled_back_from_one_township(cast, worker):
    rows = [subject_row(cast.township_a1), subject_row(cast.township_a2, name="钱七")]
    batch, _plan, _changes = run(worker, rows, office=cast.county_a)
    township_worker = make_worker(cast.township_a1)  # the right on one of the two townships
    with pytest.raises(PermissionDenied):
        batches.rollback(batch, actor=township_worker)
    assert Subject.objects.count() == 2
    batches.rollback(batch, actor=worker)  # its importer
    assert not Subject.objects.exists()
