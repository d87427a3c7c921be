"""`earlyhelp import triages FILE.csv`: historic triages from another case system, checked
whole before anything is written, and the seed paper's Table 1 rebuilt from an import."""

import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from earlyhelp.accounts.models import District, Role, Team, User
from earlyhelp.pathways.models import Outcome, Pathway, PathwayStatus, Triage, TriageEntry
from earlyhelp.people.models import Family

DATA = Path(__file__).parent / "data"
TABLE1_CSV = DATA / "table1_2020.csv"
MAKE_TABLE1_CSV = Path(__file__).resolve().parents[2] / "scripts" / "make_table1_csv.py"
HEADER = "triage_ref,family_ref,stage,completed_on,district,band,narrative,outcome"


def write_csv(folder: Path, *rows: str, header: str = HEADER, name: str = "triages.csv") -> Path:
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import", "triages", str(path), "--authority", "warwickshire", stdout=out)
    return out.getvalue()


def rejected_import(path: Path) -> tuple[str, list[str]]:
    """The one-line error and the lines printed before it, of an import that must fail."""
    printed = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import",
            "triages",
            str(path),
            "--authority",
            "warwickshire",
            stdout=io.StringIO(),
            stderr=printed,
        )
    assert raised.value.returncode == 2
    assert "\n" not in str(raised.value)
    return str(raised.value), printed.getvalue().splitlines()


def table1_json(start: str = "2020-04-01", end: str = "2020-09-30") -> dict:
    out = io.StringIO()
    call_command(
        "report",
        "table1",
        "--from",
        start,
        "--to",
        end,
        "--authority",
        "warwickshire",
        "--format",
        "json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def records() -> dict[str, int]:
    """How many of each record there are, with their history rows."""
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Family, Pathway, Triage, TriageEntry)
    }


NOTHING = {"Family": (0, 0), "Pathway": (0, 0), "Triage": (0, 0), "TriageEntry": (0, 0)}


# The seed paper's Table 1 --------------------------------------------------------------


def test_the_papers_period_imported_gives_the_papers_table1(warwickshire) -> None:
    printed = run_import(TABLE1_CSV)
    assert "recorded as done by admin@demo.earlyhelp.test" in printed

    report = table1_json()

    assessment, closure = report["assessment"], report["closure"]
    assert (assessment["triages"], closure["triages"]) == (132, 81)
    assert {band: (f["count"], f["percent"]) for band, f in assessment["bands"].items()} == {
        "blue": (74, 56.1),
        "green": (76, 57.6),
        "yellow": (113, 85.6),
        "orange": (95, 72.0),
        "red": (0, 0.0),
    }
    assert {band: (f["count"], f["percent"]) for band, f in closure["bands"].items()} == {
        "blue": (53, 65.4),
        "green": (47, 58.0),
        "yellow": (20, 24.7),
        "orange": (18, 22.2),
        "red": (0, 0.0),
    }
    # The paper prints whole percentages: 56%, 58%, 86%, 72% and 65%, 58%, 25%, 22%.
    paper = {"blue": (56, 65), "green": (58, 58), "yellow": (86, 25), "orange": (72, 22)}
    for band, (at_assessment, at_closure) in paper.items():
        assert round(assessment["bands"][band]["percent"]) == at_assessment
        assert round(closure["bands"][band]["percent"]) == at_closure
    difference = report["difference"]
    assert {band: difference[band]["summary"] for band in paper} == {
        "blue": "17% increase",
        "green": "no change",
        "yellow": "71% decrease",
        "orange": "69% decrease",
    }
    assert {band: difference[band]["relative_change_percent"] for band in paper} == {
        "blue": 16.7,
        "green": 0.8,
        "yellow": -71.2,
        "orange": -69.1,
    }


def test_the_paper_csv_is_what_its_script_writes(tmp_path) -> None:
    output = tmp_path / "table1.csv"
    subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(MAKE_TABLE1_CSV), str(output)], check=True, capture_output=True
    )
    assert output.read_bytes() == TABLE1_CSV.read_bytes()


