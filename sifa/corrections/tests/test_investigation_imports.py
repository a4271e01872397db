"""The 调查评估 register import (issue 17): commissions with their opinion and adoption through
the three actions' rules; the figures count them as the rows say; bad rows; minors; GBK CSV
and serial dates; re-import and a later file that completes or records the adoption; roll-back;
scoping; a deadline past before the import is history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.corrections.actions.investigations import investigation_register
from sifa.corrections.constants import CommissioningBody, InvestigationResult, InvestigationStage
from sifa.corrections.imports.investigations import INVESTIGATIONS
from sifa.corrections.models import Investigation
from sifa.corrections.selectors.investigations import investigations_due
from sifa.corrections.tests.factories import make_worker
from sifa.people.actions import PersonIdentity
from sifa.people.models import Person
from sifa.stats import registry
from tests import imports

D = datetime.date
HEADER = {f.key: f.header for f in INVESTIGATIONS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(INVESTIGATIONS.fields)}
TODAY = datetime.date.today()
MARCH = (D(2026, 3, 1), D(2026, 3, 31))


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a, username="cc_assessor")


def commission_row(office, number="（2026）浙0102刑调1号", **values) -> dict:
    row = {
        "office": office.code,
        "commission_number": number,
        "commissioning_body": "人民法院",
        "commissioning_name": "甲县人民法院",
        "stage": "审前",
        "name": "钱七",
        "id_number": imports.resident_id("19900202"),
        "crime": "危险驾驶罪",
        "received_on": "2026-03-02",
        "investigators": "王五、赵七",
        "completed_on": "2026-03-10",
        "result": "适宜",
        "adopted": "是",
        "adoption_recorded_on": "2026-04-01",
    }
    row.update(values)
    return {HEADER[key]: value for key, value in row.items()}


OPEN = {"completed_on": "", "result": "", "adopted": "", "adoption_recorded_on": ""}


def run(actor, rows, office=None, **kwargs):
    file = imports.xlsx(INVESTIGATIONS, rows, **kwargs)
    return batches.import_now(
        INVESTIGATIONS, actor=actor, office=office, content=file.read(), name=file.name
    )


def errors_of(actor, rows, office=None, **kwargs) -> list[tuple[int, str, str]]:
    with pytest.raises(ValidationError) as refused:
        run(actor, rows, office, **kwargs)
    file = imports.xlsx(INVESTIGATIONS, rows, **kwargs)
    batch = batches.stage(
        INVESTIGATIONS, actor=actor, office=office, content=file.read(), name=file.name
    )
    found = batches.errors_of(batch)
    assert refused.value.messages == [str(error) for error in found]  # the same errors
    return [(e.row, e.column, e.message) for e in found]


def flow(office, key, start=MARCH[0], end=MARCH[1]) -> int:
    scope = registry.Scope(office=office, start=start, end=end)
    return registry.value(registry.get(key), scope)


def test_a_register_creates_the_commissions_and_the_figures_count_them(cast, worker):
    rows = [
        commission_row(cast.county_a, "调1"),
        commission_row(
            cast.township_a1,
            "调2",
            name="孙八",
            id_number=imports.resident_id("19800808"),
            commissioning_body="人民检察院",
            commissioning_name="甲县人民检察院",
            stage="诉前（审查起诉阶段）",
            summary_procedure="是",
            completed_on="2026-03-05",
            result="不适宜",
            reasons="无固定住所，家庭不具备监管条件。",
            adopted="否",
        ),
        commission_row(
            cast.township_a1, "调3", name="周九", id_number=imports.resident_id("19750505"), **OPEN
        ),
        commission_row(
            cast.township_a2,
            "调4",
            name="吴十",
            id_number=imports.resident_id("19700101"),
            adopted="",
            adoption_recorded_on="",
        ),
    ]
    before = {
        key: flow(cast.county_a, f"corrections.{key}")
        for key in (
            "investigations_received",
            "investigations_completed",
            "investigations_adoption_recorded",
            "investigations_adopted",
            "investigations_pre_trial",
        )
    }
    _batch, plan, _changes = run(worker, rows)
    assert plan.counts == {"create": 4, "update": 0, "unchanged": 0}
    found = {i.commission_number: i for i in Investigation.objects.select_related("person")}
    first = found["调1"]
    assert first.office == cast.county_a and first.stage == InvestigationStage.PRE_TRIAL
    assert first.due_on > first.received_on and first.result == InvestigationResult.SUITABLE
    assert first.adopted is True and first.adoption_recorded_on == D(2026, 4, 1)
    assert first.items and first.reasons  # the paper file holds them
    second = found["调2"]
    assert second.commissioning_body == CommissioningBody.PROCURATORATE
    assert second.summary_procedure and second.adopted is False
    assert second.due_on < first.due_on  # 5 working days, not 10
    assert found["调3"].completed_on is None and found["调3"].result == ""
    assert found["调4"].adopted is None
    assert Person.objects.get(name="孙八").office == cast.township_a1
    # Counted independently from the rows: 4 received, 3 completed, 2 adoptions known, 1 adopted,
    # 2 completed at the 审判 stage.
    expected = {
        "investigations_received": 4,
        "investigations_completed": 3,
        "investigations_adoption_recorded": 2,
        "investigations_adopted": 1,
        "investigations_pre_trial": 2,
    }
    for key, count in expected.items():
        assert flow(cast.county_a, f"corrections.{key}") == before[key] + count, key


def test_bad_rows_are_reported_by_row_and_column(cast, worker):
    number = imports.resident_id("19900202")
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    rows = [
        commission_row(cast.township_a1, "调1", stage="再审"),  # unknown
        commission_row(
            cast.township_a1, "调2", id_number=number[:-1] + ("1" if number[-1] == "0" else "0")
        ),
        commission_row(cast.township_a1, "调3", received_on=tomorrow),
        commission_row(cast.township_a1, "调4", completed_on="2026-03-01"),  # before receipt
        commission_row(cast.township_a1, "调5", commissioning_body="公安机关"),  # not 审前
        commission_row(cast.township_a1, "调6", result="不适宜"),  # no reasons
        commission_row(cast.township_a1, "调6"),  # twice in the file
        commission_row(cast.township_a1, "调7", **{**OPEN, "result": "适宜"}),
        commission_row(cast.township_a1, "调8", adoption_recorded_on=""),
    ]
    found = {}
    for row, column, message in errors_of(worker, rows):
        found.setdefault(row, []).append((column, message))
    assert found[2] == [(LETTER["stage"], "未知的委托阶段“再审”，请从下拉列表中选择。")]
    assert found[3][0][0] == LETTER["id_number"]
    assert found[4] == [(LETTER["received_on"], "日期不能晚于今天。")]
    assert found[5] == [(LETTER["completed_on"], "完成日期不能早于收到委托日期（2026-03-02）。")]
    assert found[6] == [
        (
            LETTER["commissioning_body"],
            "公安机关不在“审前（审判阶段）”阶段委托调查评估，请核对委托机关类别和委托阶段。",
        )
    ]
    assert found[7] == [(LETTER["reasons"], "评估意见为不适宜社区矫正的，必须写明理由。")]
    assert found[8] == [
        (LETTER["office"], f"承办机构、委托编号“{cast.township_a1.code}、调6”与第7行重复。")
    ]
    assert found[9] == [(LETTER["result"], "未填写完成日期的调查评估不填评估意见。")]
    assert found[10] == [
        (LETTER["adoption_recorded_on"], "委托机关是否采信和采信情况登记日期应同时填写。")
    ]
    assert not Investigation.objects.exists()


def test_a_commission_registered_by_hand_is_found_again(cast, worker):
    number = imports.resident_id("19900202")
    registered = investigation_register(
        actor=worker,
        office=cast.township_a1,
        commission_number="调1",
        commissioning_body=CommissioningBody.COURT,
        commissioning_name="甲县人民法院",
        stage=InvestigationStage.PRE_TRIAL,
        identity=PersonIdentity(name="钱七", id_number=number),
        crime="危险驾驶罪",
        received_on=D(2026, 3, 2),
    )
    # The same commission with another 委托机关 is refused; with the opinion it is completed.
    other = commission_row(
        cast.township_a1, "调1", id_number=number, commissioning_name="乙县人民法院"
    )
    assert errors_of(worker, [other]) == [
        (2, LETTER["commissioning_name"], "已登记的调查评估的委托机关不能通过导入修改。")
    ]
    _batch, plan, _changes = run(
        worker, [commission_row(cast.township_a1, "调1", id_number=number)]
    )
    assert plan.counts["update"] == 1
    registered.refresh_from_db()
    assert registered.completed_on == D(2026, 3, 10) and registered.adopted is True
    assert Person.objects.filter(name="钱七").count() == 1


def test_a_minors_assessment_needs_the_minors_right(cast, worker):
    minor = imports.resident_id("20100101")
    row = commission_row(cast.township_a1, id_number=minor, received_on="2026-03-02")
    assert errors_of(cast.township_clerk, [row]) == [
        (
            2,
            LETTER["id_number"],
            "被调查评估对象收到委托时未满十八周岁，须由具有未成年人社区矫正权限的工作人员登记。",
        )
    ]
    run(worker, [row])
    assert Investigation.objects.get().person.birth_date == D(2010, 1, 1)


def test_gbk_csv_serial_dates_and_a_later_file(cast, worker):
    row = commission_row(cast.township_a1, received_on=46083, **{**OPEN})  # 2026-03-02
    file = imports.csv_file(INVESTIGATIONS, [row], encoding="gbk")
    batches.import_now(
        INVESTIGATIONS, actor=worker, office=None, content=file.read(), name=file.name
    )
    investigation = Investigation.objects.get()
    assert investigation.received_on == D(2026, 3, 2) and investigation.completed_on is None
    # The same file: nothing; the file completed later: the opinion and the adoption.
    _b, plan, changes = run(worker, [row])
    assert plan.counts["unchanged"] == 1 and changes == []
    done = commission_row(cast.township_a1, id_number=row[HEADER["id_number"]])
    _b, plan, _c = run(worker, [done])
    assert plan.counts["update"] == 1
    investigation.refresh_from_db()
    assert investigation.completed_on == D(2026, 3, 10) and investigation.adopted is True
    # An opinion once given is not changed by a file.
    changed = commission_row(
        cast.township_a1, id_number=row[HEADER["id_number"]], result="不适宜", reasons="理由"
    )
    assert errors_of(worker, [changed]) == [
        (
            2,
            LETTER["completed_on"],
            "该调查评估已于2026-03-10完成，评估意见和完成日期不能通过导入修改。",
        )
    ]


def test_roll_back_and_scoping(cast, worker):
    batch, _plan, _changes = run(worker, [commission_row(cast.township_a1)])
    batches.rollback(batch, actor=worker)
    assert not Investigation.objects.exists() and not Person.objects.filter(name="钱七").exists()
    row = commission_row(cast.township_a2)
    assert errors_of(cast.township_clerk, [row]) == [
        (2, LETTER["office"], f"承办机构“{cast.township_a2.code}”不存在或不在您的管理范围内。")
    ]
    assert errors_of(worker, [row], office=cast.township_a1)[0][2].endswith(
        "不存在或不在您的管理范围内。"
    )


def test_a_deadline_past_before_the_import_is_historic_not_overdue(cast, worker):
    run(worker, [commission_row(cast.township_a1, "导入的", **OPEN)])
    investigation_register(
        actor=worker,
        office=cast.township_a1,
        commission_number="手工的",
        commissioning_body=CommissioningBody.COURT,
        commissioning_name="甲县人民法院",
        stage=InvestigationStage.PRE_TRIAL,
        identity=PersonIdentity(name="孙八", id_number=imports.resident_id("19800808")),
        crime="盗窃罪",
        received_on=D(2026, 3, 2),
    )
    titles = [todo.title for todo in investigations_due(actor=worker)]
    assert any("手工的" in title and "已超期" in title for title in titles)
    assert not any("导入的" in title for title in titles)


def test_the_investigation_pages_show_a_deadline_past_before_the_import_as_historic(
    cast, worker, login
):
    run(worker, [commission_row(cast.township_a1, "导入的", **OPEN)])
    typed = investigation_register(
        actor=worker,
        office=cast.township_a1,
        commission_number="手工的",
        commissioning_body=CommissioningBody.COURT,
        commissioning_name="甲县人民法院",
        stage=InvestigationStage.PRE_TRIAL,
        identity=PersonIdentity(name="孙八", id_number=imports.resident_id("19800808")),
        crime="盗窃罪",
        received_on=D(2026, 3, 2),
    )
    imported = Investigation.objects.get(commission_number="导入的")
    client = login(worker)

    listed = client.get(reverse("corrections:investigation_list")).content.decode()
    rows = {number: row_of(listed, number) for number in ("导入的", "手工的")}
    assert "导入前已届满" in rows["导入的"] and "已超期" not in rows["导入的"]
    assert "已超期" in rows["手工的"]
    overdue = client.get(reverse("corrections:investigation_list"), {"progress": "overdue"})
    assert "手工的" in overdue.content.decode() and "导入的" not in overdue.content.decode()

    url = reverse("corrections:investigation_detail", args=[imported.pk])
    detail = client.get(url).content.decode()
    assert "导入前已届满" in detail and "已超期" not in detail
    detail = client.get(reverse("corrections:investigation_detail", args=[typed.pk]))
    assert "已超期" in detail.content.decode()


def row_of(html: str, text: str) -> str:
    """The table row (<tr>…</tr>) of a list page that shows `text`."""
    [row] = [part.split("</tr>")[0] for part in html.split("<tr")[1:] if text in part]
    return row
