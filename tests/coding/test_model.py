"""How the coder reads a note: by its parts, and by the clauses of a run-on part."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from earlyhelp.coding import training
from earlyhelp.coding.corpus.make_corpus import first_names
from earlyhelp.coding.lexicon import CONCEPTS, ConceptCounter
from earlyhelp.coding.model import Example, _char_counts, _sum_by_note, clauses_of, parts_of
from earlyhelp.coding.text import NEGATION_CUES, mark_people, prepare, restate_ruled_out, tokens


@pytest.fixture(scope="module")
def coder():  # type: ignore[no-untyped-def]
    return training.current_coder()


def test_a_part_that_runs_clauses_together_is_read_clause_by_clause() -> None:
    note = "Home visit today. Mum lost her job, rent arrears of £900 + Jayden refusing school."
    assert parts_of(note) == ["Home visit today.", note[len("Home visit today. ") :]]
    assert clauses_of(parts_of(note)[1]) == [
        "Mum lost her job",
        "rent arrears of £900",
        "Jayden refusing school.",
    ]
    assert clauses_of("Home visit today.") == []


def test_the_items_of_a_list_are_not_read_as_clauses() -> None:
    assert parts_of("TAF members: school, HV, hub.") == ["TAF members:", "school, HV, hub."]
    assert clauses_of("school, HV, hub.") == []
    # Two words among clauses may be a need of their own.
    assert clauses_of("Home visit re the reward chart and bedtimes, baby bruised, dad vague") == [
        "Home visit re the reward chart and bedtimes",
        "baby bruised",
        "dad vague",
    ]
    assert clauses_of("Mum is low, dad drinking most nights, HV, GP") == [
        "Mum is low",
        "dad drinking most nights",
    ]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("SEN: none known. Finances stable.", "no concerns re SEN. Finances stable."),
        (
            "Dad home - drugs/alcohol (adults): nil",
            "Dad home - no concerns re drugs/alcohol (adults)",
        ),
        ("APVA ruled out by CAMHS, mum ok", "no concerns re APVA by CAMHS, mum ok"),
        (
            "Seen at school. Attendance is not an issue.",
            "Seen at school. no concerns re Attendance.",
        ),
        (
            "Dad drinking heavily but DV not a concern.",
            "Dad drinking heavily but no concerns re DV.",
        ),
        # A verdict that does not end its clause, or a long run of words, is left alone.
        ("Health: no concerns about sleep", "Health: no concerns about sleep"),
        # So is an issue not ruled out, a question, someone's own view, an improvement and a
        # lack that is itself the need.
        ("Exclusion has not been ruled out.", "Exclusion has not been ruled out."),
        (
            "NAI could not be ruled out by the paediatrician",
            "NAI could not be ruled out by the paediatrician",
        ),
        ("Neglect ruled out? Unclear.", "Neglect ruled out? Unclear."),
        ("Dad says the hitting is not a problem", "Dad says the hitting is not a problem"),
        ("Rent arrears not an issue now", "Rent arrears not an issue now"),
        ("Explanation for the bruising: none.", "Explanation for the bruising: none."),
        (
            "what mum said about the flat last month is not an issue now",
            "what mum said about the flat last month is not an issue now",
        ),
    ],
)
def test_an_issue_ruled_out_after_it_is_named_is_read_as_ruled_out(written, read) -> None:
    assert restate_ruled_out(written) == read
    if read != written:
        assert "not_" in prepare(read)


def test_a_ruled_out_issue_stays_ruled_out_in_its_own_clause() -> None:
    part = "No concerns re attendance, behaviour at home is a worry"
    whole = prepare(part).split()
    assert "not_attendance" in whole and "behaviour" in whole
    first, second = (prepare(clause) for clause in clauses_of(part))
    assert "not_attendance" in first.split() and "not_" not in second


@pytest.mark.parametrize(
    ("written", "ruled_out"),
    [
        # A time says the family has had the issue: improved, or a lack that is the need.
        ("No SH for 3 weeks.", ""),
        ("no incidents in the last six weeks", ""),
        ("Rory has not been in school since the October half term", ""),
        # Without one, or with one in another clause, the issue is ruled out.
        ("no SH", "not_sh"),
        ("no DA, dad in prison for 3 years", "not_da"),
        # So is an issue an explicit phrase rules out.
        ("No concerns about attendance since September", "not_attendance"),
    ],
)
def test_a_negation_with_a_time_reads_as_an_issue_the_family_has_had(written, ruled_out) -> None:
    read = prepare(written).split()
    if ruled_out:
        assert ruled_out in read
    else:
        assert not any(word.startswith("not_") for word in read)


def test_only_a_notes_parts_make_up_its_whole() -> None:
    def features(texts: list[str]) -> np.ndarray:
        return np.array([[len(text)] for text in texts], dtype=float)

    notes, every_piece, starts = _sum_by_note(
        features, [["ab", "cde", "a", "b"], ["xyz"]], summed=np.array([2, 1])
    )
    assert notes.tolist() == [[5.0], [3.0]]  # "ab" + "cde", then "xyz": the clauses aside
    assert len(every_piece) == 5 and starts.tolist() == [0, 4]


def test_character_ngrams_are_counted_as_scikit_learn_counts_them() -> None:
    rows = [row for row, _ in training.read_labelled(training.HELD_OUT_CORPUS)][:400]
    notes = [prepare(row["narrative"]) for row in rows]
    counter = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2)
    counter.fit(notes[:300])
    # Unseen notes, and words shorter than the n-grams, accents, runs of spaces and tabs.
    texts = [*notes[300:], "a", "", "  I   x ", "ÉCOLE naïve café", "dad\tleft\nhome"]
    expected = counter.transform(texts)
    counted = _char_counts(counter, texts)
    assert counted.shape == expected.shape and counted.nnz == expected.nnz
    assert (counted != expected).nnz == 0


def test_a_concept_counts_once_at_its_longest_phrase_and_apart_when_ruled_out() -> None:
    counter = ConceptCounter(
        {"debt": ("arrears", "rent arrears", "bailiffs"), "low_mood": ("low mood", "hopeless")}
    )
    texts = [
        "Rent arrears of £900 and the bailiffs have been.",
        "No concerns re rent arrears. She feels hopeless, low mood most days.",
        "Rent paid on time.",
    ]
    counts = counter.counts([prepare(text) for text in texts]).toarray()
    # Columns: debt, low_mood as written; then debt, low_mood ruled out.
    assert counts.tolist() == [[2, 0, 0, 0], [0, 2, 1, 0], [0, 0, 0, 0]]


def test_every_entry_of_the_lexicon_is_words_the_coder_reads_as_written() -> None:
    negations = {cue.split()[0] for cue in NEGATION_CUES}
    for concept, entries in CONCEPTS.items():
        assert len(set(entries)) == len(entries), concept
        for entry in entries:
            words = entry.split()
            assert tokens(entry) == words and 1 <= len(words) <= 3, (concept, entry)
            assert not negations.intersection(words), (concept, entry)


def test_a_note_of_process_and_everyday_life_gets_no_code(coder) -> None:
    notes = [
        "Mum and dad are keen to work with the hub. TAF attended by school and the health visitor.",
        "Dad works nights at the depot, mum works part time at the bakery. Next review in 6 weeks.",
    ]
    for prediction in coder.predict(notes):
        assert prediction.codes == {} and not prediction.safeguarding


def test_a_heading_names_what_follows_and_is_not_a_need_on_its_own(coder) -> None:
    heading, sentence, arrears = coder.predict(
        [
            "Council tax recovery: Ava is settled at school and the family are well.",
            "Council tax recovery. Ava is settled at school and the family are well.",
            "Council tax arrears of £600 and the bailiffs have written. Ava is settled at school.",
        ]
    )
    assert heading.codes == {} and heading.scores["FIN-DEBT"] < 0.25
    # Written as a sentence of its own, the same words are read as a part that may be a need.
    assert sentence.scores["FIN-DEBT"] > 2 * heading.scores["FIN-DEBT"]
    assert "FIN-DEBT" in arrears.codes


def test_a_sentence_that_ends_in_a_colon_is_not_a_heading(coder) -> None:
    (said,) = coder.predict(
        ["Mum disclosed that dad hit her in front of the children last night and said:"]
    )
    assert "DA" in said.codes


def test_a_first_name_is_read_as_a_childs_or_an_adults() -> None:
    people = {"Tyrese": "child", "Lexi-Mae": "child", "Leanne": "adult"}
    assert (
        prepare(mark_people("Tyrese's mum Leanne says Lexi-Mae is fine. Tyra and Will", people))
        == "childname's mum adultname says childname is fine . tyra and will"
    )
    # A name in the banks is known by the role the banks give it, unless it is an everyday
    # word in the notes ("the summer holidays"), or the banks disagree.
    names = first_names(["Off school for the summer holidays.", "A mark on her arm."])
    assert names["Tyrese"] == "child" and names["Leanne"] == "adult"
    assert "Summer" not in names and "Mark" not in names
    assert "Chantelle" not in names  # a child in three banks, a parent in five


def test_an_analysts_entry_is_learnt_with_its_familys_names_read_as_when_it_is_coded(
    coder,
) -> None:
    # The family's "Will" is an everyday word in the notes, so it is read as the word both
    # when the coder learns from the entry and when it codes one.
    family = {"Kai": "child", "Will": "adult"}
    reviewed = Example(
        "Kai smokes cannabis. Will to ask Will",
        frozenset({"SUBST-CYP"}),
        False,
        25.0,
        family=tuple(family.items()),
    )
    learnt = coder._prepared_parts(reviewed)
    assert learnt == ["childname smokes cannabis .", "will to ask will"]
    assert learnt == [
        coder._prepare(part, coder._names_in(family)) for part in parts_of(reviewed.narrative)
    ]


@pytest.mark.parametrize(
    ("need", "adults", "childs"),
    [
        ("{} has a caution for theft.", "CRIME-ADULT", "CRIME-CYP"),
        ("{} is drinking most nights.", "SUBST-ADULT", "SUBST-CYP"),
        ("{} has been self-harming and is very low.", "HEALTH-ADULT-MH", "HEALTH-CYP-MH"),
    ],
)
def test_whose_need_it_is_decides_between_a_childs_code_and_an_adults(
    coder, need, adults, childs
) -> None:
    child, parent = coder.predict([need.format("Tyrese"), need.format("Leanne")])
    assert childs in child.codes and adults not in child.codes
    assert adults in parent.codes and childs not in parent.codes


def test_an_adult_attacking_a_parent_is_domestic_abuse_and_a_child_doing_it_is_not(
    coder,
) -> None:
    adult, child = coder.predict(
        ["Dad attacked mum with a knife.", "Tyler (14) punched mum in the stomach last night."]
    )
    assert "DA" in adult.codes and "FAM-CPV" not in adult.codes
    assert "FAM-CPV" in child.codes and "DA" not in child.codes
