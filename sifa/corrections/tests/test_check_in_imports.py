"""The check-in history import (issue 17): the endpoint's rule on each row, marked outside and on
leave as the endpoint marks them, no alert for past days; bad rows; GBK CSV and Excel serial
date-times; the same file again; roll-back; scoping."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.corrections.actions.movement import leave_apply, leave_decide
from sifa.corrections.imports.check_ins import CHECK_INS
from sifa.corrections.models import Alert, CheckIn, Geofence
from sifa.corrections.tests.factories import make_active_subject, make_worker
from tests import imports

HEADER = {f.key: f.header for f in CHECK_INS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(CHECK_INS.fields)}
INSIDE = {"latitude": "29.300000", "longitude": "120.100000"}
FAR = {"latitude": "31.230400", "longitude": "121.473700"}  # 上海, ~250 km from the centre


@pytest.fixture
def worker(cast):
    return make_worker(cast.county_a, username="cc_history")


@pytest.fixture
def subject(cast, worker):
    Geofence.objects.create(
        office=cast.county_a, latitude="29.300000", longitude="120.100000", radius_km="40.00"
    )
    return make_active_subject(worker, cast.township_a1)  # registered 2026-03-05


def row(subject, at="2026-04-01 08:30:00", place=INSIDE, accuracy="15") -> dict:
    values = {"subject": subject.number, "at": at, "accuracy": accuracy, **place}
    return {HEADER[key]: value for key, value in values.items()}


def run(actor, rows, office=None, csv=False, encoding="utf-8"):
    if csv:
        file = imports.csv_file(CHECK_INS, rows, encoding=encoding)
    else:
        file = imports.xlsx(CHECK_INS, rows)
    return batches.import_now(
        CHECK_INS, actor=actor, office=office, content=file.read(), name=file.name
    )


def errors_of(actor, rows, office=None) -> list[tuple[int, str, str]]:
    with pytest.raises(ValidationError) as refused:
        run(actor, rows, office)
    file = imports.xlsx(CHECK_INS, rows)
    batch = batches.stage(CHECK_INS, actor=actor, office=office, content=file.read(), name="c.xlsx")
    found = batches.errors_of(batch)
    assert refused.value.messages == [str(error) for error in found]  # the same errors
    return [(e.row, e.column, e.message) for e in found]


def local(*parts) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*parts))


def test_history_is_marked_as_the_endpoint_marks_it_without_alerts(worker, subject):
    leave = leave_apply(
        actor=worker,
        subject=subject,
        applied_on=datetime.date(2026, 4, 8),
        start_on=datetime.date(2026, 4, 10),
        end_on=datetime.date(2026, 4, 12),
        destination="上海市",
        reason="探亲",
    )
    leave_decide(
        actor=worker,
        leave=leave,
        approve=True,
        decided_on=datetime.date(2026, 4, 9),
        decided_by="所长",
    )
    rows = [
        row(subject, "2026-04-01 08:30:00"),
        row(subject, "2026-04-11 09:00:00", FAR),  # away on an approved leave
        row(subject, "2026-04-20T10:15:00+08:00", FAR),  # away without leave
    ]
    _batch, plan, changes = run(worker, rows)
    assert plan.counts == {"create": 3, "update": 0, "unchanged": 0}
    stored = {c.at: c for c in CheckIn.objects.filter(subject=subject)}
    assert len(stored) == 3 == len(changes)
    first = stored[local(2026, 4, 1, 8, 30)]
    assert (first.outside, first.on_leave) == (False, False)
    assert first.latitude == Decimal("29.300000") and first.accuracy_m == 15
    on_leave = stored[local(2026, 4, 11, 9, 0)]
    assert (on_leave.outside, on_leave.on_leave) == (True, True)
    away = stored[local(2026, 4, 20, 10, 15)]
    assert (away.outside, away.on_leave) == (True, False)
    assert not Alert.objects.filter(subject=subject).exists()  # past days: history
    # The same file again changes nothing.
    _batch, plan, changes = run(worker, rows)
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 3} and changes == []
    assert CheckIn.objects.filter(subject=subject).count() == 3


def test_bad_rows_by_row_and_column(cast, worker, subject):
    later = timezone.localtime() + datetime.timedelta(hours=2)
    rows = [
        row(subject, at="2026-04-01 06:00:00", accuracy="-3"),
        row(subject, at="2026-04-01 06:05:00", place={"latitude": "95", "longitude": "120.1"}),
        row(subject, at=later.strftime("%Y-%m-%d %H:%M:%S")),
        row(subject, at="2026-03-01 08:00:00"),  # before the 接收登记
        {**row(subject, at="2026-04-01 06:10:00"), HEADER["subject"]: "NOPE-1"},
        row(subject, at="2026-04-02 07:00:00"),
        row(subject, at="2026-04-02T07:00:00+08:00"),  # the same moment again
        row(subject, at="2026-04-03"),
    ]
    found = errors_of(worker, rows)
    assert found == [
        (2, LETTER["accuracy"], "定位精度超出范围。"),
        (3, LETTER["latitude"], "纬度超出范围。"),
        (4, LETTER["at"], "签到时间不能晚于当前时间超过5分钟。"),
        (5, LETTER["at"], "签到时间早于该对象的接收登记日期（2026-03-05）。"),
        (6, LETTER["subject"], "未找到矫正对象：NOPE-1。"),
        (
            8,
            LETTER["subject"],
            f"矫正编号、签到时间“{subject.number}、2026-04-02 07:00:00+08:00”与第7行重复。",
        ),
        (9, LETTER["at"], "时间格式不正确，请填写如 2026-03-01 08:30:00 的时间。"),
    ]
    headers = [h for h in HEADER.values() if h != "纬度"]
    file = imports.xlsx(CHECK_INS, [row(subject)], headers=headers)
    batch = batches.stage(CHECK_INS, actor=worker, office=None, content=file.read(), name="m.xlsx")
    assert [e.message for e in batches.errors_of(batch)] == ["缺少“纬度”列。"]
    assert not CheckIn.objects.exists()


def test_gbk_csv_serial_date_times_roll_back_and_scoping(cast, worker, subject):
    rows = [row(subject, at="46113.5"), row(subject, at="2026年4月2日 8时30分")]  # 2026-04-01 12:00
    batch, _plan, _changes = run(worker, rows, csv=True, encoding="gbk")
    assert set(CheckIn.objects.values_list("at", flat=True)) == {
        local(2026, 4, 1, 12, 0),
        local(2026, 4, 2, 8, 30),
    }
    batches.rollback(batch, actor=worker)
    assert not CheckIn.objects.exists()
    # The clerk of township A2 does not reach township A1's subject: an unknown number.
    assert errors_of(cast.sibling_clerk, [row(subject)]) == [
        (2, LETTER["subject"], f"未找到矫正对象：{subject.number}。")
    ]
    assert errors_of(worker, [row(subject)], office=cast.township_a2) == [
        (2, LETTER["subject"], f"未找到矫正对象：{subject.number}。")
    ]


@pytest.mark.parametrize("copy", [False, True])
def test_bulk_insert_values_stores_rows_as_a_save_would(subject, copy):
    """`sifa.core.bulk.insert_values` (the history's write; COPY on PostgreSQL when `copy`)."""
    from django.db import connection

    from sifa.core import bulk

    values = {
        "office_id": subject.office_id,
        "subject_id": subject.pk,
        "at": local(2026, 4, 1, 8, 30),
        "latitude": Decimal("29.312345"),
        "longitude": Decimal("120.100001"),
        "outside": True,
    }
    keys = bulk.insert_values(
        CheckIn, [values, {**values, "at": local(2026, 4, 1, 9, 0)}], copy=copy
    )
    first = CheckIn.objects.get(pk=keys[0])
    assert (first.at, first.latitude, first.longitude) == (
        values["at"],
        values["latitude"],
        values["longitude"],
    )
    assert first.outside and not first.on_leave and first.accuracy_m == 0  # defaults
    assert first.created_at is not None and first.updated_at == first.created_at
    with connection.cursor() as cursor:
        cursor.execute("SELECT latitude FROM corrections_checkin WHERE id = %s", [keys[0]])
        assert "29.312345" not in str(cursor.fetchone()[0])  # encrypted at rest
    later = CheckIn.objects.create(
        office_id=subject.office_id, subject=subject, at=timezone.now(), latitude=1, longitude=1
    )
    assert keys[0] < keys[1] < later.pk
