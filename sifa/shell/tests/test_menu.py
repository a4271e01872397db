"""The left-hand navigation: items by capability, skipped when unroutable, the active item."""

import copy

import pytest
from django.urls import reverse

from sifa.core import navigation
from sifa.core.navigation import NavItem
from sifa.orgs.access import Cap
from sifa.shell import menu

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A copy of the real registry for the test; the real one is untouched afterwards."""
    monkeypatch.setattr(navigation, "_sections", copy.deepcopy(navigation._sections))
    return navigation


@pytest.fixture
def test_section(registry):
    registry.register(
        "zz_test",
        "测试业务",
        999,
        NavItem("统计指标", "shell:search", Cap.STATS),
        NavItem("审计日志", "shell:home", Cap.AUDIT_READ),
        NavItem("尚未建成的页面", "nosuchapp:nosuchpage"),
        icon="flask",
    )
    return registry


def labels_for(request):
    return {
        section["key"]: [item["label"] for item in section["items"]]
        for section in menu.navigation_for(request)
    }


def request_for(rf, user, path="/"):
    request = rf.get(path)
    request.user = user
    return request


def test_core_registers_the_workbench(cast, rf):
    sections = labels_for(request_for(rf, cast.township_clerk))

    assert {"待办事项", "全局搜索"} <= set(sections["home"])


def test_items_follow_the_users_capabilities(cast, rf, test_section):
    clerk = labels_for(request_for(rf, cast.township_clerk))["zz_test"]
    auditor = labels_for(request_for(rf, cast.auditor))["zz_test"]

    assert clerk == ["统计指标"]  # jo_staff holds stats.view, not audit.read
    assert auditor == ["审计日志"]  # the auditor reads audit logs and sees no statistics


def test_section_without_visible_items_is_left_out(cast, rf, test_section):
    test_section.register(
        "zz_audit_only", "审计", 998, NavItem("日志", "shell:home", Cap.AUDIT_READ)
    )

    assert "zz_audit_only" not in labels_for(request_for(rf, cast.township_clerk))
    assert "zz_audit_only" in labels_for(request_for(rf, cast.auditor))


def test_unroutable_item_is_skipped(cast, rf, test_section):
    sections = labels_for(request_for(rf, cast.township_clerk))

    assert "尚未建成的页面" not in sections["zz_test"]


def test_registering_twice_adds_an_item_once(registry):
    item = NavItem("待办事项", "shell:home")
    registry.register("home", "工作台", 0, item)
    registry.register("home", "工作台", 0, item)

    urls = [i.url_name for i in registry._sections["home"].items]
    assert urls.count("shell:home") == 1


def test_active_item_is_the_deepest_prefix(cast, rf):
    search_url = reverse("shell:search")
    request = request_for(rf, cast.township_clerk, search_url + "?q=x")

    home = next(s for s in menu.navigation_for(request) if s["key"] == "home")

    active = [item["label"] for item in home["items"] if item["active"]]
    assert active == ["全局搜索"]
    assert home["active"] is True


@pytest.mark.parametrize(
    ("path", "url", "expected"),
    [
        ("/", "/", True),
        ("/people/", "/", False),  # the root matches only itself
        ("/people/", "/people/", True),
        ("/people/12/", "/people/", True),
        ("/peoples/", "/people", False),  # a prefix must end at a path segment
        ("/people/12/", "/people", True),
        ("/orgs/", "/people/", False),
    ],
)
def test_matches(path, url, expected):
    assert navigation.matches(path, url) is expected


def test_sidebar_renders_only_permitted_items(cast, login, test_section):
    page = login(cast.township_clerk).get(reverse("shell:home")).content.decode()

    assert "测试业务" in page
    assert "统计指标" in page
    assert "审计日志" not in page
    assert 'aria-current="page"' in page


def test_public_user_sees_only_items_without_capability(cast, rf, test_section):
    sections = labels_for(request_for(rf, cast.public_user))

    assert "zz_test" not in sections
    assert {"待办事项", "全局搜索"} <= set(sections["home"])
