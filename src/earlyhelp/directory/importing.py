"""Importing an Open Referral UK feed: `earlyhelp import services FILE.json`.

The file is JSON in one of the shapes councils publish:

- a list of fully nested services (Open Referral UK 3.0, as `GET /services/{id}` gives
  each), or one such service on its own;
- a page of the API (`{"total_items": ..., "contents": [...]}`), whose contents are
  services;
- the same shapes in Open Referral UK 1.0 (`regular_schedules`, `physical_addresses`,
  `service_taxonomys`, ...), converted to 3.0 as they are read.

How a service becomes records:

- **Matching** is by id, the specification's UUID: a service held already is updated in
  place, and counted as changed only when something about it differs; otherwise it is
  added. Organisations, locations and taxonomy terms are matched by id too, and shared
  between the services that name them.
- **Related lists** (schedules, contacts, cost options, locations, ...) in the document
  replace the service's: a record the list no longer has is deleted. A list the document
  leaves out is left as it is, so a feed of one-to-one summaries never empties a service.
- **Rejected**: a service whose document breaks the profile (no id or name, an id that is
  not a UUID, a date that is not a date, an unknown status, an organisation without a
  description, ...) or that would take a record from another authority or another
  service. Each rejection says why; the other services are still imported.
- **Early Help's fields** (issue codes, bands, ages of children) are not in a feed and
  are kept as editors set them. A new service's `last_checked_on` is its `assured_date`.
  Each location the feed gives is placed from its coordinates: its district, LSOA and
  deprivation decile are those of the area it lies in (directory/services.py).

The file is read whole before anything is written (a file that is not JSON, or not a feed,
raises `UnreadableFeed` and writes nothing); the writes are one transaction, each service
in a savepoint of its own, every record with its history row.
"""

import datetime
import decimal
import json
import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, models, transaction

from earlyhelp.accounts.models import Authority
from earlyhelp.core.importing import has_nul
from earlyhelp.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from earlyhelp.directory.openreferral import (
    ACCESSIBILITY_FIELDS,
    ADDRESS_FIELDS,
    CONTACT_FIELDS,
    COST_OPTION_FIELDS,
    FUNDING_FIELDS,
    IDENTIFIER_FIELDS,
    LANGUAGE_FIELDS,
    LOCATION_FIELDS,
    ORGANIZATION_FIELDS,
    PHONE_FIELDS,
    SCHEDULE_FIELDS,
    SERVICE_AREA_FIELDS,
    SERVICE_FIELDS,
    TAXONOMY_FIELDS,
    TAXONOMY_TERM_FIELDS,
)
from earlyhelp.directory.services import place_locations
from earlyhelp.directory.version1 import is_version_1, service_from_version_1

Document = dict[str, Any]
_validate_url = URLValidator()
LOCATIONS_PLACED_AT_ONCE = 5000  # ids in one `IN (...)`, well under SQLite's limit
# Fields a document must give, beyond `id`: what the specification's schemas require,
# less those with a default (a service's status is active, an address's country GB).
REQUIRED = {
    Service: ("name",),
    Organization: ("name", "description"),
    OrganizationIdentifier: ("identifier_type", "identifier"),
    Address: ("address_1", "city", "state_province", "postal_code"),
    TaxonomyTerm: ("name", "description"),
    Taxonomy: ("name", "description"),
}


class UnreadableFeed(Exception):
    """The file cannot be read as a feed at all; the message is one line saying why."""


class BadDocument(Exception):
    """A service's document cannot be imported; the message says why."""


@dataclass(frozen=True)
class Rejected:
    position: int  # of the service in the file, from 1
    service_id: str  # as the file gives it ("" when it has none)
    reason: str

    def __str__(self) -> str:
        named = f" ({self.service_id})" if self.service_id else ""
        return f"service {self.position}{named}: {self.reason}"


