"""投诉和处罚处分 — the supervising bureau's complaints register brought in at go-live, one row
per complaint with its outcome and, for a substantiated one, the sanction it led to; declared
on the import kit and written row by row through `sifa.practice.actions.discipline`
(`complaint_receive`, `complaint_investigate`, `complaint_conclude`, `sanction_propose`,
`sanction_decide`), so every rule of the pages applies, reported by row and column
(docs/imports.md, docs/practice.md).

A row names its complaint by 投诉登记号 (unique within the supervising bureau), the institution
complained of by 机构编码 and, when a practitioner was complained of, his 执业证号. The sanction
is of that practitioner, or — a complaint against the institution — of the institution itself
(警告, 罚款, 停业整顿, 吊销). A complaint registered already with the same content and outcome
changes nothing, so the same file imported again is harmless; one that differs is refused (a
registered complaint moves on its page).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sifa.core.imports import rows, spec
from sifa.core.imports.spec import CREATE, UNCHANGED, Change, ImportContext, ImportSpec
from sifa.people.actions import PersonIdentity
from sifa.practice.actions.discipline import (
    complaint_conclude,
    complaint_investigate,
    complaint_receive,
    sanction_decide,
    sanction_propose,
)
from sifa.practice.constants import LINE
from sifa.practice.constants_discipline import (
    Authority,
    Channel,
    ComplaintStatus,
    SanctionKind,
)
from sifa.practice.imports.registers import supervised_institution
from sifa.practice.licences import normalised
from sifa.practice.selectors.discipline import complaints_by_number
from sifa.practice.selectors.registers import (
    institutions_by_office_code,
    practitioners_by_licence,
    supervising_office,
)

NOT_THE_SUPERVISOR = gettext_lazy("投诉由执业机构的主管司法局登记，您不能为该机构导入。")


def _outcomes():
    return [
        (ComplaintStatus.SUBSTANTIATED, ComplaintStatus.SUBSTANTIATED.label),
        (ComplaintStatus.NOT_SUBSTANTIATED, ComplaintStatus.NOT_SUBSTANTIATED.label),
    ]


FIELDS = (
    spec.text(
        "number",
        "投诉登记号",
        required=True,
        max_length=40,
        note=gettext_lazy("主管司法局的投诉登记编号，同一司法局内不重复"),
        example="青司投〔2026〕12号",
    ),
    spec.text(
        "office_code",
        "机构编码",
        required=True,
        as_text=True,
        note=gettext_lazy("被投诉的律师事务所或基层法律服务所的机构编码"),
        example="339081PF01",
    ),
    spec.text(
        "licence_number",
        "被投诉人执业证号",
        as_text=True,
        note=gettext_lazy("投诉执业人员的填写；投诉机构的留空"),
        example="13390200810123456",
    ),
    spec.date("received_on", "受理日期", required=True, example="2026-03-02"),
    spec.choice("channel", "投诉方式", lambda: Channel.choices, required=True, example="来信"),
    spec.text("complainant_name", "投诉人姓名", max_length=50, example="赵敏"),
    spec.resident_id(
        "complainant_id",
        "投诉人身份证号码",
        note=gettext_lazy("匿名投诉与投诉人姓名一并留空"),
        example="339081198001010016",
    ),
    spec.text("content", "投诉内容", required=True, width=40, example="收取代理费后未按约出庭"),
    spec.text("handler", "承办人", max_length=50, example="周科员"),
    spec.date("investigated_on", "调查开始日期", example="2026-03-05"),
    spec.choice(
        "outcome",
        "处理结果",
        _outcomes,
        note=gettext_lazy("投诉成立或投诉不成立；尚未办结的留空"),
        example="投诉成立",
    ),
    spec.text("findings", "调查情况", width=40, example="经查属实，代理律师未出庭"),
    spec.date("concluded_on", "办结日期", example="2026-04-20"),
    spec.choice(
        "authority",
        "处罚类别",
        lambda: Authority.choices,
        note=gettext_lazy("投诉成立并给予处罚的填写，以下各列同"),
        example="行政处罚",
    ),
    spec.choice("kind", "处罚种类", lambda: SanctionKind.choices, example="警告"),
    spec.amount("amount", "罚款金额", default=None, example=""),
    spec.integer("months", "期限（月）", minimum=1, note=gettext_lazy("停止执业或停业整顿的月数")),
    spec.date("act_on", "违法违规行为发生日期", example="2026-02-10"),
    spec.text("facts", "违法违规事实", width=40, example="无正当理由拒绝履行代理职责"),
    spec.text("decision_number", "决定书文号", max_length=60, example="青司罚〔2026〕3号"),
    spec.date("decided_on", "决定日期", note=gettext_lazy("留空为拟处罚"), example="2026-05-08"),
    spec.date("starts_on", "起始日期", note=gettext_lazy("留空为决定日期"), example="2026-05-08"),
)
# The actions' field names → the import's field keys (their refusals land in their columns).
COLUMNS = {
    "number": "number",
    "institution": "office_code",
    "practitioner": "licence_number",
    "received_on": "received_on",
    "channel": "channel",
    "content": "content",
    "id_number": "complainant_id",
    "name": "complainant_name",
    "handler": "handler",
    "on": "investigated_on",
    "findings": "findings",
    "concluded_on": "concluded_on",
    "complaint": "outcome",
    "authority": "authority",
    "kind": "kind",
    "amount": "amount",
    "months": "months",
    "act_on": "act_on",
    "facts": "facts",
    "decided_on": "decided_on",
    "starts_on": "starts_on",
    "__all__": "number",
}
# What a row must also say once it says something (the later steps need the earlier ones).
NEEDS = {
    "handler": ("investigated_on",),
    "investigated_on": ("handler",),
    "outcome": ("handler", "findings", "concluded_on"),
    "kind": ("outcome", "authority", "act_on", "facts"),
    "decided_on": ("kind",),
    "decision_number": ("decided_on",),
    "starts_on": ("decided_on",),
}
SANCTION_CELLS = ("authority", "amount", "months", "act_on", "facts")


def _check_row(row, plan) -> None:
    """Rules between the cells of one row: each later step needs the earlier ones."""
    headers = {f.key: f.header for f in FIELDS}
    for key, needed in NEEDS.items():
        if row[key] in (None, ""):
            continue
        for other in needed:
            if row[other] in (None, ""):
                plan.error(
                    row,
                    other,
                    _("填写了“%(given)s”的，须填写“%(needed)s”。")
                    % {"given": headers[key], "needed": headers[other]},
                )
    for key in SANCTION_CELLS:
        if row[key] not in (None, "") and not row["kind"]:
            plan.error(row, "kind", _("填写了处罚内容的，须填写处罚种类。"))
            break
    if bool(row["complainant_name"]) != bool(row["complainant_id"]):
        plan.error(
            row,
            "complainant_id",
            _("投诉人须同时填写姓名和身份证号码；匿名投诉两项都留空。"),
        )


def _expected_status(row) -> str:
    if row["outcome"]:
        return row["outcome"]
    return ComplaintStatus.INVESTIGATING if row["handler"] else ComplaintStatus.RECEIVED


def _same(complaint, row, institution, practitioner) -> bool:
    """Is the registered complaint what the row says (re-importing the same file)?"""
    kinds = sorted(s.kind for s in complaint.sanctions.all())
    return (
        complaint.institution_id == institution.pk
        and complaint.practitioner_id == (practitioner.pk if practitioner else None)
        and complaint.received_on == row["received_on"]
        and complaint.channel == row["channel"]
        and complaint.content == (row["content"] or "").strip()
        and complaint.status == _expected_status(row)
        and complaint.concluded_on == (row["concluded_on"] if row["outcome"] else None)
        and kinds == ([row["kind"]] if row["kind"] else [])
    )


def _resolve(plan, ctx: ImportContext) -> None:
    good = list(plan.good_rows())
    institutions = institutions_by_office_code(
        actor=ctx.actor, codes={row["office_code"] for row in good}
    )
    licences = practitioners_by_licence(institutions=institutions.values())
    existing = complaints_by_number(actor=ctx.actor, numbers=[row["number"] for row in good])
    for row in good:
        institution = supervised_institution(plan, row, ctx, institutions, NOT_THE_SUPERVISOR)
        if institution is None:
            continue
        practitioner = None
        if row["licence_number"]:
            practitioner = licences.get((institution.pk, normalised(row["licence_number"])))
            if practitioner is None:
                plan.error(row, "licence_number", _("该机构没有这个执业证号的执业人员。"))
                continue
        row.found.update(institution=institution, practitioner=practitioner)
        bureau = supervising_office(institution.office)
        complaint = existing.get((bureau.pk, row["number"].strip()))
        if complaint is None:
            row.action = CREATE
        elif _same(complaint, row, institution, practitioner):
            row.target, row.action = complaint, UNCHANGED
        else:
            plan.error(
                row, "number", _("该投诉登记号已登记且内容不同，投诉的办理请在投诉页面进行。")
            )
    rows.dry_run(plan, ctx, _write, COLUMNS)


def _write(row, ctx: ImportContext) -> list[Change]:
    actor = ctx.actor
    institution, practitioner = row.found["institution"], row.found["practitioner"]
    complainant = None
    if row["complainant_id"]:
        complainant = PersonIdentity(name=row["complainant_name"], id_number=row["complainant_id"])
    complaint = complaint_receive(
        actor=actor,
        institution=institution,
        practitioner=practitioner,
        number=row["number"],
        received_on=row["received_on"],
        channel=row["channel"],
        content=row["content"],
        complainant=complainant,
    )
    changes = [Change(complaint, created=True)]
    if row["handler"]:
        complaint_investigate(
            actor=actor, complaint=complaint, handler=row["handler"], on=row["investigated_on"]
        )
    if row["outcome"]:
        complaint_conclude(
            actor=actor,
            complaint=complaint,
            substantiated=row["outcome"] == ComplaintStatus.SUBSTANTIATED,
            findings=row["findings"],
            concluded_on=row["concluded_on"],
        )
    if row["kind"]:
        target = {"practitioner": practitioner} if practitioner else {"institution": institution}
        sanction = sanction_propose(
            actor=actor,
            complaint=complaint,
            authority=row["authority"],
            kind=row["kind"],
            amount=row["amount"],
            months=row["months"],
            act_on=row["act_on"],
            facts=row["facts"],
            **target,
        )
        if row["decided_on"]:
            sanction = sanction_decide(
                actor=actor,
                sanction=sanction,
                decided_on=row["decided_on"],
                starts_on=row["starts_on"] or row["decided_on"],
                decision_number=row["decision_number"] or "",
            )
        changes.append(Change(sanction, created=True))
    return changes


COMPLAINTS = ImportSpec(
    key="practice.complaints",
    title=gettext_lazy("投诉和处罚处分"),
    sheet="投诉",
    fields=FIELDS,
    capability="edit",
    line=LINE,
    resolve=_resolve,
    apply=lambda plan, ctx: rows.write_all(plan, ctx, _write, COLUMNS),
    check_row=_check_row,
    natural_key=("number",),
    rules=(
        gettext_lazy(
            "每行一件投诉：被投诉机构（机构编码）或其执业人员（执业证号），受理、调查、办结的"
            "情况，以及投诉成立后给予的处罚处分。"
        ),
        gettext_lazy(
            "处罚对象：填写了被投诉人执业证号的为该执业人员（警告、罚款、停止执业、吊销执业证书），"
            "否则为被投诉机构（警告、罚款、停业整顿、吊销执业证书）。未填决定日期的为拟处罚。"
        ),
        gettext_lazy("已登记且内容相同的投诉不作改动；投诉登记号已登记而内容不同的不予导入。"),
        gettext_lazy("由主管司法局导入；执业机构管理员不能导入。"),
    ),
    examples=(
        {
            "number": "青司投〔2026〕12号",
            "office_code": "339081PF01",
            "licence_number": "13390200810123456",
            "received_on": "2026-03-02",
            "channel": "来信",
            "complainant_name": "赵敏",
            "complainant_id": "339081198001010016",
            "content": "收取代理费后未按约出庭",
            "handler": "周科员",
            "investigated_on": "2026-03-05",
            "outcome": "投诉成立",
            "findings": "经查属实，代理律师未出庭",
            "concluded_on": "2026-04-20",
            "authority": "行政处罚",
            "kind": "警告",
            "act_on": "2026-02-10",
            "facts": "无正当理由拒绝履行代理职责",
            "decision_number": "青司罚〔2026〕3号",
            "decided_on": "2026-05-08",
            "starts_on": "2026-05-08",
        },
    ),
    order=74,
    list_url="practice:complaint_list",
    description=gettext_lazy("上线前的投诉登记及其办理结果和处罚处分，按投诉登记号归档。"),
)
