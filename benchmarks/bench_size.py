"""Time and peak memory against the size of one document, next to a corpus of the same text.

Run: ``python benchmarks/bench_size.py [--sizes 1,2,5,20] [--corpus PATH]``

For each size (MB), one document is built to that size and timed, each step in a fresh
Python process that reports its own peak RSS (``VmHWM``, as in ``bench_pipeline.py``):

- ``quotes``: ``discourse.quotes.find_quotes`` alone (pairing quotation marks: issue 11
  found it quadratic, 175 s at 5 MB);
- ``document``: ``discourse.attribute`` of the whole document;
- ``corpus``: ``discourse.attribute_corpus`` of the same paragraphs cut into documents
  of about 5 kB (a news article): the per-MB cost one long document should not exceed.

The text is news-like with both kinds of quotation marks: the sample's paragraphs
(data/) shuffled, every other one turned to British style (‘single’ marks for the
quotation, “double” inside it), so that single and double quotations alternate
throughout; or, with ``--corpus PATH`` (a folder of .txt files, or a file with one
document per line), real texts, repeated to the size. Printed, never asserted: the
MB/s depend on the machine and its load, the per-MB columns are what to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_pipeline import peak_kb, sample_paragraphs, texts_from

import discourse

ARTICLE = 5_000  # characters of one document of the corpus run
_BRITISH = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019", "\u2018": "\u201c", "\u2019": "\u201d"})


def paragraphs(corpus: str | None) -> list[str]:
    if corpus is None:
        paras = sample_paragraphs()
        return [p.translate(_BRITISH) if i % 2 else p for i, p in enumerate(paras)]
    return [p for text in texts_from(corpus) for p in text.split("\n") if p.strip()]


def build(megabytes: float, corpus: str | None, seed: int = 0) -> list[str]:
    """Paragraphs, shuffled and repeated, to about ``megabytes`` MB of UTF-8."""
    pool = paragraphs(corpus)
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        rng.shuffle(pool)
        for p in pool:
            out.append(p)
            size += len(p.encode("utf-8")) + 2
            if size >= megabytes * 1e6:
                break
    return out


def as_documents(paras: list[str]) -> dict[int, str]:
    docs: dict[int, str] = {}
    cur: list[str] = []
    size = 0
    for p in paras:
        cur.append(p)
        size += len(p) + 2
        if size >= ARTICLE:
            docs[len(docs)] = "\n\n".join(cur) + "\n"
            cur, size = [], 0
    if cur:
        docs[len(docs)] = "\n\n".join(cur) + "\n"
    return docs


def child(path: str, mode: str) -> None:
    from discourse import quotes
    from discourse.text import normalise, segment

    paras = json.loads(Path(path).read_text(encoding="utf-8"))
    discourse.attribute('"Warm," she said.')  # imports and word lists, outside the peak
    base = peak_kb()
    t0 = time.perf_counter()
    if mode == "quotes":
        text = "\n\n".join(paras) + "\n"
        norm = normalise(text)
        t0 = time.perf_counter()
        found = len(quotes.find_quotes(norm, text, segment(norm).paragraphs))
    elif mode == "document":
        text = "\n\n".join(paras) + "\n"
        del paras
        t0 = time.perf_counter()
        found = int((discourse.attribute(text)["mode"] == "direct").sum())
    else:
        docs = as_documents(paras)
        del paras
        t0 = time.perf_counter()
        found = int((discourse.attribute_corpus(docs, kind="article", progress=False)["mode"] == "direct").sum())
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "found": found, "base_kb": base, "peak_kb": peak_kb()}))


def run(path: Path, mode: str, *more: str, script: str = __file__) -> dict | str:
    """What the child (``script --_child PATH --_mode MODE *more``) measured, or the last
    line of its error (real text can hit a bug: printed, so that the other sizes and
    steps still run)."""
    cmd = [sys.executable, os.path.abspath(script), "--_child", str(path), "--_mode", mode, *more]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,5,20", help="document sizes in MB (default 1,2,5,20)")
    parser.add_argument("--modes", default="quotes,document,corpus", help="steps to time (default all three)")
    parser.add_argument("--corpus", help="real texts instead of the sample: a folder of .txt files or one document per line")
    parser.add_argument("--_child")
    parser.add_argument("--_mode")
    args = parser.parse_args()
    if args._child:
        child(args._child, args._mode)
        return
    source = args.corpus or "the sample's paragraphs, every other one in British style"
    print(f"text: {source}; corpus documents of about {ARTICLE // 1000} kB")
    print(f"{'MB':>5} {'step':>9} {'seconds':>8} {'MB/s':>6} {'s/MB':>6} {'peak MB':>8} {'MB/MB':>6} {'quotes':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(s) for s in args.sizes.split(",") if s.strip()):
            paras = build(mb, args.corpus)
            real = sum(len(p.encode("utf-8")) + 2 for p in paras) / 1e6
            path = Path(tmp) / f"{mb}.json"
            path.write_text(json.dumps(paras), encoding="utf-8")
            for mode in args.modes.split(","):
                r = run(path, mode)
                if isinstance(r, str):
                    print(f"{real:5.1f} {mode:>9} failed: {r}", flush=True)
                    continue
                grown = (r["peak_kb"] - r["base_kb"]) / 1024
                print(f"{real:5.1f} {mode:>9} {r['seconds']:8.2f} {real / r['seconds']:6.2f} "
                      f"{r['seconds'] / real:6.2f} {r['peak_kb'] / 1024:8.0f} {grown / real:6.0f} {r['found']:7d}",
                      flush=True)
    print("peak MB: the process's peak RSS; MB/MB: its growth over the warmed-up process, per MB of text.")


if __name__ == "__main__":
    main()
