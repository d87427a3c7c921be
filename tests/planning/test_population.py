"""`earlyhelp import population`: the ONS layout read whatever its header's case and
spacing; a bad file writes nothing and says why in one line (exit code 2)."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from earlyhelp.demo.population import seed_population
from earlyhelp.planning.models import ChildPopulation
from tests.planning.conftest import NORTH_DEPRIVED, SOUTH_DEPRIVED

AGES = [str(age) for age in range(90)] + ["90+"]


def ons_file(path: Path, rows: list[list[str]]) -> Path:
    """The layout of the ONS spreadsheet saved as CSV: a title, then the header."""
    lines = [
        "Mid-2020 Persons,,,",
        "",
        ",".join([" lsoa  CODE", "LSOA Name", "All Ages", *AGES]),
        *(",".join(row) for row in rows),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def area_row(code: str, all_ages: str, child: str = "20", adult: str = "10") -> list[str]:
    return [code, f"Somewhere {code[-3:]}", all_ages, *([child] * 18), *([adult] * 73)]


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", "population", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_importing_ons_estimates_keeps_the_children_of_the_areas_held(
    small_authority, tmp_path
) -> None:
    path = ons_file(
        tmp_path / "sape.csv",
        [
            area_row(NORTH_DEPRIVED, '"1,090"'),
            area_row(SOUTH_DEPRIVED, "1090", child="30"),
            area_row("E01000001", "1500"),  # not held here
        ],
    )

    output = run_import(str(path), "--year", "2020")

    assert "3 rows, 2 areas held here" in output
    assert "1 LSOAs not held here, ignored" in output
    assert "children aged 0 to 17 in the areas held: 900" in output
    held = ChildPopulation.objects.filter(year=2020)
    assert held.count() == 2 * 18
    assert held.filter(area__code=SOUTH_DEPRIVED).aggregate(n=Sum("count"))["n"] == 540
    run_import(str(path), "--year", "2020")  # again: the same figures, replaced
    assert ChildPopulation.objects.filter(year=2020).count() == 2 * 18


def test_a_bad_file_writes_nothing_and_says_why(small_authority, tmp_path) -> None:
    before = ChildPopulation.objects.count()
    bad_count = area_row(SOUTH_DEPRIVED, "1090")
    bad_count[3 + 5] = "many"  # age 5
    path = ons_file(tmp_path / "bad.csv", [area_row(NORTH_DEPRIVED, "1090"), bad_count])
    errors = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command(
            "import",
            "population",
            str(path),
            "--year",
            "2020",
            stdout=io.StringIO(),
            stderr=errors,
        )

    assert caught.value.returncode == 2
    assert str(caught.value) == f"1 bad row in {path}: nothing imported"
    assert "bad.csv line 5: the count for age 5 is not a whole number" in errors.getvalue()
    assert ChildPopulation.objects.count() == before
    no_header = tmp_path / "no-header.csv"
    no_header.write_text("code,people\nE01990101,5\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no header with an LSOA Code column"):
        run_import(str(no_header), "--year", "2020")


def test_the_demo_population_is_the_same_for_the_same_seed(
    small_authority,
) -> None:
    made = seed_population(small_authority.authority, seed=1, today=datetime.date(2025, 5, 1))
    first = list(ChildPopulation.objects.filter(year=2024).values_list("area", "age", "count"))
    again = seed_population(small_authority.authority, seed=1, today=datetime.date(2025, 5, 1))

    assert made == again and made["areas_with_population"] == 3
    assert first == list(
        ChildPopulation.objects.filter(year=2024).values_list("area", "age", "count")
    )
    # About a fifth of 1,500 people.
    assert 150 < made["children"] / made["areas_with_population"] < 450
