"""Legal-aid documents (法律援助文书) as .docx, written from the record with python-docx.

* 给予法律援助决定书 / 不予法律援助决定书 (法律援助法 第43条; SF/T 0024-2017 §8), by the
  application's review decision;
* 指派通知书 to the provider (承办机构) of the current assignment (第43、36条);
* 补充材料通知书 listing the missing materials and the due date (第43条: 一次性告知).

Layout as the mediation documents (sifa/mediation/documents.py, whose layout helpers are
reused): A4 with 公文 margins, the issuing office and the title centred in bold 宋体, the
document number 〔year〕… on the right, the addressee, the body in 仿宋, then the seal line —
(印章), the office name and the date — on the right.

Personal data: each document names the applicant (受援人) with the identity line of the official
forms — 姓名，性别，出生日期，公民身份号码 (the 指派通知书 also 联系电话, for the provider who must
contact the person within five days). Whether the numbers are in full is set per template by
SIFA_DOCUMENTS_FULL_ID_NUMBERS (`legalaid.decision` for both 决定书, `legalaid.assignment`,
`legalaid.supplement`; all masked by default) through the helper every line shares
(`sifa.people.documents`): in full only for a user who may edit the application or holds
`people.reveal` on its office in 法律援助, and each generation in full is logged as a reveal
(one AccessLog row per number printed).

The text is the statutory Chinese form, not interface text: it is written in Chinese directly
and always built in zh-hans.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sifa.core import docx as layout
from sifa.core import numbering
from sifa.core.docx import DOCX_CONTENT_TYPE, NotApplicable, chinese_date
from sifa.legalaid.constants import Origin, Status
from sifa.legalaid.eligibility import citation
from sifa.legalaid.models import Application, Assignment
from sifa.legalaid.selectors.applications import objection_authority
from sifa.orgs import access
from sifa.people.documents import PrintedNumbers, identity_text, printed_document

__all__ = ["DOCX_CONTENT_TYPE", "KINDS", "NotApplicable", "application_document", "build"]

DECISION, ASSIGNMENT, SUPPLEMENT = "decision", "assignment", "supplement"
KINDS = (DECISION, ASSIGNMENT, SUPPLEMENT)
# Template keys of SIFA_DOCUMENTS_FULL_ID_NUMBERS, by kind.
TEMPLATES = {
    DECISION: "legalaid.decision",
    ASSIGNMENT: "legalaid.assignment",
    SUPPLEMENT: "legalaid.supplement",
}

GRANT_TITLE = "给予法律援助决定书"
REFUSAL_TITLE = "不予法律援助决定书"
ASSIGNMENT_TITLE = "指派通知书"
SUPPLEMENT_TITLE = "补充材料通知书"

# A grant cites the basis article with its item and, when the hardship verification was
# waived, the 第42条 item (eligibility.citation), e.g. 第三十一条第七项、第四十二条第三项.
REFUSED_STATES = {Status.REFUSED, Status.OBJECTION}


# ---------------------------------------------------------------------------------------------
# Reading the record (the selector the view uses)


def application_document(*, actor, pk) -> Application:
    """The application a document is asked of: 404 when outside the actor's VIEW scope."""
    return access.get_object_or_404(
        actor,
        Application.objects.select_related("office", "applicant"),
        pk=pk,
    )


def current_assignment(application: Application) -> Assignment | None:
    """The assignment in force: the latest one not ended by a replacement."""
    return (
        application.assignments.select_related("provider", "handler__person")
        .filter(ended_on__isnull=True)
        .order_by("-assigned_on", "-pk")
        .first()
    )


def is_refusal(application: Application) -> bool:
    """不予: a review decision refusing aid that stands (refused, or its objection pending)."""
    return (
        application.decided_on is not None
        and application.accepted_on is None
        and application.status in REFUSED_STATES
    )


def is_grant(application: Application) -> bool:
    """给予: an application (not a notification) accepted on review, or on objection."""
    return application.accepted_on is not None and application.origin != Origin.NOTIFICATION


# ---------------------------------------------------------------------------------------------
# Public API


