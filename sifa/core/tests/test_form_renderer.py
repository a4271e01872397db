"""The kit's form renderer draws every select exactly as Django's templates do
(`sifa/core/form_renderer.py`), only faster."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from sifa.core.form_renderer import KitFormRenderer
from tests.test_choice_labels import _sifa_form_classes

DJANGO = DjangoTemplates()
KIT = KitFormRenderer()


def both(widget: forms.Widget, name: str, value) -> tuple[str, str]:
    attrs = {"id": f"id_{name}"}
    return (
        widget.render(name, value, attrs=attrs, renderer=DJANGO),
        widget.render(name, value, attrs=attrs, renderer=KIT),
    )


class Grouped(forms.Form):
    plain = forms.ChoiceField(choices=[("", "请选择"), ("a", "甲 & 乙"), ("b", '"引号"')])
    grouped = forms.ChoiceField(
        choices=[("", "请选择"), ("县", [("1", "一"), ("2", "二")]), ("x", "其他")]
    )
    many = forms.MultipleChoiceField(choices=[(1, "一"), (2, "二"), (3, "三")])
    lazy = forms.ChoiceField(choices=[("k", gettext_lazy("全部")), (2026, 2026)])
    dated = forms.ChoiceField(choices=[(datetime.date(2026, 3, 7), datetime.date(2026, 3, 7))])
    safe = forms.ChoiceField(choices=[(mark_safe("a&amp;b"), mark_safe("<b>粗</b>"))])
    flags = forms.NullBooleanField()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("plain", ""),
        ("plain", "a"),
        ("grouped", "2"),
        ("many", [1, 3]),
        ("lazy", "2026"),
        ("dated", "2026-03-07"),
        ("safe", "a&amp;b"),
        ("flags", True),
        ("flags", None),
    ],
)
def test_a_select_is_drawn_as_djangos_templates_draw_it(name, value):
    widget = Grouped.base_fields[name].widget
    widget.attrs.update({"class": "form-select", "required": True, "disabled": False})
    django_html, kit_html = both(widget, name, value)
    assert "<option" in kit_html
    assert kit_html == django_html


@pytest.mark.django_db
def test_every_select_of_every_sifa_form_is_drawn_as_django_draws_it(cast):
    compared = 0
    for cls in _sifa_form_classes():
        for name, field in cls.base_fields.items():
            if not isinstance(field.widget, forms.Select):
                continue
            if isinstance(field, forms.ModelChoiceField) and field.queryset is None:
                continue  # its choices are set per user in the form's __init__
            field = field.__deepcopy__({})
            choices = field.widget.choices
            value = next((v for v, _label in choices if v not in ("", None)), "")
            django_html, kit_html = both(field.widget, name, value)
            assert kit_html == django_html, f"{cls.__qualname__}.{name}"
            compared += 1
    assert compared > 30


def test_a_widget_with_an_option_template_of_its_own_keeps_it():
    class Starred(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Starred(choices=[("a", "甲")])
    django_html, kit_html = both(widget, "starred", "a")
    assert kit_html == django_html
    assert "<option" not in kit_html
