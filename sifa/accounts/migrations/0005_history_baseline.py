"""A first history row for the users, roles, memberships and two-factor devices that existed
before their history was kept (seeded roles, existing accounts): without it, their first change
would have nothing to compare with. The row is marked as a baseline (sifa.audit.history)."""

from django.db import migrations
from django.utils import timezone

BASELINE_REASON = "history-baseline"  # sifa.audit.history.BASELINE_REASON

MODELS = [
    ("accounts", "User", "accounts", "HistoricalUser"),
    ("orgs", "Role", "orgs", "HistoricalRole"),
    ("orgs", "Membership", "orgs", "HistoricalMembership"),
    ("otp_totp", "TOTPDevice", "accounts", "HistoricalTOTPDevice"),
]


def add_baseline(apps, schema_editor):
    now = timezone.now()
    for app_label, model_name, history_app, history_name in MODELS:
        model = apps.get_model(app_label, model_name)
        historical = apps.get_model(history_app, history_name)
        tracked = {f.attname for f in historical._meta.concrete_fields}
        known = set(historical.objects.values_list("id", flat=True).distinct())
        rows = []
        for obj in model.objects.exclude(pk__in=known).iterator():
            values = {
                f.attname: getattr(obj, f.attname)
                for f in model._meta.concrete_fields
                if f.attname in tracked
            }
            rows.append(
                historical(
                    **values,
                    history_date=now,
                    history_type="+",
                    history_change_reason=BASELINE_REASON,
                )
            )
        historical.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_history_and_two_factor_removal"),
        ("orgs", "0005_api_client_role"),
    ]

    operations = [migrations.RunPython(add_baseline, migrations.RunPython.noop)]
