"""The 安置帮教 register import (issue 17): released persons at go-live through the actions'
rules; the figures count them as the rows say; bad rows; the same release at another office and
a second open release; GBK CSV and serial dates; re-import and a corrected file; roll-back;
scoping."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.people.models import Person
from sifa.resettlement.actions.persons import released_person_register
from sifa.resettlement.constants import EndReason, Source, Status
from sifa.resettlement.imports.persons import PERSONS
from sifa.resettlement.models import ReleasedPerson
from sifa.stats import registry
from tests import imports

D = datetime.date
HEADER = {f.key: f.header for f in PERSONS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(PERSONS.fields)}
TODAY = datetime.date.today()


def release_row(office, **values) -> dict:
    row = {
        "name": "孙八",
        "id_number": imports.resident_id("19800808"),
        "office": office.code,
        "source": "刑满释放",
        "prison": "浙江省第一监狱",
        "crime": "盗窃罪",
        "original_sentence": "有期徒刑三年",
        "released_on": "2025-06-10",
        "notice_received_on": "2025-06-01",
        "status": "已衔接",
        "connected_on": "2025-06-10",
    }
    row.update(values)
    return {HEADER[key]: value for key, value in row.items()}


def run(actor, rows, office=None, **kwargs):
    file = imports.xlsx(PERSONS, rows, **kwargs)
    return batches.import_now(
        PERSONS, actor=actor, office=office, content=file.read(), name=file.name
    )


def errors_of(actor, rows, office=None, **kwargs) -> list[tuple[int, str, str]]:
    with pytest.raises(ValidationError) as refused:
        run(actor, rows, office, **kwargs)
    file = imports.xlsx(PERSONS, rows, **kwargs)
    batch = batches.stage(PERSONS, actor=actor, office=office, content=file.read(), name="x.xlsx")
    found = batches.errors_of(batch)
    assert refused.value.messages == [str(error) for error in found]  # the same errors
    return [(e.row, e.column, e.message) for e in found]


def value(office, key, start, end) -> int:
    scope = registry.Scope(office=office, start=start, end=end)
    return registry.value(registry.get(f"resettlement.{key}"), scope)


def test_a_register_creates_the_releases_and_the_figures_count_them(cast):
    clerk = cast.county_supervisor  # 业务科室 of county A: both of its 司法所
    rows = [
        release_row(cast.township_a1),
        release_row(
            cast.township_a1,
            name="周九",
            id_number=imports.resident_id("19750505"),
            key_person="是",
            key_reason="涉黑涉恶",
            risk_level="高",
            met_at_gate="是",
            met_by="王五、李四",
        ),
        release_row(
            cast.township_a2,
            name="吴十",
            id_number=imports.resident_id("19700101"),
            status="未衔接（下落不明）",
            connected_on="",
            not_connected_on="2025-07-01",
            not_connected_reason="户籍地查无此人，已通报公安协查。",
        ),
        release_row(
            cast.township_a2,
            name="郑一",
            id_number=imports.resident_id("19650101"),
            source="解除社区矫正",
            prison="",
            released_on="2020-05-01",
            connected_on="2020-05-01",
            status="帮教结束",
            ended_on="2025-05-01",
            end_reason="帮教期满",
        ),
        release_row(
            cast.township_a1,
            name="王二",
            id_number=imports.resident_id("19900909"),
            released_on="2026-11-20",
            status="已收到释放通知",
            connected_on="",
        ),
    ]
    year = (D(2025, 1, 1), D(2025, 12, 31))
    keys = ("released", "connected", "key_released", "key_met_at_gate", "ended")
    before = {key: value(cast.county_a, key, *year) for key in keys}
    stock = {
        key: value(cast.county_a, key, TODAY, TODAY)
        for key in ("in_assistance", "key_persons", "not_connected")
    }

    _batch, plan, _changes = run(clerk, rows)

    assert plan.counts == {"create": 5, "update": 0, "unchanged": 0}
    found = {r.person.name: r for r in ReleasedPerson.objects.select_related("person")}
    first = found["孙八"]
    assert first.status == Status.CONNECTED and first.connected_on == D(2025, 6, 10)
    assert first.assistance_end == D(2030, 6, 10) and first.source == Source.PRISON
    assert (
        found["周九"].key_person
        and found["周九"].met_at_gate
        and found["周九"].risk_level == "high"
    )
    assert found["吴十"].status == Status.NOT_CONNECTED and found["吴十"].office == cast.township_a2
    ended = found["郑一"]
    assert ended.status == Status.ENDED and ended.end_reason == EndReason.EXPIRED
    assert ended.source == Source.CORRECTION and ended.subject is None
    assert found["王二"].status == Status.NOTIFIED
    assert ReleasedPerson.history.filter(id=first.pk).get().history_user == clerk
    # Counted from the rows: 2025 releases 孙八, 周九, 吴十 (3), connected 2, one key person met
    # at the gate; 郑一 ended in 2025; in assistance now: all but 郑一 (4), one key, one lost.
    expected = {"released": 3, "connected": 2, "key_released": 1, "key_met_at_gate": 1, "ended": 1}
    for key, count in expected.items():
        assert value(cast.county_a, key, *year) == before[key] + count, key
    now = {"in_assistance": 4, "key_persons": 1, "not_connected": 1}
    for key, count in now.items():
        assert value(cast.county_a, key, TODAY, TODAY) == stock[key] + count, key


def test_bad_rows_are_reported_by_row_and_column(cast):
    clerk = cast.township_clerk
    number = imports.resident_id("19800808")
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    rows = [
        release_row(cast.township_a1, status="假释"),  # unknown
        release_row(cast.township_a1, id_number=number[:-1] + ("1" if number[-1] == "0" else "0")),
        release_row(cast.township_a1, released_on=tomorrow),
        release_row(cast.township_a1, connected_on="2025-06-01"),  # before the release
        release_row(cast.township_a1, key_person="是", key_reason="涉毒"),  # not met at the gate
        release_row(
            cast.township_a1, status="帮教结束", ended_on="2026-01-01", end_reason="帮教期满"
        ),  # before the five years
        release_row(cast.township_a1, id_number=number),
        release_row(cast.township_a1, id_number=number),  # the same release twice
        release_row(cast.township_a1, status="已收到释放通知"),  # with a 衔接日期
    ]
    found = {}
    for row, column, message in errors_of(clerk, rows):
        found.setdefault(row, []).append((column, message))
    assert found[2] == [(LETTER["status"], "未知的状态“假释”，请从下拉列表中选择。")]
    assert found[3][0][0] == LETTER["id_number"]
    assert found[4] == [(LETTER["released_on"], "日期不能晚于今天。")]
    assert found[5] == [(LETTER["connected_on"], "衔接日期不能早于释放日期（2025-06-10）。")]
    assert found[6] == [
        (LETTER["met_at_gate"], "重点帮教对象必须必接必送：请登记出监时的接送情况后再衔接。")
    ]
    assert found[7] == [
        (LETTER["ended_on"], "帮教期至 2030-06-10 届满，期满前不能以“帮教期满”结束。")
    ]
    assert found[9][0] == (
        LETTER["id_number"],
        f"身份证号码、释放日期“{number}、2025-06-10”与第8行重复。",
    )
    assert found[10] == [(LETTER["connected_on"], "状态为“已收到释放通知”的对象不填衔接日期。")]
    assert not ReleasedPerson.objects.exists()


def person_with_number(office, number, name="孙八"):
    person = Person(office=office, name=name, doc_type="resident_id")
    person.set_id_number(number)
    person.save()
    return person


def test_the_same_release_elsewhere_and_a_second_open_release(cast):
    number = imports.resident_id("19800808")
    there = released_person_register(
        actor=cast.county_supervisor,
        office=cast.township_a2,
        person=person_with_number(cast.township_a2, number),
        released_on=D(2025, 6, 10),
        crime="盗窃罪",
    )
    assert errors_of(cast.county_supervisor, [release_row(cast.township_a1, id_number=number)]) == [
        (2, LETTER["id_number"], "该人员2025-06-10的释放已由甲二镇司法所登记为安置帮教对象。")
    ]
    later = release_row(
        cast.township_a1, id_number=number, released_on="2026-01-05", connected_on="2026-01-05"
    )
    assert errors_of(cast.county_supervisor, [later]) == [
        (
            2,
            LETTER["released_on"],
            "该人员已是甲二镇司法所的安置帮教对象（释放日期2025-06-10，已收到释放通知），"
            "同一人只能有一条未结束的帮教记录，请核对释放日期。",
        )
    ]
    # The clerk of township A1 sees neither: the number registers as a new one would.
    _b, plan, _c = run(cast.township_clerk, [release_row(cast.township_a1, id_number=number)])
    assert plan.counts["create"] == 1
    mine = ReleasedPerson.objects.exclude(pk=there.pk).get()
    assert mine.person.office == cast.township_a1 and mine.person_id != there.person_id


def test_gbk_csv_serial_dates_re_import_and_a_corrected_file(cast):
    clerk = cast.township_clerk
    row = release_row(
        cast.township_a1, released_on=45818, connected_on="45818", status="已收到释放通知"
    )  # 2025-06-10 as Excel counts
    row[HEADER["connected_on"]] = ""
    file = imports.csv_file(PERSONS, [row], encoding="gbk")
    batches.import_now(PERSONS, actor=clerk, office=None, content=file.read(), name=file.name)
    released = ReleasedPerson.objects.get()
    assert released.released_on == D(2025, 6, 10) and released.status == Status.NOTIFIED
    # The same file again: nothing.
    _b, plan, changes = run(clerk, [row])
    assert plan.counts["unchanged"] == 1 and changes == []
    # A corrected, later file: the prison's name fixed and the connection recorded.
    row[HEADER["prison"]] = "浙江省第二监狱"
    row[HEADER["status"]] = "已衔接"
    row[HEADER["connected_on"]] = "2025-06-12"
    file = imports.xlsx(PERSONS, [row])
    staged = batches.stage(PERSONS, actor=clerk, office=None, content=file.read(), name="b.xlsx")
    assert (staged.created_count, staged.updated_count) == (0, 1)
    fields = staged.updates[0]["fields"]
    assert ["释放单位", "浙江省第一监狱", "浙江省第二监狱"] in fields
    assert ["状态", "已收到释放通知", "已衔接"] in fields
    batch = batches.confirm(PERSONS, staged, actor=clerk)
    released.refresh_from_db()
    assert released.prison == "浙江省第二监狱" and released.connected_on == D(2025, 6, 12)
    assert released.status == Status.CONNECTED
    # A step once taken is not changed by a file; rolling back restores the values before.
    row[HEADER["connected_on"]] = "2025-06-15"
    assert errors_of(clerk, [row]) == [
        (2, LETTER["connected_on"], "系统中已登记衔接日期为2025-06-12，不能通过导入修改。")
    ]
    batches.rollback(batch, actor=clerk)
    released.refresh_from_db()
    assert released.status == Status.NOTIFIED and released.prison == "浙江省第一监狱"


def test_a_corrected_notice_date_updates_the_release_and_rolls_back(cast):
    clerk = cast.township_clerk
    row = release_row(cast.township_a1)
    run(clerk, [row])
    released = ReleasedPerson.objects.get()
    assert released.notice_received_on == D(2025, 6, 1)

    row[HEADER["notice_received_on"]] = "2025-06-03"
    file = imports.xlsx(PERSONS, [row])
    staged = batches.stage(PERSONS, actor=clerk, office=None, content=file.read(), name="c.xlsx")
    assert (staged.created_count, staged.updated_count, staged.unchanged_count) == (0, 1, 0)
    assert staged.updates[0]["fields"] == [["收到通知日期", "2025-06-01", "2025-06-03"]]
    batch = batches.confirm(PERSONS, staged, actor=clerk)
    released.refresh_from_db()
    assert released.notice_received_on == D(2025, 6, 3)
    # The same corrected file again: nothing; a blank date leaves the stored one.
    assert run(clerk, [row])[1].counts["unchanged"] == 1
    assert run(clerk, [{**row, HEADER["notice_received_on"]: ""}])[1].counts["unchanged"] == 1

    batches.rollback(batch, actor=clerk)
    released.refresh_from_db()
    assert released.notice_received_on == D(2025, 6, 1)


def test_roll_back_and_scoping(cast):
    batch, _plan, _changes = run(cast.township_clerk, [release_row(cast.township_a1)])
    before = value(cast.township_a1, "in_assistance", TODAY, TODAY)
    batches.rollback(batch, actor=cast.township_clerk)
    assert not ReleasedPerson.objects.exists() and not Person.objects.filter(name="孙八").exists()
    assert value(cast.township_a1, "in_assistance", TODAY, TODAY) == before - 1
    row = release_row(cast.township_a2)
    assert errors_of(cast.township_clerk, [row]) == [
        (2, LETTER["office"], f"居住地司法所“{cast.township_a2.code}”不存在或不在您的管理范围内。")
    ]
    assert errors_of(cast.county_supervisor, [row], office=cast.township_a1)[0][2].endswith(
        "不存在或不在您的管理范围内。"
    )
