"""Every registered indicator's figures, breakdowns, tree split and drill-down, computed both ways.

The registry (one grouped SQL query per set of records, scoped by `sifa.orgs.access`) against
the same figures computed here in Python from the records themselves: each record's office path
compared with the scope office and with the paths of the user's grants, as
`access.grants()` states them. The drill-down (`stats.selectors.indicator_records`) must be
exactly those records that `access.scope()` lets the user list, and the figure must equal the
records listed plus those the page says it hides (minors, other lines).

Users: the system (no user), the city leader (everything), a county section (part of the tree,
no minors right), a corrections worker of the county (one line, with the minors right), and a
user holding two grants in different branches (a township and the other county).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sifa.corrections.models import Subject
from sifa.orgs import access
from sifa.orgs.access import Cap
from sifa.people.models import Person
from sifa.practice.constants import Category, ClientKind, MatterCategory
from sifa.practice.models import Matter
from sifa.practice.tests.conftest import make_institution, register_lawyer
from sifa.stats import registry, selectors
from sifa.stats.registry import Scope
from sifa.stats.tests.helpers import END, START
from tests.factories import UserFactory, grant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_indicators", "roster")]

# Every indicator, five readers, several offices: about 20 s per test on the shared machine.
slow = pytest.mark.slow

PERIOD = (START, END)


def _subject(office, n: int, *, minor: bool, registered: date) -> Subject:
    person = Person.objects.create(office=office, name=f"对账对象{n}")
    return Subject.objects.create(
        office=office,
        number=f"R-{n:06d}",
        person=person,
        sentence_type="probation",
        crime="盗窃罪",
        original_sentence="有期徒刑一年，缓刑一年",
        decision_organ="court",
        decision_organ_name="某法院",
        judgment_number=f"（2026）刑初{n}号",
        judgment_effective_on=registered,
        notified_on=registered,
        report_due_on=registered,
        registered_on=registered,
        reported_on=registered,
        status="under_correction",
        is_minor=minor,
    )


@pytest.fixture
def lines(cast):
    """Records of two business lines across the tree: corrections subjects (adults and minors)
    at townships and a county, and the practice line's institutions, lawyers and register."""
    n = iter(range(1, 1000))
    for office in (cast.township_a1, cast.township_a2, cast.township_b1, cast.county_a):
        for minor in (False, True):
            for day in (date(2025, 12, 31), START, date(2026, 3, 15), END, date(2026, 7, 1)):
                _subject(office, next(n), minor=minor, registered=day)
    editor = UserFactory(username="reconcile_section")
    grant(editor, cast.city, "section")
    institutions = [
        make_institution(editor, cast.county_a, 71),
        make_institution(editor, cast.county_a, 72, Category.LEGAL_SERVICE_OFFICE),
        make_institution(editor, cast.county_b, 73),
    ]
    kinds = [MatterCategory.LITIGATION, MatterCategory.NON_LITIGATION, MatterCategory.ADVISER]
    clients = [ClientKind.values[0], ClientKind.values[-1]]
    for i, institution in enumerate(institutions):
        register_lawyer(editor, institution, name=f"对账律师{i}")
        for j, day in enumerate((date(2025, 12, 31), START, date(2026, 4, 1), END)):
            category = kinds[(i + j) % 3]
            Matter.objects.create(
                office=institution.office,
                institution=institution,
                number=f"R{i}-{j}",
                category=category,
                litigation_type="civil" if category == MatterCategory.LITIGATION else "",
                client=f"委托人{i}{j}",
                client_kind=clients[j % 2],
                accepted_on=day,
                closed_on=date(2027, 1, 1) if category == MatterCategory.ADVISER else None,
                subject_amount=Decimal("1000.50") * (j + 1),
                fee=Decimal("300.25") * (i + 1),
            )


@pytest.fixture
def readers(cast):
    """The users above: (name, user or None)."""
    cc_county = UserFactory(username="reconcile_cc_county")
    grant(cc_county, cast.county_a, "cc_worker")  # corrections only, with the minors right
    two_places = UserFactory(username="reconcile_two_places")
    grant(two_places, cast.township_a1, "jo_staff")
    grant(two_places, cast.county_b, "section")
    return [
        ("system", None),
        ("city_leader", cast.city_leader),
        ("county_section", cast.county_supervisor),
        ("cc_county", cc_county),
        ("two_places", two_places),
    ]


def _office_path_lookup(model) -> str:
    field = access.office_field_of(model)
    return f"{field}__path" if field else "path"


