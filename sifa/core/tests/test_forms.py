"""The form kit: the date widget renders ISO dates whatever the locale."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.test import override_settings

from sifa.core.forms import (
    DateInput,
    PeriodFilterForm,
    StyledForm,
    add_action_errors,
    filter_choice,
)
from sifa.orgs.models import Office


class _OneDate(StyledForm):
    on = forms.DateField(widget=DateInput)


@override_settings(LANGUAGE_CODE="zh-hans", USE_L10N=True)
def test_date_widget_renders_an_iso_value():
    html = DateInput().render("on", datetime.date(2026, 3, 7))
    assert 'type="date"' in html
    assert 'value="2026-03-07"' in html


def test_date_widget_keeps_extra_attributes():
    html = DateInput(attrs={"class": "form-control"}).render("on", datetime.date(2026, 12, 1))
    assert 'class="form-control"' in html
    assert 'value="2026-12-01"' in html


def test_a_bound_form_redisplays_the_iso_value():
    form = _OneDate(initial={"on": datetime.date(2026, 1, 31)})
    assert 'value="2026-01-31"' in str(form["on"])


def test_action_errors_land_on_their_field_or_the_form():
    form = _OneDate({"on": "2026-01-31"})
    assert form.is_valid()
    add_action_errors(form, ValidationError({"on": "晚了", "elsewhere": "别处"}))
    assert form.errors["on"] == ["晚了"]
    assert form.non_field_errors() == ["别处"]
    assert form.fields["on"].widget.attrs["class"].split() == ["form-control", "is-invalid"]


class _DatedFilter(PeriodFilterForm):
    dated_by = "受理日期"
    status = filter_choice("状态", "全部状态", [("open", "办理中")])
    kind = filter_choice("类型", "全部类型", lambda: [("a", "甲")])


def _dated_filter(data):
    return _DatedFilter(data, offices=Office.objects.none())


def test_filter_choices_offer_everything_first_then_the_choices():
    form = _dated_filter({})
    assert list(form.fields["status"].choices) == [("", "全部状态"), ("open", "办理中")]
    assert list(form.fields["kind"].choices) == [("", "全部类型"), ("a", "甲")]
    assert not form.fields["status"].required


def test_a_dated_filter_names_its_range_by_the_date():
    form = _dated_filter({})
    assert str(form.fields["date_from"].label) == "受理日期自"
    assert str(form.fields["date_to"].label) == "受理日期至"


def test_chosen_and_period_give_the_selector_its_arguments():
    form = _dated_filter({"status": "open", "kind": "", "date_from": "2026-03-07"})
    assert form.is_valid(), form.errors
    assert form.chosen("status", "kind") == {"status": "open", "kind": ""}
    assert form.period("received") == {
        "received_from": datetime.date(2026, 3, 7),
        "received_to": None,
    }
    assert _dated_filter({"kind": "b"}).chosen("kind") == {"kind": ""}  # not offered: invalid
