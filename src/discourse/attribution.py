"""Who said what: quotations, reported speech and their speakers.

The engine is a set of rules a reader can follow, run over text made uniform by
``text.normalise`` (same offsets as the input):

1. paragraphs, subheadings and sentences (``text.segment``);
2. quotations paired from their marks (``quotes.find_quotes``);
3. for each quotation, a speech cue next to it: after it (``…,” he said.``,
   ``…,” said Starmer.``, ``…,” Hugh Hill, a doctor, said.``) or before it
   (``Starmer said: “…”``, ``He told reporters, “…”``); a quotation with no cue of its
   own continues the speaker of the quotation before it in the paragraph (a quotation
   split by its attribution) or, opening a paragraph, the speaker of the paragraph
   before; a short quotation inside a sentence with no cue is a scare quote, a
   nickname or a title, and stays narration;
4. reported speech in the remaining sentences: ``X said (that) CLAUSE``,
   ``X told reporters CLAUSE``, ``according to X, CLAUSE``, ``CLAUSE, X said.``, and
   ``…, adding that CLAUSE``; quotation marks inside the clause stay inside it;
5. speakers: names with their titles and roles ("French President Emmanuel Macron"),
   surnames and honorifics ("Mr. Macron", "Sen. Warren"), roles once introduced ("the
   French president"), appositives ("Hugh Hill, a doctor, said"), and pronouns carried
   from the current speaker (he, she; "they" after two people is joint). Names inside
   quotations are never speakers: only narration introduces or changes one.

Nothing here names a particular speaker: names come from the text or from ``speakers``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .quotes import Quote, find_quotes
from .schema import SPEAKER_COLUMNS
from .spans import cover_rows, utterance_frame
from .text import ABBREVIATIONS, PAD, WORD_RE, Segmentation, normalise, segment

# --- vocabulary -------------------------------------------------------------------------


def _forms(base: str) -> list[str]:
    """say -> say, says, said, saying (regular forms, plus the irregular ones listed)."""
    irregular = {
        "say": ["say", "says", "said", "saying"],
        "tell": ["tell", "tells", "told", "telling"],
        "write": ["write", "writes", "wrote", "written", "writing"],
        "admit": ["admit", "admits", "admitted", "admitting"],
        "reply": ["reply", "replies", "replied", "replying"],
        "quip": ["quip", "quips", "quipped", "quipping"],
        "plead": ["plead", "pleads", "pleaded", "pled", "pleading"],
        "testify": ["testify", "testifies", "testified", "testifying"],
        "deny": ["deny", "denies", "denied", "denying"],
        "cry": ["cry", "cries", "cried", "crying"],
        "retort": ["retort", "retorts", "retorted", "retorting"],
        "speak": ["spoke"],
        "put": ["put", "puts", "putting"],
        "go on": ["go on", "goes on", "went on", "going on"],
        "point out": ["point out", "points out", "pointed out", "pointing out"],
        "write in": ["wrote in"],
    }
    if base in irregular:
        return irregular[base]
    if base == "state":  # "the Jewish state", "state media": the bare form is a noun
        return ["states", "stated", "stating"]
    if base.endswith("e"):
        return [base, base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and base[-2] not in "aeiou":
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base.endswith(("sh", "ch", "ss", "x")):
        return [base, base + "es", base + "ed", base + "ing"]
    return [base, base + "s", base + "ed", base + "ing"]


#: Verbs that introduce a quotation ("…,” she warned).
QUOTE_VERBS = """say tell add warn argue insist note stress claim explain write ask urge vow pledge
acknowledge admit announce declare reply respond suggest continue conclude state assert maintain
contend observe remark comment emphasise emphasize recall predict promise confirm deny reveal
report tweet post joke quip concede complain boast lament repeat reiterate retort shout yell
whisper exclaim agree caution demand underline highlight allege counter affirm assure inform
remind propose recommend mention answer speculate testify plead hint estimate wonder muse scoff
cry thunder fume charge protest object explain elaborate summarise summarize recount describe
go_on point_out""".split()
QUOTE_VERBS = [v.replace("_", " ") for v in QUOTE_VERBS]

#: Verbs whose clause is speech without a "that" ("Macron said the UK and France are …").
BARE_CLAUSE_VERBS = set(
    """say tell add argue insist claim warn admit acknowledge suggest note explain write stress
    state assert maintain contend reply respond concede predict""".split()
)

#: Verbs that take an object before their clause ("told reporters", "warned MPs").
OBJECT_VERBS = set("tell ask urge assure inform remind warn answer".split())

_VERB_BASE: dict[str, str] = {}
for _base in QUOTE_VERBS:
    for _form in _forms(_base):
        _VERB_BASE.setdefault(_form, _base)

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

PRONOUNS = {"he": "m", "she": "f", "they": "p"}
_HONORIFIC_GENDER = {
    "mr": "m", "mr.": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "monsieur": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "dame": "f", "lady": "f",
    "queen": "f", "princess": "f", "madame": "f", "baroness": "f", "mme": "f",
}
_HONORIFICS = set(_HONORIFIC_GENDER) | {
    "dr", "dr.", "prof", "prof.", "sen", "sen.", "rep", "rep.", "gov", "gov.", "gen", "gen.",
    "lt", "lt.", "col", "col.", "capt", "capt.", "sgt", "sgt.", "adm", "adm.", "rev", "rev.",
    "hon", "hon.", "mx", "mx.", "baron",
}
#: Words that make up titles and roles ("United Kingdom Prime Minister", "home secretary").
ROLE_WORDS = set(
    """president prime minister ministers secretary chancellor senator representative
    congressman congresswoman congressmember governor mayor king queen prince princess chief
    leader leaders general colonel professor doctor pope chairman chairwoman chair chairperson
    spokesman spokeswoman spokesperson spokespeople director ceo judge justice ambassador
    commissioner foreign home defence defense deputy vice attorney speaker premier officer
    officers commander admiral sheriff councillor councilman councilwoman mp mep mps meps
    secretary-general envoy adviser advisor aide aides official officials head founder
    executive manager economist analyst analysts expert experts lawyer lawyers member members
    candidate nominee lawmaker lawmakers negotiator negotiators diplomat diplomats minister's
    chancellor's correspondent editor attorney-general solicitor-general governor-general
    auditor-general director-general inspector-general surgeon-general vice-president
    vice-chancellor vice-premier lieutenant-governor""".split()
) | {h.rstrip(".") for h in _HONORIFICS}
#: Words for people that can speak, as a subject on their own ("officials said").
PEOPLE_NOUNS = set(
    """official officials spokesman spokeswoman spokesperson spokespeople police aide aides
    adviser advisers advisor advisors source sources analyst analysts expert experts critic
    critics lawmaker lawmakers minister ministers diplomat diplomats negotiator negotiators
    leader leaders president prime-minister secretary chancellor governor mayor senator
    ambassador commissioner statement spokesperson's residents witnesses witness campaigners
    protesters organisers organizers authorities government ministry department office
    campaigner activist activists economist economists doctor doctors nurse nurses teacher
    teachers lawyer lawyers judge prosecutor prosecutors investigators researchers scientists
    officers officer commander general chief director executive manager founder member members
    delegate delegates envoy company companies firm firms group union unions council party
    bank agency committee commission court board campaign charity organisation organization
    club team airline family families regulator watchdog administration prosecutors lawyers
    spokespeople owners operator operators retailer retailers insurer insurers""".split()
)
#: Occupations and descriptions written before a name ("Historian Clara Whitby", "coach Lena Brandt").
DESCRIPTORS = set(
    """nurse historian businessman businesswoman farmer coach author miner boxer economist developer
    organiser organizer teacher professor student driver pensioner resident lawyer activist
    campaigner writer novelist artist singer actor actress player striker goalkeeper captain
    manager chef scientist researcher engineer pilot sergeant detective inspector constable
    barrister solicitor founder owner landlord tenant mother father widow veteran entrepreneur
    investor broker trader banker presenter broadcaster journalist reporter columnist pastor
    priest imam rabbi bishop archbishop vicar cardinal former shopkeeper fisherman firefighter
    paramedic midwife surgeon dentist pharmacist volunteer historian biographer curator
    archivist principal headteacher headmaster warden administrator superintendent""".split()
)
ROLE_WORDS |= DESCRIPTORS | {"councilmember", "assemblyman", "assemblywoman", "assemblymember",
                             "alderman", "alderwoman", "selectman", "supervisor", "delegate"}
#: Words written before a title and a name that are not part of the name ("City Councilmember …").
_NAME_QUALIFIERS = {"city", "state", "county", "federal", "former", "deputy", "acting", "interim",
                    "senior", "junior", "assistant", "associate", "chief", "general", "then"}
_ROLE_SYNONYMS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                  "dr": "doctor", "prof": "professor", "lt": "lieutenant", "col": "colonel",
                  "capt": "captain", "adm": "admiral", "sgt": "sergeant", "supt": "superintendent"}
#: Last words of names of places and organisations, which are not people.
ORG_HEADS = set(
    """pentagon kremlin vatican treasury elysee fed bundesbank knesset congress senate
    street channel east west north south house office times post union kingdom states party
    council committee ministry department bank court university college school hospital airport
    road city county river sea ocean island islands republic agency commission parliament
    government association service services company group news journal summit treaty treaties
    accords square park bridge station church centre center club fund foundation institute
    organisation organization forces army navy police league cup games day week year act bill
    board authority trust network networks media press review magazine guardian telegraph herald
    tribune chronicle gazette express mail mirror standard independent coast valley mountains
    alliance coalition nations assembly senate congress cabinet palace castle hall tower museum
    gallery library theatre theater festival award awards prize market exchange inc ltd plc corp
    holdings partners airlines airways motors energy nhs europe africa asia america britain france
    germany russia ukraine china iran israel london paris washington brussels moscow kyiv""".split()
)
#: Common first names with their usual gender, to tell "she" from "he" where no title does.
_FEMALE = set(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley emily donna michelle carol amanda dorothy melissa deborah stephanie
    rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen
    samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth
    julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea
    cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean
    abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella theresa
    diana natalie brittany charlotte marie kayla alexis lori ursula angela yvette priti suella
    kemi liz theresa nicola ana leah nadia claire claire claudia isla orla gwen clara
    bethany lucy amy lena priya nina sarah elena elizabeth hillary kamala nancy ursula giorgia
    annalena angela marine christine ruth anke anna ruth olena yulia svetlana natalia olga
    irina fatima aisha layla mariam sofia lucia chiara giulia ines marta beatriz camille chloe
    manon lea sophie julia ingrid astrid freya harriet imogen phoebe poppy zoe ella mia ava
    jane joanna rosie rose kate katie sally wendy jo jess yvette rachel angela emily""".split()
)
_MALE = set(
    """james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
    brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron
    jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith
    roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe
    bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell
    bobby mason philip louis keir boris rishi emmanuel vladimir volodymyr olaf friedrich joe
    donald barack xi narendra justin benjamin recep pedro mark tom owen colin alan carlos
    raj neil luca ian michael ravi callum ben greg pieter simon hugh nigel ed jeremy gordon tony
    david liam oliver harry jacob charlie leo oscar archie alfie freddie theo finn hamish angus
    ewan rhys dylan gareth dafydd sean ciaran niall conor aidan emmanuel jean pierre francois
    michel jacques olivier nicolas sebastien gerhard helmut wolfgang hans klaus jurgen matteo
    giuseppe marco antonio luigi sergei dmitry alexei ivan mikhail andriy oleksandr petro ahmed
    mohammed muhammad ali hassan omar yusuf ibrahim mustafa hamza tariq sadiq rishi sunil amit
    rahul vikram arjun""".split()
) - _FEMALE
_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "one", "two", "both", "several",
                "some", "many", "other", "another", "three", "four", "senior", "top", "this", "that"}
