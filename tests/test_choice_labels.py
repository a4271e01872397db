"""Issue 15 item 12: every select's empty choice says “请选择”, never Django's
“- Select an option -” nor “---------”: in the forms Sifa declares (walked over every form
class of sifa/) and in the forms Django builds from the models (ModelForms, the admin site)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.forms import BaseForm

from tests.source_code import SIFA, python_files

BLANK_LABEL = "请选择"
# An empty choice that is itself an answer says so in words (无, 未评估, 按身份证号码自动识别,
# 全部… in a filter); what is never allowed is a placeholder without words: Django's English
# label, dashes.


def _form_modules():
    for path in python_files():
        parts = path.relative_to(SIFA).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if any(part.startswith(("forms", "admin", "views")) for part in parts):
            yield ".".join(("sifa", *path.relative_to(SIFA).with_suffix("").parts))


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _sifa_form_classes():
    for module in _form_modules():
        import_module(module)
    return sorted(
        {cls for cls in _subclasses(BaseForm) if cls.__module__.startswith("sifa.")},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def _empty_labels(field) -> list[str]:
    if isinstance(field, forms.ModelChoiceField):
        return [] if field.empty_label is None else [str(field.empty_label)]
    if isinstance(field, forms.ChoiceField):
        return [str(label) for value, label in field.choices if value in ("", None)]
    return []


def _wrong(label: str) -> bool:
    """No Chinese word in it: “- Select an option -”, “---------”, “—”."""
    return not any("\u4e00" <= ch <= "\u9fff" for ch in label)


# The database: a filter's choices may be a code list, read when the choices are (filter_choice).
@pytest.mark.django_db
def test_the_walk_finds_the_forms_and_their_selects():
    classes = _sifa_form_classes()
    names = {cls.__name__ for cls in classes}
    assert {"StyledForm", "PortalForm", "OfficeForm"} <= names
    selects = [
        (cls, name)
        for cls in classes
        for name, field in cls.base_fields.items()
        if _empty_labels(field)
    ]
    assert len(selects) > 20
    assert _wrong("- Select an option -") and _wrong("---------") and _wrong("—")
    assert not _wrong(BLANK_LABEL) and not _wrong("未评估")


@pytest.mark.django_db
def test_every_declared_select_of_a_sifa_form_says_please_choose():
    wrong = [
        f"{cls.__module__}.{cls.__qualname__}.{name}: {label!r}"
        for cls in _sifa_form_classes()
        for name, field in cls.base_fields.items()
        for label in _empty_labels(field)
        if _wrong(label)
    ]
    assert wrong == []


@pytest.mark.django_db
def test_every_select_django_builds_from_a_model_says_please_choose():
    wrong = []
    for model in apps.get_models():
        if not model.__module__.startswith("sifa."):
            continue
        for model_field in model._meta.get_fields():
            if not getattr(model_field, "editable", False) or not hasattr(model_field, "formfield"):
                continue
            if not (model_field.choices or model_field.is_relation) or model_field.many_to_many:
                continue
            field = model_field.formfield()
            if field is None:
                continue
            wrong += [
                f"{model._meta.label}.{model_field.name}: {label!r}"
                for label in _empty_labels(field)
                if _wrong(label)
            ]
    assert wrong == []
