from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from earlyhelp.accounts.models import Agency, District, Team, User
from earlyhelp.demo.services import seed_authority

SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def snapshot() -> dict[str, list]:
    return {
        "users": list(
            User.objects.order_by("email").values_list("email", "first_name", "last_name")
        ),
        "agencies": list(Agency.objects.order_by("name").values_list("name", "public_id")),
        "teams": list(Team.objects.order_by("name").values_list("name", "public_id")),
    }


class Rollback(Exception):
    pass


def seeded_snapshot(seed: int) -> dict[str, list]:
    try:
        with transaction.atomic():
            seed_authority(authority_slug="warwickshire", families=0, seed=seed, password="x" * 12)
            taken = snapshot()
            raise Rollback
    except Rollback:
        return taken


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(db):
    first = seeded_snapshot(42)
    again = seeded_snapshot(42)
    other = seeded_snapshot(43)

    assert first == again
    assert first["users"] != other["users"]


def test_seed_creates_the_real_districts_and_one_user_per_role(demo):
    assert list(District.objects.order_by("ons_code").values_list("ons_code", flat=True)) == [
        "E07000234",
        "E07000235",
        "E07000236",
        "E07000237",
        "E07000238",
        "E07000239",
    ]
    first_team = Team.objects.get(name="Bromsgrove Early Help Family Support")
    for local_part in ("practitioner", "fsw", "tso", "frontdoor", "analyst", "manager", "admin"):
        user = User.objects.get(email=f"{local_part}@demo.earlyhelp.test")
        assert first_team in user.teams.all()
        assert len(user.roles) == 1
    practitioner2 = User.objects.get(email="practitioner2@demo.earlyhelp.test")
    assert practitioner2.teams.get().district.name == "Malvern Hills"


def test_seeding_the_same_authority_twice_is_refused_with_exit_code_2(demo):
    with pytest.raises(CommandError) as error:
        call_command("seed", "--authority", "worcestershire")

    assert error.value.returncode == 2
    assert "already in this database" in str(error.value)


def test_if_empty_leaves_a_database_with_data_alone(demo, capsys):
    call_command("seed", "--if-empty")

    out = capsys.readouterr().out
    assert "not loaded again" in out
    assert "manager@demo.earlyhelp.test" in out
    assert User.objects.filter(email__endswith="@demo.earlyhelp.test").count() == 8


def test_negative_family_count_is_refused(db):
    with pytest.raises(CommandError) as error:
        call_command("seed", "--families", "-1")

    assert error.value.returncode == 2


def test_seed_prints_the_demo_logins(db, capsys):
    call_command("seed", "--authority", "warwickshire", "--seed", "3")

    out = capsys.readouterr().out
    assert "Warwickshire County Council" in out
    assert "practitioner2@demo.earlyhelp.test" in out
    assert "demo_code admin@demo.earlyhelp.test" in out


@pytest.mark.skipif(
    not SEEDS_DIR.is_dir(), reason="needs the council papers in ../shared/seeds beside the project"
)
def test_demo_people_are_not_named_after_anyone_in_the_council_papers(db):
    papers = " ".join(path.read_text(errors="ignore") for path in SEEDS_DIR.glob("*.txt"))
    for seed in range(1, 6):
        with transaction.atomic():
            seed_authority(
                authority_slug="worcestershire", families=0, seed=seed, password="x" * 12
            )
            for first, last in User.objects.values_list("first_name", "last_name"):
                assert f"{first} {last}" not in papers
            transaction.set_rollback(True)


def test_demo_code_prints_the_admins_current_code_and_refuses_other_accounts(demo, capsys):
    from tests.conftest import current_code, demo_user

    call_command("demo_code", "ADMIN@demo.earlyhelp.test")
    assert capsys.readouterr().out.strip() == current_code(demo_user("admin"))

    for email in ("someone@council.example", "fsw@demo.earlyhelp.test"):
        with pytest.raises(CommandError) as error:
            call_command("demo_code", email)
        assert error.value.returncode == 2
