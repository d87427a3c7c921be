"""Two purposes for the access log: a subject access export, and the retention rule's
anonymisation of a family. SQLite changes a check constraint by rebuilding the table,
which drops its triggers: the append-only trigger of 0004 is made again after it, going
forwards (the last operation) and backwards (the first, whose reverse runs last)."""

import importlib

from django.db import migrations, models

append_only = importlib.import_module("earlyhelp.accounts.migrations.0004_access_log_append_only")


def restore_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in [*append_only.SQLITE_DOWN, *append_only.SQLITE_UP]:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_authority_fsw_allocation_target_and_more"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_trigger),
        migrations.RemoveConstraint(
            model_name="accesslog",
            name="access_log_purpose_is_valid",
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("edit", "Edited"),
                    ("export", "Exported"),
                    ("search", "Found in a search"),
                    ("break_glass", "Viewed by break-glass"),
                    ("subject_access", "Exported for a subject access request"),
                    ("anonymise", "Anonymised by the retention rule"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="accesslog",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "purpose__in",
                        [
                            "view",
                            "edit",
                            "export",
                            "search",
                            "break_glass",
                            "subject_access",
                            "anonymise",
                        ],
                    )
                ),
                name="access_log_purpose_is_valid",
            ),
        ),
        migrations.RunPython(restore_trigger, migrations.RunPython.noop),
    ]
