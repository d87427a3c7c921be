"""Open Referral UK 1.0 service documents, converted to 3.0 as an import reads them.

Councils still publish 1.0: its lists have other names (`regular_schedules`,
`physical_addresses`, `service_taxonomys`, `eligibilitys`, `fundings`), ages sit in
eligibility records, a taxonomy term is a `taxonomy` with a `vocabulary`, and ids need not
be UUIDs. An id that is not a UUID becomes one derived from it (UUID version 5, with the
kind of record), so importing the same 1.0 feed again matches the same records.
"""

import uuid
from typing import Any

Document = dict[str, Any]
# Any fixed namespace will do; this one is the UUID of the URL below, made once.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://openreferraluk.org/version-1")
VERSION_1_KEYS = {"regular_schedules", "service_taxonomys", "eligibilitys", "fundings"}


def is_version_1(document: Document) -> bool:
    if VERSION_1_KEYS & document.keys():
        return True
    items = document.get("service_at_locations")
    for item in items if isinstance(items, list) else []:
        location = item.get("location") if isinstance(item, dict) else None
        if isinstance(location, dict) and "physical_addresses" in location:
            return True
    return False


def _id(raw: Any, kind: str) -> str | None:
    if raw in (None, ""):
        return None
    try:
        return str(uuid.UUID(str(raw)))
    except ValueError:
        return str(uuid.uuid5(NAMESPACE, f"{kind}:{raw}"))


def _items(document: Document, key: str) -> list[Document]:
    items = document.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _pick(document: Document, *keys: str) -> Document:
    return {key: document[key] for key in keys if document.get(key) not in (None, "")}


def _schedule(item: Document) -> Document:
    schedule = _pick(
        item,
        "valid_from",
        "valid_to",
        "dtstart",
        "interval",
        "byday",
        "bymonthday",
        "description",
        "opens_at",
        "closes_at",
    )
    schedule["id"] = _id(item.get("id"), "schedule")
    if isinstance(item.get("freq"), str) and item["freq"]:
        schedule["freq"] = item["freq"].upper()
    return schedule


def _organization(item: Document) -> Document:
    organization = _pick(item, "name", "description", "email", "logo", "uri")
    organization["id"] = _id(item.get("id"), "organization")
    if item.get("url"):
        organization["website"] = item["url"]
    return organization


def _location(item: Document) -> Document:
    location = _pick(item, "name", "description", "latitude", "longitude")
    location["id"] = _id(item.get("id"), "location")
    addresses = []
    for address in _items(item, "physical_addresses"):
        converted = _pick(
            address, "attention", "address_1", "city", "region", "state_province", "postal_code"
        )
        converted["id"] = _id(address.get("id"), "address")
        # 3.0 requires a state or province, which UK addresses do not have: the county
        # (region) stands in for it, else the town.
        converted.setdefault("state_province", converted.get("region") or converted.get("city", ""))
        converted["country"] = address.get("country") or "GB"
        converted["address_type"] = "physical"
        addresses.append(converted)
    location["addresses"] = addresses
    location["location_type"] = "physical" if addresses else "virtual"
    location["accessibility"] = [
        {
            "id": _id(access.get("id"), "accessibility"),
            **_pick(access, "details"),
            **({"description": access["accessibility"]} if access.get("accessibility") else {}),
        }
        for access in _items(item, "accessibility_for_disabilities")
    ]
    return location


def service_from_version_1(document: Document) -> Document:
    """The 3.0 document of a 1.0 service document."""
    service = _pick(
        document,
        "name",
        "description",
        "url",
        "email",
        "fees",
        "accreditations",
        "assured_date",
        "assurer_email",
        "alert",
    )
    service["id"] = _id(document.get("id"), "service")
    service["status"] = document.get("status") or "active"
    eligibilities = _items(document, "eligibilitys")
    if eligibilities:
        service.update(_pick(eligibilities[0], "minimum_age", "maximum_age"))
    if isinstance(document.get("organization"), dict):
        service["organization"] = _organization(document["organization"])
    service["schedules"] = [_schedule(item) for item in _items(document, "regular_schedules")]
    service["service_areas"] = [
        {"id": _id(item.get("id"), "service_area"), **_pick(item, "service_area", "extent", "uri")}
        for item in _items(document, "service_areas")
    ]
    service["funding"] = [
        {"id": _id(item.get("id"), "funding"), **_pick(item, "source")}
        for item in _items(document, "fundings")
    ]
    service["cost_options"] = [
        {
            "id": _id(item.get("id"), "cost_option"),
            **_pick(item, "valid_from", "valid_to", "option", "amount", "amount_description"),
        }
        for item in _items(document, "cost_options")
    ]
    service["languages"] = [
        {
            "id": _id(item.get("id"), "language"),
            **({"name": item["language"]} if item.get("language") else {}),
        }
        for item in _items(document, "languages")
    ]
    service["contacts"] = [
        {
            "id": _id(item.get("id"), "contact"),
            **_pick(item, "name", "title"),
            "phones": [
                {"id": _id(phone.get("id"), "phone"), **_pick(phone, "number")}
                for phone in _items(item, "phones")
            ],
        }
        for item in _items(document, "contacts")
    ]
    service["service_at_locations"] = [
        {
            "id": _id(item.get("id"), "service_at_location"),
            **(
                {"location": _location(item["location"])}
                if isinstance(item.get("location"), dict)
                else {}
            ),
            "schedules": [_schedule(schedule) for schedule in _items(item, "regular_schedules")],
        }
        for item in _items(document, "service_at_locations")
    ]
    service["attributes"] = [
        {
            "id": _id(item.get("id"), "service_taxonomy"),
            "taxonomy_term": {
                "id": _id(item["taxonomy"].get("id"), "taxonomy"),
                **_pick(item["taxonomy"], "name"),
                # 1.0 terms have no description; 3.0 requires one: the name stands in.
                "description": item["taxonomy"].get("name", ""),
                **(
                    {"taxonomy": item["taxonomy"]["vocabulary"]}
                    if item["taxonomy"].get("vocabulary")
                    else {}
                ),
                **(
                    {"parent_id": _id(item["taxonomy"]["parent"], "taxonomy")}
                    if item["taxonomy"].get("parent")
                    else {}
                ),
            },
        }
        for item in _items(document, "service_taxonomys")
        if isinstance(item.get("taxonomy"), dict)
    ]
    return service
