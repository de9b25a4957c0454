"""Tables for a paper: wide, readable, one rounding, with a caption and a label.

The measures return long, tidy tables (one row per speaker and category), which stay the
CSV files of a report. A paper wants the other shape: one row per category under its
label, one column per speaker, each cell ``count (rate) [95 % CI]``, rows nobody uses
left out. :func:`lexicon_table` and :func:`share_table` make that shape;
:func:`to_latex` writes it with pandas' ``Styler.to_latex`` (booktabs rules, a caption
and a label), :func:`to_markdown` for ``summary.md``.

One rounding everywhere: rates per 1,000 words and their intervals with one decimal,
shares as percentages with one decimal (:func:`discourse.plots.format_share`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..measures import NARRATION

__all__ = ["format_rate", "lexicon_table", "share_table", "to_latex", "to_markdown"]


def format_rate(count: Any, rate: Any, low: Any = None, high: Any = None) -> str:
    """A cell ``count (rate) [low, high]``: rate and interval per 1,000 words, one decimal.

    >>> format_rate(7, 45.1613, 18.3473, 90.8339)
    '7 (45.2) [18.3, 90.8]'
    >>> format_rate(0, 0.0, 0.0, 23.4)
    '0 (0.0) [0.0, 23.4]'
    """
    if count is None or pd.isna(count):
        return "–"
    text = f"{int(count)}"
    if rate is not None and not pd.isna(rate):
        text += f" ({float(rate):.1f})"
    if low is not None and high is not None and not (pd.isna(low) or pd.isna(high)):
        text += f" [{float(low):.1f}, {float(high):.1f}]"
    return text


def _label(category: Any) -> str:
    from ..plots import category_label

    return category_label(category, width=None)


def lexicon_table(table: pd.DataFrame, speakers: Sequence[str], *, what: str = "Topic") -> pd.DataFrame:
    """A long ``topic_frequency``/``framing_terms`` table made wide for a paper.

    One row per category (or per category and term) that at least one of ``speakers``
    uses, under its label ("Security and threat"), in the lexicon's order; one column
    per speaker, in the order given, each cell ``count (rate) [95 % CI]``.

    >>> import discourse
    >>> u = discourse.load_sample().reference_utterances()
    >>> wide = lexicon_table(discourse.framing_terms(u, level="category"), ["Keir Starmer"], what="Frame")
    >>> wide.iloc[0].tolist()
    ['Economic', '1 (6.5) [0.2, 35.4]']
    """
    has_term = "term" in table.columns
    key = ["category", "term"] if has_term else ["category"]
    data = table[table["speaker"].isin(speakers)]
    used = data.groupby(key, sort=False)["count"].sum()
    used = used[used > 0]
    rows = []
    index = data.drop_duplicates([*key, "speaker"]).set_index([*key, "speaker"])
    for k in used.index:
        k = k if isinstance(k, tuple) else (k,)
        row = {what: _label(k[0])}
        if has_term:
            row["Term"] = k[1]
        for sp in speakers:
            r = index.loc[(*k, sp)] if (*k, sp) in index.index else None
            row[sp] = "–" if r is None else format_rate(r["count"], r["rate"], r.get("ci_low"), r.get("ci_high"))
        rows.append(row)
    columns = [what, *(["Term"] if has_term else []), *speakers]
    return pd.DataFrame(rows, columns=columns)


def share_table(share: pd.DataFrame, speakers: Sequence[str] | None = None, *, kinds: dict[str, str] | None = None,
                max_rows: int = 20) -> pd.DataFrame:
    """``speaker_share`` made a table for a paper: one row per speaker (the ``speakers``
    given, or the ``max_rows`` with most words, then one row for the rest), with words,
    the share of speech and its 95 % interval, the words in quote marks and reported,
    quotations and reported spans; narration last.

    >>> import discourse
    >>> share = discourse.speaker_share(discourse.load_sample().reference_utterances())
    >>> share_table(share).loc[0, ["Speaker", "Share of speech [95 % CI]"]].tolist()
    ['Emmanuel Macron', '50.9 % [25.6, 77.9]']
    """
    from ..plots import format_share

    rows = share[~share["speaker"].isin([NARRATION])]
    if speakers is not None:
        rows = rows.set_index("speaker").reindex(list(speakers)).reset_index()
        rest = share[~share["speaker"].isin([*speakers, NARRATION])]
    else:
        rest = rows.iloc[max_rows:]
        rows = rows.iloc[:max_rows]
    out = []
    for r in rows.itertuples(index=False):
        row = {"Speaker": r.speaker}
        if kinds is not None:
            row["Kind"] = kinds.get(r.speaker, "")
        row.update({
            "Words": int(r.words),
            "Share of speech [95 % CI]": format_share(r.share, getattr(r, "share_ci_low", None),
                                                      getattr(r, "share_ci_high", None)),
            "In quote marks": int(r.direct_words), "Reported": int(r.reported_words),
            "Quotations": int(r.quotes), "Reported spans": int(r.reported),
        })
        out.append(row)
    if len(rest):
        total = share.loc[~share["speaker"].isin([NARRATION]), "words"].sum()
        row = {"Speaker": f"{len(rest)} other speakers"}
        if kinds is not None:
            row["Kind"] = ""
        row.update({"Words": int(rest["words"].sum()),
                    "Share of speech [95 % CI]": format_share(rest["words"].sum() / total if total else np.nan),
                    "In quote marks": int(rest["direct_words"].sum()), "Reported": int(rest["reported_words"].sum()),
                    "Quotations": int(rest["quotes"].sum()), "Reported spans": int(rest["reported"].sum())})
        out.append(row)
    narr = share[share["speaker"].eq(NARRATION)]
    if len(narr):
        row = {"Speaker": "Narration (the writer)"}
        if kinds is not None:
            row["Kind"] = ""
        row.update({"Words": int(narr["words"].iloc[0]), "Share of speech [95 % CI]": "–", "In quote marks": 0,
                    "Reported": 0, "Quotations": 0, "Reported spans": 0})
        out.append(row)
    return pd.DataFrame(out)


def to_latex(wide: pd.DataFrame, *, caption: str, label: str) -> str:
    """A wide table as a LaTeX ``table`` with booktabs rules (``\\usepackage{booktabs}``),
    the caption and label given, every cell escaped (pandas' ``Styler.to_latex``).

    >>> print(to_latex(pd.DataFrame({"Frame": ["Security & threat"], "A": ["7 (45.2)"]}),
    ...                caption="Frames", label="tab:frames"))  # doctest: +NORMALIZE_WHITESPACE
    \\begin{table}
    \\centering
    \\caption{Frames}
    \\label{tab:frames}
    \\begin{tabular}{lr}
    \\toprule
    Frame & A \\\\
    \\midrule
    Security \\& threat & 7 (45.2) \\\\
    \\bottomrule
    \\end{tabular}
    \\end{table}
    """
    text_cols = sum(1 for c in wide.columns if c in ("Speaker", "Kind", "Topic", "Frame", "Term", "Category"))
    column_format = "l" * text_cols + "r" * (len(wide.columns) - text_cols)
    wide = wide.map(lambda v: v.replace("–", "--") if isinstance(v, str) else v)  # an en dash, in TeX
    styler = wide.style.hide(axis="index").format(escape="latex").format_index(escape="latex", axis=1)
    return styler.to_latex(caption=_escape(caption), label=label, hrules=True, position_float="centering",
                           column_format=column_format)


def _escape(text: str) -> str:
    from pandas.io.formats.style_render import _escape_latex

    return _escape_latex(text)


def to_markdown(wide: pd.DataFrame) -> str:
    """A wide table as a Markdown (pipe) table, numbers right-aligned."""
    def cell(v: Any) -> str:
        return str(v).replace("|", r"\|").replace("\n", " ")

    header = list(wide.columns)
    numeric = [i > 0 and not (wide[c].astype(str).str.match(r"^[A-Za-z]").any() and c in ("Kind", "Term"))
               for i, c in enumerate(header)]
    out = ["| " + " | ".join(cell(h) for h in header) + " |",
           "|" + "|".join(" ---: " if n else " --- " for n in numeric) + "|"]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in wide.itertuples(index=False)]
    return "\n".join(out) + "\n"
