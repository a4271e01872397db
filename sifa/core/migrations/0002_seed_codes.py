from django.db import migrations

from sifa.core import seed_codes


def seed(apps, schema_editor):
    # simple-history's signals do not fire for migration models: write each item's history row
    # ourselves, so a later rename still lets codes.code_name(on=...) find the original name.
    seed_codes.load(
        apps.get_model("core", "CodeList"),
        apps.get_model("core", "CodeItem"),
        seed_codes.history_recorder(apps.get_model("core", "HistoricalCodeItem")),
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
