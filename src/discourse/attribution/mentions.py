"""Mentions of speakers in narration: names with their titles and roles, appositives,
organisations, and the subject of a speech verb read backward ("Hugh Hill, a doctor,
said") or forward ("said the Prime Minister").

Every function here reads tokens (``tokens._Tok``) and returns a ``_Mention``, or None;
none knows the people of the document (``speakers._Registry`` does).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from .names import is_first_name
from .tokens import _Tok, _tokens
from .vocab import (
    ADVERBS,
    DESCRIPTORS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    HONORIFIC_GENDER,
    HONORIFICS,
    INSTITUTIONS,
    JOINT_HEADS,
    NAME_QUALIFIERS,
    ORG_HEADS,
    PARTICLES,
    PEOPLE_NOUNS,
    PRONOUNS,
    QUALIFIER_MAP,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    SENTENCE_STARTERS,
    SUBJECT_PREPOSITIONS,
    TITLES_IN_NAMES,
    VERB_BASE,
)


@dataclass
class _Mention:
    """A reference to a speaker found in narration."""

    kind: str          # 'name', 'role', 'pronoun', 'joint', 'pair', 'group', 'unknown'
    text: str          # as written
    core: list[str]    # name tokens (for 'name') or head words
    role: list[str]
    qualifiers: list[str]
    honorific: str | None
    start: int
    end: int
    indefinite: bool = False  # "a …", "one …": a description that brings in someone new


_ROMAN_RE = re.compile(r"[IVXLC]+")  # "Elizabeth II", "Carl XVI Gustaf": numerals, not acronyms


# a run of capitalised words, with the lower-case words that join names and roles
# (the word boundary closes only the lower-case joiners: after an initial's full stop
# there is none, and "Harry M. Reid" is one run, not "Harry M")
_NAME_RUN_RE = re.compile(
    r"[A-Z][\w'.\x00-]*(?:\s+(?:[A-Z][\w'.\x00-]*|(?:"
    + "|".join(re.escape(w) for w in [*sorted(PARTICLES), "of", "for", *TITLES_IN_NAMES]) + r")\b))*"
)
# a name's words may be joined by these, and still be one name ("Ursula von der Leyen",
# "Bank of England"); a descriptor or qualifier opening a name of three words is a role
_NAME_JOINERS = PARTICLES | {"of", "for"}
_ROLE_BEFORE_NAME = DESCRIPTORS | NAME_QUALIFIERS
# before a country or organisation that a name in commas follows ("ambassador to Brazil,
# Denise Almao,")
_BEFORE_PLACE = SUBJECT_PREPOSITIONS | {"to", "in", "at"}
# a connective opening a lower-case subject, but not "the"
_CONNECTIVES = SENTENCE_STARTERS - {"the"}


def _name_like(t: _Tok) -> bool:
    return (t.cap or t.low in HONORIFICS or t.bare in ROLE_WORDS
            or t.low in PARTICLES or t.low in {"of", "for", "'s", "-"}
            or t.low.endswith("'s") or t.low in QUALIFIER_MAP)


@functools.lru_cache(maxsize=4096)
def _names_in_run(run: str) -> tuple[tuple[int, _Mention], ...]:
    """The names in a run of capitalised words, with their offsets in the run; cached,
    since the same names recur through a document and a corpus."""
    toks = _tokens(run, 0, len(run))
    out = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if not (t.cap and _name_like(t)) and t.bare not in ROLE_WORDS:
            i += 1
            continue
        j = i
        while j < n and _name_like(toks[j]):
            j += 1
        j = max(j, i + 1)
        m = _parse_name(toks[i:j])
        if m is not None and m.kind == "name":
            m.text = run[m.start:m.end]
            out.append((m.start, m))
        i = j
    return tuple(out)


def _mention_from_name(text: str, start: int, end: int) -> _Mention:
    toks = [_Tok(w, start, end) for w in text.split()]
    m = _parse_name(toks)
    return m if m is not None else _Mention("name", text, text.split(), [], [], None, start, end)


def _parse_name(toks: list[_Tok]) -> _Mention | None:
    """Title, role and name from a run of name-like tokens ("French President Emmanuel Macron")."""
    while toks and ((toks[0].low in SENTENCE_STARTERS or toks[0].low in _NEVER_IN_NAMES)
                    and toks[0].bare not in ROLE_WORDS
                    and not (len(toks) == 1 and toks[0].cap and toks[0].low in _NAMES_LIKE_MODALS)):
        toks = toks[1:]  # ("On Monday", "But"; a lone "May" or "Will" before a verb is a name)
    if len(toks) >= 2 and toks[0].low in VERB_BASE and (toks[0].low.endswith("ed") or toks[0].low in _SAID_FORMS):
        toks = toks[1:]  # "Continued Dane, "…"": an inverted speech verb opening the sentence
    while toks and not (toks[-1].cap or toks[-1].bare in ROLE_WORDS):
        toks = toks[:-1]
    if toks and toks[-1].low.endswith("'s") and len(toks[-1].text) > 3:
        # "Tom Hale's plan": the name without its possessive
        last = toks[-1]
        toks = [*toks[:-1], _Tok(last.text[:-2], last.start, last.end - 2)]
    if not toks or any(t.low in _CONTRACTIONS for t in toks):
        return None  # "I'm old enough …", "He's a hater": a pronoun, not a name
    if len(toks) >= 3 and all(t.text.isupper() for t in toks if t.text[:1].isalpha()):
        return None  # "FARMERS WANT LOWER FUEL TAXES": a headline in capitals names nobody
    text = " ".join(t.text for t in toks)
    last_role = -1
    first_role = None
    honorific = None
    for k, t in enumerate(toks):
        if t.low in HONORIFICS or t.bare in HONORIFICS:
            honorific = t.low.rstrip(".")
            last_role = k
            if first_role is None:
                first_role = k
        elif t.cap and t.bare in DESCRIPTORS and k and toks[k - 1].bare in HONORIFIC_GENDER:
            continue  # "Ms. Boxer", "Mr. Singer": after an honorific, a surname, not a trade
        elif t.bare in ROLE_WORDS or t.low in {"of", "for"} and first_role is not None and k > last_role:
            if t.low in ("of", "for"):
                # "President of Russia Vladimir Putin": "of" and the country belong to the role
                continue
            last_role = k
            if first_role is None:
                first_role = k
    core = [t.text for t in toks[last_role + 1:]]
    # a role followed by "of Country" or "for Portfolio", then the name: the country or the
    # portfolio belongs to the role ("Minister for Foreign Affairs Alexander Downer")
    pf = next((k for k in range(first_role + 1, len(toks)) if toks[k].low in ("of", "for")), None) \
        if first_role is not None else None
    if pf is not None and pf <= last_role + 1:
        rest = toks[pf + 1:]
        # the first name, with at least a surname after it ("Chief of Staff Nora Quill":
        # a surname that is also a first name does not start the name)
        first = next((k for k in range(1, len(rest) - 1) if is_first_name(rest[k].low)), None)
        if first is None:
            first = len(rest) - 2 if len(rest) >= 3 else 1
        core = [t.text for t in rest[first:]] if len(rest) > 1 else []
        last_role = max(last_role, pf + first)
    role = [t.text for t in toks[first_role:last_role + 1]] if first_role is not None else []
    role = [w for w in role if w.lower().rstrip(".") not in HONORIFICS or w.lower().rstrip(".") in ROLE_WORDS and w.lower() not in HONORIFIC_GENDER]
    quals = [t.text for t in toks[:first_role]] if first_role else []
    core = [w for w in core if w != "-"]
    # "Labour's Lucy Powell", "the Australian Services Union's Luke Foley": the possessive
    # is who she speaks for, not her name
    possessive = max((k for k, w in enumerate(core[:-1]) if w.lower().endswith("'s")), default=None)
    if possessive is not None:
        core = core[possessive + 1:]
    while core and (not core[0][:1].isupper() or core[0].lower() in {"the", "a", "an"}):
        core.pop(0)
    if "of" in core[2:-1] and (role or honorific or is_first_name(core[0])):
        # "Senator Jane Roe of Ohio": where she is from qualifies the name (but "the
        # Australian Bureau of Statistics" is one name)
        k = core.index("of", 2)
        quals = quals + core[k + 1:]
        core = core[:k]
    if core and core[-1].endswith(".") and len(core[-1]) > 2 and "." not in core[-1][:-1]:
        core[-1] = core[-1][:-1]  # the sentence's full stop, not an initial
    # "Historian Clara Whitby": an occupation written before the name
    while len(core) >= 3 and (core[0].lower() in _ROLE_BEFORE_NAME or (
            core[0].lower().endswith(("ian", "ist", "man", "woman", "er", "or", "ess", "member"))
            and not is_first_name(core[0]))):
        role.append(core.pop(0))
    if core and core[-1][:1].isupper() and all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in core):
        return _Mention("name", text, core, role, quals, honorific, toks[0].start, toks[-1].end)
    if not role and not core and honorific is not None and honorific in ROLE_WORDS:
        role = [toks[-1].text]  # "the Queen", "the King": a title used alone is a role
    if role:
        return _Mention("role", text, [], role, quals, honorific, toks[0].start, toks[-1].end)
    return None


def _parse_subject_backward(toks: list[_Tok]) -> _Mention | None:
    """The subject that ends right before a verb: he / Starmer / the French president /
    Hugh Hill, a doctor, / The home secretary, Yvette Cooper, / officials."""
    i = len(toks) - 1
    while i >= 0 and (toks[i].low in ADVERBS and not (toks[i].cap and toks[i].low in _NAMES_LIKE_MODALS)
                      or toks[i].low.endswith("ly") and not toks[i].cap):
        i -= 1  # (but "Oren Will wrote", "Will wrote": a capitalised "Will" is a name)
    # a short phrase of place after a description: "a Labour aide at the back",
    # "the mayor at the rally"
    p = next((n for n in range(i - 1, max(i - 4, 0), -1) if toks[n].low in _PLACE_PREPOSITIONS), None)
    if p is not None and toks[p - 1].text.isalpha() and not toks[p - 1].cap \
            and all(x.text.isalpha() and not x.cap and x.low not in VERB_BASE for x in toks[p + 1:i + 1]):
        head = _parse_subject_backward(toks[:p])
        if head is not None:
            return head
    # a time phrase between the subject and its verb: "Dane on Wednesday called", "Hale
    # during a visit thanked", "Varga, who …, on Friday described"
    for n in range(max(0, i - 3), i):
        if toks[n].low in {"on", "during", "last", "this", "in", "at"} and toks[i].low in _TIME_NOUNS \
                and all(x.text.isalnum() for x in toks[n:i + 1]) and n > 0:
            i = n - 1
            while i >= 0 and toks[i].low in ADVERBS:
                i -= 1
            break
    if i >= 2 and toks[i].text == ")":
        # a bracketed tag after the name: "Senator Ada Brook (D-Ore.) said"
        k = i - 1
        while k >= 0 and toks[k].text != "(" and i - k < 8:
            k -= 1
        if k >= 1 and toks[k].text == "(":
            return _parse_subject_backward(toks[:k])
    if i < 0:
        return None
    t = toks[i]
    if t.text in _DASHES and i >= 3:
        # "Tom Sims — a farmer from Oak Hill — said": an appositive between dashes, read
        # as one between commas
        j = next((n for n in range(i - 1, max(i - 15, 0), -1) if toks[n].text in _DASHES), None)
        if j is not None and j >= 1 and toks[j - 1].cap:
            commas = [_Tok(",", x.start, x.end) if n in (j, i) else x for n, x in enumerate(toks[:i + 1])]
            head = _parse_subject_backward(commas)
            return head if head is not None and head.kind == "name" else None
    if t.low in PRONOUNS:
        return _Mention("pronoun", t.low, [], [], [], None, t.start, t.end)
    if t.low == "who" and i >= 2 and toks[i - 1].text == ",":
        # "Queen Elizabeth II, who said …": the person before the relative clause
        return _parse_subject_backward(toks[:i - 1])
    if re.fullmatch(r"\d+-year-old", t.low) and i >= 1 and toks[i - 1].low == "the":
        # "the 34-year-old said": the person the story is about
        return _Mention("pronoun", "epithet", [], [], [], None, toks[i - 1].start, t.end)
    if t.text == ",":
        chained = _chain_head(toks[:i + 1])
        if chained is not None:
            return chained
        # appositive: X, APPOS, said
        j = i - 1
        while j >= 0 and toks[j].text != "," and i - j <= 14:
            j -= 1
        if j < 1 or toks[j].text != ",":
            return None
        appos = toks[j + 1:i]
        head = _parse_subject_backward(toks[:j])
        if head is None and appos and appos[0].cap:
            # "The author, Isla Grant, said": the name in commas is the subject
            name = _parse_name(appos)
            if name is not None and name.kind == "name" and j >= 1:
                name.role = [w.text for w in toks[max(0, j - 4):j] if w.bare in ROLE_WORDS]
                k = j - 1
                while k > 0 and toks[k - 1].low not in {",", "."} and j - k < 6:
                    k -= 1
                name.start = toks[k].start
                return name
        if head is not None and head.kind == "name" and appos and appos[0].cap and (
                head.role or _preceded_by(toks, head.start, _BEFORE_PLACE)):
            # "The national director of Child Wise, Bernadette McMenamin, says", "New
            # Zealand's ambassador to Brazil, Denise Almao, said": a title with its
            # organisation or country, then the person's full name in commas
            name = _parse_name(appos)
            if name is not None and name.kind == "name" and len(name.core) >= 2 and not name.role:
                name.role = head.role
                name.start = head.start
                return name
        if head is not None and head.kind == "pair" and appos:
            return head  # "Ana Bell and Rob Tate, both Democrats, said"
        if head is not None and head.kind in ("name", "pronoun") and appos and appos[0].low not in {"and", "but"}:
            if head.kind == "name" and not head.role:
                role_words = [w.text for w in appos if w.bare in ROLE_WORDS]
                if role_words:
                    head.role = role_words
                    head.qualifiers = [w.text for w in appos if w.cap and w.bare not in ROLE_WORDS]
            return head
        if head is not None and head.kind in ("role", "group") and appos:
            name = _parse_name(appos)
            if name is not None and name.kind == "name":
                name.role = name.role or head.role or head.core
                name.start = head.start
                return name
            return head
        return None
    # a run of name-like tokens ending at i
    j = i
    nickname: tuple[int, int] | None = None
    while j >= 0 and i - j < 12:
        if toks[j].text == '"' and nickname is None and j >= 2:
            # a nickname in quotation marks inside the name
            k = j - 1
            while k >= 0 and toks[k].text != '"' and j - k < 5:
                k -= 1
            if k >= 1 and toks[k].text == '"' and toks[k - 1].cap:
                nickname = (k, j)
                j = k - 1
                continue
            break
        if not _name_like(toks[j]) or toks[j].low == "of" and j < i and toks[j + 1].low.endswith("'s"):
            break  # (a possessive after "of" opens a name of its own: "… of London's Institute")
        j -= 1
    run = [x for n_, x in enumerate(toks[j + 1:i + 1], start=j + 1)
           if nickname is None or not (nickname[0] <= n_ <= nickname[1])]
    if run and run[-1].cap:
        # "X and Y said"
        if j >= 1 and toks[j].low == "and":
            k = j - 1
            while k >= 0 and _name_like(toks[k]) and j - k < 6:
                k -= 1
            left = toks[k + 1:j]
            a, b = _parse_name(left) if left else None, _parse_name(run)
            if a is not None and b is not None and a.kind == "name" and b.kind == "name":
                return _Mention("pair", f"{a.text} and {b.text}", [a.text, b.text], [], [], None, left[0].start, run[-1].end)
        m = _parse_name(run)
        p_ = j - 1 if j >= 1 and toks[j].low == "the" else j
        if m is not None and p_ >= 1 and toks[p_].low in {"in", "at", "from", "for"} \
                and toks[p_ - 1].bare in PEOPLE_NOUNS \
                and not (toks[p_ - 1].cap and toks[p_ - 1].bare in ROLE_WORDS and not toks[p_ - 1].bare.endswith("s")):
            # "officials in Washington said", "officials at the Home Office said": the
            # officials speak, not the place
            group = _parse_subject_backward(toks[:p_])
            first = p_ - 1  # at least the people noun itself ("Sources in Downing Street")
            if group is not None and group.kind in ("group", "role"):
                first = next(k for k, x in enumerate(toks) if x.start >= group.start)
            if toks[first].low in {"the", "a", "an"}:
                first += 1
            text = " ".join(x.text for x in toks[first:i + 1])
            return _Mention("group", text, [text], [], [], None, toks[first].start, toks[i].end)
        if len(run) == 1 and (run[0].bare == "police" or (
                (run[0].bare in PEOPLE_NOUNS or run[0].bare in JOINT_HEADS) and run[0].bare.endswith("s"))):
            # "Police say", "Investigators say" at the start of a sentence: a group, which
            # a later "they" refers to, not a person's name
            return _Mention("group", run[0].text, [run[0].text], [], [], None, run[0].start, run[0].end)
        if m is not None and m.kind == "name" and len(m.core) == 1 and not m.role \
                and ((j >= 0 and toks[j].low == "the") or run[0].low == "the") \
                and ((m.core[0].endswith("s") and not m.core[0].endswith("'s"))
                     or m.core[0].endswith("men") or m.core[0].lower() in ORG_HEADS):
            # "The Israelis say", "the Democrats said", "the Englishmen", "the Pentagon
            # said": a people, a party or an institution, not a man a "he" could be
            return _Mention("group", m.text, [m.text], [], [], None, m.start, m.end)
        # (a titled person after the preposition speaks: "News of the World editor Rebekah Wade")
        prep = _object_of_preposition(toks, j) if m is not None and m.kind == "name" and not m.role else None
        if prep is not None and prep >= 1 and toks[prep].low in ("of", "for") and toks[prep - 1].cap \
                and toks[prep - 1].bare in ROLE_WORDS:
            # "Minister for Foreign Affairs Alexander Downer said": a title with its
            # portfolio or country, then the name
            k = prep - 1
            while k >= 1 and toks[k - 1].cap and _name_like(toks[k - 1]):
                k -= 1
            full = _parse_name(toks[k:i + 1])
            if full is not None and full.kind == "name":
                return full
        if prep is not None:
            # "Marks Sullivan from the Rural Fire Service says": the person before the
            # preposition speaks; "The royal commission looking into the collapse of
            # insurance giant HIH says": the name ends a phrase inside the subject, and the
            # phrase the sentence opens with speaks
            head = _parse_subject_backward(toks[:prep])
            if head is not None and head.kind in ("name", "pair"):
                return head  # (also "Ann Bell and Rob Tate of the Institute for Ports")
            person = _trailing_person(run)
            if person is not None:
                # "Governor of the Bank of England Andrew Bailey said": the organisation,
                # then the person's first and last name
                if head is not None and head.kind in ("role", "group"):
                    person.role = person.role or [w for w in head.text.split() if w.lower() not in DETERMINERS]
                return person
            if head is not None and head.kind == "role" and m is not None and m.kind == "name" \
                    and len(m.core) >= 2 and is_first_name(m.core[0]) \
                    and all(not x.cap for x in toks[prep + 1:j + 1]):
                # "Former secretary of state Helen Rodham Clay": a title with its portfolio
                # in lower case, then the person's full name
                m.role = m.role or [w for w in head.text.split() if w.lower() not in DETERMINERS]
                m.start = head.start
                return m
            lead = _leading_noun_phrase(toks)
            if lead is not None:
                return lead
            if head is not None and head.kind in ("role", "group") and toks[prep].low in {"for", "at", "with", "from"}:
                # "a columnist for the news site Pando said": the description speaks, with
                # what it works for
                words = [x for x in toks[bisect.bisect_left([x.start for x in toks], head.start):i + 1]
                         if x.low not in {"a", "an", "the"} or x.start > head.start]
                text = " ".join(x.text for x in words)
                return _Mention(head.kind, text, [x.low for x in words], head.role, head.qualifiers, None,
                                head.start, toks[i].end)
        if m is not None:
            if j >= 0 and toks[j].low == "the" and m.kind == "role":
                m.start = toks[j].start
            return m
        return None
    # lower-case heads: "the French president", "a Downing Street spokesperson", "officials",
    # "the two leaders"
    if t.bare in PEOPLE_NOUNS or t.bare in ROLE_WORDS or t.bare in JOINT_HEADS or t.bare in DOCUMENT_NOUNS \
            or t.bare in INSTITUTIONS:
        j = i
        while j - 1 >= 0 and i - j < 6 and (toks[j - 1].low not in {",", ".", ";", ":", "and", "said", "that"}) and \
                (toks[j - 1].cap or toks[j - 1].low in DETERMINERS or toks[j - 1].bare in ROLE_WORDS
                 or toks[j - 1].low in JOINT_HEADS or toks[j - 1].low in QUALIFIER_MAP or toks[j - 1].low.endswith("'s")
                 or toks[j - 1].low in ROLE_MODIFIERS or toks[j - 1].bare in PEOPLE_NOUNS):
            j -= 1
        # plain words back to a determiner belong to the description ("the joint statement",
        # "the presumptive Republican presidential nominee")
        d = next((n for n in range(j - 1, max(-1, j - 6), -1) if toks[n].low in _NP_OPENERS), None)
        if d is not None and all(x.text.isalpha() and x.low not in VERB_BASE and x.low not in _CLAUSE_WORDS
                                 for x in toks[d + 1:j]):
            j = d
        span = toks[j:i + 1]
        # strip a sentence-starting connective
        while span and span[0].low in _CONNECTIVES and span[0].low not in DETERMINERS:
            span = span[1:]
        words = [w.low for w in span]
        text = " ".join(w.text for w in span)
        if t.bare in JOINT_HEADS and ({"two", "both"} & set(words) or t.bare in {"pair", "duo"}):
            return _Mention("joint", text, words, [], [], None, span[0].start, span[-1].end)
        if t.bare in {"leaders", "sides"} and "the" in words and len(words) <= 2:
            return _Mention("joint", text, words, [], [], None, span[0].start, span[-1].end)
        role = [w.text for w in span if w.bare in ROLE_WORDS]
        quals = [w.text for w in span if w.low not in DETERMINERS and w.bare not in ROLE_WORDS]
        if t.bare in ROLE_WORDS and not t.bare.endswith("s") and words and words[0] in {"the"} and len(role) >= 1 \
                and t.bare not in {"official", "source", "member"}:
            return _Mention("role", text, [], role, quals, None, span[0].start, span[-1].end)
        kind = "group" if t.bare.endswith("s") and t.bare not in {"police"} or t.bare == "police" else "role"
        return _Mention(kind, text, words, role, quals, None, span[0].start, span[-1].end)
    # a noun phrase opening the clause, headed by a word the lists do not know: "The Tory
    # hopeful grumbled that …", "this Hale impersonator announced …"
    k = next((n for n in range(max(0, i - 4), i) if toks[n].low in _NP_OPENERS), None)
    if k is not None and (k == 0 or toks[k - 1].text in {",", ";", ":"}
                          or toks[k - 1].low in {"who", "whom", "which", "that", "what", "as"}) and all(
            x.text[:1].isalnum() and x.low not in VERB_BASE and x.low not in _CLAUSE_WORDS
            for x in toks[k + 1:i + 1]):
        span = toks[k + 1:i + 1]
        text = " ".join(x.text for x in span)
        kind = "group" if t.bare.endswith("s") and not t.bare.endswith("ss") else "role"
        return _Mention(kind, text, [x.low for x in span], [], [], None, toks[k].start, t.end)
    return None


#: Irregular forms of the commonest speech verbs, which open a sentence before a name
#: ("Said Mona Kell, …").
_SAID_FORMS = frozenset({"said", "says", "told", "tells", "wrote", "writes", "adds", "asks"})
#: Dashes that set off an appositive ("Tom Sims — a farmer — said").
_DASHES = frozenset({"-", "\u2013", "\u2014", "--"})
#: Nouns that close a time phrase ("on Wednesday", "last week", "during a Sunday").
_TIME_NOUNS = frozenset("""monday tuesday wednesday thursday friday saturday sunday morning afternoon
    evening night week weekend month year day today tonight""".split())
#: Pronouns with a verb written as one word, which are never names.
_CONTRACTIONS = frozenset("""i'm i've i'd i'll he's he'd he'll she's she'd she'll it's it'd we're we've
    we'd we'll they're they've they'd they'll you're you've you'd you'll that's there's here's what's
    who's let's""".split())
#: Determiners that begin no name ("Another source said" names nobody called Another).
#: Modals that are also names, capitalised ("George Will", "Theresa May").
_NAMES_LIKE_MODALS = frozenset({"will", "may"})
_NEVER_IN_NAMES = frozenset("another other several some many each every his her their its our my your no".split())
#: Determiners that open a noun phrase a subject may be ("the front-runner", "this look-alike").
_NP_OPENERS = frozenset("the a an this that one another each every".split())
#: Prepositions of a short phrase of place that may follow a subject's description.
_PLACE_PREPOSITIONS = frozenset("in at outside inside near".split())
#: Words that mark a clause rather than a noun phrase before a verb.
_CLAUSE_WORDS = frozenset("""is was are were be been has had have will would can could may might must
    shall should do does did not never also then who which that and or but if when as to of""".split())


def _parse_subject_forward(toks: list[_Tok]) -> _Mention | None:
    """The subject after an inverted verb: "said Starmer", "said the Prime Minister",
    "said union organiser Leah Novak", "said the site manager, Greg Tull"."""
    if not toks:
        return None
    t = toks[0]
    if t.low in PRONOUNS:
        return _Mention("pronoun", t.low, [], [], [], None, t.start, t.end)
    if t.low in _CLAUSE_WORDS and not t.cap:
        return None  # "… comment was nearly as …": no subject follows (but "said Will Doyle")
    if t.low in {"a", "an", "one", "another", "his", "her", "their", "the"}:
        # "said her old flatmate at Durham, Kit Moss, who …": a description, then the
        # person's name in commas
        comma = next((n for n, x in enumerate(toks[:10]) if x.text == ","), None)
        if comma is not None and comma + 2 < len(toks) and toks[comma + 1].cap:
            run_end = comma + 1
            while run_end < len(toks) and _name_like(toks[run_end]) and toks[run_end].text != ",":
                run_end += 1
            name = _parse_name(toks[comma + 1:run_end])
            if name is not None and name.kind == "name" and len(name.core) >= 2 and (
                    run_end == len(toks) or toks[run_end].text in {",", "."}):
                name.role = name.role or [x.text for x in toks[1:comma] if x.bare in ROLE_WORDS]
                name.start = t.start
                return name
    if t.low in {"a", "an", "one", "another"}:
        # "said a former aide to both mayors, who …", "said one official near the
        # Clintons": an unnamed source, under its description
        stop = next((n for n, x in enumerate(toks) if n and (x.text in {",", ".", ";", ":", "(", '"'}
                                                                or x.low in {"who", "which", "that", "whose"})),
                    len(toks))
        phrase = toks[1:min(stop, 9)]
        if phrase and not (len(phrase) >= 2 and phrase[-1].cap and phrase[-2].cap):
            text = " ".join(x.text for x in phrase)
            head = phrase[-1]
            kind = "group" if head.bare.endswith("s") and not head.bare.endswith("ss") else "role"
            return _Mention(kind, text, [x.low for x in phrase], [x.text for x in phrase if x.bare in ROLE_WORDS],
                            [], None, t.start, phrase[-1].end, indefinite=True)
    k = 0
    while k < len(toks) and k < 10 and toks[k].text not in {",", ".", ";", ":", "(", ")", '"'} \
            and (toks[k].low not in {"who", "which", "that", "on", "in", "at", "for", "of", "to", "from",
                                     "into", "by", "with", "about", "under", "over", "after", "during",
                                     "when", "while", "because", "before", "if", "since", "though"}
                 or (toks[k].low in {"of", "for"} and k > 0 and toks[k - 1].cap
                     and k + 1 < len(toks) and toks[k + 1].cap)  # "Office for Budget Responsibility"
                 or (toks[k].low in {"of", "for"} and k > 0 and toks[k - 1].bare in ROLE_WORDS
                     and any(x.cap for x in toks[k + 1:k + 4]))):  # "secretary of state Hillary Clinton"
        k += 1
    if k < len(toks) and toks[k].low == "of" and k + 1 < len(toks) and toks[k + 1].cap:
        # "President of Russia Vladimir Putin"
        k2 = k + 1
        while k2 < len(toks) and _name_like(toks[k2]):
            k2 += 1
        m = _parse_name(toks[:k2])
        if m is not None and m.kind == "name":
            return m
    phrase = toks[:k]
    c = next((i for i, x in enumerate(phrase) if x.cap and x.low not in DETERMINERS), None)
    if c is not None and _parse_name(phrase[c:]) is None or c is not None and _parse_name(phrase[c:]).kind != "name":
        # "said Hale confidant Omar Reyes": the name is the last run of capitalised words
        last = len(phrase)
        first = last
        while first > 0 and phrase[first - 1].cap:
            first -= 1
        if last - first >= 2 and first > c:
            c = first
    if c is not None:
        lead = [x for x in phrase[:c] if x.bare in ROLE_WORDS]
        m = _parse_name(phrase[c:])
        if m is not None and m.kind == "name":
            m.role = m.role or [x.text for x in lead]
            if not m.role and k + 1 < len(toks) and toks[k].text == ",":
                # "said Jane Doe, the mayor": an appositive gives the role
                appos = []
                for x in toks[k + 1:k + 8]:
                    if x.text in {",", ".", ";"}:
                        break
                    appos.append(x)
                m.role = [x.text for x in appos if x.bare in ROLE_WORDS]
            m.start = phrase[0].start
            return m
    if phrase and (phrase[-1].bare in PEOPLE_NOUNS or phrase[-1].bare in ROLE_WORDS or phrase[-1].bare in JOINT_HEADS):
        # appositive name after a role: "the site manager, Greg Tull"
        if k + 1 < len(toks) and toks[k].text == "," and toks[k + 1].cap:
            k2 = k + 1
            while k2 < len(toks) and _name_like(toks[k2]):
                k2 += 1
            m = _parse_name(toks[k + 1:k2])
            if m is not None and m.kind == "name":
                m.role = m.role or [x.text for x in phrase if x.bare in ROLE_WORDS]
                m.start = phrase[0].start
                return m
        back = _parse_subject_backward(phrase)
        if back is not None:
            return back
    return None


def _clause_subject(toks: list[_Tok]) -> _Mention | None:
    """The subject opening a sentence or a clause after a comma ("In a statement, she …")."""
    for k, t in enumerate(toks):
        if k and toks[k - 1].text != ",":
            continue
        if t.low in PRONOUNS and k + 1 < len(toks) and not toks[k + 1].cap:
            return _Mention("pronoun", t.low, [], [], [], None, t.start, t.end)
        m = _sentence_opener(toks[k:])
        if m is not None:
            return m
    return None


def _chain_head(toks: list[_Tok]) -> _Mention | None:
    """The person a clause opens with, before a chain of appositives (or one long one, or a
    relative clause) that ends at the last token, a comma: "Sen. Jane Roe, R-S.D., the
    No. 2 Republican,", "Jane Roe, the Labour MP for York Central, who has led opposition
    to the plans,", "Ines Varga, who ran the treasury when …,"."""
    if sum(1 for t in toks if t.text == ",") < 2:
        return None
    m = _main_subject(toks)
    if m is None or m.kind != "name" or not (m.role or m.honorific or len(m.core) >= 2 or (
            m.start == toks[0].start and m.core[0].lower() not in ORG_HEADS)):
        return None  # ("Varga, during a visit to Dayton, Ohio, said": one word opening the clause)
    k = next((n for n, t in enumerate(toks) if t.start >= m.end), None)
    commas = [n for n in range(k or 0, len(toks)) if toks[n].text == ","] if k is not None else []
    if k is None or toks[k].text != "," or len(commas) < 2:
        return None
    if len(commas) == 2 and commas[1] - commas[0] <= 15 and toks[k + 1].low not in {"who", "whose", "which"}:
        return None  # one short appositive: the rules for "X, APPOS, said" decide
    if any(toks[c + 1].low in {"and", "or"} for c in commas[:-1]):
        return None  # a list of people ("Tom Hale, Ann Lee and others said")
    if not m.role:
        first = next((n for n in range(k + 1, len(toks)) if toks[n].text == ","), len(toks))
        m.role = [x.text for x in toks[k + 1:first] if x.bare in ROLE_WORDS][:3]
    return m


