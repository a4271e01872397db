from django.db import migrations, models


class Migration(migrations.Migration):
    """Participation's key is bigint in the database already: migration 0001 created the
    implicit M2M table with the project's BigAutoField. Only Django's state follows (the model
    said AutoField, so a database built from the models had an integer key)."""

    dependencies = [("corrections", "0006_new_crime")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="participation",
                    name="id",
                    field=models.BigAutoField(primary_key=True, serialize=False),
                ),
            ],
        )
    ]
