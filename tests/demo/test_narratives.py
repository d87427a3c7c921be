"""The synthetic triage narratives of the demo data (no database needed)."""

import json
import random
import re
from pathlib import Path

import pytest

from earlyhelp.demo import narratives
from earlyhelp.demo.narratives import BANDS, CODES, STAGES, Narrative, narrative

NEED_FRAMEWORK = (
    Path(narratives.__file__).resolve().parents[1] / "need" / "data" / "need_framework.json"
)

# Common first names that must never appear unless passed in (none is an ordinary word).
FIRST_NAMES = (
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Jayden",
    "Tyler",
    "Chloe",
    "Sophie",
    "Kelly",
    "Sharon",
    "Darren",
    "Wayne",
    "Leanne",
    "Tracey",
    "Liam",
    "Emily",
    "Jessica",
    "Ryan",
    "Connor",
    "Kyle",
    "Brandon",
    "Mia",
    "Ella",
    "Lily",
    "Jacob",
    "Thomas",
    "James",
    "Sarah",
    "Emma",
    "Lisa",
    "Karen",
    "Michelle",
    "Gary",
    "Paul",
    "Dean",
    "Craig",
    "Shane",
    "Ruby",
    "Freya",
    "Poppy",
    "Oliver",
    "Harry",
    "George",
    "Noah",
    "Charlie",
    "Oscar",
    "Alfie",
    "Archie",
    "Muhammad",
    "Jack",
    "Kayleigh",
    "Stacey",
    "Donna",
    "Nicola",
    "Zephyrine",
    "Marguerite",
    ").split(",
)
FIRST_NAME_RE = re.compile(r"\b(" + "|".join(FIRST_NAMES) + r")\b")
CLOSURE_WORD = re.compile(r"\bclos(e|ed|ing|ure)\b", re.IGNORECASE)


def batch(seed: int, count: int, **kwargs: str) -> list[Narrative]:
    rng = random.Random(seed)
    return [
        narrative(
            rng,
            kwargs.get("code") or CODES[i % len(CODES)],
            kwargs.get("band") or BANDS[i % len(BANDS)],
            stage=kwargs.get("stage") or STAGES[i % len(STAGES)],
        )
        for i in range(count)
    ]


def test_codes_are_the_need_framework_codes_in_order() -> None:
    data = json.loads(NEED_FRAMEWORK.read_text(encoding="utf-8"))
    framework = [row["code"] for row in sorted(data["issue_codes"], key=lambda r: r["position"])]
    assert list(CODES) == framework
    assert len(CODES) == 26
    assert BANDS == ("blue", "green", "yellow", "orange", "red")


def test_same_seed_same_narratives() -> None:
    assert batch(42, 500) == batch(42, 500)
    assert batch(42, 500) != batch(43, 500)


def test_the_generator_state_decides_not_a_global() -> None:
    rng = random.Random(7)
    rng.random()
    state = rng.getstate()
    first = narrative(rng, "DA", "orange")
    random.seed(0)  # the module-level generator plays no part
    rng.setstate(state)
    assert narrative(rng, "DA", "orange") == first


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("band", BANDS)
def test_every_code_and_band_gives_a_well_formed_narrative(band: str, stage: str) -> None:
    rng = random.Random(f"{band}-{stage}")
    for code in CODES:
        for _ in range(25):
            result = narrative(rng, code, band, stage=stage)
            assert 80 <= len(result.text) <= 600, result.text
            assert result.codes[0] == code
            assert len(set(result.codes)) == len(result.codes)
            assert set(result.codes) <= set(CODES)
            assert not set("{}[]") & set(result.text), result.text
            assert "  " not in result.text and ".." not in result.text


def test_red_is_always_safeguarding_and_names_the_harm() -> None:
    for result in batch(3, 2_000, band="red"):
        assert result.safeguarding
        assert any(code.startswith("SAFE-") for code in result.codes), result


def test_a_few_yellow_and_orange_notes_hold_a_safeguarding_concern() -> None:
    rng = random.Random(5)
    flagged = []
    for i in range(10_000):
        result = narrative(rng, CODES[i % len(CODES)], ("yellow", "orange")[i % 2])
        if result.safeguarding:
            flagged.append(result)
    assert 0.015 < len(flagged) / 10_000 < 0.05
    for result in flagged:
        assert set(result.codes) & {"SAFE-ABUSE", "SAFE-NEGLECT", "SAFE-EXPLOIT"}, result
        assert "MASH" in result.text or "CSC" in result.text or "SW" in result.text


