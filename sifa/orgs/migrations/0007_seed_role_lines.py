from django.db import migrations

from sifa.orgs.roles import ALL_LINES, EDIT, MINORS, REVEAL, SEED_ROLE_LINES, VIEW

RECORD_CAPABILITIES = {VIEW, EDIT, REVEAL, MINORS}


def seed(apps, schema_editor):
    """Give each seed role the business lines it works in (docs/security.md 按业务条线授权).
    A role an administrator added before this migration keeps what it had: every line, if it
    grants a capability over records (the administrator narrows it in the admin)."""
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.all():
        if role.key in SEED_ROLE_LINES:
            role.lines = list(SEED_ROLE_LINES[role.key])
        elif RECORD_CAPABILITIES & set(role.capabilities or ()):
            role.lines = list(ALL_LINES)
        else:
            continue
        role.save(update_fields=["lines"])


def unseed(apps, schema_editor):
    apps.get_model("orgs", "Role").objects.update(lines=[])


class Migration(migrations.Migration):
    dependencies = [("orgs", "0006_role_lines")]
    operations = [migrations.RunPython(seed, unseed)]
