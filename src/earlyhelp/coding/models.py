"""What the coder and the analysts said about each triage entry, and safeguarding flags
that wait for a person."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel


class EntryCoding(TimeStampedModel):
    """The coding state of one triage entry: when the coder last read it (and which
    model), and whether an analyst has confirmed its codes since."""

    entry = models.OneToOneField(
        "pathways.TriageEntry", on_delete=models.CASCADE, related_name="coding"
    )
    model_version = models.CharField(max_length=40, blank=True)
    coded_at = models.DateTimeField(null=True, blank=True)
    lowest_confidence = models.FloatField(
        null=True, blank=True, help_text="The least sure of the coder's codes, for the queue."
    )
    safeguarding_score = models.FloatField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [models.Index(fields=["reviewed_at", "lowest_confidence"])]

    def __str__(self) -> str:
        return f"Coding of {self.entry}"


class FlagAction(models.TextChoices):
    ESCALATED = "escalated", "Escalated to the MASH or children's social care"
    ALREADY_KNOWN = "already_known", "Already known: the right people are acting on it"
    NOT_A_CONCERN = "not_a_concern", "Not a safeguarding concern"


class SafeguardingFlag(TimeStampedModel):
    """A narrative the coder read as a child at risk of significant harm now. It stays
    open until a person records what was done; nothing closes it automatically."""

    entry = models.ForeignKey(
        "pathways.TriageEntry", on_delete=models.PROTECT, related_name="safeguarding_flags"
    )
    score = models.FloatField()
    model_version = models.CharField(max_length=40)
    action = models.CharField(max_length=20, choices=FlagAction.choices, blank=True)
    note = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(closed_at__isnull=True),
                name="one_open_flag_per_entry",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, action="", closed_by__isnull=True)
                | (
                    Q(closed_at__isnull=False, closed_by__isnull=False)
                    & Q(action__in=FlagAction.values)
                    & ~Q(note="")
                ),
                name="closed_flag_records_who_and_what_was_done",
            ),
        ]

    def __str__(self) -> str:
        return f"Safeguarding flag on {self.entry}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