def test_an_import_makes_families_pathways_and_complete_triages(warwickshire) -> None:
    run_import(TABLE1_CSV)

    administrator = User.objects.get(email="admin@demo.earlyhelp.test")
    assert administrator.has_role(Role.ADMINISTRATOR)
    family = Family.objects.get(external_ref="MOS953559")
    assert family.name == "Family MOS953559" and not family.members.exists()
    assert family.created_by == administrator
    # Closed in the period, then assessed again: two pathways, the first closed.
    first, second = family.pathways.order_by("opened_on")
    assert (first.status, first.opened_on) == (PathwayStatus.CLOSED, datetime.date(2019, 10, 6))
    assert first.outcome in Outcome.values and first.closed_on is not None
    assert (second.status, second.closed_on, second.outcome) == (PathwayStatus.OPEN, None, "")
    assert first.team.name == "Nuneaton and Bedworth Early Help Family Support"
    assert Pathway.objects.filter(status=PathwayStatus.CLOSED).count() == 81
    # Every triage complete, by the administrator, with its report fields filled in.
    assert not Triage.objects.filter(completed_on__isnull=True).exists()
    assert set(Triage.objects.values_list("completed_by", flat=True)) == {administrator.pk}
    assert not Triage.objects.filter(authority__isnull=True).exists()
    assessment = Triage.objects.get(external_ref="EHT00001")
    assert (assessment.has_green, assessment.has_yellow, assessment.has_orange) == (
        True,
        True,
        True,
    )
    assert (assessment.has_blue, assessment.has_red) == (False, False)
    assert assessment.district == District.objects.get(name="Nuneaton and Bedworth")
    assert assessment.entries.count() == 4
    history = TriageEntry.history.first()
    assert history.history_user == administrator
    assert history.history_change_reason == "Imported from table1_2020.csv"


def test_seeding_with_no_families_makes_an_authority_ready_for_an_import(db) -> None:
    out = io.StringIO()
    call_command("seed", "--authority", "warwickshire", "--families", "0", stdout=out)

    assert "0 families" in out.getvalue()
    assert not Family.objects.exists() and not Pathway.objects.exists()
    assert District.objects.filter(authority__slug="warwickshire").count() == 5
    assert User.objects.filter(groups__name=Role.ADMINISTRATOR).exists()
    run_import(TABLE1_CSV)
    assert table1_json()["assessment"]["triages"] == 132


# Importing again --------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(warwickshire) -> None:
    run_import(TABLE1_CSV)
    before = records()
    pathways = list(Pathway.objects.order_by("pk").values())

    printed = run_import(TABLE1_CSV)

    assert records() == before
    assert list(Pathway.objects.order_by("pk").values()) == pathways
    assert "0 created, 165 matched" in printed
    assert "triages: 0 imported, 322 imported before" in printed


def test_a_later_file_closes_the_pathway_an_earlier_file_opened(warwickshire, tmp_path) -> None:
    assessment = "T1,F1,assessment,2020-04-01,Rugby,yellow,Attendance 80% this term,"
    run_import(write_csv(tmp_path, assessment, name="april.csv"))
    pathway = Pathway.objects.get()
    assert pathway.status == PathwayStatus.OPEN

    printed = run_import(
        write_csv(
            tmp_path,
            assessment,
            "T2,F1,closure,2020-06-30,Rugby,blue,Attending every day now,closed_positively",
            name="june.csv",
        )
    )

    pathway.refresh_from_db()
    assert (pathway.status, pathway.outcome, pathway.closed_on) == (
        PathwayStatus.CLOSED,
        Outcome.CLOSED_POSITIVELY,
        datetime.date(2020, 6, 30),
    )
    assert pathway.history.count() == 2 and pathway.version == 2
    closing = pathway.history.first()
    assert closing.history_user.email == "admin@demo.earlyhelp.test"
    assert closing.history_change_reason == "Imported from june.csv"
    assert Family.objects.count() == 1 and Pathway.objects.count() == 1
    assert "0 created, 1 matched" in printed and "1 closed that were open" in printed
    assert "triages: 1 imported, 1 imported before" in printed


def test_a_triage_imported_before_must_say_the_same_again(warwickshire, tmp_path) -> None:
    run_import(write_csv(tmp_path, "T1,F1,assessment,2020-04-01,Rugby,yellow,Rent arrears,"))
    before = records()

    message, lines = rejected_import(
        write_csv(
            tmp_path,
            "T1,F1,assessment,2020-04-01,Rugby,orange,Rent arrears,",
            "T2,F2,assessment,2020-04-01,Rugby,yellow,Eviction notice served,",
            "T2,F2,assessment,2020-04-01,Rugby,yellow,Eviction notice served,",
            name="again.csv",
        )
    )
    assert lines == ["line 2: triage T1 was imported before with other entries"]
    assert records() == before

    _, lines = rejected_import(
        write_csv(tmp_path, "T1,F9,assessment,2020-04-02,Rugby,yellow,Rent arrears,")
    )
    assert lines == [
        "line 2: triage T1 was imported before as family F1, assessment on 2020-04-01, Rugby"
    ]