_JOINT_HEADS = {"leaders", "men", "women", "pair", "sides", "heads", "presidents", "ministers",
                "governments", "countries", "duo", "allies", "two", "both", "leaders'"}
_FIRST_NAMES = _MALE | _FEMALE
_ARTICLES = {"a", "an", "the", "his", "her", "their", "its", "our"}
_ROMAN_RE = re.compile(r"[IVXLC]+")  # "Elizabeth II", "Carl XVI Gustaf": numerals, not acronyms
#: Letters after a name that do not make it an acronym ("Lionel Robbards QC").
_POST_NOMINALS = {"QC", "KC", "SC", "MP", "MEP", "MSP", "MLA", "OBE", "MBE", "CBE", "KBE", "DBE", "AO", "AC", "AM"}
#: Prepositions whose object can end a subject phrase ("… of insurance giant HIH says").
_PREPOSITIONS_OF = {"of", "into", "about", "against", "over", "on", "with", "for", "by", "from"}
#: … and those before a country or organisation that a name in commas follows
#: ("ambassador to Brazil, Denise Almao,").
_BEFORE_PLACE = _PREPOSITIONS_OF | {"to", "in", "at"}
_SENTENCE_STARTERS = {
    "on", "in", "at", "but", "and", "so", "yet", "meanwhile", "however", "later", "earlier",
    "then", "also", "speaking", "asked", "addressing", "after", "before", "when", "while",
    "as", "last", "this", "for", "with", "without", "during", "since", "separately",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "if", "although", "because", "now",
    "instead", "still", "indeed", "here", "there", "it", "we", "i", "you", "that", "all",
    "these", "those", "what", "which", "who", "nothing", "something", "everything", "not",
}
_ADVERBS = {
    "also", "later", "then", "previously", "once", "again", "reportedly", "publicly", "has",
    "had", "have", "would", "will", "was", "is", "did", "does", "do", "already",
    "repeatedly", "recently", "earlier", "just", "further", "simply", "not", "never",
    "firmly", "separately", "subsequently", "privately", "quickly", "still",
    "afterwards", "afterward", "shortly", "now", "today", "yesterday",
}
_TIME_WORDS = {
    "on", "in", "at", "during", "after", "before", "last", "this", "yesterday", "today",
    "tonight", "earlier", "later", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "week", "month", "year", "morning", "afternoon", "evening", "night",
    "statement", "interview", "a", "an", "the", "press", "conference", "briefing", "speech",
    "news", "with", "to", "from", "via", "told", "recently", "also", "once", "again", "while",
    "visit", "visiting", "meeting", "summit", "joint", "written", "post", "posted", "social",
    "media", "x", "his", "her", "their", "its", "afterwards", "afterward", "shortly",
    "then", "now", "ago", "hours", "days", "weeks", "months",
}
_OBJECT_WORDS = {
    "reporters", "journalists", "me", "him", "her", "them", "us", "you", "mps", "lawmakers",
    "parliament", "congress", "the", "a", "an", "members", "supporters", "crowd", "crowds",
    "audience", "listeners", "viewers", "readers", "delegates", "colleagues", "staff",
    "officials", "leaders", "allies", "voters", "citizens", "peers", "senators", "senator",
    "ministers", "his", "their", "its", "fellow",
    # "told the AFP news agency", "told the inquiry", "told the court", "told a radio station"
    "news", "agency", "newspaper", "radio", "television", "station", "channel", "broadcaster",
    "programme", "program", "inquiry", "commission", "court", "jury", "hearing", "committee",
    "conference", "briefing", "magazine", "paper", "website",
}
_CLAUSE_BLOCKERS = {"to", "of", "about", "nothing", "so", "goodbye", "yes", "no", "hello", "sorry", "thanks",
                    "little", "much", "more", "less"}

_ABBREVIATIONS = frozenset(ABBREVIATIONS | {"mr", "mrs", "ms", "dr", "mx", "st"})
# a word (with inner apostrophes, hyphens and dots: "we're", "long-term", "U.S.") and the
# full stop after it, or a mark; _tokens then leaves the stop on an abbreviation ("Mr.",
# "Sen.") or an initial ("J.") and splits it off elsewhere. Deciding that in Python, only
# for the words that end in a stop, is three times faster than a regex alternation of
# every abbreviation tried at every position.
_TOKEN_RE = re.compile(r"[^\W_]\w*(?:['\-.][^\W_]\w*)*\.?|[^\w\s\x00]")


def _keeps_stop(word: str) -> bool:
    """Whether a full stop after ``word`` belongs to it: an abbreviation or an initial."""
    last = word[-1]
    if "a" <= last.lower() <= "z" and (len(word) == 1 or not (word[-2].isalnum() or word[-2] == "_")):
        return True  # "J.", "U.S."
    return word.lower() in _ABBREVIATIONS


class _Tok:
    """A token of narration with its offsets; ``low``, ``bare`` and ``cap`` computed once."""

    __slots__ = ("text", "start", "end", "low", "bare", "cap")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end
        self.low = text.lower()
        self.bare = self.low.rstrip(".")
        self.cap = text[:1].isupper()

    def __repr__(self) -> str:
        return f"_Tok({self.text!r}, {self.start}, {self.end})"


def _tokens(norm: str, start: int, end: int) -> list[_Tok]:
    out = []
    append = out.append
    find = norm.find
    a = start
    # findall and str.find rather than match objects: a third faster. Only white space,
    # NULs and lone underscores lie between tokens, and no token starts with one of them,
    # so find returns the offset the regex matched at.
    for text in _TOKEN_RE.findall(norm, start, end):
        a = find(text, a)
        b = a + len(text)
        if len(text) > 1 and text[-1] == "." and not _keeps_stop(text[:-1]):
            append(_Tok(text[:-1], a, b - 1))
            append(_Tok(".", b - 1, b))
        else:
            append(_Tok(text, a, b))
        a = b
    return out


# --- people -------------------------------------------------------------------------------


@dataclass(eq=False)  # people are compared by identity: two namesakes are two people
class _Person:
    name: str                      # canonical label
    aliases: set[str] = field(default_factory=set)
    role: str | None = None
    role_words: set[str] = field(default_factory=set)
    qualifiers: set[str] = field(default_factory=set)
    gender: str | None = None      # 'm', 'f', 'p' (plural/organisation) or None
    given: bool = False            # named by the user
    mentions: int = 0
    last_seen: int = -1
    joint: bool = False
    members: tuple[str, ...] = ()

    @property
    def surname(self) -> str:
        return self.name.split()[-1].lower() if self.name else ""


@dataclass
class _Mention:
    """A reference to a speaker found in narration."""

    kind: str          # 'name', 'role', 'pronoun', 'joint', 'group'
    text: str          # as written
    core: list[str]    # name tokens (for 'name') or head words
    role: list[str]
    qualifiers: list[str]
    honorific: str | None
    start: int
    end: int


