"""First names, and the gender each is usually given to, from the nomquamgender dataset.

nomquamgender (Van Buskirk, Clauset & Larremore, "An open-source cultural consensus
approach to name-based gender classification", ICWSM 2023; MIT licence) pools 36
sources of names with the gender of the people who bear them into one table: for each
of about 720,000 given names, how many sources list it, how many people bear it and the
share of them gendered female, p(gf). It is installed with the package and read from
its installed data, offline.

The engine asks two things of a first name:

- its gender, to tell "she" from "he" where no title does: the dataset's own rule (a
  name is gendered where p(gf) <= 0.1 or >= 0.9), for names borne by enough people for
  the share to mean something;
- whether a capitalised word is a first name at all, when parsing a run of them ("Bank
  of England Andrew Bailey"): only names that many sources list and many people bear,
  and never a word of the engine's own vocabulary ("General", "King", "Washington"),
  nor one of the ordinary English words the dataset also lists as names
  (``vocabulary/not_first_names.txt``).

The table is read once, on first use (about 0.15 s, at a peak of 60 MB), not at import.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import unicodedata
from pathlib import Path

from .vocab import (
    DETERMINERS,
    NAME_QUALIFIERS,
    ORG_HEADS,
    PEOPLE_NOUNS,
    QUALIFIER_MAP,
    ROLE_WORDS,
    SENTENCE_STARTERS,
    TIME_WORDS,
    words,
)

#: nomquamgender's default threshold: gendered where p(gf) is this close to 0 or 1.
GENDER_THRESHOLD = 0.1
#: A gender is read from a name borne by at least this many people in the sources.
MIN_PEOPLE_FOR_GENDER = 100
#: A word is taken as a first name when parsing if at least this many sources list it
#: and this many people bear it.
MIN_SOURCES_FOR_NAME = 8
MIN_PEOPLE_FOR_NAME = 200

# entries of name_data.json: `, "name": [sources, people, p(gf), …]`, one after another;
# ` "` opens an entry and nothing else (a quote inside a name is escaped). Reading the
# entries worth keeping with one regex takes about 0.15 s and 60 MB at the peak;
# json.load of the whole file (what `import nomquamgender` does) takes over a second and
# 360 MB. Names borne by fewer people than both thresholds are skipped by the regex
# itself: a count with fewer digits than the smaller threshold is below it.
_DIGITS = len(str(min(MIN_PEOPLE_FOR_GENDER, MIN_PEOPLE_FOR_NAME)))
_ENTRY_RE = re.compile(rb' "([a-z][a-z\'-]*)": \[(\d+), (\d{%d,}), ([0-9.eE+-]+)' % _DIGITS)


def _data_file() -> Path:
    # find the installed package without importing it (its import loads the whole table)
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("discourse needs the nomquamgender package (pip install nomquamgender)")
    return Path(next(iter(spec.submodule_search_locations))) / "name_data.json"


def _entries(raw: bytes) -> list[tuple[str, int, int, float]]:
    """(name, sources, people, p(gf)) for the names of plain letters borne by enough
    people to be kept."""
    # the first entry follows the brace without a space
    found = _ENTRY_RE.findall(raw.replace(b'{"', b'{ "', 1))
    if len(found) >= 10_000:
        return [(name.decode(), int(s), int(n), float(p)) for name, s, n, p in found]
    # not the layout this reader knows: read it as JSON, slowly
    return [(name, int(row[0]), int(row[1]), float(row[2])) for name, row in json.loads(raw).items()
            if re.fullmatch(r"[a-z][a-z'-]*", name)]


@functools.cache
def _table() -> tuple[dict[str, str], frozenset[str]]:
    gender: dict[str, str] = {}
    names = set()
    # words the engine knows as something else are never first names when parsing
    not_names = (ROLE_WORDS | PEOPLE_NOUNS | ORG_HEADS | NAME_QUALIFIERS | SENTENCE_STARTERS
                 | TIME_WORDS | DETERMINERS | set(QUALIFIER_MAP) | words("not_first_names"))
    lo, hi = GENDER_THRESHOLD, 1 - GENDER_THRESHOLD
    for name, sources, people, p in _entries(_data_file().read_bytes()):
        if people >= MIN_PEOPLE_FOR_GENDER and (p <= lo or p >= hi):
            gender[name] = "f" if p >= hi else "m"
        if sources >= MIN_SOURCES_FOR_NAME and people >= MIN_PEOPLE_FOR_NAME and name not in not_names:
            names.add(name)
    return gender, frozenset(names)


@functools.lru_cache(maxsize=4096)
def _key(word: str) -> str:
    """The form the table spells names in: lower case, accents dropped ("José" -> jose)."""
    low = word.lower()
    if low.isascii():
        return low
    return unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()


def first_name_gender(word: str) -> str | None:
    """'f' or 'm' for a first name usually given to women or to men; None where the name
    is given to both, too rare, or not a name.

    >>> first_name_gender("Margaret"), first_name_gender("Keir"), first_name_gender("Jean")
    ('f', 'm', None)
    """
    return _table()[0].get(_key(word))


def is_first_name(word: str) -> bool:
    """Whether a word (in any case) is a common first name and no ordinary word.

    >>> is_first_name("Andrew"), is_first_name("England"), is_first_name("General")
    (True, False, False)
    """
    return _key(word) in _table()[1]
