"""Creates one group per role."""

from django.db import migrations

from earlyhelp.accounts.reference_data import create_role_groups


def create_roles(apps, schema_editor):
    create_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