_QUALIFIER_MAP = {
    "french": "france", "british": "britain", "uk": "britain", "u.k.": "britain",
    "united kingdom": "britain", "britain's": "britain", "english": "britain", "us": "us",
    "u.s.": "us", "american": "us", "america's": "us", "german": "germany", "russian": "russia",
    "ukrainian": "ukraine", "ukraine's": "ukraine", "france's": "france", "israeli": "israel",
    "chinese": "china", "italian": "italy", "spanish": "spain", "canadian": "canada",
    "irish": "ireland", "indian": "india", "japanese": "japan", "iranian": "iran",
}


def _qualifier_key(words: Iterable[str]) -> set[str]:
    out = set()
    joined = " ".join(w.lower() for w in words)
    if joined in _QUALIFIER_MAP:
        return {_QUALIFIER_MAP[joined]}
    for w in words:
        lw = w.lower()
        if lw.endswith("'s"):
            lw = lw[:-2]
        out.add(_QUALIFIER_MAP.get(lw, lw))
    return out


class _Registry:
    """The people of one document: given ones first, then those the text introduces."""

    def __init__(self, speakers: Mapping[str, Iterable[str]] | None):
        self.people: list[_Person] = []
        self.alias_index: dict[str, _Person] = {}
        self.joint: dict[tuple[str, ...], _Person] = {}
        for canonical, aliases in (speakers or {}).items():
            person = _Person(canonical, given=True)
            self.people.append(person)
            for alias in [canonical, *aliases]:
                self._index(alias, person)
            # a role given as an alias ("the Prime Minister") lets the role alone find them
            for alias in aliases:
                words = [w.lower() for w in alias.split()]
                role = [w for w in words if w.strip(".") in ROLE_WORDS]
                if role and len(role) >= len([w for w in words if w not in _DETERMINERS]) - 1:
                    person.role_words |= {w.strip(".") for w in role}

    def _index(self, alias: str, person: _Person) -> None:
        key = _alias_key(alias)
        if key:
            self.alias_index.setdefault(key, person)
            person.aliases.add(alias)

    def resolve(self, m: _Mention, pos: int) -> _Person | None:
        """The person a name or role mention refers to, registering new people."""
        person = self.alias_index.get(_alias_key(m.text))
        core_text = " ".join(m.core)
        if person is None and m.kind == "name":
            person = self.alias_index.get(_alias_key(core_text))
            if person is None:
                person = self._by_name(m.core, m.honorific)
        if person is None and m.kind == "role":
            person = self._by_role(m.role, m.qualifiers)
        if person is None:
            if m.kind == "name":
                person = _Person(core_text)
            else:  # a role or group not yet seen: it speaks under its own description
                words = m.text.split()
                label = " ".join(words[1:] if words and words[0].lower() in {"the", "a", "an"} else words)
                person = self.alias_index.get(_alias_key(label)) or _Person(label)
            self.people.append(person)
            self._index(person.name, person)
        elif m.kind == "name" and not person.given and len(m.core) > len(person.name.split()):
            # a fuller name for someone met by surname first
            person.name = core_text
        if m.kind in ("name", "role"):
            self._index(m.text, person)
        if m.role:
            person.role_words |= {_ROLE_SYNONYMS.get(w.lower().strip("."), w.lower().strip(".")) for w in m.role}
            if person.role is None:
                person.role = " ".join(m.role)
            person.qualifiers |= _qualifier_key(m.qualifiers)
        if m.honorific and person.gender is None:
            person.gender = _HONORIFIC_GENDER.get(m.honorific.lower())
        if person.gender is None and m.kind == "name" and len(m.core) >= 2:
            first = m.core[0].lower()
            person.gender = "f" if first in _FEMALE else "m" if first in _MALE else None
        if m.kind == "role" and any(w.lower() in {"spokeswoman", "chairwoman", "congresswoman"} for w in m.role):
            person.gender = person.gender or "f"
        person.mentions += 1
        person.last_seen = pos
        return person

    def _by_name(self, core: list[str], honorific: str | None) -> _Person | None:
        if not core:
            return None
        last = core[-1].lower()
        candidates = [p for p in self.people if not p.joint and p.surname == last]
        if len(core) > 1:
            first = core[0].lower()
            exact = [p for p in candidates if p.name.lower().split()[0] == first
                     or len(p.name.split()) == 1]
            candidates = exact
        elif not candidates and honorific and honorific.lower() in {"sir", "dame", "lord", "lady"}:
            candidates = [p for p in self.people if p.name.lower().split()[0] == last]
        if not candidates:
            return None
        return max(candidates, key=lambda p: p.last_seen)

    def _by_role(self, role: list[str], qualifiers: list[str]) -> _Person | None:
        words = {_ROLE_SYNONYMS.get(w.lower().strip("."), w.lower().strip(".")) for w in role}
        quals = _qualifier_key(qualifiers) if qualifiers else set()
        candidates = [
            p for p in self.people
            if not p.joint and words and words <= p.role_words
            and (not quals or not p.qualifiers or quals & p.qualifiers)
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda p: p.last_seen)

    def joint_of(self, members: list[_Person]) -> _Person:
        names = tuple(dict.fromkeys(p.name for p in members))
        if names not in self.joint:
            person = _Person(" & ".join(names), joint=True, members=names, gender="p")
            self.joint[names] = person
            self.people.append(person)
        return self.joint[names]


_ALIAS_WORD_RE = re.compile(r"[\w'.-]+")


@functools.lru_cache(maxsize=8192)
def _alias_key(alias: str) -> str:
    """The form names are looked up by; cached, as the same names recur."""
    words = [w for w in _ALIAS_WORD_RE.findall(alias.lower()) if w not in {"the", "a", "an"}]
    return " ".join(w.rstrip(".") for w in words)


# --- the engine ------------------------------------------------------------------------------


@dataclass
class Attribution:
    """What ``attribute_document`` finds: the utterances and the speakers."""

    utterances: pd.DataFrame
    speakers: pd.DataFrame


