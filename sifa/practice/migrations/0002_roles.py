"""The line's roles (docs/adding-a-line.md §6): the seed roles that work in every line get
`practice`, and the new role 执业机构管理员 (an institution's own account) is created; granted on
an institution's office, it sees and edits that institution's records only."""

from django.db import migrations

EVERY_LINE_ROLES = ("leader", "section", "jo_head", "jo_staff", "api_client")
INSTITUTION_ADMIN = ("inst_admin", "执业机构管理员", ["view", "edit"])


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        if "practice" not in role.lines:
            role.lines = [*role.lines, "practice"]
            role.save(update_fields=["lines"])
    key, name, capabilities = INSTITUTION_ADMIN
    Role.objects.update_or_create(
        key=key, defaults={"name": name, "capabilities": capabilities, "lines": ["practice"]}
    )


def unseed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for role in Role.objects.filter(key__in=EVERY_LINE_ROLES):
        role.lines = [line for line in role.lines if line != "practice"]
        role.save(update_fields=["lines"])
    Role.objects.filter(key=INSTITUTION_ADMIN[0], memberships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial"), ("orgs", "0009_practice_office_kinds")]
    operations = [migrations.RunPython(seed, unseed)]
