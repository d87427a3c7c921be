"""The narrative coder: TF-IDF features (words and character n-grams, with ruled-out
words marked) and logistic regressions, plus a safeguarding detector tuned for recall.

A note is read two ways, and the two scores are averaged:

- **by part**: the note is cut into its parts (sentences, clauses after ";" or " - "), and
  a part that runs several clauses together with commas or "+" into those clauses too; a
  model trained on single labelled phrases scores each part and clause, and each code
  takes its best one. A phrase model knows which words carry a need wherever they sit in
  a note, and is not misled by the needs that usually come together, nor by the other
  needs written into the same sentence;
- **as a whole**: a model trained on whole notes (the corpus and the analysts' reviewed
  entries) scores the note, so context and the analysts' corrections count. It also counts
  the concepts of a hand-written lexicon (``lexicon.py``: debt, fuel poverty, a child's low
  mood...), so a need written in words the training notes seldom use still adds up.

Whose need it is decides between codes that come in pairs, a child's and an adult's
(substance use, mental health, offending, work or education, violence at home). A first
name the coder knows is read as a child's or an adult's (``text.mark_people``), and for
each pair a regression trained only on phrases labelled with one of the two says whose a
part is, so that its words about cannabis or a caution do not give both codes at once.

A note's features are the sum of its parts' features (normalised), so the text is
vectorised once. Thresholds are tuned on a validation split: per code for F1, and for
safeguarding as high as it can go while still catching (almost) every concern.

Training is deterministic: the same examples give the same model and the same version.
"""

import hashlib
import json
import re
from collections import ChainMap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from earlyhelp.coding.lexicon import CONCEPTS, ConceptCounter
from earlyhelp.coding.text import everyday_words, mark_people, prepare, restate_ruled_out

# Bump when the features or models change, so the version changes with them.
METHOD = "tfidf-parts-lr-11"
TRAINING_JOBS = 2
PARAMETERS = {
    "word_ngrams": (1, 2),
    "char_ngrams": (2, 5),
    # Weak regularisation for the codes: with 56,000 notes and 85,000 phrases the data
    # carries the weights (held out 0.856 at 8, 0.863 at 16, 0.867 at 32, 0.870 at 64 and
    # 0.871 at 128, which trains a minute longer; decision 0006).
    "code_c": 64.0,
    "safeguarding_c": 4.0,
    # How much the by-part score counts against the whole-note score, in log-odds: a part
    # that is sure of a need (0.999) outweighs a whole note that is fairly sure it is not
    # there (0.05), where an average of the two would be 0.52. Averaging log-odds scored
    # 0.895 held out against 0.889 for averaging the scores (decision 0006). Safeguarding
    # leans on the parts, as a concern is usually one sentence in an otherwise ordinary
    # note: at 0.5 it missed more concerns of a bank left out of training.
    "part_weight": 0.5,
    "safeguarding_part_weight": 0.7,
    # Whose a part is (a child's or an adult's): the regressions' C, and how sure they must
    # be to leave a code's score whole (its score is multiplied by min(1, strength x
    # share), so a part read as surely neither keeps three quarters of both).
    "whose_c": 16.0,
    "whose_strength": 1.5,
    # The weight of the lexicon's concepts (log of 1 + hits in a part) beside a part's
    # TF-IDF features, which have a norm of 1 each for words and characters. The whole-note
    # model reads them; the part model does not, as with them it gave more codes for words
    # that only name a need (decision 0006).
    "concept_weight": 0.3,
    # The safeguarding threshold is the highest that still flags this share of the
    # validation split's concerns. Validation is in the training banks' own words, and a
    # writer the coder never saw gets lower scores: at 0.99, notes of a bank left out of
    # training had as little as 0.958 of their concerns flagged; at 0.995, at least 0.976
    # over three such banks (decision 0006).
    "safeguarding_recall": 0.995,
}
# The codes that differ only in whose need it is: (an adult's, a child's).
WHOSE_PAIRS = (
    ("SUBST-ADULT", "SUBST-CYP"),
    ("HEALTH-ADULT-MH", "HEALTH-CYP-MH"),
    ("CRIME-ADULT", "CRIME-CYP"),
    ("FIN-WORK", "EDU-NEET"),
    ("DA", "FAM-CPV"),  # violence at home by an adult, or by a child to a parent
)
# Words are whatever prepare() leaves between spaces.
WHITESPACE_SEPARATED = r"\S+"
# Where a note divides into parts: after a sentence, ";" or ":", around a spaced dash, at
# a line break.
PART_BREAK = re.compile(r"(?<=[.!?;:])\s+|(?<!\s)\s+-\s+|\n+")
# Where a part divides into clauses for scoring: after a comma, around a spaced "+" or "&".
# A negation's scope ends at a comma anyway, so a clause keeps its ruled-out words marked.
CLAUSE_BREAK = re.compile(r",\s+|(?<!\s)\s+[+&]\s+")
# A part with LIST_MIN_ITEMS or more pieces shorter than CLAUSE_MIN_WORDS is a list ("TAF:
# school, HV, hub"), whose items are not scored alone; elsewhere only one word is too short.
CLAUSE_MIN_WORDS = 3
LIST_MIN_ITEMS = 3
# A part ending in ':' is a heading when it is this short; a longer one is a sentence.
HEADING_MAX_WORDS = 5


