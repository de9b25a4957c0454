"""Throughput and peak memory of the whole pipeline, ``discourse.analyse_corpus``.

Run: ``python benchmarks/bench_pipeline.py [--corpus PATH] [--repeat 3] [--memory-sizes 2,10]
[--skip-nltk] [--skip-spacy]``

What is timed is everything a corpus study runs: attribution of every document, both
shipped lexicons ("topics" per category, "frames" per entry) and the measures
(``speaker_share``, ``topic_frequency``, ``framing_terms``, summed over the corpus), i.e.
``discourse.analyse_corpus(corpus)`` with its defaults.

Throughput is timed on real news: the Lee corpus of ABC news by default (350 articles,
see ``realtext.py``), or ``--corpus PATH`` (a folder of files, or a file with one
document per line), every baseline on the same texts held in a dict, all in this process:

- ``analyse_corpus`` serially and with ``n_jobs=2`` (MB/s, MB/s per core, speed-up;
  the ideal is 2x, the machine's other load can take some of it);
- (a) the floor: ``re.findall(r"\\w+", text)`` over every document;
- (b) spaCy: ``PhraseMatcher(attr="LOWER")`` on ``spacy.blank("en")`` with the entries
  of both lexicons (globs become their stems), built as in ``bench_lexicon.py``;
  skipped with a message if spaCy is missing (or with ``--skip-spacy``);
- (c) the "NLTK notebook loop" a researcher writes by hand: Punkt sentences
  (``PunktSentenceTokenizer`` with abbreviations given here: no NLTK data is
  downloaded), ``NLTKWordTokenizer`` words, then a Python loop over both lexicons'
  terms counting matches per sentence (``--skip-nltk`` to leave it out).

The ratios are baseline time / pipeline time, so above 1x means faster than the
baseline. The goals printed are issue 12's (>= 1.5 MB/s on one core on real news,
>= 1.8x with two processes) and issue 5's (>= 8 MB/s per core, >= 0.25x the floor,
>= 5x spaCy's PhraseMatcher, >= 15x the NLTK loop), each marked met or not met.
The pipeline and the baselines are timed best of ``--repeat``.

Peak memory against corpus size: for each size in ``--memory-sizes`` (MB, default
"2,10") the generated corpus (the sample's paragraphs shuffled: the size matters here,
not the realism) is written once to a temporary folder of .txt files (1,000 per
subfolder), then a fresh Python process streams it and reports its own peak RSS
(``VmHWM`` from /proc/self/status; not ``ru_maxrss``, which Linux carries over from the
parent across fork and exec), so peaks do not mix; the folder is
deleted afterwards. The child streams with ``analyse_corpus(folder)``, which reads the
files one batch at a time and keeps only per-speaker counts. For comparison another
child measures the peak of ``read_corpus(folder)`` alone (which holds every text). The issue's sizes are
``--memory-sizes 10,100,1000``; the script prints how long that would take at the
speed just measured (read the estimate before starting it).

Numbers depend on the machine and its load; the ratios are what to read. Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_lexicon import best_of  # same timing as the lexicon benchmark
from realtext import add_corpus_argument, generated_documents, load_corpus, machine_line, megabytes

import discourse

FILES_PER_FOLDER = 1000
GOALS = {"per_core": 8.0, "floor": 0.25, "spacy": 5.0, "nltk": 15.0, "speedup": 1.8}
GOAL_REAL_NEWS = 1.5  # MB/s on one core on real news (issue 12)
ABBREVIATIONS = {  # Punkt without trained data knows no abbreviations: give the usual ones
    "mr", "mrs", "ms", "dr", "prof", "sir", "st", "jr", "sr", "gen", "gov", "sen", "rep",
    "lt", "col", "capt", "sgt", "rev", "hon", "u.s", "u.k", "e.g", "i.e", "etc", "vs",
    "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}


# --- the corpus --------------------------------------------------------------------------------


def write_corpus(folder: Path, megabytes: float) -> tuple[int, int]:
    """Write the corpus as .txt files, one document at a time; (documents, bytes)."""
    n = nbytes = 0
    for n, doc in enumerate(generated_documents(megabytes), start=1):
        sub = folder / f"{(n - 1) // FILES_PER_FOLDER:05d}"
        if (n - 1) % FILES_PER_FOLDER == 0:
            sub.mkdir()
        data = doc.encode("utf-8")
        (sub / f"{n - 1:08d}.txt").write_bytes(data)
        nbytes += len(data)
    return n, nbytes


def verdict(value: float, goal: float) -> str:
    return "met" if value >= goal else "NOT met"


# --- baselines ---------------------------------------------------------------------------------


def lexicon_terms() -> list[tuple[str, str, str]]:
    """(lexicon, category, entry) of both shipped lexicons."""
    from discourse.lexicon import load_lexicon

    return [(name, cat, term) for name in ("topics", "frames") for cat, term in load_lexicon(name).terms()]


def spacy_baseline(docs: list[str]) -> Callable[[], int] | str:
    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError:
        return "skipped (spaCy is not installed: pip install spacy)"
    from bench_lexicon import spacy_counter  # the same matcher as bench_lexicon.py

    from discourse.lexicon import load_lexicon

    run = spacy_counter(spacy, PhraseMatcher, [load_lexicon("topics"), load_lexicon("frames")], docs)
    run.version = spacy.__version__  # type: ignore[attr-defined]
    return run


def nltk_baseline(docs: list[str]) -> Callable[[], int] | str:
    try:
        from nltk.tokenize import NLTKWordTokenizer
        from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    except ImportError:
        return "skipped (NLTK is not installed)"
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    punkt = PunktSentenceTokenizer(params)
    words = NLTKWordTokenizer()
    # each entry tokenised as the text is, so "small boats" is matched on tokens
    terms = []
    for lexicon, cat, term in lexicon_terms():
        glob = term.endswith("*")
        toks = [t.lower() for t in words.tokenize(term.rstrip("*"))]
        terms.append((lexicon, cat, term, glob, toks))

    def run() -> int:
        # what a researcher writes in a notebook: sentences, words, a loop over the terms
        counts: dict[tuple[str, str, str], int] = {}
        for text in docs:
            for sentence in punkt.tokenize(text):
                toks = [t.lower() for t in words.tokenize(sentence)]
                for lexicon, cat, term, glob, parts in terms:
                    k = len(parts)
                    if k == 1 and not glob:
                        n = toks.count(parts[0])
                    elif k == 1:
                        n = sum(1 for t in toks if t.startswith(parts[0]))
                    else:
                        n = 0
                        for i in range(len(toks) - k + 1):
                            if toks[i:i + k - 1] == parts[:-1] and (
                                toks[i + k - 1].startswith(parts[-1]) if glob else toks[i + k - 1] == parts[-1]
                            ):
                                n += 1
                    if n:
                        key = (lexicon, cat, term)
                        counts[key] = counts.get(key, 0) + n
        return sum(counts.values())

    return run


# --- the memory child --------------------------------------------------------------------------


def stream_folder(folder: Path) -> dict[str, Any]:
    """analyse_corpus streaming the folder's files; only summed count tables are kept."""
    r = discourse.analyse_corpus(folder, progress=False)
    return {"documents": r.documents, "errors": len(r.errors), "speaker_words": int(r.share["words"].sum()),
            "topic_hits": int(r.topics["count"].sum()), "frame_hits": int(r.frames["count"].sum())}


