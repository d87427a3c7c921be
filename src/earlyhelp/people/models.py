"""Children, adults and the households they live in; what the family consented to."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel
from earlyhelp.people.validators import validate_nhs_number, validate_upn


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known"
    NOT_STATED = "not_stated", "Not stated"


class Ethnicity(models.TextChoices):
    """The ONS 2021 ethnic groups, with the DfE codes children's services returns use."""

    WBRI = "WBRI", "White: English, Welsh, Scottish, Northern Irish or British"
    WIRI = "WIRI", "White: Irish"
    WIRT = "WIRT", "White: Gypsy or Irish Traveller"
    WROM = "WROM", "White: Roma"
    WOTH = "WOTH", "White: any other White background"
    MWBC = "MWBC", "Mixed: White and Black Caribbean"
    MWBA = "MWBA", "Mixed: White and Black African"
    MWAS = "MWAS", "Mixed: White and Asian"
    MOTH = "MOTH", "Mixed: any other Mixed or multiple ethnic background"
    AIND = "AIND", "Asian or Asian British: Indian"
    APKN = "APKN", "Asian or Asian British: Pakistani"
    ABAN = "ABAN", "Asian or Asian British: Bangladeshi"
    CHNE = "CHNE", "Asian or Asian British: Chinese"
    AOTH = "AOTH", "Asian or Asian British: any other Asian background"
    BCRB = "BCRB", "Black, Black British, Caribbean or African: Caribbean"
    BAFR = "BAFR", "Black, Black British, Caribbean or African: African"
    BOTH = "BOTH", "Black, Black British, Caribbean or African: any other Black background"
    OARB = "OARB", "Other ethnic group: Arab"
    OOTH = "OOTH", "Other ethnic group: any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    """Age in whole years on the day; 0 for a child born after it."""
    if date_of_birth >= day:
        return 0
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


class Person(TimeStampedModel):
    """A child, young person, unborn baby or adult. One record per human being: creating
    one first looks for a match, and a duplicate made by mistake is merged, not deleted."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="people"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_due_date = models.DateField(
        null=True, blank=True, help_text="For an unborn baby, instead of a date of birth."
    )
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.NOT_KNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    upn = models.CharField(
        "Unique Pupil Number", max_length=13, blank=True, validators=[validate_upn]
    )
    postcode = models.CharField(max_length=8, blank=True)
    has_send = models.BooleanField("special educational needs or disability (SEND)", default=False)
    first_language = models.CharField(max_length=60, default="English")
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        help_text="Set when this record was a duplicate: the record that replaced it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Corrections are saved from the version the editor saw (core.versioning).
    version = models.PositiveIntegerField(default=1)
    anonymised_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the retention rule anonymised the record."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["authority", "last_name", "date_of_birth"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(expected_due_date__isnull=True),
                name="person_born_or_expected_not_both",
            ),
            models.UniqueConstraint(
                fields=["authority", "nhs_number"],
                condition=~Q(nhs_number="") & Q(merged_into__isnull=True),
                name="one_person_per_nhs_number",
            ),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="person_sex_is_valid"),
            models.CheckConstraint(
                condition=Q(ethnicity__in=Ethnicity.values), name="person_ethnicity_is_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Family(TimeStampedModel):
    """A household: the people who live together and get Early Help together."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="families"
    )
    name = models.CharField(
        max_length=120, help_text="How the household is known, e.g. the Hill family."
    )
    owning_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="families"
    )
    postcode = models.CharField(max_length=8, blank=True)
    area = models.ForeignKey(
        "places.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="families",
        help_text="The LSOA of the family's postcode, when the postcode lookup has it.",
    )
    external_ref = models.CharField(
        "reference in the previous case system",
        max_length=60,
        blank=True,
        help_text="Set when the family was imported, so that a later import finds it again.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the retention rule anonymised the family's Early Help records.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "families"
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "external_ref"],
                condition=~Q(external_ref=""),
                name="one_family_per_external_ref",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    @property
    def reference(self) -> str:
        """The short reference staff say on the phone: F and the record number."""
        return f"F{self.pk:07d}" if self.pk else ""


class Relationship(models.TextChoices):
    """A member's place in the household."""

    CHILD = "child", "Child or young person"
    UNBORN = "unborn", "Unborn baby"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent or parent's partner"
    CARER = "carer", "Carer or guardian"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_ADULT = "other_adult", "Other adult"


CHILD_RELATIONSHIPS = {Relationship.CHILD, Relationship.UNBORN}


class FamilyMember(TimeStampedModel):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    is_main_contact = models.BooleanField(default=False)
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["relationship", "person__date_of_birth"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"],
                condition=Q(left_on__isnull=True),
                name="one_current_membership_per_person_and_family",
            ),
            models.CheckConstraint(
                condition=Q(relationship__in=Relationship.values),
                name="family_member_relationship_is_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.family}"

    @property
    def is_child(self) -> bool:
        return self.relationship in CHILD_RELATIONSHIPS


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Agreed"
    REFUSED = "refused", "Refused"


class Consent(TimeStampedModel):
    """What the family agreed to, and with which agencies its information may be shared.

    A family has at most one consent in force; recording a new one ends the old one, and
    withdrawing ends it. Staff of agencies no longer covered lose sight of the family.
    """

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="consents")
    decision = models.CharField(max_length=10, choices=ConsentDecision.choices)
    to_assessment = models.BooleanField("agreed to an Early Help assessment", default=False)
    share_with = models.ManyToManyField(
        "accounts.Agency",
        blank=True,
        related_name="consents",
        help_text="Agencies the family agreed may see its record.",
    )
    given_by = models.CharField(max_length=200, help_text="Who in the family gave or refused it.")
    given_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=[share_with])

    class Meta:
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(ended_at__isnull=True),
                name="one_consent_in_force_per_family",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=ConsentDecision.values), name="consent_decision_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision=ConsentDecision.GIVEN) | Q(to_assessment=False),
                name="refused_consent_agrees_to_nothing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.given_on:%d %b %Y}"

    @property
    def in_force(self) -> bool:
        return self.ended_at is None


class BreakGlassAccess(TimeStampedModel):
    """A user's recorded reason to see a family they have no part in, for a short time.
    Every use is in the access log, and managers are told."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="break_glass")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass"
    )
    reason = models.TextField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_has_a_reason")
        ]
