"""Code tables (字典): seed data, lookups, validity, renames, and their administration."""

from datetime import date, datetime, timedelta
from functools import partial

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.utils import timezone

from sifa.core import seed_codes
from sifa.core.codes import code_choices, code_labels, code_name, validate_code
from sifa.core.models import CalendarDay, CodeItem, CodeList
from sifa.core.testing import assert_invalid
from sifa.stats.registry import Breakdown
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def make_list(key="test_list", name="测试字典"):
    return CodeList.objects.create(key=key, name=name, source="（测试）")


def make_item(code_list, code, name, sort_order=0, **fields):
    return CodeItem.objects.create(
        code_list=code_list, code=code, name=name, sort_order=sort_order, **fields
    )


def db_items(list_key):
    return list(
        CodeItem.objects.filter(code_list__key=list_key)
        .order_by("sort_order", "code")
        .values("code", "name", "parent_code", "sort_order")
    )


# --- seed data ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", seed_codes.SEED_LISTS, ids=lambda s: s.key)
def test_the_migration_loaded_every_seed_list(seed):
    code_list = CodeList.objects.get(key=seed.key)
    assert code_list.name == seed.name
    assert code_list.source == seed.source  # every list cites where it comes from
    assert seed.source
    assert db_items(seed.key) == seed_codes.item_fields(seed)


@pytest.mark.parametrize("seed", seed_codes.SEED_LISTS, ids=lambda s: s.key)
def test_seed_lists_are_well_formed(seed):
    codes = [fields["code"] for fields in seed_codes.item_fields(seed)]
    assert len(codes) == len(set(codes))
    for fields in seed_codes.item_fields(seed):
        assert 0 < len(fields["code"]) <= CodeItem._meta.get_field("code").max_length
        assert 0 < len(fields["name"]) <= CodeItem._meta.get_field("name").max_length
        assert fields["parent_code"] in ("", *codes)
    assert len(seed.source) <= CodeList._meta.get_field("source").max_length


def test_ethnicity_has_the_56_groups_and_the_two_extra_codes():
    labels = code_labels("ethnicity")
    assert [f"{n:02d}" for n in range(1, 57)] == [c for c in labels if c not in ("97", "98")]
    assert labels["01"] == "汉族"
    assert labels["56"] == "基诺族"
    assert labels["97"] == "其他"
    assert labels["98"] == "外国血统中国籍人士"


def test_indicators_can_count_mediators_by_the_mediator_post_code():
    assert code_name("staff_post", "mediator") == "人民调解员"


def test_labour_and_consumer_disputes_have_children():
    items = {i["code"]: i for i in db_items("dispute_type")}
    children = {code: i["parent_code"] for code, i in items.items() if i["parent_code"]}
    names = {items[code]["name"]: items[parent]["name"] for code, parent in children.items()}
    assert names == {
        "拖欠农民工工资纠纷": "劳动争议纠纷",
        "其他劳动争议纠纷": "劳动争议纠纷",
        "旅游纠纷": "消费纠纷",
        "电子商务纠纷": "消费纠纷",
        "其他消费纠纷": "消费纠纷",
    }
    assert {"知识产权纠纷", "互联网纠纷"} <= {i["name"] for i in items.values()}


def test_the_migration_wrote_each_seeded_item_s_first_history_row():
    item = CodeItem.objects.get(code_list__key="ethnicity", code="01")
    assert list(item.history.values_list("history_type", "name")) == [("+", "汉族")]


def test_loading_the_seed_again_changes_nothing():
    before = (CodeList.objects.count(), CodeItem.objects.count(), CodeItem.history.count())
    seed_codes.load(CodeList, CodeItem)
    after = (CodeList.objects.count(), CodeItem.objects.count(), CodeItem.history.count())
    assert after == before
    for seed in seed_codes.SEED_LISTS:
        assert db_items(seed.key) == seed_codes.item_fields(seed)


