"""Speech cues: the verbs and phrases that carry an attribution, and where they stand.

Speech verbs and their forms (``say`` -> say, says, said, saying), the windows of
narration before and after a quotation, the cues read in them (``…,” he said``,
``…,” said Starmer``, ``Starmer said: “…”``), passive cues (``the court was told``),
and the object, time and place phrases a cue may carry (``told reporters on Thursday``).
The words come from ``vocabulary/`` (``vocab``); the subjects the cues name are parsed by
``mentions``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..quotes import Quote
from ..text import PAD, WORD_RE, Segmentation
from .mentions import (
    _NAMES_LIKE_MODALS,
    _main_subject,
    _Mention,
    _name_like,
    _parse_name,
    _parse_subject_backward,
    _parse_subject_forward,
    _preceded_by,
)
from .tokens import _Tok, _tokens
from .vocab import (
    ADVERBS,
    ARTICLES,
    BE,
    CLAUSE_MARKERS,
    CUE_PREPOSITIONS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    INSTITUTIONS,
    OBJECT_VERBS,
    OBJECT_WORDS,
    PASSIVE_ADVERBS,
    PEOPLE_NOUNS,
    PRONOUNS,
    QUOTED_ONLY_VERBS,
    ROLE_WORDS,
    TIME_WORDS,
    VERB_BASE,
)

# every form of every speech verb -> its base form (made in ``vocab``)
_VERB_BASE = VERB_BASE


def _trie_pattern(words: Iterable[str]) -> str:
    """One regular expression for many words, as a trie (far faster than an alternation)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


_VERB_RE = re.compile(r"\b" + _trie_pattern(_VERB_BASE) + r"\b(?!['-]\w)", re.IGNORECASE)
_ACCORDING_RE = re.compile(r"(?<![\w-])according to\s+", re.IGNORECASE)
# both cues in one pass over lower-cased text: a case-sensitive trie runs three times
# faster, and one lookbehind before the alternation (rather than a \b in one branch and a
# lookbehind in the other) halves the time again
_CUE_LOWER_RE = re.compile(
    r"(?<!\w)(?:" + _trie_pattern(_VERB_BASE) + r"\b(?!['-]\w)|(?<!-)according to\s+)")


def _verb_len(toks: list[_Tok], i: int) -> int:
    if i + 1 < len(toks) and f"{toks[i].low} {toks[i + 1].low}" in _VERB_BASE:
        return 2
    return 1


def _verb_phrase(toks: list[_Tok], i: int) -> str:
    return " ".join(t.text for t in toks[i:i + _verb_len(toks, i)])


def _passive(toks: list[_Tok], v: int) -> bool:
    """"The inquiry was told …", "she was asked whether …": the subject of a speech verb
    that takes an object is then the one spoken to, not the speaker."""
    if _VERB_BASE.get(toks[v].low) not in OBJECT_VERBS or toks[v].low.endswith("ing"):
        return False
    k = v - 1
    while k >= 0 and toks[k].low in PASSIVE_ADVERBS:
        k -= 1
    return k >= 0 and toks[k].low in BE


def _unknown_speaker(subject: _Mention | None, verb: _Tok, *, start: int | None = None) -> _Mention:
    """The speaker of a passive cue: someone the text does not name. The mention spans the
    subject (the one spoken to), or from ``start`` where no subject was parsed."""
    begin = subject.start if subject is not None else (verb.start if start is None else start)
    return _Mention("unknown", "", [], [], [], None, begin, verb.end)


def _verb_at(toks: list[_Tok], i: int) -> bool:
    t = toks[i]
    if t.low in _VERB_BASE:
        return (not t.cap or i == 0 or toks[i - 1].text in {",", ":"}) and not _noun_not_verb(toks, i)
    return _verb_len(toks, i) == 2


