"""The line's roles (docs/adding-a-line.md §6): the seed roles that work in every line get
`frontdesk`."""

from django.db import migrations

EVERY_LINE_ROLES = ("leader", "section", "jo_head", "jo_staff", "api_client")


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        if "frontdesk" not in role.lines:
            role.lines = [*role.lines, "frontdesk"]
            role.save(update_fields=["lines"])


def unseed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        role.lines = [line for line in role.lines if line != "frontdesk"]
        role.save(update_fields=["lines"])


class Migration(migrations.Migration):
    dependencies = [("frontdesk", "0001_initial"), ("orgs", "0010_register_categories")]
    operations = [migrations.RunPython(seed, unseed)]
