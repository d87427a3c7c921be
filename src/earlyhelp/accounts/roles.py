"""The roles a user can hold. Each role is a Django group of the same name.

Kept apart from models.py so that migrations can import it without importing models.
"""

from django.db import models


class Role(models.TextChoices):
    """What a user does. Each role is a Django group of the same name."""

    PRACTITIONER = "practitioner", "Practitioner"
    FAMILY_SUPPORT_WORKER = "family_support_worker", "Family support worker"
    TARGETED_SUPPORT_OFFICER = "targeted_support_officer", "Targeted support officer"
    FRONT_DOOR_OFFICER = "front_door_officer", "Front door officer"
    ANALYST = "analyst", "Analyst (Monitoring Team)"
    MANAGER = "manager", "Manager"
    ADMINISTRATOR = "administrator", "Administrator"
    DIRECTORY_EDITOR = "directory_editor", "Service directory editor"