def _noun_not_verb(toks: list[_Tok], i: int) -> bool:
    """A speech verb's form read as a noun or an adjective: a plural after a determiner
    and a capitalised word ("the Paris attacks", "many Asian states"), or an -ing form
    after a determiner, with at most one word between ("a creative writing professor",
    "his speaking fee")."""
    low = toks[i].low
    if i >= 1 and (toks[i - 1].low in _NOUN_BEFORE or toks[i - 1].low.endswith("'s")):
        return True  # "the report says", "a statement", "his comment", "Cruz's charges"
    prev = toks[i - 1] if i >= 1 else None
    if i >= 2 and toks[i - 2].low in _NOUN_BEFORE and prev.text.isalpha() and not prev.cap \
            and not low.endswith(("ed", "ing")) and low not in {"said", "told", "wrote", "says"} and (
                prev.bare not in _SUBJECT_NOUNS
                # a base form after a singular noun agrees with no subject: "a blog post"
                or (VERB_BASE.get(low) == low and not prev.low.endswith("s"))):
        return True  # "a blog post", "the press release" (but "the official says")
    if low.endswith("s") and i >= 2 and toks[i - 1].cap and toks[i - 2].low in DETERMINERS:
        return True
    if i >= 2 and toks[i - 1].cap and toks[i - 2].low.endswith("'s"):
        return True  # "Bush's Facebook post", "Trump's Twitter feed"
    if low.endswith("ing") and i >= 1:
        prev = toks[i - 1]
        # (but a noun before it is the participle's subject: "a statement saying …")
        return prev.low in DETERMINERS or (i >= 2 and toks[i - 2].low in DETERMINERS and prev.text.isalpha()
                                           and not prev.cap and prev.low not in VERB_BASE
                                           and prev.bare not in DOCUMENT_NOUNS and prev.bare not in PEOPLE_NOUNS)
    return False


