"""Squash Sifa's migrations with Django's `squashmigrations` (docs/testing.md, 迁移合并).

Run: `.venv/bin/python scripts/squash_migrations.py` on a tree without squashed migrations
(or after deleting the squashed files to redo them). It calls `manage.py squashmigrations` for
every range in SQUASHES, in this order, with one change to Django's optimizer: a `RunPython`
step that is not elidable lets schema operations be merged across it (Django treats it as a
wall, so a seed step between `0001` and `0002` would keep every later `AddField` apart). That
is sound here because every seed step also runs on the final schema: the test suite runs all of
them there (conftest.run_seed_steps) and tests/test_migrations.py compares the result.

An index or constraint operation lets field operations on other models pass it, too.

Then each run of `CreateModel` operations the optimizer leaves is written as one
`sifa.core.migration_operations.CreateModels` (the state renders once for the run, not once
per model: most of `migrate`'s time before).

Afterwards, by hand: copy the functions the written files name in their header comment (the
`RunPython` steps) into the squashed files, then run ruff, `makemigrations --check` and
tests/test_migrations.py.

The ranges avoid cycles: django-otp's and every app's first migration need accounts.0001 (the
user model) while accounts.0004 needs otp_totp and accounts.0005 orgs' seeded roles; orgs.0002
needs people.0001, which needs orgs.0001; people.0003 needs orgs.0005. So accounts, orgs and
people are squashed in parts.
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUNCTION_REFERENCE = re.compile(r"\b(sifa\.\w+\.migrations\.\d{4}_\w+)\.(\w+)\b")

# (app, first migration or None, last migration), in the order they are squashed.
SQUASHES = [
    ("people", None, "0002"),  # orgs.0002 needs people.0001
    ("orgs", "0002", "0008"),  # orgs.0001 is needed by people.0001: kept apart
    ("people", "0003", "0004"),  # needs orgs.0005
    ("accounts", "0002", "0006"),  # accounts.0001 is needed by otp_totp and orgs: kept apart
    ("audit", None, "0004"),
    ("core", None, "0005"),
    ("api", None, "0002"),
    ("mediation", None, "0005"),
    ("legalaid", None, "0007"),
    ("corrections", None, "0010"),
    ("resettlement", None, "0003"),
]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.migrations.operations.base import Operation
    from django.db.migrations.operations.special import RunPython

    def reduce(self, operation, app_label):
        if self.elidable or getattr(operation, "elidable", False):
            return Operation.reduce(self, operation, app_label)
        return not isinstance(operation, RunPython)

    RunPython.reduce = reduce
    # RunPython.references_model stays True for every model: no CreateModel is moved past a
    # RunPython step (a seed or trigger needs its tables); only later operations move earlier.

    from django.db.migrations.operations import CreateModel
    from django.db.migrations.operations.fields import FieldOperation
    from django.db.migrations.operations.models import IndexOperation

    # An index or constraint on one model lets operations on other models' fields pass it
    # (Django treats it as a wall; Django's CreateModel already takes in its own model's).
    index_reduce = IndexOperation.reduce

    def index_operation_reduce(self, operation, app_label):
        result = index_reduce(self, operation, app_label)
        if result is False and isinstance(operation, FieldOperation):
            return operation.model_name_lower != self.model_name_lower
        return result

    IndexOperation.reduce = index_operation_reduce
    from django.db.migrations.optimizer import MigrationOptimizer

    from sifa.core.migration_operations import CreateModels

    optimize = MigrationOptimizer.optimize

    def optimize_and_batch(self, operations, app_label):
        """Django's optimizer, then each run of CreateModel operations as one CreateModels."""
        batched = []
        for operation in optimize(self, operations, app_label):
            if isinstance(operation, CreateModel):
                if batched and isinstance(batched[-1], list):
                    batched[-1].append(operation)
                    continue
                batched.append([operation])
            else:
                batched.append(operation)
        return [
            (CreateModels(item) if len(item) > 1 else item[0]) if isinstance(item, list) else item
            for item in batched
        ]

    MigrationOptimizer.optimize = optimize_and_batch

    for app, first, last in SQUASHES:
        args = [app, first, last] if first else [app, last]
        before = set((ROOT / "sifa" / app / "migrations").glob("0*.py"))
        call_command("squashmigrations", *args, interactive=False, verbosity=1)
        (written,) = set((ROOT / "sifa" / app / "migrations").glob("0*.py")) - before
        # Django writes `sifa.orgs.migrations.0003_seed_roles.seed`, which does not parse; until
        # the function is copied in by hand, import it so that the next squash can load this one.
        source = written.read_text(encoding="utf-8")
        source = FUNCTION_REFERENCE.sub(r'__import__("importlib").import_module("\1").\2', source)
        written.write_text(source, encoding="utf-8")


if __name__ == "__main__":
    main()