@dataclass(frozen=True)
class Example:
    """A narrative with its codes and safeguarding label, and how much it counts (an
    analyst's correction counts more than a corpus example)."""

    narrative: str
    codes: frozenset[str]
    safeguarding: bool
    weight: float = 1.0
    # The first names its family's record gives ((name, "child" or "adult"), ...), for an
    # entry an analyst reviewed: read as they are when the entry is coded.
    family: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Prediction:
    codes: dict[str, float]  # code -> confidence, for the codes given
    safeguarding: bool
    safeguarding_score: float
    scores: dict[str, float] = field(default_factory=dict, repr=False)  # every code


def version_of(
    train: Sequence[Example],
    validation: Sequence[Example],
    phrases: Sequence[Example] = (),
    people: Mapping[str, str] | None = None,
) -> str:
    digest = hashlib.sha256(METHOD.encode())
    digest.update(json.dumps(PARAMETERS, sort_keys=True).encode())
    digest.update(json.dumps(people or {}, sort_keys=True).encode())
    digest.update(json.dumps(CONCEPTS, sort_keys=True).encode())
    for name, examples in (("train", train), ("validation", validation), ("phrases", phrases)):
        digest.update(f"\x00{name}\x00".encode())
        for example in examples:
            digest.update(example.narrative.encode())
            digest.update(";".join(sorted(example.codes)).encode())
            digest.update(b"1" if example.safeguarding else b"0")
            digest.update(repr(example.weight).encode())
            if example.family:
                digest.update(json.dumps(example.family).encode())
    return f"{METHOD}-{digest.hexdigest()[:10]}"


def parts_of(narrative: str) -> list[str]:
    narrative = restate_ruled_out(narrative)
    return [part for part in PART_BREAK.split(narrative) if part.strip()] or [narrative]


def clauses_of(part: str) -> list[str]:
    """The clauses of a part that runs several together; none if it is one clause."""
    pieces = [c for c in CLAUSE_BREAK.split(part) if c.strip()]
    # A short piece among clauses may be a need of its own ("dad arrested", "baby bruised").
    short = sum(len(c.split()) < CLAUSE_MIN_WORDS for c in pieces)
    least = CLAUSE_MIN_WORDS if short >= LIST_MIN_ITEMS else 2
    clauses = [c for c in pieces if len(c.split()) >= least]
    return clauses if len(clauses) > 1 else []


