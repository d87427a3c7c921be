"""Each authority's timescales, and the daily digests sent."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel


def _positive(verbose_name: str, default: int, help_text: str = "") -> models.Field:
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=[MinValueValidator(1)], help_text=help_text
    )


class TimescaleRules(TimeStampedModel):
    """The timescales an authority holds its Early Help work to, and the thresholds of
    its data quality checks: one row per authority, added in the admin site when its
    administrators change a default (until then the defaults apply).

    The limit for remote interventions is the authority's own setting
    (Authority.remote_intervention_weeks), which the interventions pages use too."""

    authority = models.OneToOneField(
        "accounts.Authority", on_delete=models.CASCADE, related_name="timescale_rules"
    )
    request_decision_working_days = _positive(
        "working days to decide a request for support",
        1,
        "Weekends and bank holidays in England are not working days.",
    )
    assessment_days = _positive("days from consent to a completed assessment", 30)
    first_review_weeks = _positive("weeks from the family plan to the first review", 6)
    review_interval_weeks = _positive("weeks between reviews, at most", 8)
    pathway_months = _positive("months a pathway may stay open before it is flagged", 12)
    fsw_intervention_weeks = _positive("weeks an FSW intervention may run before it is flagged", 18)
    due_soon_days = _positive(
        "days ahead that work counts as due soon",
        7,
        "Requests for support are due soon when due by the end of the next working day.",
    )
    # Data quality checks of the Monitoring Team.
    narrative_min_length = _positive(
        "characters a triage entry's narrative should have, at least",
        100,
        "About two short sentences: what is happening, and what it means for the child.",
    )
    inactive_weeks = _positive(
        "weeks without activity before an open pathway is listed as inactive", 8
    )
    history = HistoricalRecords()

    @classmethod
    def for_authority(cls, authority_id: int) -> "TimescaleRules":
        """The authority's rules as its administrators set them, else the defaults (not
        saved: a page that only reads them writes nothing)."""
        return cls.objects.filter(authority_id=authority_id).first() or cls(
            authority_id=authority_id
        )

    class Meta:
        verbose_name = "timescales"
        verbose_name_plural = "timescales"
        constraints = [
            models.CheckConstraint(
                condition=Q(request_decision_working_days__gte=1)
                & Q(assessment_days__gte=1)
                & Q(first_review_weeks__gte=1)
                & Q(review_interval_weeks__gte=1)
                & Q(pathway_months__gte=1)
                & Q(fsw_intervention_weeks__gte=1)
                & Q(due_soon_days__gte=1)
                & Q(narrative_min_length__gte=1)
                & Q(inactive_weeks__gte=1),
                name="timescales_are_positive",
            )
        ]

    def __str__(self) -> str:
        return f"Timescales of {self.authority}"


class Digest(models.Model):
    """One daily digest of due and overdue work emailed to one person. The row is made
    before the email is sent and is unique per person and day, so the digest goes at
    most once a day however often the task runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    # The figures the subject gave: the person's own work, or their teams' if none.
    overdue = models.PositiveIntegerField()
    due_soon = models.PositiveIntegerField()

    class Meta:
        ordering = ["-sent_on", "user_id"]
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"Digest to {self.user} on {self.sent_on}"
