"""Authorities and their districts, teams and partner agencies; users, roles; the read log."""

import datetime

from django.contrib.auth.models import AbstractUser, BaseUserManager, Group
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from earlyhelp.accounts.roles import Role
from earlyhelp.core.models import TimeStampedModel


class Authority(TimeStampedModel):
    """A local authority running an Early Help service."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    band_label_set = models.ForeignKey(
        "need.BandLabelSet", on_delete=models.PROTECT, related_name="authorities"
    )
    # How the authority runs its service; administrators change these in the admin site.
    fsw_allocation_target = models.PositiveSmallIntegerField(
        "children each Family Support Worker is allocated, at most (target)", default=22
    )
    remote_intervention_weeks = models.PositiveSmallIntegerField(
        "weeks a remote intervention may last", default=6
    )
    support_line_days = models.CharField(
        "days the Family Support Line is open",
        max_length=13,
        default="0,1,2,3,4",
        validators=[
            RegexValidator(r"^[0-6](,[0-6])*$", "List weekday numbers, Monday 0 to Sunday 6")
        ],
        help_text="Weekday numbers, Monday 0 to Sunday 6, for example 0,1,2,3,4",
    )
    support_line_opens = models.TimeField(default=datetime.time(9, 0))
    support_line_closes = models.TimeField(default=datetime.time(16, 0))
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(support_line_opens__lt=models.F("support_line_closes")),
                name="support_line_opens_before_it_closes",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def support_line_weekdays(self) -> set[int]:
        return {int(day) for day in self.support_line_days.split(",")}

    def support_line_open_at(self, moment: datetime.datetime) -> bool:
        """Whether the Family Support Line is open at this local time."""
        return (
            moment.weekday() in self.support_line_weekdays
            and self.support_line_opens <= moment.time() < self.support_line_closes
        )


class District(TimeStampedModel):
    """A district or locality of an authority (an ONS local authority district)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(max_length=120)
    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="district_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    """A team of workers. Teams in a district serve it; a team with no district serves
    the whole authority (the front door, the Monitoring Team)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="teams")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="teams"
    )
    name = models.CharField(max_length=160)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="team_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class AgencyKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SCHOOL = "school", "School or college"
    EARLY_YEARS = "early_years", "Early years setting"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    OTHER = "other", "Other"


class Agency(TimeStampedModel):
    """A partner organisation whose staff work with families."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="agency_name_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=AgencyKind.values), name="agency_kind_is_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        """Used by `earlyhelp createsuperuser`: an administrator (two-factor on first sign-in)."""
        fields.setdefault("is_staff", True)
        user = self.create_user(email, password, **fields)
        user.groups.add(Group.objects.get(name=Role.ADMINISTRATOR))
        return user


class User(AbstractUser):
    """A member of staff of the authority or a partner agency. Signs in with email."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    job_title = models.CharField(max_length=120, blank=True)
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    managed_teams = models.ManyToManyField(
        Team, blank=True, related_name="managers", help_text="Teams this user manages."
    )
    managed_districts = models.ManyToManyField(
        District,
        blank=True,
        related_name="managers",
        help_text="Districts this user manages: every team in them.",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case")
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    def save(self, *args: object, **kwargs: object) -> None:
        # Sign-in lowercases what is typed, so every stored address is lower case.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def roles(self) -> frozenset[str]:
        """The user's role names, read once per request."""
        if not hasattr(self, "_roles"):
            self._roles = frozenset(group.name for group in self.groups.all())
        return self._roles

    def has_role(self, role: Role) -> bool:
        return self.is_active and role.value in self.roles

    def role_labels(self) -> list[str]:
        return [role.label for role in Role if role.value in self.roles]


class AccessPurpose(models.TextChoices):
    VIEW = "view", "Viewed"
    EDIT = "edit", "Edited"
    EXPORT = "export", "Exported"
    SEARCH = "search", "Found in a search"
    BREAK_GLASS = "break_glass", "Viewed by break-glass"
    SUBJECT_ACCESS = "subject_access", "Exported for a subject access request"
    ANONYMISE = "anonymise", "Anonymised by the retention rule"


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    """Rows are only ever added: bulk changes and deletes are refused too."""

    def update(self, **kwargs: object) -> int:
        raise ValueError("Access log rows are never changed")

    def bulk_update(self, *args: object, **kwargs: object) -> int:
        raise ValueError("Access log rows are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("Access log rows are never deleted")


class AccessLog(models.Model):
    """One read of a record that holds family data. Rows are never changed or deleted:
    the model and its queryset refuse it, and a database trigger refuses any UPDATE.
    (Deleting old rows will be the retention job's alone, once a retention period is set.)

    The object is named by type and public id, not a foreign key, so the log outlives
    merges and archiving; `family_id` ties every row to the family it concerns, so an
    auditor can ask who looked at a family whatever part of its record they opened.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="access_log"
    )
    user_email = models.EmailField()
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=200, blank=True)
    family_id = models.UUIDField(null=True, blank=True, db_index=True)
    purpose = models.CharField(max_length=20, choices=AccessPurpose.choices)
    reason = models.TextField(blank=True, help_text="Why, when the purpose needs one.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose__in=AccessPurpose.values),
                name="access_log_purpose_is_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(purpose=AccessPurpose.BREAK_GLASS) | ~models.Q(reason=""),
                name="break_glass_needs_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_email} {self.purpose} {self.object_type} {self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Access log rows are never changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("Access log rows are never deleted")
