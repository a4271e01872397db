"""`get_<field>_display()` of Sifa's records answers as Django's does, from labels translated once
per language (sifa.core.models.TimeStampedModel)."""

from django.apps import apps
from django.db import models
from django.utils import translation

from sifa.core.models import TimeStampedModel


def _choice_fields():
    for model in apps.get_models():
        if issubclass(model, TimeStampedModel):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


def test_every_choice_field_displays_as_django_does_in_each_language():
    fields = list(_choice_fields())
    assert len(fields) > 50  # statuses, types, sources … of every line
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for model, field in fields:
                values = [value for value, _label in field.flatchoices]
                for value in [*values, "no-such-value", None]:
                    row = model()
                    setattr(row, field.attname, value)
                    expected = models.Model._get_FIELD_display(row, field)
                    assert row._get_FIELD_display(field) == expected, (model, field.name, value)
                    assert getattr(row, f"get_{field.name}_display")() == expected


def test_a_label_follows_the_active_language():
    model, field = next(_choice_fields())
    value = field.flatchoices[0][0]
    row = model()
    setattr(row, field.attname, value)
    with translation.override("zh-hans"):
        chinese = row._get_FIELD_display(field)
    with translation.override("en"):
        english = row._get_FIELD_display(field)
    label = field.flatchoices[0][1]
    with translation.override("zh-hans"):
        assert chinese == str(label)
    with translation.override("en"):
        assert english == str(label)
