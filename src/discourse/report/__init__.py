"""The report: every figure, tables for a paper, a page to check who said what, methods.

:func:`write_report` writes, into a folder, for an utterance table (one document or a
corpus): ``report.html`` (self-contained: the text with who said what, every count with
its concordance lines, every figure, the methods), ``summary.md``, ``methods.md`` and
``methods.tex``, ``figures/`` (PDF, SVG, PNG) and ``tables/`` (long CSV for reuse; wide
LaTeX for the paper, with booktabs rules, a caption and a label). ``discourse report``
is this function behind the command line.

The utterances are read a batch of documents at a time (:mod:`discourse.report.tally`):
given a corpus spooled to disk (``discourse.spool.spool_corpus``), the report holds one
batch at a time, as ``analyse_corpus`` does, with the numbers of the whole table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..comparison import DEFAULT_MEASURE
from ..measures import NARRATION, UNATTRIBUTED
from . import tables as _tables
from . import tally as _tally
from .methods import MethodsContext, methods_html, methods_latex, methods_markdown
from .tally import CONCORDANCE_COLUMNS, Tally, document_texts

if TYPE_CHECKING:
    from ..spool import SpooledCorpus

__all__ = ["ReportResult", "SpeakerError", "write_report", "document_texts", "FIGURES"]

#: The figures of a report (file stem, title), in the order they are written.
FIGURES = (
    ("summary", "Summary: words, topics and frames of the speakers compared"),
    ("speaker_share", "Words spoken by each speaker, in quote marks and reported"),
    ("topics", "Topics per 1,000 words"),
    ("framing_terms", "Framing terms per 1,000 words"),
    ("frame_heatmap", "Frames by speaker (colour: rate; number: count)"),
    ("keyness", "Keyness"),
    ("dispersion", "Where the frames fall along the text"),
)


@dataclass
class ReportResult:
    """What :func:`write_report` wrote and found."""

    compared: list[str]
    persons: list[str]
    share: pd.DataFrame
    files: list[Path] = field(default_factory=list)


class SpeakerError(ValueError):
    """A speaker to compare who does not speak (the message names those who do)."""


def _lexicon_info(lex: Any, role: str, name: str) -> dict[str, Any]:
    return {"role": role, "name": name, "categories": len(lex.categories), "entries": len(lex),
            "case_sensitive": sorted(t for _, t in lex.case_sensitive)}


def _top(table: pd.DataFrame, speaker: str, n: int = 3) -> str:
    from ..plots import category_label

    rows = table[(table["speaker"] == speaker) & (table["count"] > 0)]
    rows = rows.sort_values(["count", "category"], ascending=[False, True], kind="mergesort").head(n)
    return ", ".join(f"{category_label(r.category, width=None)} {_tables.format_rate(r.count, r.rate, r.ci_low, r.ci_high)}"
                     for r in rows.itertuples()) or "none"


def _keywords(key: pd.DataFrame | None, alpha: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(key for the target, key for the reference, largest differences) — ties never."""
    if key is None or not len(key):
        empty = pd.DataFrame(columns=["term", "target_count", "reference_count", "statistic", "p"])
        return empty, empty, empty
    tie = key["target_count"] * key["reference_total"] == key["reference_count"] * key["target_total"]
    k = key[~tie]
    sig = k[k["p"] < alpha]
    pos = sig[sig["statistic"] > 0]
    neg = sig[sig["statistic"] < 0].sort_values(["statistic", "term"], kind="mergesort")
    leads = k.reindex(k["statistic"].abs().sort_values(ascending=False, kind="mergesort").index).head(6)
    return pos, neg, leads


def _terms(rows: pd.DataFrame, n: int = 8) -> str:
    from ..plots import _term_label

    return ", ".join(f"{_term_label(r.term)} ({int(r.target_count)} : {int(r.reference_count)})"
                     for r in rows.head(n).itertuples()) or "none"