def test_after_a_closure_imported_before_only_a_new_assessment_follows(
    warwickshire, tmp_path
) -> None:
    run_import(
        write_csv(
            tmp_path,
            "T1,F1,assessment,2020-04-01,Rugby,yellow,Attendance 80% this term,",
            "T2,F1,closure,2020-06-30,Rugby,blue,Attending every day now,closed_positively",
        )
    )

    _, lines = rejected_import(
        write_csv(tmp_path, "T3,F1,closure,2020-07-31,Rugby,blue,Closed again,closed_positively")
    )
    assert lines == [
        "line 2: closure T3 of family F1 on 2020-07-31: "
        "the episode it would belong to (assessed on 2020-04-01) ended"
    ]

    run_import(write_csv(tmp_path, "T3,F1,assessment,2020-08-03,Rugby,orange,Back again,"))
    family = Family.objects.get()
    assert list(family.pathways.order_by("opened_on").values_list("status", "opened_on")) == [
        (PathwayStatus.CLOSED, datetime.date(2020, 4, 1)),
        (PathwayStatus.OPEN, datetime.date(2020, 8, 3)),
    ]


# Districts and teams -----------------------------------------------------------------------


def test_a_district_is_found_by_name_or_by_ons_code(warwickshire, tmp_path) -> None:
    run_import(
        write_csv(
            tmp_path,
            "T1,F1,assessment,2020-04-01,Rugby,yellow,Struggling with routines,",
            "T2,F1,review,2020-05-01,e07000220,green,Routines better,",
            "T3,F2,assessment,2020-04-01,E07000222,orange,Not in school for a month,",
            "T4,F3,assessment,2020-04-01, stratford-on-avon ,yellow,Low mood,",
            "T5,F4,assessment,2020-04-01,,blue,Managing well,",
        )
    )

    teams = dict(Pathway.objects.values_list("family__external_ref", "team__name"))
    assert teams == {
        "F1": "Rugby Early Help Family Support",
        "F2": "Warwick Early Help Family Support",
        "F3": "Stratford-on-Avon Early Help Family Support",
        # No district: the first team (by name) that has none.
        "F4": "Early Help Monitoring Team",
    }
    districts = dict(Triage.objects.values_list("external_ref", "district__name"))
    assert districts == {
        "T1": "Rugby",
        "T2": "Rugby",
        "T3": "Warwick",
        "T4": "Stratford-on-Avon",
        "T5": None,
    }
    assert Family.objects.get(external_ref="F1").pathways.count() == 1


def test_a_district_no_team_serves_is_a_bad_row(warwickshire, tmp_path) -> None:
    Team.objects.filter(district__name="Rugby").update(is_active=False)

    _, lines = rejected_import(
        write_csv(
            tmp_path,
            "T1,F1,assessment,2020-04-01,Warwick,yellow,Struggling with routines,",
            "T2,F2,assessment,2020-04-01,E07000220,yellow,Struggling with routines,",
        )
    )

    assert lines == ["line 3: no active team serves Rugby"]
    assert records() == NOTHING


# Bad files and bad rows --------------------------------------------------------------------


def test_one_bad_row_writes_nothing_and_names_its_line(warwickshire, tmp_path) -> None:
    lines = TABLE1_CSV.read_text(encoding="utf-8").splitlines()
    bad = 500  # a row in the middle of the file
    assert lines[bad - 1].endswith(",")
    fields = lines[bad - 1].split(",")
    band = fields.index("yellow") if "yellow" in fields else fields.index("blue")
    fields[band] = "purple"
    lines[bad - 1] = ",".join(fields)
    source = tmp_path / "table1_with_a_bad_row.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    message, printed = rejected_import(source)

    assert printed == [f"line {bad}: band 'purple' is not one of blue, green, yellow, orange, red"]
    assert message == f"1 bad row in {source}: nothing imported"
    assert records() == NOTHING


