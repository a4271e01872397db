"""The pages: the section edits a scheme and runs it; the office sees its scores and objects;
a lost point links to the registry's drill-down of the records behind it."""

from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from sifa.assessment.actions import runs as actions
from sifa.assessment.models import Item, Objection, Run, Scheme, Score
from sifa.assessment.tests.helpers import PDF, released, small_scheme
from sifa.assessment.todos import assessment_todos

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(cast):
    section = cast.county_supervisor
    released(section, cast.township_a1, on=date(2026, 2, 1), connected=False)
    scheme, _items = small_scheme(section, cast.county_a)
    return actions.run_open(actor=section, scheme=scheme, period=scheme.periods.first())


def test_the_section_creates_a_scheme_and_adds_an_item_in_the_ui(cast, login):
    client = login(cast.county_supervisor)
    response = client.post(reverse("assessment:scheme_list"), {"year": 2027, "name": "年度考核"})
    scheme = Scheme.objects.get(year=2027)
    assert response.status_code == 302 and scheme.office == cast.county_a
    assert [p.weight for p in scheme.periods.all()] == [D(40), D(60)]
    url = reverse("assessment:category_edit", args=[scheme.pk])
    client.post(url, {"name": "人民调解", "max_points": "22", "order": "1"})
    category = scheme.categories.get()
    bad = client.post(
        reverse("assessment:item_edit", args=[scheme.pk]),
        {"nature": "scored", "category": category.pk, "code": "T1", "text": "调解成功率",
         "max_points": "10", "rule": "rate_threshold", "source": "mediation.cases_closed",
         "threshold": "98", "step": "1", "order": "1"},
    )  # fmt: skip
    assert "比率达标项目须选择一个比率" in bad.content.decode()
    client.post(
        reverse("assessment:item_edit", args=[scheme.pk]),
        {"nature": "scored", "category": category.pk, "code": "T1", "text": "调解成功率",
         "max_points": "10", "rule": "rate_threshold", "source": "mediation.success_rate",
         "threshold": "98", "step": "1", "order": "1"},
    )  # fmt: skip
    item = Item.objects.get(scheme=scheme, code="T1")
    assert item.source == "mediation.success_rate" and item.threshold == D(98)
    page = client.get(scheme.get_absolute_url()).content.decode()
    assert "调解成功率" in page and "比率达标" in page


def test_ranking_office_page_score_page_with_drill_down_and_export(cast, login, run):
    client = login(cast.county_supervisor)
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200 and "甲一镇司法所" in page.content.decode()
    export = client.get(run.get_absolute_url() + "?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    notice = client.get(run.get_absolute_url() + "?format=docx")
    text = "\n".join(p.text for p in Document(BytesIO(notice.content)).paragraphs)
    assert "司法所工作绩效考核结果的通报" in text and "甲一镇司法所" in text
    score = Score.objects.get(run=run, office=cast.township_a1, item__code="B2")
    assert score.points < score.item.max_points
    body = client.get(score.get_absolute_url()).content.decode()
    drill = reverse("stats:records", args=["resettlement.released"])
    assert drill in body and "失分背后的记录" in body
    follow = client.get(f"{drill}?office={cast.township_a1.pk}&from=2026-01-01&to=2026-06-30")
    assert follow.status_code == 200
    office_page = client.get(reverse("assessment:run_office", args=[run.pk, cast.township_a1.pk]))
    assert office_page.status_code == 200
    radar = office_page.context["radar"]
    assert [i["name"] for i in radar["indicators"]] == ["规范化建设", "安置帮教"]
    assert len(radar["office"]) == len(radar["average"]) == 2
    tried = client.get(reverse("assessment:what_if", args=[run.scheme_id, run.pk]))
    assert tried.status_code == 200 and "试算总分" in tried.content.decode()
    year = client.get(reverse("assessment:year", args=[run.scheme_id]))
    assert year.status_code == 200 and "年度得分" in year.content.decode()


def test_the_office_uploads_evidence_and_objects_on_the_score_page(cast, login, run):
    section = cast.county_supervisor
    manual = Score.objects.get(run=run, office=cast.township_a1, item__code="A1")
    clerk = login(cast.township_clerk)
    clerk.post(
        manual.get_absolute_url(),
        {"form": "evidence", "e-files": SimpleUploadedFile("台账.pdf", PDF), "e-note": "台账"},
    )
    assert manual.evidence.count() == 1
    for score in Score.objects.filter(run=run, item__source="").exclude(evidence__isnull=False):
        actions.evidence_upload(
            actor=section, score=score, files=[SimpleUploadedFile("a.pdf", PDF)]
        )
    for score in Score.objects.filter(run=run, item__source=""):
        actions.score_manual(actor=section, score=score, points=D(15), reason="台账不全")
    actions.run_publish(actor=section, run=run)
    clerk.post(manual.get_absolute_url(), {"form": "objection", "o-text": "台账已补齐"})
    objection = Objection.objects.get(score=manual)
    # The office sees the run it is scored in (its own row only) though not the bureau.
    own = clerk.get(run.get_absolute_url())
    assert own.status_code == 200
    assert [r.office for r in own.context["rows"]] == [cast.township_a1]
    assert clerk.get(reverse("assessment:run_list")).context["runs"].get() == run
    # The sibling office does not see 甲一镇's score.
    sibling = login(cast.sibling_clerk)
    assert sibling.get(manual.get_absolute_url()).status_code == 404
    section_client = login(section)
    body = section_client.get(run.get_absolute_url()).content.decode()
    assert "待答复的异议" in body
    todos = assessment_todos(section)
    assert [t.url for t in todos] == [manual.get_absolute_url()]
    assert todos[0].due == Run.objects.get(pk=run.pk).objection_deadline
    assert assessment_todos(cast.township_clerk) == []  # the office objects, it does not answer
    section_client.post(
        manual.get_absolute_url(),
        {"form": "answer", "a-upheld": "1", "a-points": "19", "a-answer": "经核实已补齐"},
    )
    objection.refresh_from_db()
    manual.refresh_from_db()
    assert objection.outcome == "upheld" and manual.points == D(19)