def build(
    application: Application, kind: str, *, actor=None, ip_address: str | None = None
) -> tuple[bytes, str]:
    """(.docx bytes, file name) of document `kind`; NotApplicable when it does not apply.

    The applicant's numbers are in full only when the template prints them and `actor` may
    (module docstring); each generation in full is logged."""
    if kind not in KINDS:
        raise NotApplicable(_("未知的文书类型。"))
    content, title = printed_document(
        lambda numbers: _build(application, kind, numbers),
        actor=actor,
        template=TEMPLATES[kind],
        office=application.office,
        line="legalaid",
        record=f"法律援助案件 {application.number}",
        ip_address=ip_address,
    )
    return content, f"{title}-{application.number}.docx"


def _build(application: Application, kind: str, numbers: PrintedNumbers) -> tuple[bytes, str]:
    """(.docx bytes, title) of document `kind`."""
    if kind == DECISION:
        if is_grant(application):
            return _grant(application, numbers), GRANT_TITLE
        if is_refusal(application):
            return _refusal(application, numbers), REFUSAL_TITLE
        if application.origin == Origin.NOTIFICATION:
            raise NotApplicable(_("通知辩护/代理案件无需作出给予法律援助决定，不出具决定书。"))
        raise NotApplicable(_("该申请尚未作出给予或不予法律援助的决定。"))
    if kind == ASSIGNMENT:
        assignment = current_assignment(application)
        if assignment is None:
            raise NotApplicable(_("该案件尚未指派承办人员，不能出具指派通知书。"))
        return _assignment(application, assignment, numbers), ASSIGNMENT_TITLE
    if application.supplement_requested_on is None:
        raise NotApplicable(_("该申请未通知补充材料，不能出具补充材料通知书。"))
    return _supplement(application, numbers), SUPPLEMENT_TITLE


def document_number(application: Application, title: str, word: str, on) -> str:
    """〔2026〕丰司援决字第0001号 (SIFA_NUMBERING "legalaid.document"): issued the first time the
    document `title` of the application is made, the same on every later copy."""
    year = on.year if on else application.received_on.year
    return numbering.document_number(
        "legalaid.document",
        f"{title}:{application.pk}",
        office=application.office,
        year=year,
        word=word,
    )


# ---------------------------------------------------------------------------------------------
# The documents


def _letter(application: Application, title: str, word: str, on):
    """Document `title` of the application's agency, numbered with `word`, sealed on `on`."""
    return layout.official_letter(
        institution=application.office.name,
        title_text=title,
        number=document_number(application, title, word, on),
        on=on,
    )


def _supervisor_name(application: Application) -> str:
    """The justice department that set the agency up (第49条: objections go there)."""
    authority = application.objection_authority or objection_authority(application.office)
    return authority.name if authority else "设立法律援助机构的司法行政部门"


def _identity(application: Application, numbers: PrintedNumbers, *, phone: bool = False) -> str:
    """申请人（受援人）基本情况: 姓名，性别，出生日期，公民身份号码[，联系电话]."""
    return identity_text(
        application.applicant, numbers, ethnicity=False, address=False, phone=phone
    )


def _grant(application: Application, numbers: PrintedNumbers) -> bytes:
    on = application.objection_decided_on if application.refusal_reasons else None
    on = on or application.decided_on or application.accepted_on
    article = citation(
        basis=application.basis,
        matter=application.matter,
        defence_ground=application.defence_ground,
        exemption_proof=application.exemption_proof,
        hardship_check=application.hardship_check,
    )
    basis = f"《中华人民共和国法律援助法》{article}" if article else "《中华人民共和国法律援助法》"
    with _letter(application, GRANT_TITLE, "援决", on) as document:
        layout.body(document, f"申请人：{_identity(application, numbers)}")
        layout.body(document, f"{application.applicant.name}：")
        layout.indented(
            document,
            f"你于{chinese_date(application.received_on)}提出的法律援助申请"
            f"（援助事项：{application.get_matter_display()}；案件类别："
            f"{application.get_matter_type_display()}），经审查，符合{basis}规定的法律援助条件，"
            "根据《中华人民共和国法律援助法》第四十三条的规定，决定给予法律援助。",
            "本机构将自作出本决定之日起三日内指派承办人员为你提供法律援助。"
            "你应当如实陈述案件情况，配合承办人员开展工作；法律援助事项办理过程中，"
            "你的经济状况等情况发生变化的，应当及时告知本机构。",
        )
    return layout.to_bytes(document)