def test_every_bad_row_is_reported_with_its_line_and_reason(warwickshire, tmp_path) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    source = write_csv(
        tmp_path,
        "T1,F1,assessment,2020-04-01,Rugby,yellow,A good row,",  # line 2
        "T2,F2,assesment,2020-04-01,Rugby,yellow,Stage misspelt,",
        "T3,F3,assessment,2020-13-01,Rugby,yellow,No 13th month,",
        "T4,F4,assessment,01/04/2020,Rugby,yellow,Not ISO,",  # line 5
        f"T5,F5,assessment,{tomorrow},Rugby,yellow,Tomorrow,",
        "T6,F6,assessment,2020-04-01,Atlantis,yellow,No such district,",
        "T7,F7,assessment,2020-04-01,Rugby,purple,No such band,",
        "T8,F8,assessment,2020-04-01,Rugby,yellow,  ,",
        "T9,F9,assessment,2020-04-01,Rugby,blue,Assessed,",  # line 10
        "T10,F9,closure,2020-05-01,Rugby,blue,Closed,finished",
        "T11,F10,assessment,2020-04-01,Rugby,blue,Not a closure,closed_positively",
        "T1,F99,assessment,2020-04-01,Rugby,green,Same triage another family,",
        "T12,F11,closure,2020-03-01,Rugby,blue,Closed before assessed,closed_positively",
        "T13,F11,assessment,2020-04-01,Rugby,yellow,The assessment,",  # line 15
        "T14,F12,assessment,2020-04-01,Rugby,yellow,Assessed,",
        "T15,F12,closure,2020-06-01,Rugby,blue,Closed with no outcome,",
        "T16,F13,assessment,2020-04-01,Rugby,yellow,too,many,fields",
        "T17,F14,assessment,2020-04-01,Rugby,yellow,Assessed,",
        "T18,F14,assessment,2020-05-01,Rugby,yellow,Assessed again,",  # line 20
        "T19,F15,assessment,2020-04-01,Rugby,yellow,Assessed in Rugby,",
        "T20,F15,review,2020-05-01,Warwick,yellow,Reviewed in Warwick,",
        "T21,F16,assessment,2020-04-01,Rugby,yellow,Assessed,",
        "T21,F16,assessment,2020-04-02,Rugby,green,Same triage another day,",
        "T22,F17,review,2020-04-01,Rugby,yellow,A review and nothing before it,",  # line 25
    )

    message, printed = rejected_import(source)

    expected = {
        3: "stage 'assesment' is not assessment, review or closure",
        4: "completed_on '2020-13-01' is not a date like 2020-04-01",
        5: "completed_on '01/04/2020' is not a date like 2020-04-01",
        6: f"completed_on {tomorrow} is in the future",
        7: "no district 'Atlantis' in Warwickshire County Council (name or ONS code)",
        8: "band 'purple' is not one of blue, green, yellow, orange, red",
        9: "the narrative is empty",
        11: "outcome 'finished' is not one of closed_positively, transferred",
        12: "an outcome belongs on a closure row only",
        13: "triage T1 is family F1, assessment on 2020-04-01, Rugby on line 2, "
        "but family F99, assessment on 2020-04-01, Rugby here",
        14: "closure T12 of family F11 on 2020-03-01: there is no assessment before it",
        17: "closure T15 has no outcome: give one of closed_positively",
        18: "the row has 9 fields, the header 8",
        20: "assessment T18 of family F14 on 2020-05-01: "
        "the assessment on 2020-04-01 has no closure before it",
        22: "review T20 of family F15 on 2020-05-01: "
        "its district is not that of the assessment on 2020-04-01",
        24: "triage T21 is family F16, assessment on 2020-04-01, Rugby on line 23, "
        "but family F16, assessment on 2020-04-02, Rugby here",
        25: "review T22 of family F17 on 2020-04-01: there is no assessment before it",
    }
    assert [int(line.split(":")[0].removeprefix("line ")) for line in printed] == list(expected)
    for line, (number, reason) in zip(printed, expected.items(), strict=True):
        assert line.startswith(f"line {number}: {reason}"), line
    assert message == f"{len(expected)} bad rows in {source}: nothing imported"
    assert records() == NOTHING


def test_a_header_that_is_not_the_agreed_one_is_reported_on_line_1(warwickshire, tmp_path):
    source = write_csv(
        tmp_path,
        "T1,F1,assessment,2020-04-01,Rugby,yellow,Attendance,",
        header="triage_ref,family,stage,completed_on,district,band,narrative,outcome",
    )

    message, printed = rejected_import(source)

    assert printed == [
        "line 1: the header must be triage_ref,family_ref,stage,completed_on,district,band,"
        "narrative and optionally outcome (no 'family_ref'; unknown 'family')"
    ]
    assert message.startswith("1 bad row in")


def test_the_outcome_column_is_optional(warwickshire, tmp_path) -> None:
    run_import(
        write_csv(
            tmp_path,
            "T1,F1,assessment,2020-04-01,Rugby,yellow,Attendance 80% this term",
            header=HEADER.removesuffix(",outcome"),
        )
    )
    assert Triage.objects.get().pathway.status == PathwayStatus.OPEN


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("", "the file is empty"),
        (b"triage_ref,family_ref\n\xff\xfe\n", "not UTF-8 text"),
        (HEADER + '\nT1,F1,assessment,2020-04-01,Rugby,yellow,"unclosed\n', "not a readable CSV"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_line_and_exit_2(
    warwickshire, tmp_path, content, message
) -> None:
    source = tmp_path / "triages.csv"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content is not None:
        source.write_text(content, encoding="utf-8")

    error, printed = rejected_import(source)

    assert message in error and printed == []
    assert records() == NOTHING


def test_the_command_itself_exits_2_with_one_line_for_a_missing_file(tmp_path) -> None:
    env = {**os.environ, "SECRET_KEY": "x", "DEBUG": "false", "EARLYHELP_DATA_DIR": str(tmp_path)}
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "earlyhelp.cli", "import", "triages", str(tmp_path / "gone.csv")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "no such file" in done.stderr
