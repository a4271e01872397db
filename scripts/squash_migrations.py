"""Squash Sifa's migrations with Django's `squashmigrations` (docs/testing.md, 迁移合并).

Run: `.venv/bin/python scripts/squash_migrations.py` on a tree without squashed migrations
(or after deleting the squashed files to redo them). It calls `manage.py squashmigrations` for
every range in SQUASHES, in this order, with one change to Django's optimizer: a `RunPython`
step that is not elidable lets schema operations be merged across it (Django treats it as a
wall, so a seed step between `0001` and `0002` would keep every later `AddField` apart). That
is sound here because every seed step also runs on the final schema: the test suite runs all of
them there (conftest.run_seed_steps) and tests/test_migrations.py compares the result.

An index or constraint operation lets field operations on other models pass it, too.

Then `sifa.core.migration_operations.fold_into_created_models` writes every model the squashed
migration creates in its final form (the field, index and constraint operations the optimizer
left apart folded in), all in one `CreateModels`, and the `RunPython` steps last: each
operation left apart re-rendered most of the project's models in `migrate`.
`--refold FILE …` does the same to squashed files already written (their functions kept).

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
import subprocess
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

    from sifa.core.migration_operations import fold_into_created_models

    optimize = MigrationOptimizer.optimize

    def optimize_and_fold(self, operations, app_label):
        """Django's optimizer, then every new model created at once, in its final form."""
        return fold_into_created_models(optimize(self, operations, app_label), app_label)

    MigrationOptimizer.optimize = optimize_and_fold

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


def refold(paths: list[str]) -> None:
    """Rewrite squashed migration files already written (and their hand-copied functions kept)
    with `fold_into_created_models`: `scripts/squash_migrations.py --refold FILE …`."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import importlib

    from django.db.migrations.writer import MigrationWriter

    from sifa.core.migration_operations import fold_into_created_models

    for name in paths:
        path = Path(name).resolve()
        app = path.parent.parent.name
        module_name = f"sifa.{app}.migrations.{path.stem}"
        migration = importlib.import_module(module_name).Migration(path.stem, app)
        migration.operations = fold_into_created_models(migration.operations, app)
        # A loaded swappable dependency reads ("accounts", "__first__"): written back as the
        # setting (Sifa's only swappable model is the user model).
        migration.dependencies = [
            ("__setting__", "AUTH_USER_MODEL") if hasattr(dependency, "setting") else dependency
            for dependency in migration.dependencies
        ]
        written = MigrationWriter(migration, include_header=False).as_string()
        # The steps' functions are this file's own: named bare, not imported.
        written = written.replace(f"import {module_name}\n", "").replace(f"{module_name}.", "")
        new_head, _, new_class = written.partition("\nclass Migration(")
        source = path.read_text(encoding="utf-8")
        head, _, _ = source.partition("\nclass Migration(")
        lines = head.split("\n")
        imports = [i for i, line in enumerate(lines) if line.startswith(("import ", "from "))]
        missing = [
            line
            for line in new_head.split("\n")
            if line.startswith(("import ", "from ")) and line not in lines
        ]
        lines[imports[-1] + 1 : imports[-1] + 1] = missing
        path.write_text("\n".join(lines) + "\nclass Migration(" + new_class, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(migration.operations)} operations")
    ruff = [str(Path(sys.executable).parent / "ruff")]
    subprocess.run([*ruff, "check", "--select", "I,F401", "--fix", "--quiet", *paths], check=True)  # noqa: S603
    subprocess.run([*ruff, "format", "--quiet", *paths], check=True)  # noqa: S603


if __name__ == "__main__":
    if sys.argv[1:2] == ["--refold"]:
        refold(sys.argv[2:])
    else:
        main()
