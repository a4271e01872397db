"""sifa.core.migration_operations: what the squashed migrations are written with.

`fold_into_created_models` must give the same migration state as the operations it folds
(tests/test_migrations.py compares the database a fresh `migrate` builds with the models')."""

import pytest
from django.db import migrations, models
from django.db.migrations.state import ModelState, ProjectState, StateApps

from sifa.core.migration_operations import CreateModels, fold_into_created_models

APP = "demoapp"


def seed(apps, schema_editor):
    pass


def operations():
    return [
        migrations.AddField("existing", "early", models.IntegerField(default=0)),
        migrations.CreateModel("Case", [("id", models.AutoField(primary_key=True))]),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.CreateModel(
            "Event",
            [
                ("id", models.AutoField(primary_key=True)),
                ("case", models.ForeignKey("demoapp.case", models.CASCADE)),
            ],
        ),
        migrations.AddField("existing", "late", models.CharField(max_length=5, blank=True)),
        # The two models point to each other: Django's optimizer keeps this one apart.
        migrations.AddField(
            "case", "last_event", models.ForeignKey("demoapp.event", models.SET_NULL, null=True)
        ),
        migrations.AddField("case", "number", models.CharField(max_length=20)),
        migrations.AlterField("case", "number", models.CharField(max_length=40, db_index=True)),
        migrations.AddIndex("event", models.Index(fields=["case"], name="event_case_idx")),
        migrations.AddConstraint(
            "case", models.UniqueConstraint(fields=["number"], name="one_number")
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AlterModelOptions("event", {"ordering": ["id"]})]
        ),
        migrations.RemoveField("case", "last_event"),
    ]


def state_after(ops) -> dict:
    state = ProjectState()
    state.add_model(ModelState(APP, "Existing", [("id", models.AutoField(primary_key=True))]))
    for operation in ops:
        operation.state_forwards(APP, state)
    return state.models


def test_new_models_are_created_at_once_in_their_final_form():
    folded = fold_into_created_models(operations(), APP)
    early, created, late, step = folded
    assert (early.name, late.name) == ("early", "late")  # earlier migrations' models: in order
    assert isinstance(created, CreateModels) and isinstance(step, migrations.RunPython)
    case, event = created.operations
    assert [name for name, _ in case.fields] == ["id", "number"]
    assert case.fields[1][1].max_length == 40
    assert [c.name for c in case.options["constraints"]] == ["one_number"]
    assert [i.name for i in event.options["indexes"]] == ["event_case_idx"]
    assert event.options["ordering"] == ["id"]


def test_folding_gives_the_same_migration_state():
    assert state_after(fold_into_created_models(operations(), APP)) == state_after(operations())


def test_a_database_change_apart_from_the_state_is_not_folded():
    ops = [
        migrations.CreateModel("Case", [("id", models.AutoField(primary_key=True))]),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL("SELECT 1")],
            state_operations=[migrations.AlterModelOptions("case", {"ordering": ["id"]})],
        ),
    ]
    with pytest.raises(ValueError, match="changes the database"):
        fold_into_created_models(ops, APP)


def test_new_models_join_rendered_apps_as_a_fresh_render_would_give_them():
    state = ProjectState()
    state.add_model(ModelState(APP, "Existing", [("id", models.AutoField(primary_key=True))]))
    existing = state.apps.get_model(APP, "existing")  # rendered: CreateModels adds to it
    CreateModels(operations()[1:4:2]).state_forwards(APP, state)  # Case, Event → Case

    assert state.apps.get_model(APP, "existing") is existing  # not rendered again
    event = state.apps.get_model(APP, "event")
    assert event._meta.get_field("case").related_model is state.apps.get_model(APP, "case")
    fresh = StateApps(state.real_apps, state.models)
    assert {m._meta.label for m in state.apps.get_models()} == {
        m._meta.label for m in fresh.get_models()
    }
    case = state.apps.get_model(APP, "case")
    assert [r.related_model for r in case._meta.related_objects] == [event]
