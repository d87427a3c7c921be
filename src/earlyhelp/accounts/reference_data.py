"""The role groups: one group per role, named by the values of accounts.roles.Role.

Takes an app registry, so the data migration and tests that empty the database
create them the same way.
"""

from django.apps.registry import Apps

from earlyhelp.accounts.roles import Role


def create_role_groups(apps: Apps) -> None:
    group = apps.get_model("auth", "Group")
    for name in Role.values:
        group.objects.get_or_create(name=name)