def _skip_complement_head(toks: list[_Tok], j: int, base: str | None) -> int | None:
    """Skip an object and time or place phrases after a verb; return the clause's first token."""
    n = len(toks)
    if j < n and base in OBJECT_VERBS and (toks[j].low in OBJECT_WORDS or toks[j].cap):
        # told reporters / told the BBC / told MPs / told him
        if toks[j].low in {"the", "a", "an", "his", "her", "their", "its", "fellow"}:
            j += 1
        while j < n and (toks[j].cap or toks[j].low.endswith("'s")) and toks[j].low != "that":
            j += 1
        if j < n and (toks[j].low in OBJECT_WORDS | {"news"}
                      or (not toks[j - 1].cap and toks[j].low not in {"that", "on", "in", "at", ","})):
            j += 1
    # time, place and manner phrases: "on Thursday", "in a statement", "at a press conference"
    steps = 0
    while j < n and steps < 8:
        tl = toks[j].low
        if tl in {"on", "in", "at", "during", "after", "before", "via", "from"} and j + 1 < n:
            k = j + 1
            while k < n and k - j <= 6 and toks[k].low not in {"that", ",", "to"} and (
                    toks[k].low in TIME_WORDS or toks[k].cap or toks[k].low.endswith("'s")
                    or toks[k].low in {"his", "her", "their", "its", "a", "an", "the", "interview", "radio", "tv",
                                       "television", "parliament", "commons", "house", "camera"}
                    or toks[k].bare in DOCUMENT_NOUNS):  # ("in an editorial Thursday", "in a memo")
                k += 1
            if k == j + 1:
                break
            j = k
            if j < n and toks[j].text == ",":
                j += 1
        elif tl in {"yesterday", "today", "tonight", "earlier", "later", "repeatedly", "again", "also",
                    "last", "this", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday"}:
            # "said Tuesday that …": the day is no part of what was said
            j += 1
            if tl in {"last", "this"} and j < n or j < n and toks[j].low in {"night", "morning", "afternoon", "evening"}:
                j += 1
        elif toks[j].text == "," and steps == 0:
            j += 1
        else:
            break
        steps += 1
    return j


def _tail_ok(rest: list[_Tok]) -> bool:
    """What may follow a speech verb that closes a quotation's cue: an object, a time or
    place phrase, or ", adding …" — not a clause of its own ("… Kowalski said the gym …")."""
    for n, t in enumerate(rest[:9]):
        if t.text == "," and n + 1 < len(rest) and rest[n + 1].low.endswith("ing"):
            return True
        if t.low in CUE_PREPOSITIONS:
            # "told reporters outside the courthouse": a place or time phrase closes the cue
            phrase = rest[n + 1:]
            stop = next((k for k, x in enumerate(phrase) if x.text in {".", ",", ";", "!", "?"}), len(phrase))
            # ("in a written statement": a participle after an article is an adjective)
            return stop <= 6 and not any(x.low in _VERB_BASE and not (k and phrase[k - 1].low in ARTICLES)
                                         for k, x in enumerate(phrase[:stop]))
        if t.low in ARTICLES:
            # "told a cheering crowd": a short object, then the sentence's end or a
            # phrase of place
            phrase = rest[n:]
            stop = next((k for k, x in enumerate(phrase) if x.text in {".", ",", ";", "!", "?"}
                         or x.low in CUE_PREPOSITIONS), len(phrase))
            if 2 <= stop <= 3 and stop < len(phrase) and all(
                    x.text.isalpha() and (x.low not in _VERB_BASE or x.low.endswith("ing")) for x in phrase[1:stop]) \
                    and (phrase[stop].text != "," or _tail_ok(phrase[stop:])):
                return True
        if not (t.cap or t.low in TIME_WORDS or t.low in OBJECT_WORDS or t.low in ADVERBS
                or t.text in {",", "(", ")", "-", ".", "!", "?", '"'} or t.low.endswith("ly")):
            return False
    return len(rest) <= 9


_INNER_CUE_RE = re.compile(
    r",\s+(?=(?:said|says|told|added|asked|warned|insisted)\s+[A-Z]"
    r"|(?:he|she|they|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s+(?:said|says|added|told|warned|insisted)\b)"
)


def _close_at_inner_cue(norm: str, q: Quote) -> None:
    """An unclosed quotation that runs into its own cue ("… managers, said Dr. Ortiz"):
    close it at the comma before the cue."""
    m = _INNER_CUE_RE.search(norm, q.start, q.end)
    if m is not None:
        q.end = m.start()
        q.close = m.start()


def _find_that(toks: list[_Tok], j: int, base: str | None) -> int | None:
    """The "that" opening a clause a few words after the verb ("told MPs on the Treasury
    committee that …", "stated of the plan that …"), where what stands between is an
    object, a place, a time or what the speech is about."""
    if j >= len(toks):
        return None
    if not (base in OBJECT_VERBS or toks[j].low in {"on", "in", "at", "during", "after", "to", "of"}):
        return None
    for k in range(j, min(len(toks), j + 10)):
        if toks[k].low == "that":
            return k
        if toks[k].text in {",", ";", ":", "."} or (toks[k].low in _VERB_BASE and k > j):
            return None
    return None


def _cue_text(norm: str, verb: _Tok, window: tuple[int, int]) -> str:
    """The verb and its object where it has one ("told reporters")."""
    m = re.match(r"(told|tells|tell|telling)\s+(reporters|journalists|the [A-Z][\w]*(?: [A-Z][\w]*)*|[A-Z][\w]+)",
                 norm[verb.start:window[1]])
    if m is not None:
        return m.group(0)
    phrase = norm[verb.start:verb.end]
    nxt = re.match(r"\s+(out|on)\b", norm[verb.end:window[1]])
    if nxt and f"{phrase.lower()} {nxt.group(1)}" in _VERB_BASE:
        phrase += nxt.group(0)
    return phrase.strip()


# --- cues around a quotation ------------------------------------------------------------


def _quote_window_after(seg: Segmentation, q: Quote, nxt: Quote | None, norm: str) -> tuple[int, int]:
    """Narration after a quotation, up to the sentence's end or the next quotation. A
    quotation closing on "?" or "!" ends its sentence inside the marks, and its cue is
    the next sentence ('"Is that right?" Barker asked.')."""
    start = (q.close + 1) if q.close >= 0 else q.end
    end = seg.paragraphs[q.paragraph][1]
    if nxt is not None and nxt.paragraph == q.paragraph:
        end = min(end, nxt.open if nxt.open >= 0 else nxt.start)
    k = bisect.bisect_right(seg.sentence_starts, start)
    if k < len(seg.sentence_starts):
        stop = seg.sentence_starts[k]
        inner = norm[q.start:q.close].rstrip(" '\"" + PAD)  # (past a nested quotation's marks: '…?’”')
        following = seg.sentence_starts[k + 1] if k + 1 < len(seg.sentence_starts) else end
        short = norm[stop:min(following, end)].rstrip(" \n" + PAD)
        if q.close > 0 and not norm[start:stop].strip(" " + PAD) and (inner[-1:] in {"?", "!"} or (
                inner[-1:] == "." and short.endswith(".") and len(WORD_RE.findall(short)) <= 4
                and not any(c in short for c in "\"'"))):
            # (also '"…." Hale said.': a short sentence after a full stop inside the marks)
            stop = following
        end = min(end, stop)
    return start, end


def _quote_window_before(seg: Segmentation, q: Quote, prev: Quote | None) -> tuple[int, int]:
    """Narration before a quotation, from the sentence's start or the quotation before."""
    end = q.open if q.open >= 0 else q.start
    start = seg.paragraphs[q.paragraph][0]
    if prev is not None and prev.paragraph == q.paragraph:
        start = (prev.close + 1) if prev.close >= 0 else prev.end
    k = bisect.bisect_right(seg.sentence_starts, end) - 1
    if k >= 0:
        start = max(start, seg.sentence_starts[k])
    return min(start, end), end


def _cue_after(norm: str, start: int, end: int, *, strict: bool = False) -> tuple[_Mention, _Tok] | None:
    """The cue in the narration after a quotation: "said Starmer", "he said", "Hugh Hill,
    a doctor, said", "Cora Pine, 67, a retired clerk in Easton, Pa., said in an interview".

    A quotation that opens its sentence or follows a colon or comma is speech when a
    subject and a speech verb follow it, whatever phrase the verb carries ("… said of the
    plan", "… told a packed hall in Leeds"); one inside a sentence (``strict``: a
    nickname, a title) only when the verb ends the cue ("… Kowalski said the gym …" is a
    clause of its own)."""
    toks = _tokens(norm, start, end)
    while toks and toks[0].text in {",", ";", "-", ":", "(", ")"}:
        toks = toks[1:]
    if not toks:
        return None
    if not strict and len(toks) > 2 and toks[0].low == "according" and toks[1].low == "to":
        # '"…," according to the Harbour Trust.': the source after the quotation
        source = toks[2:]
        while source and not source[-1].text[:1].isalnum():
            source = source[:-1]
        if source and len(source) <= 8:
            return _source_named(source), _Tok(f"{toks[0].text} {toks[1].text}", toks[0].start, toks[1].end)
    # "said Starmer", "added the Prime Minister" (not "saying …": a participle opens a clause)
    k = 0
    while k < len(toks) and toks[k].low in ADVERBS and not (toks[k].cap and toks[k].low in _NAMES_LIKE_MODALS):
        k += 1  # (but '"…," Will described': a capitalised Will is a name)
    if k < len(toks) and _verb_at(toks, k) and not (toks[k].low.endswith("ing") and k + 1 < len(toks)
                                                      and not toks[k + 1].cap):
        rest = toks[k + _verb_len(toks, k):]
        subj = _parse_subject_forward(rest) or _definite_speaker(rest)
        if subj is not None and (not rest or subj.start <= rest[min(1, len(rest) - 1)].start):
            # (the subject right after the verb, or after its article: not '"…,"
            # attacked her years as mayor')
            return subj, toks[k]
    for v in range(1, min(len(toks), 40)):
        if toks[v].text in {"!", "?", ";"}:
            break  # (a full stop inside the window ends an abbreviation: "Easton, Pa., said")
        k = v - 1
        while k > 0 and (toks[k].low in _AUXILIARIES or toks[k].low in ADVERBS):
            k -= 1
        if not _verb_at(toks, v) or toks[v].low in {"post", "continue", "report"} \
                or toks[v - 1].low == "to" or toks[k].low in {"who", "which", "that"}:
            continue  # a verb inside an appositive's relative clause ('who has long argued'), or an infinitive
        if VERB_BASE.get(_verb_phrase(toks, v).lower()) in _OWN_COMPLEMENT and any(
                x.text[:1].isalnum() for x in toks[v + _verb_len(toks, v):]):
            # '"…" led to what Phillips called "…"': the verb's quotation follows it (but
            # '"…?" Beck questioned.' ends on the verb, a cue like any other)
            return None
        subj = _subject_opening(toks, v)
        if subj is None:
            break
        lead = [x for x in toks if x.start < subj.start]
        if lead and lead[0].low == "as":
            lead = lead[1:]  # '"…," as Cruz said on the radio': "as" introduces the cue
        if strict and (not _tail_ok(toks[v + _verb_len(toks, v):]) or lead and not (
                all(x.text.isalpha() and x.low not in _CONJUNCTIONS and x.low not in VERB_BASE for x in lead)
                and (lead[-1].bare in ROLE_WORDS or lead[-1].bare in PEOPLE_NOUNS or (subj.role and len(lead) <= 2)))):
            # a quotation inside a sentence takes a cue only right after it ('"…," pool
            # manager Rita Lomax told'), not a clause further on ('"…," but he also
            # noted', 'Her "tactics" are shameful, Dane said')
            return None
        return (_unknown_speaker(subj, toks[v]) if _passive(toks, v) else subj), toks[v]
    return None


def _source_named(toks: list[_Tok]) -> _Mention:
    """The source ``toks`` name after "according to": a person's or an organisation's
    name, else the noun phrase as written without its article ("the latest figures")."""
    subj = _parse_subject_forward(toks)
    if subj is not None:
        return subj
    label = " ".join(t.text for t in toks if t.low not in {"the", "a", "an"})
    return _Mention("group", label, [label], [], [], None, toks[0].start, toks[-1].end)


def _definite_speaker(toks: list[_Tok]) -> _Mention | None:
    """'"…," said the bartender, who …': after a quotation and an inverted verb, "the"
    and a short noun phrase name the speaker by what they are, listed as a role or not."""
    if len(toks) < 2 or toks[0].low != "the":
        return None
    n = 1
    while n < len(toks) and n <= 3 and toks[n].text.isalpha() and not toks[n].cap and toks[n].low not in _VERB_BASE:
        n += 1
    if n == 1 or n < len(toks) and toks[n].text not in {",", ".", ";"}:
        return None
    head = toks[n - 1]
    if head.low.endswith(("ly", "ing")) or head.low in CLAUSE_MARKERS:
        return None
    text = " ".join(t.text for t in toks[1:n])
    kind = "group" if head.bare.endswith("s") and not head.bare.endswith("ss") else "role"
    return _Mention(kind, text, [t.low for t in toks[1:n]], [head.text], [], None, toks[0].start, head.end)


def _subject_opening(toks: list[_Tok], v: int) -> _Mention | None:
    """The subject that opens ``toks`` and whose verb stands at ``v``: right before it
    ("Rubin said", "spokesman Jeff Bell said"), a few words in ("the economist Raj Patel
    wrote"), or before a chain of appositives in commas ("Ramos, 58, told")."""
    subj = _parse_subject_backward(toks[:v])
    if subj is not None:
        lead = [x for x in toks[:v] if x.start < subj.start]
        if len(lead) <= 6 and not any(
                x.low in _VERB_BASE or x.low in PRONOUNS or x.text in {".", "!", "?"} for x in lead):
            return subj
    k = v - 1
    while k > 0 and toks[k].low in ADVERBS:
        k -= 1
    if toks[k].text != ",":
        return None
    first_comma = next(i for i, x in enumerate(toks) if x.text == ",")
    if first_comma == 0 or first_comma == k:
        return None
    head = _parse_subject_backward(toks[:first_comma])
    if head is None or head.start != toks[0].start:
        return None
    if head.kind == "name" and not head.role:
        head.role = [x.text for x in toks[first_comma:k] if x.bare in ROLE_WORDS][:3]
    return head


#: Verbs that carry their own quotation after them ("called it "a sham"", "described him
#: as "…""): never the cue of a quotation before them.
_OWN_COMPLEMENT = QUOTED_ONLY_VERBS | {"describe"}
_CONJUNCTIONS = frozenset("and but or so yet then".split())
_AUXILIARIES = frozenset("has have had is was are were will would also".split())
#: Words after which a speech verb's form is a noun ("the report", "a call", "his comment").
_NOUN_BEFORE = ARTICLES | {"this", "these", "those", "every", "any", "no", "each"}
#: Nouns that can be the subject of a speech verb right after them ("the official says").
_SUBJECT_NOUNS = ROLE_WORDS | PEOPLE_NOUNS | DOCUMENT_NOUNS | INSTITUTIONS
#: Words opening a subordinate clause whose subject a participle after it belongs to.
_SUBORDINATORS = frozenset("when as while after before because since although though until once".split())

#: Words that may stand between a speech verb and the quotation it introduces, beyond
#: objects, times and places: "called over her shoulder", "explained it this way:".
_TAIL_WORDS = frozenset("""it this that way as follows so simply bluntly over her his their its shoulder
    to of with by about for into on in at from back out up again followers fans supporters""".split())


def _cue_before(norm: str, start: int, end: int) -> tuple[_Mention, _Tok] | None:
    """The cue in the narration before a quotation: "X said:", "X said,", "X told
    reporters on Monday:", "X explained it this way:", "…, arguing, “…”" (the sentence's
    subject speaks), "X interjected to say: “…”"."""
    toks = _tokens(norm, start, end)
    if not toks:
        return None
    # the quotation must follow the cue directly: "X said:", "X said,", "X told reporters:"
    # (a participle after an article is an adjective: "in a written statement")
    verbs = [i for i in range(len(toks)) if _verb_at(toks, i) and not (i and toks[i - 1].low in ARTICLES)]
    if not verbs:
        return None
    v = verbs[-1]
    rest = toks[v + _verb_len(toks, v):]
    if rest and rest[-1].text not in {":", ",", "-"} and any(t.text not in {",", ":", "-"} for t in rest):
        return None
    if any(t.text == "-" for t in rest[:-1]):
        return None  # "Pollsters agree - Carl Bialik: “…”": a roundup's source after the dash
    if v == 0 and toks[0].cap and rest and rest[0].cap:
        # "Said Mona Kell, who sailed with Hale, “…”": the verb opens the sentence
        subj = _parse_subject_forward(rest)
        if subj is not None:
            return subj, toks[v]
    tail = [t for t in rest if t.text not in {",", ":", "-"}]
    colon = bool(rest) and rest[-1].text == ":"
    odd = [t for t in tail if not (t.low in TIME_WORDS or t.low in OBJECT_WORDS or t.cap or t.low in _TAIL_WORDS
                                   or t.low.endswith("'s") or t.text[:1].isdigit())]
    if len(tail) > (12 if colon else 9) or len(odd) > (2 if colon else 1):
        return None
    subj = _subject_of(toks, v)
    if subj is not None and _passive(toks, v):
        subj = _unknown_speaker(subj, toks[v])
    if subj is None:
        subj = _parse_subject_forward(rest)
    if subj is None:
        return None
    return subj, toks[v]


def _subject_of(toks: list[_Tok], v: int) -> _Mention | None:
    """The subject of the speech verb at ``v``: the words right before it, or, for a
    participle (", arguing", "writing") or an infinitive ("went on to say", "tried to
    argue"), the subject of the clause it depends on."""
    participle = toks[v].low.endswith("ing")
    infinitive = v >= 1 and toks[v - 1].low == "to"
    if not (participle or infinitive):
        subj = _parse_subject_backward(toks[:v])
        if subj is None and v > 1 and toks[v - 1].low in {"and", "but"}:
            # "Lazo said he welcomed the move and added, "…"": the first verb's subject
            u = next((n for n in range(1, v - 1) if toks[n].low in _VERB_BASE and _verb_at(toks, n)), None)
            if u is not None:
                subj = _parse_subject_backward(toks[:u])
        if subj is None and v > 0:
            # "A person who knows Hale's plans said, …": the sentence's subject
            subj = _main_subject(toks[:v - 1] if toks[v - 1].text == "," else toks[:v])
        return subj
    k = v - 1 if infinitive else v
    if infinitive and k >= 3 and toks[k - 2].low in BE and toks[k - 1].low.endswith("ed"):
        # "Mr. Hale was prompted to say": the subject of the passive the infinitive completes
        subj = _parse_subject_backward(toks[:k - 2])
        if subj is not None and subj.kind in ("name", "pronoun", "role", "pair"):
            return subj
    if participle and k > 0 and toks[k - 1].text == ",":
        k -= 1
    elif participle:
        # "…, with Hale reportedly yelling": the subject of an absolute phrase after "with"
        m = k - 1
        while m > 0 and toks[m].low.endswith("ly") and not toks[m].cap:
            m -= 1
        subj = _parse_subject_backward(toks[:m + 1]) if m >= 1 else None
        if subj is not None and subj.kind in ("name", "role", "pair") and _preceded_by(toks, subj.start, {"with"}):
            return subj
    if participle:
        # "…, when hecklers cut into her speech, yelling …": the subject of
        # the clause the participle closes, where that clause is a subordinate one
        c = max((n for n in range(k) if toks[n].text == ","), default=-1)
        if 0 <= c < k - 2 and toks[c + 1].low in _SUBORDINATORS:
            subj = _main_subject(toks[c + 2:k])
            if subj is not None:
                return subj
    subj = _main_subject(toks[:k])
    if subj is None and participle and not any(t.text[:1].isalpha() for t in toks[:k]):
        # 'Adding, "…"' opening a sentence: the speaker of the sentence before
        return _Mention("pronoun", "epithet", [], [], [], None, toks[v].start, toks[v].end)
    return subj


def _cue_ends_sentence(toks: list[_Tok], idx: int, end: int, *, inverted: bool = False) -> bool:
    """Whether the speech verb at ``idx`` and what follows it end the sentence: a short
    subject, object or time phrase ("…, said Starmer on Monday."), or a named subject
    with an appositive ("…, said Ines Varga, founder of the Harbour Party.")."""
    rest = [t for t in toks[idx + _verb_len(toks, idx):] if t.start < end]
    if len(rest) <= 6 and all(
            t.cap or t.low in TIME_WORDS or t.low in OBJECT_WORDS or t.text in {",", "."}
            or t.low in PRONOUNS for t in rest):
        return True
    words = [t for t in rest if t.text[:1].isalnum()]
    if len(words) <= 10 and (words and not words[0].cap or inverted) and (
            phrase := next((k for k, t in enumerate(words) if t.low in CUE_PREPOSITIONS and t.low != "to"), None)) \
            is not None \
            and all(t.cap or t.low in TIME_WORDS or t.low in OBJECT_WORDS for t in words[:phrase]) \
            and not any(t.low in CLAUSE_MARKERS or t.low in _VERB_BASE and words[k - 1].low not in _NOUN_BEFORE
                        for k, t in enumerate(words[phrase:], phrase)):
        return True  # "…, the senator said after the attacks.", "…, said Roe at a rally in Ohio."
    comma = next((k for k, t in enumerate(rest) if t.text == ","), None)
    if not inverted or comma is None or comma > 8 or not any(t.cap for t in rest[:comma]):
        return False
    subj = _parse_subject_forward(rest[:comma])
    return subj is not None and subj.kind == "name" and subj.end >= rest[comma - 1].end


def _source_without_verb(norm: str, before: tuple[int, int], after: tuple[int, int]) -> tuple[_Mention, _Tok] | None:
    """A quotation's source named without a speech verb: a name and a colon before it
    ("Jane Roe, The Daily Ledger: “…”", "Here's Roe in December 1992: “…”"), or a dash
    and a name after it, closing the paragraph ("“…” ― Jane Roe", as social-media quotes
    are set). The mark (colon or dash) stands for the cue."""
    toks = _tokens(norm, *before)
    if len(toks) >= 3 and toks[-1].text == ":":
        # a roundup entry: "HEADLINE - Michael P. McDonald: “…”", "… - HuffPollster: “…”"
        k = len(toks) - 1
        while k > 0 and _name_like(toks[k - 1]) and toks[k - 1].text != "-":
            k -= 1
        if k >= 1 and toks[k - 1].text == "-" and k < len(toks) - 1:
            m = _parse_name(toks[k:-1])
            if m is not None and m.kind == "name":
                return m, toks[-1]
        # "… - Ana Bell and Rob Tate: “…”"
        dash = max((n for n, t in enumerate(toks[:-1]) if t.text == "-"), default=None)
        if dash is not None and dash + 4 <= len(toks) - 1:
            pair = _parse_subject_backward(toks[dash + 1:-1])
            if pair is not None and pair.kind == "pair" and pair.start == toks[dash + 1].start:
                return pair, toks[-1]
    if len(toks) >= 2 and toks[-1].text == ":" and len(toks) <= 12 and not any(
            t.low in VERB_BASE for t in toks):
        k = 0
        if toks[0].low in {"here's", "here", "there's"}:
            k = 2 if toks[0].low == "here" and len(toks) > 2 and toks[1].low == "is" else 1
        run = []
        for t in toks[k:-1]:
            if t.text in {",", "(", "-"} or not _name_like(t):
                break
            run.append(t)
        after_run = toks[k + len(run)] if k + len(run) < len(toks) else None
        if after_run is None or after_run.text not in {",", ":", "("} and not (k and run):
            run = []  # the name must end at the colon or an appositive: not "According to X:"
        m = _parse_name(run) if run else None
        if m is not None and m.kind == "name" and (len(m.core) >= 2 or m.role or m.honorific or k):
            return m, toks[-1]
    toks = _tokens(norm, *after)
    if 2 <= len(toks) <= 7 and toks[0].text == "-" and all(_name_like(t) or t.text in {",", "."} for t in toks[1:]):
        run = [t for t in toks[1:] if t.text not in {",", "."}]
        m = _parse_name(run)
        if m is not None and m.kind == "name":
            return m, toks[0]
    return None
