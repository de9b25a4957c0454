"""The speakers of one document: the registry of people, their aliases and roles, and
what a pronoun refers to.

People given by the user (``speakers=``) come first, with their aliases; the text adds
those it introduces by name, title or role. A surname, an honorific with a surname, or a
role once introduced ("the French president") finds the person met before; "he" and
"she" the current speaker or the latest person named of that gender; "they" after two
people their joint speech; a group ("officials", "the ministry") speaks as a group.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

import pandas as pd

from .mentions import _Mention, _mention_from_name
from .names import first_name_gender
from .vocab import (
    DETERMINERS,
    DOCUMENT_NOUNS,
    FEMALE_ROLES,
    HONORIFIC_GENDER,
    INSTITUTIONS,
    ORG_HEADS,
    PEOPLE_NOUNS,
    PRONOUNS,
    QUALIFIER_MAP,
    ROLE_ABBREVIATIONS,
    ROLE_WORDS,
)


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
    kind: str = "person"           # one of schema.SPEAKER_TYPES
    surname: str = field(init=False, default="")  # the name's last word, lower case

    def __post_init__(self) -> None:
        self.surname = self.name.split()[-1].lower() if self.name else ""


def _qualifier_key(words: Iterable[str]) -> set[str]:
    out = set()
    joined = " ".join(w.lower() for w in words)
    if joined in QUALIFIER_MAP:
        return {QUALIFIER_MAP[joined]}
    for w in words:
        lw = w.lower()
        if lw.endswith("'s"):
            lw = lw[:-2]
        out.add(QUALIFIER_MAP.get(lw, lw))
    return out


class _Registry:
    """The people of one document: given ones first, then those the text introduces."""

    def __init__(self, speakers: Mapping[str, Iterable[str]] | None):
        self.people: list[_Person] = []
        self.alias_index: dict[str, _Person] = {}
        self.joint: dict[tuple[str, ...], _Person] = {}
        self.current: _Person | None = None      # speaker a pronoun refers to
        # people named in narration, latest last (a dict keyed by identity: moving one to
        # the end costs the same however many a long document has named)
        self.recent: dict[int, _Person] = {}
        # the people by surname and by role word, so that finding one does not read them all
        self.by_surname: dict[str, list[_Person]] = {}
        self.by_role_word: dict[str, list[_Person]] = {}
        for canonical, aliases in (speakers or {}).items():
            person = _Person(canonical, given=True)
            self._add(person)
            for alias in [canonical, *aliases]:
                self._index(alias, person)
            # a role given as an alias ("the Prime Minister") lets the role alone find them
            for alias in aliases:
                words = [w.lower() for w in alias.split()]
                role = [w for w in words if w.strip(".") in ROLE_WORDS]
                if role and len(role) >= len([w for w in words if w not in DETERMINERS]) - 1:
                    self.add_roles(person, {w.strip(".") for w in role})

    def _add(self, person: _Person) -> None:
        self.people.append(person)
        self.by_surname.setdefault(person.surname, []).append(person)

    def _rename(self, person: _Person, name: str) -> None:
        self.by_surname[person.surname].remove(person)
        person.name = name
        person.__post_init__()
        self.by_surname.setdefault(person.surname, []).append(person)

    def add_roles(self, person: _Person, words: set[str]) -> None:
        """``person`` holds these roles: a role mention finds them."""
        for w in words - person.role_words:
            self.by_role_word.setdefault(w, []).append(person)
        person.role_words |= words

    def _index(self, alias: str, person: _Person) -> None:
        key = _alias_key(alias)
        if key:
            self.alias_index.setdefault(key, person)
            person.aliases.add(alias)

    def resolve(self, m: _Mention, pos: int) -> _Person | None:
        """The person a name or role mention refers to, registering new people."""
        # "said a former aide", "one adviser to the mayor": an indefinite description
        # brings in someone new, never a person named before under that role
        indefinite = m.kind in ("role", "group") and (m.indefinite or m.text.split(" ", 1)[0].lower() in _INDEFINITE)
        person = None if indefinite else self.alias_index.get(_alias_key(m.text))
        core_text = " ".join(m.core)
        if person is None and m.kind == "name":
            person = self.alias_index.get(_alias_key(core_text))
            if person is None:
                person = self._by_name(m.core, m.honorific)
        if person is None and m.kind == "role" and not indefinite:
            person = self._by_role(m.role, m.qualifiers)
        if person is None:
            if m.kind == "name":
                person = _Person(core_text, kind=speaker_kind(core_text, "name"))
            else:  # a role or group not yet seen: it speaks under its own description
                words = m.text.split()
                label = " ".join(words[1:] if words and words[0].lower() in _LABEL_ARTICLES else words)
                person = self.alias_index.get(_alias_key(label))
                if person is not None and indefinite and person.name != label:
                    person = None  # ("Ivo Marsh, a veteran lobbyist": "said a 2010 campaign veteran" is not him)
                person = person or _Person(label, kind=speaker_kind(label, m.kind))
            self._add(person)
            self._index(person.name, person)
        elif m.kind == "name" and not person.given and len(m.core) > len(person.name.split()):
            # a fuller name for someone met by surname first
            self._rename(person, core_text)
        if m.kind in ("name", "role"):
            self._index(m.text, person)
        if m.role:
            self.add_roles(person, {ROLE_ABBREVIATIONS.get(w.lower().strip("."), w.lower().strip(".")) for w in m.role})
            if person.role is None:
                person.role = " ".join(m.role)
            person.qualifiers |= _qualifier_key(m.qualifiers)
        if m.honorific and person.gender is None:
            person.gender = HONORIFIC_GENDER.get(m.honorific.lower())
        if person.gender is None and m.kind == "name" and len(m.core) >= 2:
            person.gender = first_name_gender(m.core[0])
        if m.kind == "role" and any(w.lower() in FEMALE_ROLES for w in m.role):
            person.gender = person.gender or "f"
        person.mentions += 1
        person.last_seen = pos
        return person

    def _by_name(self, core: list[str], honorific: str | None) -> _Person | None:
        if not core:
            return None
        last = core[-1].lower()
        candidates = [p for p in self.by_surname.get(last, ()) if not p.joint]
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
        words = {ROLE_ABBREVIATIONS.get(w.lower().strip("."), w.lower().strip(".")) for w in role}
        quals = _qualifier_key(qualifiers) if qualifiers else set()
        if not words:
            return None
        pool = min((self.by_role_word.get(w, ()) for w in words), key=len)
        candidates = [
            p for p in pool
            if not p.joint and words <= p.role_words
            and (not quals or not p.qualifiers or quals & p.qualifiers)
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda p: p.last_seen)

    def joint_of(self, members: list[_Person]) -> _Person:
        names = tuple(dict.fromkeys(p.name for p in members))
        if names not in self.joint:
            kind = "person" if all(p.kind == "person" for p in members) else "group"
            person = _Person(" & ".join(names), joint=True, members=names, gender="p", kind=kind)
            self.joint[names] = person
            self._add(person)
        return self.joint[names]

    # -- who a mention refers to ----------------------------------------------------------

    def note(self, person: _Person | None) -> None:
        """``person`` was named in narration: the latest a pronoun may refer to."""
        if person is None:
            return
        self.recent.pop(id(person), None)
        self.recent[id(person)] = person

    def latest(self) -> Iterator[_Person]:
        """The people named in narration, the latest first."""
        return reversed(self.recent.values())

    def _last_two_singles(self) -> list[_Person]:
        """The two people (not groups, not joint) named last, in the order named."""
        return list(islice((p for p in self.latest() if not p.joint and p.gender != "p"), 2))[::-1]

    def pronoun(self, word: str) -> _Person | None:
        gender = PRONOUNS[word.lower()]
        if gender == "p":
            cur = self.current
            if cur is not None and (cur.joint or cur.gender == "p"):
                return cur
            singles = self._last_two_singles()
            if len(singles) >= 2:
                return self.joint_of(singles)
            return cur
        for p in chain([self.current] if self.current else [], self.latest()):
            if p is None or p.joint or p.gender == "p":
                continue
            if p.gender in (None, gender):
                if p.gender is None:
                    p.gender = gender
                return p
        return None

    def speaker(self, m: _Mention | None, pos: int) -> _Person | None:
        """The person a mention of a speaker refers to: a pronoun, a role, a pair, a name."""
        if m is None or m.kind == "unknown":
            return None
        if m.kind == "pronoun" and m.text == "epithet":
            return next((p for p in chain([self.current] if self.current else [], self.latest())
                         if p is not None and not p.joint and p.gender != "p"), None)
        if m.kind == "pronoun":
            return self.pronoun(m.text)
        if m.kind == "joint":
            singles = self._last_two_singles()
            if len(singles) >= 2:
                return self.joint_of(singles)
            return self.resolve(_Mention("role", m.text, [], [], [], None, m.start, m.end), pos)
        if m.kind == "pair":
            people = [self.resolve(_mention_from_name(part, m.start, m.end), pos)
                      for part in m.core]
            people = [p for p in people if p is not None]
            for p in people:
                self.note(p)
            return self.joint_of(people) if len(people) >= 2 else (people[0] if people else None)
        person = self.resolve(m, pos)
        if person is not None and m.kind == "group":
            person.gender = "p"
        return person

    def set_current(self, person: _Person | None) -> None:
        """``person`` spoke last: a pronoun after this refers to them first."""
        if person is not None:
            self.current = person
            self.note(person)


#: Words after which a description's head noun has ended ("spokesman for the party").
_POSTMODIFIERS = frozenset("of for from at with in to on by close who which that whose".split())


def speaker_kind(label: str, mention: str = "name") -> str:
    """The kind of a speaker from its label and how it was mentioned (``name``, ``role``,
    ``group``): ``document`` where its head noun is a document ("joint statement",
    "2013 study"), ``organisation`` for an institution ("Trump campaign", "ministry",
    "White House", "Reserve Bank of Australia", "Washington"), ``group`` for people in the
    plural ("officials", "Democrats"), else ``person``.

    >>> speaker_kind("joint statement", "role"), speaker_kind("White House"), speaker_kind("Jane Roe")
    ('document', 'organisation', 'person')
    >>> speaker_kind("spokesman for committee Democrats", "group"), speaker_kind("officials", "group")
    ('person', 'group')
    """
    words = [w.strip(".,;:()\"'") for w in label.split()]
    words = [w for w in words if w]
    while words and words[0].lower() in _LABEL_ARTICLES:
        words = words[1:]
    if not words:
        return "unknown"
    head_phrase = words[:1] + [w for w in words[1:]]
    for k in range(1, len(words)):
        low = words[k].lower()
        if low in _POSTMODIFIERS or (low.endswith(("ed", "ing")) and words[k].islower()):
            head_phrase = words[:k]  # "spokesman for …", "emails released by …"
            break
    head = head_phrase[-1].lower()
    if head.endswith("'s"):
        head = head[:-2]
    if head in DOCUMENT_NOUNS:
        return "document"
    if head in INSTITUTIONS or (mention == "name" and head in ORG_HEADS):
        return "organisation"
    plural = head.endswith("s") and not head.endswith(("ss", "'s")) and (
        head in PEOPLE_NOUNS or head in ROLE_WORDS or head_phrase[-1][:1].isupper() or mention == "group")
    if mention == "group" and plural or (mention != "name" and plural):
        return "group"
    return "person"


#: Words a description's label leaves out at its start ("one Hale campaign source" -> "Hale campaign source").
_LABEL_ARTICLES = frozenset({"the", "a", "an", "one", "another", "this", "that"})
_INDEFINITE = frozenset({"a", "an", "one", "another"})

_ALIAS_WORD_RE = re.compile(r"[\w'.-]+")


@functools.lru_cache(maxsize=8192)
def _alias_key(alias: str) -> str:
    """The form names are looked up by; cached, as the same names recur."""
    words = [w for w in _ALIAS_WORD_RE.findall(alias.lower().replace("\x00", "")) if w not in {"the", "a", "an"}]
    return " ".join(w.rstrip(".") for w in words)


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
