"""Building families for tests through the same services the pages use."""

import datetime

from earlyhelp.accounts.models import Agency, Team
from earlyhelp.pathways.models import Pathway
from earlyhelp.pathways.services import open_pathway
from earlyhelp.people.models import ConsentDecision, Family, Relationship
from earlyhelp.people.services import (
    PersonDetails,
    add_new_person_to_family,
    create_family,
    record_consent,
)
from tests.conftest import demo_user

BROMSGROVE_TEAM = "Bromsgrove Early Help Family Support"
MALVERN_TEAM = "Malvern Hills Early Help Family Support"


def empty_family(name: str, team: str = BROMSGROVE_TEAM, by: str = "fsw") -> Family:
    return create_family(by=demo_user(by), name=name, owning_team=Team.objects.get(name=team))


def make_family(name: str = "Hill family", team: str = BROMSGROVE_TEAM, by: str = "fsw") -> Family:
    family = create_family(by=demo_user(by), name=name, owning_team=Team.objects.get(name=team))
    add_new_person_to_family(
        by=demo_user(by),
        family=family,
        details=PersonDetails(
            first_name="Ruby", last_name=name.split()[0], date_of_birth=datetime.date(2015, 4, 2)
        ),
        relationship=Relationship.CHILD,
    )
    add_new_person_to_family(
        by=demo_user(by),
        family=family,
        details=PersonDetails(first_name="Dawn", last_name=name.split()[0]),
        relationship=Relationship.PARENT,
        is_main_contact=True,
    )
    return family


def give_consent(family: Family, *agencies: Agency, by: str = "fsw") -> None:
    record_consent(
        by=demo_user(by),
        family=family,
        decision=ConsentDecision.GIVEN,
        to_assessment=True,
        share_with=list(agencies),
        given_by="Dawn (mother)",
        given_on=datetime.date.today() - datetime.timedelta(days=3),
    )


def family_with_pathway(lead: str = "fsw", name: str = "Hill family") -> tuple[Family, Pathway]:
    family = make_family(name)
    lead_user = demo_user(lead)
    give_consent(
        family, *([lead_user.agency] if lead_user.agency.kind != "local_authority" else [])
    )
    pathway = open_pathway(
        by=demo_user("fsw"),
        family=family,
        opened_on=datetime.date.today(),
        lead_professional=lead_user,
    )
    return family, pathway