@dataclass
class _Linear:
    """Logistic regressions for several labels, stacked so that one sparse product
    scores them all."""

    coefficients: np.ndarray  # features x labels
    intercepts: np.ndarray

    @classmethod
    def fit(
        cls,
        features: sparse.csr_matrix,
        labels: np.ndarray,  # examples x labels, bool
        weights: np.ndarray,
        c: float,
        balanced: bool = False,
    ) -> "_Linear":
        coefficients = np.zeros((features.shape[1], labels.shape[1]), dtype=np.float32)
        intercepts = np.full(labels.shape[1], -30.0)  # a label never seen is never given
        features = features.tocsr()
        features.sum_duplicates()  # sorted indices: the workers only read the matrix
        # liblinear releases the GIL: one label per core.
        models = Parallel(n_jobs=TRAINING_JOBS, prefer="threads")(
            delayed(_logistic)(features, labels[:, index], weights, c, balanced)
            for index in range(labels.shape[1])
        )
        for index, model in enumerate(models):
            if model is not None:
                coefficients[:, index] = model.coef_[0]
                intercepts[index] = model.intercept_[0]
        return cls(coefficients, intercepts)

    def scores(self, features: sparse.csr_matrix) -> np.ndarray:
        return _sigmoid(features @ self.coefficients + self.intercepts)


