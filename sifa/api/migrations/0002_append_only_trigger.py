from django.db import migrations

from sifa.audit.protection import protect_tables


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("audit", "0003_audit_purge_and_append_only_triggers"),
    ]

    operations = [
        # The request log is append-only in the database too (sifa/audit/protection.py).
        protect_tables("api_apirequestlog"),
    ]
