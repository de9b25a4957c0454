"""Per-call cost where a researcher feels it: the measures on one document's utterances,
and a notebook loop over many documents.

Run: ``python benchmarks/bench_measures.py [--corpus PATH] [--repeat 3] [--calls 200]``

On real news (the Lee corpus by default, see ``realtext.py``; ``--corpus PATH`` for your
own), every document is attributed once, then timed (best of ``--repeat`` passes, wall
clock, all in this process):

- per call on a single article: each measure called ``--calls`` times on the article of
  median length (``speaker_share``'s bootstrap reuses its resampling counts after the
  first call: that is the cost of calling it again);
- a loop over every document, as a notebook runs it: ``speaker_share``,
  ``topic_frequency``, ``framing_terms`` with their defaults, and ``keyness`` (log-odds,
  English stopwords left out, the two persons ``compared_speakers`` picks, as the report
  does) on the documents that have two; the first pass is also shown, since it draws the
  bootstrap's resampling counts for every number of spans not seen before;
- ``attribute`` per document against ``attribute_corpus``, per byte (a table per document
  costs more than one table for all).

Goals (issue 12): each measure at most 1 ms a call, and ``attribute`` per document at
most 1.2x the per-byte time of ``attribute_corpus``. The machine is shared and timings
move with its load: read the figures of one run together. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from realtext import add_corpus_argument, start

import discourse

GOAL_MS = 1.0
GOAL_ATTRIBUTE = 1.2


def per_call(fn: Callable[[], Any], calls: int, repeat: int) -> float:
    """Best over ``repeat`` of the mean time of ``calls`` calls, in ms."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, (time.process_time() - t0) / calls)
    return best * 1e3


def loop(fn: Callable[[Any], Any], items: list[Any], repeat: int) -> tuple[float, float]:
    """(first pass, best of ``repeat`` later passes) over ``items``, ms per item."""
    times = []
    for _ in range(repeat + 1):
        t0 = time.process_time()
        for item in items:
            fn(item)
        times.append((time.process_time() - t0) / max(1, len(items)) * 1e3)
    return times[0], min(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_argument(parser)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is kept")
    parser.add_argument("--calls", type=int, default=200, help="calls on the single article")
    args = parser.parse_args()
    docs, mb = start(args)

    us = [discourse.attribute(d, doc_id=i) for i, d in enumerate(docs)]
    pairs = [discourse.compared_speakers(u) for u in us]
    compared = [(u, p) for u, p in zip(us, pairs) if len(p) == 2]
    by_length = sorted(range(len(docs)), key=lambda i: len(docs[i]))
    one = us[by_length[len(by_length) // 2]]
    one_pair = next((p for _, p in sorted(((len(docs[i]), pairs[i]) for i in range(len(docs)) if len(pairs[i]) == 2),
                                          key=lambda x: x[0])[len(compared) // 2:]), None) if compared else None
    one_key = next(u for u, p in compared if p == one_pair) if one_pair else None
    speech = sum(int(u["mode"].isin(["direct", "reported"]).sum()) for u in us) / len(us)
    print(f"  {speech:.1f} spans of speech per document; {len(compared)} documents with two persons to compare")

    measures: list[tuple[str, Callable[[Any], Any], list[Any], Any]] = [
        ("speaker_share", discourse.speaker_share, us, one),
        ("topic_frequency", discourse.topic_frequency, us, one),
        ("framing_terms", discourse.framing_terms, us, one),
        ("keyness", lambda a: discourse.keyness(a[0], target=a[1][0], reference=a[1][1], stopwords="english"),
         compared, (one_key, one_pair) if one_pair else None),
    ]
    print(f"\n{'per call, ms':<18}{'single article':>16}{'loop: 1st pass':>16}{'loop: again':>13}   goal <= {GOAL_MS:g} ms")
    for name, fn, items, single in measures:
        if not items or single is None:
            print(f"{name:<18}{'(no documents to run it on)':>45}")
            continue
        one_ms = per_call(lambda fn=fn, single=single: fn(single), args.calls, args.repeat)
        first, again = loop(fn, items, args.repeat)
        verdict = "met" if max(one_ms, again) <= GOAL_MS else "NOT met"
        print(f"{name:<18}{one_ms:>16.3f}{first:>16.3f}{again:>13.3f}   {verdict}")

    def notebook(u: Any) -> None:
        discourse.speaker_share(u)
        discourse.topic_frequency(u)
        discourse.framing_terms(u)

    t_attr = loop(lambda d: discourse.attribute(d), docs, args.repeat)[1]
    t_measures = loop(notebook, us, args.repeat)[1]
    print(f"\nnotebook loop, per document: attribute {t_attr:.2f} ms + the three measures {t_measures:.2f} ms; "
          f"5,000 such articles: {5 * (t_attr + t_measures):.0f} s")

    corpus = dict(enumerate(docs))
    best_corpus = best_docs = float("inf")
    for _ in range(args.repeat):
        t0 = time.process_time()
        discourse.attribute_corpus(corpus, kind="article", progress=False)
        best_corpus = min(best_corpus, time.process_time() - t0)
        t0 = time.process_time()
        for i, d in enumerate(docs):
            discourse.attribute(d, doc_id=i)
        best_docs = min(best_docs, time.process_time() - t0)
    ratio = best_docs / best_corpus
    print(f"attribute per document {mb / best_docs:.2f} MB/s, attribute_corpus {mb / best_corpus:.2f} MB/s: "
          f"{ratio:.2f}x the per-byte time (goal <= {GOAL_ATTRIBUTE:g}x: {'met' if ratio <= GOAL_ATTRIBUTE else 'NOT met'})")


if __name__ == "__main__":
    main()
