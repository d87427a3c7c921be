"""The narrative coder: TF-IDF features (words and character n-grams, with ruled-out
words marked) and one logistic regression per issue code, plus a safeguarding detector
tuned for recall. Thresholds are tuned on a validation split: per code for F1, and for
safeguarding as high as it can go while still catching (almost) every concern.

Training is deterministic: the same examples give the same model and the same version.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from earlyhelp.coding.text import prepare

# Bump when the features or models change, so the version changes with them.
METHOD = "tfidf-lr-1"
SAFEGUARDING_TARGET_RECALL = 0.99
PARAMETERS = {
    "word_ngrams": (1, 2),
    "char_ngrams": (2, 5),
    "code_c": 8.0,
    "safeguarding_c": 4.0,
}


@dataclass(frozen=True)
class Example:
    """A narrative with its codes and safeguarding label, and how much it counts (an
    analyst's correction counts more than a corpus example)."""

    narrative: str
    codes: frozenset[str]
    safeguarding: bool
    weight: float = 1.0


@dataclass(frozen=True)
class Prediction:
    codes: dict[str, float]  # code -> confidence, for the codes given
    safeguarding: bool
    safeguarding_score: float
    scores: dict[str, float] = field(default_factory=dict, repr=False)  # every code


def version_of(train: Sequence[Example], validation: Sequence[Example]) -> str:
    digest = hashlib.sha256(METHOD.encode())
    digest.update(json.dumps(PARAMETERS, sort_keys=True).encode())
    for example in [*train, None, *validation]:
        if example is None:
            digest.update(b"\x00validation\x00")
            continue
        digest.update(example.narrative.encode())
        digest.update(";".join(sorted(example.codes)).encode())
        digest.update(b"1" if example.safeguarding else b"0")
        digest.update(repr(example.weight).encode())
    return f"{METHOD}-{digest.hexdigest()[:10]}"


class NarrativeCoder:
    def __init__(self, codes: Sequence[str]) -> None:
        self.codes = list(codes)
        self.version = ""
        self.words = TfidfVectorizer(
            ngram_range=PARAMETERS["word_ngrams"],
            token_pattern=r"\S+",  # noqa: S106 - a pattern, not a password
            min_df=2,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=PARAMETERS["char_ngrams"],
            min_df=3,
            max_features=250_000,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self.code_models: list[LogisticRegression | None] = []
        self.thresholds = np.full(len(self.codes), 0.5)
        self.safeguarding_model: LogisticRegression | None = None
        self.safeguarding_threshold = 0.5

    # Training -----------------------------------------------------------------------------

    def fit(self, train: Sequence[Example], validation: Sequence[Example]) -> "NarrativeCoder":
        """Fit on train, tune thresholds on validation, then refit on both."""
        self.version = version_of(train, validation)
        self._fit(train)
        if validation:
            self._tune(validation)
            self._fit([*train, *validation])
        return self

    def _fit(self, examples: Sequence[Example]) -> None:
        prepared = [prepare(example.narrative) for example in examples]
        weights = np.array([example.weight for example in examples])
        self.words.fit(prepared)
        self.chars.fit(prepared)
        features = self._features(prepared)
        self.code_models = []
        for code in self.codes:
            labels = np.array([code in example.codes for example in examples])
            self.code_models.append(
                _logistic(features, labels, weights, PARAMETERS["code_c"], balanced=False)
            )
        flags = np.array([example.safeguarding for example in examples])
        self.safeguarding_model = _logistic(
            features, flags, weights, PARAMETERS["safeguarding_c"], balanced=True
        )

    def _tune(self, validation: Sequence[Example]) -> None:
        scores, safeguarding = self._scores([example.narrative for example in validation])
        for index, code in enumerate(self.codes):
            truth = np.array([code in example.codes for example in validation])
            self.thresholds[index] = _best_f1_threshold(scores[:, index], truth)
        flags = np.array([example.safeguarding for example in validation])
        self.safeguarding_threshold = _recall_threshold(
            safeguarding, flags, SAFEGUARDING_TARGET_RECALL
        )

    # Predicting ---------------------------------------------------------------------------

    def _features(self, prepared: list[str]) -> sparse.csr_matrix:
        return sparse.hstack(
            [self.words.transform(prepared), self.chars.transform(prepared)], format="csr"
        )

    def _scores(self, narratives: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        features = self._features([prepare(text) for text in narratives])
        columns = [
            model.predict_proba(features)[:, 1] if model is not None else np.zeros(len(narratives))
            for model in self.code_models
        ]
        scores = np.column_stack(columns) if columns else np.zeros((len(narratives), 0))
        assert self.safeguarding_model is not None
        safeguarding = self.safeguarding_model.predict_proba(features)[:, 1]
        return scores, safeguarding

    def predict(self, narratives: Sequence[str]) -> list[Prediction]:
        if not narratives:
            return []
        scores, safeguarding = self._scores(narratives)
        predictions = []
        for row, flag_score in zip(scores, safeguarding, strict=True):
            given = row >= self.thresholds
            predictions.append(
                Prediction(
                    codes={
                        code: round(float(score), 3)
                        for code, score, chosen in zip(self.codes, row, given, strict=True)
                        if chosen
                    },
                    safeguarding=bool(flag_score >= self.safeguarding_threshold),
                    safeguarding_score=round(float(flag_score), 3),
                    scores={
                        code: round(float(score), 3)
                        for code, score in zip(self.codes, row, strict=True)
                    },
                )
            )
        return predictions


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


def _recall_threshold(scores: np.ndarray, truth: np.ndarray, recall: float) -> float:
    """The highest threshold that still catches `recall` of the true concerns."""
    positives = np.sort(scores[truth])
    if len(positives) == 0:
        return 0.5
    allowed_misses = int(np.floor(len(positives) * (1 - recall)))
    return float(positives[allowed_misses]) - 1e-6
