"""The line's roles (docs/adding-a-line.md §6): the seed roles that work in every line get
`publicity`; and the code list of event themes (普法活动主题, [M]) is seeded."""

from django.db import migrations

from sifa.core import seed_codes
from sifa.publicity.constants import THEMES

EVERY_LINE_ROLES = ("leader", "section", "jo_head", "jo_staff", "api_client")


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        if "publicity" not in role.lines:
            role.lines = [*role.lines, "publicity"]
            role.save(update_fields=["lines"])
    seed_codes.load(
        apps.get_model("core", "CodeList"),
        apps.get_model("core", "CodeItem"),
        seed_codes.history_recorder(apps.get_model("core", "HistoricalCodeItem")),
        lists=(THEMES,),
    )


def unseed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        role.lines = [line for line in role.lines if line != "publicity"]
        role.save(update_fields=["lines"])


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0001_initial"),
        ("orgs", "0010_register_categories"),
        ("core", "0002_seed_codes"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