def expected(indicator, office, user):
    """(value, {breakdown key: {stored: value}}, {branch path: value}, record pks), computed in
    Python from the records of the period: their office under `office` and, with a user, under
    one of the user's grants giving `view` in any line (figures count every line and minors)."""
    qs = indicator.queryset().filter(indicator.period_q(*PERIOD))
    if indicator.where is not None:
        qs = qs.filter(indicator.where)
    seen = (
        [""]
        if user is None
        else [g.path for g in access.grants(user) if g.gives(Cap.VIEW, access.ANY_LINE)]
    )
    fields = [b.field for b in indicator.breakdowns]
    summed = [indicator.sum_field] if indicator.sum_field else []
    zero = Decimal(0) if indicator.sum_field else 0
    total, tables, branches, pks = zero, {b.key: {} for b in indicator.breakdowns}, {}, set()
    branch_length = (office.depth + 1) * type(office).steplen
    for row in qs.values_list("pk", _office_path_lookup(qs.model), *summed, *fields):
        pk, path, rest = row[0], row[1], row[2:]
        if not path.startswith(office.path) or not any(path.startswith(p) for p in seen):
            continue
        amount = (rest[0] if rest[0] is not None else zero) if summed else 1
        stored = rest[1:] if summed else rest
        pks.add(pk)
        total += amount
        for b, value in zip(indicator.breakdowns, stored, strict=True):
            tables[b.key][value] = tables[b.key].get(value, zero) + amount
        branch = path[:branch_length]
        branches[branch] = branches.get(branch, zero) + amount
    return total, tables, branches, pks


def _indicators(lines_with_records=False):
    """Every registered indicator, or those of the lines the fixture gives records to."""
    indicators = registry.all_indicators()
    if lines_with_records:
        prefixes = ("corrections.", "practice.", "orgs.", "test.")
        indicators = [i for i in indicators if i.key.startswith(prefixes)]
    return indicators


def test_the_cast_has_records_of_the_lines_compared(cast, lines):
    """The comparison below is not vacuous: figures of both lines and the test roster count."""
    scope = Scope(cast.city, *PERIOD)
    counted = {
        key
        for key in ("corrections.subjects_received", "practice.firm_matters", "test.staff_serving")
        if key in {i.key for i in _indicators()} and registry.value(registry.get(key), scope)
    }
    assert {"practice.firm_matters", "test.staff_serving"} <= counted
    assert Subject.objects.filter(is_minor=True).count() == 20


@slow
@pytest.mark.parametrize("office_attr", ["city", "county_a", "township_a1"])
def test_figures_equal_the_records_counted_in_python(cast, lines, readers, office_attr):
    office = getattr(cast, office_attr)
    indicators = _indicators()
    children = list(type(office).objects.get_children(office).order_by("path"))
    for name, user in readers:
        scope = Scope(office, *PERIOD, user=user)
        grid = registry.figures_grid(indicators, scope, [PERIOD], branches=True, cached=False)
        for indicator in indicators:
            figures = grid[(indicator.key, 0)]
            total, tables, branches, _pks = expected(indicator, office, user)
            where = (name, office_attr, indicator.key)
            assert figures.value == total, where
            for b in indicator.breakdowns:
                got = {stored: v for stored, _label, v in figures.breakdowns[b.key]}
                assert got == tables[b.key], (*where, b.key)
                # The labels, looked up once per grid for all the queries, are each row's own.
                labels = {stored: label for stored, label, _v in figures.breakdowns[b.key]}
                assert labels == registry.breakdown_labels(indicator, b, labels), (*where, b.key)
            zero = Decimal(0) if indicator.sum_field else 0
            want = [(None, branches.get(office.path, zero))]
            want += [
                (child, sum((v for p, v in branches.items() if p.startswith(child.path)), zero))
                for child in children
            ]
            assert figures.branches == want, where


@slow
@pytest.mark.parametrize("office_attr", ["city", "county_a"])
def test_drill_downs_list_what_access_scope_lists_and_state_the_rest(
    cast, lines, readers, office_attr
):
    office = getattr(cast, office_attr)
    for name, user in readers:
        if user is None:
            continue
        scope = Scope(office, *PERIOD, user=user)
        for indicator in _indicators(lines_with_records=True):
            total, _tables, _branches, pks = expected(indicator, office, user)
            listed = set(selectors.indicator_records(indicator, scope).values_list("pk", flat=True))
            model = indicator.model
            listable = set(
                access.scope(user, model.objects.filter(pk__in=pks)).values_list("pk", flat=True)
            )
            where = (name, office_attr, indicator.key)
            assert listed == listable, where
            hidden = selectors.indicator_hidden(indicator, scope)
            if not indicator.sum_field:
                assert total == len(listed) + hidden.minors + hidden.other_lines, where
