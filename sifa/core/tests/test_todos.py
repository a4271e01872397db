"""The to-do framework (待办): providers and the order of a user's list."""

from datetime import date

import pytest

from sifa.core import todos
from sifa.core.todos import Todo


@pytest.fixture(autouse=True)
def empty_provider_registry(monkeypatch):
    """Each test starts with no providers; the apps' real registry is restored afterwards."""
    monkeypatch.setattr(todos, "_providers", {})
    monkeypatch.setattr(todos, "_line_names", {})


def todo(title, due, *, overdue, line="人民调解"):
    return Todo(line=line, title=title, due=due, url=f"/{title}/", overdue=overdue)


class Someone:
    """Providers receive the user; these tests need nothing but identity."""


def test_no_providers_means_nothing_to_do():
    assert todos.for_user(Someone()) == []


def test_for_user_collects_every_provider_overdue_first_then_by_due_date():
    near_late = todo("近期-晚", date(2024, 10, 10), overdue=False)
    near_early = todo("近期-早", date(2024, 10, 8), overdue=False)
    overdue_recent = todo("逾期-近", date(2024, 10, 6), overdue=True, line="法律援助")
    overdue_oldest = todo("逾期-久", date(2024, 9, 1), overdue=True, line="法律援助")
    todos.register("mediation", lambda user: [near_late, overdue_recent])
    todos.register("legalaid", lambda user: iter([near_early, overdue_oldest]))

    assert todos.for_user(Someone()) == [overdue_oldest, overdue_recent, near_early, near_late]


def test_items_due_the_same_day_are_ordered_by_title():
    second = todo("乙", date(2024, 10, 8), overdue=False)
    first = todo("甲", date(2024, 10, 8), overdue=False)
    todos.register("a", lambda user: [second, first])
    assert todos.for_user(Someone()) == sorted([first, second], key=lambda t: t.title)


def test_each_provider_is_asked_about_the_given_user():
    asked = []

    def provider(user):
        asked.append(user)
        return [todo("事项", date(2024, 10, 8), overdue=False)] if user.name == "甲" else []

    todos.register("mine", provider)
    first, second = Someone(), Someone()
    first.name, second.name = "甲", "乙"

    assert [t.title for t in todos.for_user(first)] == ["事项"]
    assert todos.for_user(second) == []
    assert asked == [first, second]


def test_registering_a_key_again_replaces_its_provider():
    todos.register("line", lambda user: [todo("旧", date(2024, 10, 8), overdue=False)])
    todos.register("line", lambda user: [todo("新", date(2024, 10, 8), overdue=False)])
    assert [t.title for t in todos.for_user(Someone())] == ["新"]
    assert list(todos.providers()) == ["line"]


def test_providers_returns_a_copy_the_caller_cannot_corrupt():
    todos.register("line", lambda user: [])
    copy = todos.providers()
    copy.clear()
    assert list(todos.providers()) == ["line"]


def test_a_todo_is_immutable_and_names_its_office_when_given():
    item = Todo(
        line="社区矫正",
        title="报到期限将至",
        due=date(2024, 3, 11),
        url="/x/",
        overdue=False,
        office="甲一镇司法所",
    )
    assert item.office == "甲一镇司法所"
    assert todo("无机构", date(2024, 3, 11), overdue=False).office == ""
    with pytest.raises(AttributeError):
        item.title = "改"


def test_a_line_filter_asks_only_that_lines_providers():
    asked = []

    def provider(name, items):
        def provide(user):
            asked.append(name)
            return items

        return provide

    todos.register(
        "mediation", provider("mediation", [todo("调解", date(2024, 10, 8), overdue=True)])
    )
    todos.register(
        "corrections.medical", provider("medical", [todo("病检", date(2024, 10, 9), overdue=False)])
    )
    todos.register(
        "corrections", provider("corrections", [todo("报到", date(2024, 10, 7), overdue=False)])
    )

    found = todos.for_user(Someone(), line="corrections")

    assert [t.title for t in found] == ["报到", "病检"]
    assert asked == ["medical", "corrections"]


def test_an_office_filter_keeps_the_offices_subtree():
    def at(title, path):
        return Todo(
            line="人民调解",
            title=title,
            due=date(2024, 10, 8),
            url="/",
            overdue=False,
            office_path=path,
        )

    todos.register(
        "mediation",
        lambda user: [
            at("本所", "00010001"),
            at("下属调委会", "000100010003"),
            at("邻所", "00010002"),
        ],
    )

    assert [t.title for t in todos.for_user(Someone(), office_path="00010001")] == [
        "下属调委会",
        "本所",
    ]


def test_line_choices_name_each_line_once_in_registration_order():
    todos.register("mediation", lambda user: [], line_name="人民调解")
    todos.register("core.holiday_table", lambda user: [], line_name="系统管理")
    todos.register("mediation.subsidy", lambda user: [])

    assert todos.line_choices() == [("mediation", "人民调解"), ("core", "系统管理")]