def peak_kb() -> int:
    """This process's peak RSS in kB: VmHWM of its own address space where Linux has it.

    ``ru_maxrss`` is not used on Linux: the kernel carries the parent's high-water mark
    across fork and exec, so a child of a large parent reports the parent's peak.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb // 1024 if sys.platform == "darwin" else kb


def memory_child(folder: str, mode: str) -> None:
    """Run in a fresh process: print one JSON line with this process's peak RSS."""
    import pandas  # noqa: F401 - imported before the baseline reading, as analyse_corpus does

    discourse.analyse_corpus({"warm-up": "Starmer said it was fine."}, progress=False)  # imports, lexicons
    base = peak_kb()
    t0 = time.perf_counter()
    if mode == "read":
        corpus = discourse.read_corpus(folder)
        out: dict[str, Any] = {"documents": len(corpus)}
    else:
        out = stream_folder(Path(folder))
    out["seconds"] = time.perf_counter() - t0
    out["base_kb"] = base
    out["peak_kb"] = peak_kb()
    print(json.dumps(out))


def run_child(folder: Path, mode: str) -> dict[str, Any]:
    cmd = [sys.executable, os.path.abspath(__file__), "--_child", str(folder), "--_mode", mode]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"memory child failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- main ----------------------------------------------------------------------------------------


