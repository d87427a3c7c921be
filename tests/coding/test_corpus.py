"""The labelled corpus: the format the coder and `coder evaluate` read, every code well
represented, a held-out split that shares no narrative with training, and a generator
that rebuilds the files byte for byte."""

import csv
from collections import Counter

from earlyhelp.coding.corpus import make_corpus
from earlyhelp.coding.training import HELD_OUT_CORPUS, TRAINING_CORPUS
from earlyhelp.demo.narratives import CODES

HEADER = ["id", "narrative", "band", "stage", "codes", "safeguarding", "split"]


def rows(path):  # type: ignore[no-untyped-def]
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == HEADER
        return list(reader)


def test_the_corpus_is_labelled_in_the_agreed_format() -> None:
    train, held_out = rows(TRAINING_CORPUS), rows(HELD_OUT_CORPUS)
    assert len(train) >= 2000 and len(held_out) >= 1000
    ids = [row["id"] for row in train + held_out]
    assert len(ids) == len(set(ids))
    for row in train + held_out:
        codes = row["codes"].split(";") if row["codes"] else []
        assert codes == sorted(codes) and set(codes) <= set(CODES)
        assert row["safeguarding"] in {"0", "1"}
        assert row["band"] in {"blue", "green", "yellow", "orange", "red"}
        assert 20 <= len(row["narrative"]) <= 600
    assert {row["split"] for row in train} == {"train", "validation"}
    assert {row["split"] for row in held_out} == {"heldout"}


def test_every_code_and_safeguarding_are_well_represented() -> None:
    for path, least in ((TRAINING_CORPUS, 250), (HELD_OUT_CORPUS, 60)):
        data = rows(path)
        counts = Counter(code for row in data for code in row["codes"].split(";") if code)
        assert min(counts[code] for code in CODES) >= least, path.name
        flagged = sum(row["safeguarding"] == "1" for row in data) / len(data)
        assert 0.08 <= flagged <= 0.2


def test_no_held_out_narrative_is_in_training() -> None:
    seen = {make_corpus.normalise(row["narrative"]) for row in rows(TRAINING_CORPUS)}
    assert not [
        row["id"]
        for row in rows(HELD_OUT_CORPUS)
        if make_corpus.normalise(row["narrative"]) in seen
    ]


def test_the_generator_rebuilds_the_files_byte_for_byte(tmp_path) -> None:
    for split, name in make_corpus.FILES.items():
        rebuilt = make_corpus.to_csv(make_corpus.build_rows(split))
        assert rebuilt == (TRAINING_CORPUS.parent / name).read_bytes()
