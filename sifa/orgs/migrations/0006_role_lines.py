from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0005_api_client_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalrole",
            name="lines",
            field=models.JSONField(blank=True, default=list, verbose_name="业务条线"),
        ),
        migrations.AddField(
            model_name="role",
            name="lines",
            field=models.JSONField(blank=True, default=list, verbose_name="业务条线"),
        ),
    ]