def throughput(args: argparse.Namespace) -> float:
    docs, what = load_corpus(args, fallback_mb=2.0)
    mb = megabytes(docs)
    corpus = {f"doc{i:06d}": d for i, d in enumerate(docs)}
    print(f"corpus: {what}; {len(docs)} documents, {mb:.2f} MB")

    discourse.analyse_corpus({"warm-up": docs[0]}, progress=False)  # imports, lexicon compilation

    t_serial, result = best_of(lambda: discourse.analyse_corpus(corpus, progress=False), args.repeat)
    t_par, result2 = best_of(lambda: discourse.analyse_corpus(corpus, n_jobs=2, progress=False), args.repeat)
    same = result.share.equals(result2.share) and result.frames.equals(result2.frames)
    serial = mb / t_serial
    speedup = t_serial / t_par
    print(f"analyse_corpus, serial      : {serial:8.3f} MB/s per core  ({t_serial:.1f} s, "
          f"{result.documents} documents, {len(result.errors)} failed)")
    print(f"analyse_corpus, n_jobs=2    : {mb / t_par:8.3f} MB/s = {mb / t_par / 2:.3f} MB/s per core  "
          f"({t_par:.1f} s; speed-up {speedup:.2f}x of ideal 2x; result identical to serial: {same})")

    reps = max(3, args.repeat)
    t_floor, _ = best_of(lambda: [re.findall(r"\w+", d) for d in docs], reps)
    rows = [("(a) floor, re.findall(r'\\w+')", t_floor, "floor")]
    print(f"(a) regex word tokenizer    : {mb / t_floor:8.2f} MB/s")

    if args.skip_spacy:
        print("(b) spaCy PhraseMatcher     : skipped (--skip-spacy)")
    else:
        sp = spacy_baseline(docs)
        if isinstance(sp, str):
            print(f"(b) spaCy PhraseMatcher     : {sp}")
        else:
            t_sp, hits = best_of(sp, reps)
            rows.append(("(b) spaCy PhraseMatcher", t_sp, "spacy"))
            print(f"(b) spaCy PhraseMatcher     : {mb / t_sp:8.2f} MB/s  ({hits:,} hits; spaCy {sp.version})")  # type: ignore[attr-defined]

    if args.skip_nltk:
        print("(c) NLTK notebook loop      : skipped (--skip-nltk)")
    else:
        nl = nltk_baseline(docs)
        if isinstance(nl, str):
            print(f"(c) NLTK notebook loop      : {nl}")
        else:
            t_nl, hits = best_of(nl, max(1, args.repeat))
            rows.append(("(c) NLTK notebook loop", t_nl, "nltk"))
            print(f"(c) NLTK notebook loop      : {mb / t_nl:8.2f} MB/s  ({hits:,} hits)")

    print("\ngoals, pipeline = analyse_corpus serial; ratio = baseline time / pipeline time")
    print(f"  {'MB/s on one core (issue 12, real news)':<40} {serial:9.3f}   goal >= {GOAL_REAL_NEWS:<5g}  "
          f"{verdict(serial, GOAL_REAL_NEWS)}")
    print(f"  {'MB/s per core (issue 5)':<40} {serial:9.3f}   goal >= {GOALS['per_core']:<5g}  {verdict(serial, GOALS['per_core'])}")
    for label, t, key in rows:
        ratio = t / t_serial
        print(f"  {'ratio to ' + label:<40} {ratio:9.4f}x  goal >= {GOALS[key]:g}x{'':<{4 - len(f'{GOALS[key]:g}')}} {verdict(ratio, GOALS[key])}")
    print(f"  {'speed-up with 2 processes':<40} {speedup:9.2f}x  goal >= {GOALS['speedup']:g}x  "
          f"{verdict(speedup, GOALS['speedup'])}  (close to the ideal 2x)")
    return serial