class _Document:
    def __init__(self, text: str, speakers: Mapping[str, Iterable[str]] | None, doc_id: Any):
        self.text = text
        self.doc_id = doc_id
        self.norm = normalise(text)
        self.seg: Segmentation = segment(self.norm)
        self.registry = _Registry(speakers)
        self.quotes: list[Quote] = find_quotes(self.norm, text, self.seg.paragraphs)
        self.speech: list[dict[str, Any]] = []
        self.current: _Person | None = None      # speaker a pronoun refers to
        self.recent: list[_Person] = []          # people named in narration, latest last
        self.used_verbs: set[int] = set()        # start offsets of verbs used as quote cues
        # where speech verbs and "according to" stand: found once, looked up per sentence
        # (a verb inside a closed quotation is never a cue: leave those out now)
        closed = [(q.start, q.end) for q in self.quotes if q.close >= 0]
        starts = [a for a, _ in closed]

        def outside(pos: int) -> bool:
            k = bisect.bisect_right(starts, pos) - 1
            return k < 0 or pos >= closed[k][1]

        low = self.norm.lower()
        if len(low) == len(self.norm):
            found = [m.start() for m in _CUE_LOWER_RE.finditer(low)]
        else:  # lower() changed a length ("İ"): offsets would drift, so match case-blind
            found = sorted([m.start() for m in _VERB_RE.finditer(self.norm)]
                           + [m.start() for m in _ACCORDING_RE.finditer(self.norm)])
        self._cue_positions = [p for p in found if outside(p)]

    # -- people ---------------------------------------------------------------------------

    def _note(self, person: _Person | None) -> None:
        if person is None:
            return
        if person in self.recent:
            self.recent.remove(person)
        self.recent.append(person)

    def _pronoun(self, word: str) -> _Person | None:
        gender = PRONOUNS[word.lower()]
        if gender == "p":
            cur = self.current
            if cur is not None and (cur.joint or cur.gender == "p"):
                return cur
            singles = [p for p in self.recent if not p.joint and p.gender != "p"]
            if len(singles) >= 2:
                return self.registry.joint_of(singles[-2:])
            return cur
        candidates = ([self.current] if self.current else []) + list(reversed(self.recent))
        for p in candidates:
            if p is None or p.joint or p.gender == "p":
                continue
            if p.gender in (None, gender):
                if p.gender is None:
                    p.gender = gender
                return p
        return None

    def _speaker(self, m: _Mention | None, pos: int) -> _Person | None:
        if m is None or m.kind == "unknown":
            return None
        if m.kind == "pronoun" and m.text == "epithet":
            people = [p for p in ([self.current] if self.current else []) + list(reversed(self.recent))
                      if p is not None and not p.joint and p.gender != "p"]
            return people[0] if people else None
        if m.kind == "pronoun":
            return self._pronoun(m.text)
        if m.kind == "joint":
            singles = [p for p in self.recent if not p.joint and p.gender != "p"]
            if len(singles) >= 2:
                return self.registry.joint_of(singles[-2:])
            return self.registry.resolve(_Mention("role", m.text, [], [], [], None, m.start, m.end), pos)
        if m.kind == "pair":
            people = [self.registry.resolve(_mention_from_name(part, m.start, m.end), pos)
                      for part in m.core]
            people = [p for p in people if p is not None]
            for p in people:
                self._note(p)
            return self.registry.joint_of(people) if len(people) >= 2 else (people[0] if people else None)
        person = self.registry.resolve(m, pos)
        if person is not None and m.kind == "group":
            person.gender = "p"
        return person

    # -- mentions --------------------------------------------------------------------------

    def _scan_names(self, start: int, end: int) -> None:
        """Register the people a stretch of narration names (with a title or role, two or
        more name words, or a name already known), so that later surnames, roles and
        pronouns find them. Quotations are never scanned: their names are not speakers."""
        for m in _NAME_RUN_RE.finditer(self.norm, start, end):
            self._scan_run(m.start(), m.end())

    def _scan_run(self, start: int, end: int) -> None:
        # the cached mentions themselves: nothing below changes or keeps them, and their
        # offsets (relative to the run) are not read
        for rel, name in _names_in_run(self.norm[start:end]):
            if self._person_like(name):
                self._note(self.registry.resolve(name, start + rel))

    def _person_like(self, m: _Mention) -> bool:
        core = [w.lower() for w in m.core]
        if not core or core[-1] in ORG_HEADS or core[0] in ORG_HEADS or any(
                w.isupper() and len(w) > 1 and not _ROMAN_RE.fullmatch(w) and w not in _POST_NOMINALS for w in m.core):
            return False
        if m.role or m.honorific or len(core) >= 2:
            return True
        return _alias_key(m.text) in self.registry.alias_index or any(
            p.surname == core[-1] for p in self.registry.people if not p.joint)

    # -- quotations ----------------------------------------------------------------------------

    def _quote_window_after(self, q: Quote, nxt: Quote | None) -> tuple[int, int]:
        """Narration after a quotation, up to the sentence's end or the next quotation."""
        start = (q.close + 1) if q.close >= 0 else q.end
        end = self.seg.paragraphs[q.paragraph][1]
        if nxt is not None and nxt.paragraph == q.paragraph:
            end = min(end, nxt.open if nxt.open >= 0 else nxt.start)
        k = bisect.bisect_right(self.seg.sentence_starts, start)
        if k < len(self.seg.sentence_starts):
            end = min(end, self.seg.sentence_starts[k])
        return start, end

    def _quote_window_before(self, q: Quote, prev: Quote | None) -> tuple[int, int]:
        """Narration before a quotation, from the sentence's start or the quotation before."""
        end = q.open if q.open >= 0 else q.start
        start = self.seg.paragraphs[q.paragraph][0]
        if prev is not None and prev.paragraph == q.paragraph:
            start = (prev.close + 1) if prev.close >= 0 else prev.end
        k = bisect.bisect_right(self.seg.sentence_starts, end) - 1
        if k >= 0:
            start = max(start, self.seg.sentence_starts[k])
        return min(start, end), end

    def _has_cue(self, start: int, end: int) -> bool:
        """Whether a speech verb or "according to" stands in ``norm[start:end]``: where
        none does, no cue can be parsed, and tokenizing would be wasted."""
        k = bisect.bisect_left(self._cue_positions, start)
        return k < len(self._cue_positions) and self._cue_positions[k] < end

    def _cue_after(self, start: int, end: int) -> tuple[_Mention, _Tok] | None:
        if not self._has_cue(start, end):
            return None
        toks = _tokens(self.norm, start, end)
        while toks and toks[0].text in {",", ";", "-", ":", "(", ")"}:
            toks = toks[1:]
        if not toks:
            return None
        # "said Starmer", "added the Prime Minister"
        k = 0
        while k < len(toks) and toks[k].low in _ADVERBS:
            k += 1
        if k < len(toks) and _verb_at(toks, k):
            subj = _parse_subject_forward(toks[k + _verb_len(toks, k):])
            if subj is not None:
                return subj, toks[k]
        # "he said", "Starmer told reporters", "Hugh Hill, a doctor, said"
        for v in range(min(len(toks), 16)):
            if _verb_at(toks, v) and toks[v].low not in {"post", "continue", "report"}:
                subj = _parse_subject_backward(toks[:v])
                lead = [x for x in toks if x.start < (subj.start if subj else 0)]
                if subj is not None and len(lead) <= 6 and _tail_ok(toks[v + _verb_len(toks, v):]) and not any(
                        x.low in _VERB_BASE or x.low in PRONOUNS or x.text in {".", "!", "?"} for x in lead):
                    return (_unknown_speaker(subj, toks[v]) if _passive(toks, v) else subj), toks[v]
                break
        return None

    def _cue_before(self, start: int, end: int) -> tuple[_Mention, _Tok] | None:
        if not self._has_cue(start, end):
            return None
        toks = _tokens(self.norm, start, end)
        if not toks:
            return None
        # the quotation must follow the cue directly: "X said:", "X said,", "X told reporters:"
        verbs = [i for i in range(len(toks)) if _verb_at(toks, i)]
        if not verbs:
            return None
        v = verbs[-1]
        rest = toks[v + _verb_len(toks, v):]
        # tail allowed between verb and quotation: object, time/place phrase, then : or ,
        tail = [t for t in rest if t.text not in {",", ":", "-"}]
        if rest and rest[-1].text not in {":", ",", "-"} and len(tail) > 0:
            return None
        if len(tail) > 6 or any(not (t.low in _TIME_WORDS or t.low in _OBJECT_WORDS or t.cap) for t in tail):
            return None
        subj = _parse_subject_backward(toks[:v])
        if subj is None and toks[v].low.endswith("ing") and v > 0 and toks[v - 1].text == ",":
            # "Smith said …, adding: “…”": the subject of the sentence speaks
            subj = _clause_subject(toks[:v - 1])
        elif subj is not None and _passive(toks, v):
            subj = _unknown_speaker(subj, toks[v])
        if subj is None:
            subj = _parse_subject_forward(rest)
        if subj is None:
            return None
        return subj, toks[v]

    def _is_embedded(self, q: Quote, before: tuple[int, int]) -> bool:
        """A quotation inside a sentence (not opening it, not introduced by : or ,), or a
        fragment closing one: 'the pope said God made humans stewards of the land, "to
        cultivate it."' (after a comma, but starting in lower case)."""
        chunk = self.norm[before[0]:before[1]].rstrip(" " + PAD)
        if not WORD_RE.search(chunk):
            return False
        if chunk.endswith(",") and self.norm[q.start:q.start + 1].islower() and len(WORD_RE.findall(chunk)) >= 3:
            return True
        return not chunk.endswith((":", ",", "-"))

    def run(self) -> None:
        seg = self.seg
        by_para: dict[int, list[Quote]] = {}
        for q in self.quotes:
            by_para.setdefault(q.paragraph, []).append(q)
        paragraphs_of: dict[int, set[int]] = {}
        for q in self.quotes:
            paragraphs_of.setdefault(q.group, set()).add(q.paragraph)
        continued = {g for g, ps_ in paragraphs_of.items() if len(ps_) > 1}
        self._group_speaker: dict[int, tuple[_Person | None, str | None]] = {}
        self._para_speaker: _Person | None = None  # who spoke last in the paragraphs before
        self._scanned = 0
        self._quote_marks = [((q.open if q.open >= 0 else q.start), (q.close + 1) if q.close >= 0 else q.end)
                             for q in self.quotes]
        for p, (ps, pe) in enumerate(seg.paragraphs):
            if p in seg.headings:
                self._scanned = pe
                continue
            pq = by_para.get(p, [])
            for q in pq:
                if q.close < 0 and q.group not in continued:
                    _close_at_inner_cue(self.norm, q)
            first = seg.paragraph_first_sentence[p]
            last = seg.paragraph_first_sentence[p + 1] if p + 1 < len(seg.paragraphs) else len(seg.sentence_starts)
            bounds = list(seg.sentence_starts[first:last]) + [pe]
            sentences = list(zip(bounds[:-1], bounds[1:]))
            self._last_in_para: _Person | None = None
            accepted: list[tuple[int, int]] = []
            last_speech: Quote | None = None
            si = 0
            for i, q in enumerate(pq):
                q_open = q.open if q.open >= 0 else q.start
                while si < len(sentences) and sentences[si][1] <= q_open:
                    self._sentence(*sentences[si], accepted)
                    si += 1
                self._scan_until(q_open)
                # the window before a quotation reaches back past scare quotes to the last
                # quotation taken as speech
                if self._quote(q, last_speech, pq[i + 1] if i + 1 < len(pq) else None, ps):
                    accepted.append((q_open, (q.close + 1) if q.close >= 0 else q.end))
                    last_speech = q
            while si < len(sentences):
                self._sentence(*sentences[si], accepted)
                si += 1
            self._scan_until(pe)
            if self._last_in_para is not None:
                self._para_speaker = self._last_in_para
        # a quotation continued over paragraphs takes the speaker its cue names
        named = {}
        for span in self.speech:
            if span["mode"] == "direct" and span["cue"] is not None and span.get("_group") is not None:
                named.setdefault(span["_group"], span)
        for span in self.speech:
            src = named.get(span.get("_group"))
            if src is not None and span["cue"] is None:
                span.update(speaker=src["speaker"], joint=src["joint"], _person=src["_person"])

    def _scan_until(self, pos: int) -> None:
        """Scan narration for names up to ``pos``, skipping quotations."""
        start = self._scanned
        if pos <= start:
            return
        k = bisect.bisect_right(self._quote_marks, (start, 1 << 62)) - 1
        k = max(k, 0)
        cursor = start
        while k < len(self._quote_marks) and self._quote_marks[k][0] < pos:
            a, b = self._quote_marks[k]
            if b <= cursor:
                k += 1
                continue
            if a > cursor:
                self._scan_names(cursor, min(a, pos))
            cursor = max(cursor, b)
            k += 1
        if cursor < pos:
            self._scan_names(cursor, pos)
        self._scanned = max(pos, cursor)

    def _quote(self, q: Quote, prev: Quote | None, nxt: Quote | None, ps: int) -> bool:
        """Decide whether a quotation is speech and whose; record it. True if speech."""
        before = self._quote_window_before(q, prev)
        after = self._quote_window_after(q, nxt)
        words = len(WORD_RE.findall(self.norm, q.start, q.end))
        speaker: _Person | None = None
        cue: str | None = None
        embedded = self._is_embedded(q, before)
        found = None if embedded else self._cue_before(*before)
        if found is None:
            found = self._cue_after(*after)
        if found is not None:
            mention, verb = found
            self._scan_until(verb.start)
            speaker = self._speaker(mention, verb.start)
            cue = _cue_text(self.norm, verb, after if verb.start >= after[0] else before)
            self.used_verbs.add(verb.start)
        elif q.group in self._group_speaker and q.start <= ps + 1:
            speaker, cue = self._group_speaker[q.group]  # a quotation continued from the paragraph before
        elif embedded:
            return False  # a scare quote, a title, or a partial quotation inside a sentence
        elif self._last_in_para is not None:
            speaker = self._last_in_para  # a quotation split by its attribution
        elif q.start <= ps + 1 and self._para_speaker is not None and words >= 4:
            speaker = self._para_speaker  # a new paragraph of the same speaker
        elif q.close < 0 and nxt is not None and nxt.group == q.group:
            pass  # a part of a quotation flattened into one line: a later part's cue names who
        elif words < 6:
            return False
        self._group_speaker[q.group] = (speaker, cue)
        if speaker is not None:
            self._last_in_para = speaker
            self._set_current(speaker)
        start, end = _trim(self.norm, q.start, q.end)
        if end > start:
            span = self._span(start, end, speaker, "direct", cue)
            span["_group"] = q.group
            self.speech.append(span)
        return True

    def _sentence(self, s_start: int, s_end: int, accepted: list[tuple[int, int]]) -> None:
        """Reported speech in one sentence's narration."""
        self._scan_until(s_end)
        opener = _NAME_RUN_RE.match(self.norm, s_start, min(s_end, s_start + 120))
        if opener is not None:
            # "Zelensky later thanked Rutte. “…,” he wrote": the person a sentence opens
            # with is the one a pronoun after it points to
            names = _names_in_run(opener.group())
            after = self.norm[opener.end():opener.end() + 3].strip()[:1]
            if names and names[0][0] == 0 and opener.end() < s_end and (after.islower() or after == ","):
                person = self.registry.alias_index.get(_alias_key(names[0][1].text))
                if person is not None and not person.joint:
                    self.current = person
        k = bisect.bisect_left(self._cue_positions, s_start)
        hi = bisect.bisect_left(self._cue_positions, s_end, lo=k)
        if not any(p not in self.used_verbs for p in self._cue_positions[k:hi]):
            return  # no speech verb in the sentence but those already cueing a quotation
        local = []
        for r in accepted[max(bisect.bisect_left(accepted, (s_start, 0)) - 1, 0):]:
            if r[0] >= s_end:
                break
            if r[1] > s_start:
                local.append(r)

        def in_quote(i: int) -> bool:
            return any(a <= i < b for a, b in local)

        accepted = local

        for span in self._reported_in_sentence(s_start, s_end, in_quote, accepted):
            self.speech.append(span)
            if span["_person"] is not None:
                self._last_in_para = span["_person"]

    def _span(self, start: int, end: int, speaker: _Person | None, mode: str, cue: str | None) -> dict[str, Any]:
        return {
            "start": start, "end": end, "mode": mode, "cue": cue,
            "speaker": speaker.name if speaker is not None else None,
            "joint": bool(speaker is not None and speaker.joint),
            "_person": speaker,
        }

    # -- reported speech ---------------------------------------------------------------------

    def _reported_in_sentence(self, s_start: int, s_end: int, in_quote, quote_ranges) -> list[dict[str, Any]]:
        norm = self.norm
        out: list[dict[str, Any]] = []
        end = s_end  # the sentence without its final punctuation
        while end > s_start and (norm[end - 1].isspace() or norm[end - 1] in '.!?"\'' + PAD):
            if norm[end - 1] in "\"'" and norm.count(norm[end - 1], s_start, end) % 2 == 0:
                break  # the closing mark of a quotation inside the clause stays with it
            end -= 1
        toks = _tokens(norm, s_start, s_end)
        if not toks:
            return out
        # according to X, CLAUSE  /  CLAUSE, according to X.
        m = _ACCORDING_RE.search(norm, s_start, end)
        if m is not None and norm[m.end():m.end() + 3].lower().rstrip(" ,.") in {"us", "me", "you"}:
            m = None  # "according to us": the words of someone quoted, not a source
        if m is not None and not in_quote(m.start()):
            src_toks = [t for t in toks if t.start >= m.end() and t.start < end]
            front = m.start() - s_start < 3  # "According to X, CLAUSE" (else "CLAUSE, according to X")
            if front:
                comma = next((k for k, t in enumerate(src_toks) if t.text == ","), None)
                source = src_toks[:comma] if comma is not None else []
            else:
                source = src_toks
            subj = _parse_subject_forward(source) if source else None
            if subj is None and source:
                # a source that is not a person: "according to the figures", "… the OBR",
                # "according to a transcript translated into English" (the head noun phrase)
                head = next((k for k, t in enumerate(source) if k > 0 and not t.cap and (
                    t.low in _PREPOSITIONS_OF or t.low in {"in", "at", "into", "to", "that", "which", "who"}
                    or (t.low.endswith(("ed", "ing")) and t.low not in PEOPLE_NOUNS))), len(source))
                source = source[:head] if head <= 8 else []
            if subj is None and source:
                label = " ".join(t.text for t in source if t.low not in {"the", "a", "an"})
                subj = _Mention("group", label, [label], [], [], None, source[0].start, source[-1].end)
            if subj is not None:
                person = self._speaker(subj, m.start())
                if front:
                    rest = src_toks[len(source):]
                    comma_at = _clause_after_appositive(rest) if rest else None
                    if comma_at is not None:
                        a, b = _trim(norm, comma_at, end)
                        if self._clause_ok(a, b, in_quote):
                            out.append(self._span(a, b, person, "reported", "according to"))
                else:
                    a, b = _trim(norm, s_start, m.start())
                    # '"…," he said, according to a transcript': the clause has its own cue
                    cued = any(a <= v < b for v in self.used_verbs)
                    if self._clause_ok(a, b, in_quote) and not cued:
                        out.append(self._span(a, b, person, "reported", "according to"))
                if out:
                    self._set_current(person)
                return out
        resume = s_start  # tokens before this are inside a clause already found
        last_person: _Person | None = None  # speaker of the clause found last in this sentence
        index = {t.start: n for n, t in enumerate(toks)}
        lo = bisect.bisect_left(self._cue_positions, s_start)
        hi = bisect.bisect_left(self._cue_positions, s_end)
        candidates = sorted({index[p_] for p_ in self._cue_positions[lo:hi] if p_ in index})
        for idx in candidates:
            t = toks[idx]
            if t.start < resume or in_quote(t.start) or t.start in self.used_verbs or not _verb_at(toks, idx):
                continue
            vlen = _verb_len(toks, idx)
            after = toks[idx + vlen] if idx + vlen < len(toks) else None
            if after is not None and (after.low in {"by", "of"} or (after.text[:1].isdigit() and t.bare.startswith("add"))):
                # "cemeteries maintained by the Commission", "union claims of a witch-hunt",
                # "Kallis and McKenzie added 72 without loss"
                continue
            base = _VERB_BASE.get(_verb_phrase(toks, idx).lower())
            before = toks[:idx]
            if len(before) >= 3 and [x.low for x in before[-3:-1]] == ["quoted", "as"] or (
                    len(before) >= 2 and [x.low for x in before[-2:]] == ["quoted", "as"]):
                # "X was quoted as saying that …": X speaks
                before = before[: len(before) - 2]
                while before and before[-1].low in {"was", "is", "were", "are", "been", "being", "has", "had"}:
                    before = before[:-1]
            subj = _parse_subject_backward(before) if resume == s_start else None
            if resume == s_start and _passive(toks, idx):
                subj = _unknown_speaker(subj, t, start=s_start)
            participle = t.low.endswith("ing")
            if subj is None and idx > 0 and toks[idx - 1].low in {"but", "and"} and (
                    last_person is not None or _clause_subject(toks[:idx - 1]) is not None):
                # "… said CLAUSE but warned that CLAUSE", "she called it X and said …": the
                # subject of the first verb speaks
                first = _clause_subject(toks[:idx - 1])
                subj_person = last_person if last_person is not None else self._speaker(first, t.start)
            elif subj is None and participle and idx > 0 and toks[idx - 1].text == ",":
                # "…, adding that CLAUSE": the person the sentence opens with, else the
                # current speaker
                opener = _sentence_opener(toks[:idx])
                subj_person = self._speaker(opener, t.start) if opener is not None else self.current
            elif subj is None:
                # CLAUSE, said X.   (reported speech with its cue at the end)
                if idx > 0 and toks[idx - 1].text == "," and self._cue_ends_sentence(toks, idx, end):
                    fwd = _parse_subject_forward(toks[idx + vlen:])
                    if fwd is not None:
                        person = self._speaker(fwd, t.start)
                        a, b = _trim(norm, s_start, toks[idx - 1].start)
                        if self._clause_ok(a, b, in_quote):
                            out.append(self._span(a, b, person, "reported", _verb_phrase(toks, idx)))
                            self._set_current(person)
                            return out
                continue
            else:
                subj_person = self._speaker(subj, t.start)
            # CLAUSE, X said.   and   CLAUSE_A, X said, CLAUSE_B.
            if subj is not None and subj.start > s_start:
                comma = _last_comma_before(toks, subj.start)
                if comma is not None:
                    after_verb = [x for x in toks[idx + vlen:] if x.start < end]
                    if self._cue_ends_sentence(toks, idx, end):
                        a, b = _trim(norm, s_start, comma)
                        if self._clause_ok(a, b, in_quote, minimum=2) and not in_quote(a):
                            out.append(self._span(a, b, subj_person, "reported", _verb_phrase(toks, idx)))
                            self._set_current(subj_person)
                            return out
                    elif after_verb and after_verb[0].text == ",":
                        a, b = _trim(norm, s_start, comma)
                        c, d = _trim(norm, after_verb[0].end, end)
                        if b > a and self._clause_ok(c, d, in_quote, minimum=2):
                            out.append(self._span(a, b, subj_person, "reported", _verb_phrase(toks, idx)))
                            out.append(self._span(c, d, subj_person, "reported", _verb_phrase(toks, idx)))
                            self._set_current(subj_person)
                            return out
            # X said (that) CLAUSE
            j = _skip_complement_head(toks, idx + vlen, base)
            if j is None or j >= len(toks):
                continue
            that = _find_that(toks, idx + vlen, base)
            if that is not None:
                j = that
            had_that = toks[j].low == "that" and j + 1 < len(toks)
            if had_that:
                j += 1
            elif base in {"ask", "wonder", "question"} and toks[j].low in {"whether", "if", "why", "how", "what", "when", "who"}:
                had_that = True
            elif base not in BARE_CLAUSE_VERBS or (toks[j].low in _CLAUSE_BLOCKERS and not (
                    # "Police said no arrests had been made" (but not "she said no to …")
                    toks[j].low == "no" and j + 1 < len(toks) and toks[j + 1].text[:1].isalpha()
                    and toks[j + 1].low != "to")):
                continue
            a, b = toks[j].start, end
            if idx > 0 and toks[idx - 1].low == "who":
                # "Queen Elizabeth, who said CLAUSE, spoke of …": the relative clause ends
                # at its comma
                b = next((x.start for x in toks[j + 1:] if x.text == "," and x.start < end), end)
            # the clause stops at a quotation taken as direct speech, or at ", adding that"
            for qa, _qb in quote_ranges:
                if a <= qa < b:
                    b = qa
            for k in range(j + 1, len(toks) - 1):
                if toks[k].start >= b:
                    break
                if toks[k].text == "," and toks[k + 1].low.endswith("ing") and toks[k + 1].low in _VERB_BASE:
                    b = toks[k].start
                    break
                if toks[k].low in {"but", "and"} and toks[k + 1].low in _VERB_BASE and \
                        toks[k + 1].low.endswith(("ed", "said", "told", "wrote")) and (
                        k + 2 < len(toks) and toks[k + 2].low == "that"):
                    b = toks[k].start  # "… but warned that …": a second clause of the same speaker
                    break
            a, b = _trim(norm, a, b)
            if in_quote(a) or not self._clause_ok(a, b, in_quote, minimum=2):
                continue
            out.append(self._span(a, b, subj_person, "reported", _verb_phrase(toks, idx)))
            self._set_current(subj_person)
            last_person = subj_person
            resume = b
        return out

    def _set_current(self, person: _Person | None) -> None:
        if person is not None:
            self.current = person
            self._note(person)

    def _cue_ends_sentence(self, toks: list[_Tok], idx: int, end: int) -> bool:
        rest = [t for t in toks[idx + _verb_len(toks, idx):] if t.start < end]
        return len(rest) <= 6 and all(
            t.cap or t.low in _TIME_WORDS or t.low in _OBJECT_WORDS or t.text in {",", "."}
            or t.low in PRONOUNS for t in rest
        )

    def _clause_ok(self, a: int, b: int, in_quote, minimum: int = 3) -> bool:
        return b > a and len(WORD_RE.findall(self.norm, a, b)) >= minimum

    # -- output ---------------------------------------------------------------------------------

    def result(self) -> tuple[list[tuple], list[dict[str, Any]]]:
        """The utterance rows (``cover_rows``) and the speakers, as records (one per speaker)."""
        spans = sorted(self.speech, key=lambda s: (s["start"], -s["end"]))
        kept: list[dict[str, Any]] = []
        for s in spans:
            if kept and s["start"] < kept[-1]["end"]:
                continue  # a quotation inside reported speech stays inside it
            kept.append(s)
        for span in kept:  # a person met by surname first may have a fuller name by now
            person = span["_person"]
            if person is not None:
                span["speaker"] = person.name
        utterances = cover_rows(self.text, kept, doc_id=self.doc_id, seg=self.seg)
        rows = []
        speaking = {id(s["_person"]) for s in kept}
        for person in self.registry.people:
            spoke = id(person) in speaking
            if not (spoke or person.given or (person.role and not person.joint and person.mentions)):
                continue
            rows.append({
                "speaker": person.name,
                "aliases": tuple(sorted(person.aliases - {person.name})),
                "role": person.role,
                "mentions": person.mentions,
            })
        return utterances, rows