def _fronted(toks: list[_Tok], k: int) -> bool:
    """Whether the segment starting at ``toks[k]`` (up to its comma) is a fronted phrase
    rather than a subject: "On Monday,", "After the defeat,", "Facing criticism,",
    "Hours later,", "In a heated radio interview,"."""
    t = toks[k]
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if t.low in SENTENCE_STARTERS or t.low.endswith("ing") or t.low.endswith(("ed", "ly")) and (
            not t.cap or nxt is not None and not nxt.cap):  # "Reached by POLITICO," "Shortly after …," (but "Ted Cruz")
        return True
    return k + 1 < len(toks) and toks[k + 1].low in {"later", "earlier", "ago", "after", "before"}


def _main_subject(toks: list[_Tok]) -> _Mention | None:
    """The subject of the sentence or clause ``toks`` opens, past fronted phrases in
    commas ("On Monday, …", "Hours later, …", "In June, after the vote, …"): a pronoun,
    a name with its titles, or a noun phrase headed by a person, a role or an institution
    ("A press officer for the council emailed …, arguing: …"). For a speech verb whose
    own subject is elsewhere: a participle (", saying", "writing") or an infinitive
    ("went on to say")."""
    # a dateline: "WASHINGTON (AFP) - …", "LOS ANGELES -- …", "LEEDS, Dec. 8 (UPI) — …"
    k = next((n + 1 for n in range(min(len(toks), 10)) if toks[n].text in _DASHES and n
              and (toks[0].text.isupper() or any(x.text == "(" for x in toks[:n]))
              and all(x.cap or x.text in {"(", ")", ","} or x.text.isdigit() for x in toks[:n])), 0)
    while k < len(toks) and toks[k].text in _DASHES:
        k += 1
    if k < len(toks) and toks[k].low in {"but", "and", "so", "yet", "or"}:
        k += 1  # "But Hale, leaving no doubt …, described …": a conjunction, not a fronted phrase
    while k + 1 < len(toks) and toks[k].low in {"then", "later", "now", "soon", "still", "also"} and toks[k + 1].cap:
        k += 1  # "And then Hale turned on his rival, …"
    for _ in range(4):  # past up to three fronted phrases
        if k >= len(toks):
            return None
        if not _fronted(toks, k):
            break
        comma = next((n for n in range(k, min(len(toks), k + 16)) if toks[n].text == ","), None)
        if comma is None:
            if toks[k].cap and toks[k].low.endswith("ly"):
                return None  # 'Hastily politicizing … ― Trump cast …': no subject found, none made up
            break
        k = comma + 1
        if k + 2 < len(toks) and toks[k - 2].cap and toks[k].cap and not is_first_name(toks[k].low):
            # 'Speaking in Nashua, New Hampshire, Varga …': a place's state or country
            state = next((n for n in range(k, min(len(toks), k + 4)) if toks[n].text == ","), None)
            if state is not None and state + 1 < len(toks) and all(x.cap or x.text == "." for x in toks[k:state]):
                k = state + 1
    rest = toks[k:]
    if not rest:
        return None
    if rest[0].low in PRONOUNS and (len(rest) == 1 or not rest[1].cap):
        return _Mention("pronoun", rest[0].low, [], [], [], None, rest[0].start, rest[0].end)
    m = _sentence_opener(rest)
    if m is not None:
        return m
    # the noun phrase up to its first lower-case word that is no part of it
    j = 0
    while j < len(rest) and j < 8 and (rest[j].cap or rest[j].low in DETERMINERS or rest[j].bare in ROLE_WORDS
                                         or rest[j].bare in PEOPLE_NOUNS or rest[j].low.endswith("'s")
                                         or rest[j].low in ROLE_MODIFIERS):
        j += 1
    p = next((n for n in range(j - 1, max(j - 4, -1), -1) if rest[n].low.endswith("'s")), None)
    if p is not None and j < len(rest) and rest[j].text.isalpha() and not rest[j].cap \
            and all(x.cap for x in rest[p + 1:j]):  # (also "Bush's Facebook post")
        # "Henry Clay's biographers, …, wrote": the possessive qualifies the noun after it
        # (or the one after its adjectives: "the mayor's closest aide")
        j = next((h for h in range(j, min(j + 3, len(rest))) if rest[h].text.isalpha() and not rest[h].cap
                  and (rest[h].bare in PEOPLE_NOUNS or rest[h].bare in ROLE_WORDS)
                  and all(x.text.isalpha() and not x.cap and x.low not in VERB_BASE for x in rest[j:h])), j)
        head = rest[j]
        text = " ".join(x.text for x in rest[:j + 1])
        kind = "group" if head.bare.endswith("s") and not head.bare.endswith("ss") else "role"
        return _Mention(kind, text, [text], [], [], None, rest[0].start, head.end)
    if 2 <= j < len(rest) - 1 and rest[0].low in {"the", "a", "an"} and all(x.cap for x in rest[1:j]) \
            and rest[j].text.isalpha() and rest[j].text.islower() and rest[j].low not in VERB_BASE \
            and rest[j + 1].text.isalpha() and rest[j + 1].text.islower() \
            and rest[j + 1].low not in DETERMINERS and rest[j + 1].low not in PRONOUNS \
            and rest[j + 1].low not in {"these", "those", "this", "that", "its", "his", "her", "their"}:
            # (but "The Daily Ledger ran the story": the word after the name is its verb)
        # "the Yale graduate ended …": a name modifying the noun that heads the subject
        text = " ".join(x.text for x in rest[1:j + 1])
        kind = "group" if rest[j].bare.endswith("s") and not rest[j].bare.endswith("ss") else "role"
        return _Mention(kind, text, [x.low for x in rest[1:j + 1]], [], [], None, rest[0].start, rest[j].end)
    if j:
        m = _parse_subject_backward(rest[:j])
        if m is not None and (m.start == rest[0].start or (rest[0].low in DETERMINERS and len(rest) > 1
                                                            and m.start == rest[1].start)):
            return m
    return _leading_noun_phrase(rest)


