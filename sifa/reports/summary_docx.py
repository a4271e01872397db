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
font of Chinese characters from `w:eastAsia` (see sifa/core/docx.py, the shared 公文 layout
helpers). Where a named face is missing the office suite substitutes:

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

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from sifa.core import docx as layout
from sifa.core.docx import chinese_date
from sifa.reports.summary import BODY, HEADING_1, HEADING_2, HEADING_3, TITLE, Rendered

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"

TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
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
    layout.page_numbers(document)
    return layout.to_bytes(document)


def summary_filename(rendered: Rendered) -> str:
    return f"{rendered.title or '工作总结'}.docx"


# --- building blocks ----------------------------------------------------------------------------


def _new_document():
    document = layout.new_document(body_font=BODY_FONT, body_size=BODY_SIZE)
    section = document.sections[0]
    section.footer_distance = Mm(28) - Mm(7)  # the page number 7 mm below the type area
    return document


def _fixed_spacing(paragraph, spacing=LINE_SPACING) -> None:
    layout.fixed_spacing(paragraph, spacing)


def _title(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fixed_spacing(paragraph, TITLE_LINE_SPACING)
    paragraph.paragraph_format.space_after = LINE_SPACING  # one blank line under the title
    layout.add_run(paragraph, text, TITLE_FONT, TITLE_SIZE)


def _body(document, text: str) -> None:
    paragraph = document.add_paragraph()
    _fixed_spacing(paragraph)
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2  # 首行缩进两字
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    layout.add_run(paragraph, text, BODY_FONT, BODY_SIZE)


def _heading(document, kind: str, text: str) -> None:
    """A heading line; its prose after the first 。 (if any) in the body font."""
    font, bold = HEADING_FONTS[kind]
    paragraph = document.add_paragraph()
    _fixed_spacing(paragraph)
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    head, stop, rest = text.partition("。")
    layout.add_run(paragraph, head + stop, font, BODY_SIZE, bold=bold)
    if rest:
        layout.add_run(paragraph, rest, BODY_FONT, BODY_SIZE)


def _signature(document, office_name: str, day: date) -> None:
    """落款: a blank line, then the office and the date, right-aligned (4 characters in)."""
    document.add_paragraph()
    for text in (office_name, chinese_date(day)):
        paragraph = document.add_paragraph()
        _fixed_spacing(paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = BODY_SIZE * 4
        layout.add_run(paragraph, text, BODY_FONT, BODY_SIZE)
