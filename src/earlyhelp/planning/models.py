"""The child population of each small area, the denominator of every planning rate."""

from django.db import models

OLDEST_CHILD_AGE = 17  # children are 0 to 17, as the ONS counts ages in whole years


class ChildPopulation(models.Model):
    """How many children of one age lived in an area at one mid-year (30 June), from the
    ONS small area population estimates or the demo's synthetic ones."""

    area = models.ForeignKey(
        "places.Area", on_delete=models.CASCADE, related_name="child_population"
    )
    year = models.PositiveSmallIntegerField(help_text="The mid-year of the estimate, e.g. 2022")
    age = models.PositiveSmallIntegerField(help_text="Age in whole years, 0 to 17")
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["area", "year", "age"]
        indexes = [models.Index(fields=["year", "area"])]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "age"], name="one_child_count_per_area_year_age"
            ),
            models.CheckConstraint(
                condition=models.Q(age__lte=OLDEST_CHILD_AGE), name="child_population_age_0_to_17"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.year} age {self.age}: {self.count}"
