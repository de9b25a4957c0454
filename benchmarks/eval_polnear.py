"""Attribution against real, hand-annotated news: PolNeAR (Newell, Margolin & Ruths, LREC 2018).

Run: ``python benchmarks/eval_polnear.py PATH [--split train] [--errors 20] [--out DIR]``

PATH is a checkout of github:networkdynamics/PolNeAR, its bare git directory (read with
``git archive``, nothing written), or any folder of BRAT standoff; the split is
``data/<split>/`` under it. The scores are those of ``discourse.evaluation.score``:
quote-word precision, recall and F1, speech-word F1, speaker accuracy over quotations
with a named source, each with a 95 % bootstrap interval over documents; then the
named quotations' errors by kind with counts, biggest first, so that each session starts
from the biggest kind; then the time taken.

The development split is ``train`` (and ``annotator-training``); ``dev`` and ``test``
are the held-out scoreboard: do not score on them while developing. PolNeAR's texts
are copyrighted news under an unstated licence: nothing from it belongs in this
repository. ``--show`` prints disagreements to read on your screen; ``--out`` writes
the tables outside the repository.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import discourse
from discourse.evaluation import read_annotation, score

HELD_OUT = {"dev", "test"}


def split_folder(path: Path, split: str, scratch: Path) -> Path:
    """The folder holding the split's ``text/`` and ``attributions/``."""
    if (path / "HEAD").is_file() and (path / "objects").is_dir():  # a bare git directory
        members = [f"data/{split}/text", f"data/{split}/attributions"]
        archive = subprocess.run(["git", "-C", str(path), "archive", "--format=tar", "HEAD", *members],
                                 capture_output=True, check=False)
        if not archive.stdout:
            sys.exit(f"eval_polnear: {path} has no data/{split}/: {archive.stderr.decode()[:200]}")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(scratch, filter="data")
        return scratch / "data" / split
    for candidate in (path / "data" / split, path / split, path):
        if (candidate / "attributions").is_dir() or any(candidate.glob("*.ann")):
            return candidate
    sys.exit(f"eval_polnear: no data/{split}/ with .ann files under {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="PolNeAR checkout, its bare git directory, or a BRAT folder")
    parser.add_argument("--split", default="train", help="train (default) or annotator-training")
    parser.add_argument("--held-out", action="store_true",
                        help="allow dev/test: only for the scoreboard, never while developing")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N disagreements of each kind")
    parser.add_argument("--out", type=Path, help="write summary, documents, quotations, disagreements as CSV")
    args = parser.parse_args()
    if args.split in HELD_OUT and not args.held_out:
        sys.exit(f"eval_polnear: {args.split} is held out; develop on train (pass --held-out for the scoreboard)")

    with tempfile.TemporaryDirectory() as scratch:
        folder = split_folder(args.path, args.split, Path(scratch))
        gold = read_annotation(folder)
    documents = gold.documents[["doc_id", "text"]]
    mb = sum(len(t.encode("utf-8")) for t in documents["text"]) / 1e6
    t0 = time.perf_counter()
    predicted = discourse.attribute_corpus(documents, progress=False)
    seconds = time.perf_counter() - t0
    result = score(gold, predicted)

    failed = predicted.attrs.get("errors", [])
    print(f"PolNeAR {args.split}: {len(documents)} articles, {mb:.2f} MB, "
          f"{int(result.value('quotations'))} gold quotations "
          f"({int(result.summary.set_index('metric').loc['quotations', 'n'])} with a named source)"
          + (f"; {len(gold.skipped)} file(s) unreadable" if len(gold.skipped) else ""))
    if failed:
        # scored as finding nothing: say so, or a crash in the engine reads as a fall in recall
        print(f"ATTRIBUTION FAILED on {len(failed)} article(s), scored as no speech: "
              + ", ".join(f"{e['doc_id']} ({e['reason']})" for e in failed[:5]))
    print(f"{'metric':18} {'value':>6}  95 % interval")
    for r in result.summary.itertuples():
        if r.metric in ("documents", "quotations"):
            continue
        print(f"{r.metric:18} {r.value:6.3f}  [{r.ci_low:.3f}, {r.ci_high:.3f}]  ({r.n} {r.of})")
    print("errors by kind (named quotations; spurious direct speech last):")
    for r in result.errors_by_kind().itertuples():
        if r.kind != "correct":
            print(f"  {r.count:5d}  {r.share:6.1%}  {r.kind}")
    if args.show:
        for kind, rows in result.disagreements.groupby("kind"):
            print(f"\n== {kind} ==")
            for r in rows.head(args.show).itertuples():
                print(f"[{r.doc_id} {r.start}] gold={r.gold_speaker!r} predicted={r.predicted_speaker!r}\n"
                      f"    {r.text[:160]!r}")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name in ("summary", "documents", "quotations", "disagreements"):
            getattr(result, name).to_csv(args.out / f"{name}.csv", index=False)
    print(f"attribution: {seconds:.2f} s, {mb / seconds:.2f} MB/s (attribute_corpus, one process)")
    print(f"speaker accuracy {result.value('speaker_accuracy'):.3f} (goal >= 0.92 on train), "
          f"quote-word F1 {result.value('quote_f1'):.3f} (goal >= 0.92)")


if __name__ == "__main__":
    main()
