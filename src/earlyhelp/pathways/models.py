"""An Early Help pathway: one episode of help for a family, from consent to closure."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel
from earlyhelp.need.models import Band


class Versioned(models.Model):
    """A record two people may edit at once: every save states the version it started
    from, and a save from a stale version is refused (see core.versioning)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


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


class Pathway(TimeStampedModel, Versioned):
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


class TriageStage(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    REVIEW = "review", "Review"
    CLOSURE = "closure", "Closure"


class Triage(TimeStampedModel):
    """One use of the triage tool: the family's issues, each in the band that fits."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="triages")
    stage = models.CharField(max_length=12, choices=TriageStage.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set when the triage is completed (entries cannot change after), so that reports
    # count triages without reading their entries or walking to the pathway's team:
    # where it was done, and which bands its entries are in.
    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        "accounts.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    has_blue = models.BooleanField(default=False)
    has_green = models.BooleanField(default=False)
    has_yellow = models.BooleanField(default=False)
    has_orange = models.BooleanField(default=False)
    has_red = models.BooleanField(default=False)
    external_ref = models.CharField(
        "reference in the previous case system",
        max_length=60,
        blank=True,
        help_text="Set when the triage was imported, so that importing it again changes nothing.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["authority", "stage", "completed_on"], name="triage_report_index")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=TriageStage.values), name="triage_stage_is_valid"
            ),
            models.UniqueConstraint(
                fields=["pathway", "stage"],
                condition=Q(completed_on__isnull=True),
                name="one_draft_triage_per_stage",
            ),
            models.UniqueConstraint(
                fields=["authority", "external_ref"],
                condition=~Q(external_ref=""),
                name="one_triage_per_external_ref",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} triage of {self.pathway}"

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None

    def summarise(self, bands: "set[str] | list[str]") -> None:
        """Fill the report fields from the team that owns the pathway and the bands of
        the entries (the caller saves)."""
        team = self.pathway.team
        self.team, self.district_id, self.authority_id = team, team.district_id, team.authority_id
        for band in Band.values:
            setattr(self, f"has_{band}", band in bands)


class TriageDayCount(models.Model):
    """Completed triages counted per day, stage, team and district, with how many had an
    entry in each band: what Table 1 adds up, so that a year's report reads a few thousand
    rows however many triages there are. Rebuilt from the triages for a day by
    ``pathways.counting.count_triages`` whenever a triage of that day is completed."""

    authority = models.ForeignKey("accounts.Authority", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(
        "accounts.District", on_delete=models.CASCADE, null=True, related_name="+"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, null=True, related_name="+")
    stage = models.CharField(max_length=12, choices=TriageStage.choices)
    day = models.DateField()
    triages = models.PositiveIntegerField()
    blue = models.PositiveIntegerField(default=0)
    green = models.PositiveIntegerField(default=0)
    yellow = models.PositiveIntegerField(default=0)
    orange = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["authority", "stage", "day"], name="triage_count_index")]

    def __str__(self) -> str:
        return f"{self.triages} {self.stage} triages on {self.day}"


class TriageEntry(TimeStampedModel, Versioned):
    """One issue of the family: a band and a short narrative in the practitioner's words."""

    triage = models.ForeignKey(Triage, on_delete=models.PROTECT, related_name="entries")
    band = models.CharField(max_length=10, choices=Band.choices)
    narrative = models.TextField()
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who in the family the issue is about, if one person.",
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "triage entries"
        constraints = [
            models.CheckConstraint(condition=Q(band__in=Band.values), name="entry_band_is_valid"),
            models.CheckConstraint(condition=~Q(narrative=""), name="entry_has_a_narrative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_band_display()} entry in {self.triage}"


class CodeSource(models.TextChoices):
    CODER = "coder", "Automatic coder"
    PRACTITIONER = "practitioner", "Practitioner"
    ANALYST = "analyst", "Analyst"


class CodeStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested by the coder"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected by an analyst"


class EntryCode(TimeStampedModel):
    """An issue code given to a triage entry, by the coder or a person. A suggestion the
    analyst rejects is kept, marked rejected, with who and when: it is what the coder
    learns from."""

    entry = models.ForeignKey(TriageEntry, on_delete=models.CASCADE, related_name="codes")
    code = models.ForeignKey("need.IssueCode", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=15, choices=CodeSource.choices)
    status = models.CharField(
        max_length=10, choices=CodeStatus.choices, default=CodeStatus.SUGGESTED
    )
    confidence = models.FloatField(null=True, blank=True)
    model_version = models.CharField(max_length=40, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "code"], name="one_row_per_entry_and_code")
        ]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "No longer needed"


class PlanAction(TimeStampedModel, Versioned):
    """One action of the family plan: what, tied to which issues, who does it, by when."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    entries = models.ManyToManyField(TriageEntry, blank=True, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_text = models.CharField(
        max_length=120, blank=True, help_text="Someone who is not staff, e.g. Mum, or the family."
    )
    agreed_on = models.DateField(default=timezone.localdate)
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[entries])

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=False)
                | Q(owner_agency__isnull=False)
                | ~Q(owner_text=""),
                name="action_has_an_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def owner_label(self) -> str:
        return str(self.owner or self.owner_agency or self.owner_text)


class Review(TimeStampedModel, Versioned):
    """A Team Around the Family meeting: who came, progress per action, plan changes."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    other_attendees = models.CharField(
        max_length=300, blank=True, help_text="Family members and others who came."
    )
    plan_changes = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["held_on", "created_at"]

    def __str__(self) -> str:
        return f"Review of {self.pathway} on {self.held_on:%d %b %Y}"


class ActionProgress(TimeStampedModel):
    """A note of progress on an action, at a review or between reviews."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="progress")
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="progress"
    )
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    note = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]


class Reopening(TimeStampedModel):
    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="reopenings")
    reason = models.TextField()
    previous_outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class Escalation(TimeStampedModel):
    """A step-up: the pathway goes to the front door (MASH) for children's social care."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="escalations")
    reason = models.TextField()
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    escalated_on = models.DateField()


class TargetedSupportOutcome(models.TextChoices):
    DE_ESCALATED = "de_escalated", "De-escalated to yellow"
    CLOSED_POSITIVELY = "closed_positively", "Closed positively"
    DISENGAGED = "disengaged", "Disengaged"
    ESCALATED = "escalated", "Escalated"


class TargetedSupport(TimeStampedModel):
    """A Targeted Support Officer working beside the Lead Professional for a time."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="targeted_support")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="targeted_support"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=TargetedSupportOutcome.choices, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, outcome="")
                | (Q(ended_on__isnull=False) & ~Q(outcome="")),
                name="ended_targeted_support_has_an_outcome",
            ),
            models.UniqueConstraint(
                fields=["pathway"],
                condition=Q(ended_on__isnull=True),
                name="one_current_targeted_support_per_pathway",
            ),
        ]
