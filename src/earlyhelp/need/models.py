"""The continuum of need as data: bands, each authority's labels, and the issue codes."""

from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel


class Band(models.TextChoices):
    """The one canonical scale; authorities show it with their own labels."""

    BLUE = "blue", "Blue"
    GREEN = "green", "Green"
    YELLOW = "yellow", "Yellow"
    ORANGE = "orange", "Orange"
    RED = "red", "Red"


BAND_ORDER = {band.value: position for position, band in enumerate(Band)}


class BandLabelSet(TimeStampedModel):
    """An authority's way of naming the bands, e.g. Warwickshire's stepped approach."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BandLabel(TimeStampedModel):
    label_set = models.ForeignKey(BandLabelSet, on_delete=models.CASCADE, related_name="labels")
    band = models.CharField(max_length=10, choices=Band.choices)
    label = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    who_helps = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["label_set", "band"], name="one_label_per_band"),
            models.CheckConstraint(
                condition=models.Q(band__in=Band.values), name="band_label_band_is_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label_set}: {self.label} ({self.get_band_display()})"

    @property
    def position(self) -> int:
        return BAND_ORDER[self.band]


class HeadlineOutcome(TimeStampedModel):
    """A Supporting Families headline outcome; its label is editable, its slug stable."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class IssueCode(TimeStampedModel):
    """An issue a triage narrative can be coded with. The code is the stable identifier."""

    code = models.CharField(
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$",
                "Use capital letters and digits in parts joined by hyphens, like EDU-ATTEND",
            )
        ],
    )
    headline_outcome = models.ForeignKey(
        HeadlineOutcome, on_delete=models.PROTECT, related_name="issue_codes"
    )
    need = models.TextField(help_text="What the need is, in the Monitoring Team's words.")
    local_to = models.ForeignKey(
        "accounts.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_issue_codes",
        help_text="Empty for the national codes every authority uses.",
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["headline_outcome__position", "position", "code"]

    def __str__(self) -> str:
        return self.code
