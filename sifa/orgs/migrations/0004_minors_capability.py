from django.db import migrations

from sifa.orgs.roles import MINORS

ROLES_WITH_MINORS = ("cc_worker", "jo_head")


def add_minors(apps, schema_editor):
    """A minor's corrections records need their own capability (社区矫正法 第54条): the
    corrections worker and the 司法所长 get it; an administrator may grant it to other roles."""
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=ROLES_WITH_MINORS):
        if MINORS not in role.capabilities:
            role.capabilities = [*role.capabilities, MINORS]
            role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_seed_roles")]
    operations = [migrations.RunPython(add_minors, migrations.RunPython.noop)]
