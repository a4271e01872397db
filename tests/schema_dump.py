"""The shape of a database as JSON: its tables, their columns and constraints, and how many
rows each table holds. `python -m tests.schema_dump` prints it for the database of
DATABASE_URL; tests/test_migrations.py compares a migrated database with the test database.

Names the engine chooses (constraint and index names, the order of columns) are left out; the
database's own types are kept, so a field whose migration gives it another column type differs.
"""

import json
import os
import sys

# Django's record of the migrations applied: only a migrated database has it.
RUN_BOOKKEEPING = {"django_migrations"}


def describe(connection) -> dict:
    introspection = connection.introspection
    tables = {}
    with connection.cursor() as cursor:
        for name in sorted(set(introspection.table_names(cursor)) - RUN_BOOKKEEPING):
            columns = {
                column.name: {
                    "type": introspection.get_field_type(column.type_code, column),
                    "null": bool(column.null_ok),
                }
                for column in introspection.get_table_description(cursor, name)
            }
            constraints = sorted(
                _constraint(info)
                for info in introspection.get_constraints(cursor, name).values()
                if info["unique"] or info["foreign_key"] or info["index"]
            )
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            rows = cursor.fetchone()[0]
            tables[name] = {"columns": columns, "constraints": constraints, "rows": rows}
    return tables


def _constraint(info: dict) -> str:
    columns = ",".join(info["columns"] or [])
    if info["primary_key"]:
        return f"primary key ({columns})"
    if info["foreign_key"]:
        table, column = info["foreign_key"]
        return f"foreign key ({columns}) → {table}.{column}"
    if info["unique"]:
        return f"unique ({columns})"
    return f"index ({columns})"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.db import connection

    django.setup()
    json.dump(describe(connection), sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
