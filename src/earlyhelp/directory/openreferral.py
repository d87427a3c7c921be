"""Directory records as Open Referral UK 3.0 documents, for the API and for exports.

Empty values are left out rather than written as null or "": the specification's schemas
type most fields as plain strings, so null would not validate, and an empty URL or email
is not a URL or an email. Early Help's own fields are never written.
"""

import datetime
import decimal
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from earlyhelp.directory.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"

Document = dict[str, Any]


def _value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime):
        moment = value.astimezone(datetime.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | float):
        return int(value) if value == int(value) else float(value)
    return value


def _document(record: object, fields: Iterable[str], **extra: Any) -> Document:
    """The named fields of a record (those with a value), then `extra` (likewise)."""
    document = {name: _value(getattr(record, name)) for name in fields}
    document.update(extra)
    return {key: value for key, value in document.items() if value not in (None, "", [])}


TAXONOMY_FIELDS = ("id", "name", "description", "uri", "version")
TAXONOMY_TERM_FIELDS = (
    "id",
    "code",
    "name",
    "description",
    "parent_id",
    "taxonomy",
    "term_uri",
    "term",
)
ORGANIZATION_FIELDS = (
    "id",
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "logo",
    "uri",
    "parent_organization_id",
)
SERVICE_FIELDS = (
    "id",
    "organization_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "fees",
    "accreditations",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "alert",
    "last_modified",
)
LOCATION_FIELDS = (
    "id",
    "location_type",
    "url",
    "name",
    "alternate_name",
    "description",
    "transportation",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
)
ADDRESS_FIELDS = (
    "id",
    "location_id",
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
)
ACCESSIBILITY_FIELDS = ("id", "location_id", "description", "details", "url", "accessibility")
SCHEDULE_FIELDS = (
    "id",
    "service_id",
    "service_at_location_id",
    "valid_from",
    "valid_to",
    "dtstart",
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "description",
    "opens_at",
    "closes_at",
    "schedule_link",
    "attending_type",
    "notes",
)
SERVICE_AREA_FIELDS = (
    "id",
    "service_id",
    "name",
    "description",
    "extent",
    "extent_type",
    "uri",
    "service_area",
)
LANGUAGE_FIELDS = ("id", "service_id", "location_id", "phone_id", "name", "code", "note")
FUNDING_FIELDS = ("id", "service_id", "source")
COST_OPTION_FIELDS = (
    "id",
    "service_id",
    "valid_from",
    "valid_to",
    "option",
    "currency",
    "amount",
    "amount_description",
)
CONTACT_FIELDS = ("id", "service_id", "location_id", "name", "title", "department", "email")
PHONE_FIELDS = (
    "id",
    "service_id",
    "location_id",
    "contact_id",
    "number",
    "extension",
    "type",
    "description",
)
IDENTIFIER_FIELDS = ("id", "organization_id", "identifier_scheme", "identifier_type", "identifier")
ATTRIBUTE_FIELDS = ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")


# One-to-one documents: what the paged lists show.


def taxonomy_document(taxonomy: Taxonomy) -> Document:
    return _document(taxonomy, TAXONOMY_FIELDS)


def taxonomy_term_document(term: TaxonomyTerm) -> Document:
    detail = term.taxonomy_detail
    return _document(
        term,
        TAXONOMY_TERM_FIELDS,
        taxonomy_id=_value(term.taxonomy_detail_id),
        taxonomy_detail=taxonomy_document(detail) if detail else None,
    )


def organization_summary(organization: Organization) -> Document:
    return _document(organization, ORGANIZATION_FIELDS)


def service_summary(service: Service) -> Document:
    organization = service.organization
    return _document(
        service,
        SERVICE_FIELDS,
        organization=organization_summary(organization) if organization else None,
    )


def location_summary(location: Location) -> Document:
    return _document(location, LOCATION_FIELDS)


def service_at_location_summary(service_at_location: ServiceAtLocation) -> Document:
    return _document(
        service_at_location,
        ("id", "service_id", "location_id", "description"),
        location=location_summary(service_at_location.location),
        service=service_summary(service_at_location.service),
    )


# Fully nested documents.


def full_service_queryset(services: QuerySet[Service]) -> QuerySet[Service]:
    """The services with everything a full document needs, in a fixed number of queries."""
    return services.select_related("organization").prefetch_related(
        "organization__organization_identifiers",
        "schedules",
        "service_areas",
        "languages",
        "funding",
        "cost_options",
        Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones")),
        Prefetch("phones", queryset=Phone.objects.filter(contact__isnull=True)),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "location__addresses", "location__accessibility", "schedules"
            ),
        ),
    )


