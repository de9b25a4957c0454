"""The pass over one document: quotations and reported speech, and whose they are.

``_Document`` normalises and segments the text, pairs its quotation marks and finds its
speech verbs once; ``run`` then walks the paragraphs in order, registering the people
narration names (``speakers``), taking each quotation's cue (``cues``) or the speaker
it continues, and reading reported speech in the sentences between; ``result`` gives
the utterance rows that cover the text and the speaker records.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..quotes import Quote, find_quotes
from ..spans import cover_rows
from ..text import PAD, WORD_RE, Segmentation, normalise, segment
from .cues import (
    _ACCORDING_RE,
    _CUE_LOWER_RE,
    _VERB_BASE,
    _VERB_RE,
    _close_at_inner_cue,
    _cue_after,
    _cue_before,
    _cue_ends_sentence,
    _cue_text,
    _find_that,
    _passive,
    _quote_window_after,
    _quote_window_before,
    _skip_complement_head,
    _source_named,
    _source_without_verb,
    _subject_of,
    _unknown_speaker,
    _verb_at,
    _verb_len,
    _verb_phrase,
)
from .mentions import (
    _NAME_RUN_RE,
    _ROMAN_RE,
    _TIME_NOUNS,
    _clause_after_appositive,
    _last_comma_before,
    _main_subject,
    _Mention,
    _names_in_run,
    _parse_subject_backward,
    _parse_subject_forward,
)
from .speakers import _alias_key, _Person, _Registry, speaker_kind
from .tokens import _Tok, _tokens
from .vocab import (
    ADVERBS,
    BARE_CLAUSE_VERBS,
    BE,
    CLAUSE_BLOCKERS,
    CLAUSE_MARKERS,
    CUE_PREPOSITIONS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    DOCUMENT_VERBS,
    ORG_HEADS,
    PEOPLE_NOUNS,
    POST_NOMINALS,
    PRONOUNS,
    QUOTED_ONLY_VERBS,
    ROLE_WORDS,
    SUBJECT_PREPOSITIONS,
    TIME_WORDS,
)


def _after_document(toks: list[_Tok], idx: int) -> bool:
    """'put out a statement on Sunday morning praising …': a participle after a document
    noun and a time phrase."""
    k = idx - 1
    while k > 0 and idx - k <= 3 and toks[k].low not in DOCUMENT_NOUNS and (
            toks[k].low in TIME_WORDS or toks[k].low in _TIME_NOUNS):
        k -= 1
    return k < idx - 1 and toks[k].low in DOCUMENT_NOUNS


def _time_place_then_comma(toks: list[_Tok]) -> bool:
    """'Tuesday in Paris, noting …': a time or place phrase after a verb, then a comma and
    a participle."""
    comma = next((k for k, t in enumerate(toks) if t.text == ","), None)
    return comma is not None and 0 < comma <= 6 and comma + 1 < len(toks) and toks[comma + 1].low.endswith("ing") \
        and all(t.cap or t.low in TIME_WORDS for t in toks[:comma])


#: Speech verb forms that do not introduce a quotation right after them ("the so-called
#: "…"", "a "…" described as").
_NOT_INTRODUCING = frozenset({"so-called", "called", "dubbed", "labelled", "labeled", "termed", "titled", "post"})
#: Words after a comma that hand a reported clause back to the writer.
_NARRATION_JOINERS = frozenset("despite amid while whereas although though as even".split())
#: Words that open a clause of the speaker's own after ", but" ("…, but it was late").
_CLAUSE_STARTERS = frozenset("it there that this these those we i you he she they not".split())
#: Words before a subject that make its clause an indirect question, not speech.
_HOW_WORDS = frozenset({"how", "why", "whether", "where"})
#: The commonest speech verb forms, which open a clause of their own after "and"/"but".
_SAID = frozenset({"said", "told", "added", "wrote", "says", "tells", "adds", "writes"})
#: ", the mayor," / ", a former minister,": a short role in commas after a name.
_APPOSITIVE_ROLE_RE = re.compile(r",\s+(?:the|a|an)\s+([a-z][a-z -]{2,40}?),")
#: Speech verbs that take "of" before what was said ("warned of a "bruising" winter").
_VERBS_OF = frozenset({"warn", "complain", "boast", "caution", "speak"})
#: Words between a comma and a participle of the sentence's subject ("…, before adding that …").
_BEFORE_PARTICIPLE = frozenset("before after while when without".split())
#: Words after a cue in commas that hand the sentence back to the writer ('"Yes," Roe
#: said, and left').
_NARRATION_AFTER_CUE = frozenset("and then before after so".split())
#: Words opening a phrase of time besides the prepositions ("Last week, …", "Earlier, …").
_PHRASE_OPENERS = frozenset("last this earlier later yesterday today tonight".split())
#: Words after a comma that open a new clause: a quoted clause after a speech verb ends there.
_CLAUSE_JOINERS = frozenset("but while although though as before after despite which who even because".split())


def _words_back(toks: list[_Tok], idx: int, n: int) -> list[_Tok]:
    """Up to ``n`` tokens before ``toks[idx]``, back to the nearest punctuation."""
    out = []
    for x in reversed(toks[max(0, idx - n):idx]):
        if not x.text[:1].isalnum():
            break
        out.append(x)
    return out


class _Document:
    """One document on its way to utterances: its text, segmentation, quotations,
    speech-verb positions and the registry of its people."""

    def __init__(self, text: str, speakers: Mapping[str, Iterable[str]] | None, doc_id: Any):
        self.text = text
        self.doc_id = doc_id
        self.norm = normalise(text)
        self.seg: Segmentation = segment(self.norm)
        self.registry = _Registry(speakers)
        self.quotes: list[Quote] = find_quotes(self.norm, text, self.seg.paragraphs)
        self.speech: list[dict[str, Any]] = []
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
        person = None
        for rel, name in _names_in_run(self.norm[start:end]):
            if self._person_like(name):
                person = self.registry.resolve(name, start + rel)
                self.registry.note(person)
        if person is not None and not person.joint:
            # "Tom Hale, the mayor, arrived": the role in commas after the name is his, and
            # "the mayor said" later finds him
            m = _APPOSITIVE_ROLE_RE.match(self.norm, end)
            if m is not None:
                roles = {w for w in m.group(1).lower().split() if w in ROLE_WORDS}
                if roles:
                    self.registry.add_roles(person, roles)
                    person.role = person.role or m.group(1)

    def _person_like(self, m: _Mention) -> bool:
        core = [w.lower() for w in m.core]
        if not core or core[-1] in ORG_HEADS or core[0] in ORG_HEADS or any(
                w.isupper() and len(w) > 1 and not _ROMAN_RE.fullmatch(w) and w not in POST_NOMINALS for w in m.core):
            return False
        if m.role or m.honorific or len(core) >= 2:
            return True
        return _alias_key(m.text) in self.registry.alias_index or any(
            not p.joint for p in self.registry.by_surname.get(core[-1], ()))

    # -- quotations ----------------------------------------------------------------------------

    def _has_cue(self, start: int, end: int) -> bool:
        """Whether a speech verb or "according to" stands in ``norm[start:end]``: where
        none does, no cue can be parsed, and tokenizing would be wasted."""
        k = bisect.bisect_left(self._cue_positions, start)
        return k < len(self._cue_positions) and self._cue_positions[k] < end

    def _is_embedded(self, q: Quote, before: tuple[int, int], prev: Quote | None) -> bool:
        """A quotation inside a sentence (not opening it, not introduced by : or ,), or a
        fragment closing one: 'the pope said God made humans stewards of the land, "to
        cultivate it."' (after a comma, but starting in lower case)."""
        chunk = self.norm[before[0]:before[1]].rstrip(" " + PAD)
        if not WORD_RE.search(chunk):
            return False
        if chunk.endswith(",") and self.norm[q.start:q.start + 1].islower() and len(WORD_RE.findall(chunk)) >= 3 \
                and not (prev is not None and prev.close >= 0 and before[0] == prev.close + 1) \
                and not self._cue_closes(before):
            return True  # (but '"…," Roe said in March, "but …"' continues a split quotation)
        if chunk.endswith((":", ",", "-")):
            return False
        # a quotation right after a speech verb introduces speech: 'Trump said "Bush …"',
        # '…, writing "Allow me …"' (but "the so-called "…"" is no verb)
        words = chunk.lower().split()
        last = words[-1] if words else ""
        before_last = words[-2] if len(words) >= 2 else ""
        # (after a determiner it is a noun: "his comment "…"")
        return (last not in _VERB_BASE or _VERB_BASE[last] in QUOTED_ONLY_VERBS or last in _NOT_INTRODUCING
                or before_last in DETERMINERS)

    def _cue_closes(self, before: tuple[int, int]) -> bool:
        """Whether the narration before a quotation ends on a cue set off by commas
        ('Because of the schedule, explained Hale, "there is …"', '…, Hale said, "…"')."""
        found = _cue_before(self.norm, *before) if self._has_cue(*before) else None
        if found is None:
            return False
        mention, verb = found
        lead = self.norm[before[0]:min(mention.start, verb.start)].rstrip(" " + PAD)
        return lead.endswith(",") and self.norm[before[0]:before[1]].rstrip(" " + PAD).endswith(",")

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
        self._narrated_para = False  # whether the paragraph before held no speech
        self._scanned = 0
        self._quote_marks = [((q.open if q.open >= 0 else q.start), (q.close + 1) if q.close >= 0 else q.end)
                             for q in self.quotes]
        # (opening mark, after the closing mark) of each closed quotation, in text order
        self._closed_quotes = [(q.open, q.close + 1) for q in self.quotes if q.open >= 0 and q.close >= 0]
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
            self._narrated_para = self._last_in_para is None
        # a quotation with no cue of its own in a sentence whose reported speech names a
        # speaker is theirs ('Dane insisted it was "too early" …, adding on rates, "I …"')
        by_sentence: dict[int, _Person] = {}
        for span in sorted(self.speech, key=lambda sp: sp["start"]):
            k = seg.sentence_at(span["start"])
            if span["mode"] == "reported" and span["_person"] is not None:
                by_sentence.setdefault(k, span["_person"])
            elif span["mode"] == "direct" and span["_person"] is None and span["cue"] is None and k in by_sentence:
                person = by_sentence[k]
                span.update(speaker=person.name, speaker_type=person.kind, joint=person.joint, _person=person)
        # a quotation continued over paragraphs takes the speaker its cue names
        named = {}
        for span in self.speech:
            if span["mode"] == "direct" and span["cue"] is not None and span.get("_group") is not None:
                named.setdefault(span["_group"], span)
        for span in self.speech:
            src = named.get(span.get("_group"))
            if src is not None and span["cue"] is None:
                span.update(speaker=src["speaker"], speaker_type=src["speaker_type"], joint=src["joint"],
                            _person=src["_person"])

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
        before = _quote_window_before(self.seg, q, prev)
        after = _quote_window_after(self.seg, q, nxt, self.norm)
        words = len(WORD_RE.findall(self.norm, q.start, q.end))
        speaker: _Person | None = None
        cue: str | None = None
        inside = self._is_embedded(q, before, prev)
        embedded = inside or self._title_like(q)
        runs_on = False  # a quotation opening its sentence, which narration goes on after
        if not embedded and self._partial(q, after) and not self.norm[before[0]:before[1]].rstrip(" " + PAD).endswith(":"):
            if WORD_RE.search(self.norm, before[0], before[1]) is None and self._opens_sentence(before) \
                    and words >= 4 and self.norm[after[0]:after[1]].lstrip(" " + PAD)[:1].islower() \
                    and not self._has_cue(*after):
                # '"They like the plan, but few are ready" to vote for it.': the
                # quotation and the words that finish its sentence are one speaker's (with
                # a cue after them, reported speech takes the sentence whole; '"Red
                # tape" is the usual complaint' names a term)
                runs_on = True
            else:
                # 'Hale said "there may be" a limit that …', 'X, Dane said, "is a
                # fine case" of …': a quotation its sentence goes on after is part
                # of a clause, which reported speech takes whole
                embedded = True
        found = None if embedded or not self._has_cue(*before) else _cue_before(self.norm, *before)
        if found is not None and self._has_cue(*after) and self.norm[q.start:q.end].rstrip(" " + PAD).endswith(",") \
                and not self.norm[before[0]:before[1]].rstrip(" " + PAD).endswith((":", ",", "-")):
            # 'Nothing in the plan "will calm the markets," the minister said': a
            # quotation closing on a comma takes the cue after it over a verb run into it
            found = _cue_after(self.norm, *after) or found
        if found is None and self._has_cue(*after):
            found = _cue_after(self.norm, *after, strict=embedded or runs_on)
        if found is None and not embedded:
            # no verb: 'Jane Roe, The Daily Ledger: "…"', 'Here's Roe in 1992: "…"',
            # '"…" - Jane Roe'; or a sentence whose subject a colon hands over to the
            # quotation ('Sanders said yes and stood up for the workforce: "…"')
            found = _source_without_verb(self.norm, before, after) or self._colon_subject(before)
        if found is not None:
            mention, verb = found
            self._scan_until(verb.start)
            if mention.kind == "pronoun":
                q_open = q.open if q.open >= 0 else q.start
                s_start = self.seg.sentence_starts[max(bisect.bisect_right(self.seg.sentence_starts, q_open) - 1, 0)]
                if s_start < q_open:
                    self._opener_is_current(s_start, q_open)
            speaker = self.registry.speaker(mention, verb.start)
            cue = _cue_text(self.norm, verb, after if verb.start >= after[0] else before)
            self.used_verbs.add(verb.start)
        elif q.group in self._group_speaker and q.start <= ps + 1:
            speaker, cue = self._group_speaker[q.group]  # a quotation continued from the paragraph before
        elif inside and words >= 5 and not self._title_like(q) and (same := self._speaker_of_sentence_before(q)):
            # 'Hale said A. In his view she is "a safe pair of hands for any crew."': a long
            # quotation in the writer's paraphrase right after a speaker's words, in a
            # sentence with no cue of its own, is the same speaker's
            speaker = same
        elif embedded:
            return False  # a scare quote, a title, or a partial quotation inside a sentence
        elif runs_on and self._last_in_para is None and (q.start > ps + 1 or self._para_speaker is None):
            return False
        elif self._last_in_para is not None:
            speaker = self._last_in_para  # a quotation split by its attribution
        elif q.start <= ps + 1 and self._para_speaker is not None and words >= 4:
            # a new paragraph of the same speaker, unless a paragraph of narration about
            # someone else came between
            speaker, cue = self._narrated_subject(q, before, ps) if self._narrated_para else (None, None)
            speaker = speaker or self._para_speaker
        elif q.close < 0 and nxt is not None and nxt.group == q.group:
            pass  # a part of a quotation flattened into one line: a later part's cue names who
        elif words < 6:
            return False
        else:
            # no cue and no speaker before it in its paragraph: the person the sentence
            # before is about ('Varga listed her work on the bill. "Crews …"'), or the one
            # a dash hands the quotation over to ('Hale backed the plan -- "…"')
            speaker, cue = self._narrated_subject(q, before, ps)
        self._group_speaker[q.group] = (speaker, cue)
        if speaker is not None:
            self._last_in_para = speaker
            self.registry.set_current(speaker)
        start, end = _trim(self.norm, q.start, q.end)
        if end > start:
            span = self._span(start, end, speaker, "direct", cue)
            span["_group"] = q.group
            self.speech.append(span)
        if speaker is not None:
            cue_after = found is not None and found[1].start >= after[0]
            if inside and cue_after and self._opens_sentence(before) \
                    and self.norm[after[0]:found[0].start].strip(" ," + PAD).lower() not in {"as", "just as"}:
                # 'The plan will need months to "settle down," Hale said': the words leading
                # into the quotation are the speaker's too, in the writer's wording
                self._frame_span(before[0], q.open if q.open >= 0 else q.start, speaker, cue)
            elif found is not None and not cue_after and self._opens_sentence(before) and self._cue_closes(before):
                # 'Because of the schedule, explained Hale, "…"': the clause before the cue
                self._frame_span(before[0], min(found[0].start, found[1].start), speaker, cue)
            elif runs_on and not cue_after:
                self._frame_span((q.close + 1) if q.close >= 0 else q.end, after[1], speaker, cue, lead=False)
        return True

    def _opens_sentence(self, before: tuple[int, int]) -> bool:
        """Whether the window before a quotation starts where its sentence does."""
        k = bisect.bisect_right(self.seg.sentence_starts, before[1]) - 1
        return k >= 0 and self.seg.sentence_starts[k] == before[0] or before[0] == self.seg.paragraphs[0][0] and k < 0

    def _frame_span(self, a: int, b: int, speaker: _Person, cue: str | None, *, lead: bool = True) -> None:
        """Reported speech for the narration that frames a quotation in its sentence (a
        ``lead`` into it, or the words finishing its sentence), when it holds no speech
        verb of another speaker, and a lead is a clause, not a phrase of time or place."""
        a, b = _trim(self.norm, a, b)
        while not lead and b > a and self.norm[b - 1] in ".!?":
            b -= 1  # (a reported clause ends before its sentence's full stop)
        if len(WORD_RE.findall(self.norm, a, b)) >= 2 and not self._verb_in(a, b) \
                and not (lead and self._phrase_only(a, b)):
            self.speech.append(self._span(a, b, speaker, "reported", cue))

    def _verb_in(self, a: int, b: int) -> bool:
        """Whether a speech verb, read as a verb, stands in ``norm[a:b]`` (not "Hale's
        remarks")."""
        if not self._has_cue(a, b):
            return False
        toks = _tokens(self.norm, a, b)
        return any(_verb_at(toks, i) for i in range(len(toks)))

    def _phrase_only(self, a: int, b: int) -> bool:
        """Whether ``norm[a:b]`` is a phrase of time, place or occasion rather than a
        clause ('In Paris', 'On Tuesday', 'In an interview with the paper'): the writer's
        framing, even before a cue set off by commas ('In Paris, Hale said, …')."""
        toks = [t for t in _tokens(self.norm, a, b) if t.text[:1].isalnum()]
        if toks and toks[0].cap and toks[0].low.endswith(("ing", "ed")) and toks[0].low not in CLAUSE_MARKERS:
            return True  # 'Addressing supporters in Leeds, …', 'Asked about the plan, …'
        return bool(toks) and len(toks) <= 12 and (toks[0].low in _PHRASE_OPENERS or toks[0].low in SUBJECT_PREPOSITIONS or (
            toks[0].low in CUE_PREPOSITIONS and toks[0].low not in {"as", "when", "while", "to"})) \
            and not any(t.low in CLAUSE_MARKERS for t in toks)

    def _title_like(self, q: Quote) -> bool:
        """A short quotation of capitalised words with no sentence of its own: the title
        of a book, a film or a slogan ('In her new memoir, "Rivers of Salt," and in an
        interview, Varga said …'), never speech by a cue after it."""
        body = self.norm[q.start:q.end].strip(" ," + PAD)
        words = WORD_RE.findall(body)
        return 0 < len(words) <= 7 and body[-1:] not in {".", "?", "!"} and all(
            w[:1].isupper() or len(w) <= 3 for w in words) and words[0][:1].isupper() and len(words) >= 2 \
            and not words[-1][:1].islower()  # ('"Follow us," Gil said' is speech)

    def _partial(self, q: Quote, after: tuple[int, int]) -> bool:
        """Whether the sentence goes on after a closed quotation that ends on no
        punctuation of its own: 'said "there may be" a limit that …'."""
        if q.close < 0 or self.norm[q.start:q.close].rstrip(" '\"" + PAD)[-1:] in {",", ".", "?", "!", ";", ":", "-"}:
            return False  # (past a nested quotation's closing mark: '… the 'Title Sponsor,' "')
        rest = self.norm[after[0]:after[1]]
        words = WORD_RE.search(rest)
        return words is not None and not any(c in rest[:words.start()] for c in ".?!;:,-")

    def _colon_subject(self, before: tuple[int, int]) -> tuple[_Mention, _Tok] | None:
        """The person (or document) a sentence opens with, when the sentence hands over
        to the quotation with a colon ('Sanders said yes and stood up for the workforce:
        "…"', "Hoff's letter makes the case: "…""), or after naming a document ('Trump
        issued a statement, "…"'); or the name right before a colon."""
        toks = _tokens(self.norm, *before)
        if len(toks) < 2 or toks[-1].text not in {":", ","}:
            return None
        if toks[-1].text == ",":
            # 'Trump issued a statement, "…"': a document named just before the quotation
            if len(toks) < 3 or toks[-2].bare not in DOCUMENT_NOUNS:
                return None
        elif len(toks) > 3 and toks[0].low == "according" and toks[1].low == "to":
            return _source_named(toks[2:-1]), toks[-1]  # 'According to the Ledger: "…"'
        elif not any(t.low in _VERB_BASE for t in toks):
            # 'Former health minister Ines Varga Lund:"…"', 'Varga: "…"': the
            # name closing a description, or a person already met, before the colon
            name = _parse_subject_backward(toks[:-1])
            if name is not None and name.kind == "name" and (len(name.core) >= 2 or name.role or name.honorific or (
                    _alias_key(name.text) in self.registry.alias_index and name.start == toks[0].start)):
                return name, toks[-1]
        subj = _main_subject(toks[:-1])
        if subj is None or subj.kind not in ("name", "pronoun", "pair", "role", "group"):
            return None
        if subj.kind in ("role", "group") and speaker_kind(subj.text, subj.kind) == "person" \
                and not any(t.bare in ROLE_WORDS or t.bare in PEOPLE_NOUNS for t in toks[:-1]):
            return None
        return subj, toks[-1]

    def _speaker_of_sentence_before(self, q: Quote) -> _Person | None:
        """The speaker of the last speech in the quotation's paragraph when it lies in the
        sentence right before the quotation's, and the quotation's sentence holds no
        speech verb."""
        last = self.speech[-1] if self.speech else None
        if self._last_in_para is None or last is None or last["_person"] is not self._last_in_para:
            return None
        k = self.seg.sentence_at(q.open if q.open >= 0 else q.start)
        starts = self.seg.sentence_starts
        s_end = starts[k + 1] if k + 1 < len(starts) else len(self.norm)
        if self.seg.sentence_at(last["end"] - 1) != k - 1 or self._has_cue(starts[k], s_end):
            return None
        return self._last_in_para

    def _narrated_subject(self, q: Quote, before: tuple[int, int], ps: int) -> tuple[_Person | None, str | None]:
        """The person, named or described, that the narration right before a quotation
        with no cue is about: the subject of the sentence before it in its paragraph
        when the quotation opens a sentence, or of its own sentence when a dash hands it
        over; with the cue when a speech verb and a colon close that sentence. None when
        it holds a quotation or no such subject."""
        q_open = q.open if q.open >= 0 else q.start
        starts = self.seg.sentence_starts
        k = bisect.bisect_right(starts, q_open) - 1
        if k < 0:
            return None, None
        lead = self.norm[before[0]:q_open].rstrip(" " + PAD)
        if WORD_RE.search(self.norm, starts[k], q_open) is None:
            if k == 0 or starts[k - 1] < ps and not (self._narrated_para and q_open <= ps + 1):
                return None, None
            a, b = starts[k - 1], starts[k]
        elif lead.endswith(("-", "\u2013", "\u2014", ",")) and before[0] == starts[k]:
            a, b = starts[k], q_open  # (also 'Varga showed some nerves to the guests, "…"')
        else:
            return None, None
        if any(a <= qa < b for qa, _ in self._closed_quotes):
            return None, None
        if self.norm[a:b].rstrip(" \n" + PAD).endswith(":"):
            # '… and the Harbour Trust responded:' closing the paragraph before
            found = _cue_before(self.norm, a, b)
            if found is not None:
                self.used_verbs.add(found[1].start)
                return self.registry.speaker(found[0], found[1].start), _cue_text(self.norm, found[1], (a, b))
        toks = _tokens(self.norm, a, b)
        subj = _main_subject(toks)
        if subj is None or subj.kind not in ("name", "pronoun", "pair", "role", "group") \
                or subj.kind == "pronoun" and subj.text not in {"he", "she"}:
            return None, None
        return self.registry.speaker(subj, subj.start), None

    def _opener_is_current(self, s_start: int, s_end: int) -> None:
        """"Zelensky later thanked Rutte. “…,” he wrote", "Fallon fired back: “…,” he
        wrote": the person a sentence opens with is the one a pronoun after it points to."""
        opener = _NAME_RUN_RE.match(self.norm, s_start, min(s_end, s_start + 120))
        if opener is not None:
            names = _names_in_run(opener.group())
            after = self.norm[opener.end():opener.end() + 3].strip()[:1]
            if names and names[0][0] == 0 and opener.end() < s_end and (after.islower() or after in ",:"):
                person = self.registry.alias_index.get(_alias_key(names[0][1].text))
                if person is not None and not person.joint:
                    self.registry.current = person

    def _sentence(self, s_start: int, s_end: int, accepted: list[tuple[int, int]]) -> None:
        """Reported speech in one sentence's narration."""
        self._scan_until(s_end)
        self._opener_is_current(s_start, s_end)
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
            "speaker_type": speaker.kind if speaker is not None else "unknown",
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
        words = [t for t in toks if t.text[:1].isalpha()]
        if len(words) >= 4 and sum(t.cap for t in words) >= 0.8 * len(words):
            # a Title Case lead-in ('Roe Said The Plan "Could Not Work."'): its speech
            # verbs are verbs, written in capitals like every word
            for t in toks[1:]:
                if t.low in _VERB_BASE:
                    t.cap = False
        # according to X, CLAUSE  /  CLAUSE, according to X.
        m = _ACCORDING_RE.search(norm, s_start, end)
        if m is not None and norm[m.end():m.end() + 3].lower().rstrip(" ,.") in {"us", "me", "you"}:
            m = None  # "according to us": the words of someone quoted, not a source
        if m is not None and in_quote(m.start()):
            m = None
        if m is not None:
            src_toks = [t for t in toks if t.start >= m.end() and t.start < end]
            front = m.start() - s_start < 3  # "According to X, CLAUSE" (else "CLAUSE, according to X")
            if front:
                comma = next((k for k, t in enumerate(src_toks) if t.text == ","), None)
                source = src_toks[:comma] if comma is not None else []
                clause = src_toks[comma + 1:] if comma is not None else []
            else:
                source = src_toks
                clause = [t for t in toks if t.start < m.start()]
            if self._speaks_itself(clause):
                # 'According to audio obtained by the paper, Hale said …', 'The prime
                # minister said the changes were about "…", according to MPs': the clause
                # names its own speaker, and the "according to" source only vouches for it
                if not front:
                    end = m.start()
                    while end > s_start and norm[end - 1] in ", " + PAD:
                        end -= 1
                m = None
        if m is not None:
            subj = _parse_subject_forward(source) if source else None
            described = source
            if subj is None and source:
                # a source that is not a person: "according to the figures", "… the OBR",
                # "according to a transcript translated into English" (the head noun phrase)
                head = next((k for k, t in enumerate(source) if k > 0 and not t.cap and (
                    t.low in SUBJECT_PREPOSITIONS or t.low in {"in", "at", "into", "to", "that", "which", "who"}
                    or (t.low.endswith(("ed", "ing")) and t.low not in PEOPLE_NOUNS))), len(source))
                described = source[:head] if head <= 8 else []
            if subj is None and described:
                label = " ".join(t.text for t in described if t.low not in {"the", "a", "an"})
                subj = _Mention("group", label, [label], [], [], None, described[0].start, described[-1].end)
            if subj is not None:
                person = self.registry.speaker(subj, m.start())
                if front:
                    rest = src_toks[len(source):]  # (after the whole source: "emails released by the group")
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
                    self.registry.set_current(person)
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
            base = _VERB_BASE.get(_verb_phrase(toks, idx).lower())
            if after is not None and (after.low == "by" or (after.low == "of" and base not in _VERBS_OF and not any(
                    x.low == "that" for x in toks[idx + vlen + 1:idx + vlen + 8]))  # (but "stated of the plan that …")
                                      or (after.text[:1].isdigit() and t.bare.startswith("add"))):
                # "cemeteries maintained by the Commission", "union claims of a witch-hunt",
                # "Kallis and McKenzie added 72 without loss" (but "warned of a battle")
                continue
            if after is not None and after.low in {"is", "was", "are", "were"}:
                continue  # "whatever Hale claims is false": a relative clause, not a cue
            if after is not None and after.text == "," and self._next_speaker(toks, idx + vlen + 1, candidates):
                continue  # "once the segment ended, Ames stated …": the next clause speaks for itself
            if after is not None and after.low == "as" and idx > 0 and toks[idx - 1].low in BE \
                    and base not in QUOTED_ONLY_VERBS and base != "describe":
                continue  # "when Hale was revealed as a donor": not speech
            if after is not None and after.low == "to" and idx + vlen + 1 < len(toks) \
                    and toks[idx + vlen + 1].low in _VERB_BASE:
                continue  # "went on to say", "tried to argue": the infinitive is the cue
            before = toks[:idx]
            if len(before) >= 3 and [x.low for x in before[-3:-1]] == ["quoted", "as"] or (
                    len(before) >= 2 and [x.low for x in before[-2:]] == ["quoted", "as"]):
                # "X was quoted as saying that …": X speaks
                before = before[: len(before) - 2]
                while before and before[-1].low in {"was", "is", "were", "are", "been", "being", "has", "had"}:
                    before = before[:-1]
            subj = None
            if idx > 0 and toks[idx - 1].text == "," and not t.low.endswith("ing") and base != "tell" \
                    and after is not None and after.text[:1].isalpha() and _cue_ends_sentence(toks, idx, end, inverted=True):
                # CLAUSE, said X.   (reported speech with its cue at the end, before any
                # subject read back into the clause: '… bridges to Mr. Hale, said Tom Dane')
                fwd = _parse_subject_forward(toks[idx + vlen:])
                if fwd is not None:
                    person = self.registry.speaker(fwd, t.start)
                    a, b = _trim(norm, s_start, toks[idx - 1].start)
                    if self._clause_ok(a, b, in_quote):
                        out.append(self._span(a, b, person, "reported", _verb_phrase(toks, idx)))
                        self.registry.set_current(person)
                        return out
                continue
            if resume == s_start:
                if idx > 0 and (toks[idx - 1].low == "to" or (t.low.endswith("ing") and (
                        toks[idx - 1].low in DOCUMENT_NOUNS or toks[idx - 1].text == ","
                        or toks[idx - 1].low == "by" and idx >= 3  # "rallied supporters by warning that …"
                        or toks[idx - 1].low in ADVERBS and idx >= 4 and toks[idx - 2].low == "by"  # ("by first saying")
                        or _after_document(toks, idx)
                        or idx >= 2 and toks[idx - 1].low in _BEFORE_PARTICIPLE and toks[idx - 2].text == ","))):
                    # "Roe went on to say …", "Roe issued a statement saying …", "Roe attacked
                    # Doe, with whom he clashed, calling him …": the subject of the clause
                    # speaks, never the statement nor a name in between (but '"…," Lund
                    # said, adding …': the cue's subject)
                    subj = (self._cue_right_before(toks, idx) if toks[idx - 1].text == "," else None) \
                        or _subject_of(toks, idx)
                else:
                    subj = _parse_subject_backward(before)
            else:
                # a clause after one already found: "…, but she also pointed to the "…""
                rest = [x for x in before if x.start >= resume]
                while rest and rest[0].text == ",":
                    rest = rest[1:]
                if rest and rest[0].low in {"but", "and", "while", "whereas", "although", "though", "as"}:
                    subj = _parse_subject_backward(rest)
                    if subj is not None and subj.start <= rest[0].start:
                        subj = None
            if any(x.low in _HOW_WORDS for x in _words_back(toks, idx, 6)):
                continue  # "a debate over how the council responds to …": a question, not speech
            if resume == s_start and _passive(toks, idx):
                subj = _unknown_speaker(subj, t, start=s_start)
            participle = t.low.endswith("ing")
            if subj is None and resume == s_start and not participle and 1 < idx <= 30 \
                    and toks[idx - 1].low not in {"and", "but", "to", ";", ":"} \
                    and not any(x.low in _VERB_BASE for x in toks[:idx - 1]):
                # the subject with a long description the parse cannot read back ("A
                # report last week on …, drawing on interviews with staff, found
                # that …"): the noun phrase the sentence opens with, a person or a document
                main = _main_subject(toks[:idx])
                if main is not None and main.kind in ("name", "role", "group", "pair"):
                    subj = main
            aux = idx - 1
            while aux > 0 and toks[aux].low in {"have", "has", "had", "also", "then", "later", "would", "will"}:
                aux -= 1
            if subj is not None and aux < idx - 1 and toks[aux].low in {"but", "and"}:
                subj = None  # "…, but have speculated that …": the first verb's subject
            at = index.get(subj.start, 0) if subj is not None and subj.kind != "name" else 0
            if at >= 2 and toks[at - 1].low in {"in", "on"} and toks[at - 2].low in {"and", "but"}:
                # "… is backing Hale and in a statement thanked him for …": a phrase of
                # occasion, and the verb's subject is the first verb's
                aux = index[subj.start] - 2
                subj = None
            if subj is None and idx > 0 and toks[aux].low in {"but", "and"} and (
                    last_person is not None or _main_subject(toks[:aux]) is not None):
                # "… said CLAUSE but warned that CLAUSE", "she called it X and said …": the
                # subject of the first verb speaks
                first = _main_subject(toks[:aux])
                subj_person = last_person if last_person is not None else self.registry.speaker(first, t.start)
            elif subj is None and participle and idx > 0 and (toks[idx - 1].text == "," or (
                    idx >= 2 and toks[idx - 1].low in _BEFORE_PARTICIPLE and toks[idx - 2].text == ",") or (
                    idx >= 2 and toks[idx - 1].text in {'"', "'"} and toks[idx - 2].text == ",")):
                # "…, adding that CLAUSE" (also '… a "silly idea," adding that …', the comma
                # inside the marks): the person the sentence opens with, else the current speaker
                opener = self._cue_right_before(toks, idx) or _main_subject(toks[:idx])
                subj_person = self.registry.speaker(opener, t.start) if opener is not None else self.registry.current
            elif subj is None:
                continue
            else:
                subj_person = self.registry.speaker(subj, t.start)
            if base in DOCUMENT_VERBS and (subj_person is None or subj_person.kind not in ("document", "organisation")):
                continue  # "the video shows him leaving": only documents report by showing
            # CLAUSE, X said.   and   CLAUSE_A, X said, CLAUSE_B.
            if subj is not None and subj.start > s_start:
                comma = _last_comma_before(toks, subj.start)
                if comma is not None:
                    after_verb = [x for x in toks[idx + vlen:] if x.start < end]
                    if _cue_ends_sentence(toks, idx, end):
                        a, b = _trim(norm, s_start, comma)
                        if self._clause_ok(a, b, in_quote, minimum=2) and not in_quote(a) \
                                and not self._phrase_only(a, b):
                            out.append(self._span(a, b, subj_person, "reported", _verb_phrase(toks, idx)))
                            self.registry.set_current(subj_person)
                            return out
                    elif after_verb and (after_verb[0].text == "," or _time_place_then_comma(after_verb)):
                        # (also "…, Dane said Friday in Lyon, adding …")
                        a, b = _trim(norm, s_start, comma)
                        first_comma = next(x for x in after_verb if x.text == ",")
                        c, d = _trim(norm, first_comma.end, end)
                        if norm[c:d].split(" ", 1)[0].lower() in _NARRATION_AFTER_CUE:
                            # '"Wait here," Ms. Lund said, and the children sat down': the
                            # writer goes on
                            continue
                        if b > a and self._clause_ok(c, d, in_quote, minimum=2):
                            if not self._phrase_only(a, b):
                                out.append(self._span(a, b, subj_person, "reported", _verb_phrase(toks, idx)))
                            out.append(self._span(c, d, subj_person, "reported", _verb_phrase(toks, idx)))
                            self.registry.set_current(subj_person)
                            return out
            # X said (that) CLAUSE; X called it "a sham"
            j = _skip_complement_head(toks, idx + vlen, base)
            # (past a phrase of occasion set off by a comma: "observed in a column on
            # Friday, the front-runner "…"")
            lead = j if j is not None and j >= idx + vlen + 3 and toks[j - 1].text == "," \
                and toks[idx + vlen].text != "," else idx + vlen
            quoted = self._quoted_clause(toks, lead, end, quote_ranges)
            if j is None or j >= len(toks) or base in QUOTED_ONLY_VERBS:
                j = None
            else:
                that = _find_that(toks, idx + vlen, base)
                if that is not None:
                    j = that
                if toks[j].low == "that" and j + 1 < len(toks):
                    j += 1
                elif base in {"ask", "wonder", "ponder", "question"} and toks[j].low in {"whether", "if", "why", "how", "what", "when", "who"}:
                    pass
                elif base not in BARE_CLAUSE_VERBS or (toks[j].low in CLAUSE_BLOCKERS and not (
                        # "Police said no arrests had been made" (but not "she said no to …")
                        toks[j].low == "no" and j + 1 < len(toks) and toks[j + 1].text[:1].isalpha()
                        and toks[j + 1].low != "to")):
                    j = None
            if j is None:
                if quoted is None:
                    if subj_person is not None and not any(x.text[:1].isalnum() for x in toks[idx + vlen:]
                                                           if x.start < end):
                        # "Bystrom agreed." then a quotation with no cue: the speaker of the
                        # sentence before speaks it
                        self._last_in_para = subj_person
                        self.registry.set_current(subj_person)
                    continue
                a, b = _trim(norm, *quoted)
                if norm[a] == '"':
                    # 'what X called "the beginning of an era"': the quotation alone is what
                    # was said, word for word
                    qa, qb = self._closed_quotes[bisect.bisect_left(self._closed_quotes, (a, -1))]
                    a, b = _trim(norm, qa + 1, qb - 1)
                    if b > a:
                        out.append(self._span(a, b, subj_person, "direct", _verb_phrase(toks, idx)))
                        self.registry.set_current(subj_person)
                        last_person = subj_person
                        resume = qb
                    continue
                if self._clause_ok(a, b, in_quote, minimum=2):
                    out.append(self._span(a, b, subj_person, "reported", _verb_phrase(toks, idx)))
                    self.registry.set_current(subj_person)
                    last_person = subj_person
                    resume = b
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
                if toks[k].text == "," and (toks[k + 1].low in _NARRATION_JOINERS or (
                        toks[k + 1].low == "but" and k + 2 < len(toks) and toks[k + 2].text.isalpha()
                        and not toks[k + 2].cap and toks[k + 2].low not in PRONOUNS
                        and toks[k + 2].low not in DETERMINERS and toks[k + 2].low not in _CLAUSE_STARTERS)):
                    # "…, despite warnings from economists that …", "…, as backbenchers
                    # threatened …", "…, but declined to say which": the writer's words again
                    b = toks[k].start
                    break
                if toks[k].text == "," and toks[k + 1].low in {"and", "but"} and self._next_speaker(toks, k + 2, candidates):
                    b = toks[k].start  # "A said CLAUSE, and B said …": the second clause is B's
                    break
                if toks[k].low in {"but", "and"} and toks[k + 1].low in _VERB_BASE and \
                        toks[k + 1].low.endswith(("ed", "said", "told", "wrote")) and (
                        k + 2 < len(toks) and (toks[k + 2].low == "that" or toks[k + 1].low in _SAID)):
                    b = toks[k].start  # "… but warned that …", "… and said …": a second clause of the same speaker
                    break
            # a clause whose quotation runs on past the sentence's end runs on with it
            # ('Hale said that "dairy farmers" "work harder than anyone. And it shows."')
            i = bisect.bisect_left(self._closed_quotes, (b, 1 << 62)) - 1
            if i >= 0 and self._closed_quotes[i][0] < b < self._closed_quotes[i][1] \
                    and self._closed_quotes[i][0] >= a and not any(ra <= self._closed_quotes[i][0] < rb for ra, rb in quote_ranges):
                b = self._closed_quotes[i][1]
            a, b = _trim(norm, a, b)
            if in_quote(a) or not self._clause_ok(a, b, in_quote, minimum=2):
                continue
            mode = "reported"
            k = bisect.bisect_left(self._closed_quotes, (a, -1))
            if norm[a] == '"' and k < len(self._closed_quotes) and self._closed_quotes[k] == (a, b):
                # 'argues that "its influence will grow."': the clause is a quotation, word
                # for word
                mode = "direct"
                a, b = _trim(norm, a + 1, b - 1)
            out.append(self._span(a, b, subj_person, mode, _verb_phrase(toks, idx)))
            self.registry.set_current(subj_person)
            last_person = subj_person
            resume = b
        return out

    @staticmethod
    def _next_speaker(toks: list[_Tok], k: int, candidates: list[int]) -> bool:
        """Whether ``toks[k:]`` opens with a subject of its own and a speech verb after it
        ("…, and Dane said …", "…, but the minister warned …"): a second speaker's clause."""
        v = next((c for c in candidates if k < c <= k + 6), None)
        if v is None or not _verb_at(toks, v) or any(not x.text[:1].isalnum() for x in toks[k:v]):
            return False
        subj = _parse_subject_backward(toks[k:v])
        return subj is not None and subj.start == toks[k].start and subj.kind in ("name", "pair", "role", "group")

    def _cue_right_before(self, toks: list[_Tok], idx: int) -> _Mention | None:
        """The subject of a cue that closes right before ", adding …" ('The rival will
        play the "harbour card," Lund said, adding that …'; '…, said Lund, adding …'):
        who the participle speaks for, rather than the subject the sentence opens with."""
        c = idx - 1
        while c > 0 and toks[c].text in {",", '"', "'"}:
            c -= 1
        if c >= 1 and toks[c].start in self.used_verbs:
            subj = _parse_subject_backward(toks[:c])  # "Lund said, adding"
        else:
            v = next((n for n in range(c, max(c - 4, -1), -1) if toks[n].start in self.used_verbs), None)
            if v is None:
                return None
            # "Carson tells the Ledger, responding": the subject before the verb and
            # its object; "said Lund, adding": the subject after it
            before = v >= 1 and toks[v - 1].text[:1].isalnum()
            subj = _parse_subject_backward(toks[:v]) if before else _parse_subject_forward(toks[v + 1:c + 1])
        return subj if subj is not None and subj.kind in ("name", "pronoun", "role", "pair") else None

    def _speaks_itself(self, clause: list[_Tok]) -> bool:
        """Whether a clause opens with its own subject and speech verb ("Hale said …")."""
        if not clause:
            return False
        for v in range(1, min(len(clause), 10)):
            t = clause[v]
            if t.start in self.used_verbs or not _verb_at(clause, v):
                continue
            subj = _parse_subject_backward(clause[:v])
            return subj is not None and subj.start == clause[0].start and subj.kind in ("name", "pronoun", "pair", "role")
        return False

    def _quoted_clause(self, toks: list[_Tok], k: int, end: int,
                       quote_ranges: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The clause after a speech verb (from ``toks[k]``) when a quotation that is not
        direct speech of its own stands in it: "called the rival bid "a fantasy"",
        "accused her of having a "taste for secrecy"", "warned of a "bruising" winter
        ahead". It ends with the sentence, or at a semicolon, a bracket, a dash, a comma
        before a participle or a conjunction, or a second speech verb ("… and said")."""
        if k >= len(toks):
            return None
        a, b = toks[k].start, end
        for n in range(k, len(toks)):
            t = toks[n]
            if t.start >= end:
                break
            m = n + 1
            while m < len(toks) and toks[m].text in {'"', "'"}:
                m += 1  # ('…harbour," but she also pointed': past the closing mark)
            nxt = toks[m].low if m < len(toks) else ""
            nxt2 = toks[m + 1] if m + 1 < len(toks) else None
            if t.text in {";", "("} or (t.text == "-" and self.norm[t.start - 1:t.start].isspace()) or (
                    t.text == "," and (nxt.endswith("ing") or nxt in _CLAUSE_JOINERS or (
                        # "at a firm called Fenwick, argues that …": the subject's own verb
                        nxt in _VERB_BASE and m < len(toks) and _verb_at(toks, m)) or (
                        # ", and he said …" (but ", and a city of "…"" continues a list)
                        nxt == "and" and nxt2 is not None and (nxt2.low in PRONOUNS or nxt2.low in _VERB_BASE)))) or (
                    t.low in {"and", "but"} and nxt in _VERB_BASE and not nxt.endswith("ing")) or (
                    # '… of "sailing from behind" and Dane says …': a second speaker's clause
                    t.low in {"and", "but", "while"} and self._next_speaker(
                        toks, n + 1, [c for c in range(n + 2, min(n + 8, len(toks))) if toks[c].low in _VERB_BASE])):
                b = t.start
                break
        i = bisect.bisect_left(self._closed_quotes, (a, -1))
        if i == len(self._closed_quotes) or self._closed_quotes[i][0] >= b:
            return None
        qa, qb = self._closed_quotes[i]
        if any(ra <= qa < rb for ra, rb in quote_ranges):
            return None  # direct speech with a cue of its own
        return a, max(b, min(qb, end))

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
                span["speaker_type"] = person.kind
        utterances = cover_rows(self.text, kept, doc_id=self.doc_id, seg=self.seg)
        rows = []
        speaking = {id(s["_person"]) for s in kept}
        for person in self.registry.people:
            spoke = id(person) in speaking
            if not (spoke or person.given or (person.role and not person.joint and person.mentions)):
                continue
            rows.append({
                "speaker": person.name,
                "speaker_type": person.kind,
                "aliases": tuple(sorted(person.aliases - {person.name})),
                "role": person.role,
                "mentions": person.mentions,
            })
        return utterances, rows


def _trim(norm: str, a: int, b: int) -> tuple[int, int]:
    """Drop white space and the punctuation that joins a span to its frame (", " and ":")."""
    while a < b and (norm[a].isspace() or norm[a] in ",;:-" + PAD):
        a += 1
    while b > a and (norm[b - 1].isspace() or norm[b - 1] in ",;:-" + PAD):
        b -= 1
    return a, b
