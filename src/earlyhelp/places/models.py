"""Places: LSOAs (small areas) with their boundaries and deprivation, postcodes, and the
towns and villages people search by."""

import json
from functools import cached_property

from django.db import models
from django.db.models.functions import Lower

from earlyhelp.places import geometry

DECILE_FIELDS = (
    "imd_decile",
    "income_decile",
    "employment_decile",
    "education_decile",
    "health_decile",
    "crime_decile",
    "housing_and_services_decile",
    "living_environment_decile",
)


def _decile(verbose_name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, help_text="1 is the most deprived 10% in England"
    )


class Area(models.Model):
    """A Lower layer Super Output Area (2011): about 1,500 people, the unit of the IMD."""

    code = models.CharField("LSOA code", max_length=9, unique=True)
    name = models.CharField(max_length=120)
    authority = models.ForeignKey(
        "accounts.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="areas",
    )
    district = models.ForeignKey(
        "accounts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="areas",
    )
    boundary = models.TextField(help_text="GeoJSON Polygon or MultiPolygon, longitude first")
    centroid_latitude = models.FloatField()
    centroid_longitude = models.FloatField()
    min_latitude = models.FloatField(db_index=True)
    max_latitude = models.FloatField(db_index=True)
    min_longitude = models.FloatField(db_index=True)
    max_longitude = models.FloatField(db_index=True)
    # The English Indices of Deprivation 2019.
    imd_decile = _decile("IMD decile")
    imd_rank = models.PositiveIntegerField(
        "IMD rank", null=True, blank=True, help_text="1 is the most deprived LSOA in England"
    )
    income_decile = _decile("income decile")
    employment_decile = _decile("employment decile")
    education_decile = _decile("education, skills and training decile")
    health_decile = _decile("health deprivation and disability decile")
    crime_decile = _decile("crime decile")
    housing_and_services_decile = _decile("barriers to housing and services decile")
    living_environment_decile = _decile("living environment decile")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(imd_decile__isnull=True)
                | models.Q(imd_decile__gte=1, imd_decile__lte=10),
                name="area_imd_decile_1_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(min_latitude__lte=models.F("max_latitude"))
                & models.Q(min_longitude__lte=models.F("max_longitude")),
                name="area_bounding_box_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @cached_property
    def polygons(self) -> geometry.MultiPolygon:
        return geometry.polygons_of(json.loads(self.boundary))

    def contains(self, latitude: float, longitude: float) -> bool:
        return geometry.contains(self.polygons, latitude, longitude)

    @property
    def is_deprived(self) -> bool:
        """In the 30% most deprived LSOAs of England (IMD deciles 1 to 3)."""
        return self.imd_decile is not None and self.imd_decile <= 3


class Postcode(models.Model):
    """A postcode's point and LSOA, from the ONS Postcode Directory."""

    postcode = models.CharField(max_length=8, unique=True, help_text="e.g. B60 1AA")
    latitude = models.FloatField()
    longitude = models.FloatField()
    lsoa_code = models.CharField("LSOA code", max_length=9, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="postcodes"
    )

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode


class Town(models.Model):
    """A town or village by its centre: LSOAs are named after districts ("Wyre Forest
    001A"), so a search for "Kidderminster" needs the town itself."""

    name = models.CharField(max_length=100)
    authority = models.ForeignKey(
        "accounts.Authority", on_delete=models.PROTECT, related_name="towns"
    )
    district = models.ForeignKey(
        "accounts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="towns",
    )
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "authority", name="town_name_unique_in_authority"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="town_point_is_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.name
