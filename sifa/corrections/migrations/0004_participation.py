import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The education ↔ subject table becomes an explicit model (`Participation`) so the registry
    can count participations by the activity's office. The table does not change: the model
    uses the implicit M2M table's name, columns and unique index; only Django's state moves."""

    dependencies = [("corrections", "0003_unique_records")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Participation",
                    fields=[
                        ("id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "education",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="corrections.education",
                                verbose_name="教育帮扶",
                            ),
                        ),
                        (
                            "subject",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="corrections.subject",
                                verbose_name="矫正对象",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "教育帮扶参加人次",
                        "verbose_name_plural": "教育帮扶参加人次",
                        "db_table": "corrections_education_subjects",
                        "unique_together": {("education", "subject")},
                    },
                ),
                migrations.AlterField(
                    model_name="education",
                    name="subjects",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="education",
                        through="corrections.Participation",
                        to="corrections.subject",
                        verbose_name="参加矫正对象",
                    ),
                ),
            ],
        )
    ]
