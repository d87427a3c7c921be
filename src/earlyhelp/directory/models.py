"""The service directory, in the shape of Open Referral UK 3.0 (HSDS 3.0, UK profile).

Field names are the specification's, so a feed maps onto the models one to one; the ids
are the specification's UUIDs. What Early Help adds (issue codes, bands, the child's age
range, the district, LSOA and its deprivation, family hubs and the bases linked to them)
sits beside them and is never part of an Open Referral document.

Each council keeps its own directory: organisations, services and locations belong to an
authority. Taxonomies and their terms are shared vocabularies, held once.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel
from earlyhelp.need.models import Band


class OpenReferralRecord(models.Model):
    """A record with the specification's UUID as its key, and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Taxonomy(OpenReferralRecord):
    """A vocabulary of terms, e.g. the Local Government Service List or a local one."""

    name = models.CharField(max_length=255)
    description = models.TextField()
    uri = models.URLField(max_length=500, blank=True)
    version = models.CharField(max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(OpenReferralRecord):
    """A term of a taxonomy. `parent_id` and `taxonomy` are kept as the feed gives them: a
    term's parent or vocabulary need not be held here."""

    name = models.CharField(max_length=255)
    description = models.TextField()
    code = models.CharField(max_length=100, blank=True)
    parent_id = models.UUIDField(null=True, blank=True)
    taxonomy = models.CharField(
        max_length=255, blank=True, help_text="The name of the taxonomy, as the feed gives it."
    )
    taxonomy_detail = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, null=True, blank=True, related_name="terms"
    )
    term_uri = models.URLField(max_length=500, blank=True)
    term = models.CharField(max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(OpenReferralRecord):
    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="directory_organizations"
    )
    name = models.CharField(max_length=255)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    logo = models.URLField(max_length=500, blank=True)
    uri = models.URLField(max_length=500, blank=True)
    parent_organization_id = models.UUIDField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(OpenReferralRecord):
    """A third-party identifier of an organisation, e.g. its company or charity number."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="organization_identifiers"
    )
    identifier_scheme = models.CharField(max_length=60, blank=True)
    identifier_type = models.CharField(max_length=120)
    identifier = models.CharField(max_length=255)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.identifier_type} {self.identifier}"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class Service(OpenReferralRecord):
    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="directory_services"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="services"
    )
    name = models.CharField(max_length=255)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    fees = models.TextField(blank=True, help_text="Deprecated in 3.0: use cost options.")
    accreditations = models.TextField(blank=True)
    minimum_age = models.FloatField(
        null=True, blank=True, help_text="Youngest person eligible, in years."
    )
    maximum_age = models.FloatField(
        null=True, blank=True, help_text="Oldest person eligible, in years."
    )
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(null=True, blank=True)

    # Early Help
    issue_codes = models.ManyToManyField(
        "need.IssueCode",
        blank=True,
        related_name="directory_services",
        help_text="The needs this service helps with.",
    )
    serves_blue = models.BooleanField(default=False)
    serves_green = models.BooleanField(default=False)
    serves_yellow = models.BooleanField(default=False)
    serves_orange = models.BooleanField(default=False)
    serves_red = models.BooleanField(default=False)
    child_minimum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Youngest child the service is for, in years."
    )
    child_maximum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Oldest child the service is for, in years."
    )
    last_checked_on = models.DateField(
        null=True, blank=True, help_text="When an editor last checked these details."
    )
    history = HistoricalRecords(m2m_fields=[issue_codes])

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["authority", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ServiceStatus.values), name="service_status_is_valid"
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_minimum_age_not_above_maximum",
            ),
            models.CheckConstraint(
                condition=Q(child_minimum_age__isnull=True)
                | Q(child_maximum_age__isnull=True)
                | Q(child_minimum_age__lte=models.F("child_maximum_age")),
                name="service_child_minimum_age_not_above_maximum",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.organization and self.organization.authority_id != self.authority_id:
            raise ValidationError(
                {"organization": "Choose an organisation of the service's authority."}
            )

    @property
    def bands(self) -> list[str]:
        """The bands (levels of need) served, in the order of the continuum."""
        return [band.value for band in Band if getattr(self, f"serves_{band.value}")]


class Funding(OpenReferralRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.TextField()
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.source[:60]


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    POSTAL = "postal", "Postal"
    VIRTUAL = "virtual", "Virtual"


class LocationKind(models.TextChoices):
    """What a place is to Early Help; empty for places that are none of these."""

    HUB = "hub", "Family hub"
    CHILDRENS_CENTRE = "childrens_centre", "Children's centre"
    OUTREACH_BASE = "outreach_base", "Outreach base"
    YOUTH_BASE = "youth_base", "Youth base"
    MOBILE = "mobile", "Mobile unit"
    VIRTUAL = "virtual", "Virtual (online or by phone)"


class Location(OpenReferralRecord):
    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="directory_locations"
    )
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(max_length=500, blank=True)
    name = models.CharField(max_length=255, blank=True)
    alternate_name = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=255, blank=True)
    external_identifier_type = models.CharField(max_length=60, blank=True)

    # Early Help
    kind = models.CharField(max_length=20, choices=LocationKind.choices, blank=True)
    is_family_hub = models.BooleanField(default=False)
    linked_hub = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_bases",
        limit_choices_to={"is_family_hub": True},
        help_text="The family hub this base works from.",
    )
    district = models.ForeignKey(
        "accounts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_locations",
    )
    lsoa_code = models.CharField(
        "LSOA code", max_length=9, blank=True, help_text="The 2011 LSOA the place is in."
    )
    deprivation_decile = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="The LSOA's overall IMD 2019 decile: 1 is the most deprived 10%.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["authority", "is_family_hub"]),
            # The search's bounding box narrows on these before exact distances.
            models.Index(fields=["latitude", "longitude"], name="location_latitude_longitude"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(location_type__in=LocationType.values),
                name="location_type_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="") | Q(kind__in=LocationKind.values),
                name="location_kind_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(deprivation_decile__isnull=True)
                | Q(deprivation_decile__gte=1, deprivation_decile__lte=10),
                name="location_deprivation_decile_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.id)

    def clean(self) -> None:
        super().clean()
        hub = self.linked_hub
        if hub is None:
            return
        if hub.pk == self.pk:
            raise ValidationError({"linked_hub": "A place cannot be linked to itself."})
        if not hub.is_family_hub:
            raise ValidationError({"linked_hub": "Choose a family hub."})
        if hub.authority_id != self.authority_id:
            raise ValidationError({"linked_hub": "Choose a family hub of the same authority."})


class Address(OpenReferralRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=255, blank=True)
    address_1 = models.CharField(max_length=255)
    address_2 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=120)
    region = models.CharField(max_length=120, blank=True)
    state_province = models.CharField(max_length=120)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address_1, self.city, self.postal_code) if part)


class Accessibility(OpenReferralRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    accessibility = models.TextField(blank=True, help_text="Deprecated in 3.0: use description.")
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "accessibility"

    def __str__(self) -> str:
        return (self.description or self.accessibility)[:60]


class ServiceAtLocation(OpenReferralRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "service at location"
        verbose_name_plural = "services at locations"

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class ServiceArea(OpenReferralRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.TextField(blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    service_area = models.TextField(blank=True, help_text="Deprecated in 3.0: use name.")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return (self.name or self.service_area)[:60]


class Contact(OpenReferralRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=255, blank=True)
    department = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name or self.title or str(self.id)


class Phone(OpenReferralRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(max_length=40)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.number


class Language(OpenReferralRecord):
    """A language a service (or one of its phone lines) is offered in."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    name = models.CharField(max_length=120, blank=True)
    code = models.CharField(max_length=20, blank=True, help_text="ISO 639 code, e.g. cy")
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.name or self.code or str(self.id)


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", "Weekly"
    MONTHLY = "MONTHLY", "Monthly"


