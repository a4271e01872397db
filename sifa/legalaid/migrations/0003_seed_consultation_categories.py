from django.db import migrations

from sifa.core import seed_codes


def seed(apps, schema_editor):
    # core 0002 seeds the lists known when it ran; a database migrated before this list
    # existed gets it here (load() is idempotent and passes only this list).
    seed_codes.load(
        apps.get_model("core", "CodeList"),
        apps.get_model("core", "CodeItem"),
        seed_codes.history_recorder(apps.get_model("core", "HistoricalCodeItem")),
        lists=(seed_codes.LEGAL_AID_CONSULTATION_CATEGORY,),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_seed_codes"),
        ("legalaid", "0002_due_dates"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
