"""The consultation log import (12348 and 来访咨询, issue 17): the line's rules, the natural key
(接待机构 + 话务流水号, else 接待机构 + 咨询时间 + 渠道 + caller), bad rows by row and column, GBK
CSV with Excel serial times, re-import and corrected re-import, roll-back, scoping, and the
consultation indicators counted from the rows written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.core.models import ImportBatch
from sifa.legalaid.actions.consultations import consultation_record
from sifa.legalaid.constants import Channel, Referral, Satisfaction
from sifa.legalaid.imports.consultations import CONSULTATIONS
from sifa.legalaid.models import Consultation
from sifa.legalaid.tests.factories import make_centre, make_reviewer
from sifa.people.models import Person
from sifa.stats import registry
from tests import imports

D = datetime.date
HEADER = {f.key: f.header for f in CONSULTATIONS.fields}
LETTER = {f.key: column_letter(i) for i, f in enumerate(CONSULTATIONS.fields)}
URL = reverse("imports:upload", args=[CONSULTATIONS.key])


@pytest.fixture
def centre(cast):
    return make_centre(cast.county_a, name="甲县法律援助中心")


@pytest.fixture
def reviewer(centre):
    return make_reviewer(centre)


def row(office, **values) -> dict:
    data = {
        "office_code": office.code,
        "consulted_at": "2025-03-07 09:30",
        "channel": "12348热线",
        "call_id": "C-0001",
        "duration_minutes": "8",
        "caller_name": "王五",
        "caller_phone": "13900000001",
        "category": "劳动争议",
        "question": "被拖欠工资如何维权？",
        "answer": "可申请劳动仲裁，符合条件的可申请法律援助。",
    }
    data.update(values)
    return {HEADER[key]: value for key, value in data.items()}


def log(centre) -> list[dict]:
    return [
        row(centre, satisfaction="满意"),
        row(
            centre,
            consulted_at="2025/3/7 10:05:12",
            call_id="C-0002",
            caller_name="陈一",
            caller_phone="13900000002",
            category="婚姻家庭",
            question="离婚后子女抚养费如何计算？",
            satisfaction="不满意",
            followed_up_on="2025-03-09",
        ),
        # A 12348 call without its call id: found again by time, channel and phone.
        row(
            centre,
            consulted_at="2025年3月8日 14时20分",
            call_id="",
            duration_minutes="5",
            caller_name="",
            caller_phone="0571-87654321",
            category="借贷纠纷",
            question="借条丢了还能要回钱吗？",
        ),
        # A visitor who gave an ID number: linked to the registry.
        row(
            centre,
            consulted_at="2025-04-02 09:00",
            channel="来访",
            call_id="",
            duration_minutes="",
            caller_name="刘二",
            caller_phone="13900000003",
            id_number=imports.resident_id("19720101"),
            referral="引导申请法律援助",
            answered_by="黄文",
        ),
        # An anonymous online question.
        row(
            centre,
            consulted_at="2025-04-15 21:40",
            channel="网络",
            call_id="",
            duration_minutes="",
            caller_name="",
            caller_phone="",
            category="其他",
            question="邻居装修噪音扰民怎么办？",
        ),
    ]


def import_now(actor, office, rows, **kwargs):
    file = imports.xlsx(CONSULTATIONS, rows, **kwargs)
    return batches.import_now(
        CONSULTATIONS, actor=actor, office=office, content=file.read(), name=file.name
    )


def refused(actor, office, rows, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as excinfo:
        import_now(actor, office, rows, **kwargs)
    return excinfo.value.messages


def cell(n: int, key: str, message: str) -> str:
    return f"第{n}行 {LETTER[key]}列（{HEADER[key]}）：{message}"


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


# --- the log as the file says ---------------------------------------------------------------------


def test_the_log_is_recorded_by_the_lines_rules(cast, centre, reviewer):
    _batch, plan, _changes = import_now(reviewer, centre, log(centre))
    assert plan.counts == {"create": 5, "update": 0, "unchanged": 0}
    calls = {c.consulted_at: c for c in Consultation.objects.filter(office=centre)}
    first = calls[at("2025-03-07 09:30")]
    assert (first.channel, first.call_id, first.duration_minutes, first.category) == (
        Channel.HOTLINE,
        "C-0001",
        8,
        "labour",
    )
    assert first.caller_phone == "13900000001"  # stored encrypted, read back
    unhappy = calls[at("2025-03-07 10:05:12")]
    # 12348: a dissatisfied call is always followed up; its follow-up day is kept.
    assert unhappy.satisfaction == Satisfaction.DISSATISFIED and unhappy.follow_up_required
    assert unhappy.followed_up_on == D(2025, 3, 9)
    visitor = calls[at("2025-04-02 09:00")]
    assert visitor.person.name == "刘二" and visitor.referral == Referral.APPLICATION
    assert visitor.person.office == centre
    assert calls[at("2025-04-15 21:40")].caller_name == ""
    history = Consultation.history.filter(call_id="C-0001").get()
    assert history.history_user == reviewer


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(cast, centre, reviewer):
    in_an_hour = timezone.localtime() + datetime.timedelta(hours=1)
    rows = [
        row(centre, call_id="B1", category="星际纠纷"),  # 2: unknown code
        row(
            centre, call_id="B2", caller_name="刘二", id_number="330102198001010010"
        ),  # 3: bad check character
        row(centre, call_id="B3", consulted_at=in_an_hour.strftime("%Y-%m-%d %H:%M")),  # 4
        row(centre, call_id="B4", followed_up_on="2025-03-06"),  # 5: followed up before
        row(centre, call_id="B5"),  # 6
        row(centre, call_id="B5", consulted_at="2025-03-07 11:00"),  # 7: same call id
        row(centre, call_id="", duration_minutes="", consulted_at="2025-03-07 12:00"),  # 8
        row(centre, call_id="B8", caller_phone="12345"),  # 9: not a phone number
        row(centre, channel="来访", call_id="", consulted_at="2025-03-10 09:00"),  # 10
        row(centre, channel="来访", call_id="", consulted_at="2025-03-10 09:00"),  # 11: again
    ]
    messages = refused(reviewer, centre, rows)
    assert messages[0] == cell(2, "category", "未知的咨询类别“星际纠纷”，请从下拉列表中选择。")
    assert messages[1].startswith(cell(3, "id_number", "")) and "校验" in messages[1]
    assert messages[2:] == [
        cell(4, "consulted_at", "时间不能晚于现在。"),
        cell(5, "followed_up_on", "回访日期不能早于咨询日期。"),
        cell(7, "office_code", f"接待机构编码、话务流水号“{centre.code}、B5”与第6行重复。"),
        cell(8, "call_id", "12348热线来电须填写话务流水号或通话时长。"),
        cell(
            9,
            "caller_phone",
            "联系电话格式错误：应为11位手机号码，或带区号的固定电话（如 0571-87654321）。",
        ),
        cell(
            11,
            "consulted_at",
            "与第10行是同一条咨询记录（同一话务流水号，或同一时间、渠道和咨询人）。",
        ),
    ]
    assert not Consultation.objects.exists()


def test_a_missing_required_column_stops_the_file(cast, centre, reviewer):
    columns = [f.header for f in CONSULTATIONS.fields if f.key != "category"]
    assert refused(reviewer, centre, [row(centre)], headers=columns) == [
        "第1行：缺少“咨询类别”列。"
    ]


def test_a_call_id_already_registered_is_the_same_call_not_a_second_one(cast, centre, reviewer):
    typed = consultation_record(
        actor=reviewer,
        office=centre,
        channel=Channel.HOTLINE,
        consulted_at=at("2025-03-07 09:31"),  # the clerk typed the minute after
        category="labour",
        question="被拖欠工资如何维权？",
        call_id="C-0001",
        duration_minutes=8,
    )
    _batch, plan, _changes = import_now(reviewer, centre, [row(centre)])
    assert plan.counts == {"create": 0, "update": 1, "unchanged": 0}
    typed.refresh_from_db()
    assert typed.consulted_at == at("2025-03-07 09:30")
    assert Consultation.objects.count() == 1


def test_gbk_csv_with_excel_serial_times(cast, centre, reviewer):
    rows = [row(centre, consulted_at="45723.3958333333")]  # 2025-03-07 09:30
    file = imports.csv_file(CONSULTATIONS, rows, encoding="gbk")
    batches.import_now(
        CONSULTATIONS, actor=reviewer, office=centre, content=file.read(), name=file.name
    )
    call = Consultation.objects.get()
    assert call.consulted_at == at("2025-03-07 09:30")
    assert call.caller_name == "王五" and call.question == "被拖欠工资如何维权？"


# --- re-import, corrected re-import, roll-back ----------------------------------------------------


def test_reimport_changes_nothing_and_a_corrected_file_updates_only_what_changed(
    cast, centre, reviewer, login
):
    client = login(reviewer)
    rows = log(centre)
    _page, first = imports.import_file(client, URL, imports.xlsx(CONSULTATIONS, rows))
    assert first.status == ImportBatch.Status.APPLIED, first.errors
    stamps = dict(Consultation.objects.values_list("pk", "updated_at"))
    history = Consultation.history.count()

    _page, again = imports.import_file(client, URL, imports.xlsx(CONSULTATIONS, rows))
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 5)
    assert dict(Consultation.objects.values_list("pk", "updated_at")) == stamps
    assert Consultation.history.count() == history

    rows[2][HEADER["answer"]] = "借条丢失的，可以用转账记录等证据证明借贷关系。"
    rows.append(row(centre, consulted_at="2025-05-01 08:00", call_id="C-0009"))
    preview, corrected = imports.upload(client, URL, imports.xlsx(CONSULTATIONS, rows))
    assert (corrected.created_count, corrected.updated_count, corrected.unchanged_count) == (
        1,
        1,
        4,
    )
    assert "解答内容" in preview.content.decode()
    imports.confirm(client, corrected)
    corrected.refresh_from_db()
    assert corrected.status == ImportBatch.Status.APPLIED, corrected.errors
    answered = Consultation.objects.get(consulted_at=at("2025-03-08 14:20"))
    assert answered.answer.startswith("借条丢失的")
    untouched = {pk: s for pk, s in stamps.items() if pk != answered.pk}
    assert {
        pk: s for pk, s in Consultation.objects.values_list("pk", "updated_at") if pk in untouched
    } == untouched

    response = client.post(reverse("imports:rollback", args=[corrected.pk]), follow=True)
    assert "已撤销该批次导入的全部数据。" in response.content.decode()
    answered.refresh_from_db()
    assert answered.answer == "可申请劳动仲裁，符合条件的可申请法律援助。"
    assert not Consultation.objects.filter(call_id="C-0009").exists()
    batches.rollback(first, actor=reviewer)
    assert not Consultation.objects.exists()
    assert not Person.objects.filter(name="刘二").exists()


def test_an_office_imports_only_into_its_subtree(cast, centre, login):
    elsewhere = make_centre(cast.county_b, name="乙县法律援助中心")
    client = login(cast.county_supervisor)
    rows = [
        row(centre),
        row(cast.county_a, call_id="K2"),  # the bureau's 12348 platform, above the centre
        row(elsewhere, call_id="K3"),
    ]
    file = imports.xlsx(CONSULTATIONS, rows)
    _page, batch = imports.upload(client, URL, file, office=centre.pk)
    assert [e["message"] for e in batch.errors] == [
        f"机构编码“{cast.county_a.code}”不存在或不在您的管理范围内。",
        f"机构编码“{elsewhere.code}”不存在或不在您的管理范围内。",
    ]
    # The same file into the county: the bureau's and the centre's rows are in, county B's not.
    file = imports.xlsx(CONSULTATIONS, rows)
    _page, batch = imports.upload(client, URL, file, office=cast.county_a.pk)
    assert [e["message"] for e in batch.errors] == [
        f"机构编码“{elsewhere.code}”不存在或不在您的管理范围内。"
    ]
    assert not Consultation.objects.exists()


# --- the round trip to the indicators -------------------------------------------------------------


def test_the_imported_log_counts_exactly_in_the_consultation_indicators(cast, centre, reviewer):
    rows = log(centre)
    import_now(reviewer, centre, rows)

    def day(r) -> D:
        text = r[HEADER["consulted_at"]]
        for mark in ("年", "月", "/"):
            text = text.replace(mark, "-")
        year, month, rest = text.split("-", 2)
        return D(int(year), int(month), int(rest.split("日")[0].split()[0]))

    for start, end in ((D(2025, 1, 1), D(2025, 12, 31)), (D(2025, 3, 1), D(2025, 3, 31))):
        within = [r for r in rows if start <= day(r) <= end]
        figures = {
            "legalaid.consultations": len(within),
            "legalaid.hotline_calls": sum(1 for r in within if r[HEADER["channel"]] == "12348热线"),
        }
        scope = registry.Scope(office=cast.city, start=start, end=end)
        assert {key: registry.value(registry.get(key), scope) for key in figures} == figures
