"""Quote-mark pairing: linear in the size of the text, with the results of the plain
definition (every quotation compared with every other), which is kept here as the oracle."""

from __future__ import annotations

import time
from dataclasses import astuple
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discourse import quotes
from discourse.text import normalise, segment


def pair(text: str) -> list[tuple]:
    norm = normalise(text)
    return [astuple(q) for q in quotes.find_quotes(norm, text, segment(norm).paragraphs)]


# --- the oracle: the definitions, quadratic --------------------------------------------------


def _close_by_rescan(seg: str, start: int) -> int | None:
    """The closing single mark for an opening one before ``start``, by scanning on."""
    weak = None
    for i in range(start, len(seg)):
        if seg[i] != "'":
            continue
        p, n = seg[i - 1], (seg[i + 1] if i + 1 < len(seg) else " ")
        if p.isspace() or n.isalnum():
            continue
        if p in ".,!?;:-\u2026" or n in ".,;:!?)-" or i + 1 == len(seg):
            return i
        if weak is None and p.lower() != "s":
            weak = i
    return weak


def pair_by_definition(text: str) -> list[tuple]:
    """find_quotes with the closing mark found by rescanning and every single quotation
    compared with every double one (the code before issue 11)."""
    norm = normalise(text)
    paragraphs = segment(norm).paragraphs

    class Rescan:
        def __init__(self, seg: str) -> None:
            self.seg = seg

        def after(self, start: int) -> int | None:
            return _close_by_rescan(self.seg, start)

    doubles = quotes._double_quotes(norm, text, paragraphs)
    with mock.patch.object(quotes, "_Closers", Rescan):
        singles = quotes._single_quotes(norm, text, paragraphs) if "'" in norm else []
    if not singles:
        return [astuple(q) for q in doubles]
    kept_s = [s for s in singles if not any(quotes._inside(s, d) or quotes._crosses(s, d) for d in doubles)]
    kept_d = [d for d in doubles if not any(quotes._inside(d, s) for s in kept_s)]
    merged = sorted(kept_d + kept_s, key=lambda q: q.start)
    ids: dict[tuple[str, int], int] = {}
    for q in merged:
        q.group = ids.setdefault((q.mark, q.group), len(ids))
    return [astuple(q) for q in merged]


PIECES = st.sampled_from(list("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb ab.,s\n") + [" said ", "\n\n", "we're "])
MARKS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKS, min_size=1, max_size=6).map("".join))
def test_pairing_equals_the_definition(text):
    assert pair(text) == pair_by_definition(text)


def test_pairing_equals_the_definition_on_news_forms():
    texts = [
        "'Never,' he said. \"We act,\" she said. 'It's the workers' pay' he said.",
        "\u201cHe called it \u2018a disgrace\u2019 and left,\u201d she said.",
        "\u2018He called it \u201ca disgrace\u201d,\u2019 she said (British style).",
        "\u201cOne.\n\n\u201cTwo,\u201d she said.\n\n'Three\n\n'Four,' he said.",
        '"It is possible. "If so, we act," he said. \'And then\' they did.',
    ]
    for text in texts:
        assert pair(text) == pair_by_definition(text)


# --- linear time (issue 11: 40 s for 10,000 quotations in one paragraph) ---------------------


def _seconds(text: str) -> float:
    t0 = time.perf_counter()
    pair(text)
    return time.perf_counter() - t0


def test_ten_thousand_single_quotations_in_one_paragraph_pair_in_linear_time():
    # a weak close ("' he") made every opening mark rescan the rest of the paragraph
    for form in ("'Quote {i}' he said.", "'Quote {i},' he said.", "'Quote {i} he said."):
        text = " ".join(form.format(i=i) for i in range(20_000))
        assert _seconds(text) < 5  # 0.05 s here; about 100 s when quadratic


def test_single_and_double_quotations_are_not_compared_pairwise():
    text = "\n\n".join(f'"Quote {i}," said Jane Doe. \'Never,\' he said.' for i in range(20_000))
    assert _seconds(text) < 5  # 0.3 s here; about 80 s when quadratic
