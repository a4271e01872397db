"""Registry semantics: flows, stocks, sums, breakdowns, the tree split and user scoping."""

import dataclasses
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import checks

from sifa.orgs.constants import OfficeKind
from sifa.orgs.models import Office, StaffMember
from sifa.people.models import Person
from sifa.stats import registry
from sifa.stats.apps import check_indicators
from sifa.stats.registry import FLOW, STOCK, Breakdown, Indicator, Scope
from sifa.stats.tests.helpers import (
    APPOINTED,
    CHILDREN_TOTAL,
    END,
    OFFICES,
    PEOPLE_REGISTERED,
    POSTS,
    SERVING,
    START,
    add_staff,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_indicators")]


def in_subtree(record, office):
    return record.office.path.startswith(office.path)


def appointed_in_period(roster, office):
    return [s for s in roster if in_subtree(s, office) and START <= s.start_date <= END]


def serving_at_end(roster, office):
    return [
        s
        for s in roster
        if in_subtree(s, office)
        and s.start_date <= END
        and (s.end_date is None or s.end_date > END)
    ]


class TestFlow:
    def test_counts_by_event_date_including_both_ends(self, cast, roster):
        scope = Scope(cast.city, START, END)
        found = set(registry.records(APPOINTED, scope))
        assert found == set(appointed_in_period(roster, cast.city))
        assert registry.value(APPOINTED, scope) == len(found)
        starts = {s.start_date for s in found}
        assert START in starts and END in starts  # both ends of the period count
        assert all(START <= d <= END for d in starts)

    def test_a_day_outside_the_period_does_not_count(self, cast):
        add_staff(cast.township_a1, start=START - timedelta(days=1))
        add_staff(cast.township_a1, start=END + timedelta(days=1))
        assert registry.value(APPOINTED, Scope(cast.city, START, END)) == 0

    def test_counts_only_the_office_subtree(self, cast, roster):
        for office in (cast.county_a, cast.township_a1, cast.township_b1, cast.village_a1):
            expected = len(appointed_in_period(roster, office))
            assert registry.value(APPOINTED, Scope(office, START, END)) == expected

    def test_a_datetime_event_counts_on_its_local_date(self, cast):
        """An event late on the last day (Beijing time) belongs to that day."""
        shanghai = ZoneInfo("Asia/Shanghai")
        late = Person.objects.create(office=cast.township_a1, name="晚登记")
        early_next = Person.objects.create(office=cast.township_a1, name="次日登记")
        Person.objects.filter(pk=late.pk).update(
            created_at=datetime(2026, 6, 30, 23, 30, tzinfo=shanghai)
        )
        Person.objects.filter(pk=early_next.pk).update(
            created_at=datetime(2026, 7, 1, 0, 30, tzinfo=shanghai)
        )
        found = list(registry.records(PEOPLE_REGISTERED, Scope(cast.city, START, END)))
        assert found == [late]


class TestStock:
    def test_counts_records_valid_at_the_period_end(self, cast, roster):
        scope = Scope(cast.city, START, END)
        found = set(registry.records(SERVING, scope))
        assert found == set(serving_at_end(roster, cast.city))
        assert registry.value(SERVING, scope) == len(found)

    def test_validity_end_is_exclusive_and_start_inclusive(self, cast):
        ends_on_day = add_staff(cast.township_a1, start=date(2026, 1, 5), end=END)
        ends_next_day = add_staff(cast.township_a1, start=date(2026, 1, 5), end=END + timedelta(1))
        starts_on_day = add_staff(cast.township_a1, start=END)
        starts_next_day = add_staff(cast.township_a1, start=END + timedelta(1))
        open_ended = add_staff(cast.township_a1, start=date(2020, 1, 1))
        found = set(registry.records(SERVING, Scope(cast.township_a1, START, END)))
        assert found == {ends_next_day, starts_on_day, open_ended}
        assert ends_on_day not in found and starts_next_day not in found

    def test_the_period_start_does_not_matter(self, cast, roster):
        early = registry.value(SERVING, Scope(cast.city, date(2000, 1, 1), END))
        late = registry.value(SERVING, Scope(cast.city, END, END))
        assert early == late == len(serving_at_end(roster, cast.city))

    def test_empty_validity_dates_mean_always_started_and_never_ended(self, cast):
        Office.objects.filter(pk=cast.township_b1.pk).update(established_on=date(2026, 7, 1))
        Office.objects.filter(pk=cast.township_a2.pk).update(closed_on=END)
        Office.objects.filter(pk=cast.county_b.pk).update(
            established_on=date(2010, 1, 1), closed_on=date(2030, 1, 1)
        )
        found = set(registry.records(OFFICES, Scope(cast.city, START, END)))
        expected = set(Office.objects.all()) - {cast.township_b1, cast.township_a2}
        assert found == expected


class TestSum:
    def test_value_is_the_sum_of_the_field(self, cast):
        for office in (cast.city, cast.county_a, cast.township_a1):
            subtree = Office.objects.filter(path__startswith=office.path)
            expected = sum(o.numchild for o in subtree)
            assert registry.value(CHILDREN_TOTAL, Scope(office, START, END)) == expected

    def test_no_records_sum_to_zero(self, cast):
        Office.objects.filter(pk=cast.village_a1.pk).update(closed_on=date(2020, 1, 1))
        sum_closed = Indicator(
            key="test.closed_children",
            label="已撤销机构下级数",
            unit="个",
            definition="测试",
            line="测试机构",
            kind=STOCK,
            queryset=lambda: Office.objects.filter(closed_on__isnull=False),
            end_field="closed_on",
            sum_field="numchild",
        )
        assert registry.value(sum_closed, Scope(cast.city, START, END)) == Decimal(0)


class TestStockEndedByAnnotation:
    def test_end_field_may_name_an_annotation_of_the_queryset(self, cast):
        """A stock ended by the first of several dates: `end_field` names a Coalesce."""
        from django.db.models.functions import Coalesce

        offices = Indicator(
            key="test.offices_until_closed_or_established",
            label="机构数",
            unit="个",
            definition="测试：以撤销日期或（无撤销日期时）成立日期为结束日期。",
            line="测试机构",
            kind=STOCK,
            queryset=lambda: Office.objects.annotate(
                ends_on=Coalesce("closed_on", "established_on")
            ),
            end_field="ends_on",
        )
        assert registry.problems(offices) == []
        Office.objects.filter(pk=cast.county_b.pk).update(
            closed_on=date(2030, 1, 1), established_on=date(2000, 1, 1)
        )
        Office.objects.filter(pk=cast.township_a2.pk).update(
            closed_on=None, established_on=date(2000, 1, 1)
        )
        counted = set(registry.records(offices, Scope(cast.city, START, END)))
        assert cast.county_b in counted  # closes after the period end
        assert cast.township_a2 not in counted  # "ends" (no closing) on its establishment
        assert offices.field_label("ends_on") == "结束日期"


class TestBreakdowns:
    def test_rows_add_up_to_the_value_and_use_the_labels(self, cast, roster):
        scope = Scope(cast.city, START, END)
        total = registry.value(APPOINTED, scope)
        rows = registry.breakdown_values(APPOINTED, scope, "post")
        assert sum(v for _stored, _label, v in rows) == total
        counted = appointed_in_period(roster, cast.city)
        for stored, label, v in rows:
            assert v == len([s for s in counted if s.post == stored])
            assert label == POSTS.get(stored, "（未填写）")
        assert [v for _s, _l, v in rows] == sorted((v for _s, _l, v in rows), reverse=True)

    def test_default_labels_for_booleans_foreign_keys_and_choices(self, cast, roster):
        scope = Scope(cast.city, START, END)
        by_time = {
            s: label for s, label, _v in registry.breakdown_values(APPOINTED, scope, "full_time")
        }
        assert by_time == {True: "是", False: "否"}
        by_office = registry.breakdown_values(APPOINTED, scope, "office")
        offices = {o.pk: o.name for o in Office.objects.all()}
        assert {label for _s, label, _v in by_office} == {
            offices[s.office_id] for s in appointed_in_period(roster, cast.city)
        }
        by_kind = {s: label for s, label, _v in registry.breakdown_values(OFFICES, scope, "kind")}
        assert by_kind[OfficeKind.JUDICIAL_OFFICE] == "司法所"

    def test_callable_labels(self, cast, roster):
        rows = registry.breakdown_values(SERVING, Scope(cast.city, START, END), "post")
        assert {label for stored, label, _v in rows if stored in POSTS} <= set(POSTS.values())

    def test_unknown_breakdown(self, cast):
        with pytest.raises(KeyError):
            registry.breakdown_values(APPOINTED, Scope(cast.city, START, END), "nope")

    def test_each_row_filters_back_to_its_records(self, cast, roster):
        scope = Scope(cast.city, START, END)
        for b in APPOINTED.breakdowns:
            for stored, _label, v in registry.breakdown_values(APPOINTED, scope, b.key):
                token = registry.breakdown_token(stored)
                qs = registry.filter_by_breakdown(
                    APPOINTED, registry.records(APPOINTED, scope), b.key, token
                )
                assert qs.count() == v

    def test_a_missing_value_is_a_row_of_its_own(self, cast):
        nullable = Indicator(
            key="test.by_closing",
            label="按撤销日期",
            unit="个",
            definition="测试",
            line="测试机构",
            kind=STOCK,
            queryset=Office.objects.all,
            breakdowns=(Breakdown("closed", "撤销日期", "closed_on"),),
        )
        Office.objects.filter(pk=cast.county_b.pk).update(closed_on=date(2030, 1, 1))
        scope = Scope(cast.city, START, END)
        rows = registry.breakdown_values(nullable, scope, "closed")
        assert (None, "（未填写）", Office.objects.filter(closed_on=None).count()) in rows
        qs = registry.filter_by_breakdown(
            nullable, registry.records(nullable, scope), "closed", registry.NULL_IN_URL
        )
        assert cast.county_b not in set(qs)

    def test_a_value_the_field_cannot_hold_is_refused(self, cast):
        qs = registry.records(APPOINTED, Scope(cast.city, START, END))
        with pytest.raises(ValueError):
            registry.filter_by_breakdown(APPOINTED, qs, "office", "not-a-number")
        by_date = Indicator(
            key="test.by_date",
            label="按成立日期",
            unit="个",
            definition="测试",
            line="测试机构",
            kind=STOCK,
            queryset=Office.objects.all,
            breakdowns=(Breakdown("d", "成立日期", "established_on"),),
        )
        offices = registry.records(by_date, Scope(cast.city, START, END))
        with pytest.raises(ValueError):
            registry.filter_by_breakdown(by_date, offices, "d", "2026-13-45")


class TestTreeSplit:
    def test_rows_add_up_and_follow_the_children(self, cast, roster):
        for office in (cast.city, cast.county_a, cast.township_a1):
            scope = Scope(office, START, END)
            rows = registry.child_office_values(APPOINTED, scope)
            assert rows[0][0] is None  # 本级 first
            children = list(
                Office.objects.filter(path__startswith=office.path, depth=office.depth + 1)
            )
            assert [o for o, _v in rows[1:]] == sorted(children, key=lambda o: o.path)
            assert sum(v for _o, v in rows) == registry.value(APPOINTED, scope)
            counted = appointed_in_period(roster, office)
            assert rows[0][1] == len([s for s in counted if s.office_id == office.pk])
            for child, v in rows[1:]:
                assert v == len([s for s in counted if in_subtree(s, child)])

    def test_own_records_only(self, cast, roster):
        scope = Scope(cast.county_a, START, END)
        own = registry.at_office_only(APPOINTED, registry.records(APPOINTED, scope), cast.county_a)
        assert {s.office for s in own} == {cast.county_a}

    def test_office_records_split_along_the_tree(self, cast):
        rows = registry.child_office_values(OFFICES, Scope(cast.county_a, START, END))
        assert rows[0] == (None, 1)  # the county office itself
        assert (
            sum(v for _o, v in rows)
            == Office.objects.filter(path__startswith=cast.county_a.path).count()
        )


class TestFigures:
    """`figures()` gives, from one grouped query, what the separate functions give."""

    def test_equals_value_breakdowns_and_tree_split(self, cast, roster):
        add_staff(cast.county_a, start=START, post="")  # a missing breakdown value
        for indicator in (APPOINTED, SERVING, OFFICES, CHILDREN_TOTAL, PEOPLE_REGISTERED):
            for office in (cast.city, cast.county_a, cast.township_a1):
                for user in (None, cast.township_clerk, cast.city_leader):
                    scope = Scope(office, START, END, user=user)
                    result = registry.figures(indicator, scope, branches=True)
                    assert result.value == registry.value(indicator, scope)
                    assert result.branches == registry.child_office_values(indicator, scope)
                    for b in indicator.breakdowns:
                        assert sorted(result.breakdowns[b.key], key=str) == sorted(
                            registry.breakdown_values(indicator, scope, b.key), key=str
                        ), (indicator.key, b.key)

    def test_rows_are_largest_first_and_the_tree_split_is_optional(self, cast, roster):
        result = registry.figures(APPOINTED, Scope(cast.city, START, END))
        assert result.branches is None
        for rows in result.breakdowns.values():
            assert [v for _s, _l, v in rows] == sorted((v for _s, _l, v in rows), reverse=True)

    def test_indicators_counting_the_same_records_share_one_query(self, cast, roster):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        children = dataclasses.replace(OFFICES, key="test.children", sum_field="numchild")
        scope = Scope(cast.city, START, END)
        with CaptureQueriesContext(connection) as queries:
            result = registry.figures_many([SERVING, children, OFFICES], scope)
        assert len(queries) == 2  # `children` and OFFICES count the same offices
        for indicator in (SERVING, children, OFFICES):
            assert result[indicator.key] == registry.figures(indicator, scope)
        assert result[children.key].value == sum(
            o.numchild for o in registry.records(OFFICES, scope)
        )

    def test_a_where_narrows_the_records_and_shares_the_query(self, cast, roster):
        from django.db import connection
        from django.db.models import Q
        from django.test.utils import CaptureQueriesContext

        full_time = dataclasses.replace(APPOINTED, key="test.full_time", where=Q(full_time=True))
        by_post = dataclasses.replace(APPOINTED, key="test.post", where=Q(post=next(iter(POSTS))))
        scope = Scope(cast.city, START, END)
        expected = [s for s in appointed_in_period(roster, cast.city) if s.full_time]
        assert set(registry.records(full_time, scope)) == set(expected)
        with CaptureQueriesContext(connection) as queries:
            result = registry.figures_many([APPOINTED, full_time, by_post], scope, branches=True)
        assert len([q for q in queries if "GROUP BY" in q["sql"]]) == 1
        assert result[full_time.key].value == len(expected)
        for indicator in (APPOINTED, full_time, by_post):
            alone = registry.figures(indicator, scope, branches=True)
            assert result[indicator.key] == alone
            assert alone.value == registry.value(indicator, scope)
            for b in indicator.breakdowns:  # no empty rows for groups outside the `where`
                assert sorted(alone.breakdowns[b.key], key=str) == sorted(
                    registry.breakdown_values(indicator, scope, b.key), key=str
                )

    def test_no_records_give_zero_and_empty_rows(self, cast):
        scope = Scope(cast.township_a1, date(1990, 1, 1), date(1990, 1, 31))
        result = registry.figures(APPOINTED, scope, branches=True)
        assert result.value == 0
        assert all(rows == [] for rows in result.breakdowns.values())
        assert all(v == 0 for _o, v in result.branches)


class TestUserScope:
    def test_a_user_counts_only_records_they_may_see_whatever_the_office(self, cast, roster):
        """The registry intersects the scope office with the user's subtrees: a township clerk
        asking about the city gets the township's figure (the pages also refuse the city)."""
        as_clerk = Scope(cast.city, START, END, user=cast.township_clerk)
        assert registry.value(APPOINTED, as_clerk) == len(
            appointed_in_period(roster, cast.township_a1)
        )
        assert set(registry.records(APPOINTED, as_clerk)) == set(
            appointed_in_period(roster, cast.township_a1)
        )

    def test_the_county_supervisor_counts_the_county(self, cast, roster):
        scope = Scope(cast.city, START, END, user=cast.county_supervisor)
        assert registry.value(APPOINTED, scope) == len(appointed_in_period(roster, cast.county_a))

    def test_the_city_leader_counts_everything(self, cast, roster):
        scope = Scope(cast.city, START, END, user=cast.city_leader)
        assert registry.value(APPOINTED, scope) == registry.value(
            APPOINTED, Scope(cast.city, START, END)
        )

    def test_a_user_without_view_counts_nothing(self, cast, roster):
        for user in (cast.public_user, cast.sysadmin, cast.auditor):
            assert registry.value(APPOINTED, Scope(cast.city, START, END, user=user)) == 0

    def test_breakdowns_and_tree_split_are_scoped_too(self, cast, roster):
        scope = Scope(cast.city, START, END, user=cast.township_clerk)
        expected = len(appointed_in_period(roster, cast.township_a1))
        rows = registry.breakdown_values(APPOINTED, scope, "office")
        assert sum(v for _s, _l, v in rows) == expected
        split = dict(registry.child_office_values(APPOINTED, scope))
        assert split[cast.county_a] == expected
        assert split[cast.county_b] == 0


class TestFiguresGrid:
    """`figures_grid()`: several periods in one pass equal `figures()` period by period."""

    PERIODS = [
        (START, END),
        (START - timedelta(days=400), END - timedelta(days=200)),
        (END + timedelta(days=1), END + timedelta(days=40)),
        (END, END),
    ]

    def test_equals_figures_of_each_period(self, cast, roster):
        from django.db.models import Q

        add_staff(cast.county_a, start=START - timedelta(days=300), post="")
        full_time = dataclasses.replace(APPOINTED, key="test.full_time", where=Q(full_time=True))
        indicators = [APPOINTED, full_time, SERVING, OFFICES, CHILDREN_TOTAL, PEOPLE_REGISTERED]
        for office in (cast.city, cast.county_a):
            for user in (None, cast.township_clerk):
                scope = Scope(office, START, END, user=user)
                grid = registry.figures_grid(indicators, scope, self.PERIODS, branches=True)
                for indicator in indicators:
                    for p, (start, end) in enumerate(self.PERIODS):
                        alone = registry.figures(
                            indicator, Scope(office, start, end, user=user), branches=True
                        )
                        assert grid[(indicator.key, p)] == alone, (indicator.key, p)

    def test_indicators_on_the_same_records_and_dates_share_one_query(self, cast, roster):
        from django.db import connection
        from django.db.models import Q
        from django.test.utils import CaptureQueriesContext

        full_time = dataclasses.replace(APPOINTED, key="test.full_time", where=Q(full_time=True))
        scope = Scope(cast.city, START, END)
        with CaptureQueriesContext(connection) as queries:
            registry.figures_grid([APPOINTED, full_time], scope, self.PERIODS)
        assert len([q for q in queries if "GROUP BY" in q["sql"]]) == 1

    def test_every_registered_indicator_over_several_periods(self, cast):
        """The real declarations of every line: the grid equals the period-by-period figures."""
        indicators = [i for i in registry.all_indicators() if not i.key.startswith("test.")]
        scope = Scope(cast.city, START, END)
        periods = self.PERIODS[:2]
        grid = registry.figures_grid(indicators, scope, periods, branches=True)
        for indicator in indicators:
            for p, (start, end) in enumerate(periods):
                alone = registry.figures(indicator, Scope(cast.city, start, end), branches=True)
                assert grid[(indicator.key, p)] == alone, indicator.key


class TestDeclarations:
    def test_the_test_indicators_are_sound(self):
        for indicator in (APPOINTED, SERVING, OFFICES, CHILDREN_TOTAL, PEOPLE_REGISTERED):
            assert registry.problems(indicator) == []

    def test_every_registered_indicator_is_sound_and_computes(self, cast):
        """Every app's indicators: fields exist, and the value and breakdowns compute."""
        for indicator in registry.all_indicators():
            assert registry.problems(indicator) == [], indicator.key
            scope = Scope(cast.city, START, END, user=cast.city_leader)
            registry.value(indicator, scope)
            for b in indicator.breakdowns:
                registry.breakdown_values(indicator, scope, b.key)

    def test_mistakes_are_reported(self):
        broken = Indicator(
            key="nodot",
            label="坏指标",
            unit="个",
            definition="测试",
            line="测试",
            kind=FLOW,
            queryset=StaffMember.objects.all,
            date_field="post",
            sum_field="missing",
            breakdowns=(Breakdown("p", "人员", "person__posts__post"), Breakdown("p", "x", "post")),
        )
        problems = registry.problems(broken)
        assert any("key" in p for p in problems)
        assert any("date_field 'post' is not a date field" in p for p in problems)
        assert any("sum_field 'missing'" in p for p in problems)
        assert any("to-many" in p for p in problems)
        assert any("unique" in p for p in problems)

    def test_a_flow_needs_its_date_and_a_kind(self):
        with pytest.raises(ValueError):
            registry.register(
                Indicator("test.x", "x", "个", "x", "x", FLOW, StaffMember.objects.all)
            )
        with pytest.raises(ValueError):
            registry.register(
                Indicator("test.x", "x", "个", "x", "x", "other", StaffMember.objects.all)
            )
        with pytest.raises(KeyError):
            registry.get("test.x")

    def test_manage_py_check_reports_a_broken_indicator(self):
        broken = Indicator(
            key="test.broken",
            label="坏指标",
            unit="个",
            definition="测试",
            line="测试",
            kind=STOCK,
            queryset=StaffMember.objects.all,
            start_field="no_such_field",
        )
        registry.register(broken)
        try:
            errors = [e for e in check_indicators() if e.obj == "test.broken"]
        finally:
            registry.unregister("test.broken")
        assert errors and all(isinstance(e, checks.Error) for e in errors)
        assert errors[0].id == "stats.E001"
        assert "no_such_field" in errors[0].msg

    def test_catalogue_order_is_by_line_then_order(self):
        keys = [i.key for i in registry.all_indicators() if i.key.startswith("test.")]
        assert (
            keys.index(APPOINTED.key) < keys.index(SERVING.key) < keys.index(PEOPLE_REGISTERED.key)
        )
