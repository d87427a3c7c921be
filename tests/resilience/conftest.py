"""The demo authority for tests that commit for real (a restore cannot run inside the
test's transaction): the database is emptied after each such test, so the migrations'
reference data is loaded again first."""

import pytest
from django.apps import apps as django_apps

from earlyhelp.accounts.reference_data import create_role_groups
from earlyhelp.demo.services import SeedResult
from earlyhelp.need.reference_data import load_need_framework
from tests.conftest import seed_demo


@pytest.fixture
def committed_demo(transactional_db: None) -> SeedResult:
    create_role_groups(django_apps)
    load_need_framework(django_apps)
    return seed_demo(directory=False)
