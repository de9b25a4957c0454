"""Keyword in context and collocations, by speaker.

``kwic`` finds a word, phrase, glob or every entry of a lexicon in the speech of an
utterance table (with the matching rules of ``discourse.lexicon``) and shows the words
around each match, taken from the whole document so that the context runs across span
boundaries. ``collocations`` ranks word pairs per speaker with NLTK's
``BigramCollocationFinder`` and association measures (no downloaded data needed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from .lexicon import Lexicon, fold, load_lexicon, match_terms
from .measures import _select_speech
from .schema import require_columns
from .text import WORD_RE

KWIC_COLUMNS = ("doc_id", "speaker", "mode", "start", "end", "left", "keyword", "right")
COLLOCATION_COLUMNS = ("speaker", "word1", "word2", "count", "score", "measure")
_WS_RE = re.compile(r"\s+")


def _documents(utterances: pd.DataFrame) -> dict[Any, str]:
    """Each document's text rebuilt from its spans (gaps filled with spaces)."""
    docs: dict[Any, list[tuple[int, str]]] = {}
    for doc, start, text in zip(utterances["doc_id"], utterances["start"], utterances["text"]):
        docs.setdefault(doc, []).append((int(start), "" if pd.isna(text) else str(text)))
    out = {}
    for doc, parts in docs.items():
        parts.sort()
        chars: list[str] = []
        pos = 0
        for start, text in parts:
            if start > pos:
                chars.append(" " * (start - pos))
                pos = start
            if start + len(text) > pos:
                chars.append(text[pos - start:])
                pos = start + len(text)
        out[doc] = "".join(chars)
    return out


def _clean(s: str) -> str:
    return _WS_RE.sub(" ", s).strip()


def kwic(
    utterances: pd.DataFrame,
    pattern: str | Sequence[str] | Lexicon | None = None,
    *,
    window: int = 5,
    lexicon: Lexicon | str | Mapping[str, Iterable[str]] | None = None,
    include_narration: bool = False,
    include_joint: bool = False,
) -> pd.DataFrame:
    """Keyword in context: each match with the ``window`` words before and after it.

    Examples
    --------
    >>> import discourse
    >>> u = discourse.load_sample().reference_utterances()
    >>> k = kwic(u, "security", window=3)
    >>> k[["speaker", "left", "keyword", "right"]].iloc[2].tolist()
    ['Keir Starmer', '2010 defence and', 'security', 'accords between the']

    Parameters
    ----------
    utterances : DataFrame
        Spans as returned by ``attribute``. Not modified.
    pattern : str, list of str, or Lexicon, optional
        A word ("security"), a phrase ("criminal gangs"), a glob ("smuggl*"), several of
        them, or a Lexicon (every entry, with its category). With ``lexicon`` given,
        ``pattern`` names one or more of its categories instead (None: all of them).
    window : int
        Words (``\\w+`` runs) of context on each side, taken from the document.
    lexicon : Lexicon, str or mapping, optional
        ``"topics"``, ``"frames"``, a lexicon file or mapping.
    include_narration, include_joint : bool
        Also find matches in narration (speaker ``"(narration)"``) or joint speech.

    Returns
    -------
    DataFrame
        One row per match, in document order: doc_id, speaker, mode, start, end
        (offsets into the document), left, keyword (the text matched), right (white
        space collapsed), and category when a lexicon is used.
    """
    if window < 0:
        raise ValueError(f"window must be 0 or more, not {window}")
    with_category = True
    if lexicon is not None:
        lex = load_lexicon(lexicon)
        if pattern is not None:
            wanted = [pattern] if isinstance(pattern, str) else list(pattern)  # type: ignore[arg-type]
            unknown = [c for c in wanted if c not in lex.categories]
            if unknown:
                raise ValueError(f"categories {unknown} are not in the lexicon; it has {list(lex.categories)}")
            lex = Lexicon({c: lex.categories[c] for c in wanted}, name=lex.name)
    elif isinstance(pattern, Lexicon):
        lex = pattern
    elif pattern is None:
        raise ValueError("give a pattern (word, phrase, glob or Lexicon) or a lexicon")
    else:
        terms = [pattern] if isinstance(pattern, str) else list(pattern)
        lex = Lexicon({"pattern": terms})
        with_category = False
    hits = match_terms(utterances, lex, include_narration=include_narration, include_joint=include_joint)
    require_columns(utterances, ("doc_id", "start", "text"), what="utterances")
    docs = _documents(utterances)
    lefts, rights = [], []
    for doc, start, end in zip(hits["doc_id"], hits["start"], hits["end"]):
        text = docs[doc]
        # look back a stretch long enough for the window (the whole text only if it is not)
        before = list(WORD_RE.finditer(text, max(0, start - 40 * window - 40), start))
        if len(before) < window and start - 40 * window - 40 > 0:
            before = list(WORD_RE.finditer(text, 0, start))
        lo = before[-window].start() if window and len(before) >= window else (0 if window else start)
        after_end = end
        if window:
            for i, m in enumerate(WORD_RE.finditer(text, end)):
                after_end = m.end()
                if i + 1 == window:
                    break
        lefts.append(_clean(text[lo:start]))
        rights.append(_clean(text[end:after_end]))
    out = pd.DataFrame(
        {
            "doc_id": hits["doc_id"],
            "speaker": hits["speaker"],
            "mode": hits["mode"],
            "start": hits["start"],
            "end": hits["end"],
            "left": pd.Series(lefts, dtype=object),
            "keyword": hits["match"],
            "right": pd.Series(rights, dtype=object),
        }
    )
    if with_category:
        out["category"] = hits["category"]
    return out


