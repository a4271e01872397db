"""history.changes_for() and the {% history_table %} card."""

import pytest
from django.template import Context, Template

from sifa.audit import history
from sifa.audit.tests.helpers import (
    ID_FIRST,
    ID_SECOND,
    PHONE_FIRST,
    PHONE_SECOND,
    change_person,
    make_person,
    save_as,
)
from sifa.core.models import CalendarDay
from sifa.orgs.models import Office, StaffMember
from sifa.people.models import Person

pytestmark = pytest.mark.django_db

SECRETS = (ID_FIRST, ID_SECOND, PHONE_FIRST, PHONE_SECOND)


def labels(entry):
    return [change.label for change in entry.changes]


def change_named(entry, label):
    return next(change for change in entry.changes if change.label == label)


def render_history(obj) -> str:
    return Template("{% load audit_tags %}{% history_table obj %}").render(Context({"obj": obj}))


def test_entries_are_newest_first_with_kind_and_user(cast):
    person = make_person(cast.township_a1, cast.township_clerk)
    change_person(person, cast.county_supervisor)

    entries = history.changes_for(person)

    assert [e.kind for e in entries] == ["修改", "新增"]
    assert [e.user for e in entries] == [cast.county_supervisor, cast.township_clerk]
    assert entries[0].at >= entries[1].at
    assert entries[0].object_repr == "张三丰"


def test_a_change_lists_old_and_new_values_with_choice_labels(cast):
    person = change_person(make_person(cast.township_a1, cast.township_clerk), cast.township_clerk)

    latest = history.changes_for(person)[0]

    assert change_named(latest, "姓名")[1:3] == ("张三", "张三丰")
    assert change_named(latest, "性别")[1:3] == ("男", "女")


def test_encrypted_fields_show_only_that_they_changed(cast):
    person = change_person(make_person(cast.township_a1, cast.township_clerk), cast.township_clerk)

    entries = history.changes_for(person)

    for entry in entries:
        for label in ("证件号码", "联系电话"):
            change = change_named(entry, label)
            assert change.sensitive
            assert change.old == change.new == "（敏感字段已变更）"
    assert not any(secret in repr(entries) for secret in SECRETS)


def test_hashes_and_technical_fields_are_skipped(cast):
    person = change_person(make_person(cast.township_a1, cast.township_clerk), cast.township_clerk)

    shown = {label for entry in history.changes_for(person) for label in labels(entry)}

    technical = {"id_number_hash", "phone_hash", "updated_at", "created_at", "id"}
    verbose = {str(Person._meta.get_field(name).verbose_name) for name in technical}
    assert not shown & (technical | verbose)
    assert not any("hash" in label for label in shown)


def test_office_history_never_shows_tree_columns(cast):
    office = Office.objects.get(pk=cast.township_a1.pk)
    office.name = "甲一镇司法所（新）"
    save_as(office, cast.sysadmin)

    latest = history.changes_for(office)[0]

    assert labels(latest) == ["机构名称"]
    assert latest.changes[0][1:3] == ("甲一镇司法所", "甲一镇司法所（新）")


def test_creation_lists_filled_fields_and_names_foreign_keys(cast):
    person = make_person(cast.township_a1, cast.township_clerk)
    post = StaffMember(
        office=cast.township_a1, person=person, post="mediator", start_date="2026-01-05"
    )
    save_as(post, cast.township_clerk)

    created = history.changes_for(post)[0]

    assert created.kind == "新增"
    assert change_named(created, "所属机构").new == cast.township_a1.name
    assert change_named(created, "人员").new == person.name
    assert change_named(created, "任职日期").new == "2026-01-05"
    assert change_named(created, "专职").new == "否"
    assert "离任日期" not in labels(created)  # left empty


def test_a_foreign_key_to_a_deleted_record_says_so(cast):
    office_field = Person._meta.get_field("office")
    missing = Office.objects.order_by("-pk").first().pk + 1000

    shown = history.display_value(office_field, missing)

    assert shown == f"已删除的机构（编号{missing}）"


def test_a_save_without_visible_change_has_no_field_changes(cast):
    person = make_person(cast.township_a1, cast.township_clerk)
    save_as(person, cast.township_clerk)  # only updated_at moves

    latest = history.changes_for(person)[0]

    assert latest.kind == "修改"
    assert latest.changes == []
    assert "没有可显示的字段变化" in render_history(person)


def test_a_change_whose_earlier_state_was_purged_is_marked(cast):
    day = save_as(CalendarDay(date="2026-10-08", kind=CalendarDay.Kind.HOLIDAY), cast.sysadmin)
    day.name = "国庆节"
    save_as(day, cast.sysadmin)
    day.history.filter(history_type="+").delete()  # as purge_audit does after the retention

    (entry,) = history.changes_for(day)

    assert entry.earlier_purged
    assert entry.changes == []
    assert "更早的记录已按保存期限清理" in render_history(day)


def test_a_model_without_history_is_refused(cast):
    cast.township_clerk.set_password("Qingshan-2026")
    cast.township_clerk.save()
    with pytest.raises(TypeError):  # the password history (口令历史) keeps no change history
        history.changes_for(cast.township_clerk.used_passwords.first())


def test_history_models_cover_the_project_models():
    covered = {m.instance_type._meta.label_lower for m in history.history_models()}

    assert {"orgs.office", "orgs.membership", "people.person", "core.calendarday"} <= covered
    assert all(label.split(".")[0] != "auth" for label in covered)


def test_the_card_shows_the_changes(cast):
    person = change_person(make_person(cast.township_a1, cast.township_clerk), cast.township_clerk)

    html = render_history(person)

    assert "修改记录" in html
    assert "table" in html
    assert "张三丰" in html
    assert "（敏感字段已变更）" in html
    assert str(cast.township_clerk) in html
    assert not any(secret in html for secret in SECRETS)


def test_the_card_has_an_empty_state(db):
    # bulk_create sends no signals, so the day has no history rows.
    CalendarDay.objects.bulk_create([CalendarDay(date="2026-05-09", kind=CalendarDay.Kind.WORKDAY)])
    day = CalendarDay.objects.get(date="2026-05-09")

    html = render_history(day)

    assert "修改记录" in html
    assert "暂无修改记录" in html


def test_a_code_table_field_shows_the_codes_name(cast):
    """Issue 15 item 12: 修改记录 showed “01 → 02” for 民族; it shows the code table's names."""
    person = make_person(cast.township_a1, cast.township_clerk)
    person.ethnicity = "01"
    save_as(person, cast.township_clerk)
    person.ethnicity = "02"
    save_as(person, cast.township_clerk)

    latest = history.changes_for(person)[0]

    assert change_named(latest, "民族")[1:3] == ("汉族", "蒙古族")
