"""The declared report forms against hand-counted records (issue 6 item 7).

The mediation form is computed over real mediation cases spread across the cast's tree, in
the report month (March 2026), the month before, January, the same month a year before and
outside every period; each expected number below is counted by hand from the fixture.
"""

from datetime import date

import pytest

from sifa.mediation.models import MediationCase
from sifa.mediation.tests.factories import make_case, make_committee
from sifa.reports import compute, definitions
from sifa.reports.definitions import MOM, PERIOD, YOY, YTD
from sifa.stats import registry
from sifa.stats import selectors as stats_selectors
from sifa.stats.registry import Scope
from tests.factories import UserFactory, grant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mediation_test_form")]

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
ACCEPTED = "mediation.cases_accepted"
NEIGHBOURS, FAMILY, TRAFFIC = "neighbourhood", "marriage_family", "traffic_accident"


@pytest.fixture
def cases(cast):
    """Cases by committee, received on (type); `march` holds those of the report month."""
    b1_clerk = UserFactory(username="b1_clerk")
    grant(b1_clerk, cast.township_b1, "jo_staff")
    committee_a1 = make_committee(cast.township_a1)
    committee_a2 = make_committee(cast.township_a2)
    committee_b1 = make_committee(cast.township_b1)
    actors = {
        committee_a1: cast.township_clerk,
        committee_a2: cast.sibling_clerk,
        committee_b1: b1_clerk,
    }

    def case(committee, day, dispute_type):
        return make_case(actors[committee], committee, received_on=day, dispute_type=dispute_type)

    march = [
        case(committee_a1, date(2026, 3, 1), NEIGHBOURS),  # first day of the month
        case(committee_a1, date(2026, 3, 31), NEIGHBOURS),  # last day of the month
        case(committee_a1, date(2026, 3, 15), FAMILY),
        case(committee_a2, date(2026, 3, 10), TRAFFIC),
        case(committee_b1, date(2026, 3, 20), FAMILY),
        case(committee_b1, date(2026, 3, 2), TRAFFIC),
    ]
    # The county bureau's own record (本级): only a committee registers through the action, so
    # this one is stored directly, as an imported or centre-kept case would be.
    march.append(
        MediationCase.objects.create(
            office=cast.county_a,
            number="COUNTY-A-1",
            source="application",
            dispute_type=NEIGHBOURS,
            facts="县局直接受理的纠纷。",
            received_on=date(2026, 3, 5),
        )
    )
    # February (环比's base) and January (本年累计 only).
    case(committee_a1, date(2026, 2, 28), NEIGHBOURS)
    case(committee_a2, date(2026, 2, 1), FAMILY)
    case(committee_b1, date(2026, 2, 10), TRAFFIC)
    case(committee_b1, date(2026, 2, 11), TRAFFIC)
    case(committee_a1, date(2026, 1, 5), TRAFFIC)
    # March 2025 (同比's base).
    case(committee_a1, date(2025, 3, 31), NEIGHBOURS)
    case(committee_b1, date(2025, 3, 1), FAMILY)
    # Outside every period the form reads.
    case(committee_a1, date(2026, 4, 1), NEIGHBOURS)
    case(committee_a2, date(2025, 12, 31), NEIGHBOURS)
    return {"march": march, "a1": committee_a1, "a2": committee_a2, "b1": committee_b1}


def mediation_table(office):
    form = definitions.get_form("test.mediation_form")  # conftest.TEST_FORM
    return compute.compute_form(form, office, *MARCH)


def accepted(table, *, row=None, stored=..., measure=PERIOD):
    return table.value(ACCEPTED, row=row, stored=stored, measure=measure)


def test_leaf_township(cast, cases):
    table = mediation_table(cast.township_a1)
    # 3 in March (2 邻里, 1 婚姻家庭); + 1 in February + 1 in January = 5 this year.
    assert accepted(table) == 3
    assert accepted(table, measure=YTD) == 5
    assert accepted(table, stored=NEIGHBOURS) == 2
    assert accepted(table, stored=FAMILY) == 1
    assert accepted(table, stored=TRAFFIC) == 0  # a column: January had one
    assert accepted(table, stored=TRAFFIC, measure=YTD) == 1
    # March 2025: 1 → (3 − 1) / 1 = +200%; February: 1 → +200%.
    assert accepted(table, measure=YOY) == 200
    assert accepted(table, measure=MOM) == 200
    rows = {r.office.pk: r for r in table.rows[1:]}
    assert [r.kind for r in table.rows] == ["total", "own", "child", "child"]
    assert accepted(table, row=table.row_of(cast.township_a1)) == 0  # cases sit in committees
    assert accepted(table, row=rows[cases["a1"].pk]) == 3
    assert accepted(table, row=rows[cast.village_a1.pk]) == 0


