"""Case documents (文书) as .docx: 人民调解协议书 and 人民调解受理登记表, written with python-docx.

Layout follows the forms committees use (人民调解法 第27–29条; 司法部 人民调解文书格式): A4 with
公文 margins (GB/T 9704), the title centred in bold 宋体, headings in 黑体, body text in 仿宋.

The 公文 layout helpers and the fonts (with what office suites substitute for a missing one)
live in sifa/core/docx.py.

ID and phone numbers (a decision). Whether a document carries them in full is set per
template by SIFA_DOCUMENTS_FULL_ID_NUMBERS, through the helper every line's documents share
(`sifa.people.documents`: the rule, the identity line and the reveal log); by default
the 协议书 (`mediation.agreement`: 人民调解法 第29条, 当事人的基本情况) and the 司法确认申请书
(`mediation.confirmation_application`: the court needs 身份证明 and 联系方式) are in full, the
受理登记表 (`mediation.registration`, an internal form) is masked. A template in full prints
the numbers for an `actor` who may edit the case (the committee's clerks and mediators who hand
the document to the parties or the court) or who holds `people.reveal` on its committee; then
one AccessLog row (field "id_number" / "phone", purpose naming the document and case) is
written for each person whose number was printed, so the audit page says whose data was seen.
Every other template, every other user and a call without `actor` get masked numbers
(110105********002X); nothing is logged because nothing was revealed.

The text of the documents is the statutory Chinese form, not interface text: it is written in
Chinese directly and the document is always built in zh-hans.
"""

from __future__ import annotations

from django.utils import translation
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm

from sifa.core import docx as layout
from sifa.core.codes import code_name
from sifa.core.docx import PrintedNumbers, chinese_date
from sifa.mediation.constants import (
    DISPUTE_TYPE_CODE_LIST,
    SOURCE_CODE_LIST,
    AgreementForm,
    PartyKind,
)
from sifa.mediation.models import JudicialConfirmation, MediationCase
from sifa.people.documents import document_numbers, identity_text, log_document_reveals

SIGNATURE_LINE = "＿＿＿＿＿＿＿＿＿＿"

# Template keys of SIFA_DOCUMENTS_FULL_ID_NUMBERS.
AGREEMENT = "mediation.agreement"
REGISTRATION = "mediation.registration"
CONFIRMATION_APPLICATION = "mediation.confirmation_application"

EFFECT_SENTENCE = (
    "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效"
    "（《中华人民共和国人民调解法》第二十九条）。"
)
ORAL_EFFECT_SENTENCE = (
    "本口头协议自各方当事人达成协议之日起生效（《中华人民共和国人民调解法》第三十条）。"
)
CONFIRMATION_SENTENCE = (
    "经人民调解委员会调解达成的调解协议具有法律约束力，当事人应当按照约定履行。双方当事人认为"
    "有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认"
    "（《中华人民共和国人民调解法》第三十一条、第三十三条）。"
)


# ---------------------------------------------------------------------------------------------
# Public API


def agreement_docx(case: MediationCase, *, actor=None, ip_address: str | None = None) -> bytes:
    """人民调解协议书 of `case` (which must have an agreement) as .docx bytes.

    An oral agreement (人民调解法 第30条) is printed as 口头调解协议记录 with its own effect rule.
    """
    agreement = case.agreement  # raises Agreement.DoesNotExist when there is none
    numbers = _numbers_for(actor, case, AGREEMENT)
    parties = _parties(case)
    with translation.override("zh-hans"):
        document = layout.new_document()
        oral = agreement.form == AgreementForm.ORAL
        layout.title(document, "人民调解口头协议记录" if oral else "人民调解协议书")
        layout.right(document, f"编号：{case.number}")
        layout.body(document, f"调解组织：{case.office.name}")
        for party in parties:
            layout.body(document, f"{_role_label(party)}：{_party_description(party, numbers)}")
        layout.heading(document, "纠纷主要事实、争议事项及各方责任")
        layout.paragraphs(document, agreement.facts_and_issues or case.facts)
        layout.heading(document, "经调解，双方当事人自愿达成如下协议")
        layout.paragraphs(document, agreement.terms)
        layout.heading(document, "履行方式、时限")
        layout.body(document, _performance_text(agreement), indent=True)
        if not oral:
            copies = len(parties) + 1
            layout.body(
                document,
                f"本协议一式{_chinese_count(copies)}份，当事人各执一份，人民调解委员会留存一份。",
                indent=True,
            )
        layout.body(document, ORAL_EFFECT_SENTENCE if oral else EFFECT_SENTENCE, indent=True)
        if agreement.effective_on:
            layout.body(
                document, f"本协议生效日期：{chinese_date(agreement.effective_on)}。", indent=True
            )
        layout.body(document, CONFIRMATION_SENTENCE, indent=True)
        _agreement_signatures(document, case, agreement, parties, oral=oral)
        content = layout.to_bytes(document)
    _log_reveals(actor, case, numbers, "人民调解协议书", ip_address)
    return content


