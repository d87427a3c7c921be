"""Creates one group per role. The names are the values of accounts.models.Role."""

from django.db import migrations

ROLES = [
    "practitioner",
    "family_support_worker",
    "targeted_support_officer",
    "front_door_officer",
    "analyst",
    "manager",
    "administrator",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