def test_parent_county(cast, cases):
    table = mediation_table(cast.county_a)
    # March: A1 3 + A2 1 + the county's own 1 = 5; February 2 (A1, A2); January 1.
    assert accepted(table) == 5
    assert accepted(table, measure=YTD) == 8
    assert accepted(table, measure=YOY) == 400  # March 2025: 1 (A1)
    assert accepted(table, measure=MOM) == 150  # February: 2
    assert accepted(table, row=table.row_of(cast.county_a)) == 1
    assert accepted(table, row=table.row_of(cast.township_a1)) == 3
    assert accepted(table, row=table.row_of(cast.township_a2)) == 1
    assert accepted(table, row=table.row_of(cast.township_a1), measure=YTD) == 5
    assert accepted(table, row=table.row_of(cast.township_a2), measure=YTD) == 2
    assert accepted(table, stored=NEIGHBOURS) == 3  # A1 2 + the county's own 1
    assert accepted(table, stored=FAMILY) == 1
    assert accepted(table, stored=TRAFFIC) == 1
    own = table.row_of(cast.county_a)
    assert accepted(table, row=own, stored=NEIGHBOURS) == 1
    assert accepted(table, row=own, stored=FAMILY) == 0


def test_whole_tree_city(cast, cases):
    table = mediation_table(cast.city)
    # March: county A 5 + county B 2 = 7; February 4; January 1 → 12 this year.
    assert accepted(table) == 7
    assert accepted(table, measure=YTD) == 12
    assert accepted(table, measure=YOY) == 250  # March 2025: 2
    assert accepted(table, measure=MOM) == 75  # February: 4
    assert [r.office for r in table.rows[2:]] == [cast.county_a, cast.county_b]
    assert accepted(table, row=table.row_of(cast.city)) == 0
    assert accepted(table, row=table.row_of(cast.county_a)) == 5
    assert accepted(table, row=table.row_of(cast.county_b)) == 2
    assert accepted(table, stored=NEIGHBOURS) == 3
    assert accepted(table, stored=FAMILY) == 2
    assert accepted(table, stored=TRAFFIC) == 2
    # By type a year before: 邻里 1 (A1), 婚姻家庭 1 (B1), 交通 0 → no base.
    assert accepted(table, stored=NEIGHBOURS, measure=YOY) == 200
    assert accepted(table, stored=FAMILY, measure=YOY) == 100
    assert accepted(table, stored=TRAFFIC, measure=YOY) is None
    # February by type: 邻里 1, 婚姻家庭 1, 交通 2.
    assert accepted(table, stored=TRAFFIC, measure=MOM) == 0
    assert accepted(table, stored=NEIGHBOURS, measure=MOM) == 200


@pytest.mark.parametrize("where", ["township_a1", "county_a", "city"])
def test_each_case_in_exactly_one_type_bucket(cast, cases, where):
    office = getattr(cast, where)
    table = mediation_table(office)
    buckets = [
        (n, s)
        for n, s in enumerate(table.subcolumns)
        if s.indicator.key == ACCEPTED and not s.is_total
    ]
    for row in table.rows:
        assert sum(table.cell(row, n, PERIOD).value for n, _s in buckets) == accepted(
            table, row=row
        )
    # Follow each bucket's link of the 合计 row: the records behind the buckets are the
    # month's cases of the subtree, each listed under exactly one type.
    expected = {c.pk for c in cases["march"] if c.office.path.startswith(office.path)}
    seen: list[int] = []
    for n, sub in buckets:
        link = table.cell(table.total_row(), n, PERIOD).link
        scope = Scope(office, link.start, link.end)
        qs = stats_selectors.indicator_records(
            sub.indicator, scope, breakdown=link.breakdown, value=link.token
        )
        pks = list(qs.values_list("pk", flat=True))
        assert len(pks) == table.cell(table.total_row(), n, PERIOD).value
        seen += pks
    assert sorted(seen) == sorted(expected)


def test_every_declared_form_computes_on_the_cast_and_links_every_number(cast, cases):
    forms = definitions.all_forms()
    assert {f.key for f in forms} >= {
        "mediation.monthly",
        "legalaid.monthly",
        "corrections.monthly",
        "resettlement.monthly",
        "orgs.monthly",
    }
    tables = compute.compute_set(forms, cast.city, *MARCH, user=cast.city_leader)
    for form in forms:
        table = tables[form.key]
        assert table.subcolumns, form.key
        for row in table.rows:
            for n, sub in enumerate(table.subcolumns):
                for measure in table.measures:
                    cell = table.cell(row, n, measure)
                    if sub.indicator.kind == registry.STOCK and measure == YTD:
                        assert cell.value is None  # a stock does not accumulate
                        continue
                    assert cell.link is not None, (form.key, row.label, sub.label, measure)
                    assert cell.link.url().startswith(f"/stats/indicators/{sub.indicator.key}/")
    legal_aid = tables["legalaid.monthly"]
    matter_types = [s.stored for s in legal_aid.subcolumns if not s.is_total]
    assert {"criminal", "civil", "administrative"} <= set(matter_types)
    assert legal_aid.value("legalaid.cases_accepted") == 0  # no legal aid records here
    corrections = tables["corrections.monthly"]
    assert {"control", "probation", "parole", "outside_prison"} <= {
        s.stored for s in corrections.subcolumns if not s.is_total
    }
    # The user's scope: the city leader sees every March case.
    assert tables["mediation.monthly"].value(ACCEPTED) == 7
    assert tables["mediation.by_type"].value(ACCEPTED) == 7


def test_declarations_are_valid():
    for form in definitions.all_forms():
        assert definitions.problems(form) == [], form.key
        assert form.declared, f"{form.line} has no declared form"