_MEASURES = ("pmi", "likelihood_ratio", "chi_sq", "student_t", "raw_freq", "dice", "jaccard",
             "phi_sq", "poisson_stirling", "mi_like")


def collocations(
    utterances: pd.DataFrame,
    *,
    speaker: str | Sequence[str] | None = None,
    measure: str = "pmi",
    min_count: int = 2,
    window: int = 2,
    stopwords: Iterable[str] = (),
    include_narration: bool = False,
    include_joint: bool = False,
) -> pd.DataFrame:
    """Word pairs that occur together more than chance, per speaker (NLTK's measures).

    Examples
    --------
    >>> import discourse
    >>> u = discourse.load_sample().reference_utterances()
    >>> c = collocations(u, speaker="Keir Starmer", measure="raw_freq", min_count=2)
    >>> c.loc[0, "word1"], c.loc[0, "word2"], int(c.loc[0, "count"])
    ('a', 'show', 2)

    Parameters
    ----------
    utterances : DataFrame
        Spans as returned by ``attribute``. Not modified.
    speaker : str or list of str, optional
        Only these speakers (default: every speaker, each on its own).
    measure : str
        An NLTK ``BigramAssocMeasures`` method: "pmi", "likelihood_ratio", "chi_sq",
        "student_t", "raw_freq", "dice", "jaccard", "phi_sq", "poisson_stirling",
        "mi_like".
    min_count : int
        Pairs seen fewer times are dropped (NLTK's ``apply_freq_filter``).
    window : int
        2 for adjacent pairs; more counts pairs up to ``window - 1`` words apart.
    stopwords : iterable of str
        Lower-case words to leave out of pairs (none by default; NLTK's list needs a
        download, so pass your own).
    include_narration, include_joint : bool
        Also use narration (``"(narration)"``) or joint speech.

    Returns
    -------
    DataFrame
        speaker, word1, word2 (lower-cased ``\\w+`` words, never across spans), count,
        score, measure; per speaker by score (highest first), then count, word1, word2.
    """
    if measure not in _MEASURES:
        raise ValueError(f"measure must be one of {', '.join(map(repr, _MEASURES))}, not {measure!r}")
    if window < 2:
        raise ValueError(f"window must be 2 or more, not {window}")
    speech = _select_speech(utterances, include_narration=include_narration, include_joint=include_joint)
    present = list(dict.fromkeys(speech["speaker"]))
    wanted = present if speaker is None else ([speaker] if isinstance(speaker, str) else list(speaker))
    missing = [s for s in wanted if s not in present]
    if missing:
        raise ValueError(f"speaker(s) {missing} not found; the speakers are: {sorted(present, key=str)}")
    stop = {s.lower() for s in stopwords}
    score_fn = getattr(BigramAssocMeasures, measure)
    frames = []
    for name in sorted(wanted, key=str):
        words: list[str | None] = []
        for text in speech.loc[speech["speaker"] == name, "text"]:
            words.extend(w if w not in stop else None for w in fold(text).split())
            words.extend([None] * (window - 1))  # no pair across spans
        finder = BigramCollocationFinder.from_words(words, window_size=window)
        finder.apply_freq_filter(min_count)
        rows = [(name, w1, w2, finder.ngram_fd[(w1, w2)], score) for (w1, w2), score in finder.score_ngrams(score_fn)]
        frames.append(pd.DataFrame(rows, columns=["speaker", "word1", "word2", "count", "score"]))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLLOCATION_COLUMNS[:-1]))
    out["measure"] = measure
    order = {s: i for i, s in enumerate(sorted(wanted, key=str))}
    out = out.assign(_s=out["speaker"].map(order)).sort_values(
        ["_s", "score", "count", "word1", "word2"], ascending=[True, False, False, True, True], kind="mergesort"
    )
    out["count"] = out["count"].astype("int64")
    return out.drop(columns="_s").reset_index(drop=True)[list(COLLOCATION_COLUMNS)]
