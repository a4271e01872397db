"""Deadline computation (民法典 第201–203条, 刑事诉讼法 第105条), rules and deadline states."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from sifa.core import deadlines
from sifa.core.calendar import WorkingCalendar
from sifa.core.deadlines import (
    NEAR,
    OK,
    OVERDUE,
    DeadlineRule,
    Unit,
    compute,
    deadline_state,
    due_date,
    register_rule,
    rule,
)
from sifa.core.models import CalendarDay

pytestmark = pytest.mark.django_db

HOLIDAY, WORKDAY = CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.WORKDAY


@pytest.fixture(autouse=True)
def empty_rule_registry(monkeypatch):
    """Each test starts from an empty registry; the real one is restored afterwards."""
    monkeypatch.setattr(deadlines, "_rules", {})


# DOMAIN §1.7's worked examples, and the cases around them. (start, amount, unit, due)
@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        # 报到 within 10 days of the judgment taking effect on a Friday → the following Monday.
        (date(2024, 3, 1), 10, Unit.DAY, date(2024, 3, 11)),
        # Legal aid: 7 days end on 10-04, inside the National Day holiday → 10-08 (第203条).
        (date(2024, 9, 27), 7, Unit.DAY, date(2024, 10, 8)),
        # 调查评估: 10 working days, the make-up Saturday 05-11 counting as one.
        (date(2024, 5, 6), 10, Unit.WORKDAY, date(2024, 5, 17)),
        # Months end on the corresponding day, or the month's last day (第202条).
        (date(2024, 1, 31), 1, Unit.MONTH, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, Unit.MONTH, date(2023, 2, 28)),
        (date(2024, 3, 31), 1, Unit.MONTH, date(2024, 4, 30)),
        (date(2023, 11, 30), 3, Unit.MONTH, date(2024, 2, 29)),
        (date(2024, 2, 29), 1, Unit.YEAR, date(2025, 2, 28)),
        # An ordinary weekend shifts to Monday.
        (date(2024, 3, 2), 7, Unit.DAY, date(2024, 3, 11)),
        # A make-up working day is a working day: no shift.
        (date(2024, 5, 1), 10, Unit.DAY, date(2024, 5, 11)),
        (date(2024, 9, 19), 10, Unit.DAY, date(2024, 9, 29)),
        # Across the year end onto 元旦 → the next working day.
        (date(2024, 12, 25), 7, Unit.DAY, date(2025, 1, 2)),
        # A month period ending on a holiday shifts too.
        (date(2024, 9, 4), 1, Unit.MONTH, date(2024, 10, 8)),
        # Zero: the period ends on its start day (shifted if that is a holiday).
        (date(2024, 3, 11), 0, Unit.DAY, date(2024, 3, 11)),
        (date(2024, 5, 6), 0, Unit.WORKDAY, date(2024, 5, 6)),
    ],
)
def test_due_date(start, amount, unit, expected):
    assert due_date(start, amount, unit, shift_off_holidays=True) == expected


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        (date(2024, 9, 27), 7, Unit.DAY, date(2024, 10, 4)),
        (date(2024, 3, 2), 7, Unit.DAY, date(2024, 3, 9)),
        (date(2024, 9, 4), 1, Unit.MONTH, date(2024, 10, 4)),
        # Working days always end on a working day; the switch does not change them.
        (date(2024, 5, 6), 10, Unit.WORKDAY, date(2024, 5, 17)),
    ],
)
def test_without_shifting_the_last_day_stays_where_it_falls(start, amount, unit, expected):
    assert due_date(start, amount, unit, shift_off_holidays=False) == expected


def test_a_person_in_custody_gets_no_extension_for_holidays():
    # 刑事诉讼法 第105条, whatever the policy setting says.
    assert due_date(date(2024, 9, 27), 7, Unit.DAY, in_custody=True) == date(2024, 10, 4)
    assert due_date(
        date(2024, 9, 27), 7, Unit.DAY, shift_off_holidays=True, in_custody=True
    ) == date(2024, 10, 4)


@pytest.mark.parametrize(
    ("setting", "expected"), [(True, date(2024, 10, 8)), (False, date(2024, 10, 4))]
)
def test_the_setting_decides_when_the_caller_does_not(setting, expected):
    with override_settings(SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS=setting):
        assert due_date(date(2024, 9, 27), 7, Unit.DAY) == expected


@override_settings(SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS=False)
def test_an_explicit_choice_overrides_the_setting():
    assert due_date(date(2024, 9, 27), 7, Unit.DAY, shift_off_holidays=True) == date(2024, 10, 8)


def test_without_the_make_up_day_ten_working_days_end_a_weekend_later():
    # DOMAIN §1.7: a plain Monday–Friday count gives 05-20. Telling the table that 05-11 was a
    # day off (overriding the package) reproduces that.
    CalendarDay.objects.create(date=date(2024, 5, 11), kind=HOLIDAY)
    assert due_date(date(2024, 5, 6), 10, Unit.WORKDAY) == date(2024, 5, 20)


def test_an_admin_override_moves_a_known_deadline():
    CalendarDay.objects.create(date=date(2024, 3, 11), kind=HOLIDAY, name="本地调整")
    assert due_date(date(2024, 3, 1), 10, Unit.DAY, shift_off_holidays=True) == date(2024, 3, 12)


def test_a_year_the_package_does_not_know_uses_weekends_and_the_table():
    # 2099-09-26 + 7 days = 2099-10-03, a Saturday → Monday 10-05.
    assert due_date(date(2099, 9, 26), 7, Unit.DAY, shift_off_holidays=True) == date(2099, 10, 5)
    # The bureau enters the 2099 notice: 10-05 is a holiday, 10-03 a make-up working day.
    CalendarDay.objects.create(date=date(2099, 10, 5), kind=HOLIDAY, name="国庆节")
    CalendarDay.objects.create(date=date(2099, 10, 3), kind=WORKDAY, name="国庆节调休")
    assert due_date(date(2099, 9, 26), 7, Unit.DAY, shift_off_holidays=True) == date(2099, 10, 3)
    assert due_date(date(2099, 9, 27), 7, Unit.DAY, shift_off_holidays=True) == date(2099, 10, 6)
    # Working days: 10-01 (Thu), 10-02 (Fri), 10-03 (make-up Sat), then 10-06 (Tue).
    assert due_date(date(2099, 9, 30), 4, Unit.WORKDAY) == date(2099, 10, 6)


def test_hours_are_added_to_the_moment_and_never_shifted():
    received = timezone.make_aware(datetime(2024, 9, 30, 16, 30))
    assert due_date(received, 24, Unit.HOUR) == received + timedelta(hours=24)  # 10-01: holiday
    assert due_date(received, 24, "hour", shift_off_holidays=True) == received + timedelta(hours=24)


def test_hours_need_a_moment_not_a_day():
    with pytest.raises(TypeError):
        due_date(date(2024, 9, 30), 24, Unit.HOUR)


def test_a_datetime_start_counts_from_its_local_day():
    # 2024-02-29 20:00 UTC is already 2024-03-01 in Asia/Shanghai.
    start = datetime(2024, 2, 29, 20, 0, tzinfo=UTC)
    assert due_date(start, 10, Unit.DAY, shift_off_holidays=True) == date(2024, 3, 11)


def test_units_may_be_given_as_stored_strings():
    assert due_date(date(2024, 5, 6), 10, "workday") == date(2024, 5, 17)


@pytest.mark.parametrize(("amount", "unit"), [(-1, Unit.DAY), (3, "fortnight")])
def test_bad_arguments_are_refused(amount, unit):
    with pytest.raises(ValueError):
        due_date(date(2024, 5, 6), amount, unit)


def test_one_calendar_can_serve_many_computations(django_assert_num_queries):
    calendar = WorkingCalendar()
    with django_assert_num_queries(1):
        for day in range(1, 29):
            due_date(date(2024, 2, day), 10, Unit.WORKDAY, calendar=calendar)
            due_date(date(2024, 2, day), 7, Unit.DAY, shift_off_holidays=True, calendar=calendar)


# --- the rule registry -------------------------------------------------------------------------

LEGAL_AID_DECISION = DeadlineRule(
    code="legalaid.decision",
    amount=7,
    unit=Unit.DAY,
    article="法律援助法 第43条",
    label="作出是否给予法律援助的决定",
)


def test_a_registered_rule_computes_its_deadline():
    register_rule(LEGAL_AID_DECISION)
    assert rule("legalaid.decision") is LEGAL_AID_DECISION
    with override_settings(SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS=True):
        assert compute("legalaid.decision", date(2024, 9, 27)) == date(2024, 10, 8)
        assert compute("legalaid.decision", date(2024, 9, 27), in_custody=True) == date(2024, 10, 4)
    with override_settings(SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS=False):
        assert compute("legalaid.decision", date(2024, 9, 27)) == date(2024, 10, 4)


def test_a_rule_may_carry_its_own_holiday_policy():
    register_rule(
        DeadlineRule(
            code="test.no_shift",
            amount=7,
            unit=Unit.DAY,
            article="（测试）",
            label="不顺延的期限",
            shift_off_holidays=False,
        )
    )
    with override_settings(SIFA_SHIFT_DEADLINES_OFF_HOLIDAYS=True):
        assert compute("test.no_shift", date(2024, 9, 27)) == date(2024, 10, 4)


def test_rules_of_every_unit_compute():
    register_rule(DeadlineRule("test.workdays", 10, Unit.WORKDAY, "（测试）", "十个工作日"))
    register_rule(DeadlineRule("test.hours", 24, "hour", "法律援助法 第39条", "转交申请"))
    assert rule("test.hours").unit is Unit.HOUR
    assert compute("test.workdays", date(2024, 5, 6)) == date(2024, 5, 17)
    moment = timezone.make_aware(datetime(2024, 5, 6, 9, 0))
    assert compute("test.hours", moment) == moment + timedelta(hours=24)


def test_a_rule_describes_itself_with_its_article():
    text = str(LEGAL_AID_DECISION)
    assert "作出是否给予法律援助的决定" in text
    assert "7" in text
    assert "法律援助法 第43条" in text


def test_registering_the_same_rule_twice_is_harmless_but_a_conflict_is_refused():
    register_rule(LEGAL_AID_DECISION)
    register_rule(LEGAL_AID_DECISION)
    assert deadlines.rules() == [LEGAL_AID_DECISION]
    conflicting = DeadlineRule(
        code="legalaid.decision", amount=5, unit=Unit.WORKDAY, article="旧规定", label="审查"
    )
    with pytest.raises(ValueError):
        register_rule(conflicting)
    assert rule("legalaid.decision") is LEGAL_AID_DECISION


def test_an_unknown_rule_is_a_key_error():
    with pytest.raises(KeyError):
        compute("nope.nothing", date(2024, 1, 1))


def test_a_rule_with_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        DeadlineRule("test.bad", -1, Unit.DAY, "（测试）", "负数")


def test_rules_are_listed_by_code():
    register_rule(DeadlineRule("b.second", 1, Unit.DAY, "（测试）", "二"))
    register_rule(DeadlineRule("a.first", 1, Unit.DAY, "（测试）", "一"))
    assert [r.code for r in deadlines.rules()] == ["a.first", "b.second"]


# --- deadline states for to-dos ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "warn_days", "expected"),
    [
        (date(2024, 10, 9), 3, OVERDUE),
        (date(2024, 10, 8), 3, NEAR),  # the due day itself runs until 24:00
        (date(2024, 10, 5), 3, NEAR),
        (date(2024, 10, 4), 3, OK),
        (date(2024, 10, 8), 0, NEAR),
        (date(2024, 10, 7), 0, OK),
        (date(2024, 10, 1), 7, NEAR),
    ],
)
def test_deadline_state(today, warn_days, expected):
    assert deadline_state(date(2024, 10, 8), today=today, warn_days=warn_days) == expected


def test_deadline_state_defaults_to_today():
    today = timezone.localdate()
    assert deadline_state(today - timedelta(days=1)) == OVERDUE
    assert deadline_state(today + timedelta(days=1)) == NEAR
    assert deadline_state(today + timedelta(days=30)) == OK


def test_deadline_state_of_a_moment():
    due = timezone.make_aware(datetime(2024, 10, 8, 12, 0))
    assert deadline_state(due, today=due + timedelta(minutes=1)) == OVERDUE
    assert deadline_state(due, today=due - timedelta(hours=2), warn_days=1) == NEAR
    assert deadline_state(due, today=due - timedelta(days=2), warn_days=1) == OK
    assert deadline_state(timezone.now() - timedelta(hours=1)) == OVERDUE


# A term whose first day counts (刑法 第41、44、47、73条) ends the day before the corresponding
# day of its last month, or on that month's last day when it has none.
@pytest.mark.parametrize(
    ("start", "months", "years", "expected"),
    [
        (date(2024, 1, 31), 1, 0, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, 0, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, 0, date(2025, 2, 28)),
        (date(2024, 2, 29), 0, 1, date(2025, 2, 28)),
        (date(2024, 3, 31), 1, 0, date(2024, 4, 30)),
        (date(2024, 3, 15), 1, 0, date(2024, 4, 14)),
        (date(2024, 3, 1), 1, 0, date(2024, 3, 31)),
        (date(2024, 1, 1), 0, 1, date(2024, 12, 31)),
        (date(2024, 12, 31), 2, 0, date(2025, 2, 28)),
    ],
)
def test_a_term_counting_its_first_day_ends_on_the_right_day(start, months, years, expected):
    assert deadlines.term_end(start, months=months, years=years) == expected


def test_a_term_of_no_months_is_refused():
    with pytest.raises(ValueError, match="at least one month"):
        deadlines.term_end(date(2024, 1, 1))


# --- paused periods (期间扣除): the due date moves by the paused days -------------------------

Pause = deadlines.Pause
paused_due_date = deadlines.paused_due_date


@pytest.mark.parametrize(
    "start, amount, unit",
    [
        (date(2025, 9, 26), 15, Unit.WORKDAY),
        (date(2026, 2, 10), 30, Unit.WORKDAY),
        (date(2025, 9, 26), 7, Unit.DAY),
        (date(2026, 1, 30), 10, Unit.DAY),
    ],
)
def test_a_period_without_pauses_ends_as_due_date_says(start, amount, unit):
    assert paused_due_date(start, amount, unit) == due_date(start, amount, unit)


def test_fifteen_working_days_over_national_day_and_a_pause_for_supplements():
    """公证法 第30条: accepted on Friday 26 September 2025; 28 September and 11 October are
    调休 working days, 1–8 October the holiday. A request for supplements from Monday 13 to
    Wednesday 15 October leaves out three working days."""
    accepted = date(2025, 9, 26)
    assert paused_due_date(accepted, 15, Unit.WORKDAY) == date(2025, 10, 23)
    supplements = Pause(date(2025, 10, 13), date(2025, 10, 15))
    assert paused_due_date(accepted, 15, Unit.WORKDAY, [supplements]) == date(2025, 10, 28)
    after_the_end = Pause(date(2025, 10, 24), date(2025, 10, 31))
    assert paused_due_date(accepted, 15, Unit.WORKDAY, [after_the_end]) == date(2025, 10, 23)


def test_thirty_working_days_over_spring_festival_and_qingming():
    """司法鉴定程序通则 第28条: effective on 10 February 2026; 14 and 28 February are 调休
    working days, 15–23 February the Spring Festival. Five working days of supplementary
    materials (2–6 March) push the end past 清明 (4–6 April) to Tuesday 7 April."""
    effective = date(2026, 2, 10)
    assert paused_due_date(effective, 30, Unit.WORKDAY) == date(2026, 3, 30)
    materials = Pause(date(2026, 3, 2), date(2026, 3, 6))
    assert paused_due_date(effective, 30, Unit.WORKDAY, [materials]) == date(2026, 4, 7)


def test_an_open_pause_leaves_the_due_date_unknown_unless_the_period_ran_out_before_it():
    effective = date(2026, 2, 10)
    assert paused_due_date(effective, 30, Unit.WORKDAY, [Pause(date(2026, 3, 20))]) is None
    assert paused_due_date(effective, 30, Unit.WORKDAY, [Pause(date(2026, 3, 31))]) == date(
        2026, 3, 30
    )


def test_paused_calendar_days_shift_off_a_holiday_at_the_end():
    """Seven days from 24 September 2025 with two days paused end on 3 October, a holiday:
    the period ends on the first working day after it, 9 October."""
    pause = Pause(date(2025, 9, 25), date(2025, 9, 26))
    assert paused_due_date(date(2025, 9, 24), 7, Unit.DAY, [pause]) == date(2025, 10, 9)
    kept = paused_due_date(date(2025, 9, 24), 7, Unit.DAY, [pause], shift_off_holidays=False)
    assert kept == date(2025, 10, 3)


def test_pauses_refuse_what_cannot_be_paused():
    with pytest.raises(ValueError, match="cannot end"):
        Pause(date(2026, 3, 6), date(2026, 3, 2))
    with pytest.raises(ValueError, match="only periods of days or working days"):
        paused_due_date(date(2026, 3, 2), 2, Unit.MONTH, [Pause(date(2026, 3, 3))])


def test_a_rule_computes_with_pauses_and_an_extension():
    register_rule(
        DeadlineRule(code="test.appraisal", amount=30, unit=Unit.WORKDAY, article="x", label="x")
    )
    effective = date(2026, 2, 10)
    materials = [Pause(date(2026, 3, 2), date(2026, 3, 6))]
    assert compute("test.appraisal", effective) == date(2026, 3, 30)
    assert compute("test.appraisal", effective, pauses=materials) == date(2026, 4, 7)
    # an extension of five working days ends where five paused working days end
    assert compute("test.appraisal", effective, extension=5) == date(2026, 4, 7)


# --- working hours (工作小时) at hour resolution -----------------------------------------------

SHANGHAI = "Asia/Shanghai"


def at(text: str) -> datetime:
    """An aware moment in the project time zone from 'YYYY-MM-DD HH:MM'."""
    return timezone.make_aware(datetime.fromisoformat(text))


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Inside one window and across the lunch break.
        ("2024-03-04 09:00", 2, "2024-03-04 11:00"),
        ("2024-03-04 11:00", 2, "2024-03-04 15:00"),
        # Ending exactly at a closing stays at the closing.
        ("2024-03-04 10:00", 2, "2024-03-04 12:00"),
        ("2024-03-04 16:30", 1, "2024-03-04 17:30"),
        # Outside office hours counting starts at the next opening.
        ("2024-03-04 07:00", 2, "2024-03-04 10:30"),
        ("2024-03-04 12:30", 1, "2024-03-04 15:00"),
        ("2024-03-04 20:00", 2, "2024-03-05 10:30"),
        # A weekend in between: Friday afternoon → Monday morning.
        ("2024-03-01 16:30", 2, "2024-03-04 09:30"),
        ("2024-03-02 10:00", 2, "2024-03-04 10:30"),
        # 国庆节 2024 (10-01…10-07 off): Monday 09-30 afternoon → Tuesday 10-08.
        ("2024-09-30 16:30", 2, "2024-10-08 09:30"),
        # The 调休上班日 Sunday 2024-09-29 is a working day with office hours.
        ("2024-09-27 16:30", 2, "2024-09-29 09:30"),
        # 春节 2025 (01-28…02-04 off; Sunday 01-26 worked): Monday 01-27 → Wednesday 02-05.
        ("2025-01-27 17:00", 1, "2025-02-05 09:00"),
        # Half hours.
        ("2024-03-04 09:00", 0.5, "2024-03-04 09:30"),
    ],
)
def test_working_hours_count_only_office_hours_of_working_days(start, hours, expected):
    assert deadlines.add_working_hours(at(start), hours) == at(expected)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # A reply due in 3 working days from 15:40 on a Friday: the same time on Wednesday.
        ("2024-03-01 15:40", 3, "2024-03-06 15:40"),
        # Over 春节 2025 with its make-up Sunday 01-26: Fri 01-24 → Wed 02-05.
        ("2025-01-24 15:40", 3, "2025-02-05 15:40"),
        # Over 国庆节 2025 (10-01…10-08 off; Sunday 09-28 and Saturday 10-11 worked).
        ("2025-09-26 10:00", 2, "2025-09-29 10:00"),
        ("2025-09-30 10:00", 1, "2025-10-09 10:00"),
        ("2025-09-30 10:00", 3, "2025-10-11 10:00"),
        # Received on a holiday: the period counts from the first opening and ends at a closing.
        ("2024-10-03 09:00", 1, "2024-10-08 17:30"),
        ("2024-10-03 09:00", 3, "2024-10-10 17:30"),
        # 15 working days (a complaint's reply) across 春节 2026 (02-15…02-23 off; 02-14 and
        # 02-28 worked): Tue 02-10 → the 15th working day after is Mon 03-09.
        ("2026-02-10 09:00", 15, "2026-03-09 09:00"),
    ],
)
def test_working_days_from_a_moment_end_at_the_same_office_time(start, days, expected):
    assert deadlines.add_working_days_from(at(start), days) == at(expected)


def test_working_days_from_a_moment_end_on_the_day_due_date_names():
    """A moment inside office hours plus N working days lands on the N-th working day after
    its day, the day `due_date(..., Unit.WORKDAY)` gives."""
    calendar = WorkingCalendar()
    start = at("2026-02-10 09:00")
    for days in range(0, 40):
        moment = deadlines.add_working_days_from(start, days, calendar=calendar)
        if days:
            assert moment.date() == due_date(start, days, Unit.WORKDAY, calendar=calendar)


def test_the_office_hours_are_a_setting(settings):
    settings.SIFA_OFFICE_HOURS = (("09:00", "17:00"),)
    assert deadlines.OfficeHours.from_settings().day_length == timedelta(hours=8)
    assert deadlines.add_working_hours(at("2024-03-01 16:00"), 2) == at("2024-03-04 10:00")
    assert deadlines.add_working_days_from(at("2024-03-01 15:40"), 3) == at("2024-03-06 15:40")


def test_the_default_office_day_is_seven_hours():
    assert deadlines.OfficeHours.from_settings().day_length == timedelta(hours=7)


def test_the_holiday_table_moves_a_working_hours_deadline():
    CalendarDay.objects.create(date=date(2024, 3, 4), kind=HOLIDAY, name="地方假日")
    assert deadlines.add_working_hours(at("2024-03-01 16:30"), 2) == at("2024-03-05 09:30")
    CalendarDay.objects.create(date=date(2024, 3, 2), kind=WORKDAY, name="调休")
    assert deadlines.add_working_hours(at("2024-03-01 16:30"), 2) == at("2024-03-02 09:30")


def test_working_time_between_two_moments():
    between = deadlines.working_time_between
    assert between(at("2024-03-04 09:00"), at("2024-03-04 15:00")) == timedelta(hours=4)
    # Friday 16:30 to Monday 09:30: one hour on Friday, one on Monday.
    assert between(at("2024-03-01 16:30"), at("2024-03-04 09:30")) == timedelta(hours=2)
    assert between(at("2024-09-30 16:30"), at("2024-10-08 09:30")) == timedelta(hours=2)
    assert between(at("2024-03-04 15:00"), at("2024-03-04 09:00")) == timedelta()


def test_adding_and_measuring_working_hours_agree():
    calendar = WorkingCalendar()
    start = at("2025-09-26 15:10")
    for quarter_hours in range(0, 200, 7):
        hours = quarter_hours / 4
        end = deadlines.add_working_hours(start, hours, calendar=calendar)
        assert deadlines.working_time_between(start, end, calendar=calendar) == timedelta(
            hours=hours
        )


def test_zero_hours_give_the_start_back_and_bad_input_is_refused():
    start = at("2024-03-02 10:00")
    assert deadlines.add_working_hours(start, 0) == start
    with pytest.raises(ValueError):
        deadlines.add_working_hours(start, -1)
    with pytest.raises(TypeError):
        deadlines.add_working_hours(date(2024, 3, 2), 1)
    with pytest.raises(ValueError):
        deadlines.add_working_hours(datetime(2024, 3, 2, 10), 1)
    with pytest.raises(ValueError):
        deadlines.add_working_days_from(start, -1)


@pytest.mark.parametrize(
    "pairs",
    [(), (("12:00", "08:30"),), (("08:30", "12:00"), ("11:00", "17:00")), (("8h", "12:00"),)],
)
def test_bad_office_hours_are_refused(pairs):
    with pytest.raises(ValueError):
        deadlines.OfficeHours.parse(pairs)


def test_a_moment_in_another_zone_is_counted_in_the_project_zone():
    # 2024-03-04 01:00 UTC is 09:00 in Shanghai.
    start = datetime(2024, 3, 4, 1, 0, tzinfo=UTC)
    assert deadlines.add_working_hours(start, 2) == at("2024-03-04 11:00")
    assert str(deadlines.add_working_hours(start, 2).tzinfo) == SHANGHAI
