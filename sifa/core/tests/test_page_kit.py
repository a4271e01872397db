"""The page kit's template tags and the record-page helpers of core/views.py."""

from types import SimpleNamespace

from django.db import models
from django.template import Context, Template
from django.urls import reverse

from sifa.core.views import action_buttons, moves_to, status_event_rows, status_in


def render(source: str, **context) -> str:
    return Template("{% load page_kit %}" + source).render(Context(context))


def test_add_button_links_to_the_reversed_url_with_its_label():
    html = render('{% add_button "orgs:office_create" "新增下级机构" 7 %}')
    assert f'href="{reverse("orgs:office_create", args=[7])}"' in html
    assert "bi-plus-lg" in html and "新增下级机构" in html


def test_add_button_is_nothing_when_not_shown():
    assert render('{% add_button "orgs:office_create" "新增" 7 shown=False %}') == ""


def test_state_predicates_ignore_extra_context():
    record = SimpleNamespace(status="a")
    assert moves_to({"a": {"b"}}, "b")(record, "agreement")
    assert not moves_to({"a": {"b"}}, "c")(record)
    assert status_in("a", "z")(record) and not status_in("z")(record)


def test_action_buttons_only_for_an_editor():
    shown = SimpleNamespace(available=lambda record: True)
    hidden = SimpleNamespace(available=lambda record: False)
    assert action_buttons([shown, hidden], object(), can_edit=True) == [shown]
    assert action_buttons([shown, hidden], object(), can_edit=False) == []


class Stage(models.TextChoices):
    OPEN = "open", "办理中"


def test_status_event_rows_label_known_states_and_keep_unknown_codes():
    event = SimpleNamespace(from_status="", to_status="open")
    legacy = SimpleNamespace(from_status="open", to_status="gone")
    rows = status_event_rows([event, legacy], Stage)
    assert rows[0] == {"event": event, "from_label": "", "to_label": "办理中"}
    assert rows[1]["from_label"] == "办理中" and rows[1]["to_label"] == "gone"


def test_link_button_is_a_small_secondary_link():
    url = reverse("orgs:office_create", args=[7])
    html = render('{% link_button "orgs:office_create" "新增" 7 %}')
    assert html == f'<a class="btn btn-outline-secondary btn-sm" href="{url}">新增</a>'


def test_link_button_takes_a_look_and_keeps_a_url_or_a_query():
    html = render('{% link_button "?format=xlsx" "导出" look="outline-success" %}')
    assert html == '<a class="btn btn-outline-success btn-sm" href="?format=xlsx">导出</a>'
    assert 'href="/x/"' in render('{% link_button "/x/" "返回" %}')


def test_icon_button_reverses_a_url_name_or_keeps_a_url():
    url = reverse("orgs:office_edit", args=[7])
    html = render('{% icon_button "orgs:office_edit" "pencil" "编辑" 7 %}')
    assert html == (
        f'<a class="btn btn-outline-secondary btn-sm" href="{url}">'
        '<i class="bi bi-pencil" aria-hidden="true"></i> 编辑</a>'
    )
    html = render(
        '{% icon_button target "briefcase" "申请" look="primary" %}', target="/x/?a=1&b=2"
    )
    assert html.startswith('<a class="btn btn-primary btn-sm" href="/x/?a=1&amp;b=2">')


def test_details_card_without_a_title_has_no_header():
    html = render('{% details_card card_class="mb-3" %}<dt>a</dt>{% enddetails_card %}')
    assert html.startswith('<div class="card mb-3">\n  <div class="card-body">')
    assert "card-header" not in html and '<dl class="row mb-0"><dt>a</dt></dl>' in html
    titled = render('{% details_card "委托情况" %}<dt>a</dt>{% enddetails_card %}')
    assert '<div class="card-header">委托情况</div>' in titled


def test_responsive_table_wraps_the_block_in_a_scrolling_table():
    html = render(
        '{% responsive_table "table-sm mb-0" testid="rows" %}<tbody><tr><td>{{ cell }}</td></tr>'
        "</tbody>{% endresponsive_table %}",
        cell="<b>",
    )
    assert html.startswith('<div class="table-responsive">')
    assert '<table class="table table-sm mb-0" data-testid="rows">' in html
    assert "<td>&lt;b&gt;</td>" in html and html.endswith("</table>\n</div>")


def test_responsive_table_without_a_testid_has_no_empty_attribute():
    html = render('{% responsive_table "table-sm" %}{% endresponsive_table %}')
    assert "data-testid" not in html