def _preceded_by(toks: list[_Tok], start: int, words: set[str]) -> bool:
    """Whether the token before the one at offset ``start`` is one of ``words``."""
    k = bisect.bisect_left([t.start for t in toks], start)
    return 0 < k < len(toks) and toks[k - 1].low in words


def _object_of_preposition(toks: list[_Tok], j: int) -> int | None:
    """The index of the preposition whose object is the name run that starts at
    ``toks[j + 1]`` ("… of insurance giant HIH", "… from the Rural Fire Service"), or None.
    Up to two lower-case words may stand between them."""
    k = j
    while k >= 0 and j - k < 2 and not toks[k].cap and toks[k].low not in SUBJECT_PREPOSITIONS \
            and toks[k].text[:1].isalpha():
        k -= 1
    return k if k >= 0 and toks[k].low in SUBJECT_PREPOSITIONS else None


def _trailing_person(run: list[_Tok]) -> _Mention | None:
    """A person's name closing a run of capitalised words after an organisation's name
    ("Bank of England Andrew Bailey"), known by a first name on the package's lists."""
    for k in range(1, len(run) - 1):
        if is_first_name(run[k].low) and all(t.cap for t in run[k:]) and len(run) - k <= 3:
            m = _parse_name(run[k:])
            return m if m is not None and m.kind == "name" else None
    return None


