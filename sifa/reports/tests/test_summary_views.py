"""Work-summary pages: index, templates, drafts, links to records, export with its re-check.

The 甲一镇 clerk (view/edit/stats at 甲一镇) drafts for 甲一镇; the 甲县 supervisor is its parent,
the 甲二镇 clerk its sibling, the city leader reads everything but edits nothing.
Roster (sifa/stats/tests/conftest.py): 甲一镇's subtree appoints 3 staff in the half-year.
"""

import re
from datetime import date
from html import unescape
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from docx import Document

from sifa.reports import actions_summary
from sifa.reports.models import SummaryDraft, SummaryTemplate
from sifa.reports.summary_defaults import default_template
from sifa.stats.tests.helpers import END, START, add_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_indicators", "roster")]

BODY = (
    "一、队伍建设\n"
    "{{ area }}新任工作人员{{ test.staff_appointed }}人，其中调解员"
    "{{ test.staff_appointed[post=mediator] }}人，目前在岗{{ test.staff_serving }}人。\n"
)


@pytest.fixture
def template(cast):
    return SummaryTemplate.objects.create(
        office=cast.township_a1,
        name="半年总结",
        kind="half_year",
        title="{{ office }}总结",
        body=BODY,
    )


@pytest.fixture
def draft(cast, template):
    return actions_summary.create_draft(cast.township_clerk, cast.township_a1, template, START, END)


def index_url(office):
    return f"{reverse('reports:summary_index')}?office={office.pk}"


def draft_url(draft):
    return reverse("reports:summary_draft", args=[draft.pk])


def export_url(draft, fmt="docx"):
    return f"{reverse('reports:summary_export', args=[draft.pk])}?format={fmt}"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- index ---------------------------------------------------------------------------------------


def test_the_index_lists_templates_defaults_and_drafts(login, cast, draft):
    response = login(cast.township_clerk).get(index_url(cast.township_a1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "半年总结" in page and "甲一镇司法所总结" in page  # the title's words filled in
    assert "内置：半年工作总结" in page and "复制为本局模板" in page


@pytest.mark.parametrize(
    ("user", "office", "status"),
    [
        ("township_clerk", "township_a1", 200),  # own
        ("county_supervisor", "township_a1", 200),  # parent
        ("city_leader", "township_a1", 200),
        ("sibling_clerk", "township_a1", 404),  # sibling
        ("township_clerk", "city", 404),  # above the clerk
    ],
)
def test_index_access(login, cast, user, office, status):
    response = login(getattr(cast, user)).get(index_url(getattr(cast, office)))
    assert response.status_code == status


def test_the_index_needs_statistics_rights(login, cast):
    assert login(cast.public_user).get(reverse("reports:summary_index")).status_code == 403


# --- templates -----------------------------------------------------------------------------------


def test_a_template_is_created_validated_and_kept(login, cast):
    client = login(cast.county_supervisor)
    url = f"{reverse('reports:summary_template_edit')}?office={cast.county_a.pk}"
    bad_body = "第一行\n{{ test.nothing }}\n{% if test.staff_appointed > 0 %}有"
    data = {"name": "县模板", "kind": "half_year", "title": "{{ office }}总结", "body": bad_body}
    response = client.post(url, data)
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "第2行：未知的指标或比率“test.nothing”。" in page
    assert "第3行：{% if %} 缺少对应的 {% endif %}。" in page
    assert bad_body in page  # nothing lost
    assert not SummaryTemplate.objects.exists()
    data["body"] = BODY
    response = client.post(url, data)
    template = SummaryTemplate.objects.get()
    assert response.status_code == 302
    assert (template.office, template.body) == (cast.county_a, BODY.rstrip("\n"))


def test_editing_a_template_needs_edit_rights(login, cast, template):
    url = reverse("reports:summary_template_edit", args=[template.pk])
    assert login(cast.city_leader).get(url).status_code == 200  # may read
    data = {"name": "改", "kind": "half_year", "title": "t", "body": "b"}
    assert login(cast.city_leader).post(url, data).status_code == 403
    assert login(cast.sibling_clerk).get(url).status_code == 404
    response = login(cast.county_supervisor).post(url, data)  # parent may edit
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "改"


def test_a_default_template_is_copied_for_the_bureau(login, cast):
    client = login(cast.county_supervisor)
    url = (
        f"{reverse('reports:summary_template_copy', args=['half_year'])}?office={cast.county_a.pk}"
    )
    response = client.post(url)
    template = SummaryTemplate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:summary_template_edit", args=[template.pk])
    default = default_template("half_year")
    assert (template.office, template.kind) == (cast.county_a, "half_year")
    assert (template.title, template.body) == (default.title, default.body)
    assert login(cast.city_leader).post(url).status_code == 403


def test_the_bureau_template_is_used_before_the_default(cast, template):
    assert actions_summary.template_to_use(cast.township_a1, "half_year") == template
    template.active = False
    template.save()
    assert actions_summary.template_to_use(cast.township_a1, "half_year").is_default


# --- drafts --------------------------------------------------------------------------------------


def test_a_draft_is_created_from_a_default_template(login, cast):
    client = login(cast.township_clerk)
    url = f"{reverse('reports:summary_draft_create')}?office={cast.township_a1.pk}"
    response = client.post(
        url, {"template": "default:half_year", "start": "2026-01-01", "end": "2026-06-30"}
    )
    draft = SummaryDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == draft_url(draft)
    assert (draft.office, draft.template, draft.period_end) == (cast.township_a1, None, END)
    assert draft.body == default_template("half_year").body
    page = client.get(draft_url(draft))
    assert page.status_code == 200
    assert "甲一镇司法所2026年上半年工作总结" in page.content.decode()


def test_the_draft_page_links_every_number_and_saves_what_it_showed(login, cast, draft):
    client = login(cast.township_clerk)
    response = client.get(draft_url(draft))
    assert response.status_code == 200
    html = response.context["rendered_html"]
    assert "全镇新任工作人员" in html
    links = re.findall(
        r'<a class="summary-number" href="([^"]+)" title="([^"]+)">([^<]+)</a>', html
    )
    assert [(title, text) for _href, title, text in links] == [
        ("新任工作人员数", "3"),
        ("新任工作人员数（调解员）", "2"),
        ("在岗工作人员数", "4"),
    ]
    for href, _title, _text in links:
        assert client.get(unescape(href)).status_code == 200
    draft.refresh_from_db()
    assert draft.values == {
        "test.staff_appointed": "3",
        "test.staff_appointed[post=mediator]": "2",
        "test.staff_serving": "4",
    }
    assert draft.checked_at is not None


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("township_clerk", 200),
        ("county_supervisor", 200),
        ("city_leader", 200),
        ("sibling_clerk", 404),
    ],
)
def test_draft_access(login, cast, draft, user, status):
    assert login(getattr(cast, user)).get(draft_url(draft)).status_code == status