def test_loading_the_seed_restores_a_seeded_item_and_keeps_other_items():
    item = CodeItem.objects.get(code_list__key="dispute_type", code="neighbourhood")
    item.name = "被改动的名称"
    item.save()
    local = make_item(item.code_list, "village_affairs", "村务管理纠纷", sort_order=999)

    seed_codes.load(CodeList, CodeItem, lists=(seed_codes.DISPUTE_TYPE,))

    item.refresh_from_db()
    assert item.name == "邻里纠纷"
    assert item.history.first().name == "邻里纠纷"  # the reload is in the change history
    assert CodeItem.objects.filter(pk=local.pk).exists()  # never deletes


# --- lookups -----------------------------------------------------------------------------------


def test_code_name_falls_back_to_the_code_itself():
    assert code_name("ethnicity", "03") == "回族"
    assert code_name("ethnicity", "99") == "99"
    assert code_name("no_such_list", "x1") == "x1"
    assert code_name("ethnicity", "") == ""


def test_code_name_on_a_date_shows_the_name_of_that_date():
    item = CodeItem.objects.get(code_list__key="dispute_type", code="internet")
    item.name = "网络纠纷"
    item.save()  # simple-history records the rename
    renamed_at = timezone.make_aware(datetime(2030, 6, 1, 9, 0))
    item.history.filter(history_type="~").update(history_date=renamed_at)
    item.history.filter(history_type="+").update(history_date=renamed_at - timedelta(days=365))

    assert code_name("dispute_type", "internet") == "网络纠纷"
    assert code_name("dispute_type", "internet", on=date(2030, 5, 31)) == "互联网纠纷"
    assert code_name("dispute_type", "internet", on=date(2030, 6, 1)) == "网络纠纷"
    assert code_name("dispute_type", "internet", on=date(2031, 1, 1)) == "网络纠纷"
    # Before the item was first recorded: its first known name.
    assert code_name("dispute_type", "internet", on=date(2000, 1, 1)) == "互联网纠纷"


def test_code_choices_lists_items_valid_on_the_day_in_sort_order():
    code_list = make_list()
    make_item(code_list, "b", "乙", sort_order=10)
    make_item(code_list, "a", "甲", sort_order=20)
    make_item(code_list, "old", "已停用", sort_order=5, valid_to=date(2024, 1, 1))
    make_item(code_list, "new", "新增", sort_order=30, valid_from=date(2024, 7, 1))
    make_item(code_list, "last", "末日", sort_order=40, valid_to=date(2024, 3, 2))

    assert code_choices("test_list", on=date(2024, 3, 1)) == [
        ("b", "乙"),
        ("a", "甲"),
        ("last", "末日"),  # still valid on the day before its 停用日期
    ]
    assert code_choices("test_list", on=date(2023, 12, 31))[0] == ("old", "已停用")
    assert ("new", "新增") in code_choices("test_list", on=date(2024, 7, 1))
    assert code_choices("no_such_list") == []


def test_code_choices_defaults_to_today():
    code_list = make_list()
    today = timezone.localdate()
    make_item(code_list, "current", "在用")
    make_item(code_list, "retired", "已停用", valid_to=today)
    assert code_choices("test_list") == [("current", "在用")]


def test_code_labels_keeps_retired_items_so_old_records_show_names():
    code_list = make_list()
    make_item(code_list, "current", "在用", sort_order=1)
    make_item(code_list, "retired", "已停用", sort_order=2, valid_to=date(2020, 1, 1))
    assert code_labels("test_list") == {"current": "在用", "retired": "已停用"}


def test_code_labels_serves_a_statistics_breakdown():
    breakdown = Breakdown(
        key="dispute_type",
        label="纠纷类型",
        field="dispute_type",
        labels=partial(code_labels, "dispute_type"),
    )
    assert breakdown.label_map()["labour_wage_arrears"] == "拖欠农民工工资纠纷"


def test_validate_code_accepts_an_item_valid_on_the_day():
    validate_code("ethnicity", "01")
    code_list = make_list()
    make_item(code_list, "old", "已停用", valid_to=date(2024, 1, 1))
    validate_code("test_list", "old", on=date(2023, 12, 31))