@dataclass
class ImportSummary:
    added: list[uuid.UUID] = field(default_factory=list)
    changed: list[uuid.UUID] = field(default_factory=list)
    unchanged: list[uuid.UUID] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What happened, for a person: counts, then each rejection."""
        return [
            f"services: {len(self.added):,} added, {len(self.changed):,} changed, "
            f"{len(self.unchanged):,} unchanged, {len(self.rejected):,} rejected",
            *(str(rejection) for rejection in self.rejected),
        ]


def import_services(path: Path, authority: Authority) -> ImportSummary:
    """Import the services of an Open Referral UK feed into the authority's directory.
    Raises UnreadableFeed (writing nothing) when the file is not a feed."""
    return import_documents(read_feed(path), authority)


def read_feed(path: Path) -> list[Any]:
    """The service documents of a feed file, in file order."""
    if not path.is_file():
        raise UnreadableFeed(f"{path}: no such file")
    try:
        content = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise UnreadableFeed(f"{path}: not a UTF-8 text file") from None
    except json.JSONDecodeError as error:
        raise UnreadableFeed(f"{path}: not JSON ({error})") from None
    except RecursionError:
        raise UnreadableFeed(f"{path}: not an Open Referral feed (nested too deeply)") from None
    except OSError as error:
        raise UnreadableFeed(f"{path}: cannot be read ({error.strerror})") from None
    return services_of(content, str(path))


def services_of(content: Any, source: str = "the feed") -> list[Any]:
    if isinstance(content, list):
        return content
    if isinstance(content, dict) and isinstance(content.get("contents"), list):
        return content["contents"]
    if isinstance(content, dict) and "id" in content and "name" in content:
        return [content]
    raise UnreadableFeed(
        f"{source}: not an Open Referral feed (expected a list of services, a page of "
        "services with `contents`, or one service)"
    )


def import_documents(documents: Iterable[Any], authority: Authority) -> ImportSummary:
    summary = ImportSummary()
    seen: set[uuid.UUID] = set()
    locations: set[uuid.UUID] = set()
    with transaction.atomic():
        # One import at a time per authority (PostgreSQL; SQLite writes one at a time).
        Authority.objects.select_for_update().get(pk=authority.pk)
        for position, document in enumerate(documents, start=1):
            given_id = str(document.get("id", "")) if isinstance(document, dict) else ""
            try:
                if not isinstance(document, dict):
                    raise BadDocument("not a JSON object")
                if is_version_1(document):
                    document = service_from_version_1(document)
                service_id = _uuid(document.get("id"), "id", required=True)
                if service_id in seen:
                    raise BadDocument("the file has this service more than once")
                seen.add(service_id)
                existed = Service.objects.filter(pk=service_id).exists()
                with transaction.atomic():
                    writer = _ServiceWriter(authority)
                    writer.write_service(document)
            except BadDocument as error:
                summary.rejected.append(Rejected(position, given_id[:60], str(error)))
                continue
            except IntegrityError as error:
                reason = f"breaks a rule of the directory ({error})"
                summary.rejected.append(Rejected(position, given_id[:60], reason))
                continue
            locations.update(writer.locations)
            if not existed:
                summary.added.append(service_id)
            elif writer.changed:
                summary.changed.append(service_id)
            else:
                summary.unchanged.append(service_id)
        written = sorted(locations)
        for start in range(0, len(written), LOCATIONS_PLACED_AT_ONCE):
            chunk = written[start : start + LOCATIONS_PLACED_AT_ONCE]
            place_locations(Location.objects.filter(pk__in=chunk))
    return summary


# Reading values: each raises BadDocument naming the field.


def _uuid(raw: Any, where: str, *, required: bool = False) -> uuid.UUID | None:
    if raw in (None, ""):
        if required:
            raise BadDocument(f"{where} is missing")
        return None
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise BadDocument(f"{where} is not a UUID: {str(raw)[:60]!r}") from None


def _convert(model_field: models.Field, raw: Any, where: str) -> Any:
    """A document's value as the model field holds it."""
    if raw is None or raw == "":
        if model_field.has_default():  # e.g. a status of active, a country of GB
            return model_field.get_default()
        return "" if isinstance(model_field, models.CharField | models.TextField) else None
    if isinstance(model_field, models.UUIDField):
        return _uuid(raw, where)
    if isinstance(model_field, models.DateTimeField):
        moment = _parsed(datetime.datetime.fromisoformat, raw, where, "a date and time")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment
    if isinstance(model_field, models.DateField):
        return _parsed(datetime.date.fromisoformat, raw, where, "a date like 2024-01-31")
    if isinstance(model_field, models.TimeField):
        moment = _parsed(datetime.time.fromisoformat, raw, where, "a time like 09:30")
        return moment.replace(tzinfo=None)
    if isinstance(model_field, models.FloatField | models.DecimalField | models.IntegerField):
        number = _number(raw, where)
        if isinstance(model_field, models.IntegerField):
            if number != int(number) or not 0 <= number <= 32767:
                raise BadDocument(f"{where} is not a whole number from 0 to 32767")
            return int(number)
        if isinstance(model_field, models.DecimalField):
            limit = 10 ** (model_field.max_digits - model_field.decimal_places)
            if abs(number) >= limit:
                raise BadDocument(f"{where} is too large")
            return decimal.Decimal(str(number)).quantize(decimal.Decimal("0.01"))
        return float(number)
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise BadDocument(f"{where} is not text")
    text = str(raw)
    if has_nul(text):
        raise BadDocument(f"{where} has a NUL character")
    if model_field.max_length and len(text) > model_field.max_length:
        raise BadDocument(f"{where} is longer than {model_field.max_length} characters")
    if model_field.choices and text not in {value for value, _ in model_field.flatchoices}:
        allowed = ", ".join(str(value) for value, _ in model_field.flatchoices)
        raise BadDocument(f"{where} is {text[:40]!r}, not one of: {allowed}")
    try:
        if isinstance(model_field, models.EmailField):
            validate_email(text)
        elif isinstance(model_field, models.URLField):
            _validate_url(text)
    except ValidationError:
        kind = "an email address" if isinstance(model_field, models.EmailField) else "a URL"
        raise BadDocument(f"{where} is not {kind}: {text[:60]!r}") from None
    return text


