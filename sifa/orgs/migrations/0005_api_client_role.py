from django.db import migrations

from sifa.orgs.roles import EDIT, MINORS, VIEW


def add_role(apps, schema_editor):
    """The role of an agency's API service account (sifa/api, docs/api.md)."""
    Role = apps.get_model("orgs", "Role")
    Role.objects.update_or_create(
        key="api_client", defaults={"name": "接口客户端", "capabilities": [VIEW, EDIT, MINORS]}
    )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0004_minors_capability")]
    operations = [migrations.RunPython(add_role, migrations.RunPython.noop)]
