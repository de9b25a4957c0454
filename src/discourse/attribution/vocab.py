"""The engine's vocabulary, read once at import from the files in ``vocabulary/``.

Each file is plain text, one entry a line; ``#`` starts a comment, and the comment at
the top says where the list comes from or why it exists. A researcher adds a word by
adding a line; the modules beside this one hold only the rules that use the words.
Entries with more than one field (a verb and its frames, a title and its gender) are
split on white space, the last field being the value where a phrase is the key.
"""

from __future__ import annotations

import functools
from importlib.resources import files


@functools.cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``vocabulary/<name>.txt``, in file order, comments and blank lines left out."""
    text = files(__package__).joinpath("vocabulary", f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


def words(name: str) -> frozenset[str]:
    """A list file as a set of words."""
    return frozenset(entries(name))


def mapping(name: str) -> dict[str, str]:
    """A two-column file as a dict: a word or phrase, then the value it maps to."""
    out: dict[str, str] = {}
    for entry in entries(name):
        key, _, value = entry.rpartition(" ")
        out[key.strip()] = value
    return out


# --- speech verbs ---------------------------------------------------------------------
_FRAMES = {"clause", "object", "quoted", "document"}


def _verbs() -> tuple[list[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    verbs, bare, objects, quoted, documents = [], set(), set(), set(), set()
    for entry in entries("speech_verbs"):
        parts = entry.split()
        k = len(parts)
        while k > 1 and parts[k - 1] in _FRAMES:
            k -= 1
        verb = " ".join(parts[:k])
        verbs.append(verb)
        if "clause" in parts[k:]:
            bare.add(verb)
        if "object" in parts[k:]:
            objects.add(verb)
        if "quoted" in parts[k:]:
            quoted.add(verb)
        if "document" in parts[k:]:
            documents.add(verb)
    return verbs, frozenset(bare), frozenset(objects), frozenset(quoted), frozenset(documents)


#: Verbs that introduce a quotation ("…,” she warned), in their base form.
#: BARE_CLAUSE_VERBS: their clause is speech without a "that" ("Macron said the UK and
#: France are …"); OBJECT_VERBS: they take an object before their clause ("told reporters");
#: QUOTED_ONLY_VERBS: speech only through a quotation in their clause ("called it "a sham"");
#: DOCUMENT_VERBS: speech only with a document or organisation as subject ("polls show").
QUOTE_VERBS, BARE_CLAUSE_VERBS, OBJECT_VERBS, QUOTED_ONLY_VERBS, DOCUMENT_VERBS = _verbs()
#: Forms the regular rule would get wrong: base -> every form that counts.
IRREGULAR_FORMS: dict[str, list[str]] = {
    base.strip(): [f.strip() for f in forms.split(",")]
    for base, _, forms in (e.partition(":") for e in entries("verb_forms"))
}



def _forms(base: str) -> list[str]:
    """say -> say, says, said, saying (regular forms, or the irregular ones listed)."""
    if base in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[base]
    if base.endswith("e"):
        return [base, base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and base[-2] not in "aeiou":
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base.endswith(("sh", "ch", "ss", "x")):
        return [base, base + "es", base + "ed", base + "ing"]
    return [base, base + "s", base + "ed", base + "ing"]


#: Every form of every speech verb -> its base form ("said" -> "say"); where two verbs
#: share a form, the one listed first keeps it.
VERB_BASE: dict[str, str] = {}
for _base in QUOTE_VERBS:
    for _form in _forms(_base):
        VERB_BASE.setdefault(_form, _base)

# --- people, titles and roles ---------------------------------------------------------
_HONORIFIC_ROWS = [e.split() for e in entries("honorifics")]
HONORIFIC_GENDER = {row[0]: row[1] for row in _HONORIFIC_ROWS if len(row) > 1}
HONORIFICS = frozenset(row[0] for row in _HONORIFIC_ROWS)
#: Occupations and descriptions written before a name ("Historian Clara Whitby").
DESCRIPTORS = words("descriptors")
#: Words that make up titles and roles; every honorific and descriptor is one too.
ROLE_WORDS = words("roles") | {h.rstrip(".") for h in HONORIFICS} | DESCRIPTORS
#: Words for people that can speak, as a subject on their own ("officials said").
PEOPLE_NOUNS = words("people_nouns")
FEMALE_ROLES = words("female_roles")
ROLE_MODIFIERS = words("role_modifiers")
TITLES_IN_NAMES = entries("titles_in_names")
NAME_QUALIFIERS = words("name_qualifiers")
ROLE_ABBREVIATIONS = mapping("role_abbreviations")
#: Last words of names of places and organisations, which are not people.
ORG_HEADS = words("organisation_heads")
#: Nouns for sources that are documents ("the report says", "a statement saying").
DOCUMENT_NOUNS = words("documents")
#: Nouns heading organisations ("the ministry said", "the Trump campaign said").
INSTITUTIONS = words("institutions")
DETERMINERS = words("determiners")
JOINT_HEADS = words("joint_heads")
POST_NOMINALS = words("post_nominals")
PARTICLES = words("particles")
QUALIFIER_MAP = mapping("qualifiers")

# --- the words around a subject and a cue ----------------------------------------------
SENTENCE_STARTERS = words("sentence_starters")
ADVERBS = words("adverbs")
TIME_WORDS = words("time_words")
OBJECT_WORDS = words("object_words")
CLAUSE_BLOCKERS = words("clause_blockers")
#: Prepositions whose object can end a subject phrase ("… of insurance giant HIH says").
SUBJECT_PREPOSITIONS = words("subject_prepositions")
#: Prepositions opening a place or time phrase that closes a cue ("told reporters outside …").
CUE_PREPOSITIONS = words("cue_prepositions")
PASSIVE_ADVERBS = words("passive_adverbs")

# closed classes of English grammar, small enough to read where they are used
PRONOUNS = {"he": "m", "she": "f", "they": "p"}
ARTICLES = frozenset({"a", "an", "the", "his", "her", "their", "its", "our"})
BE = frozenset({"was", "were", "is", "are", "been", "being", "be", "am"})
#: Words that make a clause of a phrase: auxiliaries, and the words opening a question or
#: a subordinate clause ("Because of how the council voted," is a clause, "In Paris," not).
CLAUSE_MARKERS = BE | frozenset({
    "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "should", "may", "might",
    "must", "that", "how", "what", "why", "which", "who", "whether", "if", "because", "although", "though",
    "unless", "not", "no"})
