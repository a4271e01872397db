"""The integrity file's own records in the demo city (issue 18 item 5): a few rewards (表彰奖励)
of firms and lawyers and some public-interest legal service (公益法律服务), recorded through the
actions by the bureau's section in the demo's half-year, so that a firm's file and the public
page (执业诚信信息查询) have something besides the registers, the inspection and the advisers'
logs. No indicator counts these records: SEED_FIGURES.md's figures are unchanged. Called from
`demo.load`.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from sifa.core.demo import DemoContext
from sifa.practice.actions.integrity import public_service_record, reward_record
from sifa.practice.constants import HELD
from sifa.practice.constants_integrity import PublicServiceKind, RewardLevel
from sifa.practice.models import Institution, Practitioner, PublicService, Reward

SECTION = "section"  # the bureau's 业务科室 demo login (sifa/orgs/demo.py)
# Deleted before the registers when the demo is unloaded (they name institutions and lawyers).
MODELS = (Reward, PublicService)
FIRM_REWARDS = 2  # the first firms: 优秀律师事务所
LAWYER_REWARDS = 4
SERVICES = 24
_SERVICE_TEXT = {
    PublicServiceKind.CONSULTATION: "公共法律服务中心公益法律咨询值班",
    PublicServiceKind.EDUCATION: "“八五”普法进社区法治讲座",
    PublicServiceKind.REPRESENTATION: "农民工讨薪公益代理",
    PublicServiceKind.MEDIATION: "参与医疗纠纷人民调解",
    PublicServiceKind.PETITION: "参与信访接待和化解",
}


def load(ctx: DemoContext, firms: list[Institution]) -> None:
    rng = ctx.rng("practice.integrity")
    section = get_user_model().objects.get(username=SECTION)
    year = ctx.period_start.year
    for firm in firms[:FIRM_REWARDS]:
        reward_record(
            actor=section,
            institution=firm,
            title=f"{year - 1}年度优秀律师事务所",
            level=RewardLevel.CITY,
            awarded_by=ctx.office("bureau").name,
            awarded_on=ctx.period_start + timedelta(days=rng.randint(20, 60)),
            document_number=f"司发〔{year}〕{rng.randint(3, 30)}号",
        )
    lawyers = list(
        Practitioner.objects.filter(institution__in=firms, status__in=HELD)
        .select_related("institution", "person")
        .order_by("licence_number")
    )
    days = (ctx.period_end - ctx.period_start).days
    for lawyer in rng.sample(lawyers, min(LAWYER_REWARDS, len(lawyers))):
        reward_record(
            actor=section,
            institution=lawyer.institution,
            practitioner=lawyer,
            title=f"{year - 1}年度优秀公益律师",
            level=RewardLevel.ASSOCIATION,
            awarded_by="律师协会",
            awarded_on=ctx.period_start + timedelta(days=rng.randint(30, 90)),
        )
    kinds = list(_SERVICE_TEXT)
    for _n in range(SERVICES):
        lawyer = rng.choice(lawyers)
        kind = rng.choice(kinds)
        served = ctx.period_start + timedelta(days=rng.randint(0, days))
        public_service_record(
            actor=section,
            institution=lawyer.institution,
            practitioner=lawyer if served >= lawyer.licensed_on else None,
            kind=kind,
            served_on=max(served, lawyer.institution.founded_on),
            hours=Decimal(rng.choice((2, 3, 4, 6, 8))),
            persons=rng.randint(0, 30) if kind != PublicServiceKind.REPRESENTATION else 1,
            description=_SERVICE_TEXT[kind],
        )
    ctx.log(f"  表彰奖励 {FIRM_REWARDS + LAWYER_REWARDS} 项、公益法律服务 {SERVICES} 次")
