"""The role groups. One group per role, named by the values of accounts.models.Role.

Takes an app registry, so the data migration and tests that empty the database
create them the same way.
"""

from django.apps.registry import Apps

ROLE_NAMES = [
    "practitioner",
    "family_support_worker",
    "targeted_support_officer",
    "front_door_officer",
    "analyst",
    "manager",
    "administrator",
]


def create_role_groups(apps: Apps) -> None:
    group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        group.objects.get_or_create(name=name)
