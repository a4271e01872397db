"""The line's roles and code list (docs/adding-a-line.md §6): the seed roles that work in every
line get `hotline`; the category code list 12345工单类别 is loaded."""

from django.db import migrations

from sifa.core import seed_codes
from sifa.hotline.constants import CATEGORY

EVERY_LINE_ROLES = ("leader", "section", "jo_head", "jo_staff", "api_client")
LINE = "hotline"


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        if LINE not in role.lines:
            role.lines = [*role.lines, LINE]
            role.save(update_fields=["lines"])
    seed_codes.load(
        apps.get_model("core", "CodeList"),
        apps.get_model("core", "CodeItem"),
        seed_codes.history_recorder(apps.get_model("core", "HistoricalCodeItem")),
        lists=(CATEGORY,),
    )


def unseed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        role.lines = [line for line in role.lines if line != LINE]
        role.save(update_fields=["lines"])


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0001_initial"),
        ("core", "0002_seed_codes"),
        ("practice", "0002_roles"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