# --- token-level parsing ----------------------------------------------------------------------


def _verb_len(toks: list[_Tok], i: int) -> int:
    if i + 1 < len(toks) and f"{toks[i].low} {toks[i + 1].low}" in _VERB_BASE:
        return 2
    return 1


def _verb_phrase(toks: list[_Tok], i: int) -> str:
    return " ".join(t.text for t in toks[i:i + _verb_len(toks, i)])


_BE = {"was", "were", "is", "are", "been", "being", "be", "am"}
_PASSIVE_GAP = {"also", "later", "then", "reportedly", "previously", "earlier", "not", "never",
                "repeatedly", "again", "once", "recently"}


def _passive(toks: list[_Tok], v: int) -> bool:
    """"The inquiry was told …", "she was asked whether …": the subject of a speech verb
    that takes an object is then the one spoken to, not the speaker."""
    if _VERB_BASE.get(toks[v].low) not in OBJECT_VERBS or toks[v].low.endswith("ing"):
        return False
    k = v - 1
    while k >= 0 and toks[k].low in _PASSIVE_GAP:
        k -= 1
    return k >= 0 and toks[k].low in _BE


def _unknown_speaker(subject: _Mention | None, verb: _Tok, *, start: int | None = None) -> _Mention:
    """The speaker of a passive cue: someone the text does not name. The mention spans the
    subject (the one spoken to), or from ``start`` where no subject was parsed."""
    begin = subject.start if subject is not None else (verb.start if start is None else start)
    return _Mention("unknown", "", [], [], [], None, begin, verb.end)


