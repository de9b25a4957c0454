"""Peak memory (and time) of ``discourse report`` against the number of articles.

Run: ``python benchmarks/bench_report_memory.py [--articles 2000,8000] [--corpus PATH]``

For each count, a folder of that many generated articles (the sample's paragraphs
shuffled, as in ``bench_pipeline.py``: about 2.7 kB each) is written to a temporary
folder, and a fresh Python process runs ``discourse report FOLDER --out OUT`` and
reports its own peak RSS (``VmHWM``), so that runs do not mix. ``analyse_corpus`` of the
same folder is measured the same way for comparison: it keeps only per-speaker counts,
and ``report`` should stay as flat as it does (issue 11: 381 MB at 2,000 articles and
669 MB at 8,000, against 203 to 206 MB; 660 and 1,690 MB once report.html held every
document, 322 and 332 MB with the report reading the spooled corpus a batch at a time).
``--corpus PATH`` (a folder of .txt files) reports on real texts instead, repeated to
the counts. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench_pipeline import FILES_PER_FOLDER, iter_documents, peak_kb
from bench_size import run as run_child

import discourse


def write_articles(folder: Path, n: int, corpus: str | None) -> int:
    """``n`` articles as .txt files (1,000 per subfolder); their size in bytes."""
    if corpus:
        texts = [t for t in discourse.read_corpus(corpus)["text"] if t.strip()]
        docs = (texts[i % len(texts)] for i in range(n))
    else:
        docs = iter_documents(float("inf"))
    size = 0
    for i, doc in zip(range(n), docs):
        sub = folder / f"{i // FILES_PER_FOLDER:05d}"
        sub.mkdir(exist_ok=True)
        data = doc.encode("utf-8")
        (sub / f"{i:08d}.txt").write_bytes(data)
        size += len(data)
    return size


def child(folder: str, mode: str, out: str) -> None:
    import contextlib
    import io

    from discourse.cli import main

    t0 = time.perf_counter()
    if mode == "report":
        with contextlib.redirect_stderr(io.StringIO()) as err:
            code = main(["report", folder, "--out", out])
        if code != 0:
            raise SystemExit(f"report exited {code}: {err.getvalue()[-1000:]}")
    else:
        discourse.analyse_corpus(folder, progress=False)
    print(json.dumps({"seconds": time.perf_counter() - t0, "peak_kb": peak_kb()}))


def run(folder: Path, mode: str, out: Path) -> dict:
    measured = run_child(folder, mode, "--_out", str(out), script=__file__)
    if isinstance(measured, str):
        raise RuntimeError(f"{mode} child failed: {measured}")
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="2000,8000", help="article counts (default 2000,8000)")
    parser.add_argument("--modes", default="report,analyse", help="what to run (default report,analyse)")
    parser.add_argument("--corpus", help="a folder of real .txt articles instead of the generated ones")
    parser.add_argument("--_child")
    parser.add_argument("--_mode")
    parser.add_argument("--_out")
    args = parser.parse_args()
    if args._child:
        child(args._child, args._mode, args._out)
        return
    print(f"articles: {args.corpus or 'generated from the sample (about 2.7 kB each)'}")
    print(f"{'articles':>8} {'MB':>6} {'step':>8} {'seconds':>8} {'peak MB':>8}")
    for n in (int(x) for x in args.articles.split(",") if x.strip()):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            mb = write_articles(folder, n, args.corpus) / 1e6
            for mode in args.modes.split(","):
                r = run(folder, mode, Path(tmp) / "report")
                print(f"{n:8d} {mb:6.1f} {mode:>8} {r['seconds']:8.1f} {r['peak_kb'] / 1024:8.0f}", flush=True)


if __name__ == "__main__":
    main()
