"""An Early Help pathway: one episode of help for a family, from consent to closure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel


class PathwayStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    """How a pathway ended (domain.md section 2)."""

    CLOSED_POSITIVELY = "closed_positively", "Closed positively"
    TRANSFERRED = "transferred", "Transferred to another service"
    RELOCATED = "relocated", "Family moved away"
    ESCALATED = "escalated", "Escalated to children's social care"
    DECLINED = "declined", "Family declined Early Help"
    DISENGAGED = "disengaged", "Family disengaged"
    STEPPED_DOWN = "stepped_down", "Stepped down to a lower-level service"


class Pathway(TimeStampedModel):
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="pathways")
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="pathways",
        help_text="The team that owns the pathway.",
    )
    status = models.CharField(
        max_length=10, choices=PathwayStatus.choices, default=PathwayStatus.OPEN
    )
    opened_on = models.DateField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_pathways",
    )
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    closing_summary = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status=PathwayStatus.OPEN),
                name="one_open_pathway_per_family",
            ),
            models.CheckConstraint(
                condition=Q(status=PathwayStatus.OPEN, outcome="", closed_on__isnull=True)
                | (Q(status=PathwayStatus.CLOSED, closed_on__isnull=False) & ~Q(outcome="")),
                name="closed_pathway_has_outcome_and_date",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="pathway_outcome_is_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Pathway {self.reference}"

    @property
    def reference(self) -> str:
        return f"P{self.pk:07d}" if self.pk else ""

    @property
    def is_open(self) -> bool:
        return self.status == PathwayStatus.OPEN


class TafMember(TimeStampedModel):
    """A member of the Team Around the Family: a worker of any agency."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="taf_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="taf_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "user"],
                condition=Q(removed_at__isnull=True),
                name="one_current_taf_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.pathway}"
