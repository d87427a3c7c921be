"""The command line: `earlyhelp code` and `earlyhelp coder evaluate|train`, with their
contract for bad input (one line, exit code 2, nothing written)."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from earlyhelp.coding import training
from earlyhelp.coding.services import review_entry
from earlyhelp.pathways.models import TriageStage
from earlyhelp.pathways.services import add_triage_entry, start_triage
from tests.conftest import demo_user
from tests.people.helpers import family_with_pathway

NARRATIVES = [
    ("a1", "Attendance 72% this term, lots of lates. Mum struggling to get him up."),
    ("b2", "Family engaging well. Next TAF booked for March."),
    ("c3", "Disclosed today that dad hit her with a belt last night; bruising on her arm."),
    ("d4", "Rent arrears of £1,200, eviction notice served; UC sanction last month."),
]


@pytest.fixture(scope="module")
def coder():  # type: ignore[no-untyped-def]
    return training.current_coder()


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def run_code(*args: str) -> str:
    out = io.StringIO()
    call_command("code", *args, stdout=out)
    return out.getvalue()


def test_code_writes_one_row_per_narrative_in_order(tmp_path, coder) -> None:
    source = write(
        tmp_path / "in.csv",
        [["id", "narrative", "band"], *[[i, n, "yellow"] for i, n in NARRATIVES]],
    )
    output = tmp_path / "out.csv"
    run_code(str(source), "-o", str(output))
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert list(rows[0]) == ["id", "codes", "safeguarding", "safeguarding_score"]
    assert [row["id"] for row in rows] == ["a1", "b2", "c3", "d4"]
    for row in rows:
        codes = row["codes"].split(";") if row["codes"] else []
        assert codes == sorted(codes) and set(codes) <= set(coder.codes)
        assert row["safeguarding"] in {"0", "1"} and 0 <= float(row["safeguarding_score"]) <= 1
    by_id = {row["id"]: row for row in rows}
    assert "EDU-ATTEND" in by_id["a1"]["codes"]
    assert by_id["c3"]["safeguarding"] == "1" and "SAFE-ABUSE" in by_id["c3"]["codes"]
    assert "HOUSING" in by_id["d4"]["codes"] and by_id["d4"]["safeguarding"] == "0"


def test_code_writes_to_standard_output_without_o(tmp_path, coder) -> None:
    source = write(tmp_path / "in.csv", [["narrative", "id"], [NARRATIVES[0][1], "x"]])
    printed = run_code(str(source))
    assert printed.splitlines()[0] == "id,codes,safeguarding,safeguarding_score"
    assert printed.splitlines()[1].startswith("x,")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("id,text\n1,hello\n", "no narrative column"),
        ('id,narrative\n1,"unclosed\n', "not a readable CSV"),
        ("id,narrative\n1,ok,extra\n", "line 2: the row has the wrong number of fields"),
        (b"id,narrative\n1,\xff\xfe\n", "not UTF-8"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, content, message) -> None:
    source = tmp_path / "in.csv"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content is not None:
        source.write_text(content, encoding="utf-8")
    output = tmp_path / "out.csv"
    with pytest.raises(CommandError) as raised:
        run_code(str(source), "-o", str(output))
    assert raised.value.returncode == 2
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert not output.exists()


def test_the_command_itself_exits_2_with_one_line(tmp_path) -> None:
    env = {**os.environ, "SECRET_KEY": "x", "DEBUG": "false", "EARLYHELP_DATA_DIR": str(tmp_path)}
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "earlyhelp.cli", "code", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "no such file" in done.stderr


def test_evaluate_prints_per_code_and_overall_scores(tmp_path, coder) -> None:
    source = write(
        tmp_path / "labelled.csv",
        [
            ["id", "narrative", "codes", "safeguarding"],
            ["a1", NARRATIVES[0][1], "EDU-ATTEND", "0"],
            ["c3", NARRATIVES[2][1], "SAFE-ABUSE", "1"],
            ["d4", NARRATIVES[3][1], "FIN-DEBT;HOUSING", "0"],
        ],
    )
    out = io.StringIO()
    call_command("coder", "evaluate", str(source), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["narratives"] == 3
    assert result["per_code"]["EDU-ATTEND"]["support"] == 1
    assert set(result["micro"]) == {"precision", "recall", "f1"}
    assert result["safeguarding"]["support"] == 1 and result["safeguarding"]["recall"] == 1.0
    text = io.StringIO()
    call_command("coder", "evaluate", str(source), stdout=text)
    assert "micro precision" in text.getvalue() and "safeguarding recall" in text.getvalue()


def test_evaluate_needs_the_codes_column(tmp_path) -> None:
    source = write(tmp_path / "in.csv", [["id", "narrative"], ["1", "x"]])
    with pytest.raises(CommandError) as raised:
        call_command("coder", "evaluate", str(source))
    assert raised.value.returncode == 2 and "no codes column" in str(raised.value)


UNUSUAL = "Nan goes to the Sunflower Tuesday group for widows since grandad passed."


@pytest.mark.django_db
def test_an_analysts_correction_changes_the_next_training_run(
    demo, settings, tmp_path, monkeypatch
) -> None:
    # This test's own small coder (a fiftieth of the notes, one round of phrases), so that
    # it trains quickly, before the correction and after it.
    settings.CODER_DIR, settings.CODER_QUICK = tmp_path / "coder", True
    monkeypatch.setattr(training, "QUICK_NOTES_SHARE", 0.02)
    monkeypatch.setattr(training, "QUICK_PHRASE_REPEATS", 1)
    _, pathway = family_with_pathway()
    triage = start_triage(by=demo_user("fsw"), pathway=pathway, stage=TriageStage.ASSESSMENT)
    entry = add_triage_entry(by=demo_user("fsw"), triage=triage, band="yellow", narrative=UNUSUAL)
    before = training.current_coder().predict(["Nan attends the Sunflower Tuesday group."])[0]
    assert "HEALTH-PHYS" not in before.codes
    review_entry(by=demo_user("analyst"), entry=entry, codes=["FAM-LOSS", "HEALTH-PHYS"])
    call_command("coder", "train", stdout=io.StringIO())
    after = training.current_coder().predict(["Nan attends the Sunflower Tuesday group."])[0]
    assert "HEALTH-PHYS" in after.codes
    assert entry.codes.get(code__code="HEALTH-PHYS").source == "analyst"


@pytest.mark.django_db
def test_every_suggested_code_records_the_model_version(demo, coder) -> None:
    _, pathway = family_with_pathway()
    triage = start_triage(by=demo_user("fsw"), pathway=pathway, stage=TriageStage.ASSESSMENT)
    entry = add_triage_entry(
        by=demo_user("fsw"),
        triage=triage,
        band="yellow",
        narrative="Attendance 81%, often late. Mum says he refuses to go in.",
    )
    suggestions = list(entry.codes.all())
    assert suggestions and all(s.model_version == coder.version for s in suggestions)
    assert all(s.source == "coder" and s.status == "suggested" for s in suggestions)
    assert entry.coding.model_version == coder.version and entry.coding.coded_at