@pytest.mark.parametrize("code", ["99", "", "01 "])
def test_validate_code_rejects_an_unknown_code_in_chinese(code):
    with pytest.raises(ValidationError) as caught:
        validate_code("ethnicity", code)
    assert caught.value.code == "unknown_code"
    assert "不是有效的民族代码" in caught.value.messages[0]


def test_validate_code_rejects_a_retired_or_future_item():
    code_list = make_list()
    make_item(code_list, "old", "已停用项", valid_to=date(2024, 1, 1))
    make_item(code_list, "new", "未启用项", valid_from=date(2024, 7, 1))
    with pytest.raises(ValidationError) as caught:
        validate_code("test_list", "old", on=date(2024, 1, 1))
    assert caught.value.code == "code_not_valid_on_date"
    assert "已停用项" in caught.value.messages[0]
    assert "测试字典" in caught.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        validate_code("test_list", "new", on=date(2024, 6, 30))
    assert_invalid(exc, "__all__", "不是有效的测试字典（该项已停用或尚未启用）。")


# --- administration ----------------------------------------------------------------------------


@pytest.fixture
def code_admin_user(cast):
    """A system administrator: the admin permissions come from the role (sifa.orgs.duties)."""
    user = UserFactory(username="codes_admin")
    grant(user, cast.city, "sysadmin")
    return user


def admin_request(rf, user, method="get", data=None, path="/admin/"):
    request = getattr(rf, method)(path, data or {})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    return request


def model_admin(model):
    return admin.site._registry[model]


def test_code_tables_and_the_holiday_table_are_in_the_admin():
    for model in (CodeList, CodeItem, CalendarDay):
        assert model in admin.site._registry


def test_code_lists_and_items_cannot_be_deleted_only_retired(rf, code_admin_user):
    request = admin_request(rf, code_admin_user)
    item = CodeItem.objects.get(code_list__key="ethnicity", code="01")
    assert model_admin(CodeList).has_change_permission(request, item.code_list)
    assert model_admin(CodeItem).has_change_permission(request, item)
    assert not model_admin(CodeList).has_delete_permission(request, item.code_list)
    assert not model_admin(CodeItem).has_delete_permission(request, item)
    assert model_admin(CalendarDay).has_delete_permission(request)


def test_a_user_without_the_permissions_may_not_edit(rf):
    # Staff status and per-user permissions grant nothing: admin rights come from roles only.
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(content_type__app_label="core"))
    request = admin_request(rf, clerk)
    assert not model_admin(CodeList).has_change_permission(request)
    assert not model_admin(CalendarDay).has_add_permission(request)


def test_the_code_list_page_shows_its_items(rf, code_admin_user):
    code_list = CodeList.objects.get(key="staff_post")
    request = admin_request(rf, code_admin_user)
    response = model_admin(CodeList).change_view(request, str(code_list.pk))
    response.render()
    assert response.status_code == 200
    assert "人民调解员" in response.content.decode()


def post_code_list(rf, user, code_list, *, items, new_items):
    """POST the code-list change form: `items` edits the saved items, `new_items` adds."""
    data = {
        "name": code_list.name,
        "source": code_list.source,
        "description": code_list.description,
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-2-TOTAL_FORMS": str(len(new_items)),
        "items-2-INITIAL_FORMS": "0",
        "items-2-MIN_NUM_FORMS": "0",
        "items-2-MAX_NUM_FORMS": "1000",
    }
    for index, (item, changes) in enumerate(items):
        row = {
            "id": item.pk,
            "code_list": code_list.pk,
            "name": item.name,
            "parent_code": item.parent_code,
            "sort_order": item.sort_order,
            "valid_from": item.valid_from or "",
            "valid_to": item.valid_to or "",
            **changes,
        }
        data.update({f"items-{index}-{key}": value for key, value in row.items()})
    for index, row in enumerate(new_items):
        row = {"code_list": code_list.pk, "parent_code": "", "sort_order": 0, **row}
        data.update({f"items-2-{index}-{key}": value for key, value in row.items()})
    request = admin_request(rf, user, "post", data)
    return model_admin(CodeList).change_view(request, str(code_list.pk))


