from django.db import migrations

from sifa.orgs.roles import SEED_ROLES


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for key, name, capabilities in SEED_ROLES:
        Role.objects.update_or_create(
            key=key, defaults={"name": name, "capabilities": capabilities}
        )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
