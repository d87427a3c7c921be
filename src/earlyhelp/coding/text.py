"""Preparing a triage narrative for the coder: lower case, practitioners' shorthand kept as
words, and issues ruled out marked as such.

"No concerns re attendance" must not read like a note about attendance. Words inside the
scope of a negation ("no", "denies", "not reported", ...) up to the end of the clause get
the prefix ``not_``, so the models learn "not_attendance" apart from "attendance". A
negation that is itself the need ("not attending school", "no longer in education",
"not eating") is left alone: the cue is followed by a word that carries the need, and the
corpus teaches the models those phrases as they are. So is a negation with a time ("no SH
for 3 weeks", "hasn't been in school since half term"): the family has had the issue, and
it has improved or is the need. An issue named first and ruled out after it ("SEN: none
known", "APVA ruled out") is restated first as "no concerns re SEN".

Who a sentence is about decides its code ("Kayden smokes weed" is a young person's
substance use, "Leanne smokes weed" a parent's), so a first name the coder knows is read as
whose name it is: ``childname`` or ``adultname``.
"""

import re
from collections.abc import Iterable, Mapping

# Cues that start a ruled-out scope. Longer cues first, so "no concerns" wins over "no".
NEGATION_CUES = (
    "no concerns about",
    "no concerns regarding",
    "no concerns re",
    "no concerns with",
    "no concerns around",
    "no concern re",
    "no concerns",
    "no concern",
    "no evidence of",
    "no signs of",
    "no indication of",
    "no history of",
    "no reports of",
    "no reported",
    "no issues with",
    "no issues re",
    "no issues around",
    "no issues",
    "no problems with",
    "no problems",
    "not known to",
    "nothing to suggest",
    "ruled out",
    "denies",
    "denied",
    "deny",
    "nil",
    "no",
    "not",
    "never",
    "without",
    "none",
    "isn't",
    "isnt",
    "aren't",
    "doesn't",
    "doesnt",
    "don't",
    "dont",
    "hasn't",
    "hasnt",
    "haven't",
    "havent",
    "wasn't",
    "wasnt",
    "n/a",
)
# After these cue words the negation is the need itself ("not attending", "no longer").
NEED_AFTER_CUE = {
    "longer",
    "attending",
    "attend",
    "going",
    "eating",
    "sleeping",
    "engaging",
    "coping",
    "working",
    "in",
    "safe",
    "able",
    "allowed",
    "getting",
    "managing",
    "paying",
    "enough",
    "money",
    "food",
    "heating",
    "electricity",
    "gas",
    "home",
    "fixed",
    "bed",
    "school",
    "place",
    "one",
    "sure",
}
# A bare negation followed by a time ("no SH for 3 weeks", "hasn't been in school since
# half term", "no incidents in six weeks") tells of an issue the family has had: improved,
# or a lack that is the need. Such words are read as written, not as ruled out; the
# training banks never rule an issue out with a time.
TIMED_CUES = {"no", "not", "never", "nil", "without", "hasn't", "hasnt", "haven't", "havent"}
TIME_UNITS = {"day", "days", "week", "weeks", "wk", "wks", "fortnight", "term", "terms"}
TIME_UNITS |= {"month", "months", "mth", "mths", "year", "years", "yr", "yrs"}
TIME_LOOKAHEAD = 4  # words after the scope that may still hold its time
# Words and marks that end a negation's scope.
SCOPE_ENDS = {"but", "however", "although", "though", "yet", "whereas", "except", "apart"}
SCOPE_MAX_WORDS = 6

# An issue ruled out after it is named: "Attendance: no concerns", "drugs/alcohol: nil",
# "APVA ruled out", "behaviour at home is not a problem". The verdict after a colon must end
# its clause ("Health: no concerns about sleep" already reads forwards).
_VERDICT_AFTER_COLON = re.compile(
    r"(?<!\s)\s*:\s*(?:none(?: known| reported| noted| identified| disclosed| raised)?|nil|n/a|"
    r"no (?:concerns?|issues?|problems?|worries)(?: noted| raised| reported| identified)?|"
    r"not an issue|not a concern|not a problem)"
    r"(?=\s*(?:$|[.;,!\n(]|\s[-+&]\s))",
    re.IGNORECASE,
)
_VERDICT_AFTER_TOPIC = re.compile(
    r"(?<!\s)\s+(?:(?:is|are|was|were|has been|have been|had been)\s+)?"
    r"(?:not an issue|not a concern|not a problem|not a worry|ruled out)\b"
    # Not a question, not someone's view ("to mum"), not an improvement ("now").
    r"(?!\s*\?)(?!\s+(?:to|now|any ?more|any longer)\b)",
    re.IGNORECASE,
)
# The topic starts after the last break before its verdict: a sentence, clause or list break.
_BEFORE_TOPIC = re.compile(r".*(?:[.;:,!?\n]|\s[-+&]\s)\s*", re.DOTALL)
# Before a verdict in a sentence ("Dad drinking heavily but DV not a concern"), a
# conjunction starts the topic too.
_BEFORE_TOPIC_IN_SENTENCE = re.compile(
    r".*(?:[.;:,!?\n]|\s[-+&]\s|\s(?:and|but|or|however|although|though|whereas|while|yet|"
    r"because|so|as)\s)\s*",
    re.DOTALL | re.IGNORECASE,
)
TOPIC_MAX_WORDS = 5
TOPIC_MAX_CHARS = 120  # look no further back than a topic of TOPIC_MAX_WORDS can reach
# A topic that is hedged, negated or someone's view is not ruled out: "exclusion has not
# been", "neglect could not be", "dad says the hitting".
_HEDGED_TOPIC = re.compile(
    r"\b(?:not|never|no|nobody|cannot|can|could|may|might|must|should|would|will|yet|be|"
    r"whether|if|unless|says?|said|feels?|felt|thinks?|thought|believes?|claims?|insists?|"
    r"told|tells|denies|denied)\b|n't\b",
    re.IGNORECASE,
)
_BARE_NONE = re.compile(r"\s*:\s*(?:none|nil|n/a)", re.IGNORECASE)
# A lack that is itself the need: "Food in the house: none", "Boundaries: none".
_LACK_TOPIC = re.compile(
    r"\b(?:boundar|routines?\s*$|supervis|support|income|money|food|heat|gas|electric|bed|"
    r"furniture|cloth|nappies|nappy|milk|formula|explanation|contact|engagement|strength|"
    r"protective|consent)",
    re.IGNORECASE,
)