def test_an_administrator_renames_retires_and_adds_items(rf, code_admin_user):
    code_list = make_list()
    parent = make_item(code_list, "p", "上级", sort_order=10)
    child = make_item(code_list, "c", "下级", sort_order=20, parent_code="p")

    response = post_code_list(
        rf,
        code_admin_user,
        code_list,
        items=[(parent, {"name": "上级（新名称）"}), (child, {"valid_to": "2024-01-01"})],
        new_items=[{"code": "c2", "name": "新下级", "parent_code": "p", "sort_order": 30}],
    )

    assert response.status_code == 302, getattr(response, "context_data", None)
    parent.refresh_from_db()
    child.refresh_from_db()
    assert parent.name == "上级（新名称）"
    assert list(parent.history.values_list("name", flat=True)) == ["上级（新名称）", "上级"]
    assert child.valid_to == date(2024, 1, 1)
    assert code_name("test_list", "c2") == "新下级"
    assert code_choices("test_list", on=date(2024, 1, 1)) == [
        ("p", "上级（新名称）"),
        ("c2", "新下级"),
    ]


@pytest.mark.parametrize(
    ("new_item", "field"),
    [
        ({"code": "x", "name": "无上级", "parent_code": "missing"}, "parent_code"),
        ({"code": "x", "name": "自己", "parent_code": "x"}, "parent_code"),
        (
            {"code": "x", "name": "日期", "valid_from": "2024-05-01", "valid_to": "2024-05-01"},
            "valid_to",
        ),
        ({"code": "p", "name": "重复代码"}, None),
    ],
)
def test_bad_items_are_refused_and_nothing_is_saved(rf, code_admin_user, new_item, field):
    code_list = make_list()
    parent = make_item(code_list, "p", "上级")

    response = post_code_list(
        rf,
        code_admin_user,
        code_list,
        items=[(parent, {"name": "不应保存"})],
        new_items=[new_item],
    )

    assert response.status_code == 200  # the form is shown again with its errors
    formset = response.context_data["inline_admin_formsets"][1].formset
    assert not formset.is_valid()
    if field:
        assert formset.forms[0].errors[field]
    parent.refresh_from_db()
    assert parent.name == "上级"
    assert not CodeItem.objects.filter(code_list=code_list, code="x").exists()


def test_a_saved_item_s_code_cannot_be_changed(rf, code_admin_user):
    code_list = make_list()
    item = make_item(code_list, "a", "甲")
    response = post_code_list(
        rf, code_admin_user, code_list, items=[(item, {"code": "changed"})], new_items=[]
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.code == "a"


def test_the_holiday_table_lists_by_year(rf, code_admin_user):
    CalendarDay.objects.create(date=date(2099, 10, 1), kind=CalendarDay.Kind.HOLIDAY, name="国庆节")
    CalendarDay.objects.create(date=date(2098, 10, 1), kind=CalendarDay.Kind.HOLIDAY, name="旧年")
    request = admin_request(rf, code_admin_user, data={"year": "2099"})
    response = model_admin(CalendarDay).changelist_view(request)
    response.render()
    assert response.status_code == 200
    shown = list(response.context_data["cl"].result_list)
    assert [entry.date for entry in shown] == [date(2099, 10, 1)]
    assert "星期四" in response.content.decode()


def test_a_malformed_year_filter_is_not_a_server_error(rf, code_admin_user):
    CalendarDay.objects.create(date=date(2099, 10, 1), kind=CalendarDay.Kind.HOLIDAY)
    request = admin_request(rf, code_admin_user, data={"year": "20x9"})
    response = model_admin(CalendarDay).changelist_view(request)
    assert response.status_code == 302
    assert "e=1" in response["Location"]


def test_an_administrator_enters_next_year_s_notice(rf, code_admin_user):
    request = admin_request(
        rf,
        code_admin_user,
        "post",
        {"date": "2099-10-05", "kind": CalendarDay.Kind.HOLIDAY, "name": "国庆节"},
    )
    response = model_admin(CalendarDay).add_view(request)
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2099, 10, 5)).name == "国庆节"