def _refusal(application: Application, numbers: PrintedNumbers) -> bytes:
    with _letter(application, REFUSAL_TITLE, "援不决", application.decided_on) as document:
        layout.body(document, f"申请人：{_identity(application, numbers)}")
        layout.body(document, f"{application.applicant.name}：")
        layout.indented(
            document,
            f"你于{chinese_date(application.received_on)}提出的法律援助申请"
            f"（援助事项：{application.get_matter_display()}），经审查，"
            "不符合法律援助条件，根据《中华人民共和国法律援助法》第四十三条的规定，"
            "决定不予法律援助。理由如下：",
        )
        layout.paragraphs(document, application.refusal_reasons)
        layout.indented(
            document,
            "如对本决定有异议，可以依照《中华人民共和国法律援助法》第四十九条的规定，"
            f"向{_supervisor_name(application)}提出。",
        )
    return layout.to_bytes(document)


def _assignment(application: Application, assignment: Assignment, numbers: PrintedNumbers) -> bytes:
    notified = application.origin == Origin.NOTIFICATION
    article = "第三十六条" if notified else "第四十三条"
    source = (
        f"{application.notifying_organ_name or application.get_notifying_organ_display()}"
        "通知辩护/代理的"
        if notified
        else "本机构决定给予法律援助的"
    )
    with _letter(application, ASSIGNMENT_TITLE, "援指", assignment.assigned_on) as document:
        layout.body(document, f"{assignment.provider.name}：")
        layout.indented(
            document,
            f"根据《中华人民共和国法律援助法》{article}的规定，现将{source}"
            f"受援人{application.applicant.name}{application.get_matter_display()}"
            f"（{application.get_matter_type_display()}）一案指派你单位承办，"
            f"承办人员：{assignment.handler.person.name}。",
            f"受援人：{_identity(application, numbers, phone=True)}。",
        )
        if application.criminal_stage:
            layout.indented(document, f"诉讼阶段：{application.get_criminal_stage_display()}。")
        layout.indented(
            document,
            "请你单位自收到本通知书之日起五日内与受援人或者其法定代理人、近亲属签订委托协议和"
            "授权委托书（《法律援助法实施程序规定》第二十七条），依法履行法律援助义务，"
            "及时向受援人通报法律援助事项办理情况；办结后按规定向本机构提交结案材料。",
        )
    return layout.to_bytes(document)


def missing_materials(application: Application) -> list[str]:
    """The items to supply: those the notice named, then required ones still not provided."""
    items = [line.strip() for line in application.supplement_items.splitlines() if line.strip()]
    for material in application.materials.filter(required=True, provided_on__isnull=True):
        if material.name not in items:
            items.append(material.name)
    return items


def _supplement(application: Application, numbers: PrintedNumbers) -> bytes:
    items = missing_materials(application)
    due = chinese_date(application.supplement_due_on) if application.supplement_due_on else ""
    deadline = f"请于{due}前" if due else "请及时"
    with _letter(
        application, SUPPLEMENT_TITLE, "援补", application.supplement_requested_on
    ) as document:
        layout.body(document, f"申请人：{_identity(application, numbers)}")
        layout.body(document, f"{application.applicant.name}：")
        layout.indented(
            document,
            f"你于{chinese_date(application.received_on)}提出的法律援助申请，经审查，"
            "申请材料不齐全。根据《中华人民共和国法律援助法》第四十三条的规定，现一次性告知"
            "你需要补充的材料如下：",
            *(f"{number}. {item}" for number, item in enumerate(items, start=1)),
            f"{deadline}将上述材料提交本机构。无正当理由逾期未补充的，视为撤回申请。",
        )
    return layout.to_bytes(document)