def registration_docx(case: MediationCase, *, actor=None, ip_address: str | None = None) -> bytes:
    """人民调解受理登记表 of `case` as .docx bytes: one bordered table."""
    numbers = _numbers_for(actor, case, REGISTRATION)
    parties = _parties(case)
    with translation.override("zh-hans"):
        document = layout.new_document()
        layout.title(document, "人民调解受理登记表")
        layout.right(document, f"调解组织：{case.office.name}")
        table = document.add_table(rows=0, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _row(table, "编号", case.number, "受理日期", chinese_date(case.received_on))
        _row(table, "纠纷来源", _source_text(case), "纠纷类型", _type_text(case))
        _row(table, "涉及金额（元）", f"{case.amount:,.2f}", "涉及人数", str(case.persons_involved))
        _wide_row(table, "当事人", [_party_line(p, numbers) for p in parties])
        _wide_row(table, "纠纷简要情况", case.facts.splitlines() or [""])
        _wide_row(table, "当事人请求", case.claims.splitlines() or ["—"])
        _wide_row(table, "调解员", ["、".join(m.person.name for m in _mediators(case)) or "—"])
        registrar = str(case.created_by) if case.created_by_id else ""
        _row(table, "登记人", registrar, "登记日期", chinese_date(case.created_at))
        layout.set_widths(table, (Mm(30), Mm(55), Mm(30), Mm(45)))
        content = layout.to_bytes(document)
    _log_reveals(actor, case, numbers, "人民调解受理登记表", ip_address)
    return content


# 最高人民法院关于人民调解协议司法确认程序的若干规定: the parties' undertaking in the application.
CONFIRMATION_UNDERTAKING = (
    "申请人承诺：上述调解协议系双方当事人出于解决纠纷的目的自愿达成，不存在恶意串通、规避法律"
    "的行为；如因该协议内容给他人造成损害的，愿意承担相应的民事责任和其他法律责任。"
)


def confirmation_application_docx(
    confirmation: JudicialConfirmation, *, actor=None, ip_address: str | None = None
) -> bytes:
    """司法确认申请书 of `confirmation` as .docx bytes: both parties apply together
    (人民调解法 第33条), each described with 身份证明 and 联系方式 (the court's requirements)."""
    agreement = confirmation.agreement
    case = agreement.case
    numbers = _numbers_for(actor, case, CONFIRMATION_APPLICATION)
    parties = _parties(case)
    with translation.override("zh-hans"):
        document = layout.new_document()
        layout.title(document, "司法确认申请书")
        for party in parties:
            layout.body(
                document,
                f"申请人（{party.get_role_display()}）：{_party_line_text(party, numbers)}",
            )
        layout.heading(document, "请求事项")
        layout.body(
            document,
            f"请求人民法院确认申请人于{chinese_date(agreement.reached_on)}经{case.office.name}"
            "主持调解达成的调解协议有效。",
            indent=True,
        )
        layout.heading(document, "事实和理由")
        layout.body(
            document,
            f"申请人之间因{_type_text(case)}，于{chinese_date(agreement.reached_on)}经"
            f"{case.office.name}调解，自愿达成如下调解协议：",
            indent=True,
        )
        layout.paragraphs(document, agreement.terms)
        if agreement.effective_on:
            layout.body(
                document,
                f"该调解协议自{chinese_date(agreement.effective_on)}起生效。双方当事人同意共同"
                "申请司法确认（《中华人民共和国人民调解法》第三十三条）。",
                indent=True,
            )
        layout.body(document, CONFIRMATION_UNDERTAKING, indent=True)
        layout.body(document, "此致")
        layout.body(document, confirmation.court)
        document.add_paragraph()
        layout.body(document, "申请人（签名、盖章或者按指印）：")
        for party in parties:
            layout.body(document, f"{party.get_role_display()}　{party}　{SIGNATURE_LINE}")
        layout.right(document, chinese_date(confirmation.applied_on))
        layout.body(document, "附：人民调解协议书一份；申请人身份证明。")
        content = layout.to_bytes(document)
    _log_reveals(actor, case, numbers, "司法确认申请书", ip_address)
    return content


def confirmation_application_filename(confirmation: JudicialConfirmation) -> str:
    return f"司法确认申请书-{confirmation.agreement.case.number}.docx"


def agreement_filename(case: MediationCase) -> str:
    return f"人民调解协议书-{case.number}.docx"


def registration_filename(case: MediationCase) -> str:
    return f"人民调解受理登记表-{case.number}.docx"


# ---------------------------------------------------------------------------------------------
# Record → text


def _numbers_for(actor, case: MediationCase, template: str) -> PrintedNumbers:
    """Full numbers only when the template prints them (SIFA_DOCUMENTS_FULL_ID_NUMBERS) and
    the actor may edit the case or reveal numbers in its committee (module docstring)."""
    return document_numbers(actor=actor, template=template, office=case.office, line="mediation")


def _parties(case: MediationCase) -> list:
    return list(case.parties.select_related("person").order_by("id"))


def _mediators(case: MediationCase) -> list:
    return list(case.mediators.select_related("person").order_by("id"))


def _role_label(party) -> str:
    return f"当事人（{party.get_role_display()}）"


def _party_description(party, numbers: PrintedNumbers) -> str:
    """当事人基本情况: 姓名，性别，民族，出生日期，住址，证件号码 — or the organisation's name."""
    if party.kind == PartyKind.LEGAL or party.person is None:
        parts = [party.organisation]
        if party.credit_code:
            parts.append(f"统一社会信用代码：{party.credit_code}")
    else:
        parts = [identity_text(party.person, numbers)]
    if party.agent:
        parts.append(f"委托代理人：{party.agent}")
    return "，".join(p for p in parts if p)


def _party_line(party, numbers: PrintedNumbers) -> str:
    """One line of the 登记表: the description plus the phone number."""
    return f"{party.get_role_display()}：{_party_line_text(party, numbers)}"


def _party_line_text(party, numbers: PrintedNumbers) -> str:
    text = _party_description(party, numbers)
    if party.person is not None and party.person.phone:
        text += f"，联系电话：{numbers.phone(party.person)}"
    return text


def _source_text(case: MediationCase) -> str:
    text = code_name(SOURCE_CODE_LIST, case.source)
    return f"{text}（{case.referred_by}）" if case.referred_by else text


def _type_text(case: MediationCase) -> str:
    return code_name(DISPUTE_TYPE_CODE_LIST, case.dispute_type)


def _performance_text(agreement) -> str:
    method = agreement.performance_method or "按上述协议内容履行"
    if agreement.performance_deadline:
        return f"{method}，于{chinese_date(agreement.performance_deadline)}前履行完毕。"
    return method if method.endswith("。") else f"{method}。"


def _chinese_count(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


# ---------------------------------------------------------------------------------------------
# Reveal logging


def _log_reveals(actor, case, numbers: PrintedNumbers, document_name, ip_address) -> None:
    """One AccessLog row per person and field printed in full (see the module docstring)."""
    log_document_reveals(
        actor=actor,
        numbers=numbers,
        purpose=f"生成{document_name}（案件 {case.number}）",
        ip_address=ip_address,
    )


# ---------------------------------------------------------------------------------------------
# Layout helpers


def _agreement_signatures(document, case, agreement, parties, *, oral: bool) -> None:
    document.add_paragraph()
    if not oral:
        layout.body(document, "当事人（签名、盖章或者按指印）：")
        for party in parties:
            name = str(party)
            layout.body(
                document,
                f"{party.get_role_display()}　{name}　{SIGNATURE_LINE}　"
                f"{chinese_date(agreement.parties_signed_on)}",
            )
    mediators = "、".join(m.person.name for m in _mediators(case))
    layout.body(
        document,
        f"人民调解员（签名）：{mediators}　{SIGNATURE_LINE}　"
        f"{chinese_date(agreement.mediator_signed_on)}",
    )
    document.add_paragraph()
    seal = "" if oral else "（人民调解委员会印章）"
    for text in (seal, case.office.name, chinese_date(agreement.sealed_on or agreement.reached_on)):
        if text:
            layout.right(document, text)


def _row(table, label_1: str, value_1: str, label_2: str, value_2: str) -> None:
    cells = table.add_row().cells
    for cell, text, label in (
        (cells[0], label_1, True),
        (cells[1], value_1, False),
        (cells[2], label_2, True),
        (cells[3], value_2, False),
    ):
        layout.cell_text(cell, [text], label=label)


def _wide_row(table, label: str, lines: list[str]) -> None:
    cells = table.add_row().cells
    layout.cell_text(cells[0], [label], label=True)
    merged = cells[1].merge(cells[3])
    layout.cell_text(merged, lines, label=False)
