"""投诉与惩戒 in the demo city: a few complaints in each state and the sanctions some of them
led to, of practitioners and of an institution, all through the discipline actions by the
bureau's section (demo login `section`). Called from `demo.load` after the registers.

None of SEED_FIGURES.md's figures reads complaints or sanctions, and nothing here changes the
registers: no licence is revoked or suspended (legal aid's assignment check reads
suspensions), no institution is dissolved, so every seed figure stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from sifa.core.demo import DemoContext
from sifa.people.actions import PersonIdentity
from sifa.people.demo import synthetic_id_number, synthetic_name
from sifa.people.models import Gender
from sifa.practice.actions.discipline import (
    complaint_conclude,
    complaint_investigate,
    complaint_receive,
    sanction_decide,
    sanction_propose,
)
from sifa.practice.constants_discipline import Authority, Channel, SanctionKind
from sifa.practice.models import (
    Complaint,
    ComplaintEvent,
    Institution,
    Practitioner,
    Sanction,
    SanctionEvent,
)

SECTION = "section"  # the bureau's 业务科室 demo login (sifa/orgs/demo.py)
# Deleted before the registers when the demo is unloaded.
MODELS = (SanctionEvent, Sanction, ComplaintEvent, Complaint)


@dataclass(frozen=True)
class Case:
    """One demo complaint: against a practitioner (index into the lawyers or workers) or an
    institution (index into the firms or offices), how far it went, and its sanction."""

    number: str
    received: date
    channel: str
    content: str
    lawyer: int | None = None
    worker: int | None = None
    firm: int | None = None
    named: bool = True  # a complainant of the registry, else anonymous
    handler: str = ""
    outcome: bool | None = None  # True 成立, False 不成立, None open
    findings: str = ""
    sanction: dict | None = None  # kind, authority, amount, months, facts, act_on


def _cases(ctx: DemoContext) -> list[Case]:
    year = ctx.period_start.year
    recent = ctx.today - timedelta(days=15)  # open, within its handling deadline
    return [
        Case(
            f"青司投〔{year}〕3号",
            date(year, 1, 15),
            Channel.LETTER,
            "委托人反映律师收取代理费后未按约定出庭。",
            lawyer=4,
            handler="周晓",
            outcome=True,
            findings="经调查，该律师因个人原因两次未出庭，未告知委托人，投诉成立。",
            sanction={
                "kind": SanctionKind.WARNING,
                "authority": Authority.ADMINISTRATIVE,
                "facts": "无正当理由拒绝履行代理职责，两次未按约出庭。",
                "act_on": date(year - 1, 11, 20),
                "decided_on": date(year, 3, 18),
            },
        ),
        Case(
            f"青司投〔{year}〕7号",
            date(year, 2, 20),
            Channel.VISIT,
            "群众来访反映律师事务所以支付介绍费方式招揽交通事故案件。",
            firm=6,
            handler="周晓",
            outcome=True,
            findings="经调查，该所向医院护工支付介绍费招揽案件属实，投诉成立。",
            sanction={
                "kind": SanctionKind.FINE,
                "authority": Authority.ADMINISTRATIVE,
                "amount": Decimal("20000"),
                "facts": "以支付介绍费等不正当手段承揽业务。",
                "act_on": date(year - 1, 10, 8),
                "decided_on": date(year, 4, 22),
            },
        ),
        Case(
            f"青司投〔{year}〕12号",
            date(year, 3, 9),
            Channel.PHONE,
            "当事人反映基层法律服务工作者服务态度差、拖延办理。",
            worker=11,
            handler="吴敏",
            outcome=False,
            findings="经调阅卷宗、询问双方，办理进度符合约定，投诉不成立，已向投诉人解释。",
        ),
        Case(
            f"青司投〔{year}〕15号",
            date(year, 4, 2),
            Channel.REFERRED,
            "市信访局转办：律师在代理过程中泄露当事人隐私。",
            lawyer=37,
            handler="吴敏",
            outcome=True,
            findings="经调查属实，移送律师协会给予行业处分，投诉成立。",
            sanction={
                "kind": SanctionKind.WARNING,
                "authority": Authority.INDUSTRY,
                "facts": "在代理过程中向无关人员透露当事人个人信息。",
                "act_on": date(year, 1, 12),
                "decided_on": None,  # 拟处罚: the bar association has not decided yet
            },
        ),
        Case(
            f"青司投〔{recent.year}〕121号",
            recent,
            Channel.ONLINE,
            "12348平台留言：律师事务所拒绝出具收费票据。",
            firm=11,
            named=False,
            handler="周晓",
        ),
    ]


def _complainant(ctx: DemoContext, rng) -> PersonIdentity:
    gender = rng.choice((Gender.MALE, Gender.FEMALE))
    birth = date(rng.randint(1960, 1995), rng.randint(1, 12), rng.randint(1, 28))
    number = synthetic_id_number(
        rng,
        address_code=ctx.office("bureau").region_code[:6],
        birth_date=birth,
        gender=gender,
        issued=ctx.id_numbers,
    )
    return PersonIdentity(name=synthetic_name(rng, gender), id_number=number)


def load(
    ctx: DemoContext,
    firms: list[Institution],
    lawyers: list[Practitioner],
    workers: list[Practitioner],
) -> None:
    rng = ctx.rng("practice.discipline")
    section = get_user_model().objects.get(username=SECTION)
    offices = [w.institution for w in workers]
    sanctions = 0
    for case in _cases(ctx):
        practitioner = None
        if case.lawyer is not None:
            practitioner = lawyers[case.lawyer % len(lawyers)]
        elif case.worker is not None:
            practitioner = workers[case.worker % len(workers)]
        institution = (
            practitioner.institution
            if practitioner is not None
            else (firms or offices)[case.firm % len(firms or offices)]
        )
        complaint = complaint_receive(
            actor=section,
            institution=institution,
            practitioner=practitioner,
            number=case.number,
            received_on=case.received,
            channel=case.channel,
            content=case.content,
            complainant=_complainant(ctx, rng) if case.named else None,
        )
        if case.handler:
            complaint_investigate(
                actor=section,
                complaint=complaint,
                handler=case.handler,
                on=case.received + timedelta(days=rng.randint(1, 5)),
            )
        if case.outcome is None:
            continue
        complaint_conclude(
            actor=section,
            complaint=complaint,
            substantiated=case.outcome,
            findings=case.findings,
            concluded_on=case.received + timedelta(days=rng.randint(20, 45)),
        )
        if not case.sanction:
            continue
        values = dict(case.sanction)
        decided_on = values.pop("decided_on")
        target = {"practitioner": practitioner} if practitioner else {"institution": institution}
        sanction = sanction_propose(actor=section, complaint=complaint, **values, **target)
        sanctions += 1
        if decided_on:
            sanction_decide(
                actor=section,
                sanction=sanction,
                decided_on=decided_on,
                starts_on=decided_on,
                decision_number=f"青司罚〔{decided_on.year}〕{sanctions}号",
            )
    ctx.log(f"  投诉 {len(_cases(ctx))} 件，处罚处分 {sanctions} 件")