class AttributeIndex:
    """The attributes of a set of records, found by the records' ids in one query."""

    def __init__(self, link_ids: Iterable[uuid.UUID]) -> None:
        self._by_link: dict[uuid.UUID, list[Attribute]] = defaultdict(list)
        ids = list(link_ids)
        for start in range(0, len(ids), 500):
            rows = Attribute.objects.filter(link_id__in=ids[start : start + 500])
            for attribute in rows.select_related("taxonomy_term__taxonomy_detail").order_by(
                "created_at", "id"
            ):
                self._by_link[attribute.link_id].append(attribute)

    def documents(self, link_id: uuid.UUID) -> list[Document]:
        return [
            _document(
                attribute,
                ATTRIBUTE_FIELDS,
                taxonomy_term=taxonomy_term_document(attribute.taxonomy_term),
            )
            for attribute in self._by_link.get(link_id, [])
        ]


def _ordered(records: Iterable[Any]) -> list[Any]:
    return sorted(records, key=lambda record: (record.created_at, str(record.id)))


def _linked_ids(service: Service) -> list[uuid.UUID]:
    """Every record of a full service document that can carry attributes."""
    ids = [service.id]
    if service.organization:
        ids.append(service.organization.id)
        ids.extend(item.id for item in service.organization.organization_identifiers.all())
    ids.extend(contact.id for contact in service.contacts.all())
    for service_at_location in service.service_at_locations.all():
        location = service_at_location.location
        ids.append(location.id)
        ids.extend(address.id for address in location.addresses.all())
        ids.extend(item.id for item in location.accessibility.all())
    return ids


def full_location_document(location: Location, attributes: AttributeIndex) -> Document:
    return _document(
        location,
        LOCATION_FIELDS,
        addresses=[
            _document(address, ADDRESS_FIELDS, attributes=attributes.documents(address.id))
            for address in _ordered(location.addresses.all())
        ],
        accessibility=[
            _document(item, ACCESSIBILITY_FIELDS, attributes=attributes.documents(item.id))
            for item in _ordered(location.accessibility.all())
        ],
        attributes=attributes.documents(location.id),
    )


def full_organization_document(organization: Organization, attributes: AttributeIndex) -> Document:
    return _document(
        organization,
        ORGANIZATION_FIELDS,
        organization_identifiers=[
            _document(item, IDENTIFIER_FIELDS, attributes=attributes.documents(item.id))
            for item in _ordered(organization.organization_identifiers.all())
        ],
        attributes=attributes.documents(organization.id),
    )


def full_service_document(
    service: Service, attributes: AttributeIndex | None = None, *, with_locations: bool = True
) -> Document:
    """The service with all its related records (from `full_service_queryset`)."""
    attributes = attributes or AttributeIndex(_linked_ids(service))
    service_at_locations = [
        _document(
            item,
            ("id", "service_id", "location_id", "description"),
            location=full_location_document(item.location, attributes),
            schedules=[
                _document(schedule, SCHEDULE_FIELDS) for schedule in _ordered(item.schedules.all())
            ],
        )
        for item in _ordered(service.service_at_locations.all())
    ]
    return _document(
        service,
        SERVICE_FIELDS,
        schedules=[_document(item, SCHEDULE_FIELDS) for item in _ordered(service.schedules.all())],
        service_areas=[
            _document(item, SERVICE_AREA_FIELDS) for item in _ordered(service.service_areas.all())
        ],
        service_at_locations=service_at_locations if with_locations else None,
        languages=[_document(item, LANGUAGE_FIELDS) for item in _ordered(service.languages.all())],
        organization=(
            full_organization_document(service.organization, attributes)
            if service.organization
            else None
        ),
        funding=[_document(item, FUNDING_FIELDS) for item in _ordered(service.funding.all())],
        cost_options=[
            _document(item, COST_OPTION_FIELDS) for item in _ordered(service.cost_options.all())
        ],
        contacts=[
            _document(
                contact,
                CONTACT_FIELDS,
                phones=[_document(phone, PHONE_FIELDS) for phone in _ordered(contact.phones.all())],
                attributes=attributes.documents(contact.id),
            )
            for contact in _ordered(service.contacts.all())
        ],
        phones=[_document(phone, PHONE_FIELDS) for phone in _ordered(service.phones.all())],
        attributes=attributes.documents(service.id),
    )


def full_service_documents(services: Iterable[Service]) -> list[Document]:
    """Full documents of many services (from `full_service_queryset`), attributes fetched
    once for them all."""
    services = list(services)
    attributes = AttributeIndex(link_id for service in services for link_id in _linked_ids(service))
    return [full_service_document(service, attributes) for service in services]


def full_service_at_location_document(service_at_location: ServiceAtLocation) -> Document:
    """A service at a location: the location in full and the service in full (without its
    other locations), as the specification's compiled service_at_location schema has it."""
    service = full_service_queryset(Service.objects.filter(pk=service_at_location.service_id)).get()
    location = next(
        item.location
        for item in service.service_at_locations.all()
        if item.pk == service_at_location.pk
    )
    attributes = AttributeIndex(_linked_ids(service))
    return _document(
        service_at_location,
        ("id", "service_id", "location_id", "description"),
        location=full_location_document(location, attributes),
        service=full_service_document(service, attributes, with_locations=False),
    )
