"""考核演示数据: the demo city's 2026 司法所考核方案 and its first half-year run (DOMAIN §9).

The scheme follows 湘阴's (DOMAIN §9): 100 points in four categories — 规范化建设和日常工作 20,
人民调解 22, 社区矫正和安置帮教 38, 法治宣传 20 — items deducted until zero, a bonus (at most
`bonus_cap`) and a penalty on top, 上半年 40% / 下半年 60%, bands 优秀/良好/合格/不合格 [M].
Every automatic item reads an indicator or a ratio of the registry; the manual items are scored
by the section (`section`) with the office's evidence (a one-page PDF) and a reason.

The 2026 H1 run goes through the real actions: opened on 6 July (the automatic items computed
from the demo records over the fifteen 司法所 in one grid), evidence uploaded (by
城东街道司法所 itself; for the other offices by the section), manual items scored, published
on 13 July, one objection by 城东街道司法所 (the `jo_staff` login) answered, then finalised
after the objection period — its values frozen with the records behind them. Cost: one grid
for all offices at opening and at finalising, one digest query per indicator at finalising
(about 25,000 frozen record rows); 12 s on SQLite on the shared 2-core machine under load.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sifa.assessment.actions import runs as run_actions
from sifa.assessment.actions import schemes as scheme_actions
from sifa.assessment.constants import Nature, Rule
from sifa.assessment.models import Evidence, FrozenRecord, Objection, Run, Scheme, Score
from sifa.core.demo import DemoContext
from sifa.orgs import access
from sifa.orgs.models import Membership, Office

ORDER = 210  # after every business line and the reports (200): reads their records
CITY_CODE = "339081"
SCHEME_NAME = "司法所工作绩效考核"
OPENED = date(2026, 7, 6)
PUBLISHED = date(2026, 7, 13)

CATEGORIES = (
    ("work", "规范化建设和日常工作", 20),
    ("mediation", "人民调解", 22),
    ("corrections", "社区矫正和安置帮教", 38),
    ("publicity", "法治宣传", 20),
)
# (category, code, text, points, rule, source, threshold, step, target, evidence)
ITEMS = (
    ("work", "A1", "司法所规范化建设", 10, Rule.MANUAL, "", None, None, None, True),
    ("work", "A2", "队伍建设与业务培训", 10, Rule.MANUAL, "", None, None, None, True),
    ("mediation", "B1", "调解成功率不低于98%，每低1个百分点扣0.5分", 10, Rule.RATE_THRESHOLD,
     "mediation.success_rate", D(98), D("0.5"), None, False),
    ("mediation", "B2", "各调委会每月排查矛盾纠纷，半年不少于500次", 6, Rule.COUNT_TARGET,
     "mediation.screenings", None, None, 500, False),
    ("mediation", "B3", "无因调解不当引发民转刑案件", 6, Rule.YES_NO, "", None, None, None, False),
    ("corrections", "C1", "调查评估逾期完成，每件扣1分", 10, Rule.PER_INCIDENT,
     "corrections.investigations_late", None, D(1), None, False),
    ("corrections", "C2", "社区矫正对象超期报到，每人扣1分", 8, Rule.PER_INCIDENT,
     "corrections.received_late", None, D(1), None, False),
    ("corrections", "C3", "社区矫正对象脱管，每次扣2分", 10, Rule.PER_INCIDENT,
     "corrections.lost_contacts", None, D(2), None, False),
    ("corrections", "C4", "刑满释放人员衔接率100%，每低1个百分点扣0.5分", 10, Rule.RATE_THRESHOLD,
     "resettlement.connection_rate", D(100), D("0.5"), None, False),
    ("publicity", "D1", "法治宣传活动开展情况", 12, Rule.MANUAL, "", None, None, None, True),
    ("publicity", "D2", "村(社区)法律顾问法治讲座半年不少于36场", 8, Rule.COUNT_TARGET,
     "practice.adviser_lectures", None, None, 36, False),
)  # fmt: skip
BONUS = ("J1", "获市级以上表彰或工作经验被推广，每项加1分", 3)
PENALTY = ("K1", "安置帮教对象重新违法犯罪，每次减1分", 3, "resettlement.reoffences", D(1))

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OBJECTION = "本所已于6月补齐规范化建设台账，请予复核。"


def is_present() -> bool:
    root = Office.objects.filter(code=CITY_CODE).first()
    return bool(root) and access.within(Scheme.objects.all(), root).exists()


def build_scheme(section, bureau) -> Scheme:
    scheme = scheme_actions.scheme_create(actor=section, office=bureau, year=2026, name=SCHEME_NAME)
    categories = {}
    for order, (key, name, points) in enumerate(CATEGORIES, start=1):
        categories[key] = scheme_actions.category_save(
            actor=section, scheme=scheme, name=name, max_points=D(points), order=order
        )
    for order, (
        cat,
        code,
        text,
        points,
        rule,
        source,
        threshold,
        step,
        target,
        evidence,
    ) in enumerate(ITEMS, start=1):
        scheme_actions.item_save(
            actor=section, scheme=scheme, category=categories[cat], nature=Nature.SCORED,
            code=code, text=text, max_points=D(points), rule=rule, source=source,
            threshold=threshold, step=step, target=target, evidence_required=evidence,
            order=order,
        )  # fmt: skip
    code, text, points = BONUS
    scheme_actions.item_save(
        actor=section, scheme=scheme, nature=Nature.BONUS, code=code, text=text,
        max_points=D(points), rule=Rule.MANUAL, order=90,
    )  # fmt: skip
    code, text, points, source, step = PENALTY
    scheme_actions.item_save(
        actor=section, scheme=scheme, nature=Nature.PENALTY, code=code, text=text,
        max_points=D(points), rule=Rule.PER_INCIDENT, source=source, step=step, order=91,
    )  # fmt: skip
    return scheme


def manual_points(rng, item) -> tuple[D, str]:
    """A scorer's points and reason for a manual item (deterministic from the demo's seed)."""
    maximum = item.max_points
    if item.nature == Nature.BONUS:
        points = D(rng.choice((0, 0, 0, 1, 2)))
        return points, ("获市级表彰" if points else "")
    if item.rule == Rule.YES_NO:
        return (maximum, "") if rng.random() < 0.9 else (D(0), "发生一起因调解不当引发的民转刑案件")
    lost = D(rng.choice((0, 0, 1, 1, 2, 3))) / 2
    reasons = {"A1": "部分制度未上墙", "A2": "培训记录不全", "D1": "宣传活动台账不全"}
    return maximum - lost, (reasons.get(item.code, "材料不全") if lost else "")


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load(ctx: DemoContext) -> None:
    users = get_user_model().objects.in_bulk(["section", "jo_staff"], field_name="username")
    section, clerk = users.get("section"), users.get("jo_staff")
    bureau = Office.objects.filter(code=CITY_CODE).first()
    if section is None or clerk is None or bureau is None:  # `--only` without the city
        return
    rng = ctx.rng("assessment")
    scheme = build_scheme(section, bureau)
    period = scheme.periods.get(name="上半年")
    run = run_actions.run_open(actor=section, scheme=scheme, period=period, now=at(OPENED))
    manual = (
        Score.objects.filter(run=run, item__source="")
        .select_related("item", "office")
        .order_by("office__path", "item__order")
    )
    first = Membership.objects.select_related("office").get(user=clerk).office  # 城东街道司法所
    for score in manual:
        if score.item.evidence_required:
            run_actions.evidence_upload(
                actor=clerk if score.office_id == first.pk else section, score=score,
                files=[SimpleUploadedFile(f"{score.office.name}{score.item.code}佐证.pdf", PDF)],
                note="工作台账",
            )  # fmt: skip
        points, reason = manual_points(rng, score.item)
        run_actions.score_manual(
            actor=section, score=score, points=points, reason=reason, now=at(date(2026, 7, 10))
        )
    run_actions.run_publish(actor=section, run=run, today=PUBLISHED, now=at(PUBLISHED))
    run.refresh_from_db()
    objected = Score.objects.get(run=run, office=first, item__code="A1")
    objection = run_actions.objection_raise(
        actor=clerk, score=objected, text=OBJECTION, today=PUBLISHED, now=at(PUBLISHED, 15)
    )
    upheld = objected.points < objected.item.max_points
    run_actions.objection_answer(
        actor=section, objection=objection, upheld=upheld,
        answer="经核实，台账已补齐，改为满分。" if upheld else "经核实，原评分无误，维持原分。",
        points=objected.item.max_points if upheld else None, now=at(date(2026, 7, 16)),
    )  # fmt: skip
    after = run.objection_deadline.toordinal() + 1
    run_actions.run_finalise(
        actor=section, run=run, today=date.fromordinal(after), now=at(date.fromordinal(after))
    )


def unload(ctx: DemoContext) -> None:
    root = Office.objects.filter(code=CITY_CODE).first()
    if root is None:
        return
    runs = access.within(Run.objects.all(), root)
    # The scores' parts first, each a plain DELETE (no cascade to collect row by row).
    for model in (FrozenRecord, Evidence, Objection):
        model.objects.filter(score__run__in=runs).delete()
    Score.objects.filter(run__in=runs).delete()
    runs.delete()
    for scheme in access.within(Scheme.objects.all(), root).order_by("-version"):
        scheme.delete()