def _leading_noun_phrase(toks: list[_Tok]) -> _Mention | None:
    """The noun phrase a sentence opens with when its head is a people noun, a role or an
    institution and a participle or preposition carries the phrase on ("The royal
    commission looking into …", "A spokesman for the airline …")."""
    k = 1 if toks and toks[0].low in {"the", "a", "an"} else 0
    start = k
    while k < len(toks) and k - start < 4 and toks[k].text[:1].isalpha():
        t = toks[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if (t.bare in PEOPLE_NOUNS or t.bare in ROLE_WORDS or t.low in ORG_HEADS or t.bare in DOCUMENT_NOUNS
                or t.bare in INSTITUTIONS) and nxt is not None \
                and (nxt.low.endswith("ing") or nxt.low in SUBJECT_PREPOSITIONS):
            # the label runs through a short prepositional phrase closing the subject ("a
            # spokesman for council Liberals said")
            end = len(toks) if nxt.low in SUBJECT_PREPOSITIONS and len(toks) - k <= 5 and all(
                x.text[:1].isalnum() for x in toks[k + 1:]) else k + 1
            text = " ".join(x.text for x in toks[start:end])
            return _Mention("group", text, [text], [], [], None, toks[start].start, toks[end - 1].end)
        k += 1
    return None


def _sentence_opener(toks: list[_Tok]) -> _Mention | None:
    """The person a sentence opens with ("Chancellor Rachel Reeves has defended …")."""
    k = 0
    while k < len(toks) and _name_like(toks[k]) and k < 9:
        k += 1
    if k == 0 or k == len(toks) or toks[k].text == "'s":
        return None
    if toks[0].low == "the" and toks[k].text.isalpha() and toks[k].text.islower() and toks[k].low not in VERB_BASE:
        return None  # "the Yale graduate ended …": the name modifies a noun
    if k == 1 and (toks[1].bare in PEOPLE_NOUNS or toks[1].bare in ROLE_WORDS):
        return None  # "Nuclear experts have …": a capitalised first word modifies a noun
    p = next((n for n in range(k - 1, max(k - 4, -1), -1) if toks[n].low.endswith("'s")), None)
    if p is not None and toks[k].text[:1].isalpha() and (p == k - 1 or not is_first_name(toks[p + 1].low)):
        # "Henry Clay's biographers wrote", "Bush's Facebook post": the name modifies what
        # follows (but "Labour's Lucy Powell hit back")
        return None
    # a comma after the name opens an appositive ("Dr Layla McCay, of the NHS
    # Confederation, …"); a fronted phrase ("On Thursday, …") is no name and parses to none
    m = _parse_name(toks[:k])
    return m if m is not None and m.kind == "name" else None


def _clause_after_appositive(rest: list[_Tok]) -> int | None:
    """Where the clause starts after "According to X": past its comma, and past an
    appositive in commas ("According to Sarah Kim, the plant's director, about …")."""
    if not rest or rest[0].text != ",":
        return None
    start = rest[0].end
    if len(rest) > 1 and (rest[1].low in DETERMINERS or rest[1].bare in ROLE_WORDS):
        for k in range(2, min(len(rest), 12)):
            if rest[k].text == ",":
                return rest[k].end
    return start


def _last_comma_before(toks: list[_Tok], pos: int) -> int | None:
    for t in reversed(toks):
        if t.start < pos and t.text == ",":
            return t.start
        if t.start < pos and t.text not in {","} and not _name_like(t) and t.low not in DETERMINERS \
                and t.low not in PRONOUNS and t.bare not in PEOPLE_NOUNS and t.low not in ADVERBS:
            return None
    return None