def _parsed(parse: Any, raw: Any, where: str, expected: str) -> Any:
    if not isinstance(raw, str):
        raise BadDocument(f"{where} is not {expected}")
    try:
        return parse(raw.strip())
    except ValueError:
        raise BadDocument(f"{where} is not {expected}: {raw[:40]!r}") from None


def _number(raw: Any, where: str) -> float:
    if isinstance(raw, str):
        try:
            raw = float(raw)
        except ValueError:
            raise BadDocument(f"{where} is not a number: {raw[:40]!r}") from None
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise BadDocument(f"{where} is not a number")
    except OverflowError:  # an integer too large for a float
        raise BadDocument(f"{where} is too large") from None
    return raw


def _list(document: Document, key: str, where: str) -> list[Document] | None:
    """The document's list under `key`: None when the document leaves it out."""
    if key not in document or document[key] is None:
        return None
    items = document[key]
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise BadDocument(f"{where}.{key} is not a list of objects")
    return items


def _object(document: Document, key: str, where: str) -> Document | None:
    value = document.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadDocument(f"{where}.{key} is not an object")
    return value


class _ServiceWriter:
    """Writes one service document; `changed` says whether anything was written."""

    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self.changed = False
        self.locations: set[uuid.UUID] = set()  # the locations written, to be placed

    # The generic steps.

    def values(
        self, model: type[models.Model], document: Document, names: Iterable[str], where: str
    ) -> dict[str, Any]:
        """The document's values of the model's own fields (not its links), checked."""
        required = REQUIRED.get(model, ())
        values = {}
        for name in names:
            model_field = model._meta.get_field(name)
            if name == "id" or model_field.is_relation:
                continue
            if name in required and document.get(name) in (None, ""):
                raise BadDocument(f"{where}.{name} is missing")
            values[name] = _convert(model_field, document.get(name), f"{where}.{name}")
        return values

    def save(
        self,
        model: type[models.Model],
        record_id: uuid.UUID,
        values: dict[str, Any],
        *,
        owner: dict[str, Any] | None = None,
        where: str,
    ) -> Any:
        """Add the record, or update it where it differs. `owner` names the links that
        must match when it is held already (e.g. the service a schedule belongs to)."""
        owner = owner or {}
        record = model._default_manager.filter(pk=record_id).first()
        if record is None:
            record = model(pk=record_id, **owner, **values)
            record.save()
            self.changed = True
            return record
        for name, value in owner.items():
            if getattr(record, name) != value:
                raise BadDocument(
                    f"{where}: {model._meta.verbose_name} {record_id} belongs to another "
                    f"{name.removesuffix('_id').replace('_', ' ')}"
                )
        differing = {
            name: value for name, value in values.items() if getattr(record, name) != value
        }
        if differing:
            for name, value in differing.items():
                setattr(record, name, value)
            record.save()
            self.changed = True
        return record

    def prune(self, records: models.QuerySet, keep: set[uuid.UUID]) -> None:
        """Delete the records of a list that the document no longer has."""
        for record in records.exclude(pk__in=keep):
            record.delete()  # one by one, so each deletion keeps its history row
            self.changed = True

    def write_list(
        self,
        model: type[models.Model],
        items: list[Document] | None,
        names: Iterable[str],
        owner: dict[str, Any],
        where: str,
        then: Any = None,
    ) -> None:
        """Replace the owner's records of this model with the document's list."""
        if items is None:
            return
        keep = set()
        for index, item in enumerate(items):
            item_where = f"{where}[{index}]"
            record_id = _uuid(item.get("id"), f"{item_where}.id", required=True)
            record = self.save(
                model,
                record_id,
                self.values(model, item, names, item_where),
                owner=owner,
                where=item_where,
            )
            keep.add(record_id)
            if then is not None:
                then(record, item, item_where)
        self.prune(model._default_manager.filter(**owner), keep)

    # Taxonomies and attributes.

    def write_taxonomy(self, document: Document, where: str) -> Taxonomy:
        taxonomy_id = _uuid(document.get("id"), f"{where}.id", required=True)
        values = self.values(Taxonomy, document, TAXONOMY_FIELDS, where)
        return self.save(Taxonomy, taxonomy_id, values, where=where)

    def write_taxonomy_term(self, document: Document, where: str) -> TaxonomyTerm:
        term_id = _uuid(document.get("id"), f"{where}.id", required=True)
        values = self.values(TaxonomyTerm, document, TAXONOMY_TERM_FIELDS, where)
        detail = _object(document, "taxonomy_detail", where)
        taxonomy_id = _uuid(document.get("taxonomy_id"), f"{where}.taxonomy_id")
        if detail is not None:
            taxonomy_id = self.write_taxonomy(detail, f"{where}.taxonomy_detail").pk
        elif taxonomy_id and not Taxonomy.objects.filter(pk=taxonomy_id).exists():
            raise BadDocument(f"{where}.taxonomy_id names a taxonomy not held: {taxonomy_id}")
        values["taxonomy_detail_id"] = taxonomy_id
        return self.save(TaxonomyTerm, term_id, values, where=where)

    def write_attributes(
        self, document: Document, link_id: uuid.UUID, link_entity: str, where: str
    ) -> None:
        items = _list(document, "attributes", where)
        if items is None:
            return
        keep = set()
        for index, item in enumerate(items):
            item_where = f"{where}.attributes[{index}]"
            attribute_id = _uuid(item.get("id"), f"{item_where}.id", required=True)
            term_document = _object(item, "taxonomy_term", item_where)
            if term_document is not None:
                term = self.write_taxonomy_term(term_document, f"{item_where}.taxonomy_term")
            else:
                term_id = _uuid(
                    item.get("taxonomy_term_id"), f"{item_where}.taxonomy_term_id", required=True
                )
                term = TaxonomyTerm.objects.filter(pk=term_id).first()
                if term is None:
                    raise BadDocument(f"{item_where} names a taxonomy term not held: {term_id}")
            given_link = _uuid(item.get("link_id"), f"{item_where}.link_id")
            if given_link not in (None, link_id):
                raise BadDocument(f"{item_where}.link_id is not the id of what it is in")
            values = self.values(
                Attribute, item, ("link_type", "link_entity", "value", "label"), item_where
            )
            values["taxonomy_term_id"] = term.pk
            values["link_entity"] = values["link_entity"] or link_entity
            self.save(Attribute, attribute_id, values, owner={"link_id": link_id}, where=item_where)
            keep.add(attribute_id)
        self.prune(Attribute.objects.filter(link_id=link_id), keep)

    # Organisations and locations: held by one authority, shared by its services.

    def held_by_authority(
        self, model: type[models.Model], record_id: uuid.UUID, where: str
    ) -> bool:
        authority_id = (
            model._default_manager.filter(pk=record_id).values_list("authority_id", flat=True)
        ).first()
        if authority_id is not None and authority_id != self.authority.pk:
            raise BadDocument(
                f"{where}: {model._meta.verbose_name} {record_id} is in another authority's "
                "directory"
            )
        return authority_id is not None

    def write_organization(self, document: Document, where: str) -> Organization:
        organization_id = _uuid(document.get("id"), f"{where}.id", required=True)
        self.held_by_authority(Organization, organization_id, where)
        values = self.values(Organization, document, ORGANIZATION_FIELDS, where)
        organization = self.save(
            Organization,
            organization_id,
            values,
            owner={"authority_id": self.authority.pk},
            where=where,
        )
        self.write_list(
            OrganizationIdentifier,
            _list(document, "organization_identifiers", where),
            IDENTIFIER_FIELDS,
            {"organization_id": organization.pk},
            f"{where}.organization_identifiers",
            then=lambda record, item, item_where: self.write_attributes(
                item, record.pk, "organization_identifier", item_where
            ),
        )
        self.write_attributes(document, organization.pk, "organization", where)
        return organization

    def write_location(self, document: Document, where: str) -> Location:
        location_id = _uuid(document.get("id"), f"{where}.id", required=True)
        self.held_by_authority(Location, location_id, where)
        values = self.values(Location, document, LOCATION_FIELDS, where)
        location = self.save(
            Location, location_id, values, owner={"authority_id": self.authority.pk}, where=where
        )
        self.locations.add(location.pk)
        owner = {"location_id": location.pk}
        self.write_list(
            Address,
            _list(document, "addresses", where),
            ADDRESS_FIELDS,
            owner,
            f"{where}.addresses",
            then=lambda record, item, item_where: self.write_attributes(
                item, record.pk, "address", item_where
            ),
        )
        self.write_list(
            Accessibility,
            _list(document, "accessibility", where),
            ACCESSIBILITY_FIELDS,
            owner,
            f"{where}.accessibility",
            then=lambda record, item, item_where: self.write_attributes(
                item, record.pk, "accessibility", item_where
            ),
        )
        self.write_attributes(document, location.pk, "location", where)
        return location

    def held_in_authority(self, model: type[models.Model], raw: Any, where: str) -> uuid.UUID:
        record_id = _uuid(raw, where, required=True)
        if not self.held_by_authority(model, record_id, where):
            raise BadDocument(f"{where} names a {model._meta.verbose_name} not held: {record_id}")
        return record_id

    # The service.

    def write_service(self, document: Document) -> Service:
        service_id = _uuid(document.get("id"), "id", required=True)
        self.held_by_authority(Service, service_id, "service")
        values = self.values(Service, document, SERVICE_FIELDS, "service")
        if (
            values["minimum_age"] is not None
            and values["maximum_age"] is not None
            and values["minimum_age"] > values["maximum_age"]
        ):
            raise BadDocument("minimum_age is above maximum_age")
        organization_document = _object(document, "organization", "service")
        if organization_document is not None:
            values["organization_id"] = self.write_organization(
                organization_document, "organization"
            ).pk
        elif document.get("organization_id"):
            values["organization_id"] = self.held_in_authority(
                Organization, document["organization_id"], "organization_id"
            )
        is_new = not Service.objects.filter(pk=service_id).exists()
        if is_new:
            values["last_checked_on"] = values["assured_date"]
        service = self.save(
            Service, service_id, values, owner={"authority_id": self.authority.pk}, where="service"
        )
        owner = {"service_id": service.pk}
        for model, key, names in (
            (ServiceArea, "service_areas", SERVICE_AREA_FIELDS),
            (Funding, "funding", FUNDING_FIELDS),
            (CostOption, "cost_options", COST_OPTION_FIELDS),
            (Schedule, "schedules", SCHEDULE_FIELDS),
        ):
            self.write_list(model, _list(document, key, "service"), names, owner, key)
        self.write_list(
            Phone,
            _list(document, "phones", "service"),
            PHONE_FIELDS,
            {**owner, "contact_id": None},
            "phones",
        )
        self.write_languages(document, service)
        self.write_list(
            Contact,
            _list(document, "contacts", "service"),
            CONTACT_FIELDS,
            owner,
            "contacts",
            then=self.write_contact_details,
        )
        self.write_service_at_locations(service, _list(document, "service_at_locations", "service"))
        self.write_attributes(document, service.pk, "service", "service")
        return service

    def write_languages(self, document: Document, service: Service) -> None:
        def link_phone(record: Language, item: Document, where: str) -> None:
            phone_id = _uuid(item.get("phone_id"), f"{where}.phone_id")
            if phone_id and not Phone.objects.filter(pk=phone_id, service=service).exists():
                raise BadDocument(f"{where}.phone_id names a phone not of this service")
            if record.phone_id != phone_id:
                record.phone_id = phone_id
                record.save()
                self.changed = True

        self.write_list(
            Language,
            _list(document, "languages", "service"),
            LANGUAGE_FIELDS,
            {"service_id": service.pk},
            "languages",
            then=link_phone,
        )

    def write_contact_details(self, contact: Contact, document: Document, where: str) -> None:
        self.write_list(
            Phone,
            _list(document, "phones", where),
            PHONE_FIELDS,
            {"contact_id": contact.pk},
            f"{where}.phones",
        )
        self.write_attributes(document, contact.pk, "contact", where)

    def write_service_at_locations(self, service: Service, items: list[Document] | None) -> None:
        if items is None:
            return
        keep = set()
        for index, item in enumerate(items):
            where = f"service_at_locations[{index}]"
            record_id = _uuid(item.get("id"), f"{where}.id", required=True)
            location_document = _object(item, "location", where)
            if location_document is not None:
                location_id = self.write_location(location_document, f"{where}.location").pk
            else:
                location_id = self.held_in_authority(
                    Location, item.get("location_id"), f"{where}.location_id"
                )
            values = self.values(ServiceAtLocation, item, ("description",), where)
            values["location_id"] = location_id
            service_at_location = self.save(
                ServiceAtLocation, record_id, values, owner={"service_id": service.pk}, where=where
            )
            keep.add(record_id)
            self.write_list(
                Schedule,
                _list(item, "schedules", where),
                SCHEDULE_FIELDS,
                {"service_at_location_id": service_at_location.pk},
                f"{where}.schedules",
            )
        self.prune(ServiceAtLocation.objects.filter(service=service), keep)
