"""社区矫正文书 (.docx) of one subject, written from the record with python-docx.

* 报到通知书 (`report_notice`): where and by when the person must report (社区矫正法 第21条);
* 接收回执 (`receipt`): to the 决定机关, confirming the documents and the 报到 (实施办法 第16条);
  only once the documents are registered as received;
* 解除社区矫正证明书 (`release_certificate`): on release (社区矫正法 第44条); only for a
  released subject.

Layout as the mediation and legal-aid documents (sifa/mediation/documents.py helpers). The
issuer is the county 社区矫正机构 (the justice bureau above the 司法所). Reading goes through
`subject_get` (VIEW scope, minors only with Cap.MINORS).

Personal data: each document identifies the person as the official forms do — 姓名，性别，出生
日期，公民身份号码. Whether the number is in full is set per template by
SIFA_DOCUMENTS_FULL_ID_NUMBERS (`corrections.report_notice`, `corrections.receipt`,
`corrections.release_certificate`; masked by default) through the helper every line shares
(`sifa.people.documents`): in full only for a user who may edit the subject or holds
`people.reveal` on its office in 社区矫正, and each generation in full is logged as a reveal.

The text is the statutory Chinese form, written in Chinese directly and built in zh-hans.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core import docx as layout
from sifa.core import numbering
from sifa.core.docx import DOCX_CONTENT_TYPE, NotApplicable, chinese_date
from sifa.corrections.actions.subjects import receipt_due_on
from sifa.corrections.constants import SentenceType, Status
from sifa.corrections.models import Subject
from sifa.corrections.selectors.subjects import subject_get
from sifa.orgs.constants import OfficeKind
from sifa.people.documents import PrintedNumbers, identity_text, printed_document

__all__ = ["DOCX_CONTENT_TYPE", "KINDS", "NotApplicable", "build", "subject_document"]

REPORT_NOTICE, RECEIPT, RELEASE_CERTIFICATE = "report_notice", "receipt", "release_certificate"
KINDS = (REPORT_NOTICE, RECEIPT, RELEASE_CERTIFICATE)
TITLES = {
    REPORT_NOTICE: "社区矫正报到通知书",
    RECEIPT: "社区矫正法律文书接收回执",
    RELEASE_CERTIFICATE: "解除社区矫正证明书",
}
# Template keys of SIFA_DOCUMENTS_FULL_ID_NUMBERS, by kind.
TEMPLATES = {kind: f"corrections.{kind}" for kind in KINDS}
# What the correction period is called in each kind of sentence.
PERIOD_WORDS = {
    SentenceType.CONTROL: "管制期限",
    SentenceType.PROBATION: "缓刑考验期",
    SentenceType.PAROLE: "假释考验期",
    SentenceType.OUTSIDE_PRISON: "暂予监外执行期间",
}


def subject_document(*, actor, pk) -> Subject:
    """The subject a document is asked of: 404 outside the VIEW scope or a hidden minor."""
    return subject_get(actor=actor, pk=pk)


def build(
    subject: Subject, kind: str, *, actor=None, ip_address: str | None = None
) -> tuple[bytes, str]:
    """(.docx bytes, file name) of document `kind`; NotApplicable when it does not apply.

    The person's ID number is in full only when the template prints it and `actor` may
    (module docstring); each generation in full is logged."""
    if kind not in KINDS:
        raise NotApplicable(_("未知的文书类型。"))
    if kind == RECEIPT and subject.documents_received_on is None:
        raise NotApplicable(_("尚未登记收到法律文书，不能出具接收回执。"))
    if kind == RELEASE_CERTIFICATE and subject.status != Status.RELEASED:
        raise NotApplicable(_("该对象尚未解除社区矫正，不能出具解除社区矫正证明书。"))
    write = {
        REPORT_NOTICE: _report_notice,
        RECEIPT: _receipt,
        RELEASE_CERTIFICATE: _release_certificate,
    }[kind]
    content, title = printed_document(
        lambda numbers: (write(subject, numbers), TITLES[kind]),
        actor=actor,
        template=TEMPLATES[kind],
        office=subject.office,
        line="corrections",
        record=f"社区矫正对象 {subject.number}",
        ip_address=ip_address,
    )
    return content, f"{title}-{subject.number}.docx"


def institution_name(subject: Subject) -> str:
    """The county 社区矫正机构: the nearest justice bureau above the subject's 司法所."""
    office = subject.office
    for ancestor in reversed(list(type(office).objects.get_ancestors(office))):
        if ancestor.kind == OfficeKind.JUSTICE_BUREAU:
            return f"{ancestor.name}（社区矫正机构）"
    return office.name