def write_report(
    out: str | Path,
    utterances: pd.DataFrame | SpooledCorpus,
    *,
    label: str = "the input",
    topics: Any = "topics",
    frames: Any = "frames",
    topics_name: str | None = None,
    frames_name: str | None = None,
    compare: str | Sequence[str] | None = None,
    measure: str = DEFAULT_MEASURE,
    jobs: int | None = None,
) -> ReportResult:
    """Write every table, figure, the page and the methods of a report into ``out``.

    Parameters
    ----------
    out : path
        An existing, empty folder (the command line makes a temporary one and moves it
        into place when everything is written).
    utterances : DataFrame or SpooledCorpus
        As ``attribute`` or ``attribute_corpus`` return it (every document's spans), or
        a corpus spooled to disk by ``discourse.spool.spool_corpus`` with the same
        ``topics`` and ``frames``: it is then read a batch of documents at a time, and
        the report's memory does not grow with the corpus.
    label : str
        How the input is named in the report.
    topics, frames : lexicon
        The two lexicons (a shipped name, a path, a mapping or a Lexicon).
    topics_name, frames_name : str, optional
        How the lexicons are named in the report (by default their names).
    compare : str or sequence of str, optional
        The two speakers compared ("A,B": A is the target of keyness); by default the
        two named persons with most words (see ``discourse.compared_speakers``).
    measure : str
        The keyness statistic (default: log-odds with an informative Dirichlet prior).
    jobs : int, optional
        Processes that save figures while the next is drawn (default: 2 where the
        machine has two cores and ``os.fork``; 1 saves them in this process).

    Returns
    -------
    ReportResult

    Raises
    ------
    SpeakerError
        If a speaker of ``compare`` does not speak.
    """
    import matplotlib

    matplotlib.use("Agg")

    from ..comparison import _choose, keyness
    from ..lexicon import load_lexicon
    from ..measures import framing_terms, speaker_share, topic_frequency
    from ..spool import SpooledCorpus

    out = Path(out)
    topics_lex, frames_lex = load_lexicon(topics), load_lexicon(frames)
    topics_name = topics_name or topics_lex.name or "topics"
    frames_name = frames_name or frames_lex.name or "frames"
    if isinstance(utterances, SpooledCorpus):
        spooled = utterances
        if spooled.topics is None or spooled.frame_categories is None:
            raise ValueError("spool the corpus with the report's topics and frames (spool_corpus(..., topics=, frames=))")
        for table, lex, what in ((spooled.topics, topics_lex, "topics"), (spooled.frame_categories, frames_lex, "frames")):
            if len(table) and set(table["category"]) != set(lex.categories):
                raise ValueError(f"the corpus was spooled with other {what} than the report's")
        share, topic_table = spooled.share, spooled.topics
        frame_terms, frame_table = spooled.frames, spooled.frame_categories
        batches = spooled.batches
    else:
        u = utterances
        share = speaker_share(u, ci=None)  # its interval comes from the tally, as for a spooled corpus
        topic_table = topic_frequency(u, topics_lex)
        frame_terms = framing_terms(u, frames_lex)
        frame_table = framing_terms(u, frames_lex, level="category")

        def batches() -> Any:
            return iter([u])

    tables, figures = out / "tables", out / "figures"
    tables.mkdir(exist_ok=True)
    figures.mkdir(exist_ok=True)
    with Tally(tables, [("topic", topics_lex), ("frame", frames_lex)], directory=out) as tally:
        for batch in batches():
            tally.add(batch)
        share, kinds, spoken = tally.finish(share)
        persons = _choose(spoken, kinds, None, 10**9)
        try:
            compared = _choose(spoken, kinds, compare, 2) if compare is not None else persons[:2]
        except ValueError as exc:
            raise SpeakerError(str(exc)) from None
        key = None
        if len(compared) >= 2:
            # function words ("the", "of", "have") would crowd out the content words
            key = keyness(batches(), target=compared[0], reference=compared[1], measure=measure,
                          stopwords="english")
        return _write(out, tally, share=share, kinds=kinds, persons=persons, compared=compared, key=key,
                      topic_table=topic_table, frame_terms=frame_terms, frame_table=frame_table,
                      lexicons=((topics_lex, topics_name), (frames_lex, frames_name)), label=label,
                      compare=compare, measure=measure, jobs=jobs)


