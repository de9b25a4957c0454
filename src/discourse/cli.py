"""The ``discourse`` command line: who said what, and how two leaders talk.

Subcommands
-----------
report     every figure and table of a comparison, report.html, summary.md and the methods
attribute  who said what (speaker, mode, text) and each speaker's share
count      topic and frame counts per speaker
keyness    the words one speaker uses more than another
evaluate   score attribution against a hand annotation (BRAT or the project's CSV)
kwic       concordance lines: a word, phrase or glob in context, by speaker

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
    if getattr(args, "encoding", None):
        kwargs["encoding"] = args.encoding
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = read_corpus(path, **kwargs)
    except FileNotFoundError as exc:
        if path.is_dir():
            raise UsageError(f"folder {args.input!r} holds no .txt files") from None
        raise UsageError(f"cannot read {args.input!r}: {exc}") from None
    except (ValueError, TypeError, OSError, ImportError) as exc:  # TypeError: a text that is not text
        raise UsageError(f"cannot read {args.input!r}: {cli_hints(str(exc))}") from None
    for w in caught:
        print(f"{PROG}: warning: {w.message}", file=sys.stderr)
    if len(corpus) == 0:
        raise UsageError(f"{args.input!r} holds no documents")
    n = len(corpus)
    label = args.input if n == 1 else f"{args.input} ({n} documents)"
    return Input(corpus, label, given, list(given or []))


#: The library's hints name its Python arguments; on the command line, its flags.
_HINTS = {"pass text_column=": "use --text-column", "pass id_column=": "use --id-column",
          "pass encoding=": "use --encoding", "(pass include_narration=True)": "(use --narration)"}


def cli_hints(message: str) -> str:
    """A library message with its Python-argument hints turned into command-line flags.

    >>> cli_hints("not valid utf-8 (...); re-save it as UTF-8 or pass encoding=")
    'not valid utf-8 (...); re-save it as UTF-8 or use --encoding'
    """
    for python, flag in _HINTS.items():
        message = message.replace(python, flag)
    return message


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


def spool_input(inp: Input, topics: Any, frames: Any, directory: Path):
    """The input attributed and measured, its utterances kept in an unnamed file in
    ``directory`` (``discourse.spool``): a report holds one batch of documents at a time."""
    from .spool import spool_corpus

    corpus = {inp.sample.doc_id: inp.sample.text} if inp.sample is not None else inp.corpus
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        spooled = spool_corpus(corpus, speakers=inp.speakers, topics=topics, frames=frames,
                               progress=len(corpus) >= PROGRESS_FROM, directory=directory)
    print_warnings(caught)
    return spooled


def named_speakers(share) -> list[str]:
    """Speakers of a speaker_share table who are people (not narration, unattributed, joint)."""
    rows = share[~share["speaker"].isin([NARRATION, UNATTRIBUTED])]
    if "joint" in rows:
        rows = rows[~rows["joint"].astype(bool)]
    rows = rows[rows["words"] > 0]
    return rows["speaker"].tolist()


def check_speakers(inp: Input, share) -> None:
    """Warn (on stderr, and carry on) about declared speakers who never speak, naming
    those who do: a misspelt name should not cost the rest of the run."""
    found = named_speakers(share)
    missing = [s for s in inp.given_speakers if s not in found]
    if missing:
        names = ", ".join(found) if found else "none"
        hint = ""
        if any(":" in s for s in missing):
            hint = (" (to give a speaker's aliases write 'Name=alias,alias', with '=', as "
                    f"'{missing[0].replace(':', '=', 1)}')")
        print(f"{PROG}: warning: speaker{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))} "
              f"never speak{'' if len(missing) > 1 else 's'} in {inp.label}; speakers found: {names}{hint}",
              file=sys.stderr)


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


def build_report(inp: Input, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Write every table, figure, report.html, summary.md and the methods into ``tmp``."""
    from .report import SpeakerError, write_report

    topics_name = args.topics or args.lexicon or "topics"
    frames_name = args.frames or "frames"
    topics_lex = load_lex(topics_name, "topics")
    frames_lex = load_lex(frames_name, "frames")
    compare = None
    if args.compare is not None:
        compare = [c.strip() for c in args.compare.split(",") if c.strip()]
        if len(compare) != 2:
            raise UsageError(f"--compare takes two speakers separated by a comma, as 'A,B', not {args.compare!r}")

    # one batch of documents at a time, as analyse_corpus: memory does not grow with the corpus
    with spool_input(inp, topics_lex, frames_lex, tmp) as spooled:
        share = spooled.share
        check_speakers(inp, share)
        if not named_speakers(share):
            raise UsageError(f"no speaker is found in {inp.label}")
        check_matches(spooled.topics, topics_name, inp)
        check_matches(spooled.frames, frames_name, inp)
        try:
            result = write_report(tmp, spooled, label=inp.label, topics=topics_lex, frames=frames_lex,
                                  topics_name=topics_name, frames_name=frames_name, compare=compare,
                                  measure=args.measure)
        except SpeakerError as exc:
            raise UsageError(f"--compare: {exc}") from None
    (tmp / MARKER).write_text(
        "This folder was written by `discourse report`; it may be overwritten by it.\n",
        encoding="utf-8")
    return {"people": result.compared or result.persons, "share": result.share}


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
    print(f"{PROG}: wrote {n} files to {shown}/ (open {shown}/report.html or {shown}/summary.md); "
          f"compared: {', '.join(people)}", file=sys.stderr)
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
    cols = ["doc_id", "start", "end", "speaker", "mode", "cue", "text"]
    if args.format == "csv":
        rows[cols].to_csv(sys.stdout, index=False, lineterminator="\n")
    elif args.format == "jsonl":
        for rec in rows[cols].to_dict("records"):
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
        tables = {name: getattr(result, name) for name in ("summary", "documents", "quotations", "disagreements")}
        if len(gold.skipped):
            tables["skipped"] = gold.skipped
        for name, frame in tables.items():
            frame.to_csv(out / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
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


def cmd_kwic(args: argparse.Namespace) -> int:
    inp = load_input(args)
    u = attribute_input(inp)
    share = discourse.speaker_share(u, ci=None)
    check_speakers(inp, share)
    if args.lexicon:
        lex = load_lex(args.lexicon, "the")
        try:
            lines = discourse.kwic(u, args.pattern or None, lexicon=lex, window=args.window,
                                   include_narration=args.narration)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    else:
        if not args.pattern:
            raise UsageError("give a PATTERN (a word, phrase or glob such as 'smuggl*') or --lexicon")
        try:
            lines = discourse.kwic(u, args.pattern, window=args.window, include_narration=args.narration)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    lines = lines.assign(speaker=lines["speaker"].fillna(UNATTRIBUTED))
    if args.speaker:
        if args.speaker not in set(share["speaker"]):
            raise UsageError(f"speaker {args.speaker!r} never speaks in {inp.label}; speakers found: "
                             f"{', '.join(named_speakers(share)) or 'none'}")
        lines = lines[lines["speaker"] == args.speaker]
    if args.format == "csv":
        lines.to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    what = ", ".join(args.pattern) if args.pattern else f"the {args.lexicon} lexicon"
    print(f"{len(lines)} line{'s' if len(lines) != 1 else ''} of {what} in {inp.label}:\n")
    if len(lines):
        width = max(10, (args.width - 20) // 2)
        left = lines["left"].map(lambda t: _clip(t[::-1], width)[::-1] if len(t) > width else t)
        right = lines["right"].map(lambda t: _clip(t, width))
        view = pd_frame({"speaker": lines["speaker"], "left": left, "keyword": lines["keyword"], "right": right})
        if "category" in lines.columns:
            from .plots import category_label

            view.insert(1, "category", [category_label(x, width=None) for x in lines["category"]])
        print(kwic_table(view))
    return 0


def pd_frame(columns: dict[str, Any]):
    import pandas as pd

    return pd.DataFrame({k: list(v) for k, v in columns.items()})


def kwic_table(frame) -> str:
    """Concordance lines with the keyword column aligned: left context right-aligned."""
    cells = [[str(c) for c in frame.columns]] + [[str(v) for v in row] for row in frame.itertuples(index=False)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(frame.columns))]
    li = list(frame.columns).index("left")
    return "\n".join("  ".join(c.rjust(w) if i == li else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
                     for r in cells)


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
  discourse kwic "criminal*"                        # concordance lines, by speaker
  discourse report --compare "Keir Starmer,Emmanuel Macron"

Without INPUT, every command runs on the bundled sample (Starmer and Macron,
10 July 2025) with its speakers. Exit codes: 0 ok, 2 usage or bad input,
1 unexpected error.
"""


def _wrap(text: str) -> str:
    import textwrap

    return textwrap.fill(text, 78)


def _input_args(p: argparse.ArgumentParser, *, positional: bool = True) -> None:
    what = ("a .txt file, a folder of .txt files, or a CSV/TSV/JSONL/Parquet table "
            "with one document per row (default: the bundled sample)")
    if positional:
        p.add_argument("input", nargs="?", metavar="INPUT", help=what)
    else:
        p.add_argument("--input", metavar="INPUT", help=what)
    p.add_argument("--speakers", metavar="SPEC",
                   help="known speakers and aliases: 'Keir Starmer=Starmer,the Prime Minister;"
                        "Emmanuel Macron=Macron', or a YAML/JSON file mapping names to aliases "
                        "(default: found in the text; the sample's for the sample). Each must speak.")
    p.add_argument("--text-column", default="text", metavar="COL",
                   help="column holding the texts in a table input (default: text)")
    p.add_argument("--id-column", metavar="COL",
                   help="column holding document ids in a table input (default: doc_id or row number)")
    p.add_argument("--encoding", metavar="NAME",
                   help="the text files' encoding (default: utf-8)")


# discourse.comparison's, written here so that `discourse --help` needs no scipy; the
# tests hold the two equal
MEASURES = ["log_odds", "chi2", "lr", "ll", "log_ratio", "pmi"]
DEFAULT_MEASURE = "log_odds"


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
    p.add_argument("--compare", metavar="A,B",
                   help="the two speakers to compare, 'A,B' (A is the target of keyness); default: the two "
                        "named persons with most words (never questions, joint speech or unnamed sources; "
                        "a tie goes to who speaks first)")
    p.add_argument("--measure", choices=MEASURES, default=DEFAULT_MEASURE,
                   help="keyness statistic between the two compared speakers (default: log_odds, the "
                        "log-odds ratio with an informative Dirichlet prior; chi2 and lr reproduce quanteda)")
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
    p.add_argument("--measure", choices=MEASURES, default=DEFAULT_MEASURE,
                   help="statistic (default: log_odds; chi2 and lr reproduce quanteda)")
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

    p = sub.add_parser(
        "kwic", help="print concordance lines: a word, phrase or glob in context, by speaker",
        description=_wrap("Keyword in context: every match of PATTERN (a word, a phrase such as 'criminal "
                          "gangs', a glob such as 'smuggl*'; several allowed) or of a lexicon's entries, "
                          "in the speakers' words, with the words around it."),
        epilog='examples:\n  discourse kwic "criminal*"\n  discourse kwic --lexicon frames --speaker "Keir Starmer"\n'
               '  discourse kwic security --input articles/ --window 8 --format csv > lines.csv',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pattern", nargs="*", metavar="PATTERN",
                   help="word, phrase or glob (with --lexicon: categories of the lexicon, default all)")
    _input_args(p, positional=False)
    p.add_argument("--lexicon", metavar="topics|frames|PATH", help="every entry of a lexicon, with its category")
    p.add_argument("--speaker", metavar="NAME", help="only this speaker's lines")
    p.add_argument("--window", type=int, default=6, help="words of context on each side (default 6)")
    p.add_argument("--narration", action="store_true", help="also the writer's narration")
    p.add_argument("--width", type=int, default=110, help="line width of the table (default 110)")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    p.set_defaults(func=cmd_kwic)
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