class Schedule(OpenReferralRecord):
    """When a service is open, as an iCalendar-style recurrence."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, choices=Frequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(
        max_length=60, blank=True, help_text="Days, e.g. MO,TU or 1MO for the first Monday."
    )
    bymonthday = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(max_length=500, blank=True)
    attending_type = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(freq="") | Q(freq__in=Frequency.values), name="schedule_freq_is_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60] or f"{self.byday} {self.opens_at}-{self.closes_at}"


class CostOption(OpenReferralRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.TextField(blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.option[:60] or str(self.amount)


class Attribute(OpenReferralRecord):
    """A taxonomy term attached to any record: `link_id` is the record's id (UUIDs are
    unique across every table), `link_entity` says which table it is in."""

    link_id = models.UUIDField(db_index=True)
    link_type = models.CharField(max_length=60, blank=True)
    link_entity = models.CharField(max_length=60, blank=True)
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes"
    )
    value = models.CharField(max_length=255, blank=True)
    label = models.CharField(max_length=255, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.link_entity or 'record'} {self.link_id}: {self.taxonomy_term}"


class Signposting(TimeStampedModel):
    """A service a professional suggested to a family, shown on the family's timeline."""

    family = models.ForeignKey(
        "people.Family", on_delete=models.PROTECT, related_name="signpostings"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="signpostings")
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signpostings",
        help_text="Where the family was pointed to, when the service runs in several places.",
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signpostings_made"
    )
    suggested_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-suggested_at"]
        verbose_name_plural = "signpostings"
        indexes = [models.Index(fields=["family", "-suggested_at"])]

    def __str__(self) -> str:
        return f"{self.service} suggested to {self.family}"