def document_number(subject: Subject, kind: str, word: str, on) -> str:
    """〔2026〕青司矫报字第0001号 (SIFA_NUMBERING "corrections.document"): issued the first time
    document `kind` of the subject is made, the same on every later copy."""
    return numbering.document_number(
        "corrections.document",
        f"{kind}:{subject.pk}",
        office=subject.office,
        year=on.year,
        word=word,
    )


def _person_line(subject: Subject, numbers: PrintedNumbers) -> str:
    """姓名，性别，出生日期，公民身份号码 of the subject (full or masked: `numbers`)."""
    return identity_text(subject.person, numbers, ethnicity=False, address=False)


def _period(subject: Subject) -> str:
    word = PERIOD_WORDS.get(subject.sentence_type, "矫正期限")
    if subject.correction_start and subject.correction_end:
        return (
            f"{word}自{chinese_date(subject.correction_start)}起至"
            f"{chinese_date(subject.correction_end)}止"
        )
    return f"{word}待定"


def _letter(subject: Subject, kind: str, word: str, on, *, number: str = ""):
    """Document `kind` of the subject's 社区矫正机构, numbered with `word` (or carrying its own
    `number`), sealed on `on`."""
    return layout.official_letter(
        institution=institution_name(subject),
        title_text=TITLES[kind],
        number=number or document_number(subject, kind, word, on),
        on=on,
    )


def _report_notice(subject: Subject, numbers: PrintedNumbers) -> bytes:
    with _letter(subject, REPORT_NOTICE, "矫报", subject.notified_on) as document:
        layout.body(document, f"社区矫正对象：{_person_line(subject, numbers)}")
        layout.body(document, f"{subject.person.name}：")
        layout.indented(
            document,
            f"根据{subject.decision_organ_name}{subject.judgment_number}"
            f"（{chinese_date(subject.judgment_effective_on)}生效），你被判处（裁定、决定）"
            f"{subject.original_sentence}，依法实行社区矫正（{subject.get_sentence_type_display()}），"
            f"{_period(subject)}。",
            "根据《中华人民共和国社区矫正法》第二十一条的规定，你应当自判决、裁定生效之日起十日内，"
            f"即于{chinese_date(subject.report_due_on)}前，持本通知书和身份证件到"
            f"{subject.office.name}报到。",
            "无正当理由逾期不报到的，将依法给予训诫、警告；情节严重的，依法提请撤销缓刑、假释"
            "或者收监执行。",
        )
    return layout.to_bytes(document)


def _receipt(subject: Subject, numbers: PrintedNumbers) -> bytes:
    on = subject.receipt_sent_on or subject.documents_received_on
    reported = (
        f"社区矫正对象已于{chinese_date(subject.reported_on)}报到（{subject.get_report_type_display()}）。"
        if subject.reported_on
        else f"社区矫正对象尚未报到（报到期限：{chinese_date(subject.report_due_on)}）。"
    )
    with _letter(subject, RECEIPT, "矫回", on) as document:
        layout.body(document, f"{subject.decision_organ_name}：")
        layout.indented(
            document,
            f"你单位{subject.judgment_number}所涉社区矫正对象{_person_line(subject, numbers)}"
            f"（罪名：{subject.crime}；{subject.get_sentence_type_display()}）的法律文书，"
            f"本机构已于{chinese_date(subject.documents_received_on)}收到。{reported}",
            f"执行地：{subject.office.name}。{_period(subject)}。",
            "特此回执（《中华人民共和国社区矫正法实施办法》第十六条；"
            f"回执期限：{chinese_date(receipt_due_on(subject))}）。",
        )
    return layout.to_bytes(document)


def _release_certificate(subject: Subject, numbers: PrintedNumbers) -> bytes:
    on = subject.released_on
    # The certificate's number is its 文号 (SIFA_NUMBERING "corrections.certificate").
    number = subject.certificate_number
    with _letter(subject, RELEASE_CERTIFICATE, "矫解", on, number=number) as document:
        layout.right(document, f"证明书编号：{subject.certificate_number}")
        layout.body(document, f"社区矫正对象{_person_line(subject, numbers)}，")
        layout.indented(
            document,
            f"因犯{subject.crime}，经{subject.decision_organ_name}{subject.judgment_number}"
            f"判处（裁定、决定）{subject.original_sentence}，于"
            f"{chinese_date(subject.correction_start)}起在{subject.office.name}接受社区矫正，"
            f"{_period(subject)}。",
            f"因{subject.get_release_type_display()}，根据《中华人民共和国社区矫正法》第四十四条的规定，"
            f"于{chinese_date(on)}解除社区矫正，特此证明。",
            "本证明书一式多份，分送社区矫正对象本人、决定机关、人民检察院、公安机关。",
        )
    return layout.to_bytes(document)
