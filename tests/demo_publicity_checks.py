"""Checks of the demo city's 普法与依法治理 records: the seed figures of SEED_FIGURES.md (普法)
through the registry, the records behind them, and the built-in half-year summary stating them.
Run by tests/test_demo_lines.py after one load of the city, and by
sifa/publicity/tests/test_demo.py on the line's part alone."""

from __future__ import annotations

from django.db.models import Count

from sifa.core import demo
from sifa.publicity.constants import ExamKind, MaterialKind
from sifa.publicity.models import EventMaterial, ExamResult, UnitYear
from sifa.reports import summary
from sifa.reports.summary_defaults import default_template
from sifa.stats import registry

# SEED_FIGURES.md, 普法: first half of 2026, the whole city.
SEED_FIGURES = {
    "publicity.posters_leaflets[theme=constitution]": 8000,
    "publicity.exam_takers": 4553,
    "publicity.leaders_examined": 49,
    "publicity.inspected_townships": 15,
    "publicity.inspected_units": 44,
    "publicity.media_articles": 54,
}
# The reference's sentences, as the summary states them (the 同比 computed from last year's
# results: 4553 against the 2025 exam's takers).
SEED_SENTENCES = [
    "开展“宪法进万家”法治宣传教育系列活动，印制宣传单海报进街道楼道8000份。",
    "组织全市49名新提拔的领导干部参加了任前法律知识考试。",
    "对全市15个镇街、44个单位部门分头考核，及时指导。上半年各级媒体用稿54篇。",
]


def scope(office, start=demo.PERIOD_START, end=demo.PERIOD_END):
    return registry.Scope(office=office, start=start, end=end)


def value(key, office, **period):
    return registry.value(registry.get(key), scope(office, **period))


def check_seed_figures(root):
    constitution = dict(
        (stored, number)
        for stored, _label, number in registry.breakdown_values(
            registry.get("publicity.posters_leaflets"), scope(root), "theme"
        )
    )
    assert constitution["constitution"] == 8000
    assert value("publicity.exam_takers", root) == 4553
    for key, number in SEED_FIGURES.items():
        if "[" not in key:
            assert value(key, root) == number, key
    # "同比增加一千余人": last year's imported results, the same half-year.
    last_year = value(
        "publicity.exam_takers", root, start=demo.PERIOD_START.replace(year=2025),
        end=demo.PERIOD_END.replace(year=2025),
    )  # fmt: skip
    assert 1000 <= 4553 - last_year < 1100


def check_consistent_records(root):
    """The figures are the records: one result per person and exam, each passed against its
    exam's mark; the takers fit in their units' rosters; the materials add up."""
    rows = registry.records(registry.get("publicity.exam_takers"), scope(root))
    assert (
        rows.count()
        == ExamResult.objects.filter(
            exam__kind=ExamKind.ANNUAL, sat_on__year=2026, sat_on__month__lte=6
        ).count()
    )
    for result in ExamResult.objects.select_related("exam")[:500]:
        assert result.passed == (result.score >= result.exam.pass_mark)
        assert result.sat_on.year == result.exam.year
    rosters = dict(UnitYear.objects.filter(year=2026).values_list("unit_id", "staff"))
    per_unit = rows.order_by().values("unit_id").annotate(n=Count("pk"))
    for row in per_unit:
        assert row["n"] <= rosters[row["unit_id"]]
    kinds = registry.breakdown_values(registry.get("publicity.materials"), scope(root), "kind")
    assert sum(n for _k, _l, n in kinds) == value("publicity.materials", root)
    assert EventMaterial.objects.filter(kind=MaterialKind.POSTER).exists()


def check_summary(root):
    template = default_template("half_year")
    rendered = summary.render(
        template.title, template.body, root, demo.PERIOD_START, demo.PERIOD_END
    )
    text = rendered.text()
    missing = [sentence for sentence in SEED_SENTENCES if sentence not in text]
    assert not missing, missing
    last_year = rendered.numbers["publicity.exam_takers.last_year"].value
    assert 1000 <= 4553 - last_year < 1100
    yoy = rendered.values["publicity.exam_takers.yoy_abs"]
    assert f"组织全市公务人员4553人学法考试，同比增长{yoy}%（上年同期{last_year}人）" in text, text
    assert rendered.warnings == []


def check_vice_principals_and_model_villages(root):
    """Items 4 and 5: one school of the demo register has no 法治副校长 (coverage below 1, by
    township); one person serves two schools; a title revoked in March stops counting then."""
    from sifa.publicity.demo import SCHOOLS, VILLAGES

    rate = registry.ratio_value(registry.get_ratio("publicity.vp_coverage_rate"), scope(root))
    assert (rate.numerator, rate.denominator) == (SCHOOLS - 1, SCHOOLS)
    townships = registry.breakdown_values(
        registry.get("publicity.schools_covered"), scope(root), "township"
    )
    assert sum(n for _k, _l, n in townships) == SCHOOLS - 1 and len(townships) > 1
    assert value("publicity.vice_principals", root) == SCHOOLS - 1
    assert value("publicity.vp_hours", root) > 0
    titles = registry.get("publicity.model_villages")
    before = value("publicity.model_villages", root, end=demo.PERIOD_START)
    assert before == VILLAGES
    assert value("publicity.model_villages", root) == VILLAGES - 1
    reviews = registry.breakdown_values(
        registry.get("publicity.title_reviews"), scope(root), "outcome"
    )
    assert {label: n for _k, label, n in reviews} == {"保留": VILLAGES - 1, "撤销": 1}
    assert registry.records(titles, scope(root)).count() == VILLAGES - 1
    assert value("publicity.law_savvy", root) > 0
