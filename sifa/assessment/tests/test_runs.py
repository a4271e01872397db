"""A run from opening to finalising on the test cast (county A: 甲一镇, 甲二镇司法所)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from sifa.assessment import compute, rules
from sifa.assessment.actions import runs as actions
from sifa.assessment.actions import schemes as scheme_actions
from sifa.assessment.constants import ObjectionOutcome, RunStatus
from sifa.assessment.models import Score
from sifa.assessment.selectors import runs as selectors
from sifa.assessment.selectors.what_if import what_if
from sifa.assessment.tests.helpers import H1, PDF, released, small_scheme
from sifa.core.calendar import WorkingCalendar
from sifa.core.testing import NON_FIELD, errors_of
from sifa.resettlement.models import ReleasedPerson
from sifa.stats import registry
from sifa.stats.registry import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast):
    section = cast.county_supervisor
    a1 = cast.township_a1
    # 甲一镇: 3 released in H1, 2 connected (66.67%); one more released in July (outside).
    released(section, a1, on=date(2026, 1, 1), connected=True)
    released(section, a1, on=date(2026, 6, 30), connected=True)
    released(section, a1, on=date(2026, 3, 3), connected=False, below=cast.village_a1)
    released(section, a1, on=date(2026, 7, 1), connected=False)
    # 甲二镇: nobody released: no denominator.
    scheme, items = small_scheme(section, cast.county_a)
    return cast, scheme, items


def scores_of(run, office):
    return {
        s.item.code: s for s in Score.objects.filter(run=run, office=office).select_related("item")
    }


def test_automatic_items_equal_the_registry_per_office_and_their_rules(setup):
    cast, scheme, _items = setup
    run = actions.run_open(
        actor=cast.county_supervisor, scheme=scheme, period=scheme.periods.first()
    )
    assert {s.office_id for s in run.scores.all()} == {cast.township_a1.pk, cast.township_a2.pk}
    for office in (cast.township_a1, cast.township_a2):
        scope = Scope(office, *H1)
        got = scores_of(run, office)
        for code, key in (("B2", "resettlement.released"), ("B3", "resettlement.connected")):
            assert got[code].value == registry.value(registry.get(key), scope)
        ratio = registry.ratio_value(registry.get_ratio("resettlement.connection_rate"), scope)
        assert got["B1"].value == ratio.value
        assert got["B1"].numerator == ratio.numerator and got["B1"].denominator == ratio.denominator
    a1 = scores_of(run, cast.township_a1)
    assert a1["B1"].value == D("66.67")  # 2 of 3
    assert a1["B1"].points == rules.rate_threshold(
        D("66.67"), maximum=10, threshold=98, step=D("0.5")
    )
    assert a1["B2"].points == D("0.00")  # 3 released, 1 point each, max 3: floor 0
    assert a1["B3"].points == D("6.00")  # 2 connected: target met
    assert a1["J1"].points == D("3.00")  # 2 × 2 = 4, capped at the item's 3
    a2 = scores_of(run, cast.township_a2)
    assert a2["B1"].value is None and a2["B1"].points == D("10.00")
    assert a2["B2"].points == D("3.00") and a2["B3"].points == D("0.00")
    assert a1["A1"].points is None  # manual: waits for a scorer


def test_office_values_read_one_grid_per_parent(setup, django_assert_max_num_queries):
    cast, _scheme, _items = setup
    sources = ["resettlement.connection_rate", "resettlement.released", "resettlement.connected"]
    offices = [cast.township_a1, cast.township_a2, cast.township_b1]
    with django_assert_max_num_queries(
        6
    ):  # parents, then per parent (2) one grouped query + children
        values = compute.office_values(
            sources, offices, [H1, (date(2026, 7, 1), date(2026, 12, 31))]
        )
    assert values[("resettlement.released", cast.township_a1.pk, 0)].value == 3
    assert values[("resettlement.released", cast.township_a1.pk, 1)].value == 1
    assert values[("resettlement.released", cast.township_b1.pk, 0)].value == 0


def test_a_change_after_a_run_started_makes_a_new_version(setup):
    cast, scheme, items = setup
    section = cast.county_supervisor
    item = scheme_actions.item_save(
        actor=section, scheme=scheme, item=items["incident"], nature="scored",
        category=items["incident"].category, code="B2", text="新接收对象每人扣1分",
        max_points=D(3), rule="per_incident", source="resettlement.released", step=D(2), order=2,
    )  # fmt: skip
    assert item.scheme_id == scheme.pk  # not frozen yet: edited in place
    run = actions.run_open(actor=section, scheme=scheme, period=scheme.periods.first())
    scheme.refresh_from_db()
    assert scheme.frozen
    changed = scheme_actions.item_save(
        actor=section, scheme=scheme, item=items["incident"], nature="scored",
        category=items["incident"].category, code="B2", text="新接收对象每人扣1分",
        max_points=D(3), rule="per_incident", source="resettlement.released", step=D(1), order=2,
    )  # fmt: skip
    new = changed.scheme
    assert new.pk != scheme.pk and new.version == 2 and new.replaces_id == scheme.pk
    assert not new.frozen and new.items.count() == scheme.items.count()
    assert scheme.items.get(code="B2").step == D(2)  # the run's rules stay
    assert run.scores.filter(item__scheme=scheme).count() == run.scores.count()
    # A second edit goes to the same new version, not a third.
    again = scheme_actions.category_save(
        actor=section, scheme=scheme, category=items["manual"].category, name="规范化建设",
        max_points=D(20), order=1,
    )  # fmt: skip
    assert again.scheme_id == new.pk


def test_items_may_not_exceed_their_category(setup):
    cast, scheme, items = setup
    with pytest.raises(ValidationError, match="超过类别分值"):
        scheme_actions.item_save(
            actor=cast.county_supervisor, scheme=scheme, category=items["manual"].category,
            nature="scored", code="A2", text="多余", max_points=D(1), rule="manual",
            evidence_required=True, order=2,
        )  # fmt: skip


def test_the_office_uploads_evidence_the_section_scores_objection_answer_finalise(setup):
    cast, scheme, _items = setup
    section, clerk = cast.county_supervisor, cast.township_clerk
    run = actions.run_open(actor=section, scheme=scheme, period=scheme.periods.first())
    manual = scores_of(run, cast.township_a1)["A1"]
    with pytest.raises(ValidationError, match="佐证材料"):
        actions.score_manual(actor=section, score=manual, points=D(18), reason="缺")
    with pytest.raises(Http404):  # the sibling office does not even see 甲一镇
        actions.evidence_upload(
            actor=cast.sibling_clerk, score=manual, files=[SimpleUploadedFile("a.pdf", PDF)]
        )
    with pytest.raises(ValidationError) as refused:  # not a PDF, though named one
        actions.evidence_upload(
            actor=clerk, score=manual, files=[SimpleUploadedFile("a.pdf", b"hello")]
        )
    assert errors_of(refused.value) == {
        NON_FIELD: ["文件“a.pdf”的内容与扩展名不符，不是有效的 PDF、JPEG 或 PNG 文件。"]
    }
    actions.evidence_upload(actor=clerk, score=manual, files=[SimpleUploadedFile("台账.pdf", PDF)])
    evidence = manual.evidence.get()
    assert actions.evidence_content(actor=section, evidence=evidence) == PDF
    with pytest.raises(ValidationError, match="理由"):
        actions.score_manual(actor=section, score=manual, points=D(18), reason=" ")
    actions.score_manual(actor=section, score=manual, points=D(18), reason="台账不全")
    other = scores_of(run, cast.township_a2)["A1"]
    with pytest.raises(ValidationError, match="未评定"):
        actions.run_publish(actor=section, run=run)
    actions.evidence_upload(
        actor=cast.sibling_clerk, score=other, files=[SimpleUploadedFile("b.pdf", PDF)]
    )
    actions.score_manual(actor=section, score=other, points=D(20), reason="")
    published_on = date(2026, 7, 6)  # a Monday
    actions.run_publish(actor=section, run=run, today=published_on)
    run.refresh_from_db()
    assert run.objection_deadline == WorkingCalendar().add_working_days(
        published_on, actions.objection_days()
    )
    objection = actions.objection_raise(
        actor=clerk, score=manual, text="台账已补齐", today=run.objection_deadline
    )
    with pytest.raises(ValidationError, match="待答复"):
        actions.objection_raise(actor=clerk, score=manual, text="再次", today=published_on)
    with pytest.raises(ValidationError, match="截止"):
        actions.objection_raise(
            actor=clerk, score=scores_of(run, cast.township_a1)["B1"], text="晚了",
            today=run.objection_deadline + timedelta(days=1),
        )  # fmt: skip
    after = run.objection_deadline + timedelta(days=1)
    with pytest.raises(ValidationError, match="异议未答复"):
        actions.run_finalise(actor=section, run=run, today=after)
    actions.objection_answer(
        actor=section, objection=objection, upheld=True, answer="经核实已补齐", points=D(19)
    )
    manual.refresh_from_db()
    objection.refresh_from_db()
    assert manual.points == D(19) and objection.outcome == ObjectionOutcome.UPHELD
    assert objection.points_before == D(18)
    actions.run_finalise(actor=section, run=run, today=after)
    run.refresh_from_db()
    assert run.status == RunStatus.FINALISED
    with pytest.raises(ValidationError, match="定稿"):
        actions.score_manual(actor=section, score=manual, points=D(20), reason="")


def test_frozen_scores_stay_when_records_change_and_the_change_is_listed(setup):
    cast, scheme, _items = setup
    section = cast.county_supervisor
    run = actions.run_open(actor=section, scheme=scheme, period=scheme.periods.first())
    for score in Score.objects.filter(run=run, item__source=""):
        actions.evidence_upload(
            actor=section, score=score, files=[SimpleUploadedFile("a.pdf", PDF)]
        )
        actions.score_manual(actor=section, score=score, points=D(20), reason="")
    actions.run_publish(actor=section, run=run, today=date(2026, 7, 6))
    run.refresh_from_db()
    actions.run_finalise(actor=section, run=run, today=run.objection_deadline + timedelta(days=1))
    b2 = scores_of(run, cast.township_a1)["B2"]
    assert b2.record_count == 3 and len(b2.fingerprint) == 64
    assert selectors.run_changes(section, run) == []
    # A released person is back-dated out of the half-year, another added.
    moved = ReleasedPerson.objects.filter(
        office=cast.township_a1, released_on=date(2026, 1, 1)
    ).get()
    moved.released_on = date(2025, 12, 31)
    moved.save()
    added = released(section, cast.township_a1, on=date(2026, 2, 2), connected=False)
    changes = {
        (c.score.office_id, c.score.item.code): c for c in selectors.run_changes(section, run)
    }
    b2_changes = changes[(cast.township_a1.pk, "B2")]
    assert b2_changes.added == [f"新接收安置帮教对象数：{added}"]
    assert b2_changes.removed == [f"新接收安置帮教对象数：{moved}"]
    assert (cast.township_a2.pk, "B2") not in changes
    b2.refresh_from_db()
    assert b2.value == 3 and b2.points == D("0.00")  # frozen: unchanged
    # The ranking still reads the frozen points.
    _categories, rows, _before = selectors.ranking(section, run)
    a1, a2 = scores_of(run, cast.township_a1), scores_of(run, cast.township_a2)

    def expected(own):
        scored = [own[c].points for c in ("A1", "B1", "B2", "B3")]
        return rules.total(scored, [own["J1"].points], [], bonus_cap=scheme.bonus_cap)

    assert [(r.office, r.total) for r in rows] == sorted(
        [(cast.township_a1, expected(a1)), (cast.township_a2, expected(a2))], key=lambda r: -r[1]
    )
    assert [r.rank for r in rows] == [1, 2] and expected(a1) != expected(a2)


def test_the_year_weights_each_periods_total_and_the_previous_period_is_compared(setup):
    cast, scheme, _items = setup
    section = cast.county_supervisor
    first, second = scheme.periods.order_by("start")
    h1 = actions.run_open(actor=section, scheme=scheme, period=first)
    h2 = actions.run_open(actor=section, scheme=scheme, period=second)
    runs, rows = selectors.year_ranking(section, scheme)
    assert runs == [h1, h2]
    _c, ranked, before = selectors.ranking(section, h2)
    assert before == h1
    halves = [selectors.office_results(r, selectors.run_scores(section, r)) for r in (h1, h2)]
    for row in rows:
        one, two = (h[row.office.pk].total for h in halves)
        assert row.periods == [one, two]
        assert row.total == rules.weighted([(one, first.weight), (two, second.weight)])
    for row in ranked:
        assert row.change == row.total - halves[0][row.office.pk].total


def test_what_if_scores_the_next_version_on_the_runs_records_without_saving(setup):
    cast, scheme, items = setup
    section = cast.county_supervisor
    run = actions.run_open(actor=section, scheme=scheme, period=scheme.periods.first())
    b2 = items["incident"]
    changed = scheme_actions.item_save(
        actor=section, scheme=scheme, item=b2, nature="scored", category=b2.category, code="B2",
        text=b2.text, max_points=D(3), rule="per_incident", source=b2.source, step=D("0.5"),
        order=2,
    )  # fmt: skip
    saved = Score.objects.count()
    rows = {r.office: r for r in what_if(section, changed.scheme, run)}
    assert Score.objects.count() == saved
    a1, a2 = rows[cast.township_a1], rows[cast.township_a2]
    released_a1 = registry.value(
        registry.get("resettlement.released"), Scope(cast.township_a1, *H1)
    )
    gained = rules.per_incident(released_a1, maximum=3, step=D("0.5")) - rules.per_incident(
        released_a1, maximum=3, step=1
    )
    assert gained > 0
    assert a1.total == a1.run_total + gained
    assert a2.total == a2.run_total  # nobody released: full marks under both versions