_TOKEN = re.compile(r"[a-z0-9]+(?:['/][a-z0-9]+)*|[.,;:!?()\-]")
# The cues by their first word, longest first: a word is checked against its own cues only.
_CUES_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _cue in sorted((tuple(cue.split()) for cue in NEGATION_CUES), key=len, reverse=True):
    _CUES_BY_FIRST_WORD.setdefault(_cue[0], []).append(_cue)


# A word that starts with a capital, with its hyphenated parts ("Lexi-Mae").
_CAPITALISED_WORD = re.compile(r"\b[A-Z]\w*(?:-\w+)*")
ROLE_WORDS = {"child": "childname", "adult": "adultname"}


_LOWER_CASE_WORD = re.compile(r"\b[a-z]+\b")


def mark_people(text: str, people: Mapping[str, str]) -> str:
    """The text with each known first name (as written, capital first) replaced by whose
    name it is: people maps a name to "child" or "adult" (or "either", left as written)."""
    if not people:
        return text

    def role(match: re.Match[str]) -> str:
        name = match.group()
        return ROLE_WORDS.get(people.get(name, ""), name)

    return _CAPITALISED_WORD.sub(role, text)


def everyday_words(texts: Iterable[str]) -> set[str]:
    """The words written in lower case somewhere in the texts: a first name among them
    ("Will", "Summer") is also an everyday word."""
    return {word for text in texts for word in _LOWER_CASE_WORD.findall(text)}


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def restate_ruled_out(text: str) -> str:
    """The narrative with each issue that is ruled out after it is named restated as
    "no concerns re <issue>"; a topic longer than TOPIC_MAX_WORDS is left as it is."""
    for verdict, before_topic in (
        (_VERDICT_AFTER_COLON, _BEFORE_TOPIC),
        (_VERDICT_AFTER_TOPIC, _BEFORE_TOPIC_IN_SENTENCE),
    ):
        pieces, done = [], 0
        for match in verdict.finditer(text):
            window = max(done, match.start() - TOPIC_MAX_CHARS)
            lead = before_topic.match(text, window, match.start())
            if lead is None and window > done:
                continue  # no break within reach: the topic is too long
            start = lead.end() if lead else done
            topic = text[start : match.start()]
            if (
                topic.strip()
                and len(topic.split()) <= TOPIC_MAX_WORDS
                and not _HEDGED_TOPIC.search(topic)
                and not (_BARE_NONE.match(match.group()) and _LACK_TOPIC.search(topic))
            ):
                pieces.append(text[done:start] + "no concerns re " + topic)
                done = match.end()
        pieces.append(text[done:])
        text = "".join(pieces)
    return text


def prepare(text: str) -> str:
    """The narrative as the models read it: lower-case words, with ruled-out words
    prefixed ``not_``."""
    words = tokens(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        cue = _cue_at(words, i)
        if cue is None:
            out.append(words[i])
            i += 1
            continue
        timed = cue == 1 and words[i] in TIMED_CUES
        out.extend(words[i : i + cue])
        i += cue
        if i < len(words) and words[i] in NEED_AFTER_CUE:
            continue
        end = i
        while (
            end < len(words)
            and end - i < SCOPE_MAX_WORDS
            and words[end] not in SCOPE_ENDS
            and words[end].isalnum() | ("'" in words[end]) | ("/" in words[end])
        ):
            end += 1
        if not (timed and _names_a_time(words, i, end + TIME_LOOKAHEAD)):
            out.extend("not_" + word for word in words[i:end])
            i = end
    return " ".join(out)


def _names_a_time(words: list[str], start: int, stop: int) -> bool:
    """Whether words[start:stop], up to the end of their clause, say since when or for how
    long ("since the last review", "for 3 weeks", "in the last six months")."""
    for index in range(start, min(stop, len(words))):
        if words[index] in ".,;:!?":
            return False
        if words[index] == "since":
            return True
        if words[index] in ("for", "in") and TIME_UNITS.intersection(words[index + 1 : index + 5]):
            return True
    return False


def _cue_at(words: list[str], i: int) -> int | None:
    for cue in _CUES_BY_FIRST_WORD.get(words[i], ()):
        if tuple(words[i : i + len(cue)]) == cue:
            return len(cue)
    return None
