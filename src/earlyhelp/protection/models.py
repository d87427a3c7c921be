"""How long an authority keeps a family's Early Help records, and what was anonymised."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel


class Combine(models.TextChoices):
    LATER = "later", "The later of the two dates (a child's record is kept until they are the age)"
    EARLIER = "earlier", "The earlier of the two dates"


class RetentionRule(TimeStampedModel):
    """An authority's retention rule: one row per authority, made with the defaults in
    settings the first time it is needed, changed by administrators in the admin site."""

    authority = models.OneToOneField(
        "accounts.Authority", on_delete=models.CASCADE, related_name="retention_rule"
    )
    is_active = models.BooleanField(
        "anonymise families when they fall due",
        default=True,
        help_text="Off: the report still lists families due, and nothing is anonymised.",
    )
    years_after_closure = models.PositiveSmallIntegerField(
        "years after the family's last Early Help work ended",
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    youngest_child_age = models.PositiveSmallIntegerField(
        "age of the youngest child",
        validators=[MinValueValidator(18), MaxValueValidator(100)],
        help_text="The family is due when its youngest child reaches this age.",
    )
    combine = models.CharField(
        "when both dates are known, anonymise at",
        max_length=10,
        choices=Combine.choices,
        default=Combine.LATER,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "retention rule"
        constraints = [
            models.CheckConstraint(
                condition=Q(years_after_closure__gte=1) & Q(youngest_child_age__gte=18),
                name="retention_rule_is_not_too_short",
            ),
            models.CheckConstraint(
                condition=Q(combine__in=Combine.values), name="retention_combine_is_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Retention rule of {self.authority}"


class Anonymisation(models.Model):
    """The audit row of one family anonymised: when, by whom (``system`` for the
    scheduled task and the command), under which rule and from which day it was due,
    and how many records of each kind were changed. Names nothing but ids."""

    family = models.OneToOneField(
        "people.Family", on_delete=models.PROTECT, related_name="anonymisation"
    )
    authority = models.ForeignKey("accounts.Authority", on_delete=models.PROTECT, related_name="+")
    anonymised_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_label = models.CharField(max_length=254, default="system")
    as_of = models.DateField(help_text="The day the rule was applied for.")
    due_on = models.DateField()
    reason = models.CharField(max_length=300)
    counts = models.JSONField(default=dict, help_text="Records changed, by kind.")

    class Meta:
        ordering = ["-anonymised_at"]

    def __str__(self) -> str:
        return f"Anonymisation of family {self.family_id} on {self.anonymised_at:%Y-%m-%d}"