def _verb_at(toks: list[_Tok], i: int) -> bool:
    t = toks[i]
    if t.low in _VERB_BASE:
        return not t.cap or i == 0 or toks[i - 1].text in {",", ":"}
    return _verb_len(toks, i) == 2


# a run of capitalised words, with the lower-case words that join names and roles
_NAME_RUN_RE = re.compile(
    r"[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|de|da|van|von|der|den|du|le|la|bin|al|"
    r"el|di|dos|del|of|for|president|minister|secretary|chancellor|senator|governor|mayor|leader|chief)\b)*"
)
_PARTICLES = {"de", "da", "van", "von", "der", "den", "du", "le", "la", "bin", "al", "el", "di", "dos", "del", "ter", "ten"}


def _name_like(t: _Tok) -> bool:
    return (t.cap or t.low in _HONORIFICS or t.bare in ROLE_WORDS
            or t.low in _PARTICLES or t.low in {"of", "for", "'s", "-"}
            or t.low.endswith("'s") or t.low in _QUALIFIER_MAP)


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
    while toks and (toks[0].low in _SENTENCE_STARTERS and toks[0].bare not in ROLE_WORDS):
        toks = toks[1:]
    while toks and not (toks[-1].cap or toks[-1].bare in ROLE_WORDS):
        toks = toks[:-1]
    if not toks:
        return None
    text = " ".join(t.text for t in toks)
    last_role = -1
    first_role = None
    honorific = None
    for k, t in enumerate(toks):
        if t.low in _HONORIFICS or t.bare in _HONORIFICS:
            honorific = t.low.rstrip(".")
            last_role = k
            if first_role is None:
                first_role = k
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
        first = next((k for k in range(1, len(rest)) if rest[k].low in _FIRST_NAMES), None)
        if first is None:
            first = len(rest) - 2 if len(rest) >= 3 else 1
        core = [t.text for t in rest[first:]] if len(rest) > 1 else []
        last_role = max(last_role, pf + first)
    role = [t.text for t in toks[first_role:last_role + 1]] if first_role is not None else []
    role = [w for w in role if w.lower().rstrip(".") not in _HONORIFICS or w.lower().rstrip(".") in ROLE_WORDS and w.lower() not in _HONORIFIC_GENDER]
    quals = [t.text for t in toks[:first_role]] if first_role else []
    core = [w for w in core if w != "-"]
    # "Labour's Lucy Powell", "the Australian Services Union's Luke Foley": the possessive
    # is who she speaks for, not her name
    possessive = max((k for k, w in enumerate(core[:-1]) if w.lower().endswith("'s")), default=None)
    if possessive is not None:
        core = core[possessive + 1:]
    while core and (not core[0][:1].isupper() or core[0].lower() in {"the", "a", "an"}):
        core.pop(0)
    if "of" in core[2:-1] and (role or honorific or core[0].lower() in _FIRST_NAMES):
        # "Senator Jane Roe of Ohio": where she is from qualifies the name (but "the
        # Australian Bureau of Statistics" is one name)
        k = core.index("of", 2)
        quals = quals + core[k + 1:]
        core = core[:k]
    if core and core[-1].endswith(".") and len(core[-1]) > 2 and "." not in core[-1][:-1]:
        core[-1] = core[-1][:-1]  # the sentence's full stop, not an initial
    # "Historian Clara Whitby": an occupation written before the name
    while len(core) >= 3 and (core[0].lower() in DESCRIPTORS | _NAME_QUALIFIERS or (
            core[0].lower().endswith(("ian", "ist", "man", "woman", "er", "or", "ess", "member"))
            and core[0].lower() not in _FIRST_NAMES)):
        role.append(core.pop(0))
    if core and core[-1][:1].isupper() and all(w[:1].isupper() or w.lower() in _PARTICLES | {"of", "for"} for w in core):
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
    while i >= 0 and (toks[i].low in _ADVERBS or toks[i].low.endswith("ly") and not toks[i].cap):
        i -= 1
    if i >= 2 and toks[i].text == ")":
        # a bracketed tag after the name: "Senator Lindsey Graham (R-S.C.) said"
        k = i - 1
        while k >= 0 and toks[k].text != "(" and i - k < 8:
            k -= 1
        if k >= 1 and toks[k].text == "(":
            return _parse_subject_backward(toks[:k])
    if i < 0:
        return None
    t = toks[i]
    if t.low in PRONOUNS:
        return _Mention("pronoun", t.low, [], [], [], None, t.start, t.end)
    if t.low == "who" and i >= 2 and toks[i - 1].text == ",":
        # "Queen Elizabeth II, who said …": the person before the relative clause
        return _parse_subject_backward(toks[:i - 1])
    if re.fullmatch(r"\d+-year-old", t.low) and i >= 1 and toks[i - 1].low == "the":
        # "the 34-year-old said": the person the story is about
        return _Mention("pronoun", "epithet", [], [], [], None, toks[i - 1].start, t.end)
    if t.text == ",":
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
        if not _name_like(toks[j]):
            break
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
                (run[0].bare in PEOPLE_NOUNS or run[0].bare in _JOINT_HEADS) and run[0].bare.endswith("s"))):
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
            if head is not None and head.kind == "name":
                return head
            person = _trailing_person(run)
            if person is not None:
                # "Governor of the Bank of England Andrew Bailey said": the organisation,
                # then the person's first and last name
                if head is not None and head.kind in ("role", "group"):
                    person.role = person.role or [w for w in head.text.split() if w.lower() not in _DETERMINERS]
                return person
            lead = _leading_noun_phrase(toks)
            if lead is not None:
                return lead
        if m is not None:
            if j >= 0 and toks[j].low == "the" and m.kind == "role":
                m.start = toks[j].start
            return m
        return None
    # lower-case heads: "the French president", "a Downing Street spokesperson", "officials",
    # "the two leaders"
    if t.bare in PEOPLE_NOUNS or t.bare in ROLE_WORDS or t.bare in _JOINT_HEADS:
        j = i
        while j - 1 >= 0 and i - j < 6 and (toks[j - 1].low not in {",", ".", ";", ":", "and", "said", "that"}) and \
                (toks[j - 1].cap or toks[j - 1].low in _DETERMINERS or toks[j - 1].bare in ROLE_WORDS
                 or toks[j - 1].low in _JOINT_HEADS or toks[j - 1].low in _QUALIFIER_MAP or toks[j - 1].low.endswith("'s")
                 or toks[j - 1].low in {"senior", "government", "white", "house", "foreign", "home", "military",
                                        "police", "party", "company", "labour", "conservative", "local", "former"}):
            j -= 1
        span = toks[j:i + 1]
        # strip a sentence-starting connective
        while span and span[0].low in _SENTENCE_STARTERS - {"the"} and span[0].low not in _DETERMINERS:
            span = span[1:]
        words = [w.low for w in span]
        text = " ".join(w.text for w in span)
        if t.bare in _JOINT_HEADS and ({"two", "both"} & set(words) or t.bare in {"pair", "duo"}):
            return _Mention("joint", text, words, [], [], None, span[0].start, span[-1].end)
        if t.bare in {"leaders", "sides"} and "the" in words and len(words) <= 2:
            return _Mention("joint", text, words, [], [], None, span[0].start, span[-1].end)
        role = [w.text for w in span if w.bare in ROLE_WORDS]
        quals = [w.text for w in span if w.low not in _DETERMINERS and w.bare not in ROLE_WORDS]
        if t.bare in ROLE_WORDS and not t.bare.endswith("s") and words and words[0] in {"the"} and len(role) >= 1 \
                and t.bare not in {"official", "source", "member"}:
            return _Mention("role", text, [], role, quals, None, span[0].start, span[-1].end)
        kind = "group" if t.bare.endswith("s") and t.bare not in {"police"} or t.bare == "police" else "role"
        return _Mention(kind, text, words, role, quals, None, span[0].start, span[-1].end)
    return None


