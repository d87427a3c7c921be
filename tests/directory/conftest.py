"""The directory's fixtures: a small feed of our own, and the official Open Referral UK
schemas and examples from ../shared/data when they are there."""

import copy
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from earlyhelp.accounts.models import Authority
from earlyhelp.demo.services import SeedResult
from earlyhelp.directory.importing import ImportSummary, import_documents

OFFICIAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "openreferral-uk-3.0"


def official_file(name: str) -> Path:
    """A file of the official profile; skips the test when the shared data is absent,
    except in CI, where its absence fails the test."""
    path = OFFICIAL / name
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing: CI must have the shared data")
        pytest.skip(f"{OFFICIAL} is absent")
    return path


def official_json(name: str) -> Any:
    return json.loads(official_file(name).read_text(encoding="utf-8"))


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_valid(document: Any, schema: dict[str, Any]) -> None:
    errors = sorted(validator(schema).iter_errors(document), key=lambda error: error.path)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def page_schema(item_schema: dict[str, Any]) -> dict[str, Any]:
    """The specification's Page, with its contents of the given schema."""
    page = official_json("schema_openapi.json")["components"]["schemas"]["Page"]
    return {
        **page,
        "required": [*page["properties"]],
        "properties": {
            **page["properties"],
            "contents": {"type": "array", "items": item_schema},
        },
    }


SERVICE_ID = "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a01"
HUB_LOCATION_ID = "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a02"
TERM_ID = "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a03"
TAXONOMY_ID = "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a04"


def _id() -> str:
    return str(uuid.uuid4())


def speech_service(**changes: Any) -> dict[str, Any]:
    """A fully nested 3.0 service: speech and language sessions at a family hub."""
    document = {
        "id": SERVICE_ID,
        "name": "Chatterbox speech and language drop-in",
        "description": "Speech and language therapists help parents of under-fives.",
        "url": "https://example.org/chatterbox",
        "email": "chatterbox@example.org",
        "status": "active",
        "minimum_age": 0,
        "maximum_age": 5,
        "assured_date": "2026-09-01",
        "last_modified": "2026-09-01T08:30:00.000Z",
        "organization": {
            "id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a05",
            "name": "Redditch Family Hub",
            "description": "The council's family hub for Redditch.",
            "website": "https://example.org/hub",
            "organization_identifiers": [
                {
                    "id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a06",
                    "identifier_scheme": "GB-CHC",
                    "identifier_type": "Charity number",
                    "identifier": "1234567",
                }
            ],
        },
        "schedules": [
            {
                "id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a07",
                "freq": "WEEKLY",
                "interval": 1,
                "byday": "TU",
                "opens_at": "09:30:00",
                "closes_at": "11:30:00",
                "description": "Tuesdays in term time",
            }
        ],
        "cost_options": [
            {"id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a08", "option": "Free", "amount": 0}
        ],
        "contacts": [
            {
                "id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a09",
                "name": "Hub reception",
                "phones": [
                    {"id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a0a", "number": "01527 000000"}
                ],
            }
        ],
        "languages": [
            {"id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a0b", "name": "Polish", "code": "pl"}
        ],
        "service_areas": [
            {"id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a0c", "name": "Redditch district"}
        ],
        "service_at_locations": [
            {
                "id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a0d",
                "location": {
                    "id": HUB_LOCATION_ID,
                    "location_type": "physical",
                    "name": "Redditch Family Hub",
                    "latitude": 52.3067,
                    "longitude": -1.9403,
                    "addresses": [
                        {
                            "id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a0e",
                            "address_1": "1 Church Road",
                            "city": "Redditch",
                            "state_province": "Worcestershire",
                            "postal_code": "B97 4AB",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [
                        {"id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a0f", "description": "Step-free"}
                    ],
                },
            }
        ],
        "attributes": [
            {
                "id": "7a1c9a1e-4f3b-4d0e-9a53-2f4f0d1e6a10",
                "taxonomy_term": {
                    "id": TERM_ID,
                    "name": "Speech and language",
                    "description": "Help with talking and understanding",
                    "taxonomy_id": TAXONOMY_ID,
                    "taxonomy_detail": {
                        "id": TAXONOMY_ID,
                        "name": "Family needs",
                        "description": "The needs families ask for help with",
                    },
                },
            }
        ],
    }
    document.update(changes)
    return copy.deepcopy(document)


@pytest.fixture
def authority(demo: SeedResult) -> Authority:
    return demo.authority


@pytest.fixture
def speech(authority: Authority) -> ImportSummary:
    summary = import_documents([speech_service()], authority)
    assert not summary.rejected, summary.lines()
    return summary
