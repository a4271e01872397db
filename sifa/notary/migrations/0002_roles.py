"""The line's roles (docs/adding-a-line.md §6): the seed roles that work in every line get
`notary`, and so does 执业机构管理员 (`inst_admin`, practice 0002): a notary office's own
account keeps its notarisations."""

from django.db import migrations

ROLES = ("leader", "section", "jo_head", "jo_staff", "api_client", "inst_admin")


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=ROLES):
        if "notary" not in role.lines:
            role.lines = [*role.lines, "notary"]
            role.save(update_fields=["lines"])


def unseed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=ROLES):
        role.lines = [line for line in role.lines if line != "notary"]
        role.save(update_fields=["lines"])


class Migration(migrations.Migration):
    dependencies = [("notary", "0001_initial"), ("practice", "0002_roles")]
    operations = [migrations.RunPython(seed, unseed)]