def _parse_subject_forward(toks: list[_Tok]) -> _Mention | None:
    """The subject after an inverted verb: "said Starmer", "said the Prime Minister",
    "said union organiser Leah Novak", "said the site manager, Greg Tull"."""
    if not toks:
        return None
    t = toks[0]
    if t.low in PRONOUNS:
        return _Mention("pronoun", t.low, [], [], [], None, t.start, t.end)
    k = 0
    while k < len(toks) and k < 10 and toks[k].text not in {",", ".", ";", ":", "(", ")", '"'} \
            and (toks[k].low not in {"who", "which", "that", "on", "in", "at", "for", "of", "to", "from",
                                     "into", "by", "with", "about", "under", "over", "after", "during"}
                 or (toks[k].low in {"of", "for"} and k > 0 and toks[k - 1].cap
                     and k + 1 < len(toks) and toks[k + 1].cap)):  # "Office for Budget Responsibility"
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
    c = next((i for i, x in enumerate(phrase) if x.cap and x.low not in _DETERMINERS), None)
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
    if phrase and (phrase[-1].bare in PEOPLE_NOUNS or phrase[-1].bare in ROLE_WORDS or phrase[-1].bare in _JOINT_HEADS):
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


def _skip_complement_head(toks: list[_Tok], j: int, base: str | None) -> int | None:
    """Skip an object and time or place phrases after a verb; return the clause's first token."""
    n = len(toks)
    if j < n and base in OBJECT_VERBS and (toks[j].low in _OBJECT_WORDS or toks[j].cap):
        # told reporters / told the BBC / told MPs / told him
        if toks[j].low in {"the", "a", "an", "his", "her", "their", "its", "fellow"}:
            j += 1
        while j < n and (toks[j].cap or toks[j].low.endswith("'s")) and toks[j].low != "that":
            j += 1
        if j < n and (toks[j].low in _OBJECT_WORDS | {"news"}
                      or (not toks[j - 1].cap and toks[j].low not in {"that", "on", "in", "at", ","})):
            j += 1
    # time, place and manner phrases: "on Thursday", "in a statement", "at a press conference"
    steps = 0
    while j < n and steps < 8:
        tl = toks[j].low
        if tl in {"on", "in", "at", "during", "after", "before", "via", "from"} and j + 1 < n:
            k = j + 1
            while k < n and k - j <= 6 and toks[k].low not in {"that", ",", "to"} and (
                    toks[k].low in _TIME_WORDS or toks[k].cap or toks[k].low.endswith("'s")
                    or toks[k].low in {"his", "her", "their", "its", "an", "interview", "radio", "tv",
                                       "television", "parliament", "commons", "house", "camera"}):
                k += 1
            if k == j + 1:
                break
            j = k
            if j < n and toks[j].text == ",":
                j += 1
        elif tl in {"yesterday", "today", "tonight", "earlier", "later", "repeatedly", "again", "also",
                    "last", "this"}:
            j += 1
            if tl in {"last", "this"} and j < n:
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
        if t.low in _PREPOSITIONS:
            # "told reporters outside the courthouse": a place or time phrase closes the cue
            phrase = rest[n + 1:]
            stop = next((k for k, x in enumerate(phrase) if x.text in {".", ",", ";", "!", "?"}), len(phrase))
            # ("in a written statement": a participle after an article is an adjective)
            return stop <= 6 and not any(x.low in _VERB_BASE and not (k and phrase[k - 1].low in _ARTICLES)
                                         for k, x in enumerate(phrase[:stop]))
        if not (t.cap or t.low in _TIME_WORDS or t.low in _OBJECT_WORDS or t.low in _ADVERBS
                or t.text in {",", "(", ")", "-", ".", "!", "?", '"'} or t.low.endswith("ly")):
            return False
    return len(rest) <= 9


_PREPOSITIONS = {"outside", "inside", "near", "after", "before", "during", "at", "in", "on", "from",
                 "with", "by", "via", "to", "ahead", "following", "as", "while", "when", "upon"}

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




def _preceded_by(toks: list[_Tok], start: int, words: set[str]) -> bool:
    """Whether the token before the one at offset ``start`` is one of ``words``."""
    k = bisect.bisect_left([t.start for t in toks], start)
    return 0 < k < len(toks) and toks[k - 1].low in words


