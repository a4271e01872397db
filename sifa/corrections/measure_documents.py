"""警告决定书 (.docx) of a 警告 measure (社区矫正法 第28条; 社区矫正法实施办法 第35条; CC-17),
written from the record with python-docx in the layout of the legal-aid and mediation documents
(A4, 公文 margins, 宋体 titles, 仿宋 body, the seal line on the right).

The deciding organ is the county 社区矫正机构: the document carries the name of the subject's
county bureau. Personal data: the subject's name, sex, 公民身份号码 and 矫正类别. The number is
in full only when SIFA_DOCUMENTS_FULL_ID_NUMBERS lists `corrections.warning` (masked by
default) and the user may edit the subject or holds `people.reveal` (`sifa.people.documents`);
each generation in full is logged as a reveal. Reading it is a read of a corrections record and
is logged by the view.

The text is the statutory Chinese form, not interface text: written in Chinese directly and
always built in zh-hans.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from sifa.core import docx as layout
from sifa.core import numbering
from sifa.core.docx import DOCX_CONTENT_TYPE, NotApplicable, chinese_date
from sifa.corrections.constants import MeasureKind
from sifa.corrections.models import Measure
from sifa.corrections.selectors.measures import REVOCATION_BY_SENTENCE, county_of
from sifa.people.documents import PrintedNumbers, document_label, printed_document

__all__ = ["DOCX_CONTENT_TYPE", "WARNING_TITLE", "NotApplicable", "build", "document_number"]

WARNING_TITLE = "警告决定书"
TEMPLATE = "corrections.warning"  # the key of SIFA_DOCUMENTS_FULL_ID_NUMBERS
GENDERS = {"M": "男", "F": "女"}  # sifa.people.models.Gender


def document_number(measure: Measure) -> str:
    """〔2026〕青司矫警字第0001号 (SIFA_NUMBERING "corrections.document"): issued the first time
    the 警告决定书 is made, the same on every later copy."""
    return numbering.document_number(
        "corrections.document",
        f"{WARNING_TITLE}:{measure.pk}",
        office=measure.subject.office,
        year=measure.decided_on.year,
        word="矫警",
    )


def filename(measure: Measure) -> str:
    return f"{WARNING_TITLE}-{measure.subject.number}-{measure.pk}.docx"


def build(measure: Measure, *, actor=None, ip_address: str | None = None) -> tuple[bytes, str]:
    """(.docx bytes, file name) of the 警告决定书; NotApplicable for any other measure."""
    if measure.kind != MeasureKind.WARNING:
        raise NotApplicable(_("只有警告可以出具警告决定书。"))
    content, _title = printed_document(
        lambda numbers: (_warning(measure, numbers), WARNING_TITLE),
        actor=actor,
        template=TEMPLATE,
        office=measure.subject.office,
        line="corrections",
        record=f"社区矫正对象 {measure.subject.number}",
        ip_address=ip_address,
    )
    return content, filename(measure)


def _next_step(subject) -> str:
    kind = REVOCATION_BY_SENTENCE.get(subject.sentence_type)
    return str(MeasureKind(kind).label) if kind else "提请公安机关予以治安管理处罚"


def _warning(measure: Measure, numbers: PrintedNumbers) -> bytes:
    subject = measure.subject
    person = subject.person
    organ = county_of(subject.office).name
    with translation.override("zh-hans"):
        document = layout.new_document()
        layout.title(document, organ)
        layout.title(document, WARNING_TITLE)
        layout.right(document, document_number(measure))
        parts = [f"社区矫正对象：{person.name}"]
        gender = GENDERS.get(str(getattr(person, "gender", "") or ""), "")
        if gender:
            parts.append(f"性别：{gender}")
        if person.id_number:
            parts.append(f"{document_label(person)}：{numbers.id_number(person)}")
        parts.append(f"矫正类别：{subject.get_sentence_type_display()}")
        parts.append(f"矫正编号：{subject.number}")
        layout.body(document, "，".join(parts) + "。")
        layout.body(document, f"执行地司法所：{subject.office.name}。")
        layout.body(document, "经查：", indent=True)
        for line in measure.facts.splitlines():
            if line.strip():
                layout.body(document, line.strip(), indent=True)
        evidence = "；".join(x.strip() for x in measure.evidence.splitlines() if x.strip())
        if evidence:
            layout.body(document, f"上述事实有以下证据证实：{evidence}。", indent=True)
        layout.body(
            document,
            "根据《中华人民共和国社区矫正法》第二十八条和《中华人民共和国社区矫正法实施办法》"
            "第三十五条的规定，决定给予社区矫正对象"
            f"{person.name}警告。",
            indent=True,
        )
        layout.body(
            document,
            "望你认真遵守法律法规和监督管理规定，服从社区矫正机构的管理，接受教育，改正错误。"
            f"受到警告后仍不改正的，将依法{_next_step(subject)}。",
            indent=True,
        )
        layout.body(
            document,
            "如认为本决定侵害你的合法权益，可以依照《中华人民共和国社区矫正法》第三十四条的规定"
            "向人民检察院或者有关机关申诉、控告和检举。",
            indent=True,
        )
        document.add_paragraph()
        layout.right(document, "（印章）")
        layout.right(document, organ)
        layout.right(document, chinese_date(measure.decided_on))
        document.add_paragraph()
        layout.body(document, "本决定书已向我宣告。")
        layout.body(document, "社区矫正对象（签名）：＿＿＿＿＿＿＿＿＿＿　　　　年　　月　　日")
        return layout.to_bytes(document)
