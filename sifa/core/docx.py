"""公文 layout helpers (GB/T 9704—2012) for every line's documents (文书) and the work summary.

A4 with 公文 margins (天头 37 mm, 订口 28 mm), Latin text in Times New Roman.

Fonts. Word picks the font for Chinese characters from `w:eastAsia` of `w:rFonts`, not from the
Latin font name, so every run sets both (`add_run`). The names are the ones installed with
Chinese Windows and WPS (宋体 SimSun, 仿宋 FangSong, 黑体 SimHei). Where one is missing the office
suite substitutes: Word falls back to the document's default East Asian font (宋体), LibreOffice
asks fontconfig, which maps 宋体/仿宋 to a serif CJK font (Noto Serif CJK SC, AR PL UMing) and
黑体 to a sans one (Noto Sans CJK SC, WenQuanYi) — the text stays readable either way. 方正小标宋
is the official title face but is rarely installed, so the 文书 titles use bold 宋体.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from io import BytesIO

from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from config.sifa_settings import sifa_setting
from sifa.core.clock import local_day
from sifa.core.masking import mask_id_number, mask_phone

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

SONG = "宋体"  # titles (bold)
FANGSONG = "仿宋"  # body text
HEI = "黑体"  # headings and table labels
LATIN = "Times New Roman"

TITLE_SIZE = Pt(22)  # 二号
HEADING_SIZE = Pt(15)  # 小三
BODY_SIZE = Pt(14)  # 四号
TABLE_SIZE = Pt(12)  # 小四
PAGE_NUMBER_FONT = SONG
PAGE_NUMBER_SIZE = Pt(14)  # 四号

BLANK_DATE = "　　　　年　　月　　日"


class NotApplicable(Exception):
    """A 文书 does not apply to the record in its present state (the message, in Chinese, says
    why): a line's `build` raises it and its page answers 404 with the message."""


def prints_full_numbers(template: str) -> bool:
    """Does the document template `template` (e.g. "mediation.agreement") carry ID and phone
    numbers in full? Set per template by SIFA_DOCUMENTS_FULL_ID_NUMBERS: a document going to
    court needs them (人民调解法 第29条; 司法确认 申请材料), an internal form does not
    (个人信息保护法 第6条). The line decides who may get them and logs each reveal."""
    return template in tuple(sifa_setting("SIFA_DOCUMENTS_FULL_ID_NUMBERS"))


class PrintedNumbers:
    """How one document prints ID and phone numbers: in full (`full`) or masked
    (110105********002X). It remembers whose numbers it printed in full, so the caller logs
    each of them as a reveal (`sifa.people.documents.log_document_reveals`) — the decision and
    the log live there, because core sits below access and audit."""

    def __init__(self, *, full: bool):
        self.full = full
        self.printed: dict[tuple[int, str], object] = {}  # (person pk, field) → person

    def id_number(self, person) -> str:
        """The person's document number as this document prints it ("" when none)."""
        return self._print(person, "id_number", mask_id_number)

    def phone(self, person) -> str:
        return self._print(person, "phone", mask_phone)

    def _print(self, person, field: str, mask) -> str:
        value = getattr(person, field, "") or ""
        if not value:
            return ""
        if not self.full:
            return mask(value)
        self.printed[(person.pk, field)] = person
        return value


def chinese_date(value: datetime.date | datetime.datetime | None) -> str:
    """2026年3月9日: GB/T 9704 writes dates in Arabic numerals, without zeros; blanks when
    unknown."""
    if value is None:
        return BLANK_DATE
    if isinstance(value, datetime.datetime):
        value = local_day(value)  # the bureau's day, not UTC's
    return f"{value.year}年{value.month}月{value.day}日"


def new_document(*, body_font: str = FANGSONG, body_size=BODY_SIZE):
    """An empty A4 document with the GB/T 9704 公文 margins and the body font as default."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = body_size
    set_east_asian(normal.element.get_or_add_rPr(), body_font)
    return document


def set_east_asian(rpr, font_name: str) -> None:
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), font_name)
    rfonts.set(qn("w:hint"), "eastAsia")


def add_run(paragraph, text: str, font: str, size, *, bold: bool = False):
    """A run in `font` for Chinese and Times New Roman for Latin letters and digits."""
    run = paragraph.add_run(text)
    run.font.name = LATIN
    run.font.size = size
    run.font.bold = bold
    set_east_asian(run._element.get_or_add_rPr(), font)
    return run


def fixed_spacing(paragraph, spacing) -> None:
    """Exact line spacing and no space around the paragraph (the 公文 grid)."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = spacing
    fmt.space_before = fmt.space_after = Pt(0)


# --- 文书 paragraphs --------------------------------------------------------------------------


def title(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(18)
    add_run(paragraph, text, SONG, TITLE_SIZE, bold=True)


def right(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_run(paragraph, text, FANGSONG, BODY_SIZE)


def heading(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(8)
    add_run(paragraph, f"{text}：", HEI, HEADING_SIZE)


def body(document, text: str, *, indent: bool = False):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing = 1.5
    if indent:
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2  # 首行缩进两字
    add_run(paragraph, text, FANGSONG, BODY_SIZE)
    return paragraph


def indented(document, *texts: str) -> None:
    """Body paragraphs with the first-line indent of 公文 text, one per text."""
    for text in texts:
        body(document, text, indent=True)


@contextmanager
def official_letter(*, institution: str, title_text: str, number: str, on):
    """A 公文-style letter in Chinese: the institution, the title and the document number at the
    head; then the body the caller writes in the block; the seal, the institution and the date
    (``on``) at the foot, added when the block ends."""
    with translation.override("zh-hans"):
        document = new_document()
        title(document, institution)
        title(document, title_text)
        right(document, number)
        yield document
        document.add_paragraph()
        right(document, "（印章）")
        right(document, institution)
        right(document, chinese_date(on))


def paragraphs(document, text: str) -> None:
    """Each non-blank line of `text` as an indented body paragraph."""
    for line in (text or "").splitlines():
        if line.strip():
            body(document, line.strip(), indent=True)


# --- tables -----------------------------------------------------------------------------------


def cell_text(cell, lines: list[str], *, label: bool) -> None:
    """A table cell's lines: labels centred in 黑体, values in 仿宋."""
    cell.text = ""
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if label:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(paragraph, line, HEI if label else FANGSONG, TABLE_SIZE)


def set_widths(table, widths) -> None:
    """Column widths for both readers: LibreOffice reads the grid, Word each cell's width."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        start = 0
        for tc in row._tr.tc_lst:  # a merged cell spans several grid columns
            tc.width = sum(widths[start : start + tc.grid_span], Mm(0))
            start += tc.grid_span


# --- footer and output ------------------------------------------------------------------------


def page_numbers(document) -> None:
    """ "— N —" in the footer, 宋体 四号, centred: N is a PAGE field, so every page shows its own
    number."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)._element.append(instruction)
    _field_char(paragraph, "separate")
    add_run(paragraph, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)  # shown until the field updates
    _field_char(paragraph, "end")
    add_run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)._element.append(element)


def to_bytes(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
