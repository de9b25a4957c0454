"""The ``discourse`` command line: who said what, and how two leaders talk.

Subcommands
-----------
report     every figure and table of a comparison, and a one-page summary.md
attribute  who said what (speaker, mode, text) and each speaker's share
count      topic and frame counts per speaker
keyness    the words one speaker uses more than another
evaluate   score attribution against a hand annotation (BRAT or the project's CSV)

Exit codes: 0 ok; 2 usage or bad input (the message says which); 1 unexpected error;
130 interrupted (Ctrl-C), 143 terminated (SIGTERM), 129 hung up (SIGHUP): the report's
temporary folder is removed then too.
Messages go to stderr as ``discourse: error: ...``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discourse

PROG = "discourse"
MARKER = ".discourse-report"
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".parquet"}
NARRATION = "(narration)"
UNATTRIBUTED = "(unattributed)"
#: corpora with at least this many documents get a progress bar on stderr
PROGRESS_FROM = 20


class UsageError(Exception):
    """Bad usage or bad input: exit 2 with the message, no traceback."""


# --- input -----------------------------------------------------------------------------------


@dataclass
class Input:
    corpus: Any            # DataFrame doc_id, text (None for the sample)
    label: str             # how the input is named in messages and the summary
    speakers: Any          # the speakers to use (given, or the sample's)
    given_speakers: list[str]  # canonical names the user gave (checked to speak)
    sample: Any = None


def parse_speakers(value: str | None) -> dict[str, list[str]] | None:
    """``"Keir Starmer=Starmer,the Prime Minister;Emmanuel Macron=Macron"`` or a YAML/JSON file."""
    if value is None:
        return None
    path = Path(value)
    if path.suffix.lower() in {".yml", ".yaml", ".json"} or path.is_file():
        if not path.is_file():
            raise UsageError(f"speakers file {value!r} does not exist")
        try:
            text = path.read_text(encoding="utf-8")
            if path.suffix.lower() == ".json":
                data = json.loads(text)
            else:
                from .lexicon import safe_yaml

                _, data = safe_yaml(text, path)  # no code-running tags, no alias bombs
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read speakers file {value!r}: {exc}") from None
        except Exception as exc:  # yaml.YAMLError
            raise UsageError(f"cannot read speakers file {value!r}: {exc}") from None
        if isinstance(data, list):
            data = {str(name): [] for name in data}
        if not isinstance(data, Mapping) or not data:
            raise UsageError(
                f"speakers file {value!r} must map each speaker's name to a list of aliases")
        out: dict[str, list[str]] = {}
        for name, aliases in data.items():
            if aliases is None:
                aliases = []
            elif isinstance(aliases, str):
                aliases = [aliases]
            elif not isinstance(aliases, (list, tuple)):
                raise UsageError(f"speakers file {value!r}: aliases of {name!r} must be a list")
            out[str(name).strip()] = [str(a).strip() for a in aliases if str(a).strip()]
        return out
    out = {}
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        name, _, aliases = part.partition("=")
        name = name.strip()
        if not name:
            raise UsageError(f"--speakers: a speaker has no name in {value!r} "
                             "(expected 'Name=alias,alias;Other Name=alias')")
        out[name] = [a.strip() for a in aliases.split(",") if a.strip()]
    if not out:
        raise UsageError("--speakers is empty (expected 'Name=alias,alias;Other Name=alias')")
    return out


def load_input(args: argparse.Namespace, *, lazy: bool = False) -> Input:
    """The input, read. ``lazy``: a folder's files are checked and listed, not kept,
    for a report to read them one batch at a time."""
    given = parse_speakers(getattr(args, "speakers", None))
    if args.input is None:
        sample = discourse.load_sample()
        return Input(None, f"the bundled sample ({sample.doc_id})",
                     given if given is not None else sample.speakers,
                     list(given or []), sample)
    path = Path(args.input)
    if not path.exists():
        raise UsageError(f"input {args.input!r} does not exist")
    read_corpus = discourse.corpus.folder_documents if lazy and path.is_dir() else discourse.read_corpus
    kwargs: dict[str, Any] = {}
    if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
        kwargs["text_column"] = args.text_column
        if args.id_column:
            kwargs["id_column"] = args.id_column
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = read_corpus(path, **kwargs)
    except FileNotFoundError as exc:
        if path.is_dir():
            raise UsageError(f"folder {args.input!r} holds no .txt files") from None
        raise UsageError(f"cannot read {args.input!r}: {exc}") from None
    except (ValueError, TypeError, OSError, ImportError) as exc:  # TypeError: a text that is not text
        raise UsageError(f"cannot read {args.input!r}: {exc}") from None
    for w in caught:
        print(f"{PROG}: warning: {w.message}", file=sys.stderr)
    if len(corpus) == 0:
        raise UsageError(f"{args.input!r} holds no documents")
    n = len(corpus)
    label = args.input if n == 1 else f"{args.input} ({n} documents)"
    return Input(corpus, label, given, list(given or []))


def print_warnings(caught) -> None:
    """Each warning once, on stderr."""
    for msg in dict.fromkeys(str(w.message) for w in caught):
        print(f"{PROG}: warning: {msg}", file=sys.stderr)


def attribute_input(inp: Input, *, progress: bool | None = None):
    """The utterance table of the input (one table for all its documents)."""
    if inp.sample is not None:
        return discourse.attribute(inp.sample.text, speakers=inp.speakers, doc_id=inp.sample.doc_id)
    attribute_corpus = discourse.attribute_corpus
    if progress is None:
        progress = len(inp.corpus) >= PROGRESS_FROM
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        u = attribute_corpus(inp.corpus, speakers=inp.speakers, progress=progress)
    print_warnings(caught)
    return u


def spool_input(inp: Input, topics: str, frames: str, directory: Path):
    """The input attributed and measured, its utterances kept on disk
    (``discourse.spool``): a report holds one batch of documents at a time."""
    from .spool import spool_corpus

    corpus = {inp.sample.doc_id: inp.sample.text} if inp.sample is not None else inp.corpus
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        spooled = spool_corpus(corpus, speakers=inp.speakers, topics=topics, frames=frames,
                               progress=len(corpus) >= PROGRESS_FROM, directory=directory)
    print_warnings(caught)
    return spooled


#: the dispersion figure lays out at most this many documents end to end (the first ones):
#: beyond that its dotted document starts and markers are unreadable, and what it holds
#: would grow with the corpus
DISPERSION_DOCUMENTS = 50


def frame_hits(spooled, lexicon, limit: int = DISPERSION_DOCUMENTS):
    """The lexicon's hits in the text of the first ``limit`` documents, narration
    included, for the dispersion figure, without the utterance table: each hit's start
    is its word offset in its document, and the stand-in table has one row per document
    whose text is as many characters long as the document has words
    (``plot_dispersion(..., unit="characters")`` then lays them out as its word unit
    would)."""
    import pandas as pd

    from .spool import word_offsets

    match_terms = discourse.match_terms
    parts, lengths = [], {}
    for batch in spooled.batches():
        first = list(dict.fromkeys(batch["doc_id"]))[:limit - len(lengths)]
        batch = batch[batch["doc_id"].isin(first)]
        hits = match_terms(batch, lexicon, include_narration=True)
        offsets, words = word_offsets(hits, batch)
        lengths.update(words)
        parts.append(hits[["doc_id", "speaker", "mode", "category", "term"]].assign(start=offsets))
        if len(lengths) >= limit:
            break
    hits = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["doc_id", "speaker", "mode", "category", "term", "start"])
    stand_in = pd.DataFrame({"doc_id": pd.Series(list(lengths), dtype=object), "start": 0,
                             "text": ["x" * n for n in lengths.values()]})
    return hits, stand_in


def named_speakers(share) -> list[str]:
    """Speakers of a speaker_share table who are people (not narration, unattributed, joint)."""
    rows = share[~share["speaker"].isin([NARRATION, UNATTRIBUTED])]
    if "joint" in rows:
        rows = rows[~rows["joint"].astype(bool)]
    rows = rows[rows["words"] > 0]
    return rows["speaker"].tolist()


def check_speakers(inp: Input, share) -> None:
    found = named_speakers(share)
    missing = [s for s in inp.given_speakers if s not in found]
    if missing:
        names = ", ".join(found) if found else "none"
        raise UsageError(
            f"speaker{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
            f"never speak{'' if len(missing) > 1 else 's'} in {inp.label}; speakers found: {names}")


def load_lex(value: str, what: str):
    from .lexicon import LexiconError

    load_lexicon = discourse.load_lexicon

    if value not in {"topics", "frames"}:
        p = Path(value)
        if not p.exists():
            raise UsageError(f"{what} lexicon {value!r} does not exist")
        if p.is_dir():
            raise UsageError(f"{what} lexicon {value!r} is a folder, not a lexicon file")
    try:
        return load_lexicon(value)
    except (LexiconError, ValueError, OSError) as exc:
        raise UsageError(f"cannot read {what} lexicon {value!r}: {exc}") from None


def check_matches(table, lexicon_name: str, inp: Input) -> None:
    if int(table["count"].sum()) == 0:
        raise UsageError(f"lexicon {lexicon_name!r} matches nothing in the speech of {inp.label}")


# --- small writers -----------------------------------------------------------------------------


_LATEX_ESCAPES = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
                  "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                  "\\": r"\textbackslash{}"}


def latex_escape(text: str) -> str:
    return "".join(_LATEX_ESCAPES.get(c, c) for c in text)


def latex_tabular(frame, *, floats: int = 2, caption: str | None = None) -> str:
    """A booktabs ``tabular`` of a DataFrame, without jinja2 (``DataFrame.to_latex`` needs it)."""
    import pandas as pd

    def cell(v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            return "--"
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float):
            return f"{v:.{floats}f}"
        return latex_escape(str(v))

    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]
    lines = []
    if caption:
        lines.append(f"% {caption}")
    lines.append(r"\begin{tabular}{" + "".join("r" if n else "l" for n in numeric) + "}")
    lines.append(r"\toprule")
    lines.append(" & ".join(latex_escape(str(c)) for c in frame.columns) + r" \\")
    lines.append(r"\midrule")
    for row in frame.itertuples(index=False):
        lines.append(" & ".join(cell(v) for v in row) + r" \\")
    lines.append(r"\bottomrule")
    lines.append(r"\end{tabular}")
    return "\n".join(lines) + "\n"


def write_csv(frame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def md_cell(v: Any) -> str:
    return str(v).replace("|", r"\|").replace("\n", " ")


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(" ---: " if i else " --- " for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(md_cell(v) for v in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


# --- output folder -------------------------------------------------------------------------------


def check_out(out: Path) -> None:
    """Refuse an output path that is a file, unwritable, or a folder discourse did not make."""
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise UsageError(f"output {str(out)!r} is an existing file, not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise UsageError(
                f"output folder {str(out)!r} is not empty and was not made by discourse; "
                "choose another --out or empty it")
    parent = out.absolute().parent
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise UsageError(f"cannot create {str(out)!r}: {str(probe)!r} is a file")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write to {str(probe)!r} (permission denied)")
    if out.is_dir() and not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write to {str(out)!r} (permission denied)")


def check_not_inside(out: Path) -> None:
    """Refuse an output folder that holds the working directory (``--out .`` run inside
    an earlier report): it cannot be replaced from inside it."""
    here, target = Path.cwd().resolve(), out.resolve()
    if here == target or target in here.parents:
        raise UsageError(
            f"output folder {str(out)!r} is the folder you are in{'' if here == target else ' (or holds it)'}, "
            f"so it cannot be replaced; run from outside it (cd {str(target.parent)!r}) "
            f"or choose another --out")


# A report is built in a temporary folder beside ``out`` and moved into place when done.
# Its name carries the host and process, so that a later run can tell the folders left
# by a run that was killed (SIGKILL cannot be caught) from those of a run still going.
_HOST = re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())[:40] or "host"
#: folders beside ``out`` with no host and process in their name (left by discourse
#: 0.1) are removed once they are this old, and only if they hold what a report writes
STALE_AFTER = 3600


def _scratch_prefix(out: Path, kind: str) -> str:
    return f".{out.name}.{kind}-"


def make_scratch(out: Path, kind: str) -> Path:
    """A new temporary folder beside ``out``: ``.NAME.tmp-HOST-PID-XXXX`` (or ``.old-``)."""
    return Path(tempfile.mkdtemp(dir=out.parent, prefix=f"{_scratch_prefix(out, kind)}{_HOST}-{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _stale(folder: Path, rest: str) -> bool:
    """Whether a temporary folder (its name after the prefix: ``rest``) was left by a
    report that no longer runs."""
    host, _, tail = rest.partition("-")
    pid, _, _ = tail.partition("-")
    if pid.isdigit() and host:
        return host == _HOST and not _alive(int(pid))
    # a name without host and process: left by discourse 0.1; removed when old and ours
    import time

    try:
        old = time.time() - folder.stat().st_mtime > STALE_AFTER
        ours = {p.name for p in folder.iterdir()} <= {"tables", "figures", "summary.md", MARKER}
    except OSError:
        return False
    return old and ours


def remove_stale(out: Path) -> list[str]:
    """Remove the temporary folders beside ``out`` left by earlier reports that were
    killed; return their names."""
    removed = []
    try:
        siblings = sorted(out.parent.iterdir()) if out.parent.is_dir() else []
    except OSError:
        return removed
    for folder in siblings:
        for kind in ("tmp", "old"):
            prefix = _scratch_prefix(out, kind)
            if folder.name.startswith(prefix) and folder.is_dir() and not folder.is_symlink() \
                    and _stale(folder, folder.name[len(prefix):]):
                shutil.rmtree(folder, ignore_errors=True)
                if not folder.exists():
                    removed.append(folder.name)
    return removed


class Terminated(BaseException):
    """SIGTERM or SIGHUP during a report: unwinds like Ctrl-C, so nothing is left behind.

    A BaseException, as KeyboardInterrupt is, so that no ``except Exception`` on the way
    (a document that fails is reported and skipped) takes it for a document's failure.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated(signum)