def test_blue_and_green_are_never_safeguarding() -> None:
    assert not any(r.safeguarding for r in batch(6, 3_000, band="blue"))
    assert not any(r.safeguarding for r in batch(6, 3_000, band="green"))


@pytest.mark.parametrize("band", BANDS)
def test_wording_varies(band: str) -> None:
    for code in CODES:
        texts = {r.text for r in batch(8, 1_000, code=code, band=band, stage="assessment")}
        assert len(texts) >= 900, (code, band, len(texts))
    closures = {r.text for r in batch(9, 1_000, code="EDU-ATTEND", band=band, stage="closure")}
    assert len(closures) >= 900


def test_ten_thousand_random_narratives_are_nearly_all_distinct() -> None:
    rng = random.Random(10)
    texts = {
        narrative(rng, rng.choice(CODES), rng.choice(BANDS), stage=rng.choice(STAGES)).text
        for _ in range(10_000)
    }
    assert len(texts) >= 9_900


def test_closure_wording_differs_from_assessment() -> None:
    for band in BANDS:
        for code in CODES:
            assessed = batch(11, 40, code=code, band=band, stage="assessment")
            closed = batch(11, 40, code=code, band=band, stage="closure")
            assert not {r.text for r in assessed} & {r.text for r in closed}
            assert all(CLOSURE_WORD.search(r.text) for r in closed), (code, band)
            assert sum(bool(CLOSURE_WORD.search(r.text)) for r in assessed) <= 2


def test_progress_wording_follows_the_band_it_is_in_now() -> None:
    def share(band: str, stage: str, words: tuple[str, ...]) -> float:
        texts = [r.text.lower() for r in batch(12, 2_000, band=band, stage=stage)]
        return sum(any(word in text for word in words) for text in texts) / len(texts)

    for stage in ("review", "closure"):
        assert share("orange", stage, ("still",)) > 3 * share("blue", stage, ("still",))
        assert share("red", stage, ("mash", "csc", "strategy")) > 0.95
    assert share("blue", "closure", ("managing", "no further", "get help", "signposting")) > 0.9


def test_related_issues_and_ruled_out_issues() -> None:
    results = batch(13, 5_000, stage="assessment")
    assert sum(len(r.codes) > 1 for r in results) / len(results) > 0.25
    ruled_out_seen = 0
    for result in results:
        for code in CODES:
            for phrase in narratives._CONTENT[code].ruled_out:
                if "{" not in phrase and phrase in result.text.lower():
                    ruled_out_seen += 1
                    assert code not in result.codes, (code, result)
    assert ruled_out_seen > 200


def test_named_child_and_parent_appear_and_no_one_else() -> None:
    rng = random.Random(14)
    named = [
        narrative(
            rng,
            CODES[i % len(CODES)],
            BANDS[i % len(BANDS)],
            stage=STAGES[i % len(STAGES)],
            child="Zephyrine",
            parent="Marguerite",
        )
        for i in range(3_000)
    ]
    assert sum("Zephyrine" in r.text for r in named) > 1_500
    assert sum("Marguerite" in r.text for r in named) > 1_000
    for result in named:
        others = set(FIRST_NAME_RE.findall(result.text)) - {"Zephyrine", "Marguerite"}
        assert not others, result.text
        assert not re.search(r"\bthe child\b", result.text, re.IGNORECASE), result.text
        assert not re.search(r"\bmum\b", result.text, re.IGNORECASE), result.text


def test_default_names_and_the_other_parent() -> None:
    for result in batch(15, 3_000):
        assert not FIRST_NAME_RE.search(result.text), result.text
    rng = random.Random(16)
    for i in range(1_000):
        text = narrative(rng, "FAM-CONFLICT", BANDS[i % 4], parent="dad").text
        assert "dad and dad" not in text.lower()


def test_content_covers_every_code_at_every_level() -> None:
    for code in CODES:
        content = narratives._CONTENT[code]
        for level in ("low", "mid", "high", "red", "better", "still"):
            assert len(getattr(content, level)) >= 4, (code, level)
        assert len(content.who) >= 4 and len(content.brief) >= 3, code
        assert len(content.topic) >= 2 and len(content.ruled_out) >= 2, code
        assert set(narratives._RELATED[code]) <= set(CODES) - {code}


@pytest.mark.parametrize(
    ("code", "band", "stage"),
    [("NOPE", "blue", "assessment"), ("DA", "purple", "assessment"), ("DA", "red", "later")],
)
def test_unknown_arguments_are_refused(code: str, band: str, stage: str) -> None:
    with pytest.raises(ValueError):
        narrative(random.Random(1), code, band, stage=stage)