def test_figures_are_counted_in_the_readers_scope(login, cast, template):
    city_draft = actions_summary.create_draft(cast.city_leader, cast.city, template, START, END)
    client = login(cast.city_leader)
    assert client.get(draft_url(city_draft)).status_code == 200
    city_draft.refresh_from_db()
    assert city_draft.values["test.staff_appointed"] == "6"  # the whole city


def test_the_prose_is_edited_and_validated(login, cast, draft):
    client = login(cast.township_clerk)
    response = client.post(draft_url(draft), {"title": "总结", "body": "甲\n{{ test.none }}"})
    assert response.status_code == 200
    assert "第2行：未知的指标或比率“test.none”。" in unescape(response.content.decode())
    draft.refresh_from_db()
    assert draft.body == BODY
    response = client.post(
        draft_url(draft), {"title": "总结", "body": "共{{ test.staff_serving }}人。"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.body) == ("总结", "共{{ test.staff_serving }}人。")


def test_editing_the_prose_needs_edit_rights(login, cast, draft):
    response = login(cast.city_leader).post(draft_url(draft), {"title": "x", "body": "y"})
    assert response.status_code == 403
    assert (
        login(cast.sibling_clerk).post(draft_url(draft), {"title": "x", "body": "y"}).status_code
        == 404
    )


def test_hand_typed_numbers_are_shown_as_warnings(login, cast, draft):
    client = login(cast.township_clerk)
    client.post(draft_url(draft), {"title": "总结", "body": "2026年6月共35人。"})
    response = client.get(draft_url(draft))
    assert "第1行：“35”：正文中的数字不是由数据生成的。" in unescape(response.content.decode())


# --- export --------------------------------------------------------------------------------------


def test_export_rechecks_every_number(login, cast, draft):
    client = login(cast.township_clerk)
    client.get(draft_url(draft))  # shows 3 / 2 / 4
    add_staff(cast.township_a1, start=date(2026, 5, 1), post="mediator", name="新来的")
    response = client.get(export_url(draft))
    assert response.status_code == 302
    assert response["Location"] == draft_url(draft)
    [message] = messages_of(response)
    assert "新任工作人员数（test.staff_appointed）：3 → 4" in message
    assert "新任工作人员数（调解员）（test.staff_appointed[post=mediator]）：2 → 3" in message
    assert "在岗工作人员数（test.staff_serving）：4 → 5" in message
    draft.refresh_from_db()
    assert draft.values["test.staff_appointed"] == "4"
    response = client.get(export_url(draft))  # the new numbers were shown: it goes through
    assert response.status_code == 200
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "全镇新任工作人员4人，其中调解员3人，目前在岗5人。" in text


def test_export_formats(login, cast, draft):
    client = login(cast.city_leader)  # reads, may export
    client.get(draft_url(draft))
    txt = client.get(export_url(draft, "txt"))
    assert txt.status_code == 200
    assert txt.content.decode().splitlines() == [
        "甲一镇司法所总结",
        "一、队伍建设",
        "全镇新任工作人员3人，其中调解员2人，目前在岗4人。",
    ]
    html = client.get(export_url(draft, "html"))
    assert html.status_code == 200 and 'class="summary-number"' in html.content.decode()
    assert "attachment" in html["Content-Disposition"]
    bad = client.get(export_url(draft, "pdf"))
    assert bad.status_code == 302
    assert messages_of(bad) == ["不支持的导出格式：pdf。"]


def test_export_without_a_shown_number_first_shows_it(login, cast, draft):
    client = login(cast.township_clerk)
    response = client.get(export_url(draft))  # the page was never shown
    assert response.status_code == 302
    assert "（未显示） → 3" in messages_of(response)[0]
    assert client.get(export_url(draft)).status_code == 200


def test_export_access(login, cast, draft):
    assert login(cast.sibling_clerk).get(export_url(draft)).status_code == 404


@pytest.mark.parametrize(
    ("user", "office", "status"),
    [
        ("city_leader", "township_a1", 302),  # reads the figures: may draft (no edit needed)
        ("county_supervisor", "township_a1", 302),  # parent
        ("sibling_clerk", "township_a1", 404),  # sibling
    ],
)
def test_who_may_create_a_draft(login, cast, user, office, status):
    url = f"{reverse('reports:summary_draft_create')}?office={getattr(cast, office).pk}"
    data = {"template": "default:monthly", "start": "2026-03-01", "end": "2026-03-31"}
    response = login(getattr(cast, user)).post(url, data)
    assert response.status_code == status
    assert SummaryDraft.objects.count() == (1 if status == 302 else 0)


def test_a_new_template_needs_edit_rights(login, cast):
    url = f"{reverse('reports:summary_template_edit')}?office={cast.city.pk}"
    assert login(cast.city_leader).get(url).status_code == 403
    response = login(cast.county_supervisor).get(
        f"{reverse('reports:summary_template_edit')}?office={cast.county_a.pk}&kind=annual"
    )
    assert response.status_code == 200
    assert response.context["form"].initial["body"] == default_template("annual").body


def test_a_bad_period_is_refused_in_chinese(login, cast):
    url = f"{reverse('reports:summary_draft_create')}?office={cast.township_a1.pk}"
    data = {"template": "default:half_year", "start": "2026-06-30", "end": "2026-01-01"}
    response = login(cast.township_clerk).post(url, data)
    assert response.status_code == 302
    assert messages_of(response) == ["截止日期不能早于开始日期。"]
    assert not SummaryDraft.objects.exists()


def test_docx_of_an_office_with_many_offices_is_a_background_job(login, cast, draft, settings):
    from sifa.core.models import Job

    settings.SIFA_REPORT_BACKGROUND_OFFICES = 0
    client = login(cast.township_clerk)
    client.get(draft_url(draft))  # shows the numbers the export re-checks
    response = client.get(export_url(draft))
    job = Job.objects.get(user=cast.township_clerk)
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.result_name == "甲一镇司法所总结.docx"
    content = client.get(reverse("jobs:download", args=[job.pk])).content
    assert "新任工作人员3人" in "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)
    assert client.get(export_url(draft, "txt"))["Content-Disposition"].startswith("attachment")