def _object_of_preposition(toks: list[_Tok], j: int) -> int | None:
    """The index of the preposition whose object is the name run that starts at
    ``toks[j + 1]`` ("… of insurance giant HIH", "… from the Rural Fire Service"), or None.
    Up to two lower-case words may stand between them."""
    k = j
    while k >= 0 and j - k < 2 and not toks[k].cap and toks[k].low not in _PREPOSITIONS_OF \
            and toks[k].text[:1].isalpha():
        k -= 1
    return k if k >= 0 and toks[k].low in _PREPOSITIONS_OF else None


def _trailing_person(run: list[_Tok]) -> _Mention | None:
    """A person's name closing a run of capitalised words after an organisation's name
    ("Bank of England Andrew Bailey"), known by a first name on the package's lists."""
    for k in range(1, len(run) - 1):
        if run[k].low in _FIRST_NAMES and all(t.cap for t in run[k:]) and len(run) - k <= 3:
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
        if (t.bare in PEOPLE_NOUNS or t.bare in ROLE_WORDS or t.low in ORG_HEADS) and nxt is not None \
                and (nxt.low.endswith("ing") or nxt.low in _PREPOSITIONS_OF):
            words = [x.text for x in toks[start:k + 1]]
            text = " ".join(words)
            return _Mention("group", text, [text], [], [], None, toks[start].start, t.end)
        k += 1
    return None


def _sentence_opener(toks: list[_Tok]) -> _Mention | None:
    """The person a sentence opens with ("Chancellor Rachel Reeves has defended …")."""
    k = 0
    while k < len(toks) and _name_like(toks[k]) and k < 9:
        k += 1
    if k == 0 or k == len(toks) or toks[k].text == "'s":
        return None
    # a comma after the name opens an appositive ("Dr Layla McCay, of the NHS
    # Confederation, …"); a fronted phrase ("On Thursday, …") is no name and parses to none
    m = _parse_name(toks[:k])
    return m if m is not None and m.kind == "name" else None


def _find_that(toks: list[_Tok], j: int, base: str | None) -> int | None:
    """The "that" opening a clause a few words after the verb ("told MPs on the Treasury
    committee that …"), where what stands between is an object or a place or time."""
    if j >= len(toks):
        return None
    if not (base in OBJECT_VERBS or toks[j].low in {"on", "in", "at", "during", "after", "to"}):
        return None
    for k in range(j, min(len(toks), j + 10)):
        if toks[k].low == "that":
            return k
        if toks[k].text in {",", ";", ":", "."} or (toks[k].low in _VERB_BASE and k > j):
            return None
    return None


def _clause_after_appositive(rest: list[_Tok]) -> int | None:
    """Where the clause starts after "According to X": past its comma, and past an
    appositive in commas ("According to Sarah Kim, the plant's director, about …")."""
    if not rest or rest[0].text != ",":
        return None
    start = rest[0].end
    if len(rest) > 1 and (rest[1].low in _DETERMINERS or rest[1].bare in ROLE_WORDS):
        for k in range(2, min(len(rest), 12)):
            if rest[k].text == ",":
                return rest[k].end
    return start


def _last_comma_before(toks: list[_Tok], pos: int) -> int | None:
    for t in reversed(toks):
        if t.start < pos and t.text == ",":
            return t.start
        if t.start < pos and t.text not in {","} and not _name_like(t) and t.low not in _DETERMINERS \
                and t.low not in PRONOUNS and t.bare not in PEOPLE_NOUNS and t.low not in _ADVERBS:
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


def _trim(norm: str, a: int, b: int) -> tuple[int, int]:
    """Drop white space and the punctuation that joins a span to its frame (", " and ":")."""
    while a < b and (norm[a].isspace() or norm[a] in ",;:-" + PAD):
        a += 1
    while b > a and (norm[b - 1].isspace() or norm[b - 1] in ",;:-" + PAD):
        b -= 1
    return a, b


# --- public API ---------------------------------------------------------------------------------


def merge_surnames(labels: Iterable[Any], *, keep: Iterable[str] = ()) -> dict[str, str]:
    """Map labels that are a bare surname to the one full name with that surname.

    Across a corpus, one article may name "Macron" only while others say "Emmanuel
    Macron"; this gives ``{"Macron": "Emmanuel Macron"}``. A surname shared by two full
    names ("Ed Miliband", "David Miliband") is left alone, and so are the labels in
    ``keep`` (the canonical names the user gave). Joint labels ("A & B") are mapped part
    by part.

    >>> merge_surnames(["Emmanuel Macron", "Macron", "Starmer", "Keir Starmer", "Hill"])
    {'Macron': 'Emmanuel Macron', 'Starmer': 'Keir Starmer'}
    """
    names = [str(x) for x in dict.fromkeys(labels) if isinstance(x, str)]
    parts = {p.strip() for name in names for p in name.split(" & ")}
    full: dict[str, list[str]] = {}
    for name in parts:
        words = name.split()
        if len(words) >= 2 and not name.startswith("("):
            full.setdefault(words[-1].lower(), []).append(name)
    kept = set(keep)
    single = {name: full[name.lower()][0] for name in parts
              if len(name.split()) == 1 and name not in kept and len(full.get(name.lower(), [])) == 1}
    out = {}
    for name in names:
        mapped = " & ".join(single.get(p.strip(), p.strip()) for p in name.split(" & "))
        if mapped != name:
            out[name] = mapped
    return out



def _speaker_map(speakers: Any) -> dict[str, list[str]] | None:
    if speakers is None:
        return None
    if isinstance(speakers, pd.DataFrame):
        if "speaker" not in speakers.columns:
            raise ValueError("a speakers table needs a 'speaker' column (and optionally 'aliases')")
        out: dict[str, list[str]] = {}
        for row in speakers.itertuples(index=False):
            aliases = getattr(row, "aliases", ()) or ()
            if isinstance(aliases, str):
                aliases = [a.strip() for a in aliases.split(";") if a.strip()]
            out[str(row.speaker)] = list(aliases)
        return out
    if isinstance(speakers, Mapping):
        out = {}
        for name, aliases in speakers.items():
            if isinstance(aliases, str):
                aliases = [aliases]
            out[str(name)] = [str(a) for a in (aliases or [])]
        return out
    if isinstance(speakers, str):
        return {speakers: []}
    out = {}
    for item in speakers:
        if isinstance(item, Mapping):
            name = item.get("speaker") or item.get("name")
            if not name:
                raise ValueError(f"speaker entry {item!r} has no 'speaker' or 'name' field")
            out[str(name)] = [str(a) for a in item.get("aliases", [])]
        else:
            out[str(item)] = []
    return out


def attribute_document(text: str, *, speakers: Any = None, doc_id: Any = 0) -> Attribution:
    """Find who said what in one document; return the utterances and the speakers.

    Parameters are those of ``attribute``. ``Attribution.speakers`` has one row per
    speaker: speaker, aliases (tuple of the names it was referred to by or given), role,
    mentions (outside quotations).

    >>> a = attribute_document('"We will act," said Jane Doe, the mayor.')
    >>> a.speakers[["speaker", "role"]].to_dict("records")
    [{'speaker': 'Jane Doe', 'role': 'mayor'}]
    """
    rows, speakers_found = attribute_rows(text, speakers=speakers, doc_id=doc_id)
    return Attribution(utterance_frame(rows), pd.DataFrame(speakers_found, columns=list(SPEAKER_COLUMNS)))


def attribute_rows(text: str, *, speakers: Any = None, doc_id: Any = 0) -> tuple[list[tuple], list[dict[str, Any]]]:
    """``attribute`` as row tuples (``spans.cover_rows``) and speaker records, for corpus runs
    that build one table from many documents."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    doc = _Document(text, _speaker_map(speakers), doc_id)
    doc.run()
    return doc.result()


def attribute(text: str, *, speakers: Any = None, doc_id: Any = 0) -> pd.DataFrame:
    """Find who said what in a news article: direct quotes, reported speech, narration.

    Parameters
    ----------
    text : str
        The document, exactly as read (offsets in the result point into it).
    speakers : dict, list or DataFrame, optional
        Known speakers: ``{"Keir Starmer": ["Starmer", "the Prime Minister"]}``, a list
        of names, or a table with ``speaker`` and ``aliases`` columns. Their canonical
        names label the speech they say; other people who speak keep their own names.
    doc_id : optional
        The document's id in the ``doc_id`` column.

    Returns
    -------
    DataFrame
        One row per span, covering the document without gap or overlap, in text order;
        columns doc_id, start, end, speaker, mode (``direct``, ``reported``,
        ``narration``), cue, paragraph, sentence, joint, text (see
        ``discourse.schema.UTTERANCE_COLUMNS``). The speakers found are in
        ``result.attrs["speakers"]`` as a list of records (a list, not a table, so
        that ``pandas.concat`` of several results keeps working), and as a table from
        ``attribute_document``.

    Examples
    --------
    >>> u = attribute('“We all agree,” said Starmer. “So we act.”')
    >>> u.loc[u["mode"] == "direct", ["speaker", "text"]].values.tolist()
    [['Starmer', 'We all agree'], ['Starmer', 'So we act.']]
    """
    rows, speakers_found = attribute_rows(text, speakers=speakers, doc_id=doc_id)
    out = utterance_frame(rows)
    out.attrs["speakers"] = speakers_found
    return out
