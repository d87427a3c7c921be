"""Requests for support and the front door's decision on each."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel
from earlyhelp.need.models import Band


class RequestSource(models.TextChoices):
    PROFESSIONAL = "professional", "A professional"
    PARENT_CARER = "parent_carer", "A parent or carer"
    YOUNG_PERSON = "young_person", "A young person asking for themselves"
    STEP_DOWN = "step_down", "Step-down from children's social care"
    SUPPORT_LINE = "support_line", "A Family Support Line call"


PUBLIC_SOURCES = {RequestSource.PARENT_CARER, RequestSource.YOUNG_PERSON}


class RequestStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", "Awaiting a decision"
    DECIDED = "decided", "Decided"


class RequestConsent(models.TextChoices):
    GIVEN = "given", "The family agrees to this request and to information being shared"
    NOT_YET = "not_yet", "Not asked yet, or the family has not agreed yet"


# Letters and digits that cannot be misread on the phone (no 0/O, 1/I/L, 5/S, 2/Z).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"


def new_reference() -> str:
    """A reference like EH-7KQM-4TXA: random, so it says nothing about other requests."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"EH-{chars[:4]}-{chars[4:]}"


class RequestForSupport(TimeStampedModel):
    """A request for Early Help about a child or family (a "contact"), from a professional,
    a parent or carer, a young person aged 13 or over, a Family Support Line call, or
    children's social care stepping a family down."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="requests"
    )
    reference = models.CharField(max_length=12, unique=True, default=new_reference)
    source = models.CharField(max_length=20, choices=RequestSource.choices)
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.AWAITING_DECISION
    )
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    district = models.ForeignKey(
        "accounts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )

    # Who asked. Staff are users; the public give a name and a way to reply.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests_made",
    )
    requester_name = models.CharField(max_length=200)
    requester_email = models.EmailField(blank=True)
    requester_phone = models.CharField(max_length=30, blank=True)
    requester_role = models.CharField(
        max_length=120, blank=True, help_text="Their relationship to the child, or job title."
    )

    # About whom.
    child_first_name = models.CharField(max_length=100)
    child_last_name = models.CharField(max_length=100)
    child_date_of_birth = models.DateField(null=True, blank=True)
    parent_name = models.CharField("parent or carer's name", max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)

    # What worries them, what has been tried, and how much help they think it needs.
    worries = models.TextField()
    tried_so_far = models.TextField(blank=True)
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        help_text="The family hub service the family was looking at when they asked.",
    )
    suggested_band = models.CharField(max_length=10, choices=Band.choices, blank=True)
    consent = models.CharField(max_length=10, choices=RequestConsent.choices)
    social_worker_summary = models.TextField(
        blank=True, help_text="For a step-down: the social worker's summary of the case."
    )

    # What the system already knew: the family and person the request is about.
    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    matched_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    match_note = models.CharField(max_length=200, blank=True)

    # Public requests only: a keyed hash of the sender's address, for the rate limit.
    sender_key = models.CharField(max_length=64, blank=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["sender_key"])

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["authority", "status", "received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=RequestSource.values), name="request_source_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="request_status_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(consent__in=RequestConsent.values), name="request_consent_is_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source=RequestSource.STEP_DOWN)
                | (~Q(suggested_band="") & ~Q(social_worker_summary="")),
                name="step_down_has_band_and_summary",
            ),
            models.CheckConstraint(
                condition=Q(source__in=PUBLIC_SOURCES) | Q(submitted_by__isnull=False),
                name="staff_request_names_its_sender",
            ),
        ]

    def __str__(self) -> str:
        return f"Request {self.reference}"

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}".strip()

    @property
    def is_awaiting_decision(self) -> bool:
        return self.status == RequestStatus.AWAITING_DECISION


class DecisionKind(models.TextChoices):
    SIGNPOST = "signpost", "Information and signposting"
    SUPPORT_LINE_ADVICE = "support_line_advice", "Family Support Line advice"
    FSW_INTERVENTION = "fsw_intervention", "A Family Support Worker intervention"
    PATHWAY = "pathway", "Open an Early Help Pathway"
    ESCALATE = "escalate", "Escalate to MASH or children's social care"


class Decision(TimeStampedModel):
    """The front door's decision on one request: what, who decided, when and why."""

    request = models.OneToOneField(
        RequestForSupport, on_delete=models.PROTECT, related_name="decision"
    )
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    reason = models.TextField()
    advice = models.TextField(
        blank=True, help_text="The information, services or advice the family was given."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pathway = models.ForeignKey(
        "pathways.Pathway",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="front_door_decisions",
    )
    intervention = models.ForeignKey(
        "support.FswIntervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="front_door_decisions",
    )
    requester_told_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DecisionKind.values), name="decision_kind_is_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=DecisionKind.PATHWAY) | Q(pathway__isnull=False),
                name="pathway_decision_names_the_pathway",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DecisionKind.FSW_INTERVENTION) | Q(intervention__isnull=False),
                name="intervention_decision_names_the_intervention",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.request.reference})"
