"""Group courses: parenting programmes for families, and training for professionals."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from earlyhelp.core.models import TimeStampedModel


class EvidenceLevel(models.TextChoices):
    """The Foundations (formerly Early Intervention Foundation) Guidebook ratings."""

    LEVEL_4 = "4", "Level 4: effective, long-term evidence"
    LEVEL_3 = "3", "Level 3: effective, short-term evidence"
    LEVEL_2 = "2", "Level 2: preliminary evidence"
    NOT_RATED = "not_rated", "Not rated"


class Programme(TimeStampedModel):
    """A parenting programme in the authority's catalogue, for children of an age range."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(max_length=120)
    description = models.TextField()
    min_age = models.PositiveSmallIntegerField("youngest child's age (years)", default=0)
    max_age = models.PositiveSmallIntegerField("oldest child's age (years)", default=18)
    evidence_level = models.CharField(
        max_length=10, choices=EvidenceLevel.choices, default=EvidenceLevel.NOT_RATED
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="programme_name_unique"),
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")), name="programme_age_range_is_ordered"
            ),
            models.CheckConstraint(
                condition=Q(max_age__lte=25), name="programme_ages_are_of_children"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def age_range(self) -> str:
        return f"{self.min_age} to {self.max_age} years"


class Course(TimeStampedModel):
    """One run of a programme: a venue, a trainer, dates and a number of places."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="courses")
    district = models.ForeignKey(
        "accounts.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    venue = models.CharField(max_length=200, help_text="Where it meets, or Online.")
    trainer = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity = models.PositiveSmallIntegerField("places")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="course_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_has_places"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.name}, {self.venue}, from {self.starts_on:%d %b %Y}"


class CourseSession(TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_session_unique")
        ]

    def __str__(self) -> str:
        return f"Session {self.number}, {self.held_on:%d %b %Y}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Enrolment(TimeStampedModel):
    """A parent or carer's place on a course, from their family's record or a referral."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    family = models.ForeignKey("people.Family", on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enrolments")
    request = models.ForeignKey(
        "frontdoor.RequestForSupport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        help_text="The referral the place came from, if any.",
    )
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_on = models.DateField()
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolled_on", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="one_place_per_person"),
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values), name="enrolment_status_is_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrolmentStatus.COMPLETED) | Q(completed_on__isnull=False),
                name="completed_enrolment_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.course}"


class Attendance(TimeStampedModel):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    session = models.ForeignKey(CourseSession, on_delete=models.PROTECT, related_name="attendance")
    attended = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="one_register_mark")
        ]


# Workforce training ------------------------------------------------------------------------


class TrainingCourse(TimeStampedModel):
    """A course for professionals, e.g. Early Help, DSL initial, DSL refresher."""

    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="training_courses"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="training_course_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TrainingSession(TimeStampedModel):
    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    trainer = models.CharField(max_length=200)
    venue = models.CharField(max_length=200, help_text="Where it is held, or Online.")
    capacity = models.PositiveSmallIntegerField("places")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_has_places")
        ]

    def __str__(self) -> str:
        return f"{self.course.name}, {self.held_on:%d %b %Y}"


def _score_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


class Delegate(TimeStampedModel):
    """A professional on a training session, with how confident they felt before and after
    (0 to 10), their overall score for the session (0 to 10) and their feedback."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="delegates")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    organisation = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training",
    )
    confidence_before = _score_field("confidence before (0 to 10)")
    confidence_after = _score_field("confidence after (0 to 10)")
    overall_score = _score_field("overall score (0 to 10)")
    feedback = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence_before__isnull=True) | Q(confidence_before__lte=10),
                name="confidence_before_out_of_ten",
            ),
            models.CheckConstraint(
                condition=Q(confidence_after__isnull=True) | Q(confidence_after__lte=10),
                name="confidence_after_out_of_ten",
            ),
            models.CheckConstraint(
                condition=Q(overall_score__isnull=True) | Q(overall_score__lte=10),
                name="overall_score_out_of_ten",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.session}"