def commit(tmp: Path, out: Path) -> None:
    """Put the finished folder ``tmp`` in place of ``out`` (a previous report is replaced)."""
    if out.exists():
        old = make_scratch(out, "old")
        os.rmdir(old)
        os.rename(out, old)
        try:
            os.rename(tmp, out)
        except BaseException:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, out)


# --- report ------------------------------------------------------------------------------------


def _top(table, speaker: str, n: int = 3) -> list[tuple[str, int, float]]:
    rows = table[(table["speaker"] == speaker) & (table["count"] > 0)]
    rows = rows.sort_values(["count", "category"], ascending=[False, True], kind="mergesort")
    return [(r.category, int(r.count), float(r.rate)) for r in rows.head(n).itertuples()]


def build_report(inp: Input, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Write every table, figure and summary.md of the report into ``tmp``."""
    import matplotlib

    matplotlib.use("Agg")

    topics_name = args.topics or args.lexicon or "topics"
    frames_name = args.frames or "frames"
    load_lex(topics_name, "topics")  # a clear message before any work
    frames_lex = load_lex(frames_name, "frames")

    # one batch of documents at a time, as analyse_corpus: memory does not grow with the corpus
    with spool_input(inp, topics_name, frames_name, tmp.parent) as spooled:
        return _build_report(inp, args, tmp, spooled, topics_name, frames_name, frames_lex)


def _build_report(inp: Input, args: argparse.Namespace, tmp: Path, spooled, topics_name: str,
                  frames_name: str, frames_lex) -> dict[str, Any]:
    import matplotlib.pyplot as plt

    from . import plots
    keyness = discourse.keyness
    share = spooled.share
    check_speakers(inp, share)
    people = named_speakers(share)
    if not people:
        raise UsageError(f"no speaker is found in {inp.label}")
    topics = spooled.topics
    frames = spooled.frames
    frames_cat = spooled.frame_categories
    check_matches(topics, topics_name, inp)
    check_matches(frames, frames_name, inp)

    tables = tmp / "tables"
    figures = tmp / "figures"
    tables.mkdir()
    figures.mkdir()
    spooled.write_csv(tables / "utterances.csv")
    write_csv(share, tables / "speaker_share.csv")
    write_csv(topics, tables / "topics.csv")
    write_csv(frames, tables / "frames.csv")
    write_csv(frames_cat, tables / "frames_categories.csv")

    def paper(table, cols):
        return table[cols]

    (tables / "speaker_share.tex").write_text(latex_tabular(paper(share, [
        "speaker", "words", "direct_words", "reported_words", "quotes", "reported", "share"])),
        encoding="utf-8")
    (tables / "topics.tex").write_text(latex_tabular(paper(
        topics[topics["speaker"].isin(people)],
        ["speaker", "category", "count", "words", "rate", "ci_low", "ci_high"])), encoding="utf-8")
    (tables / "frames.tex").write_text(latex_tabular(paper(
        frames_cat[frames_cat["speaker"].isin(people)],
        ["speaker", "category", "count", "words", "rate", "ci_low", "ci_high"])), encoding="utf-8")

    styles = plots.speaker_styles(sorted(people) + [NARRATION, UNATTRIBUTED])
    written: list[tuple[str, str]] = []  # (title, stem)

    def save(fig_or_ax, stem: str, title: str) -> None:
        fig = fig_or_ax.figure if hasattr(fig_or_ax, "figure") and not hasattr(fig_or_ax, "savefig") else fig_or_ax
        plots.save_figure(fig, figures / stem)
        plt.close(fig)
        written.append((title, stem))

    save(plots.plot_summary(share, topics, frames, speakers=people[:2] if len(people) >= 2 else people,
                            styles=styles), "summary", "Summary: words, topics and frames")
    save(plots.plot_speaker_share(share, styles=styles), "speaker_share", "Words spoken by each speaker")
    save(plots.plot_topic_frequency(topics, speakers=people, styles=styles), "topics",
         "Topics per 1,000 words")
    save(plots.plot_framing_terms(frames, speakers=people, styles=styles), "framing_terms",
         "Framing terms per 1,000 words")
    save(plots.plot_frame_heatmap(frames_cat, speakers=people), "frame_heatmap",
         "Frames by speaker (colour: rate; number: count)")

    key = None
    if len(people) >= 2:
        target, reference = people[0], people[1]
        # function words ("the", "of", "have") would crowd out the content words
        key = keyness(spooled.batches(), target=target, reference=reference, measure=args.measure,
                      stopwords="english")
        write_csv(key, tables / "keyness.csv")
        if len(key):
            save(plots.plot_keyness(key, target=target, reference=reference, styles=styles),
                 "keyness", f"Keyness: {target} against {reference} ({args.measure})")
    hits, stand_in = frame_hits(spooled, frames_lex)
    if len(hits):
        cats = [c for c in frames_cat.loc[frames_cat["count"] > 0, "category"].drop_duplicates()]
        cats = [c for c in cats if c in set(hits["category"])] or None
        ax = plots.plot_dispersion(hits, stand_in, categories=cats, styles=styles, unit="characters")
        ax.set_xlabel(ax.get_xlabel().replace("Character offset", "Word offset", 1))  # see frame_hits
        some = (f" (the first {DISPERSION_DOCUMENTS} of {spooled.documents} documents)"
                if spooled.documents > DISPERSION_DOCUMENTS else "")
        save(ax, "dispersion", f"Where the frames fall along the text{some}")

    (tmp / "summary.md").write_text(
        summary_markdown(inp, share, topics, frames_cat, key, people, written, topics_name,
                         frames_name, args.measure),
        encoding="utf-8")
    (tmp / MARKER).write_text(
        "This folder was written by `discourse report`; it may be overwritten by it.\n",
        encoding="utf-8")
    return {"people": people, "share": share}


def summary_markdown(inp, share, topics, frames_cat, key, people, figures, topics_name,
                     frames_name, measure) -> str:
    from . import __version__, plots

    s = share.set_index("speaker")
    total_speech = int(share.loc[~share["speaker"].isin([NARRATION]), "words"].sum())
    lines = [f"# discourse report: {inp.label}", ""]
    lines.append(f"Made by discourse {__version__}. Topics lexicon: `{topics_name}`; "
                 f"frames lexicon: `{frames_name}`. Rates are per 1,000 words spoken.")
    lines.append("")
    lines.append("## Who speaks")
    lines.append("")
    rows = []
    for sp in share["speaker"]:
        r = s.loc[sp]
        share_txt = "" if sp == NARRATION or r["share"] != r["share"] else f"{100 * r['share']:.1f}%"
        rows.append([sp, int(r["words"]), int(r["direct_words"]), int(r["reported_words"]),
                     int(r["quotes"]), int(r["reported"]), share_txt])
    lines.append(md_table(["speaker", "words", "direct words", "reported words", "quotes",
                           "reported spans", "share of speech"], rows))
    lines.append(f"All speakers together say {total_speech} words; "
                 f"the writer's narration has {int(s.loc[NARRATION, 'words']) if NARRATION in s.index else 0}.")
    lines.append("")
    lines.append("## The leaders")
    lines.append("")
    for sp in people[:2]:
        r = s.loc[sp]
        words = int(r["words"])
        direct, reported = int(r["direct_words"]), int(r["reported_words"])
        def pct(x: int, total: int = words) -> str:
            return f"{100 * x / total:.0f}%" if total else "–"

        tops = ", ".join(f"{plots.category_label(c, width=None)} ({n}; {rate:.1f})"
                         for c, n, rate in _top(topics, sp)) or "none"
        frs = ", ".join(f"{plots.category_label(c, width=None)} ({n}; {rate:.1f})"
                        for c, n, rate in _top(frames_cat, sp)) or "none"
        lines.append(f"- **{sp}**: {words} words, {direct} direct ({pct(direct)}) and "
                     f"{reported} reported ({pct(reported)}), in {int(r['quotes'])} quotations "
                     f"and {int(r['reported'])} reported spans.")
        lines.append(f"  - top topics (count; rate): {tops}")
        lines.append(f"  - top frames (count; rate): {frs}")
    lines.append("")
    if key is not None and len(key):
        target, reference = key.attrs["target"], key.attrs["reference"]
        kt = key[key["statistic"] > 0].head(5)
        kr = key[key["statistic"] < 0].sort_values(["statistic", "term"], kind="mergesort").head(5)
        fmt = lambda t: ", ".join(f"{r.term} ({int(r.target_count)}:{int(r.reference_count)})"  # noqa: E731
                                  for r in t.itertuples()) or "none"
        lines.append(f"Keyness ({measure}): words {target} uses more than {reference}: {fmt(kt)}; "
                     f"more by {reference}: {fmt(kr)}. Most have expected counts under 5 "
                     f"({int(key['low_expected'].sum())} of {len(key)} terms): read them as leads, not findings.")
        lines.append("")
    lines.append("## Figures")
    lines.append("")
    for title, stem in figures:
        lines.append(f"### {title}")
        lines.append("")
        lines.append(f"![{title}](figures/{stem}.png)")
        lines.append("")
        lines.append(f"Also [PDF](figures/{stem}.pdf) and [SVG](figures/{stem}.svg).")
        lines.append("")
    lines.append("## Tables")
    lines.append("")
    lines.append("CSV in `tables/`: utterances, speaker_share, topics, frames (terms), "
                 "frames_categories, keyness. LaTeX (booktabs) for the paper: "
                 "`tables/speaker_share.tex`, `tables/topics.tex`, `tables/frames.tex`.")
    lines.append("")
    return "\n".join(lines)


def cmd_report(args: argparse.Namespace) -> int:
    out = Path(args.out)
    check_out(out)
    check_not_inside(out)
    out = Path(os.path.abspath(out))  # "." and "" have no name to put beside the parent
    inp = load_input(args, lazy=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    removed = remove_stale(out)
    if removed:
        print(f"{PROG}: removed {len(removed)} temporary folder(s) left beside {args.out} by "
              f"earlier reports that were stopped: {', '.join(removed)}", file=sys.stderr)
    signals = [sig for sig in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if sig]
    try:
        handlers = {sig: signal.signal(sig, _terminate) for sig in signals}
    except ValueError:  # not the main thread: signals stay as they are
        handlers = {}
    try:
        try:
            tmp = make_scratch(out, "tmp")
        except OSError as exc:
            raise UsageError(f"cannot write beside {args.out!r}: {exc.strerror}") from None
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o777 & ~umask)
            result = build_report(inp, args, tmp)
            try:
                commit(tmp, out)
            except OSError as exc:
                raise UsageError(f"cannot put the report in place at {args.out!r}: {exc.strerror}") from None
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    n = sum(1 for p in out.rglob("*") if p.is_file())
    people = result["people"]
    shown = Path(args.out)
    print(f"{PROG}: wrote {n} files to {shown}/ (open {shown}/summary.md); "
          f"speakers: {', '.join(people)}", file=sys.stderr)
    return 0


# --- attribute, count, keyness -------------------------------------------------------------------


def _clip(text: str, width: int) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def left_table(frame) -> str:
    """A plain text table, every column left-aligned (for texts)."""
    cells = [[str(c) for c in frame.columns]] + [
        ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in row]
        for row in frame.itertuples(index=False)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(frame.columns))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells)


def print_table(frame, *, floats: int = 2, file=None) -> None:
    file = file or sys.stdout
    print(frame.to_string(index=False, float_format=lambda x: f"{x:.{floats}f}"), file=file)


def cmd_attribute(args: argparse.Namespace) -> int:
    inp = load_input(args)
    u = attribute_input(inp)
    share = discourse.speaker_share(u)
    check_speakers(inp, share)
    rows = u if args.narration else u[u["mode"] != "narration"]
    rows = rows.assign(speaker=rows["speaker"].fillna(
        rows["mode"].map(lambda m: NARRATION if m == "narration" else UNATTRIBUTED)))
    cols = ["doc_id", "speaker", "mode", "cue", "text"]
    if args.format == "csv":
        rows[cols].to_csv(sys.stdout, index=False, lineterminator="\n")
    elif args.format == "jsonl":
        for rec in rows[cols + ["start", "end"]].to_dict("records"):
            print(json.dumps({k: (None if isinstance(v, float) and math.isnan(v) else v)
                              for k, v in rec.items()}, ensure_ascii=False, default=str))
    else:
        view = rows[["speaker", "mode", "text"]].copy()
        if inp.corpus is not None and len(inp.corpus) > 1:
            view.insert(0, "doc_id", rows["doc_id"])
        view["text"] = view["text"].map(lambda t: _clip(t, args.width))
        print(f"Who said what in {inp.label}:\n")
        print(left_table(view))
        print("\nSpeaker share (words):\n")
        print_table(share[["speaker", "words", "direct_words", "reported_words", "quotes",
                           "reported", "share"]])
    return 0


def cmd_count(args: argparse.Namespace) -> int:
    topic_frequency = discourse.topic_frequency
    inp = load_input(args)
    names = [args.lexicon] if args.lexicon else ["topics", "frames"]
    lexicons = [(n, load_lex(n, "the")) for n in names]
    u = attribute_input(inp)
    check_speakers(inp, discourse.speaker_share(u))
    for i, (name, lex) in enumerate(lexicons):
        table = topic_frequency(u, lex, level=args.level, include_narration=args.narration)
        if args.lexicon:
            check_matches(table, name, inp)
        key = ["category", "term"] if args.level == "term" else ["category"]
        wide = table.pivot_table(index=key, columns="speaker", values="count", aggfunc="sum",
                                 sort=False).fillna(0).astype(int)
        order = list(dict.fromkeys(table["speaker"]))
        wide = wide[[c for c in order if c in wide.columns]]
        if not args.all:
            wide = wide[wide.sum(axis=1) > 0]
        wide.columns.name = None
        if args.format == "csv":
            flat = wide.reset_index()
            flat.insert(0, "lexicon", name)
            flat.to_csv(sys.stdout, index=False, header=(i == 0), lineterminator="\n")
        else:
            if i:
                print()
            words = table.drop_duplicates("speaker").set_index("speaker")["words"]
            print(f"{name}: matches per speaker in {inp.label} "
                  f"(words: {', '.join(f'{s} {int(w)}' for s, w in words.items())})\n")
            print(wide.reset_index().to_string(index=False) if len(wide) else "(no matches)")
    return 0


def cmd_keyness(args: argparse.Namespace) -> int:
    keyness = discourse.keyness
    inp = load_input(args)
    u = attribute_input(inp)
    share = discourse.speaker_share(u)
    check_speakers(inp, share)
    found = named_speakers(share)
    for role, name in (("target", args.target), ("reference", args.reference)):
        if name is not None and name not in found:
            raise UsageError(f"{role} speaker {name!r} never speaks in {inp.label}; "
                             f"speakers found: {', '.join(found) or 'none'}")
    lex = load_lex(args.lexicon, "the") if args.lexicon else None
    try:
        key = keyness(u, target=args.target, reference=args.reference, measure=args.measure,
                      lexicon=lex, level=args.level,
                      stopwords=None if (lex is not None or args.keep_stopwords) else "english")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.n:
        pos = key[key["statistic"] > 0].head(args.n)
        neg = key[key["statistic"] < 0].tail(args.n)
        key = key.loc[sorted(set(pos.index) | set(neg.index))] if args.format == "table" else key
    cols = ["term", "target_count", "reference_count", "target_rate", "reference_rate",
            "statistic", "p", "log_ratio", "low_expected"]
    if args.format == "csv":
        key.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        ref = args.reference or "everyone else"
        print(f"Keyness ({args.measure}) of {args.target} against {ref} in {inp.label}; "
              "positive: more used by the target; low_expected: expected count under 5.\n")
        print_table(key[cols], floats=3)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluation import AnnotationError, evaluate, read_annotation

    path = Path(args.gold)
    if not path.exists():
        raise UsageError(f"annotation {args.gold!r} does not exist")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gold = read_annotation(path)
    except AnnotationError as exc:
        raise UsageError(str(exc)) from None
    for w in caught:
        print(f"{PROG}: warning: {w.message}", file=sys.stderr)
    if gold.documents.empty:
        raise UsageError(f"{args.gold!r} holds no readable annotated documents")
    result = evaluate(gold, speakers=parse_speakers(args.speakers), n_boot=args.boot)
    n_docs = len(gold.documents)
    print(f"Attribution against the hand annotation in {args.gold} ({n_docs} document"
          f"{'s' if n_docs != 1 else ''}; 95 % intervals by bootstrap over "
          f"{result.summary['resampled'].iloc[0]}):\n")
    summary = result.summary[~result.summary["metric"].isin(["documents", "quotations"])]
    print(left_table(summary.assign(
        value=summary["value"].map(lambda v: f"{v:.3f}"),
        interval=[f"[{a:.3f}, {b:.3f}]" for a, b in zip(summary["ci_low"], summary["ci_high"])],
    )[["metric", "value", "interval", "n", "of"]]))
    kinds = result.errors_by_kind()
    print("\nNamed quotations by outcome (spurious direct speech last):\n")
    print(left_table(kinds.assign(share=kinds["share"].map(lambda v: f"{v:.1%}"))))
    if len(gold.skipped):
        print(f"\nLeft out ({len(gold.skipped)} file(s) unreadable):")
        for r in gold.skipped.itertuples():
            print(f"  {r.reason}")
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for name in ("summary", "documents", "quotations", "disagreements"):
            write_csv(getattr(result, name), out / f"{name}.csv")
        if len(gold.skipped):
            write_csv(gold.skipped, out / "skipped.csv")
        print(f"\nwrote summary.csv, documents.csv, quotations.csv and disagreements.csv "
              f"({len(result.disagreements)} rows to read) to {out}")
    else:
        view = result.disagreements.head(args.show).copy()
        if len(view):
            view["text"] = view["text"].map(lambda t: _clip(t, 60))
            print(f"\nDisagreements (first {len(view)} of {len(result.disagreements)}; "
                  "--out DIR writes them all):\n")
            print(left_table(view[["doc_id", "start", "kind", "gold_speaker", "predicted_speaker", "text"]]))
    return 0


# --- parser --------------------------------------------------------------------------------------


EPILOG = """\
examples:
  discourse report                                  # the bundled sample -> discourse-report/
  discourse report articles/ --out figures/summit   # a folder of .txt files
  discourse report speeches.csv --text-column body --speakers "Keir Starmer=Starmer,the Prime Minister;Emmanuel Macron=Macron"
  discourse attribute                               # who said what in the sample
  discourse attribute article.txt --format jsonl > spans.jsonl
  discourse count --lexicon frames
  discourse keyness --target "Keir Starmer" --reference "Emmanuel Macron" --measure lr

Without INPUT, every command runs on the bundled sample (Starmer and Macron,
10 July 2025) with its speakers. Exit codes: 0 ok, 2 usage or bad input,
1 unexpected error.
"""


def _wrap(text: str) -> str:
    import textwrap

    return textwrap.fill(text, 78)


def _input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", nargs="?", metavar="INPUT",
                   help="a .txt file, a folder of .txt files, or a CSV/TSV/JSONL/Parquet table "
                        "with one document per row (default: the bundled sample)")
    p.add_argument("--speakers", metavar="SPEC",
                   help="known speakers and aliases: 'Keir Starmer=Starmer,the Prime Minister;"
                        "Emmanuel Macron=Macron', or a YAML/JSON file mapping names to aliases "
                        "(default: found in the text; the sample's for the sample). Each must speak.")
    p.add_argument("--text-column", default="text", metavar="COL",
                   help="column holding the texts in a table input (default: text)")
    p.add_argument("--id-column", metavar="COL",
                   help="column holding document ids in a table input (default: doc_id or row number)")


MEASURES = ["chi2", "lr", "ll", "log_ratio", "pmi", "log_odds"]


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_wrap("Who said what in news articles and transcripts, and how two leaders talk: "
                    "speaker share, topics, framing terms and keyness, with paper-ready figures."),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "report", help="write every figure, table and a summary.md into a folder",
        description=_wrap("Attribute speech, measure it, and write figures (PDF, SVG, PNG), tables "
                    "(CSV; LaTeX for the paper-ready ones) and a one-page summary.md into --out. "
                    "The folder appears complete or not at all; running twice gives "
                    "byte-identical files."),
        epilog="example:\n  discourse report --out discourse-report\n  "
               "discourse report articles/ --frames my_frames.yml --out report-2025",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _input_args(p)
    p.add_argument("--out", default="discourse-report", metavar="DIR",
                   help="output folder (default: discourse-report); a previous report there is "
                        "replaced, any other non-empty folder is refused")
    p.add_argument("--topics", metavar="PATH", help="topic lexicon file (.yml/.dic) instead of the shipped one")
    p.add_argument("--frames", metavar="PATH", help="frame lexicon file (.yml/.dic) instead of the shipped one")
    p.add_argument("--lexicon", metavar="PATH", help="same as --topics")
    p.add_argument("--measure", choices=MEASURES, default="chi2",
                   help="keyness statistic between the two speakers with most words (default: chi2)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "attribute", help="print who said what (speaker, mode, text) and the speaker share",
        description=_wrap("Print every span of speech with its speaker and mode (direct: in quote "
                    "marks; reported: indirect speech), then each speaker's share of words."),
        epilog="examples:\n  discourse attribute\n  discourse attribute article.txt --format csv > spans.csv",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _input_args(p)
    p.add_argument("--format", choices=["table", "csv", "jsonl"], default="table",
                   help="table (default, for reading), csv or jsonl (for scripts; spans only)")
    p.add_argument("--narration", action="store_true", help="also list the writer's narration")
    p.add_argument("--width", type=int, default=90, help="clip texts to this width in the table (default 90)")
    p.set_defaults(func=cmd_attribute)

    p = sub.add_parser(
        "count", help="print topic and frame counts per speaker",
        description=_wrap("Count the matches of a lexicon's categories (or terms) in each speaker's speech."),
        epilog="examples:\n  discourse count\n  discourse count --lexicon frames --level term\n"
               "  discourse count articles/ --lexicon my_lexicon.yml --format csv",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _input_args(p)
    p.add_argument("--lexicon", metavar="topics|frames|PATH",
                   help="the shipped 'topics' or 'frames' lexicon, or a lexicon file (default: both shipped)")
    p.add_argument("--level", choices=["category", "term"], default="category",
                   help="one row per category (default) or per term")
    p.add_argument("--narration", action="store_true", help="also count the writer's narration")
    p.add_argument("--all", action="store_true", help="also list categories nobody uses")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.set_defaults(func=cmd_count)

    p = sub.add_parser(
        "keyness", help="print the words one speaker uses more than another",
        description=_wrap("Keyness of every word (or lexicon entry) for a target speaker against a "
                    "reference speaker (default: every other speaker)."),
        epilog='example:\n  discourse keyness --target "Keir Starmer" --reference "Emmanuel Macron" --measure lr',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _input_args(p)
    p.add_argument("--target", required=True, metavar="NAME", help="the speaker tested")
    p.add_argument("--reference", metavar="NAME", help="the speaker compared against (default: all others)")
    p.add_argument("--measure", choices=MEASURES, default="chi2", help="statistic (default: chi2)")
    p.add_argument("--lexicon", metavar="topics|frames|PATH", help="count lexicon entries instead of words")
    p.add_argument("--level", choices=["term", "category"], default="term",
                   help="with --lexicon: entries (term) or categories")
    p.add_argument("--keep-stopwords", action="store_true",
                   help="keep English function words (the, of, have…), left out by default when counting words")
    p.add_argument("-n", type=int, default=15, help="terms shown on each side in the table (0: all)")
    p.add_argument("--format", choices=["table", "csv"], default="table",
                   help="table (default) or csv (every term)")
    p.set_defaults(func=cmd_keyness)

    p = sub.add_parser(
        "evaluate", help="score attribution against a hand annotation",
        description=_wrap("Attribute the annotated documents and score the result against the "
                    "annotation: quote and speech words found (precision, recall, F1), the right "
                    "speaker for quotations with a named source, per document, each with a 95 % "
                    "interval, and every disagreement to read by eye. GOLD is a folder of BRAT "
                    "standoff (.txt with .ann) or of the project's .speech.csv files, or one such file."),
        epilog="examples:\n  discourse evaluate annotated/ --out validation\n"
               "  discourse evaluate polnear/data/train --speakers speakers.yml",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gold", metavar="GOLD", help="annotation folder or file (BRAT .ann or .speech.csv)")
    p.add_argument("--speakers", metavar="SPEC", help="known speakers and aliases, as for the other commands")
    p.add_argument("--out", metavar="DIR", help="write summary, documents, quotations and disagreements as CSV")
    p.add_argument("--show", type=int, default=20, help="disagreements printed without --out (default 20)")
    p.add_argument("--boot", type=int, default=1000, help="bootstrap resamples for the intervals (default 1000)")
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 2 usage or bad input, 1 unexpected)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors (argparse prints them)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Terminated as exc:
        print(f"{PROG}: terminated by {signal.Signals(exc.signum).name}", file=sys.stderr)
        return 128 + exc.signum
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("DISCOURSE_DEBUG"):
            raise
        print(f"{PROG}: error: unexpected {type(exc).__name__}: {exc} "
              "(set DISCOURSE_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
