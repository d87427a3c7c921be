"""Loads the bands' label sets, the headline outcomes and the issue codes."""

from django.db import migrations

from earlyhelp.need.reference_data import load_need_framework


def load(apps, schema_editor):
    load_need_framework(apps)


class Migration(migrations.Migration):
    dependencies = [("need", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
