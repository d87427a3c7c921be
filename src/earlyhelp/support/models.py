"""The Family Support Workers' direct work: Family Support Line calls and one-to-one
FSW interventions. Neither opens an Early Help Pathway by itself."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel


class CallerKind(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Someone else"


class CallOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved by the FSW team"
    OPENED_PATHWAY = "opened_pathway", "Opened to an Early Help Pathway"
    ESCALATED = "escalated", "Escalated to the MASH"
    REFERRED = "referred", "Referred elsewhere"


class SupportLineCall(TimeStampedModel):
    """One call to the Family Support Line, logged while or just after it is taken."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="support_line_calls"
    )
    district = models.ForeignKey(
        "accounts.District",
        on_delete=models.PROTECT,
        related_name="support_line_calls",
        help_text="The locality the caller lives or works in.",
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calls_taken"
    )
    called_at = models.DateTimeField(default=timezone.now, db_index=True)
    caller_kind = models.CharField(max_length=20, choices=CallerKind.choices)
    caller_name = models.CharField(max_length=200, blank=True)
    family = models.ForeignKey(
        "people.Family",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_line_calls",
    )
    issue_codes = models.ManyToManyField(
        "need.IssueCode", blank=True, related_name="support_line_calls"
    )
    notes = models.TextField(help_text="What the caller said.")
    advice = models.TextField(help_text="The advice and information given.")
    outcome = models.CharField(max_length=20, choices=CallOutcome.choices)
    referred_to = models.CharField(max_length=200, blank=True)
    request = models.OneToOneField(
        "frontdoor.RequestForSupport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_line_call",
        help_text="The request for support the call opened, when it opened a pathway.",
    )
    out_of_hours = models.BooleanField(
        default=False, help_text="Taken outside the line's opening hours, e.g. a call back."
    )
    history = HistoricalRecords(m2m_fields=[issue_codes])

    class Meta:
        ordering = ["-called_at"]
        indexes = [models.Index(fields=["authority", "called_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(caller_kind__in=CallerKind.values), name="caller_kind_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=CallOutcome.values), name="call_outcome_is_valid"
            ),
            models.CheckConstraint(
                condition=~Q(outcome=CallOutcome.REFERRED) | ~Q(referred_to=""),
                name="referred_call_says_where",
            ),
        ]

    def __str__(self) -> str:
        return f"Call on {timezone.localtime(self.called_at):%d %b %Y %H:%M}"


class InterventionSource(models.TextChoices):
    DIRECT_REFERRAL = "direct_referral", "Direct referral (parenting needs)"
    PATHWAY = "pathway", "Part of an Early Help Pathway"


class InterventionOutcome(models.TextChoices):
    POSITIVE = "positive", "Positive"
    DISENGAGED = "disengaged", "Disengaged"
    ESCALATED = "escalated", "Escalated to children's social care"
    TRANSFERRED = "transferred", "Transferred"


class FswIntervention(TimeStampedModel):
    """One-to-one work by a Family Support Worker with a family's children."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="fsw_interventions"
    )
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="fsw_interventions"
    )
    source = models.CharField(max_length=20, choices=InterventionSource.choices)
    pathway = models.ForeignKey(
        "pathways.Pathway",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fsw_interventions",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fsw_interventions"
    )
    children = models.ManyToManyField(
        "people.Person",
        related_name="fsw_interventions",
        help_text="The children the intervention is for: each counts as one allocation.",
    )
    is_remote = models.BooleanField(
        "remote intervention",
        default=False,
        help_text="Direct advice given remotely, for a limited number of weeks.",
    )
    allocated_on = models.DateField(default=timezone.localdate)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=InterventionOutcome.choices, blank=True)
    end_note = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[children])

    class Meta:
        ordering = ["-allocated_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=InterventionSource.values),
                name="intervention_source_is_valid",
            ),
            models.CheckConstraint(
                condition=~Q(source=InterventionSource.PATHWAY) | Q(pathway__isnull=False),
                name="pathway_intervention_names_its_pathway",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, outcome="")
                | (Q(ended_on__isnull=False, started_on__isnull=False) & ~Q(outcome="")),
                name="ended_intervention_has_start_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="intervention_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"FSW intervention {self.reference}"

    @property
    def reference(self) -> str:
        return f"I{self.pk:07d}" if self.pk else ""

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def weeks(self, today: datetime.date | None = None) -> float:
        """How long it has run (or ran), from its start (or allocation), in weeks."""
        start = self.started_on or self.allocated_on
        end = self.ended_on or today or timezone.localdate()
        return max(0, (end - start).days) / 7

    def overruns(self, remote_weeks: int, today: datetime.date | None = None) -> bool:
        """A remote intervention still open past the authority's limit."""
        return self.is_remote and self.is_open and self.weeks(today) > remote_weeks


class SessionKind(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    CENTRE = "centre", "At a Children and Family Centre"
    SCHOOL = "school", "At school"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"


class InterventionSession(TimeStampedModel):
    intervention = models.ForeignKey(
        FswIntervention, on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField()
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    note = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_is_valid"
            )
        ]
