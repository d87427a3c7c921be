"""The narrative coder against a plain keyword baseline, side by side: throughput on a
batch of 10,000 narratives (median of runs, one process) and quality on the held-out
corpus (micro-F1, safeguarding recall and precision), with the ratios.

Run with `make bench`.
"""

import os
import re
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings")
os.environ.setdefault("SECRET_KEY", "bench")

import django  # noqa: E402

django.setup()

from earlyhelp.coding.evaluation import evaluate  # noqa: E402
from earlyhelp.coding.training import HELD_OUT_CORPUS, read_labelled, train  # noqa: E402

# What a spreadsheet of keyword rules would do: a code when any of its words appears.
KEYWORDS = {
    "EDU-ATTEND": ["attendance", "late", "absent", "school refus", "not attending"],
    "EDU-EXCL": ["exclu", "suspen", "part-time timetable", "alternative provision", "isolation"],
    "EDU-SEND": ["send", "ehcp", "ehc plan", "senco", "autis", "adhd", "dyslex"],
    "EDU-NEET": ["neet", "college", "not in education", "apprenticeship"],
    "EY-DEV": ["speech", "salt", "toilet", "school ready", "milestone", "delay"],
    "EY-PARENT": ["baby", "feeding", "bedtime", "routine", "bonding", "pregnan", "newborn"],
    "HEALTH-CYP-MH": ["camhs", "anxi", "self-harm", "self harm", "low mood", "wellbeing"],
    "HEALTH-ADULT-MH": ["mum's mental health", "depress", "postnatal", "perinatal", "mh"],
    "HEALTH-PHYS": ["gp", "asthma", "diabet", "dental", "weight", "appointment", "disab"],
    "SUBST-ADULT": ["drink", "alcohol", "drug", "cannabis", "cocaine"],
    "SUBST-CYP": ["vap", "weed", "smoking cannabis", "nos", "drinking with friends"],
    "FAM-CONFLICT": ["separat", "argu", "contact", "conflict", "divorce"],
    "FAM-BEHAVIOUR": ["behaviour", "boundar", "tantrum", "defian", "won't listen"],
    "FAM-CPV": ["hits mum", "hit mum", "cpv", "child to parent", "violent towards"],
    "FAM-CARER": ["young carer", "cares for"],
    "FAM-LOSS": ["bereave", "died", "passed away", "prison", "loss"],
    "SAFE-ABUSE": ["abuse", "bruis", "hit", "injur", "disclos"],
    "SAFE-NEGLECT": ["neglect", "hygiene", "dirty", "no food", "home conditions"],
    "SAFE-EXPLOIT": ["exploit", "missing", "county lines", "cce", "cse", "older males"],
    "SAFE-ONLINE": ["online", "phone", "social media", "images", "gaming"],
    "CRIME-CYP": ["police", "asb", "arrest", "knife", "yos", "offend"],
    "CRIME-ADULT": ["prison", "probation", "released", "offence", "court"],
    "DA": ["domestic", "dv", "da ", "controlling", "mum's ex", "assault"],
    "HOUSING": ["housing", "evict", "homeless", "temporary accommodation", "overcrowd", "damp"],
    "FIN-DEBT": ["debt", "arrears", "food bank", "universal credit", "uc ", "benefit"],
    "FIN-WORK": ["unemploy", "job", "work coach", "out of work", "employment"],
}
SAFEGUARDING = re.compile(
    r"disclos|bruis|injur|left alone|missing|threat|hit (him|her)|belt|shak|strangl|weapon"
)


def keyword_codes(narrative: str) -> frozenset[str]:
    text = narrative.lower()
    return frozenset(code for code, words in KEYWORDS.items() if any(w in text for w in words))


def timed(function, narratives: list[str], runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(narratives)
        times.append(time.perf_counter() - started)
    return len(narratives) / statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    coder = train(with_analysts=False)
    held_out = [example for _, example in read_labelled(HELD_OUT_CORPUS)]
    narratives = [example.narrative for example in held_out]
    batch = (narratives * (10_000 // len(narratives) + 1))[:10_000]

    coder_rate = timed(coder.predict, batch, runs)
    keyword_rate = timed(
        lambda texts: [(keyword_codes(t), bool(SAFEGUARDING.search(t.lower()))) for t in texts],
        batch,
        runs,
    )
    predictions = coder.predict(narratives)
    ours = evaluate(
        [e.codes for e in held_out],
        [frozenset(p.codes) for p in predictions],
        [e.safeguarding for e in held_out],
        [p.safeguarding for p in predictions],
    )
    baseline = evaluate(
        [e.codes for e in held_out],
        [keyword_codes(t) for t in narratives],
        [e.safeguarding for e in held_out],
        [bool(SAFEGUARDING.search(t.lower())) for t in narratives],
    )
    print(f"coder {coder.version}, held-out corpus of {len(held_out)} narratives")
    print(f"{'':24}{'coder':>10}{'keywords':>10}{'ratio':>8}")
    rows = [
        ("narratives a second", coder_rate, keyword_rate),
        ("micro-F1", ours["micro"]["f1"], baseline["micro"]["f1"]),
        ("safeguarding recall", ours["safeguarding"]["recall"], baseline["safeguarding"]["recall"]),
        (
            "safeguarding precision",
            ours["safeguarding"]["precision"],
            baseline["safeguarding"]["precision"],
        ),
    ]
    for label, mine, theirs in rows:
        ratio = f"{mine / theirs:.2f}" if theirs else "-"
        print(f"{label:<24}{mine:>10.3f}{theirs:>10.3f}{ratio:>8}")


if __name__ == "__main__":
    main()
