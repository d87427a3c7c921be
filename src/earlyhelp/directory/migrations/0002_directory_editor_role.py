"""Creates the group of the directory editor role (and any other role still missing)."""

from django.db import migrations

from earlyhelp.accounts.reference_data import create_role_groups


def create_roles(apps, schema_editor):
    create_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial"), ("accounts", "0003_roles")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
