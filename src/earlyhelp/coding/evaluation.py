"""How well codes match a labelled set: per code, micro and macro averages, exact
matches, and the safeguarding detector's recall and precision."""

from collections.abc import Sequence


def _ratio(top: int, bottom: int) -> float | None:
    return round(top / bottom, 4) if bottom else None


def _f1(true_positives: int, false_positives: int, false_negatives: int) -> float | None:
    return _ratio(2 * true_positives, 2 * true_positives + false_positives + false_negatives)


def evaluate(
    truth: Sequence[frozenset[str]],
    predicted: Sequence[frozenset[str]],
    truth_flags: Sequence[bool] | None = None,
    predicted_flags: Sequence[bool] | None = None,
) -> dict[str, object]:
    codes = sorted(set().union(*truth, *predicted)) if truth else []
    per_code = {}
    total_tp = total_fp = total_fn = 0
    for code in codes:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if code in t and code in p)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if code not in t and code in p)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if code in t and code not in p)
        total_tp, total_fp, total_fn = total_tp + tp, total_fp + fp, total_fn + fn
        per_code[code] = {
            "precision": _ratio(tp, tp + fp),
            "recall": _ratio(tp, tp + fn),
            "f1": _f1(tp, fp, fn),
            "support": tp + fn,
        }
    f1s = [row["f1"] for row in per_code.values() if row["support"] and row["f1"] is not None]
    result: dict[str, object] = {
        "narratives": len(truth),
        "per_code": per_code,
        "micro": {
            "precision": _ratio(total_tp, total_tp + total_fp),
            "recall": _ratio(total_tp, total_tp + total_fn),
            "f1": _f1(total_tp, total_fp, total_fn),
        },
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "exact_match": _ratio(
            sum(1 for t, p in zip(truth, predicted, strict=True) if t == p), len(truth)
        ),
    }
    if truth_flags is not None and predicted_flags is not None:
        pairs = list(zip(truth_flags, predicted_flags, strict=True))
        caught = sum(1 for t, p in pairs if t and p)
        result["safeguarding"] = {
            "recall": _ratio(caught, sum(1 for t, _ in pairs if t)),
            "precision": _ratio(caught, sum(1 for _, p in pairs if p)),
            "support": sum(1 for t, _ in pairs if t),
            "flagged": sum(1 for _, p in pairs if p),
        }
    return result


def as_text(result: dict[str, object]) -> str:
    lines = [f"{'code':<18}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]

    def cell(value: object) -> str:
        return f"{value:>10.3f}" if isinstance(value, float) else f"{'-':>10}"

    for code, row in result["per_code"].items():  # type: ignore[attr-defined]
        lines.append(
            f"{code:<18}{cell(row['precision'])}{cell(row['recall'])}{cell(row['f1'])}"
            f"{row['support']:>10}"
        )
    micro = result["micro"]
    lines += [
        "",
        f"micro precision {cell(micro['precision']).strip()}, recall "  # type: ignore[index]
        f"{cell(micro['recall']).strip()}, F1 {cell(micro['f1']).strip()}",  # type: ignore[index]
        f"macro F1 {cell(result['macro_f1']).strip()}",
        f"exact match {cell(result['exact_match']).strip()} of {result['narratives']} narratives",
    ]
    if "safeguarding" in result:
        flags = result["safeguarding"]
        lines.append(
            f"safeguarding recall {cell(flags['recall']).strip()}, precision "  # type: ignore[index]
            f"{cell(flags['precision']).strip()} ({flags['support']} concerns, "  # type: ignore[index]
            f"{flags['flagged']} flagged)"  # type: ignore[index]
        )
    return "\n".join(lines)
