"""The committee registers and screenings imported through the line's actions (issue 17): the
committee rules (adults, 3–9 members, one 主任, a woman, no departure that breaks a committee)
refuse rows as they refuse a clerk, the preview is a dry run that keeps nothing, and a re-import
changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sifa.core.imports import batches
from sifa.core.imports.engine import column_letter
from sifa.core.models import ImportBatch
from sifa.mediation.constants import MemberRole
from sifa.mediation.imports.committees import MEDIATORS, MEMBERS, PROFILES, TRAININGS
from sifa.mediation.imports.screenings import SCREENINGS
from sifa.mediation.models import (
    CommitteeMember,
    CommitteeProfile,
    MediatorTraining,
    Screening,
    ScreeningFinding,
)
from sifa.mediation.tests.factories import make_committee
from sifa.orgs.constants import MEDIATOR_POST
from sifa.orgs.models import StaffMember
from sifa.people.models import Person
from tests import imports

FEMALE, MALE = 2, 1  # the 17th digit of an ID number: even for a woman


def rows_of(spec, *rows: dict) -> list[dict]:
    headers = {f.key: f.header for f in spec.fields}
    return [{headers[k]: v for k, v in row.items()} for row in rows]


def run(spec, actor, *rows, office=None):
    """Validate and apply in one step (a kept batch); the batch."""
    file = imports.xlsx(spec, rows_of(spec, *rows))
    batch, _plan, _changes = batches.import_now(
        spec, actor=actor, office=office, content=file.read(), name=file.name
    )
    return batch


def letter(spec, key: str) -> str:
    return column_letter([f.key for f in spec.fields].index(key))


@pytest.fixture
def committee(cast):
    return make_committee(cast.township_a1)


def member(committee, name, sequence, role="委员", **values):
    return {
        "office_code": committee.code,
        "name": name,
        "id_number": imports.resident_id("19700101", sequence=sequence),
        "role": role,
        "term_start": "2023-01-01",
        **values,
    }


def test_members_and_their_mediator_posts_then_a_reimport_changes_nothing(cast, committee):
    rows = [
        member(committee, "王芳", 2, "主任"),
        member(committee, "李强", 3),
        member(committee, "赵伟", 5, full_time="是"),
    ]
    batch = run(MEMBERS, cast.township_clerk, *rows)
    assert batch.created_count == 3
    members = CommitteeMember.objects.filter(office=committee)
    assert members.count() == 3
    assert members.get(role=MemberRole.DIRECTOR).person.name == "王芳"
    posts = StaffMember.objects.filter(office=committee, post=MEDIATOR_POST)
    assert posts.count() == 3 and posts.get(person__name="赵伟").full_time

    again = run(MEMBERS, cast.township_clerk, *rows)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert CommitteeMember.objects.filter(office=committee).count() == 3


def test_the_committee_rules_refuse_rows_and_the_dry_run_keeps_nothing(cast, committee):
    minor = imports.resident_id("20150101", sequence=4)
    rows = [
        member(committee, "王芳", 2, "主任"),
        member(committee, "孙丽", 4, "主任"),  # a second 主任
        {**member(committee, "小明", 6), "id_number": minor},  # under eighteen
    ]
    file = imports.xlsx(MEMBERS, rows_of(MEMBERS, *rows))
    batch = batches.stage(
        MEMBERS, actor=cast.township_clerk, office=cast.township_a1, content=file.read(), name="m"
    )
    messages = [str(e) for e in batches.errors_of(batch)]
    assert messages == [
        f"第3行 {letter(MEMBERS, 'role')}列（职务）：本调委会已有在任主任，主任只能有一人。",
        f"第4行 {letter(MEMBERS, 'id_number')}列（身份证号码）："
        "人民调解员应为成年公民：该人员在任职日期未满十八周岁。",
    ]
    assert batch.status == ImportBatch.Status.INVALID
    # The dry run wrote the rows through the actions and took them all back.
    assert not CommitteeMember.objects.exists()
    assert not Person.objects.filter(name__in=["王芳", "孙丽", "小明"]).exists()


def test_a_departure_is_written_after_every_arrival(cast, committee):
    """A member who left in 2024 and her successor elected before: the departure alone would
    leave the committee short, so arrivals are written first."""
    rows = [
        member(committee, "王芳", 2, "主任", left_on="2024-06-01"),
        member(committee, "李强", 3),
        member(committee, "赵伟", 5),
        member(committee, "孙丽", 4, term_start="2024-05-01"),
    ]
    batch = run(MEMBERS, cast.township_clerk, *rows)
    assert batch.created_count == 4
    left = CommitteeMember.objects.get(person__name="王芳")
    assert left.left_on == datetime.date(2024, 6, 1)
    post = StaffMember.objects.get(person__name="王芳", post=MEDIATOR_POST)
    assert post.end_date == datetime.date(2024, 5, 31)

    alone = make_committee(cast.township_a1)
    refused = [
        member(alone, "王芳", 2, "主任", left_on="2024-06-01"),
        member(alone, "李强", 3),
        member(alone, "赵伟", 5),
    ]
    with pytest.raises(ValidationError) as excinfo:
        run(MEMBERS, cast.township_clerk, *refused)
    assert excinfo.value.messages == [
        "第2行：离任后委员将少于3人，不符合人民调解法第八条。请先选任新委员，再办理离任。"
    ]


def test_engaged_mediators_their_departure_and_their_training(cast, committee):
    mediator = {
        "office_code": committee.code,
        "name": "赵敏",
        "id_number": imports.resident_id("19850505", sequence=8),
        "full_time": "是",
        "start_date": "2022-05-01",
    }
    left = {
        **mediator,
        "name": "钱程",
        "id_number": imports.resident_id("19860606", sequence=9),
        "end_date": "2024-12-31",
        "end_reason": "解聘",
    }
    no_reason = {**left, "id_number": imports.resident_id("19870707", sequence=7)}
    no_reason.pop("end_reason")
    with pytest.raises(ValidationError) as excinfo:
        run(MEDIATORS, cast.township_clerk, mediator, no_reason)
    assert excinfo.value.messages == [
        f"第3行 {letter(MEDIATORS, 'end_reason')}列（离任原因）：有离任日期时请填写离任原因。"
    ]

    run(MEDIATORS, cast.township_clerk, mediator, left)
    posts = StaffMember.objects.filter(office=committee, post=MEDIATOR_POST)
    assert posts.get(person__name="赵敏").end_date is None
    assert posts.get(person__name="钱程").end_date == datetime.date(2024, 12, 31)

    training = {
        "office_code": committee.code,
        "id_number": mediator["id_number"],
        "held_on": "2025-04-10",
        "topic": "民法典婚姻家庭编",
        "hours": "4.5",
        "organiser": "甲县司法局",
    }
    stranger = {**training, "id_number": imports.resident_id("19900101", sequence=11)}
    with pytest.raises(ValidationError) as excinfo:
        run(TRAININGS, cast.township_clerk, training, stranger)
    assert excinfo.value.messages == [
        f"第3行 {letter(TRAININGS, 'id_number')}列（调解员身份证号码）："
        "该证件号码不是本调委会的人民调解员。"
    ]
    run(TRAININGS, cast.township_clerk, training)
    assert MediatorTraining.objects.get().hours == Decimal("4.5")
    assert run(TRAININGS, cast.township_clerk, training).unchanged_count == 1


def test_committee_profiles_are_created_then_updated_by_a_corrected_file(cast, committee):
    row = {
        "office_code": committee.code,
        "host_unit": "甲一村村民委员会",
        "guiding_code": cast.township_a1.code,
        "seal_registered": "是",
        "seal_registered_on": "2015-06-01",
    }
    run(PROFILES, cast.township_clerk, row)
    profile = CommitteeProfile.objects.get(office=committee)
    assert profile.guiding_office == cast.township_a1 and profile.seal_registered
    corrected = run(PROFILES, cast.township_clerk, {**row, "host_unit": "甲一村村委会"})
    assert corrected.updated_count == 1
    profile.refresh_from_db()
    assert profile.host_unit == "甲一村村委会"


def test_screenings_with_their_findings_and_one_that_found_nothing(cast):
    office = cast.township_a1.code
    rows = [
        {
            "office_code": office,
            "screened_on": "2025-01-20",
            "kind": "专项排查",
            "occasion": "春节",
            "scope": "甲一镇全镇",
            "dispute_type": "邻里纠纷",
            "description": "两户因宅基地界址争执。",
            "risk_level": "一般",
            "handling": "就地化解",
        },
        {
            "office_code": office,
            "screened_on": "2025-01-20",
            "kind": "专项排查",
            "occasion": "春节",
            "scope": "甲一镇全镇",
            "dispute_type": "婚姻家庭纠纷",
            "description": "夫妻因赡养老人争吵。",
            "risk_level": "较大",
            "handling": "上报",
        },
        {"office_code": office, "screened_on": "2025-02-28", "kind": "常规排查", "scope": "甲一村"},
    ]
    batch = run(SCREENINGS, cast.township_clerk, *rows)
    assert batch.created_count == 3
    assert Screening.objects.count() == 2
    assert ScreeningFinding.objects.filter(screening__occasion="春节").count() == 2
    again = run(SCREENINGS, cast.township_clerk, *rows)
    assert again.unchanged_count == 3 and Screening.objects.count() == 2

    special = {**rows[2], "kind": "专项排查", "screened_on": "2025-03-01"}
    with pytest.raises(ValidationError) as excinfo:
        run(SCREENINGS, cast.township_clerk, special)
    assert excinfo.value.messages == [
        f"第2行 {letter(SCREENINGS, 'occasion')}列（专项名称）："
        "专项排查请填写专项名称（如春节、两会）。"
    ]


def test_scoping_of_the_committee_imports(cast, committee):
    theirs = make_committee(cast.township_a2)
    rows = [member(theirs, "王芳", 2, "主任")]
    with pytest.raises(ValidationError) as excinfo:
        run(MEMBERS, cast.township_clerk, *rows)
    assert excinfo.value.messages == [
        f"第2行 {letter(MEMBERS, 'office_code')}列（调解组织编码）："
        f"调解组织编码“{theirs.code}”不存在或不在您的管理范围内。"
    ]
    with pytest.raises(ValidationError) as excinfo:
        run(MEMBERS, cast.county_supervisor, *rows, office=cast.township_a1)
    assert excinfo.value.messages == [
        f"第2行 {letter(MEMBERS, 'office_code')}列（调解组织编码）："
        f"调解组织编码“{theirs.code}”不存在或不在您的管理范围内。"
    ]
    assert run(MEMBERS, cast.county_supervisor, *rows, office=cast.township_a2).created_count == 1


# --- a corrected file rolled back: the values before, not the preview's ----------------------
# The preview (and the confirmation's own check) writes every row through the actions and rolls
# the database back; the records the rows matched must not keep the dry run's values, or the
# batch would keep them as "before" and a roll-back would restore the corrected values.


def staged_and_confirmed(spec, actor, *rows, office=None):
    """The batch as the 数据导入 page makes it: staged (the preview), then confirmed."""
    file = imports.xlsx(spec, rows_of(spec, *rows))
    batch = batches.stage(spec, actor=actor, office=office, content=file.read(), name=file.name)
    assert batch.errors == []
    return batches.confirm(spec, batch, actor=actor)


def test_a_corrected_profile_rolled_back_has_its_old_values(cast, committee):
    row = {
        "office_code": committee.code,
        "host_unit": "甲一村村民委员会",
        "guiding_code": cast.township_a1.code,
        "seal_registered": "否",
    }
    run(PROFILES, cast.township_clerk, row)
    corrected = {**row, "host_unit": "甲一村村委会", "seal_registered": "是"}
    batch = staged_and_confirmed(
        PROFILES, cast.township_clerk, {**corrected, "seal_registered_on": "2015-06-01"}
    )
    assert batch.updated_count == 1
    profile = CommitteeProfile.objects.get(office=committee)
    assert (profile.host_unit, profile.seal_registered) == ("甲一村村委会", True)
    batches.rollback(batch, actor=cast.township_clerk)
    profile.refresh_from_db()
    assert (profile.host_unit, profile.seal_registered, profile.seal_registered_on) == (
        "甲一村村民委员会",
        False,
        None,
    )


def test_a_departure_added_by_a_corrected_file_rolled_back_leaves_the_member_serving(
    cast, committee
):
    rows = [
        member(committee, "王芳", 2, "主任"),
        member(committee, "李强", 3),
        member(committee, "赵伟", 5),
        member(committee, "孙丽", 4),
    ]
    run(MEMBERS, cast.township_clerk, *rows)
    corrected = [*rows[:3], {**rows[3], "left_on": "2024-06-01"}]
    batch = staged_and_confirmed(MEMBERS, cast.township_clerk, *corrected)
    assert (batch.updated_count, batch.unchanged_count) == (1, 3)
    left = CommitteeMember.objects.get(person__name="孙丽")
    assert left.left_on == datetime.date(2024, 6, 1)
    post = StaffMember.objects.get(person__name="孙丽", post=MEDIATOR_POST)
    assert post.end_date == datetime.date(2024, 5, 31)

    batches.rollback(batch, actor=cast.township_clerk)
    left.refresh_from_db()
    post.refresh_from_db()
    assert (left.left_on, post.end_date) == (None, None)


def test_a_mediator_end_added_by_a_corrected_file_rolled_back_leaves_the_post_open(cast, committee):
    mediator = {
        "office_code": committee.code,
        "name": "赵敏",
        "id_number": imports.resident_id("19850505", sequence=8),
        "start_date": "2022-05-01",
    }
    run(MEDIATORS, cast.township_clerk, mediator)
    corrected = {**mediator, "end_date": "2024-12-31", "end_reason": "解聘"}
    batch = staged_and_confirmed(MEDIATORS, cast.township_clerk, corrected)
    assert batch.updated_count == 1
    post = StaffMember.objects.get(person__name="赵敏", post=MEDIATOR_POST)
    assert post.end_date == datetime.date(2024, 12, 31)

    batches.rollback(batch, actor=cast.township_clerk)
    post.refresh_from_db()
    assert post.end_date is None
