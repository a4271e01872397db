"""Migration operations of Sifa's own (used by the squashed migrations, docs/testing.md).

`CreateModels` is several `CreateModel` operations as one. Django's migration state re-renders,
after each `CreateModel`, the new model and every model related to it recursively; in Sifa
nearly every model points to the user model (history rows, `created_by`), so each of the 135
`CreateModel`s re-rendered most of the project, and this was most of the CPU time of `migrate`
on a fresh database (docs/demo.md). `CreateModels` adds all its models to the state first and
lets the state render once, the next time a model is asked for. What it writes to the database
is exactly what its `CreateModel`s write, in the same order.
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
        # Forget the rendered apps (ProjectState.apps is a cached property; `add_model` re-renders
        # related models only while it is set): the next use renders every model once.
        state.__dict__.pop("apps", None)
        for operation in self.operations:
            operation.state_forwards(app_label, state)

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
