"""Reads of the directory: the searches behind the Open Referral API."""

import re
import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from earlyhelp.accounts.models import Authority
from earlyhelp.directory.models import (
    Address,
    Attribute,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

# The statuses of the services the public family hub shows.
PUBLICLY_SHOWN = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


def public_services(authority: Authority) -> QuerySet[Service]:
    return Service.objects.filter(authority=authority, status__in=PUBLICLY_SHOWN)


def public_service(authority: Authority, service_id: object) -> Service | None:
    """A service the public family hub shows, by its id; None for anything else."""
    try:
        return public_services(authority).filter(pk=uuid.UUID(str(service_id))).first()
    except ValueError:
        return None


POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)(?: ?([0-9][A-Z]{2}))?$")


@dataclass(frozen=True)
class ServiceSearch:
    """The Open Referral search parameters. Ages follow the specification's words:
    `minimum_age` finds services whose minimum age is at least it, `maximum_age` those
    whose maximum age is at most it."""

    authority: Authority | None = None
    search: str = ""
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None


def postcode_district(postcode: str) -> str | None:
    """The outward code (postcode district, e.g. WR1) of a full or outward postcode, or
    None when it is not one."""
    match = POSTCODE.match(re.sub(r"\s+", " ", postcode.strip().upper()))
    return match.group(1) if match else None


def services_matching(search: ServiceSearch) -> QuerySet[Service]:
    services = Service.objects.select_related("organization").order_by("name", "id")
    if search.authority is not None:
        services = services.filter(authority=search.authority)
    for word in search.search.split():
        services = services.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(organization__name__icontains=word)
        )
    if search.taxonomy_term_id is not None:
        services = services.filter(
            Exists(
                Attribute.objects.filter(
                    link_id=OuterRef("pk"), taxonomy_term_id=search.taxonomy_term_id
                )
            )
        )
    if search.taxonomy_id is not None:
        terms = TaxonomyTerm.objects.filter(taxonomy_detail_id=search.taxonomy_id)
        services = services.filter(
            Exists(Attribute.objects.filter(link_id=OuterRef("pk"), taxonomy_term__in=terms))
        )
    if search.minimum_age is not None:
        services = services.filter(minimum_age__gte=search.minimum_age)
    if search.maximum_age is not None:
        services = services.filter(maximum_age__lte=search.maximum_age)
    return services


def service_at_locations_matching(
    search: ServiceSearch, *, postcode: str | None = None
) -> QuerySet[ServiceAtLocation]:
    """Services at their locations; with a postcode, those at an address in the same
    postcode district (the outward code, e.g. WR1)."""
    rows = ServiceAtLocation.objects.filter(
        service__in=services_matching(search).values("pk")
    ).select_related("service__organization", "location")
    if postcode is not None:
        district = postcode_district(postcode)
        addresses = Address.objects.filter(location=OuterRef("location")).filter(
            Q(postal_code__iexact=district) | Q(postal_code__istartswith=f"{district} ")
        )
        rows = rows.filter(Exists(addresses))
    return rows.order_by("service__name", "location__name", "id")
