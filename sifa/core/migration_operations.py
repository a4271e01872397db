"""Migration operations of Sifa's own (used by the squashed migrations, docs/testing.md).

`CreateModels` is several `CreateModel` operations as one. Django's migration state re-renders,
after each `CreateModel`, the new model and every model related to it recursively; in Sifa
nearly every model points to the user model (history rows, `created_by`), so each of the 135
`CreateModel`s re-rendered most of the project, and this was most of the CPU time of `migrate`
on a fresh database (docs/demo.md). `CreateModels` adds all its models to the state first and
renders only them (or lets the state render once, the next time a model is asked for, when it
was not rendered yet). What it writes to the database is exactly what its `CreateModel`s write,
in the same order.
"""

from django.db.migrations.operations import CreateModel
from django.db.migrations.operations.base import Operation


class CreateModels(Operation):
    reduces_to_sql = True
    reversible = True

    def __init__(self, operations):
        self.operations = list(operations)
        if not all(isinstance(operation, CreateModel) for operation in self.operations):
            raise TypeError("CreateModels takes CreateModel operations only")
        super().__init__()

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"operations": self.operations})

    def state_forwards(self, app_label, state):
        # Set the rendered apps aside (ProjectState.apps is a cached property; `add_model`
        # re-renders the related models, i.e. nearly all, only while it is set) ...
        rendered = state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(app_label, state)
        if rendered is None:
            return  # rendered when first asked for
        # ... and render only the new models into them: the models they point to are there
        # already, and see them through the registry (as in Django's own app registry, where
        # models are added one by one). Nothing else changed, so nothing else is rendered again.
        # A relation to a model no migration creates stays pending here (Django's private
        # lazy-reference check is not repeated): the next full rendering of the state reports
        # it, and `makemigrations --check` and tests/test_migrations.py guard the migrations.
        rendered.render_multiple(
            [state.models[app_label, operation.name_lower] for operation in self.operations]
        )
        state.apps = rendered

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for operation in self.operations:
            operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for operation in reversed(self.operations):
            operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def references_model(self, name, app_label):
        return any(operation.references_model(name, app_label) for operation in self.operations)

    def describe(self):
        return "Create models " + ", ".join(operation.name for operation in self.operations)

    @property
    def migration_name_fragment(self):
        return "_".join(operation.migration_name_fragment for operation in self.operations)[:40]


def fold_into_created_models(operations, app_label):
    """A squashed migration's operations with every new model in its final form, created at once.

    Django's optimizer folds a later `AddField`, `AlterField`, `AddIndex`, `AddConstraint` …
    into the `CreateModel` of its model only when nothing in between stops it (another model
    pointing to it, a `RunPython` step, two models pointing to each other), so the squashed
    files kept about 75 such operations, and each one re-rendered most of the project's
    models in `migrate` (docs/demo.md). Here every model the migration creates is created by
    one `CreateModels` with its final fields, indexes and constraints, state-only operations
    (`SeparateDatabaseAndState` without database operations) included: on a fresh database
    that is the models' own schema, which tests/test_migrations.py compares. Operations on
    models of earlier migrations keep their order (those before the first new model stay
    before it); `RunPython` steps run last, in their order, on the final schema (the test
    suite runs every seed step there too, conftest.run_seed_steps).
    """
    from django.db.migrations.operations import CreateModel, SeparateDatabaseAndState
    from django.db.migrations.operations.fields import FieldOperation
    from django.db.migrations.operations.models import IndexOperation, ModelOperation

    created = {}  # model name (lower case) → its CreateModel as folded so far
    before, after, steps = [], [], []

    def model_of(operation):
        if isinstance(operation, FieldOperation | IndexOperation):
            return operation.model_name_lower
        if isinstance(operation, ModelOperation):
            return operation.name_lower
        return None  # RunPython, RunSQL: a step

    def fold(name, operation):
        result = created[name].reduce(operation, app_label)
        if not isinstance(result, list) or len(result) > 1:
            raise ValueError(f"cannot fold {operation.describe()} into its CreateModel")
        # In place, so the tables are created in the order of the models (a renamed model
        # keeps its place; a model deleted again leaves).
        folded = {}
        for key, model in created.items():
            if key != name:
                folded[key] = model
            elif result:
                folded[result[0].name_lower] = result[0]
        created.clear()
        created.update(folded)

    def take(operation):
        if isinstance(operation, CreateModels):
            for inner in operation.operations:
                take(inner)
        elif isinstance(operation, CreateModel):
            created[operation.name_lower] = operation
        elif isinstance(operation, SeparateDatabaseAndState):
            if operation.database_operations:
                raise ValueError(f"cannot fold {operation.describe()}: it changes the database")
            for inner in operation.state_operations:
                if not isinstance(inner, CreateModel) and model_of(inner) not in created:
                    raise ValueError(f"cannot fold {inner.describe()}: a state-only change")
                take(inner)
        elif (name := model_of(operation)) in created:
            fold(name, operation)
        elif name is not None:
            (after if created else before).append(operation)
        else:
            steps.append(operation)

    for operation in operations:
        take(operation)
    models = list(created.values())
    if len(models) > 1:
        models = [CreateModels(models)]
    return [*before, *models, *after, *steps]