class NarrativeCoder:
    def __init__(self, codes: Sequence[str], people: Mapping[str, str] | None = None) -> None:
        """people: first names known to be a child's or an adult's (name -> "child" or
        "adult")."""
        self.codes = list(codes)
        self.people = dict(people or {})
        # Words written in lower case in the training notes: a family member's first name
        # among them ("Will", "Hope") may be the word, and is not read as a name.
        self.everyday_words: frozenset[str] = frozenset()
        self.version = ""
        self.words = TfidfVectorizer(
            ngram_range=PARAMETERS["word_ngrams"],
            token_pattern=WHITESPACE_SEPARATED,
            min_df=2,
            sublinear_tf=True,
            dtype=np.float32,
        )
        # Character n-grams are counted by _char_counts (the same counts as the
        # vectoriser's transform, faster), then weighed.
        self.chars = CountVectorizer(
            analyzer="char_wb",
            ngram_range=PARAMETERS["char_ngrams"],
            min_df=3,
            max_features=250_000,
            dtype=np.float32,
        )
        self.char_weights = TfidfTransformer(sublinear_tf=True)
        self.concepts = ConceptCounter(CONCEPTS)
        self.part_models: _Linear | None = None
        self.note_models: _Linear | None = None
        # For each pair it was trained for: (the adult's code's index, the child's), and a
        # regression giving the child's share.
        self.whose_pairs: list[tuple[int, int]] = []
        self.whose_models: _Linear | None = None
        self.thresholds = np.full(len(self.codes), 0.5)
        self.safeguarding_threshold = 0.5

    # Training -----------------------------------------------------------------------------

    def fit(
        self,
        train: Sequence[Example],
        validation: Sequence[Example],
        phrases: Sequence[Example] = (),
    ) -> "NarrativeCoder":
        """Fit on train (notes) and phrases (single labelled phrases), then tune thresholds
        on validation."""
        self.version = version_of(train, validation, phrases, self.people)
        self._fit(train, phrases)
        if validation:
            self._tune(validation)
        return self

    def _fit(self, notes: Sequence[Example], phrases: Sequence[Example]) -> None:
        # The part model learns from the phrases and, where there are none, the notes.
        phrases = phrases or notes
        self.everyday_words = frozenset(everyday_words(e.narrative for e in notes))
        note_parts = [self._prepared_parts(e) for e in notes]
        phrase_parts = [self._prepared_parts(e) for e in phrases]
        every_part = [part for parts in [*note_parts, *phrase_parts] for part in parts]
        self.words.fit(every_part)
        self.char_weights.fit(self.chars.fit_transform(every_part))
        # The last label of each model is safeguarding.
        self.note_models = self._fit_models(notes, self._whole(note_parts))
        phrase_features = self._without_concepts(self._whole(phrase_parts))
        self.part_models = self._fit_models(phrases, phrase_features)
        self._fit_whose(phrases, phrase_features)

    def _without_concepts(self, features: sparse.csr_matrix) -> sparse.csr_matrix:
        """The features with the lexicon's concepts left out (their columns zero, so the
        models trained on them give those columns no weight)."""
        keep = np.ones(features.shape[1], dtype=np.float32)
        keep[-self.concepts.width :] = 0.0
        features = (features @ sparse.diags(keep)).tocsr()
        features.eliminate_zeros()
        return features

    def _prepared_parts(self, example: Example) -> list[str]:
        names = self._names_in(dict(example.family))
        return [self._prepare(part, names) for part in parts_of(example.narrative)]

    def _fit_models(self, examples: Sequence[Example], features: sparse.csr_matrix) -> _Linear:
        weights = np.array([example.weight for example in examples])
        labels = np.array([[code in e.codes for code in self.codes] for e in examples])
        flags = np.array([[e.safeguarding] for e in examples])
        codes = _Linear.fit(features, labels, weights, PARAMETERS["code_c"])
        safeguarding = _Linear.fit(
            features, flags, weights, PARAMETERS["safeguarding_c"], balanced=True
        )
        return _Linear(
            np.hstack([codes.coefficients, safeguarding.coefficients]),
            np.concatenate([codes.intercepts, safeguarding.intercepts]),
        )

    def _fit_whose(self, phrases: Sequence[Example], features: sparse.csr_matrix) -> None:
        """For each pair of codes, a regression on the phrases labelled with one of the
        two (not both): whose need a part is, a child's or an adult's."""
        self.whose_pairs, models = [], []
        weights = np.array([example.weight for example in phrases])
        for adults, childs in WHOSE_PAIRS:
            if adults not in self.codes or childs not in self.codes:
                continue
            rows = [i for i, e in enumerate(phrases) if (adults in e.codes) != (childs in e.codes)]
            labels = np.array([[childs in phrases[i].codes] for i in rows], dtype=bool)
            if labels.all() or not labels.any():
                continue  # nothing to tell the two apart by
            models.append(_Linear.fit(features[rows], labels, weights[rows], PARAMETERS["whose_c"]))
            self.whose_pairs.append((self.codes.index(adults), self.codes.index(childs)))
        if models:
            self.whose_models = _Linear(
                np.hstack([m.coefficients for m in models]),
                np.concatenate([m.intercepts for m in models]),
            )

    def _tune(self, validation: Sequence[Example]) -> None:
        scores, safeguarding = self._scores([example.narrative for example in validation])
        for index, code in enumerate(self.codes):
            truth = np.array([code in example.codes for example in validation])
            self.thresholds[index] = _best_f1_threshold(scores[:, index], truth)
        flags = np.array([example.safeguarding for example in validation])
        self.safeguarding_threshold = _recall_threshold(
            safeguarding, flags, PARAMETERS["safeguarding_recall"]
        )

    # Predicting ---------------------------------------------------------------------------

    def _prepare(self, text: str, family: Mapping[str, str] | None = None) -> str:
        """The text as the models read it; a family's own names count before the coder's."""
        return prepare(mark_people(text, ChainMap(family, self.people) if family else self.people))

    def _names_in(self, family: Mapping[str, str]) -> dict[str, str]:
        """A family's first names that are not everyday words too."""
        return {
            name: role for name, role in family.items() if name.lower() not in self.everyday_words
        }

    def _features(self, prepared: list[str]) -> sparse.csr_matrix:
        chars = self.char_weights.transform(_char_counts(self.chars, prepared), copy=False)
        concepts = self.concepts.counts(prepared)
        concepts.data = PARAMETERS["concept_weight"] * np.log1p(concepts.data)
        return sparse.hstack([self.words.transform(prepared), chars, concepts], format="csr")

    def _whole(self, parts_per_note: list[list[str]]) -> sparse.csr_matrix:
        """Each note's features: the normalised sum of its parts' features."""
        return normalize(_sum_by_note(self._features, parts_per_note)[0])

    def _scores(
        self, narratives: Sequence[str], people: Sequence[Mapping[str, str]] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        if self.part_models is None or self.note_models is None:
            raise RuntimeError("The coder has not been trained")
        families = people or [{}] * len(narratives)
        parts_per_note = [parts_of(text) for text in narratives]
        # Each note's parts, then its parts' clauses: one vectorising pass for both.
        pieces_per_note = [
            [*parts, *(c for p in parts for c in clauses_of(p))] for parts in parts_per_note
        ]
        part_counts = np.array([len(parts) for parts in parts_per_note])
        notes, piece_features, starts = _sum_by_note(
            self._features,
            [
                [self._prepare(piece, names) for piece in pieces]
                for pieces, names in zip(
                    pieces_per_note, (self._names_in(f) for f in families), strict=True
                )
            ],
            summed=part_counts,
        )
        whole = self.note_models.scores(normalize(notes))
        piece_scores = self.part_models.scores(piece_features)
        # A heading ("Council tax recovery:", "Police notification:") names what follows:
        # its words count in the whole note, but it is not a need for the codes on its own.
        headings = np.array(
            [
                p.rstrip().endswith(":") and len(p.split()) <= HEADING_MAX_WORDS
                for ps in pieces_per_note
                for p in ps
            ],
            dtype=bool,
        )
        piece_scores[headings, :-1] = 0.0
        if self.whose_models is not None:
            piece_scores, whole = self._weigh_by_whose(piece_features, piece_scores, starts, whole)
        # Each code's (and safeguarding's) best part or clause in each note.
        by_part = np.maximum.reduceat(piece_scores, starts, axis=0)
        weight = np.full(len(self.codes) + 1, PARAMETERS["part_weight"])
        weight[-1] = PARAMETERS["safeguarding_part_weight"]
        combined = _sigmoid(weight * _logit(by_part) + (1 - weight) * _logit(whole))
        return combined[:, :-1], combined[:, -1]

    def _weigh_by_whose(
        self,
        piece_features: sparse.csr_matrix,
        piece_scores: np.ndarray,
        starts: np.ndarray,
        whole: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The paired codes' scores weighed by whose need it is: each part's by its own
        child's share, and the whole note's as much as its best part's score is (a note of
        one sentence is that sentence)."""
        childs_share = self.whose_models.scores(piece_features)  # type: ignore[union-attr]
        strength = PARAMETERS["whose_strength"]
        factor = np.ones_like(piece_scores)
        for index, (adults, childs) in enumerate(self.whose_pairs):
            factor[:, adults] = np.minimum(1.0, strength * (1 - childs_share[:, index]))
            factor[:, childs] = np.minimum(1.0, strength * childs_share[:, index])
        weighed = piece_scores * factor
        best = np.maximum.reduceat(piece_scores, starts, axis=0)
        best_weighed = np.maximum.reduceat(weighed, starts, axis=0)
        kept = np.divide(best_weighed, best, out=np.ones_like(best), where=best > 0)
        return weighed, whole * kept

    def predict(
        self, narratives: Sequence[str], people: Sequence[Mapping[str, str]] | None = None
    ) -> list[Prediction]:
        """Codes for each narrative. people, if given: for each narrative, the first names
        its family's record gives as a child's or an adult's ("child" or "adult")."""
        if not narratives:
            return []
        scores, safeguarding = self._scores(narratives, people)
        predictions = []
        given = (scores >= self.thresholds).tolist()
        flagged = (safeguarding >= self.safeguarding_threshold).tolist()
        for row, chosen, flag, flag_score in zip(
            scores.tolist(), given, flagged, safeguarding.tolist(), strict=True
        ):
            every = {code: round(score, 3) for code, score in zip(self.codes, row, strict=True)}
            predictions.append(
                Prediction(
                    codes={
                        code: every[code] for code, c in zip(self.codes, chosen, strict=True) if c
                    },
                    safeguarding=flag,
                    safeguarding_score=round(flag_score, 3),
                    scores=every,
                )
            )
        return predictions


def _sum_by_note(
    features_of, parts_per_note: list[list[str]], summed: np.ndarray | None = None
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
    """(notes' summed part features, every part's features, where each note's parts start).
    With `summed`, only each note's first `summed` parts count towards its sum."""
    counts = np.array([len(parts) for parts in parts_per_note])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    part_features = features_of([part for parts in parts_per_note for part in parts])
    if summed is None:
        summed = counts
    owner = np.repeat(np.arange(len(parts_per_note)), summed)
    # The column of each counted part: its note's start, plus its place within the note.
    place = np.arange(int(summed.sum())) - np.repeat(np.cumsum(summed) - summed, summed)
    summing = sparse.csr_matrix(
        (np.ones(len(owner), dtype=np.float32), (owner, np.repeat(starts, summed) + place)),
        shape=(len(parts_per_note), int(counts.sum())),
    )
    return summing @ part_features, part_features, starts


def _char_counts(counter: CountVectorizer, texts: list[str]) -> sparse.csr_matrix:
    """What counter.transform(texts) gives for the coder's counter (char_wb, lower case),
    about three times faster on a batch of notes. Its n-grams never cross a space, so a
    text's counts are the sum of its words' counts, and each distinct word is cut into
    n-grams once."""
    vocabulary = counter.vocabulary_
    shortest, longest = counter.ngram_range
    known: dict[str, list[int]] = {}
    columns: list[int] = []
    row_starts = [0]
    for text in texts:
        for word in text.lower().split():
            found = known.get(word)
            if found is None:
                found = known[word] = [
                    vocabulary[gram]
                    for gram in _padded_ngrams(word, shortest, longest)
                    if gram in vocabulary
                ]
            columns.extend(found)
        row_starts.append(len(columns))
    counts = sparse.csr_matrix(
        (np.ones(len(columns), dtype=counter.dtype), columns, row_starts),
        shape=(len(texts), len(vocabulary)),
    )
    counts.sum_duplicates()
    return counts


def _padded_ngrams(word: str, shortest: int, longest: int) -> list[str]:
    """A word's n-grams as scikit-learn's char_wb analyser cuts them: the word padded with
    a space each side, and a padded word shorter than n counted once, whole."""
    padded = f" {word} "
    grams = []
    for n in range(shortest, longest + 1):
        grams.extend(padded[start : start + n] for start in range(max(1, len(padded) - n + 1)))
        if n >= len(padded):
            break
    return grams


def _logistic(
    features: sparse.csr_matrix,
    labels: np.ndarray,
    weights: np.ndarray,
    c: float,
    balanced: bool,
) -> LogisticRegression | None:
    if labels.all() or not labels.any():
        return None  # a code never (or always) seen cannot be learnt
    model = LogisticRegression(
        C=c,
        solver="liblinear",
        class_weight="balanced" if balanced else None,
        max_iter=1000,
        random_state=0,
    )
    model.fit(features, labels, sample_weight=weights)
    return model


def _best_f1_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    if not truth.any():
        return 0.5
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.05, 0.951, 0.025):
        chosen = scores >= threshold
        true_positives = float((chosen & truth).sum())
        f1 = 2 * true_positives / (chosen.sum() + truth.sum())
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return best


def _logit(scores: np.ndarray) -> np.ndarray:
    scores = np.clip(scores, 1e-6, 1 - 1e-6)
    return np.log(scores / (1 - scores))


def _sigmoid(log_odds: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-log_odds))


def _recall_threshold(scores: np.ndarray, truth: np.ndarray, recall: float) -> float:
    """The highest threshold that still catches `recall` of the true concerns."""
    positives = np.sort(scores[truth])
    if len(positives) == 0:
        return 0.5
    allowed_misses = int(np.floor(len(positives) * (1 - recall)))
    return float(positives[allowed_misses]) - 1e-6
