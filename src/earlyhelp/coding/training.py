"""Where the coder's examples come from, and where the trained model lives.

The corpus (``corpus/train.csv``) is the base, with single phrases of the training phrase
banks (``make_corpus.training_phrases``); every entry an analyst has reviewed is added to
both with a high weight, so a correction changes what the coder says next time. The
held-out corpus (``corpus/heldout.csv``) and its phrase bank are never read here.

Models are saved under CODER_DIR by version; ``current`` names the one in use. A model
is trusted input: only files this module wrote are loaded.
"""

import csv
import json
import logging
import threading
from pathlib import Path

import joblib
from django.conf import settings

from earlyhelp.coding.model import METHOD, Example, NarrativeCoder, version_of
from earlyhelp.need.reference_data import DATA as NEED_FRAMEWORK

logger = logging.getLogger(__name__)

CORPUS_DIR = Path(__file__).parent / "corpus"
TRAINING_CORPUS = CORPUS_DIR / "train.csv"
HELD_OUT_CORPUS = CORPUS_DIR / "heldout.csv"
# An analyst's reviewed entry counts as up to 25 corpus examples: enough for one
# correction to change what the coder says of a similar narrative. Together, reviews
# weigh about as much as the corpus's notes, however many there are (and each at least 1).
ANALYST_WEIGHT = 25.0
# Rounds of phrases drawn from each training bank (each round: every issue once). A bank
# has more phrasings than 60 rounds draw: 90 scored 0.887 held out against 0.880 at 60,
# and 120 no more (0.888) for a longer training (decision 0006).
PHRASE_REPEATS = 90
# With CODER_QUICK: the share of the corpus's notes and the rounds of phrases used. With
# twenty-eight banks, a quarter of the notes left the quick coder unsure whose need a
# sentence names (decision 0006).
QUICK_NOTES_SHARE = 0.4
QUICK_PHRASE_REPEATS = 20

_lock = threading.Lock()
_loaded: dict[str, NarrativeCoder] = {}


def read_labelled(path: Path) -> list[tuple[dict[str, str], Example]]:
    """Rows of a labelled CSV (id, narrative, codes, safeguarding...) as examples."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (
            row,
            Example(
                narrative=row["narrative"],
                codes=frozenset(code for code in row.get("codes", "").split(";") if code),
                safeguarding=row.get("safeguarding", "0").strip() == "1",
            ),
        )
        for row in rows
    ]


def corpus_examples() -> tuple[list[Example], list[Example]]:
    """The training corpus as (train, validation); with CODER_QUICK, its first notes."""
    train, validation = [], []
    rows = read_labelled(TRAINING_CORPUS)
    if settings.CODER_QUICK:
        rows = rows[: int(len(rows) * QUICK_NOTES_SHARE)]
    for row, example in rows:
        (validation if row.get("split") == "validation" else train).append(example)
    return train, validation


def phrase_examples() -> list[Example]:
    """Single phrases of the training banks; with CODER_QUICK, fewer rounds."""
    from earlyhelp.coding.corpus.make_corpus import training_phrases

    repeats = QUICK_PHRASE_REPEATS if settings.CODER_QUICK else PHRASE_REPEATS
    return [
        Example(text, frozenset(codes), safeguarding)
        for text, codes, safeguarding in training_phrases(repeats)
    ]


def first_names(train_set: list[Example]) -> dict[str, str]:
    """Whose name each first name of the training banks is (see make_corpus.first_names)."""
    from earlyhelp.coding.corpus.make_corpus import first_names as bank_first_names

    return bank_first_names([example.narrative for example in train_set])


def analyst_examples(corpus_notes: int) -> list[Example]:
    """Every entry an analyst reviewed, with the codes they confirmed, and as a concern if
    a flag on it was closed as one (escalated or already known)."""
    from earlyhelp.coding.selectors import reviewed_entries

    reviewed = list(reviewed_entries())
    weight = max(1.0, min(ANALYST_WEIGHT, corpus_notes / max(len(reviewed), 1)))
    return [
        Example(narrative, frozenset(codes), concern, weight, tuple(sorted(names.items())))
        for narrative, codes, concern, names in reviewed
    ]


def code_list(examples: list[Example]) -> list[str]:
    """The national codes (from the need framework's data, so a model can be trained
    without a database), and any local code the analysts have used."""
    national = json.loads(NEED_FRAMEWORK.read_text(encoding="utf-8"))["issue_codes"]
    return sorted({row["code"] for row in national}.union(*(e.codes for e in examples)))


def model_dir() -> Path:
    return Path(settings.CODER_DIR)


def train(*, with_analysts: bool = True) -> NarrativeCoder:
    """Train (or reuse the model already trained from the same examples) and make it the
    model in use. Without the analysts' reviews it needs no database."""
    train_set, validation = corpus_examples()
    phrases = phrase_examples()
    if with_analysts:
        reviewed = analyst_examples(len(train_set))
        train_set, phrases = [*train_set, *reviewed], [*phrases, *reviewed]
    codes = code_list(train_set)
    people = first_names(train_set)
    version = version_of(train_set, validation, phrases, people) + "-" + str(len(codes))
    path = model_dir() / f"{version}.joblib"
    if path.exists():
        coder = joblib.load(path)  # noqa: S301 - a file this module wrote
    else:
        coder = NarrativeCoder(codes, people).fit(train_set, validation, phrases)
        coder.version = version
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        joblib.dump(coder, partial, compress=3)
        partial.replace(path)
    (model_dir() / "current").write_text(version)
    with _lock:
        _loaded.clear()
        _loaded[version] = coder
    return coder


def current_coder() -> NarrativeCoder:
    """The model in use, loaded once per process (again when another process trains a
    new one). With none trained yet (or only by an earlier method), one is trained from
    the corpus and the analysts' reviews."""
    pointer = model_dir() / "current"
    version = pointer.read_text().strip() if pointer.exists() else ""
    with _lock:
        if version in _loaded:
            return _loaded[version]
    path = model_dir() / f"{version}.joblib"
    if not version.startswith(f"{METHOD}-") or not path.exists():
        # None trained yet, or one made by an earlier method this code cannot run.
        logger.info("No trained coder of method %s yet: training one", METHOD)
        return train()
    coder = joblib.load(path)  # noqa: S301 - a file this module wrote
    with _lock:
        _loaded.clear()
        _loaded[version] = coder
    return coder
