"""The form kit: the date widget renders ISO dates whatever the locale."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.test import override_settings

from sifa.core.forms import DateInput, StyledForm, add_action_errors


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