def _write(out: Path, tally: Tally, *, share: pd.DataFrame, kinds: dict[str, str], persons: list[str],
           compared: list[str], key: pd.DataFrame | None, topic_table: pd.DataFrame, frame_terms: pd.DataFrame,
           frame_table: pd.DataFrame, lexicons: tuple[tuple[Any, str], tuple[Any, str]], label: str, compare: Any,
           measure: str, jobs: int | None) -> ReportResult:
    """Write the report's files from the measures and the tally of its utterances."""
    import matplotlib.pyplot as plt

    from .. import __version__, plots
    from .html import write_html

    (topics_lex, topics_name), (frames_lex, frames_name) = lexicons
    others = [s for s in share["speaker"] if s not in compared and s not in (NARRATION, UNATTRIBUTED)]
    tables, figures = out / "tables", out / "figures"
    written: list[Path] = [tables / "utterances.csv"]  # written by the tally, batch by batch

    def csv(frame: pd.DataFrame, name: str) -> None:
        frame.to_csv(tables / name, index=False, lineterminator="\n", encoding="utf-8")
        written.append(tables / name)

    def text(path: Path, body: str) -> None:
        path.write_text(body, encoding="utf-8")
        written.append(path)

    csv(share, "speaker_share.csv")
    csv(topic_table, "topics.csv")
    csv(frame_terms, "frames.csv")
    csv(frame_table, "frames_categories.csv")
    with open(tables / "concordance.csv", "w", encoding="utf-8", newline="") as f:
        header = True
        for lines in tally.concordance_lines():
            if len(lines) or header:
                lines[CONCORDANCE_COLUMNS].to_csv(f, index=False, header=header, lineterminator="\n")
                header = False
    written.append(tables / "concordance.csv")
    if key is not None:
        csv(key, "keyness.csv")

    pair = compared or persons[:2]
    share_wide = _tables.share_table(share, kinds={s: kinds.get(s, "") for s in share["speaker"]})
    topics_wide = _tables.lexicon_table(topic_table, pair, what="Topic")
    frames_wide = _tables.lexicon_table(frame_table, pair, what="Frame")
    who = " and ".join(pair) if pair else "the speakers"
    text(tables / "speaker_share.tex", _tables.to_latex(
        share_wide.drop(columns="Kind"), label="tab:speaker-share",
        caption=f"Words spoken by each speaker in {label}, with the share of all speech and its 95 % bootstrap "
                f"interval (resampling {share.attrs.get('share_ci') or 'spans'}), words in quote marks and reported."))
    text(tables / "topics.tex", _tables.to_latex(
        topics_wide, label="tab:topics",
        caption=f"Topics of {who}: count (rate per 1,000 words) [exact 95 % interval]. Topics neither uses are "
                "left out."))
    text(tables / "frames.tex", _tables.to_latex(
        frames_wide, label="tab:frames",
        caption=f"Frames of {who}: count (rate per 1,000 words) [exact 95 % interval]. Frames neither uses are "
                "left out; a phrase may count under two frames."))

    styles = plots.speaker_styles(list(pair) + sorted(s for s in persons if s not in pair)
                                  + sorted(s for s in kinds if s not in persons) + [NARRATION, UNATTRIBUTED])
    figure_files: list[tuple[str, Path, float]] = []

    savers = _Savers(jobs)

    def save(obj: Any, stem: str, title: str) -> None:
        fig = obj if hasattr(obj, "savefig") else obj.figure
        written.extend(savers.save(fig, figures / stem))
        figure_files.append((title, figures / f"{stem}.png", float(fig.get_figwidth())))
        plt.close(fig)

    with savers:
        _figures(save, plots, plt, share, topic_table, frame_table, frame_terms, key, pair, persons, styles,
                 tally.dispersion(pair), tally.documents, label)

    pos, neg, leads = _keywords(key)
    n_key = len(pos) + len(neg)
    speech_words = int(share.loc[share["speaker"] != NARRATION, "words"].sum())
    context = MethodsContext(
        label=label, documents=tally.documents, words=tally.words, speech_words=speech_words,
        speakers=len([s for s in share["speaker"] if s not in (NARRATION,)]), compared=list(pair),
        compare_given=compare is not None,
        lexicons=[_lexicon_info(topics_lex, "topics", topics_name), _lexicon_info(frames_lex, "frames", frames_name)],
        measure=measure, share_unit=share.attrs.get("share_ci"), version=__version__,
        keyness_terms=0 if key is None else len(key), keyness_key=n_key,
        overlap_example=tally.overlap_example(),
        kinds_from="speaker_type" if tally.has_speaker_type else "labels",
    )
    text(out / "methods.md", methods_markdown(context))
    text(out / "methods.tex", methods_latex(context))

    measure_name = {"log_odds": "log-odds ratio with an informative Dirichlet prior, z", "chi2": "chi-square",
                    "lr": "G²", "ll": "two-cell log-likelihood", "log_ratio": "Log Ratio",
                    "pmi": "PMI"}.get(measure, measure)
    if key is None:
        key_md = f"Keyness needs two persons to compare; {label} has {len(persons)}."
    elif n_key:
        key_md = (f"Keyness ({measure_name}; p < 0.05, no correction for {len(key)} comparisons): "
                  f"{pair[0]} uses more {_terms(pos)}; {pair[1]} uses more {_terms(neg)}.")
    else:
        key_md = (f"Keyness ({measure_name}): no term differs at p < 0.05 between {pair[0]} and {pair[1]} "
                  f"({len(key)} terms compared). The largest differences, to read in the concordance as leads, "
                  f"not findings: {_terms(leads)}.")
    why = ("as chosen" if compare is not None else
           "the two named persons with most words: never questions, joint speech or unnamed sources; a tie goes "
           "to who speaks first")
    lines_md = [f"# discourse report: {label}", "",
                f"Made by discourse {__version__}. Compared: {' and '.join(f'**{s}**' for s in pair) or 'nobody'} "
                f"({why}). Topics lexicon: `{topics_name}`; frames lexicon: `{frames_name}`. Rates are per 1,000 "
                "words spoken; cells are count (rate) [95 % interval]. Open `report.html` to read the text with "
                "who said what, and the concordance lines behind every count.", "",
                "## Who speaks", "", _tables.to_markdown(share_wide),
                f"All speakers together say {speech_words:,} words; shares have 95 % bootstrap intervals "
                f"(resampling {share.attrs.get('share_ci') or 'spans'}).", "", "## The speakers compared", ""]
    s = share.set_index("speaker")
    for sp in pair:
        r = s.loc[sp]
        words = int(r["words"])

        def pct(x: Any, words: int = words) -> str:
            return f"{100 * x / words:.1f} %" if words else "–"

        lines_md.append(f"- **{sp}** ({kinds.get(sp, 'person')}): {words} words, {int(r['direct_words'])} in quote "
                        f"marks ({pct(r['direct_words'])}) and {int(r['reported_words'])} reported "
                        f"({pct(r['reported_words'])}), in {int(r['quotes'])} quotations and {int(r['reported'])} "
                        "reported spans.")
        lines_md.append(f"  - top topics: {_top(topic_table, sp)}")
        lines_md.append(f"  - top frames: {_top(frame_table, sp)}")
    lines_md += ["", "### Topics", "", _tables.to_markdown(topics_wide) if len(topics_wide) else "No topic is used.\n",
                 "### Frames", "", _tables.to_markdown(frames_wide) if len(frames_wide) else "No frame is used.\n",
                 "A match inside a longer match of the same category counts once (quanteda's rule); matches of "
                 "different categories each count, so one phrase can count under two frames"
                 + (f" ({context.overlap_example})" if context.overlap_example else "") + ".", "",
                 "## Keyness", "", key_md, ""]
    if others and not pair:
        lines_md += [f"No two persons to compare among {', '.join(others[:5])}.", ""]
    lines_md += ["## Figures", ""]
    for title, png, _ in figure_files:
        stem = png.stem
        lines_md += [f"### {title}", "", f"![{title}](figures/{stem}.png)", "",
                     f"Also [PDF](figures/{stem}.pdf) and [SVG](figures/{stem}.svg).", ""]
    lines_md += ["## Tables", "",
                 "CSV (long, tidy) in `tables/`: utterances, speaker_share, topics, frames (terms), "
                 "frames_categories, keyness, concordance. LaTeX (booktabs, caption, label) for the paper: "
                 "`tables/speaker_share.tex`, `tables/topics.tex`, `tables/frames.tex`. The methods: "
                 "`methods.md` and `methods.tex`.", ""]
    summary = "\n".join(lines_md)
    text(out / "summary.md", summary)

    import html as _html

    summary_html = (f"<p>{_html.escape(lines_md[2])}</p><p>{_html.escape(key_md)}</p>"
                    .replace("**", "").replace("`", ""))
    share_html = (_tables_html(share_wide) + f'<p class="meta">Shares: 95 % bootstrap intervals (resampling '
                  f'{_html.escape(share.attrs.get("share_ci") or "spans")}).</p>')
    if key is not None:
        keyness_html = f"<p>{_html.escape(key_md)}</p>"
    else:
        keyness_html = f'<p class="empty">{_html.escape(key_md)}</p>'
    write_html(
        out / "report.html", title=f"discourse report: {label}", data=tally.page,
        speakers=[*pair, *persons], styles=styles, kinds=kinds, compared=pair, share_html=share_html,
        tables=[("topic", "Topics", topic_table, "Topic"), ("frame", "Frames", frame_table, "Frame")],
        kwic_lines=tally.concordance_lines(), keyness_html=keyness_html,
        figures=figure_files, methods_html=methods_html(context), summary_html=summary_html,
    )
    written.append(out / "report.html")
    return ReportResult(compared=list(pair), persons=persons, share=share, files=written)


