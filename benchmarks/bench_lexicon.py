"""Throughput of lexicon counting, against pyahocorasick and spaCy's PhraseMatcher.

Run: ``python benchmarks/bench_lexicon.py [--corpus PATH] [--repeat 5]``

The texts are real news: the Lee corpus of ABC news by default (see ``realtext.py``), or
``--corpus PATH`` (a folder, or a file with one document per line); the documents are
joined by a blank line. Timed, best of ``--repeat`` runs, all in this process:

- discourse: ``Lexicon.count`` of the shipped "topics" and "frames" lexicons over the
  corpus (case folding, word boundaries, hyphen/apostrophe variants, globs, nested
  matches resolved per category, as in the package);
- pyahocorasick: a bare automaton over the same entries (lower-cased, ``*`` dropped),
  iterating ``text.lower()`` and counting every raw hit (no word boundaries, no
  overlap rule): the floor any Aho–Corasick matcher pays. Goal: discourse >= 0.5x;
- spaCy: ``PhraseMatcher(attr="LOWER")`` on ``spacy.blank("en")``, tokenising each
  document once and running both lexicons' matchers (globs become their stems, so
  spaCy does less work than discourse). Goal: discourse >= 10x. Skipped with a message
  when spaCy is not installed (``pip install spacy``; it is in the ``bench`` extra).

Numbers are printed as MB/s and as ratios; nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import ahocorasick
from realtext import add_corpus_argument, load_corpus

from discourse.lexicon import _fold_entry, load_lexicon


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def spacy_counter(spacy: Any, phrase_matcher: Any, lexicons: list[Any], docs: list[str]) -> Callable[[], int]:
    """A function counting every lexicon's entries over ``docs`` with spaCy's PhraseMatcher
    on a blank English pipeline: one matcher per lexicon, globs as their stems."""
    nlp = spacy.blank("en")
    matchers = []
    for lex in lexicons:
        m = phrase_matcher(nlp.vocab, attr="LOWER")
        for cat, terms in lex.categories.items():
            if terms:
                m.add(cat, [nlp.make_doc(t.rstrip("*")) for t in terms])
        matchers.append(m)

    def run() -> int:
        total = 0
        for doc in nlp.pipe(docs, batch_size=256):
            for m in matchers:
                total += len(m(doc))
        return total

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_argument(parser)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is kept")
    args = parser.parse_args()

    docs, what = load_corpus(args)
    corpus = "\n\n".join(docs)
    size_mb = len(corpus.encode("utf-8")) / 1e6
    lexicons = [load_lexicon("topics"), load_lexicon("frames")]
    entries = sorted({t for lex in lexicons for _, t in lex.terms()})
    print(f"corpus: {what}; {size_mb:.2f} MB, {len(corpus):,} characters; "
          f"{len(entries)} distinct entries in topics + frames")

    # discourse (compile once, outside the timing, as the package caches it)
    for lex in lexicons:
        lex.count("warm up")

    def run_discourse() -> int:
        return sum(sum(lex.count(corpus).values()) for lex in lexicons)

    t_ours, hits_ours = best_of(run_discourse, args.repeat)
    print(f"discourse Lexicon.count   : {size_mb / t_ours:8.1f} MB/s  ({t_ours:.3f} s, {hits_ours:,} hits)")

    # bare pyahocorasick, one automaton per lexicon as for discourse
    automata = []
    for lex in lexicons:
        a = ahocorasick.Automaton()
        for _, term in lex.terms():
            key = " ".join(_fold_entry(term.rstrip("*")).split())
            a.add_word(key, key)
        a.make_automaton()
        automata.append(a)

    def run_aho() -> int:
        low = corpus.lower()
        total = 0
        for a in automata:
            counts: Counter[str] = Counter()
            for _, key in a.iter(low):
                counts[key] += 1
            total += sum(counts.values())
        return total

    t_aho, hits_aho = best_of(run_aho, args.repeat)
    print(f"pyahocorasick (bare)      : {size_mb / t_aho:8.1f} MB/s  ({t_aho:.3f} s, {hits_aho:,} raw hits)")
    print(f"  ratio discourse / pyahocorasick = {t_aho / t_ours:.2f}x  (goal >= 0.5x)")

    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError:
        print("spaCy PhraseMatcher       : skipped (spaCy is not installed: pip install spacy)")
        return
    run_spacy = spacy_counter(spacy, PhraseMatcher, lexicons, docs)

    t_sp, hits_sp = best_of(run_spacy, max(1, args.repeat - 2))
    print(f"spaCy PhraseMatcher       : {size_mb / t_sp:8.1f} MB/s  ({t_sp:.3f} s, {hits_sp:,} hits; "
          f"spaCy {spacy.__version__})")
    print(f"  ratio discourse / spaCy = {t_sp / t_ours:.1f}x  (goal >= 10x)")


if __name__ == "__main__":
    main()
