"""The narrative coder on a voice it never saw: trained on every training bank but one, and
scored on notes composed from the one left out, beside the keyword baseline of coder.py.
A harder yardstick than heldout.csv (see docs/decisions/0006). About 4.5 minutes a bank.

Run with `make bench`, or `python bench/coder_unseen_bank.py phrases_train13 ...`.
"""

import sys

from coder import SAFEGUARDING, keyword_codes  # sets Django up

from earlyhelp.coding.corpus import make_corpus
from earlyhelp.coding.evaluation import evaluate
from earlyhelp.coding.model import Example, NarrativeCoder
from earlyhelp.coding.training import PHRASE_REPEATS, code_list

DEFAULT_BANKS = ("phrases_train13", "phrases_train21")
NOTES_SCORED = 4000


def examples(rows: list[make_corpus.Row]) -> list[Example]:
    return [Example(row.narrative, frozenset(row.codes), row.safeguarding) for row in rows]


def left_out(name: str) -> tuple[dict, dict]:
    """(coder's scores, keyword baseline's scores) on the notes of bank `name`."""
    every_bank = make_corpus.BANKS["train"]
    try:
        make_corpus.BANKS["train"] = [bank for bank in every_bank if bank.name == name]
        if not make_corpus.BANKS["train"]:
            raise SystemExit(f"No training bank {name!r}")
        scored = [r for r in make_corpus.build_rows("train") if "demo" not in r.traits]
        scored = scored[:NOTES_SCORED]
        make_corpus.BANKS["train"] = [bank for bank in every_bank if bank.name != name]
        rows = make_corpus.build_rows("train")
        people = make_corpus.first_names([row.narrative for row in rows])
        phrases = [
            Example(text, frozenset(codes), concern)
            for text, codes, concern in make_corpus.training_phrases(PHRASE_REPEATS)
        ]
    finally:
        make_corpus.BANKS["train"] = every_bank
    train = examples([row for row in rows if row.split == "train"])
    validation = examples([row for row in rows if row.split == "validation"])
    coder = NarrativeCoder(code_list(train), people).fit(train, validation, phrases)
    narratives = [row.narrative for row in scored]
    predictions = coder.predict(narratives)
    truth = [frozenset(row.codes) for row in scored]
    flags = [row.safeguarding for row in scored]
    ours = evaluate(
        truth,
        [frozenset(p.codes) for p in predictions],
        flags,
        [p.safeguarding for p in predictions],
    )
    baseline = evaluate(
        truth,
        [keyword_codes(text) for text in narratives],
        flags,
        [bool(SAFEGUARDING.search(text.lower())) for text in narratives],
    )
    return ours, baseline


def main() -> None:
    for name in sys.argv[1:] or DEFAULT_BANKS:
        ours, baseline = left_out(name)
        print(f"{name} left out of training, {ours['narratives']} of its notes scored")
        print(f"{'':24}{'coder':>10}{'keywords':>10}{'ratio':>8}")
        for label, key, part in (
            ("micro-F1", "micro", "f1"),
            ("safeguarding recall", "safeguarding", "recall"),
            ("safeguarding precision", "safeguarding", "precision"),
        ):
            mine, theirs = ours[key][part], baseline[key][part]
            ratio = f"{mine / theirs:.2f}" if theirs else "-"
            print(f"{label:<24}{mine:>10.3f}{theirs:>10.3f}{ratio:>8}")


if __name__ == "__main__":
    main()