def _figures(save, plots, plt, share, topic_table, frame_table, frame_terms, key, pair, persons, styles,
             dispersion, documents, label) -> None:
    """Draw every figure of the report and hand each to ``save``."""
    titles = dict(FIGURES)
    if pair:
        save(plots.plot_summary(share, topic_table, frame_table, speakers=pair, styles=styles), "summary",
             titles["summary"])
    save(plots.plot_speaker_share(share, styles=styles, speakers=None), "speaker_share", titles["speaker_share"])
    if pair:
        save(plots.plot_topic_frequency(topic_table, speakers=pair, styles=styles), "topics", titles["topics"])
        save(plots.plot_framing_terms(frame_terms, speakers=pair, styles=styles), "framing_terms",
             titles["framing_terms"])
    heat = persons[: plots.MAX_SPEAKERS] or pair
    if heat:
        ax = plots.plot_frame_heatmap(frame_table, speakers=heat)
        if len(persons) > len(heat):
            plots._note(ax, f"The {len(heat)} persons with most words; not shown: {len(persons) - len(heat)} more "
                            f"({plots._listing(persons[len(heat):])}).")
        save(ax, "frame_heatmap", titles["frame_heatmap"])
    if key is not None:
        save(plots.plot_keyness(key, target=pair[0], reference=pair[1], styles=styles), "keyness",
             f"Keyness: {pair[0]} (target) against {pair[1]} (reference)")
    else:
        fig, ax = plt.subplots(figsize=(plots.SINGLE_COLUMN, 1.2), layout="constrained")
        plots._empty_panel(ax, f"Keyness needs two persons to compare; {label} has {len(persons)}.")
        save(fig, "keyness", titles["keyness"])
    disp, shown = dispersion  # the speakers' and the journalist's frames in the first documents
    if len(disp):
        cats = [c for c in frame_table.loc[frame_table["count"] > 0, "category"].drop_duplicates() if c in set(disp["category"])]
        ax = plots.plot_dispersion(disp, shown, categories=cats or None, styles=styles)
        title = titles["dispersion"]
        shown_documents = _tally.DISPERSION_DOCUMENTS
        if documents > shown_documents:  # end to end, thousands could not be read
            first = f"the first {shown_documents} of {documents:,} documents"
            plots._note(ax, f"Shown: {first}, in the order of the input.")
            title += f" ({first})"
        save(ax, "dispersion", title)


