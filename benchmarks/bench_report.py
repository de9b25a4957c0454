"""Time ``discourse report``: on the sample, and on a corpus against ``analyse_corpus``.

Run: ``python benchmarks/bench_report.py [--repeat 3] [--corpus PATH] [--jobs 2]``

1. The README's first command, ``discourse report`` on the bundled sample, run as a
   new user runs it: a fresh ``discourse`` process each time (imports included), wall
   time and CPU time of the process and of the processes it forks to save figures.
   Goal (issue 10): at most 4 s here.
2. A corpus of real news: the Lee corpus of ABC news by default (see ``realtext.py``),
   or ``--corpus PATH`` (a folder, or a file with one document per line), reported
   in-process (``discourse.report.write_report`` after ``attribute_corpus``) against
   ``analyse_corpus`` on the same texts. The goal: no slower per MB than
   ``analyse_corpus``, plus a fixed cost for the figures; printed as MB/s of each and
   the report's time minus ``analyse_corpus``'s.

The machine is shared: figures are best of ``--repeat``, and no test is timed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from realtext import add_corpus_argument, load_corpus


def cli_report(repeat: int) -> None:
    exe = Path(sys.executable).with_name("discourse")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "discourse.cli"]
    walls, cpus = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd + ["report", "--out", "rep"], cwd=tmp, check=True, capture_output=True)
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    best = min(range(repeat), key=walls.__getitem__)
    print(f"discourse report on the sample: {walls[best]:.2f} s wall (best of {repeat}; all: "
          f"{', '.join(f'{w:.2f}' for w in walls)}), {cpus[best]:.2f} s CPU with its figure processes; "
          f"goal <= 4 s: {'met' if walls[best] <= 4 else 'not met'}")


def corpus_report(docs: list[str], what: str, repeat: int, jobs: int | None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import discourse
    from discourse.report import write_report

    corpus = {f"{i:05d}": text for i, text in enumerate(docs)}
    discourse.analyse_corpus(dict(list(corpus.items())[:5]), progress=False)  # imports, names, lexicons
    mb = sum(len(t.encode("utf-8")) for t in corpus.values()) / 1e6
    t_an, t_rep = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        discourse.analyse_corpus(corpus, progress=False)
        t_an.append(time.perf_counter() - t0)
        out = Path(tempfile.mkdtemp())
        try:
            t0 = time.perf_counter()
            u = discourse.attribute_corpus(corpus, progress=False)
            write_report(out, u, label=f"{len(corpus)} articles", jobs=jobs)
            t_rep.append(time.perf_counter() - t0)
            size = (out / "report.html").stat().st_size / 1e6
        finally:
            shutil.rmtree(out, ignore_errors=True)
    a, r = min(t_an), min(t_rep)
    print(f"corpus: {what}; {len(corpus)} articles ({mb:.2f} MB): analyse_corpus {a:.2f} s ({mb / a:.2f} MB/s), "
          f"report {r:.2f} s ({mb / r:.2f} MB/s); the report's cost beyond analyse_corpus: {r - a:.2f} s; "
          f"report.html {size:.1f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    add_corpus_argument(ap)
    ap.add_argument("--jobs", type=int, default=None, help="figure-saving processes (default: 2 where possible)")
    ap.add_argument("--skip-corpus", action="store_true")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cli_report(args.repeat)
    if not args.skip_corpus:
        docs, what = load_corpus(args)
        corpus_report(docs, what, max(1, args.repeat // 2), args.jobs)


if __name__ == "__main__":
    main()
