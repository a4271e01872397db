"""Append-only audit tables enforced by PostgreSQL itself (等保 2.0 安全审计: 审计记录应受到保护).

The models and querysets refuse changes (AppendOnlyModel), but that guard is Python: a plain
queryset (`Model._base_manager`), raw SQL or a psql session would pass it. On PostgreSQL a row
trigger on every append-only table refuses

* every UPDATE, and
* every DELETE of a row younger than LEGAL_FLOOR_DAYS (180 days: 网络安全法 第21条 asks network
  logs to be kept at least six months),

whoever sends it. `manage.py purge_audit` deletes only rows older than the retention
(SIFA_AUDIT_RETENTION_DAYS, at least 184 days), which the trigger lets through.

A trigger only holds against a role that cannot drop it: deploy so that the tables are owned
by a migration role and the application connects as a role that does not own them
(docs/security.md, "Audit tables in the database"). TRUNCATE fires no row trigger; the
application role is simply not granted it.

The triggers are created by migrations (RunPython, so the test database built from the models
gets them as well; see conftest.run_seed_steps), on PostgreSQL only.
"""

from django.db import migrations

LEGAL_FLOOR_DAYS = 180
FUNCTION = "sifa_audit_append_only"
TRIGGER = "sifa_audit_append_only"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < now() - interval '{LEGAL_FLOOR_DAYS} days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only rows older than {LEGAL_FLOOR_DAYS} days may be deleted (purge_audit).';
END;
$$
"""


def _protect(tables, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, None)  # None: the '%' are plpgsql's, not params
    for table in tables:
        name = schema_editor.quote_name(table)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {name}")
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {name} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )


def _unprotect(tables, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {schema_editor.quote_name(table)}"
        )


class ProtectTables(migrations.RunPython):
    """The migration operation installing the append-only trigger on `tables` (PostgreSQL only).

    A RunPython step (conftest.run_seed_steps runs it on the test databases built from the
    models) that a migration file can name, so that `squashmigrations` can write it out."""

    def __init__(self, tables):
        self.tables = tuple(tables)
        super().__init__(self.forwards, self.backwards, elidable=False)

    def forwards(self, apps, schema_editor):
        _protect(self.tables, schema_editor)

    def backwards(self, apps, schema_editor):
        _unprotect(self.tables, schema_editor)

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"tables": list(self.tables)})

    def describe(self):
        return f"Append-only trigger on {', '.join(self.tables)}"


def protect_tables(*tables: str) -> ProtectTables:
    """A migration operation installing the append-only trigger on `tables` (PostgreSQL only).

    Each table needs a timestamp column `at` (AppendOnlyModel's).
    """
    return ProtectTables(tables)


def protected_tables(connection) -> set[str]:
    """Tables that carry the trigger, as PostgreSQL reports them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers WHERE trigger_name = %s",
            [TRIGGER],
        )
        return {row[0] for row in cursor.fetchall()}