class _Savers:
    """Save figures in forked processes while the next figure is drawn (two cores: the
    report's figures take about half the time); serially where there is no fork or one
    core. The files are the same either way: each figure is saved whole by one process."""

    def __init__(self, jobs: int | None) -> None:
        import os

        cores = os.cpu_count() or 1
        self.jobs = (min(2, cores) if jobs is None else jobs) if hasattr(os, "fork") else 1
        self.running: dict[int, Path] = {}
        self.failed: str | None = None
        if self.jobs > 1:  # import the writers once here, not in every child
            import fontTools.subset  # noqa: F401
            import matplotlib.backends.backend_pdf  # noqa: F401
            import matplotlib.backends.backend_svg  # noqa: F401

    def save(self, fig: Any, path: Path) -> list[Path]:
        import os

        from .. import plots

        if self.jobs <= 1:
            return plots.save_figure(fig, path)
        while len(self.running) >= self.jobs:
            self._wait_one()
        pid = os.fork()
        if pid == 0:  # the child saves and leaves at once, running none of the parent's exit handlers
            code = 0
            try:
                plots.save_figure(fig, path)
            except BaseException as exc:  # noqa: BLE001 - reported by the parent
                path.with_name(f".{path.name}.error").write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
                code = 1
            os._exit(code)
        self.running[pid] = path
        return [path.with_name(f"{path.name}.{fmt}") for fmt in ("pdf", "svg", "png")]

    def _wait_one(self) -> None:
        import os

        pid, status = os.wait()
        path = self.running.pop(pid, None)
        if path is not None and os.waitstatus_to_exitcode(status) != 0:
            error = path.with_name(f".{path.name}.error")
            reason = error.read_text(encoding="utf-8") if error.is_file() else f"exit status {status}"
            error.unlink(missing_ok=True)
            self.failed = self.failed or f"saving figure {path.name} failed: {reason}"

    def __enter__(self) -> _Savers:
        return self

    def __exit__(self, *exc: Any) -> None:
        while self.running:  # also on an error: no child may write after the caller cleans up
            self._wait_one()
        if self.failed and exc[0] is None:
            raise RuntimeError(self.failed)


def _tables_html(frame: pd.DataFrame) -> str:
    from .html import _table

    return _table(frame, text_cols=("Speaker", "Kind"))