def memory(args: argparse.Namespace, speed: float | None) -> None:
    sizes = [float(s) for s in args.memory_sizes.split(",") if s.strip()]
    if not sizes:
        return
    print("\npeak memory against corpus size (fresh process per size and mode; files streamed "
          "from a temporary folder by analyse_corpus(folder))")
    print(f"  {'corpus':>10} {'documents':>10} {'read_corpus peak':>17} {'streaming peak':>15} "
          f"{'(after imports)':>15} {'streaming MB/s':>14}")
    peaks = []
    for size in sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"bench_pipeline_{size:g}mb_"))
        try:
            n, nbytes = write_corpus(folder, size)
            read = run_child(folder, "read")
            stream = run_child(folder, "stream")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        peaks.append((nbytes / 1e6, stream["peak_kb"] / 1024))
        print(f"  {nbytes / 1e6:7.2f} MB {n:>10} {read['peak_kb'] / 1024:13.0f} MB {stream['peak_kb'] / 1024:11.0f} MB "
              f"{stream['base_kb'] / 1024:12.0f} MB {nbytes / 1e6 / stream['seconds']:14.3f}"
              + (f"   ({stream['errors']} documents failed)" if stream["errors"] else ""))
    if len(peaks) > 1:
        (s0, p0), (s1, p1) = peaks[0], peaks[-1]
        s0, s1 = round(s0, 2), round(s1, 2)
        growth = (p1 - p0) / (s1 - s0) if s1 > s0 else 0.0
        flat = abs(p1 - p0) <= max(10.0, 0.05 * p0)
        print(f"  streaming peak from {s0:g} MB to {s1:g} MB of text: {p0:.0f} -> {p1:.0f} MB "
              f"({growth:+.2f} MB per MB of text): {'flat' if flat else 'NOT flat'} "
              f"(flat = within max(10 MB, 5 %))")
    if speed:
        hours = (10 + 100 + 1000) / speed / 3600
        print(f"  --memory-sizes 10,100,1000 (the issue's sizes) would take about {hours:.1f} h of analysis "
              f"at the serial {speed:.3f} MB/s measured above (streaming runs; plus reading and writing the files)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs of the pipeline and the baselines, the best kept (default 3)")
    parser.add_argument("--memory-sizes", default="2,10",
                        help="corpus sizes in MB for the peak-memory runs (default '2,10'; '' to skip; "
                             "the issue's sizes are '10,100,1000', hours)")
    parser.add_argument("--skip-nltk", action="store_true", help="leave out the NLTK notebook loop")
    parser.add_argument("--skip-spacy", action="store_true", help="leave out spaCy's PhraseMatcher")
    parser.add_argument("--skip-throughput", action="store_true", help="only the peak-memory runs")
    add_corpus_argument(parser)
    parser.add_argument("--_child", help=argparse.SUPPRESS)
    parser.add_argument("--_mode", default="stream", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._child:
        memory_child(args._child, args._mode)
        return

    import warnings

    warnings.simplefilter("ignore")  # per-document warnings would drown the numbers
    print(machine_line())
    t0 = time.perf_counter()
    speed = None if args.skip_throughput else throughput(args)
    memory(args, speed)
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
