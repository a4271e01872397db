"""A drafted work summary as a .docx laid out as a Chinese official document (GB/T 9704—2012).

Layout: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 方正小标宋简体
二号 (22 pt), centred; body in 仿宋_GB2312 三号 (16 pt), fixed line spacing 28.9 pt (22 lines to
a page), first line indented by two characters; level-1 headings (一、) in 黑体 三号, level-2
(（一）) in 楷体_GB2312 三号, level-3 (1.) in 仿宋_GB2312 三号 bold. A heading line that goes on
into prose (一、……。正文……) keeps the heading font up to its first 。 and the body font after.
The 落款 (the office's name and the date) closes the document, right-aligned; page numbers sit in
the footer as "— N —" (a PAGE field) in 宋体 四号 (14 pt), centred.

Fonts are named, not embedded (embedding the licensed 方正 faces is not allowed, and python-docx
cannot embed fonts). Every run sets both the Latin font and `w:eastAsia`, because Word picks the
font of Chinese characters from `w:eastAsia` (see sifa/mediation/documents.py). Where a named
face is missing the office suite substitutes:

* 方正小标宋简体 — WPS Office ships it; Word without it falls back to the document's default
  East Asian font (宋体 / SimSun); LibreOffice asks fontconfig, which maps it to a serif CJK
  face (Noto Serif CJK SC / Source Han Serif, else AR PL UMing). Install 方正小标宋简体 for
  print-ready output.
* 仿宋_GB2312 / 楷体_GB2312 — the GB2312 faces of older Windows; Windows 7+ installs 仿宋
  (FangSong) and 楷体 (KaiTi) instead. Word substitutes those (same panose family) or 宋体;
  LibreOffice maps them to 仿宋 / 楷体 when installed, otherwise to Noto Serif CJK SC.
* 黑体 (SimHei) and 宋体 (SimSun) are on every Chinese Windows and WPS; LibreOffice maps them to
  Noto Sans CJK SC / WenQuanYi and Noto Serif CJK SC.

Latin letters and Arabic digits use Times New Roman, as official documents do.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sifa.reports.summary import BODY, HEADING_1, HEADING_2, HEADING_3, TITLE, Rendered

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN = "Times New Roman"

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
LINE_SPACING = Pt(28.9)  # 22 lines in the 225 mm type area
TITLE_LINE_SPACING = Pt(36)

HEADING_FONTS = {
    HEADING_1: (HEADING_1_FONT, False),
    HEADING_2: (HEADING_2_FONT, False),
    HEADING_3: (BODY_FONT, True),
}


def summary_docx(rendered: Rendered, *, signed_on: date | None = None) -> bytes:
    """The document as .docx bytes; `signed_on` is the 落款 date (default: today)."""
    document = _new_document()
    for paragraph in rendered.paragraphs:
        if paragraph.kind == TITLE:
            _title(document, paragraph.text)
        elif paragraph.kind == BODY:
            _body(document, paragraph.text)
        else:
            _heading(document, paragraph.kind, paragraph.text)
    _signature(document, rendered.office.name, signed_on or timezone.localdate())
    _page_numbers(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_filename(rendered: Rendered) -> str:
    return f"{rendered.title or '工作总结'}.docx"


def chinese_date(day: date) -> str:
    """2026年7月5日: GB/T 9704—2012 writes the 成文日期 in Arabic numerals, without zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- building blocks ----------------------------------------------------------------------------


def _new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)  # the page number 7 mm below the type area
    normal = document.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = BODY_SIZE
    _east_asian(normal.element.get_or_add_rPr(), BODY_FONT)
    return document


def _east_asian(rpr, font_name: str) -> None:
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), font_name)
    rfonts.set(qn("w:hint"), "eastAsia")


def _run(paragraph, text: str, font: str, size, *, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name = LATIN
    run.font.size = size
    run.font.bold = bold
    _east_asian(run._element.get_or_add_rPr(), font)
    return run


def _fixed_spacing(paragraph, spacing=LINE_SPACING) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = spacing
    fmt.space_before = fmt.space_after = Pt(0)


def _title(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fixed_spacing(paragraph, TITLE_LINE_SPACING)
    paragraph.paragraph_format.space_after = LINE_SPACING  # one blank line under the title
    _run(paragraph, text, TITLE_FONT, TITLE_SIZE)


def _body(document, text: str) -> None:
    paragraph = document.add_paragraph()
    _fixed_spacing(paragraph)
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2  # 首行缩进两字
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run(paragraph, text, BODY_FONT, BODY_SIZE)


def _heading(document, kind: str, text: str) -> None:
    """A heading line; its prose after the first 。 (if any) in the body font."""
    font, bold = HEADING_FONTS[kind]
    paragraph = document.add_paragraph()
    _fixed_spacing(paragraph)
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    head, stop, rest = text.partition("。")
    _run(paragraph, head + stop, font, BODY_SIZE, bold=bold)
    if rest:
        _run(paragraph, rest, BODY_FONT, BODY_SIZE)


def _signature(document, office_name: str, day: date) -> None:
    """落款: a blank line, then the office and the date, right-aligned (4 characters in)."""
    document.add_paragraph()
    for text in (office_name, chinese_date(day)):
        paragraph = document.add_paragraph()
        _fixed_spacing(paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = BODY_SIZE * 4
        _run(paragraph, text, BODY_FONT, BODY_SIZE)


def _page_numbers(document) -> None:
    """ "— N —" in the footer: N is a PAGE field, so every page shows its own number."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)._element.append(instruction)
    _field_char(paragraph, "separate")
    _run(paragraph, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)  # shown until the field updates
    _field_char(paragraph, "end")
    _run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)._element.append(element)
