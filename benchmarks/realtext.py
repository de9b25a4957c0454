"""The texts the benchmarks run on: real news by default, a corpus of your own with
``--corpus PATH``, and the generated corpus only where size matters more than realism.

Real news by default: the Lee corpus, 350 news articles of the Australian Broadcasting
Corporation's news mail service (2001), collected by Lee, Pincombe & Welsh (2005, "An
empirical evaluation of models of text document similarity", CogSci 2005) and shipped by
gensim in its test data (``gensim/test/test_data/lee_background.cor``, 300 articles, and
``lee.cor``, 50, one article a line). The articles are ABC's; gensim (LGPL-2.1) carries
them by Michael D. Lee's leave, for research. Nothing of them is in this repository: the
gensim wheel is downloaded with ``pip download --no-deps gensim`` into a cache outside it
(``~/.cache/discourse-bench``, or ``$DISCOURSE_BENCH_CACHE``) and the two files are read
from the wheel with ``zipfile``, into memory only.

Without the network (and no wheel in the cache) the benchmarks say so and fall back to
the generated corpus: the bundled sample's paragraphs shuffled into documents, a hard
case for attribution (every paragraph quotes or reports someone) and an easy one for
every cache (a vocabulary of a few hundred words).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

LEE_FILES = ("gensim/test/test_data/lee_background.cor", "gensim/test/test_data/lee.cor")


def cache_dir() -> Path:
    return Path(os.environ.get("DISCOURSE_BENCH_CACHE", Path.home() / ".cache" / "discourse-bench"))


def gensim_wheel() -> tuple[Path | None, str]:
    """The gensim wheel in the cache, downloaded if missing; (path, None) or (None, why not)."""
    folder = cache_dir()
    found = sorted(folder.glob("gensim-*.whl"))
    if found:
        return found[-1], ""
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
           "--disable-pip-version-check", "-q", "-d", str(folder), "gensim"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"{' '.join(cmd[2:])} failed: {e}"
    found = sorted(folder.glob("gensim-*.whl"))
    if done.returncode != 0 or not found:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return None, f"`pip download --no-deps gensim` failed ({last[0]})"
    return found[-1], ""


def lee_corpus() -> tuple[list[str] | None, str]:
    """The 350 articles of the Lee corpus (texts, description), or (None, why not)."""
    wheel, why = gensim_wheel()
    if wheel is None:
        return None, why
    texts: list[str] = []
    with zipfile.ZipFile(wheel) as z:
        for name in LEE_FILES:
            # latin-1, as gensim's own test reads them (lee.cor has one byte that is not UTF-8)
            lines = z.read(name).decode("latin-1").splitlines()
            texts += [line for line in lines if line.strip()]
    return texts, f"the Lee corpus: {len(texts)} ABC news articles of 2001, from {wheel.name}"


def texts_from(path: str) -> list[str]:
    """The documents of ``--corpus``: a folder (as ``read_corpus`` reads it) or a file
    with one document per non-empty line (as the Lee corpus is stored)."""
    import discourse

    p = Path(path)
    if p.is_dir():
        return [t for t in discourse.read_corpus(p)["text"] if t.strip()]
    return [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def generated_documents(megabytes: float, seed: int = 0) -> Iterator[str]:
    """The sample's paragraphs shuffled (fixed seed) into documents of its length, to
    about ``megabytes`` MB: text nobody wrote as news, for the memory runs."""
    import discourse

    paragraphs = [p for p in discourse.load_sample().text.split("\n") if p.strip()]
    rng = random.Random(seed)
    size = 0
    while size < megabytes * 1e6:
        rng.shuffle(paragraphs)
        doc = "\n".join(paragraphs) + "\n"
        size += len(doc.encode("utf-8"))
        yield doc


def add_corpus_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus", metavar="PATH",
        help="the texts to time: a folder of files or a file with one document per line "
             "(default: the Lee corpus of ABC news, downloaded once with gensim's wheel)")


def load_corpus(args: argparse.Namespace, *, fallback_mb: float = 1.0) -> tuple[list[str], str]:
    """The benchmark's documents and a line saying what they are (printed first)."""
    if getattr(args, "corpus", None):
        docs = texts_from(args.corpus)
        return docs, f"{args.corpus} ({len(docs)} documents)"
    docs, what = lee_corpus()
    if docs is not None:
        return docs, what
    print(f"NOTE: no real news to time: {what}. Falling back to the GENERATED corpus (the "
          "sample's paragraphs shuffled), which flatters caches; give --corpus PATH for real text.",
          file=sys.stderr)
    docs = list(generated_documents(fallback_mb))
    return docs, f"GENERATED: the sample's paragraphs shuffled into {len(docs)} documents (no real news at hand)"


def megabytes(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def machine_line() -> str:
    """Python, CPUs, load average and the package's version: the first line of every run."""
    import discourse

    return (f"python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
            f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}, discourse {getattr(discourse, '__version__', '?')}")


def start(args: argparse.Namespace, *, fallback_mb: float = 1.0) -> tuple[list[str], float]:
    """Load the benchmark's documents and print what it runs on: (documents, MB)."""
    import warnings

    warnings.simplefilter("ignore")  # per-document warnings would drown the numbers
    docs, what = load_corpus(args, fallback_mb=fallback_mb)
    mb = megabytes(docs)
    print(machine_line())
    print(f"corpus: {what}; {len(docs)} documents, {mb:.2f} MB, {1e3 * mb / max(1, len(docs)):.1f} kB each")
    return docs, mb
