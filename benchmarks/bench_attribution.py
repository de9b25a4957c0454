"""Throughput of attribution, as a ratio to a bare regex word tokenizer.

Run: ``python benchmarks/bench_attribution.py [--mb 2] [--repeat 3]``

The corpus is built from the sample in data/: its paragraphs shuffled (fixed seed) into
documents of the sample's length, to about ``--mb`` megabytes. This text is denser in
speech than most news (every paragraph quotes or reports someone), so it is a hard case.
The engine is timed as ``attribute_corpus`` (the documents' rows gathered into one
table) and as ``attribute`` called per document (a table each, which costs about a third
of the time on documents this short). Both it and the baseline run on the same documents in this process, best of
``--repeat`` runs; the ratio is what to read (target >= 0.25x), the MB/s depend on the
machine and its load. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

import discourse
from discourse.text import WORD_RE


def corpus_from_sample(megabytes: float, seed: int = 0) -> list[str]:
    sample = discourse.load_sample().text
    paragraphs = [p for p in sample.split("\n") if p.strip()]
    rng = random.Random(seed)
    docs, size = [], 0
    while size < megabytes * 1e6:
        rng.shuffle(paragraphs)
        doc = "\n".join(paragraphs) + "\n"
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="corpus size in MB (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    args = parser.parse_args()

    docs = corpus_from_sample(args.mb)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {mb:.2f} MB (sample paragraphs shuffled)")

    def floor() -> None:
        for d in docs:
            WORD_RE.findall(d)

    def engine() -> None:
        for i, d in enumerate(docs):
            discourse.attribute(d, doc_id=i)

    corpus = {i: d for i, d in enumerate(docs)}

    def engine_corpus() -> None:
        # one table for the whole corpus: no DataFrame per document
        discourse.attribute_corpus(corpus, kind="article", progress=False)

    from discourse.attribution import _Document

    def scans() -> None:
        # what the engine does before any decision: normalise, paragraphs and sentences,
        # quotation marks, speech verbs. Any engine built on these scans is slower.
        for i, d in enumerate(docs):
            _Document(d, None, i)

    def engine_one_paragraph() -> None:
        # the same text as one long paragraph per document: no paragraph structure to lean on
        for i, d in enumerate(docs[: max(1, len(docs) // 4)]):
            discourse.attribute(d.replace("\n", " "), doc_id=i)

    t_floor = best_of(floor, args.repeat)
    t_engine = best_of(engine, args.repeat)
    t_corpus = best_of(engine_corpus, args.repeat)
    t_scans = best_of(scans, args.repeat)
    t_flat = best_of(engine_one_paragraph, 1)
    flat_mb = mb * max(1, len(docs) // 4) / len(docs)
    print(f"regex word tokenizer (floor): {mb / t_floor:8.2f} MB/s")
    print(f"discourse.attribute_corpus:   {mb / t_corpus:8.2f} MB/s   ratio to floor {t_floor / t_corpus:.3f}x  (target >= 0.25x)")
    print(f"discourse.attribute, per doc: {mb / t_engine:8.2f} MB/s   ratio to floor {t_floor / t_engine:.3f}x  (a DataFrame per document)")
    print(f"  same text, one paragraph:   {flat_mb / t_flat:8.2f} MB/s")
    print(f"  its scans alone:            {mb / t_scans:8.2f} MB/s   ratio to floor {t_floor / t_scans:.3f}x  "
          f"(normalise, sentences, quotation marks, speech verbs: {100 * t_scans / t_corpus:.0f} % of the engine)")
    print(f"floor: re.findall({WORD_RE.pattern!r}) over the same documents")


if __name__ == "__main__":
    main()
