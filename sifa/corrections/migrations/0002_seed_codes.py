from django.db import migrations

from sifa.core import seed_codes


def seed(apps, schema_editor):
    # A database migrated before these lists existed gets them here (idempotent, these only).
    seed_codes.load(
        apps.get_model("core", "CodeList"),
        apps.get_model("core", "CodeItem"),
        seed_codes.history_recorder(apps.get_model("core", "HistoricalCodeItem")),
        lists=(seed_codes.CORRECTION_CATEGORY, seed_codes.CRIME_CATEGORY),
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_seed_codes"), ("corrections", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
