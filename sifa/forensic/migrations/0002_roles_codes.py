"""The line's roles (docs/adding-a-line.md §6) and its code table: the seed roles that work in
every line get `forensic`, and so does 执业机构管理员 (an institution's own account records its
cases); the registered categories (司法鉴定类别) are seeded as a code list."""

from django.db import migrations

from sifa.core import seed_codes
from sifa.forensic.constants import CATEGORY_SEED

ROLES = ("leader", "section", "jo_head", "jo_staff", "api_client", "inst_admin")


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=ROLES):
        if "forensic" not in role.lines:
            role.lines = [*role.lines, "forensic"]
            role.save(update_fields=["lines"])
    seed_codes.load(
        apps.get_model("core", "CodeList"),
        apps.get_model("core", "CodeItem"),
        seed_codes.history_recorder(apps.get_model("core", "HistoricalCodeItem")),
        lists=(CATEGORY_SEED,),
    )


def unseed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=ROLES):
        role.lines = [line for line in role.lines if line != "forensic"]
        role.save(update_fields=["lines"])


class Migration(migrations.Migration):
    dependencies = [
        ("forensic", "0001_initial"),
        ("practice", "0002_roles"),
        ("core", "0002_seed_codes"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
