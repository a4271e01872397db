"""The line's roles (docs/adding-a-line.md §6): the seed roles that work in every line get
`assessment` — the section (科室) keeps schemes and scores, a 司法所 uploads evidence and objects,
the leader reads the ranking."""

from django.db import migrations

EVERY_LINE_ROLES = ("leader", "section", "jo_head", "jo_staff", "api_client")


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        if "assessment" not in role.lines:
            role.lines = [*role.lines, "assessment"]
            role.save(update_fields=["lines"])


def unseed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        role.lines = [line for line in role.lines if line != "assessment"]
        role.save(update_fields=["lines"])


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial"), ("orgs", "0010_register_categories")]
    operations = [migrations.RunPython(seed, unseed)]
