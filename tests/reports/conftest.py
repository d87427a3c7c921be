"""Fixtures for the report tests."""

import pytest

from earlyhelp.demo.services import SeedResult, seed_authority
from tests.conftest import PASSWORD


@pytest.fixture
def warwickshire(db: None) -> SeedResult:
    """Warwickshire with its districts, teams and users and no families: ready for an
    import of historic triages (as `earlyhelp seed --authority warwickshire --families 0`)."""
    return seed_authority(
        authority_slug="warwickshire", families=0, seed=1, password=PASSWORD, directory=False
    )
