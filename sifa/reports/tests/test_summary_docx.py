"""The drafted summary as .docx, parsed back with python-docx: GB/T 9704 layout and the numbers."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from sifa.reports import summary
from sifa.reports.summary_docx import summary_docx
from sifa.stats.tests.helpers import END, START

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_indicators", "roster")]

BODY = (
    "{{ year }}年{{ period }}，{{ area }}各项工作有序推进。\n"
    "一、队伍建设\n"
    "（一）人员情况\n"
    "1.新任人员\n"
    "{{ period }}新任工作人员{{ test.staff_appointed }}人，其中调解员"
    "{{ test.staff_appointed[post=mediator] }}人；目前在岗{{ test.staff_serving }}人。\n"
    "二、下一步打算。继续加强队伍建设。\n"
)


@pytest.fixture
def document(cast):
    rendered = summary.render(
        "{{ office }}{{ year }}年{{ period }}工作总结", BODY, cast.city, START, END
    )
    return Document(BytesIO(summary_docx(rendered, signed_on=date(2026, 7, 5))))


def east_asian(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def ascii_font(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:ascii"))


def paragraph_with(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def test_a4_and_the_official_margins(document):
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37
    assert round(section.bottom_margin.mm) == 35
    assert round(section.left_margin.mm) == 28
    assert round(section.right_margin.mm) == 26


def test_the_title(document):
    title = document.paragraphs[0]
    assert title.text == "测试市司法局2026年上半年工作总结"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.font.size.pt == 22
    assert east_asian(run) == "方正小标宋简体"
    assert ascii_font(run) == "Times New Roman"


def test_the_body_text(document):
    paragraph = paragraph_with(document, "上半年新任工作人员")
    assert paragraph.text == "上半年新任工作人员6人，其中调解员4人；目前在岗6人。"
    fmt = paragraph.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing.pt == pytest.approx(28.9, abs=0.05)
    assert fmt.first_line_indent.pt == 32  # two characters of 16 pt
    for run in paragraph.runs:
        assert run.font.size.pt == 16
        assert east_asian(run) == "仿宋_GB2312"
        assert ascii_font(run) == "Times New Roman"
    opening = document.paragraphs[1]
    assert opening.text == "2026年上半年，全市各项工作有序推进。"


def test_heading_fonts(document):
    level_1 = paragraph_with(document, "一、队伍建设").runs[0]
    assert (east_asian(level_1), level_1.font.size.pt, level_1.font.bold) == ("黑体", 16, False)
    level_2 = paragraph_with(document, "（一）人员情况").runs[0]
    assert (east_asian(level_2), level_2.font.size.pt) == ("楷体_GB2312", 16)
    level_3 = paragraph_with(document, "1.新任人员").runs[0]
    assert (east_asian(level_3), level_3.font.bold) == ("仿宋_GB2312", True)


def test_a_heading_going_on_into_prose_switches_to_the_body_font(document):
    runs = paragraph_with(document, "二、下一步打算").runs
    assert [(r.text, east_asian(r)) for r in runs] == [
        ("二、下一步打算。", "黑体"),
        ("继续加强队伍建设。", "仿宋_GB2312"),
    ]


def test_the_signature_at_the_end_right_aligned(document):
    office, day = document.paragraphs[-2], document.paragraphs[-1]
    assert (office.text, day.text) == ("测试市司法局", "2026年7月5日")
    assert office.alignment == day.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_a_page_field_in_the_footer(document):
    footer = document.sections[0].footer.paragraphs[0]
    xml = footer._element.xml
    assert "<w:instrText" in xml and " PAGE " in xml
    assert [f.get(qn("w:fldCharType")) for f in footer._element.iter(qn("w:fldChar"))] == [
        "begin",
        "separate",
        "end",
    ]
    assert footer.text == "— 1 —"  # "1" is the field's cached result
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for run in footer.runs:
        assert run.font.size.pt == 14
        assert east_asian(run) == "宋体"


def test_every_run_names_both_fonts(document):
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for p in document.sections[0].footer.paragraphs for r in p.runs]
    assert runs
    for run in runs:
        assert east_asian(run) and ascii_font(run) == "Times New Roman"
