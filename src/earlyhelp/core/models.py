"""Base models shared by every app."""

import uuid

from django.db import models


class TimeStampedModel(models.Model):
    """A record with a public UUID (used in URLs, never the integer key) and timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
