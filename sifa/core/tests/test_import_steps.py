"""The steps the lines' imports share (sifa.core.imports.steps), on rows built by hand: no
database, stand-in offices and records."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from sifa.core.imports import spec, steps
from sifa.core.imports.plan import Plan
from sifa.core.imports.spec import CREATE, UNCHANGED, UPDATE, Change, ImportContext, ImportSpec

FIELDS = (
    spec.office_named("office", "承办机构", "机构编码或名称"),
    spec.text("number", "编号"),
    spec.text("name", "姓名"),
    spec.date("ended_on", "离任日期"),
    spec.text("reported_on", "报到日期"),
)
SPEC = ImportSpec(
    key="core.sample",
    title="样例",
    sheet="样例",
    fields=FIELDS,
    capability="edit",
    line=None,
    resolve=lambda plan, ctx: None,
    apply=lambda plan, ctx: [],
)
INDEX = {field.key: position for position, field in enumerate(FIELDS)}


def plan_of(*rows: dict) -> Plan:
    plan = Plan(SPEC, letters={field.key: chr(65 + i) for i, field in enumerate(FIELDS)})
    for line, values in enumerate(rows, start=2):
        plan.rows.append(spec.Row(line, [values.get(key) for key in INDEX], INDEX))
    return plan


def office(pk, path, code, name, *, kind="justice_office", active=True):
    return SimpleNamespace(pk=pk, path=path, code=code, name=name, kind=kind, is_active=active)


class Names:
    def __init__(self, *offices):
        self.offices = offices

    def find(self, text):
        named = [o for o in self.offices if text in (o.code, o.name)]
        return (named[0] if len(named) == 1 else None), len(named) > 1


def test_offices_by_name_in_scope_ambiguous_or_unknown():
    county = office(1, "0001/", "C1", "甲县司法局")
    town = office(2, "0001/0002/", "T1", "甲一镇司法所")
    twin_a = office(3, "0001/0003/", "T2", "同名所")
    twin_b = office(4, "0001/0004/", "T3", "同名所")
    outside = office(5, "0009/", "X1", "乙县司法局")
    plan = plan_of(
        {"office": "甲一镇司法所"}, {"office": "同名所"}, {"office": "乙县司法局"}, {"office": "无"}
    )
    ctx = ImportContext(actor=None, office=county)
    steps.offices_named(plan, ctx, Names(county, town, twin_a, twin_b, outside))
    assert plan.rows[0].found["office"] is town
    messages = [(e.row, e.column, e.message) for e in plan.errors]
    assert messages == [
        (3, "A", "有多个名为“同名所”的机构，请填写机构编码。"),
        (4, "A", "承办机构“乙县司法局”不存在或不在您的管理范围内。"),
        (5, "A", "承办机构“无”不存在或不在您的管理范围内。"),
    ]


def test_offices_by_code_of_a_kind_and_open():
    committee = office(1, "0001/", "M1", "甲调委会", kind="mediation_committee")
    other = office(2, "0001/0002/", "S1", "甲一镇司法所")
    closed = office(3, "0001/0003/", "M2", "乙调委会", kind="mediation_committee", active=False)
    plan = plan_of({"office": "M1"}, {"office": "S1"}, {"office": "M2"}, {"office": "Z9"})
    found = {o.code: o for o in (committee, other, closed)}
    chosen = steps.offices_coded(
        plan,
        ImportContext(actor=None),
        plan.rows,
        found,
        "office",
        label="调解组织编码",
        kind="mediation_committee",
        kind_error="“%(name)s”不是人民调解委员会。",
    )
    assert chosen == {2: committee}
    assert [e.message for e in plan.errors] == [
        "“甲一镇司法所”不是人民调解委员会。",
        "“乙调委会”已撤销。",
        "调解组织编码“Z9”不存在或不在您的管理范围内。",
    ]


class Step(models.TextChoices):
    WAITING = "waiting", "待报到"
    REPORTED = "reported", "已报到"


def test_a_status_may_not_bring_the_steps_it_has_not_taken():
    plan = plan_of({"reported_on": "2026-03-01"}, {"reported_on": ""})
    not_taken = {Step.WAITING: ("reported_on",), Step.REPORTED: ()}
    assert steps.refuse_steps_not_taken(plan, plan.rows[0], not_taken, Step.WAITING)
    assert not steps.refuse_steps_not_taken(plan, plan.rows[1], not_taken, Step.WAITING)
    assert not steps.refuse_steps_not_taken(plan, plan.rows[0], not_taken, Step.REPORTED)
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (2, "E", "状态为“待报到”的对象不填报到日期。")
    ]


def test_repeated_keys_name_the_first_row():
    plan = plan_of({"number": "A"}, {"number": "B"}, {"number": "A"}, {"number": ""})
    steps.refuse_repeats(
        plan,
        plan.rows,
        lambda row: row["number"] or None,
        "number",
        "编号“%(value)s”与第%(n)d行重复。",
    )
    assert [(e.row, e.message) for e in plan.errors] == [(4, "编号“A”与第2行重复。")]


@dataclass
class Sample:
    office: object
    number: str
    name: str = ""
    extra: str = "kept"


def test_a_record_from_the_columns_of_the_same_names():
    row = plan_of({"number": "N1", "name": "张三"}).rows[0]
    record = steps.record_of(Sample, row, office="甲", name="李四")
    assert record == Sample(office="甲", number="N1", name="李四", extra="kept")


def test_errors_by_field_in_their_columns():
    plan = plan_of({})
    row = plan.rows[0]
    columns = {"office": "office", "team.__all__": "name"}
    errors = {"office": ["一"], "team.0.role": ["二"], "__all__": ["三"], "other.x": ["四"]}
    steps.report(plan, row, errors, columns)
    assert [(e.column, e.message) for e in plan.errors] == [
        ("A", "一"),
        ("C", "二"),
        ("", "三"),
        ("", "四"),
    ]


def test_judge_creates_updates_or_leaves_unchanged():
    plan = plan_of({}, {}, {})
    new, changed, same = plan.rows
    create_errors = lambda record: {"number": ["重复"]} if record == "bad" else {}  # noqa: E731
    update_errors = lambda stored, record: {}  # noqa: E731
    changes = lambda stored, record: {"编号": (stored, record)} if stored != record else {}  # noqa: E731
    for row, record, stored in ((new, "bad", None), (changed, "b", "a"), (same, "a", "a")):
        steps.judge(
            plan,
            row,
            record,
            stored,
            create_errors=create_errors,
            update_errors=update_errors,
            changes=changes,
            columns={"number": "number"},
        )
    assert (new.action, new.bad, new.found["record"]) == (CREATE, True, "bad")
    assert (changed.action, changed.target, changed.changes) == (UPDATE, "a", {"编号": ("a", "b")})
    assert (same.action, same.changes) == (UNCHANGED, {})
    assert [(e.row, e.column) for e in plan.errors] == [(2, "B")]


class Stored:
    class _meta:  # what compare reads of a model
        @staticmethod
        def get_field(name):
            return SimpleNamespace(verbose_name={"name": "姓名", "phone": "电话"}[name])

    def __init__(self, **values):
        self.__dict__.update(values)


def test_compare_lists_the_changed_fields_and_more():
    plan = plan_of({}, {}, {})
    first, second, third = plan.rows
    stored = Stored(name="张三", phone="1", active=True)
    steps.compare(first, None, {"name": "张三"})
    steps.compare(
        second, stored, {"name": "张三", "phone": "2"}, also=lambda r: {"在册": (r.active, False)}
    )
    steps.compare(third, stored, {"name": "张三", "phone": "1"})
    assert first.action == CREATE
    assert second.action == UPDATE
    assert second.changes == {"电话": ("1", "2"), "在册": (True, False)}
    assert (third.action, third.target) == (UNCHANGED, stored)


def test_an_end_date_may_be_added_not_changed():
    day = datetime.date(2026, 3, 1)
    plan = plan_of({"ended_on": day}, {"ended_on": day}, {"ended_on": day}, {"ended_on": None})
    open_post = SimpleNamespace(end_date=None)
    ended = SimpleNamespace(end_date=datetime.date(2025, 1, 1))
    same = SimpleNamespace(end_date=day)
    for row, stored in zip(plan.rows, (open_post, ended, same, None), strict=True):
        steps.compare_end(plan, row, stored, "end_date", "ended_on", "已于%(date)s离任。")
    assert [row.action for row in plan.rows] == [UPDATE, "", UNCHANGED, CREATE]
    assert [e.message for e in plan.errors] == ["已于2025-01-01离任。"]


def test_refused_records_are_named_by_index():
    records = [SimpleNamespace(ok=True), SimpleNamespace(ok=True), SimpleNamespace(ok=False)]
    with pytest.raises(steps.RecordsRefused) as refused:
        steps.refuse_records(records, lambda r: {} if r.ok else {"number": ["错"]})
    assert refused.value.errors == {2: {"number": ["错"]}}
    steps.refuse_records(records[:2], lambda r: {})


def test_write_records_files_refusals_in_their_rows_and_stops():
    plan = plan_of({}, {}, {})
    first, second, third = plan.rows
    for row, action in ((first, CREATE), (second, CREATE), (third, UPDATE)):
        row.action = action
        row.found["record"] = row.line
    third.target = "stored"

    def refuse_second(records):
        raise steps.RecordsRefused({1: {"number": ["编号已被使用。"]}})

    with pytest.raises(ValidationError) as refused:
        steps.write_records(
            plan, create=refuse_second, update=lambda t, r: [], columns={"number": "number"}
        )
    assert [(e.row, e.column, e.message) for e in plan.errors] == [(3, "B", "编号已被使用。")]
    assert refused.value.messages == [str(plan.errors[0])]

    plan.errors.clear()
    written = steps.write_records(
        plan,
        create=lambda records: [f"new{r}" for r in records],
        update=lambda stored, record: [Change(stored, created=False, before={})],
        columns={},
    )
    assert [(c.record, c.created) for c in written] == [
        ("new2", True),
        ("new3", True),
        ("stored", False),
    ]

    def refuse_update(stored, record):
        raise ValidationError("已结案。")

    with pytest.raises(ValidationError) as refused:
        steps.write_records(
            plan,
            create=lambda r: [],
            update=refuse_update,
            columns={"status": "name"},
            whole="status",
        )
    assert [(e.row, e.column, e.message) for e in plan.errors] == [(4, "C", "已结案。")]
    assert refused.value.messages == [str(plan.errors[0])]


def test_the_change_reason_names_the_batch():
    assert steps.reason(ImportContext(actor=None), "历史导入") == "历史导入"
    batch = SimpleNamespace(pk=7)
    assert steps.reason(ImportContext(actor=None, batch=batch), "历史导入") == "导入批次#7"
