"""Figures for papers: one function per figure, tidy tables in, a matplotlib Axes out.

Every ``plot_*`` function takes a table returned by one of the measures, draws on the
Axes it is given (or on a new figure one journal column wide), and returns the Axes, so
figures compose into the user's own layouts (seaborn's convention). The package style
(``paper.mplstyle``, also usable as ``plt.style.use("discourse.paper")``) is applied
inside a ``plt.style.context`` only, so the user's matplotlib settings are never changed.

Speakers keep their colour, hatch and marker across figures: :func:`speaker_styles`
assigns them deterministically from an ordered list of names (by default the named
speakers sorted alphabetically), with narration and unattributed speech in greys.
:func:`save_figure` writes PDF, SVG and PNG files that are byte-identical from run to
run, so regenerating a figure does not churn the repository of a paper.

None of these functions modifies the tables it is given.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import pandas as pd

from .measures import NARRATION, UNATTRIBUTED
from .schema import require_columns
from .text import WORD_RE

if TYPE_CHECKING:  # matplotlib is imported on first use, not with the package
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "DOUBLE_COLUMN",
    "OKABE_ITO",
    "PALETTE",
    "SINGLE_COLUMN",
    "MAX_HEIGHT",
    "MAX_SPEAKERS",
    "MODE_HATCH",
    "STYLE",
    "SpeakerStyle",
    "paper_style",
    "plot_dispersion",
    "plot_frame_heatmap",
    "plot_framing_terms",
    "plot_keyness",
    "plot_speaker_share",
    "plot_summary",
    "plot_topic_frequency",
    "safe_filename",
    "save_figure",
    "speaker_styles",
]

#: Width in inches of a figure one journal column wide.
SINGLE_COLUMN = 3.3
#: Width in inches of a figure spanning both columns of a journal page.
DOUBLE_COLUMN = 7.0

#: The package style sheet; ``plt.style.use("discourse.paper")`` finds the same file.
STYLE = "discourse.paper"
_STYLE_FILE = Path(__file__).with_name("paper.mplstyle")

#: Okabe & Ito's (2008) palette, safe for the common forms of colour blindness.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
#: Speaker colours in the order they are assigned (the first two contrast most):
#: Okabe & Ito's seven, then three of Paul Tol's "muted" scheme (indigo, wine, olive),
#: also safe for colour-blind readers, so ten speakers get ten colours.
PALETTE: tuple[str, ...] = tuple(
    OKABE_ITO[name]
    for name in ("blue", "vermillion", "bluish green", "reddish purple", "orange", "sky blue", "yellow")
) + ("#332288", "#882255", "#999933")
#: The hatch of reported speech (and of low expected counts in keyness): no speaker has it.
MODE_HATCH = "////"
# Lengths 10, 9 and 11 (pairwise coprime): two speakers of the same colour differ in
# hatch and marker, and (colour, hatch, marker) does not repeat before 990 speakers.
_HATCHES = ("", "\\\\\\\\", "....", "xxxx", "oo", "++", "----", "||||", "**")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "h", "p")
#: No figure is taller than this (inches): a page of text in a journal.
MAX_HEIGHT = 9.0
#: Figures show at most this many speakers unless told which (the rest are named in a note).
MAX_SPEAKERS = 8
_GREYS = {NARRATION: ("#8C8C8C", "", "x"), UNATTRIBUTED: ("#C4C4C4", "....", "+")}

_SMALL = 7  # points: the smallest text drawn (annotations, counts)
_DIRECT_LABEL = "In quote marks (direct)"
_REPORTED_LABEL = "Reported speech"
_RATE_LABEL = "Rate per 1,000 words"

_PNG_METADATA = {"Software": None}
_PDF_METADATA = {"CreationDate": None, "ModDate": None}
_SVG_METADATA = {"Date": None}
_HASHSALT = "discourse"

F = TypeVar("F", bound=Callable[..., Any])

# Parameter text shared by the figure functions, written once (numpydoc).
_DOCS = {
    "ax": """ax : matplotlib.axes.Axes, optional
        Axes to draw on. By default a new figure one column wide
        (:data:`SINGLE_COLUMN`) is made in the package style.""",
    "speakers": """speakers : sequence of str, optional
        Speakers to show, in this order; their colours follow this order too. By
        default the ``max_speakers`` who say most (all when fewer), coloured in
        alphabetical order; a note below the axes names those left out. A name not in
        the table raises a ValueError listing the names present.""",
    "max_speakers": """max_speakers : int, default MAX_SPEAKERS (8)
        With ``speakers`` not given, show at most this many (those with most words).""",
    "styles": """styles : mapping of str to SpeakerStyle, optional
        Colour, hatch and marker of each speaker, from :func:`speaker_styles`. Pass
        the same mapping to several figures that show different sets of speakers to
        keep every speaker's look fixed across them.""",
    "legend": """legend : bool, default True
        Draw a legend (outside the data area).""",
    "returns_ax": """Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.""",
    "raises": """Raises
    ------
    ValueError
        If the table lacks a column the figure needs (the message names it), is
        empty, or a speaker asked for is not in it.""",
}


def _doc(func: F) -> F:
    if func.__doc__:
        func.__doc__ = func.__doc__.format(**_DOCS)
    return func


# --------------------------------------------------------------------------- style


@dataclass(frozen=True)
class SpeakerStyle:
    """How one speaker is drawn: a colour, a bar hatch and a marker.

    Attributes
    ----------
    color : str
        A hex colour from :data:`PALETTE` (greys for narration and unattributed speech).
    hatch : str
        A matplotlib hatch pattern ("" for none), for bars.
    marker : str
        A matplotlib marker, for dots and points.
    """

    color: str
    hatch: str
    marker: str


def speaker_styles(speakers: Iterable[str]) -> dict[str, SpeakerStyle]:
    """Give each speaker a colour, hatch and marker, deterministically from their order.

    The i-th named speaker gets the i-th colour of :data:`PALETTE` (ten colour-blind
    safe colours), the i-th hatch and the i-th marker, so the first ten differ in colour
    *and* in hatch and marker (they stay apart in greyscale print and for colour-blind
    readers), and past ten two speakers of the same colour still differ in both hatch
    and marker. No speaker gets :data:`MODE_HATCH`, the hatch of reported speech. The
    labels ``"(narration)"`` and ``"(unattributed)"`` get greys and take no palette
    slot. The same list always gives the same styles.

    Parameters
    ----------
    speakers : iterable of str
        Speaker labels in the order their styles are assigned; repeats are ignored.

    Returns
    -------
    dict of str to SpeakerStyle

    Examples
    --------
    >>> styles = speaker_styles(["Emmanuel Macron", "Keir Starmer", "(narration)"])
    >>> styles["Emmanuel Macron"].color, styles["Keir Starmer"].color
    ('#0072B2', '#D55E00')
    >>> styles["Emmanuel Macron"].marker != styles["Keir Starmer"].marker
    True
    >>> styles["(narration)"].color
    '#8C8C8C'
    """
    if isinstance(speakers, str):
        speakers = [speakers]
    out: dict[str, SpeakerStyle] = {}
    i = 0
    for name in speakers:
        name = _label(name)
        if name in out:
            continue
        if name in _GREYS:
            out[name] = SpeakerStyle(*_GREYS[name])
            continue
        out[name] = SpeakerStyle(
            PALETTE[i % len(PALETTE)], _HATCHES[i % len(_HATCHES)], _MARKERS[i % len(_MARKERS)]
        )
        i += 1
    return out


def paper_style() -> Any:
    """A context manager applying the package style, restoring every setting on exit.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with paper_style():
    ...     mpl.rcParams["pdf.fonttype"]
    42
    """
    return _paper_style()


@contextmanager
def _paper_style() -> Any:
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    with plt.style.context(str(_STYLE_FILE) if _STYLE_FILE.is_file() else STYLE):
        yield
        # Jupyter's inline backend turns interactive mode on when the first figure is
        # made, possibly inside this block; leaving the block must not turn it off again,
        # or later figures in the notebook silently stop showing.
        interactive = mpl.is_interactive()
    mpl.interactive(interactive)


@functools.lru_cache(maxsize=1)
def _shipped_labels() -> dict[str, str]:
    """Category id -> label ("security_threat" -> "Security and threat") of the shipped lexicons."""
    from importlib import resources

    import yaml

    labels: dict[str, str] = {}
    for name in ("topics", "frames"):
        path = resources.files("discourse") / "lexicons" / f"{name}.yml"
        # libyaml's safe loader where PyYAML was built with it (five times faster)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        for cat, spec in (data.get("categories") or {}).items():
            if isinstance(spec, dict) and isinstance(spec.get("label"), str):
                labels.setdefault(str(cat), spec["label"])
    return labels


def category_label(category: Any, *, width: int | None = 24) -> str:
    """How a category is written on a figure: the shipped lexicons' label where there is one
    ("security_threat" -> "Security and threat"), else the id with spaces for underscores;
    wrapped onto lines of at most ``width`` characters so long labels do not squeeze a panel."""
    import textwrap

    text = str(category)
    label = _shipped_labels().get(text, text.replace("_", " "))
    return textwrap.fill(label, width, break_long_words=False) if width else label


def _lighten(color: str, amount: float = 0.6) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return tuple(c + (1.0 - c) * amount for c in to_rgb(color))  # type: ignore[return-value]


# --------------------------------------------------------------------------- checks


def _label(value: Any) -> str:
    """A speaker label as text; a missing speaker is unattributed speech."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return UNATTRIBUTED
    return str(value)


def _check_frame(frame: pd.DataFrame, columns: Iterable[str], *, what: str) -> None:
    require_columns(frame, columns, what=what)
    if len(frame) == 0:
        raise ValueError(f"{what} is empty: there is nothing to plot")


def _check_ax(ax: Any) -> None:
    from matplotlib.axes import Axes

    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, not {type(ax).__name__}")


def _as_list(values: str | Sequence[str] | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(dict.fromkeys(values))


def _select(present: Sequence[str], wanted: str | Sequence[str] | None, *, kind: str, what: str) -> list[str]:
    """``wanted`` in its order, checked against ``present``; all of ``present`` by default."""
    chosen = _as_list(wanted)
    if chosen is None:
        return list(present)
    if not chosen:
        raise ValueError(f"no {kind} given to show")
    missing = [s for s in chosen if s not in present]
    if missing:
        raise ValueError(
            f"{kind}(s) {', '.join(map(repr, missing))} not in {what}; "
            f"it has {', '.join(map(repr, present))}"
        )
    return chosen


def _resolve_styles(
    shown: Sequence[str],
    speakers: Sequence[str] | None,
    styles: Mapping[str, SpeakerStyle] | None,
) -> Mapping[str, SpeakerStyle]:
    if styles is not None:
        lacking = [s for s in shown if s not in styles]
        if lacking:
            raise ValueError(f"styles lacks speaker(s) {', '.join(map(repr, lacking))}")
        return styles
    order = list(speakers) if speakers is not None else sorted(s for s in shown if s not in _GREYS)
    return speaker_styles(order + [s for s in shown if s not in order])


def _speaker_column(frame: pd.DataFrame) -> pd.Series:
    labels = frame["speaker"].astype(object).map(_label)
    if "mode" in frame.columns:
        narr = frame["mode"].astype(object).eq("narration") & frame["speaker"].isna()
        labels = labels.where(~narr, NARRATION)
    return labels


def _new_axes(ax: Axes | None, height: float, width: float = SINGLE_COLUMN) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=(width, height), layout="constrained")
    new._discourse_own = True  # the figure is the function's: notes go to its foot
    return new


def _fit_height(height: float) -> float:
    return min(float(height), MAX_HEIGHT)


def _wrap(text: str, width: int = 20) -> str:
    """A label wrapped onto lines of at most ``width`` characters (words kept whole)."""
    import textwrap

    return textwrap.fill(str(text), width, break_long_words=False) if len(str(text)) > width else str(text)


def _listing(names: Sequence[str], limit: int = 4) -> str:
    names = list(names)
    head = ", ".join(names[:limit])
    return head + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _empty_panel(ax: Axes, message: str) -> None:
    """Say in the panel why it is empty, instead of failing."""
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.text(0.5, 0.5, _wrap(message, 44), transform=ax.transAxes, ha="center", va="center",
            fontsize=_SMALL + 1, color="0.3", label="_empty")


def _note(ax: Axes, text: str | None) -> None:
    """A note (what is left out) at the foot of a figure the function made, or below
    the Axes it was given, wrapped to fit."""
    if not text:
        return
    fig = _root_figure(ax)
    size = _SMALL - 0.5
    if getattr(ax, "_discourse_own", False):
        chars = int((fig.get_figwidth() - 0.2) * 72 / (size * 0.55))
        fig.supxlabel(_wrap(text, chars), x=0.02, ha="left", fontsize=size, color="0.35",
                      linespacing=1.1).set_label("_note")
        return
    chars = int(max(1.5, ax.get_position().width * fig.get_figwidth()) * 72 / (size * 0.55))
    ax.annotate(_wrap(text, chars), xy=(0, 0), xycoords="axes fraction", xytext=(0, -30),
                textcoords="offset points", ha="left", va="top", fontsize=size,
                color="0.35", annotation_clip=False, label="_note")


def _top_speakers(frame: pd.DataFrame, speakers: Sequence[str] | None, max_speakers: int | None,
                  present: Sequence[str]) -> tuple[list[str] | None, list[str]]:
    """With ``speakers`` not given, the ``max_speakers`` named speakers with most words
    (the greys kept), and the named speakers left out."""
    if speakers is not None or max_speakers is None:
        return (None if speakers is None else list(_as_list(speakers) or [])), []
    named = [s for s in present if s not in _GREYS]
    if len(named) <= max_speakers:
        return None, []
    if "words" in frame.columns:
        words = frame.assign(speaker=frame["speaker"].astype(object).map(_label)).groupby(
            "speaker", sort=False)["words"].max()
        named = sorted(named, key=lambda s: (-float(words.get(s, 0)), s))
    keep = named[:max_speakers]
    return [s for s in present if s in keep or s in _GREYS], named[max_speakers:]


def _left_out_note(left: Sequence[str], what: str = "speaker") -> str | None:
    if not left:
        return None
    return f"Not shown: {len(left)} more {what}{'s' if len(left) > 1 else ''} ({_listing(left)})."


def _root_figure(obj: Any) -> Figure:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    if isinstance(obj, Axes | SubFigure):
        try:
            obj = obj.get_figure(root=True)
        except TypeError:  # matplotlib < 3.10
            obj = obj.figure
            while isinstance(obj, SubFigure):
                obj = obj.figure
    if not isinstance(obj, Figure):
        raise TypeError(f"expected a matplotlib Figure or Axes, not {type(obj).__name__}")
    return obj


def _draw(fig: Figure) -> None:
    """Lay the figure out and measure its texts without rendering it.

    ``Figure.draw_without_rendering`` asks for the renderer of the default file format,
    which the package style sets to PDF: each call set up a PDF file, and the figures
    of a report paid seconds for it. The canvas's own raster renderer measures the same
    texts at a fraction of the cost.
    """
    get = getattr(fig.canvas, "get_renderer", None)
    if get is None:
        fig.draw_without_rendering()
        return
    renderer = get()
    with renderer._draw_disabled():
        fig.draw(renderer)


def _make_room(ax: Axes, texts: Sequence[Any], *, pad: float = 0.02) -> None:
    """Widen the x limits until every text anchored in data coordinates fits inside.

    Text width is fixed in points, so its share of the axes is fixed: a text anchored at
    ``x_a`` needing a fraction ``f`` of the axes width to its right fits when
    ``(hi - x_a) / (hi - lo) >= f``. Solved for ``hi`` (and ``lo`` on the left), and
    repeated after the layout adapts.
    """
    if not texts:
        return
    fig = _root_figure(ax)
    for _ in range(2):  # a text's width in points does not change: twice settles the layout's shift
        _draw(fig)
        lo, hi = ax.get_xlim()
        width_px = ax.get_window_extent().width
        if width_px <= 0:
            return
        new_lo, new_hi = lo, hi
        for t in texts:
            bb = t.get_window_extent()
            # an Annotation's position is its offset; its anchor in data is .xy
            x_a = float(t.xy[0] if hasattr(t, "xy") else t.get_position()[0])
            anchor = ax.transData.transform((x_a, 0))[0]
            right = (bb.x1 - anchor) / width_px + pad
            left = (anchor - bb.x0) / width_px + pad
            if right > 0 and right < 1:
                new_hi = max(new_hi, (x_a - right * new_lo) / (1 - right))
            if left > 0 and left < 1:
                new_lo = min(new_lo, (x_a - left * new_hi) / (1 - left))
        if np.isclose(new_lo, lo) and np.isclose(new_hi, hi):
            return
        ax.set_xlim(new_lo, new_hi)


def _legend_above(
    ax: Axes, handles: Sequence[Any], labels: Sequence[str], *, ncols: int | None = None, title: str | None = None
) -> None:
    """A legend above the Axes, flush with the tick labels' left edge, in as many
    columns as fit the figure's width (one row when possible)."""
    from matplotlib.transforms import offset_copy

    fig = _root_figure(ax)
    _draw(fig)
    box = ax.get_window_extent()
    left_px = min(ax.get_tightbbox().x0, box.x0)
    # the offset is fixed in points (the tick labels' width), not a fraction of the
    # Axes, so the layout engine converges instead of chasing the legend
    anchor = offset_copy(ax.transAxes, fig=fig, x=-(box.x0 - left_px) * 72 / fig.dpi, y=0, units="points")
    available = fig.bbox.width - left_px
    legend = None
    for n in range(ncols or len(labels), 0, -1):
        if legend is not None:
            legend.remove()
        legend = ax.legend(
            handles, labels, loc="lower left", bbox_to_anchor=(0.0, 1.01), bbox_transform=anchor, ncols=n,
            borderaxespad=0.0, frameon=False, title=title, alignment="left",
        )
        if legend.get_window_extent().width <= available - 2:
            break


def _filled(marker: str) -> bool:
    from matplotlib.lines import Line2D

    return marker in Line2D.filled_markers


def _speaker_handles(
    shown: Sequence[str], styles: Mapping[str, SpeakerStyle], *, kind: str, hollow: bool = False
) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if kind == "bar":
        return [
            Patch(facecolor=_lighten(styles[s].color, 0.15) if styles[s].hatch else styles[s].color,
                  edgecolor="black" if styles[s].hatch else styles[s].color, hatch=styles[s].hatch, linewidth=0.5)
            for s in shown
        ]
    if kind == "both":  # the bar and the marker a speaker has, side by side (the summary's legend)
        bars = _speaker_handles(shown, styles, kind="bar")
        dots = _speaker_handles(shown, styles, kind="dot")
        return list(zip(bars, dots))
    return [
        Line2D([], [], linestyle="none", marker=styles[s].marker, color=styles[s].color,
               markerfacecolor="none" if hollow and _filled(styles[s].marker) else styles[s].color,
               markeredgecolor=styles[s].color, markeredgewidth=0.8, markersize=4.5)
        for s in shown
    ]


# --------------------------------------------------------------------------- speaker share


def _mode_handles() -> list[Any]:
    from matplotlib.patches import Patch

    return [
        Patch(facecolor="0.35", edgecolor="0.35", linewidth=0.6),
        Patch(facecolor=_lighten("#595959"), edgecolor="0.35", hatch=MODE_HATCH, linewidth=0.6),
    ]


@_doc
def plot_speaker_share(
    share: pd.DataFrame,
    *,
    ax: Axes | None = None,
    speakers: Sequence[str] | None = None,
    narration: bool = True,
    styles: Mapping[str, SpeakerStyle] | None = None,
    legend: bool = True,
    max_speakers: int | None = 16,
    intervals: bool = True,
) -> Axes:
    """Words spoken by each speaker, split into direct and reported speech.

    One horizontal bar per speaker, in the table's order (most words first): the solid
    part is speech in quote marks, the light hatched part reported speech, and the
    total is written at the bar's end with the speaker's share of all attributed
    speech. The journalist's own words (narration) are a separate grey bar below a
    dotted rule, not one of the speakers.

    Examples
    --------
    >>> import discourse
    >>> from discourse.plots import plot_speaker_share
    >>> share = discourse.speaker_share(discourse.load_sample().reference_utterances())
    >>> ax = plot_speaker_share(share)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Emmanuel Macron', 'Keir Starmer', '(narration)']

    Parameters
    ----------
    share : DataFrame
        As returned by ``speaker_share``: columns speaker, words, direct_words,
        reported_words. Rows per document (a doc_id column) are summed.
    {ax}
    {speakers}
    narration : bool, default True
        Show the narration bar when the table has a ``"(narration)"`` row.
    {styles}
    {legend}
    max_speakers : int, default 16
        With ``speakers`` not given, show at most this many (those with most words);
        a note names the rest and their words.
    intervals : bool, default True
        Write the share's 95 % interval beside it where the table has
        ``share_ci_low``/``share_ci_high`` (from ``speaker_share``).

    {returns_ax}

    {raises}
    """
    _check_frame(share, ("speaker", "words", "direct_words", "reported_words"), what="share")
    _check_ax(ax)
    data = share.assign(speaker=share["speaker"].astype(object).map(_label))
    counts = ["words", "direct_words", "reported_words"]
    ci = None
    several_docs = "doc_id" in data.columns and data["doc_id"].nunique() > 1
    if intervals and not several_docs and {"share_ci_low", "share_ci_high"} <= set(data.columns):
        ci = data.drop_duplicates("speaker").set_index("speaker")[["share_ci_low", "share_ci_high"]]
    data = data.groupby("speaker", sort=False)[counts].sum()
    present = [s for s in data.index if s != NARRATION]
    if not present and speakers is not None:
        raise ValueError("share has no speaker rows, only narration")
    speakers_given = speakers
    left: list[str] = []
    if speakers is None and max_speakers is not None and len(present) > max_speakers:
        ordered = sorted(present, key=lambda x: (-float(data.loc[x, "words"]), x))
        speakers, left = ordered[:max_speakers], ordered[max_speakers:]
    shown = _select(present, speakers, kind="speaker", what="share")
    if speakers_given is None and left:
        speakers = None
    show_narration = narration and NARRATION in data.index
    styles = _resolve_styles(shown, speakers, styles)
    spoken_total = float(data.loc[present, "words"].sum()) if present else 0.0

    with paper_style():
        ax = _new_axes(ax, _fit_height(0.55 + 0.28 * (len(shown) + show_narration) + 0.25 * bool(left)))
        y = np.arange(len(shown), dtype=float)
        direct = data.loc[shown, "direct_words"].to_numpy(dtype=float)
        reported = data.loc[shown, "reported_words"].to_numpy(dtype=float)
        colors = [styles[s].color for s in shown]
        ax.barh(y, direct, height=0.62, color=colors, edgecolor=colors, linewidth=0.6, label="direct")
        ax.barh(
            y, reported, left=direct, height=0.62, color=[_lighten(c) for c in colors],
            edgecolor=colors, linewidth=0.6, hatch=MODE_HATCH, label="reported",
        )
        # speech that is neither direct nor reported (possible in hand-made tables)
        other = data.loc[shown, "words"].to_numpy(dtype=float) - direct - reported
        if (other > 0).any():
            ax.barh(y, np.clip(other, 0, None), left=direct + reported, height=0.62,
                    color="white", edgecolor=colors, linewidth=0.6, label="other")
        labels = [_wrap(x) for x in shown]
        texts = []
        for yi, s in zip(y, shown):
            words = int(data.loc[s, "words"])
            pct = f" ({format_share(words / spoken_total)})" if spoken_total else ""
            if ci is not None and s in ci.index and np.isfinite(ci.loc[s]).all():
                # the interval on a second line, so the label stays narrow
                pct = "\n" + format_share(words / spoken_total, ci.loc[s, "share_ci_low"], ci.loc[s, "share_ci_high"])
            texts.append(ax.annotate(f"{words}{pct}", (words, yi), xytext=(3, 0), textcoords="offset points",
                                     va="center", ha="left", fontsize=_SMALL, linespacing=1.0))
        ticks = list(y)
        if show_narration:
            yn = len(shown) + 0.35
            words = int(data.loc[NARRATION, "words"])
            ax.barh([yn], [words], height=0.62, color=_GREYS[NARRATION][0], edgecolor="none", label="narration")
            ax.axhline(len(shown) - 0.33, color="0.6", linewidth=0.5, linestyle=(0, (1, 2)))
            texts.append(ax.annotate(str(words), (words, yn), xytext=(3, 0), textcoords="offset points",
                                     va="center", ha="left", fontsize=_SMALL))
            ticks.append(yn)
            labels.append(NARRATION)
        ax.set_yticks(ticks, labels)
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(ticks[-1] + 0.55, -0.55)
        ax.set_xlim(0, None)
        ax.set_xlabel("Words (share, 95 % CI)" if ci is not None else "Words")
        if legend:
            _legend_above(ax, _mode_handles(), [_DIRECT_LABEL, _REPORTED_LABEL])
        _make_room(ax, texts)
        if left:
            rest = int(sum(data.loc[x, "words"] for x in left))
            _note(ax, f"Not shown: {len(left)} more speakers with {rest:,} words ({_listing(left)}).")
    return ax


def format_share(share: float, low: float | None = None, high: float | None = None) -> str:
    """A share as the report writes it everywhere: a percentage with one decimal, and its
    interval in brackets when given.

    >>> format_share(0.5094), format_share(0.5094, 0.2559, 0.779)
    ('50.9 %', '50.9 % [25.6, 77.9]')
    """
    if share is None or not np.isfinite(share):
        return "–"
    text = f"{100 * share:.1f} %"
    if low is not None and high is not None and np.isfinite(low) and np.isfinite(high):
        text += f" [{100 * low:.1f}, {100 * high:.1f}]"
    return text


# --------------------------------------------------------------------------- rates


def _rate_table(
    frame: pd.DataFrame,
    *,
    what: str,
    speakers: Sequence[str] | None,
    categories: Sequence[str] | None,
    by: str = "category",
    drop_empty: bool = False,
    max_speakers: int | None = None,
) -> tuple[pd.DataFrame, list[str], list[str], list[str]]:
    """Rows of (speaker, ``by``) with rate and interval; the speakers and labels shown,
    and the speakers left out (beyond ``max_speakers``). Labels are empty when nothing
    is above zero with ``drop_empty``: the caller draws an empty panel saying so."""
    data = frame.assign(speaker=frame["speaker"].astype(object).map(_label))
    if "doc_id" in data.columns and data["doc_id"].nunique(dropna=False) > 1:
        raise ValueError(
            f"{what} has rows for several documents (doc_id); plot one document at a time "
            "or compute the measure over the whole corpus"
        )
    present = list(dict.fromkeys(data["speaker"]))
    chosen, left = _top_speakers(data, speakers, max_speakers, present)
    shown = _select(present, chosen, kind="speaker", what=what)
    labels_present = list(dict.fromkeys(data[by].astype(str)))
    labels = _select(labels_present, categories, kind=by, what=what)
    data = data.assign(**{by: data[by].astype(str)})
    data = data[data["speaker"].isin(shown) & data[by].isin(labels)]
    if drop_empty:
        key = [by, "term"] if "term" in data.columns else [by]
        used = data.groupby(key, sort=False)["count"].transform("sum") > 0
        data = data[used]
        labels = [c for c in labels if c in set(data[by])]
    return data, shown, labels, left


def _nothing_used(what: str, shown: Sequence[str]) -> str:
    return f"No {what} is used by {_listing(shown, 3)}."


def _cap_rows(labels: list[str], data: pd.DataFrame, by: str, per_row: float, fixed: float) -> tuple[list[str], list[str]]:
    """The labels that fit on a page (the most used first), and those left out."""
    fits = max(1, int((MAX_HEIGHT - fixed) / per_row))
    if len(labels) <= fits:
        return labels, []
    totals = data.groupby(by, sort=False)["count"].sum()
    ranked = sorted(labels, key=lambda c: (-float(totals.get(c, 0)), labels.index(c)))
    keep = set(ranked[:fits])
    return [c for c in labels if c in keep], [c for c in ranked[fits:]]


@_doc
def plot_topic_frequency(
    topics: pd.DataFrame,
    *,
    ax: Axes | None = None,
    speakers: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    counts: bool = True,
    drop_empty: bool = True,
    styles: Mapping[str, SpeakerStyle] | None = None,
    legend: bool = True,
    max_speakers: int | None = MAX_SPEAKERS,
) -> Axes:
    """How often each speaker talks about each topic: rate per 1,000 words, with intervals.

    Horizontal bars grouped by topic (one bar per speaker, its colour and hatch), an
    error bar from ``ci_low`` to ``ci_high`` where the table has them, and the raw
    count written beyond each bar, so a rate built on two words reads as such.

    Examples
    --------
    >>> import pandas as pd
    >>> from discourse.plots import plot_topic_frequency
    >>> topics = pd.DataFrame({{
    ...     "speaker": ["A", "A", "B", "B"], "category": ["economy", "security"] * 2,
    ...     "count": [2, 0, 1, 3], "words": [400, 400, 300, 300],
    ...     "rate": [5.0, 0.0, 3.3, 10.0], "ci_low": [0.6, 0.0, 0.1, 2.1],
    ...     "ci_high": [18.0, 9.2, 18.5, 29.1]}})
    >>> ax = plot_topic_frequency(topics)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['economy', 'security']

    Parameters
    ----------
    topics : DataFrame
        As returned by ``topic_frequency``: columns speaker, category, count, rate;
        ci_low and ci_high are drawn when present (missing values draw no bar).
    {ax}
    {speakers}
    categories : sequence of str, optional
        Topics to show, in this order (top to bottom). By default all, in the table's
        order.
    counts : bool, default True
        Write each bar's raw count beyond it.
    drop_empty : bool, default True
        Leave out topics that none of the speakers shown mentions (say so in the
        caption); False draws every row of the table, zeros included. No figure is
        taller than :data:`MAX_HEIGHT`: the topics least mentioned are left out first,
        and a note names them. Nothing to show draws an empty panel saying so.
    {styles}
    {legend}
    {max_speakers}

    {returns_ax}

    {raises}
    """
    _check_frame(topics, ("speaker", "category", "count", "rate"), what="topics")
    _check_ax(ax)
    data, shown, cats, left = _rate_table(
        topics, what="topics", speakers=speakers, categories=categories, drop_empty=drop_empty,
        max_speakers=max_speakers,
    )
    styles = _resolve_styles(shown, speakers, styles)
    per_row = 0.16 * max(len(shown), 1) + 0.08
    cats, cut = _cap_rows(cats, data, "category", per_row, 1.1)
    with paper_style():
        ax = _new_axes(ax, _fit_height(0.7 + per_row * max(len(cats), 2) + 0.3 * bool(left or cut)))
        if not cats:
            _empty_panel(ax, _nothing_used("topic", shown))
            return ax
        _grouped_bars(ax, data, shown, cats, styles, by="category", counts=counts)
        ax.set_xlabel(_RATE_LABEL)
        if legend:
            _legend_above(ax, _speaker_handles(shown, styles, kind="bar"), [_wrap(x) for x in shown])
        notes = [_left_out_note(left), f"{len(cut)} topics mentioned less are not shown ({_listing([category_label(c, width=None) for c in cut])})." if cut else None]
        _note(ax, " ".join(n for n in notes if n))
    return ax


def _grouped_bars(
    ax: Axes,
    data: pd.DataFrame,
    shown: Sequence[str],
    labels: Sequence[str],
    styles: Mapping[str, SpeakerStyle],
    *,
    by: str,
    counts: bool,
) -> None:
    k = len(shown)
    height = 0.8 / k
    base = np.arange(len(labels), dtype=float)
    indexed = data.drop_duplicates(["speaker", by]).set_index(["speaker", by])
    texts = []
    for i, s in enumerate(shown):
        y = base - 0.4 + height * (i + 0.5)
        rows = indexed.reindex([(s, c) for c in labels])
        rate = rows["rate"].to_numpy(dtype=float)
        st = styles[s]
        ax.barh(y, np.nan_to_num(rate), height=height * 0.92, color=_lighten(st.color, 0.15) if st.hatch else st.color,
                edgecolor=st.color if not st.hatch else "black", linewidth=0.5, hatch=st.hatch, label=s)
        ends = np.nan_to_num(rate)
        if "ci_low" in rows.columns and "ci_high" in rows.columns:
            lo = rows["ci_low"].to_numpy(dtype=float)
            hi = rows["ci_high"].to_numpy(dtype=float)
            ok = ~(np.isnan(lo) | np.isnan(hi) | np.isnan(rate))
            if ok.any():
                ax.errorbar(
                    rate[ok], y[ok], xerr=[rate[ok] - lo[ok], hi[ok] - rate[ok]], fmt="none",
                    ecolor="black", elinewidth=0.6, capsize=1.5, capthick=0.6, label=f"_{s} interval",
                )
                ends = np.where(ok, np.fmax(hi, ends), ends)
        if counts:
            for yi, end, n in zip(y, ends, rows["count"]):
                if pd.isna(n):
                    continue
                texts.append(ax.annotate(f"{int(n)}", (end, yi), xytext=(2, 0), textcoords="offset points",
                                         va="center", ha="left", fontsize=_SMALL, color="0.25"))
    ax.set_yticks(base, [category_label(c) for c in labels])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(0, None)
    _make_room(ax, texts)


# --------------------------------------------------------------------------- framing terms


def _aggregate_categories(data: pd.DataFrame) -> pd.DataFrame:
    """Term rows summed to category rows: counts add up, a speaker's words do not; the
    exact (Clopper–Pearson) 95 % interval of each summed rate, as ``framing_terms`` gives."""
    from .measures import _exact_ci

    grouped = data.groupby(["speaker", "category"], sort=False)
    out = grouped.agg(count=("count", "sum"), words=("words", "max")).reset_index()
    out["rate"] = np.where(out["words"] > 0, out["count"] / out["words"].where(out["words"] > 0) * 1000, np.nan)
    out["ci_low"], out["ci_high"] = _exact_ci(out, 0.95)
    return out


@_doc
def plot_framing_terms(
    frames: pd.DataFrame,
    *,
    ax: Axes | None = None,
    speakers: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    terms: Sequence[str] | None = None,
    n: int | None = None,
    drop_empty: bool = True,
    styles: Mapping[str, SpeakerStyle] | None = None,
    legend: bool = True,
    max_speakers: int | None = MAX_SPEAKERS,
    max_terms: int | None = 15,
) -> Axes:
    """A Cleveland dot plot of framing-term rates, one marker and colour per speaker.

    One row per term, grouped under a bold heading per frame (category); each speaker's
    rate is a dot (nudged up or down so equal rates stay visible) with its interval as a
    line. Terms are ordered within a frame by their total count, then alphabetically.
    With a category-level table (no ``term`` column) each row is a frame.

    Examples
    --------
    >>> import pandas as pd
    >>> from discourse.plots import plot_framing_terms
    >>> frames = pd.DataFrame({{
    ...     "speaker": ["A", "A", "B", "B"], "category": ["security"] * 4,
    ...     "term": ["security", "defence"] * 2, "count": [1, 0, 2, 1],
    ...     "words": [160, 160, 155, 155], "rate": [6.25, 0.0, 12.9, 6.45]}})
    >>> ax = plot_framing_terms(frames)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['security', 'security', 'defence']

    Parameters
    ----------
    frames : DataFrame
        As returned by ``framing_terms``: columns speaker, category, count, rate, and
        term (``level="term"``; without it, rows are frames); ci_low and ci_high are
        drawn when present.
    {ax}
    {speakers}
    categories : sequence of str, optional
        Frames to show, in this order. By default all, in the table's order.
    terms : sequence of str, optional
        Terms to show. By default all (or the ``n`` most frequent per frame).
    n : int, optional
        Show at most this many terms per frame, the most frequent first.
    drop_empty : bool, default True
        Leave out terms (and frames) that none of the speakers shown uses; lexicons
        have many more terms than a text uses. False draws every row, zeros included.
        Nothing to show draws an empty panel saying so.
    {styles}
    {legend}
    {max_speakers}
    max_terms : int, default 15
        Show only the terms the speakers shown use most (in all, across frames; ties
        in the lexicon's order) and say so in a note; None for every term. The figure
        is never taller than :data:`MAX_HEIGHT`.

    {returns_ax}

    {raises}
    """
    _check_frame(frames, ("speaker", "category", "count", "rate"), what="frames")
    _check_ax(ax)
    if n is not None and n < 1:
        raise ValueError(f"n must be a positive number of terms, not {n}")
    data, shown, cats, left = _rate_table(
        frames, what="frames", speakers=speakers, categories=categories, drop_empty=drop_empty,
        max_speakers=max_speakers,
    )
    styles = _resolve_styles(shown, speakers, styles)
    has_terms = "term" in data.columns
    rows: list[tuple[str, str | None]] = []  # (category, term or None for a heading / category row)
    notes = [_left_out_note(left)]
    if has_terms:
        data = data.assign(term=data["term"].astype(str))
        if terms is not None:
            _select(list(dict.fromkeys(data["term"])), terms, kind="term", what="frames")
            data = data[data["term"].isin(_as_list(terms) or [])]
        fits = int((MAX_HEIGHT - 1.0) / 0.15) - len(cats)
        limit = min(max_terms or fits, fits)
        totals = data.groupby(["category", "term"], sort=False)["count"].sum()
        used = totals[totals > 0] if drop_empty else totals
        if terms is None and len(used) > limit:
            order = sorted(range(len(used)), key=lambda i: (-int(used.iloc[i]), i))
            keep = {used.index[i] for i in order[:limit]}
            data = data[[k in keep for k in zip(data["category"], data["term"])]]
            cats = [c for c in cats if c in set(data["category"])]
            notes.append(f"The {limit} terms used most by {'these speakers' if len(shown) > 1 else shown[0]}, "
                         f"of {len(used)} used; every term is in the table.")
        for c in cats:
            sub = data[data["category"] == c]
            if sub.empty:
                continue
            totals = sub.groupby("term", sort=False)["count"].sum().reset_index()
            totals = totals.sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
            chosen = list(totals["term"])[: n if n is not None else None]
            rows.append((c, None))
            rows.extend((c, t) for t in chosen)
    else:
        rows = [(c, None) for c in cats]

    with paper_style():
        ax = _new_axes(ax, _fit_height(0.75 + 0.15 * max(len(rows), 3) + 0.3 * any(notes)))
        if not rows:
            _empty_panel(ax, _nothing_used("framing term" if has_terms else "frame", shown))
            return ax
        ypos = {r: float(i) for i, r in enumerate(rows)}
        data_rows = [r for r in rows if (r[1] is not None) == has_terms]
        for r in data_rows:
            ax.axhline(ypos[r], color="0.9", linewidth=0.5, zorder=0)
        k = len(shown)
        offsets = np.linspace(-0.14, 0.14, k) if k > 1 else np.zeros(1)
        key = ["speaker", "category", "term"] if has_terms else ["speaker", "category"]
        indexed = data.drop_duplicates(key).set_index(key)
        x_max = 0.0
        for s, off in zip(shown, offsets):
            st = styles[s]
            idx = [(s, c, t) if has_terms else (s, c) for c, t in data_rows]
            sub = indexed.reindex(idx)
            y = np.array([ypos[r] for r in data_rows]) + off
            rate = sub["rate"].to_numpy(dtype=float)
            if "ci_low" in sub.columns and "ci_high" in sub.columns:
                lo = sub["ci_low"].to_numpy(dtype=float)
                hi = sub["ci_high"].to_numpy(dtype=float)
                ok = ~(np.isnan(lo) | np.isnan(hi))
                if ok.any():
                    ax.hlines(y[ok], lo[ok], hi[ok], color=st.color, linewidth=0.7, alpha=0.55,
                              label=f"_{s} interval", zorder=2)
                    x_max = max(x_max, float(np.nanmax(hi[ok])))
            if np.isfinite(rate).any():
                x_max = max(x_max, float(np.nanmax(rate)))
            filled = _filled(st.marker)
            ax.plot(rate, y, linestyle="none", marker=st.marker, color=st.color,
                    markeredgecolor="white" if filled else st.color, markeredgewidth=0.4 if filled else 0.9,
                    markersize=4.5, label=s, zorder=3, clip_on=False)
        ax.set_yticks([ypos[r] for r in rows], [r[1] if r[1] is not None else category_label(r[0]) for r in rows])
        if has_terms:
            for label, r in zip(ax.get_yticklabels(), rows):
                if r[1] is None:
                    label.set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        x_max = x_max if x_max > 0 else 1.0
        ax.set_xlim(-0.05 * x_max, 1.08 * x_max)  # dots at zero and at the top stay clear of the axes
        ax.set_xlabel(_RATE_LABEL)
        if legend:
            _legend_above(ax, _speaker_handles(shown, styles, kind="dot"), [_wrap(x) for x in shown])
        _note(ax, " ".join(n for n in notes if n))
    return ax


@_doc
def plot_frame_heatmap(
    frames: pd.DataFrame,
    *,
    ax: Axes | None = None,
    speakers: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    cmap: str = "Blues",
    colorbar: bool = True,
    drop_empty: bool = True,
    max_speakers: int | None = MAX_SPEAKERS,
) -> Axes:
    """A frame × speaker heat map: colour is the rate, the number written is the count.

    Term-level tables are summed to frames first (counts add up; a speaker's words do
    not, so the rate is recomputed as count / words × 1,000).

    Examples
    --------
    >>> import pandas as pd
    >>> from discourse.plots import plot_frame_heatmap
    >>> frames = pd.DataFrame({{
    ...     "speaker": ["A", "A", "B", "B"], "category": ["security", "economy"] * 2,
    ...     "count": [1, 0, 3, 1], "words": [160, 160, 155, 155],
    ...     "rate": [6.25, 0.0, 19.35, 6.45]}})
    >>> ax = plot_frame_heatmap(frames)
    >>> [t.get_text() for t in ax.texts]
    ['1', '3', '0', '1']

    Parameters
    ----------
    frames : DataFrame
        As returned by ``framing_terms``, at either level: columns speaker, category,
        count, rate (and words, to sum a term-level table).
    {ax}
    {speakers}
    categories : sequence of str, optional
        Frames to show, in this order (top to bottom). By default all, in the table's
        order.
    cmap : str, default "Blues"
        A sequential matplotlib colour map; zero is its lightest colour.
    colorbar : bool, default True
        Draw a colour bar for the rate.
    drop_empty : bool, default True
        Leave out frames that none of the speakers shown uses (nothing left: an empty
        panel saying so).
    {max_speakers}

    The figure widens with the speakers (up to :data:`DOUBLE_COLUMN`); their names
    wrap, and stand upright when more than four, so they never overlap.

    {returns_ax}

    {raises}
    """
    _check_frame(frames, ("speaker", "category", "count", "rate"), what="frames")
    _check_ax(ax)
    data, shown, cats, left = _rate_table(frames, what="frames", speakers=speakers, categories=categories,
                                          max_speakers=max_speakers)
    if "term" in data.columns:
        require_columns(data, ("words",), what="frames (term level)")
        data = _aggregate_categories(data)
    if drop_empty:
        used = data.groupby("category", sort=False)["count"].sum()
        cats = [c for c in cats if used.get(c, 0) > 0]
    cats, cut = _cap_rows(cats, data, "category", 0.26, 1.6)
    if not cats:
        with paper_style():
            ax = _new_axes(ax, 1.2)
            _empty_panel(ax, _nothing_used("frame", shown))
        return ax
    indexed = data.drop_duplicates(["speaker", "category"]).set_index(["category", "speaker"])
    full = indexed.reindex(pd.MultiIndex.from_product([cats, shown]))
    rates = full["rate"].to_numpy(dtype=float).reshape(len(cats), len(shown))
    counts = full["count"].to_numpy(dtype=float).reshape(len(cats), len(shown))

    import matplotlib as mpl
    from matplotlib.colors import Normalize

    with paper_style():
        slant = len(shown) > 4
        width = min(DOUBLE_COLUMN, max(min(SINGLE_COLUMN, 1.6 + 0.75 * len(shown)), 2.2 + 0.5 * len(shown)))
        ax = _new_axes(ax, _fit_height(0.7 + 0.26 * len(cats) + (0.5 if slant else 0) + 0.3 * bool(left or cut)),
                       width=width)
        vmax = np.nanmax(rates) if np.isfinite(rates).any() and np.nanmax(rates) > 0 else 1.0
        norm = Normalize(0, vmax)
        colormap = mpl.colormaps[cmap].with_extremes(bad="0.92")
        mesh = ax.pcolormesh(
            np.arange(len(shown) + 1) - 0.5, np.arange(len(cats) + 1) - 0.5,
            np.ma.masked_invalid(rates), cmap=colormap, norm=norm, edgecolors="white", linewidth=1.0,
        )
        for i in range(len(cats)):
            for j in range(len(shown)):
                n = counts[i, j]
                r, g, b, _ = colormap(norm(rates[i, j])) if np.isfinite(rates[i, j]) else (1, 1, 1, 1)
                dark = 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5
                ax.text(j, i, "–" if np.isnan(n) else f"{int(n)}", ha="center", va="center",
                        fontsize=_SMALL + 1, color="white" if dark else "black")
        import textwrap

        names = [textwrap.fill(s, 12 if not slant else 18, break_long_words=False) for s in shown]
        ax.set_xticks(np.arange(len(shown)), names, rotation=90 if slant else 0,
                      ha="center", va="top")
        ax.set_yticks(np.arange(len(cats)), [category_label(c) for c in cats])
        ax.set_xlim(-0.5, len(shown) - 0.5)
        ax.set_ylim(len(cats) - 0.5, -0.5)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if colorbar:
            cb = _root_figure(ax).colorbar(mesh, ax=ax, fraction=0.08, pad=0.03, aspect=12)
            cb.set_label(_RATE_LABEL, fontsize=_SMALL)
            cb.ax.tick_params(labelsize=_SMALL, width=0.5, length=2)
            cb.outline.set_linewidth(0.5)
        notes = [_left_out_note(left), f"{len(cut)} frames used less are not shown." if cut else None]
        if any(notes):
            _note(ax, " ".join(n for n in notes if n))
    return ax


# --------------------------------------------------------------------------- keyness

_MEASURE_NAMES = {
    "chi2": "Chi-squared (χ²)",
    "log_odds": "Log-odds ratio, informative Dirichlet prior (z)",
    "ll": "Log-likelihood (two cells, UCREL)",
    "log_ratio": "Log Ratio (log₂ of the rate ratio)",
    "lr": "Likelihood ratio (G²)",
    "g2": "Likelihood ratio (G²)",
    "loglik": "Log-likelihood (G²)",
    "pmi": "Pointwise mutual information",
    "exact": "Fisher's exact test",
    "fisher": "Fisher's exact test",
}


def _keyness_names(keyness: pd.DataFrame, target: str | None, reference: str | None) -> tuple[str, str]:
    def find(side: str, given: str | None) -> str:
        if given is not None:
            return str(given)
        if keyness.attrs.get(side) is not None:
            return str(keyness.attrs[side])
        if side in keyness.columns:
            values = keyness[side].dropna().unique()
            if len(values) == 1:
                return str(values[0])
        return side

    return find("target", target), find("reference", reference)


@_doc
def plot_keyness(
    keyness: pd.DataFrame,
    *,
    n: int = 10,
    ax: Axes | None = None,
    target: str | None = None,
    reference: str | None = None,
    styles: Mapping[str, SpeakerStyle] | None = None,
    legend: bool = True,
    show: Literal["significant", "top"] = "significant",
    alpha: float = 0.05,
) -> Axes:
    """The most key terms of each side, with the statistic's sign and its 5 % critical value.

    Horizontal bars of the signed statistic from zero: the target's terms to the right
    (most key at the top), the reference's to the left (most key at the bottom). Each
    term's label, with its raw counts ``target : reference``, sits beside zero on the
    other side of its bar, so the axis spans only the statistics. Dashed lines mark
    the critical value at ``alpha`` (±1.96 for log-odds z, ±3.84 for χ² and G²; none
    for the effect sizes Log Ratio and PMI, whose terms are judged by G²'s p-value).
    A term the two sides use at the same rate is never drawn. With
    ``show="significant"`` (the default) only terms with p < ``alpha`` are drawn, and
    when there is none the panel is empty and says so; ``show="top"`` draws the top
    ``n`` of each side anyway, the non-significant ones light. Category ids of the
    shipped lexicons are written as their labels ("Security and threat").

    Examples
    --------
    >>> import pandas as pd
    >>> from discourse.plots import plot_keyness
    >>> key = pd.DataFrame({{
    ...     "term": ["security", "migration", "deal"], "target_count": [9, 0, 1],
    ...     "reference_count": [0, 8, 1], "target_total": 200, "reference_total": 200,
    ...     "statistic": [2.8, -2.6, 0.0], "p": [0.005, 0.009, 1.0], "measure": "log_odds"}})
    >>> key.attrs.update(target="Keir Starmer", reference="Emmanuel Macron")
    >>> ax = plot_keyness(key)
    >>> [t.get_text() for t in ax.texts if t.get_label() == "_term"]
    ['security  9 : 0', 'migration  0 : 8']

    Parameters
    ----------
    keyness : DataFrame
        As returned by ``keyness``: columns term, target_count, reference_count,
        statistic; p, target_total/reference_total (ties), low_expected and measure
        are used when present. The sides' names come from ``target``/``reference``,
        else ``keyness.attrs``, else columns ``target``/``reference``.
    n : int, default 10
        Terms to show on each side at most.
    {ax}
    target, reference : str, optional
        Names of the two sides (speakers), for the legend and colours.
    {styles}
    {legend}
    show : {{"significant", "top"}}, default "significant"
        Draw only the terms that are key at ``alpha``, or the top ``n`` of each side.
    alpha : float, default 0.05
        The level of the critical value drawn and of "significant".

    {returns_ax}

    {raises}
    """
    _check_frame(keyness, ("term", "target_count", "reference_count", "statistic"), what="keyness")
    _check_ax(ax)
    if not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive number of terms per side, not {n!r}")
    if show not in ("significant", "top"):
        raise ValueError(f"show must be 'significant' or 'top', not {show!r}")
    tname, rname = _keyness_names(keyness, target, reference)
    if tname == rname:
        raise ValueError(f"target and reference have the same name {tname!r}")
    styles = _resolve_styles([tname, rname], None, styles)
    measure = None
    if "measure" in keyness.columns and keyness["measure"].nunique() == 1:
        measure = str(keyness["measure"].iloc[0])
    elif keyness.attrs.get("measure"):
        measure = str(keyness.attrs["measure"])
    from .comparison import MEASURES, critical_value

    crit = critical_value(measure, alpha) if measure in MEASURES else None
    # expected counts under 5 undermine chi-square and G², not the log-odds z or the effect sizes
    flag_low = "low_expected" in keyness.columns and measure in (None, "chi2", "lr", "ll")
    low = keyness["low_expected"].fillna(False).astype(bool) if flag_low else False
    data = keyness.assign(term=keyness["term"].astype(str), _low=low, _stat=keyness["statistic"].astype(float))
    if {"target_total", "reference_total"} <= set(data.columns):  # equal rates: a tie, never key
        tie = data["target_count"] * data["reference_total"] == data["reference_count"] * data["target_total"]
        data = data[~tie]
    data = data[np.isfinite(data["_stat"]) & (data["_stat"] != 0)]
    if "p" in data.columns:
        data = data.assign(_sig=data["p"].astype(float) < alpha)
    else:
        data = data.assign(_sig=np.abs(data["_stat"]) >= crit if crit is not None else False)
    candidates = data
    if show == "significant":
        data = data[data["_sig"]]
    pos = data[data["_stat"] > 0].sort_values(
        ["_stat", "target_count", "term"], ascending=[False, False, True], kind="mergesort").head(n)
    neg = data[data["_stat"] < 0].sort_values(
        ["_stat", "reference_count", "term"], ascending=[True, False, True], kind="mergesort").head(n)
    rows = pd.concat([pos, neg.iloc[::-1]], ignore_index=True)
    name = _MEASURE_NAMES.get((measure or "").lower(), measure or "Keyness statistic")

    with paper_style():
        ax = _new_axes(ax, _fit_height(1.0 + 0.15 * max(len(rows), 4)))
        if rows.empty:
            biggest = ""
            if len(candidates):
                b = candidates.loc[candidates["_stat"].abs().idxmax()]
                symbol = {"log_odds": "z", "chi2": "χ²", "lr": "G²", "ll": "LL", "log_ratio": "Log Ratio",
                          "pmi": "PMI"}.get(measure or "", "statistic")
                biggest = (f" The largest difference: {_term_label(b['term'])} "
                           f"({int(b['target_count'])} : {int(b['reference_count'])}, {symbol} = {b['_stat']:.2f}).")
            what = f"p < {alpha:g}" if show == "significant" else "a non-zero statistic"
            _empty_panel(ax, f"No term differs at {what} between {tname} and {rname} ({name}).{biggest}")
            ax.set_xlabel(name)
            return ax
        y = np.arange(len(rows), dtype=float)
        y[len(pos):] += 0.6 if len(pos) and len(neg) else 0.0  # a gap between the sides
        colors, hatches, edges = [], [], []
        for stat, is_low, sig in zip(rows["_stat"], rows["_low"], rows["_sig"]):
            c = styles[tname].color if stat > 0 else styles[rname].color
            colors.append(c if sig else _lighten(c, 0.6))
            hatches.append(MODE_HATCH if is_low else "")
            edges.append(c)
        bars = ax.barh(y, rows["_stat"], height=0.72, color=colors, edgecolor=edges, linewidth=0.5, label="keyness")
        for bar, h in zip(bars, hatches):
            bar.set_hatch(h)
        for yi, stat, term, tc, rc in zip(y, rows["_stat"], rows["term"], rows["target_count"], rows["reference_count"]):
            right = stat > 0  # the label goes beside zero, on the other side
            ax.annotate(f"{_term_label(term)}  {int(tc)} : {int(rc)}", (0, yi), xytext=(-3 if right else 3, 0),
                        textcoords="offset points", ha="right" if right else "left", va="center",
                        fontsize=_SMALL, label="_term")
        ax.axvline(0, color="black", linewidth=0.6)
        reach = float(np.abs(rows["_stat"]).max())
        if crit is not None:
            reach = max(reach, crit)
            for x in (-crit, crit):
                ax.axvline(x, color="0.4", linewidth=0.6, linestyle=(0, (3, 2)), label="_critical")
            ax.text(crit, 1.0, f"p = {alpha:g} ", transform=ax.get_xaxis_transform(), ha="right", va="bottom",
                    fontsize=_SMALL - 0.5, color="0.35", label="_critical")
        ax.set_xlim(-1.08 * reach, 1.08 * reach)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_ylim(y[-1] + 0.7, -0.7)
        ax.set_xlabel(f"{name}\n← more by {_wrap(rname, 28)}  ·  more by {_wrap(tname, 28)} →")
        if legend:
            from matplotlib.patches import Patch

            handles = [Patch(facecolor=styles[tname].color), Patch(facecolor=styles[rname].color)]
            labels = [f"{_wrap(tname)} (target)", f"{_wrap(rname)} (reference)"]
            if not bool(rows["_sig"].all()):
                handles.append(Patch(facecolor="0.85", edgecolor="0.6", linewidth=0.5))
                labels.append(f"p ≥ {alpha:g}")
            if bool(rows["_low"].any()):
                handles.append(Patch(facecolor="white", edgecolor="0.4", hatch=MODE_HATCH, linewidth=0.5))
                labels.append("expected count < 5")
            _legend_above(ax, handles, labels, ncols=2, title="Labels: term, counts target : reference")
    return ax


def _term_label(term: Any) -> str:
    """A keyness term as written on a figure: a shipped category's label, else the term."""
    text = str(term)
    return category_label(text, width=None) if text in _shipped_labels() else text


# --------------------------------------------------------------------------- dispersion


def _document_texts(utterances: pd.DataFrame) -> dict[Any, str]:
    """Each document's text rebuilt from its spans, in order of first appearance."""
    docs: dict[Any, str] = {}
    for doc_id, group in utterances.groupby("doc_id", sort=False):
        parts: list[str] = []
        pos = 0
        for start, text in zip(group["start"], group["text"].astype(str)):
            start = int(start)
            if start > pos:
                parts.append(" " * (start - pos))
                pos = start
            if start < pos:  # overlapping spans: keep the part not yet seen
                text = text[pos - start:]
            parts.append(text)
            pos += len(text)
        docs[doc_id] = "".join(parts)
    return docs


@_doc
def plot_dispersion(
    hits: pd.DataFrame,
    utterances: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    ax: Axes | None = None,
    speakers: Sequence[str] | None = None,
    unit: Literal["words", "characters"] = "words",
    styles: Mapping[str, SpeakerStyle] | None = None,
    legend: bool = True,
) -> Axes:
    """Where each term or frame falls along the text: a lexical dispersion (x-ray) plot.

    One row per term (or per frame), a marker at each match at its offset through the
    document, shaped and coloured by who speaks there (the journalist's narration in
    grey), as NLTK's ``dispersion_plot`` and quanteda's ``textplot_xray``. Documents are
    laid end to end in the order of ``utterances``, with dotted lines where one starts.

    Examples
    --------
    >>> import pandas as pd
    >>> from discourse.plots import plot_dispersion
    >>> utt = pd.DataFrame({{"doc_id": [0, 0], "start": [0, 10], "speaker": [None, "A"],
    ...                     "mode": ["narration", "direct"], "text": ["Border is ", "a border"]}})
    >>> hits = pd.DataFrame({{"doc_id": [0, 0], "start": [0, 12], "speaker": [None, "A"],
    ...                      "mode": ["narration", "direct"], "category": ["migration"] * 2,
    ...                      "term": ["border"] * 2}})
    >>> ax = plot_dispersion(hits, utt)
    >>> [line.get_xdata().tolist() for line in ax.lines if not line.get_label().startswith("_")]
    [[3.0], [0.0]]

    Parameters
    ----------
    hits : DataFrame
        As returned by ``match_terms``: columns doc_id, start, speaker, term and/or
        category; mode tells narration from unattributed speech.
    utterances : DataFrame
        The utterance table the hits were found in (doc_id, start, text): it gives the
        documents' order, lengths and word offsets.
    terms : sequence of str, optional
        Terms to show, one row each, in this order.
    categories : sequence of str, optional
        Frames or topics to show. Without ``terms``, each is one row (all its terms
        together); with ``terms``, only those terms' rows in these categories.
    {ax}
    speakers : sequence of str, optional
        Only matches in these speakers' words (``"(narration)"`` for the journalist's).
        A name not in ``hits`` raises a ValueError listing the names present.
    unit : {{"words", "characters"}}, default "words"
        The x axis: words (runs of word characters) or characters before the match.
    {styles}
    {legend}

    {returns_ax}

    {raises}
    """
    by = "category" if categories is not None and terms is None else "term"
    _check_frame(hits, ("doc_id", "start", "speaker", by), what="hits")
    _check_frame(utterances, ("doc_id", "start", "text"), what="utterances")
    _check_ax(ax)
    if unit not in ("words", "characters"):
        raise ValueError(f"unit must be 'words' or 'characters', not {unit!r}")
    data = hits.assign(_speaker=_speaker_column(hits), _row=hits[by].astype(str))
    rank = {d: i for i, d in enumerate(dict.fromkeys(utterances["doc_id"]))}
    unknown = [d for d in dict.fromkeys(data["doc_id"]) if d not in rank]
    if unknown:
        raise ValueError(f"hits refer to document(s) {', '.join(map(repr, unknown))} not in utterances")
    # rows appear in the order their first match does along the text
    data = data.assign(_rank=data["doc_id"].map(rank)).sort_values(["_rank", "start"], kind="mergesort")
    grouped = by == "term" and "category" in data.columns
    if grouped:
        data = data.assign(_cat=data["category"].astype(str))
        cats = _select(list(dict.fromkeys(data["_cat"])), categories, kind="category", what="hits")
        data = data[data["_cat"].isin(cats)]
    elif categories is not None and by == "term":
        require_columns(hits, ("category",), what="hits")
    wanted = terms if by == "term" else categories
    row_labels = _select(list(dict.fromkeys(data["_row"])), wanted, kind=by, what="hits")
    present_speakers = list(dict.fromkeys(data["_speaker"]))
    shown = _select(present_speakers, speakers, kind="speaker", what="hits")
    data = data[data["_row"].isin(row_labels) & data["_speaker"].isin(shown)]
    if speakers is None:  # by default, the speakers with a match on the rows shown
        shown = [s for s in shown if s in set(data["_speaker"])]
    # rows: (heading or None, label); under a bold heading per frame when terms carry one
    rows: list[tuple[bool, str, Any]] = []  # (is a heading, tick label, key of its matches)
    if grouped:
        order = {t: i for i, t in enumerate(row_labels)}
        several_cats = data["_cat"].nunique() > 1
        for c in cats:
            in_cat = sorted(set(data.loc[data["_cat"] == c, "_row"]), key=order.__getitem__)
            if in_cat and several_cats:
                rows.append((True, category_label(c), None))
            rows.extend((False, t, (c, t)) for t in in_cat)
        data = data.assign(_key=list(zip(data["_cat"], data["_row"])))
    else:
        rows = [(False, category_label(r) if by == "category" else r, r) for r in row_labels]
        data = data.assign(_key=data["_row"])
    named = [s for s in shown if s not in _GREYS] + [s for s in (NARRATION, UNATTRIBUTED) if s in shown]
    styles = _resolve_styles(named, speakers, styles)

    docs = _document_texts(utterances)
    offsets: dict[Any, float] = {}
    word_starts: dict[Any, list[int]] = {}
    total = 0.0
    for doc_id, text in docs.items():
        offsets[doc_id] = total
        if unit == "words":
            word_starts[doc_id] = [m.start() for m in WORD_RE.finditer(text)]
            total += len(word_starts[doc_id])
        else:
            total += len(text)

    def position(doc_id: Any, start: int) -> float:
        if unit == "words":
            return offsets[doc_id] + bisect.bisect_left(word_starts[doc_id], int(start))
        return offsets[doc_id] + int(start)

    x_all = np.array([position(d, s) for d, s in zip(data["doc_id"], data["start"])], dtype=float)
    ypos = {key: float(i) for i, (heading, _, key) in enumerate(rows) if not heading}
    with paper_style():
        ax = _new_axes(ax, 0.8 + 0.16 * len(rows))
        for y in ypos.values():
            ax.axhline(y, color="0.9", linewidth=0.5, zorder=0)
        starts = list(offsets.values())[1:]
        if starts:  # one collection, not a line per document: a corpus has thousands
            ax.vlines(starts, 0, 1, transform=ax.get_xaxis_transform(), colors="0.55",
                      linewidth=0.5 if len(starts) <= 60 else 0.2, linestyles=(0, (1, 2)), zorder=0,
                      label="_document starts")
        k = len(named)
        nudges = np.linspace(-0.16, 0.16, k) if k > 1 else np.zeros(1)
        for s, nudge in zip(named, nudges):
            mask = (data["_speaker"] == s).to_numpy()
            st = styles[s]
            ax.plot(x_all[mask], [ypos[key] + nudge for key in data["_key"][mask]], linestyle="none",
                    marker=st.marker, color=st.color, markerfacecolor="none",
                    markeredgewidth=0.8, markersize=4.5, label=s, zorder=3, clip_on=False)
        ax.set_yticks(np.arange(len(rows)), [label for _, label, _ in rows])
        for tick, (heading, _, _) in zip(ax.get_yticklabels(), rows):
            if heading:
                tick.set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(0, max(total, 1.0))
        several = len(docs) > 1
        what = "Word" if unit == "words" else "Character"
        ax.set_xlabel(f"{what} offset " + ("through the corpus\n(dotted: document starts)" if several else "in the document"))
        if legend:
            _legend_above(ax, _speaker_handles(named, styles, kind="dot", hollow=True), named)
    return ax


# --------------------------------------------------------------------------- summary


def plot_summary(
    share: pd.DataFrame,
    topics: pd.DataFrame,
    frames: pd.DataFrame,
    *,
    speakers: Sequence[str] | None = None,
    styles: Mapping[str, SpeakerStyle] | None = None,
    height: float | None = None,
) -> Figure:
    """One double-column figure: words spoken (a), topic rates (b) and frame rates (c).

    Panel (a) is :func:`plot_speaker_share`, (b) :func:`plot_topic_frequency`, and
    (c) :func:`plot_framing_terms` at the level of frames (a term-level table is summed
    to frames, with exact intervals), so (b) and (c) both show 95 % intervals. One
    legend above the panels shows each speaker's bar *and* marker, and the two modes
    of speech; no speaker's hatch is the hatch of reported speech.

    Examples
    --------
    >>> import pandas as pd
    >>> import discourse
    >>> from discourse.plots import plot_summary
    >>> share = discourse.speaker_share(discourse.load_sample().reference_utterances())
    >>> rates = pd.DataFrame({
    ...     "speaker": ["Emmanuel Macron", "Keir Starmer"], "category": ["security"] * 2,
    ...     "count": [2, 3], "words": [161, 155], "rate": [12.4, 19.4]})
    >>> fig = plot_summary(share, rates, rates)
    >>> float(fig.get_figwidth())
    7.0

    Parameters
    ----------
    share : DataFrame
        From ``speaker_share``.
    topics : DataFrame
        From ``topic_frequency``.
    frames : DataFrame
        From ``framing_terms`` (either level).
    speakers : sequence of str, optional
        Speakers to compare, in this order. By default the two named speakers of
        ``share`` with most words (not narration or unattributed speech); a note
        below says how many more there are.
    styles : mapping of str to SpeakerStyle, optional
        As for the single figures.
    height : float, optional
        Figure height in inches (the width is :data:`DOUBLE_COLUMN`); by default
        enough for the topics shown (at least 2.4 in).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If a table lacks a needed column, is empty, or lacks one of the speakers.
    """
    _check_frame(share, ("speaker", "words", "direct_words", "reported_words"), what="share")
    _check_frame(topics, ("speaker", "category", "count", "rate"), what="topics")
    _check_frame(frames, ("speaker", "category", "count", "rate"), what="frames")
    share_speakers = [s for s in dict.fromkeys(share["speaker"].astype(object).map(_label)) if s not in _GREYS]
    if speakers is None:
        chosen = share_speakers[:2]
        if not chosen:
            raise ValueError("share has no named speaker to compare")
    else:
        chosen = _select(share_speakers, speakers, kind="speaker", what="share")
    others = [x for x in share_speakers if x not in chosen]
    styles = _resolve_styles(chosen, speakers, styles)
    frame_rows = frames
    if "term" in frames.columns:
        require_columns(frames, ("words",), what="frames (term level)")
        frame_rows = _aggregate_categories(frames.assign(speaker=frames["speaker"].astype(object).map(_label)))

    if height is None:
        labelled = topics.assign(speaker=topics["speaker"].astype(object).map(_label))
        in_use = labelled[labelled["speaker"].isin(chosen)].groupby("category")["count"].sum()
        height = _fit_height(max(2.4, 0.9 + 0.12 * int((in_use > 0).sum()) * len(chosen)))

    import matplotlib.pyplot as plt

    with paper_style():
        fig = plt.figure(figsize=(DOUBLE_COLUMN, height), layout="constrained")
        axes = fig.subplots(1, 3, width_ratios=[1.1, 1.0, 1.0])
        plot_speaker_share(share, ax=axes[0], speakers=chosen, styles=styles, legend=False)
        plot_topic_frequency(topics, ax=axes[1], speakers=chosen, styles=styles, legend=False)
        plot_framing_terms(frame_rows, ax=axes[2], speakers=chosen, styles=styles, legend=False)
        for ax, title in zip(axes, ("a  Words spoken", "b  Topics", "c  Frames")):
            ax.set_title(title, loc="left", fontsize=8, fontweight="bold")
        for ax in axes[1:]:  # narrow panels: a short label that is never cut
            ax.set_xlabel("Per 1,000 words")
        from matplotlib.legend_handler import HandlerTuple
        from matplotlib.lines import Line2D

        interval = Line2D([], [], color="black", linewidth=0.7, marker="|", markersize=5, markeredgewidth=0.7)
        handles = _speaker_handles(chosen, styles, kind="both") + _mode_handles() + [interval]
        fig.legend(
            handles, [*[_wrap(x, 28) for x in chosen], _DIRECT_LABEL, _REPORTED_LABEL, "95 % interval"],
            loc="outside upper center", ncols=len(handles), frameon=False,
            handler_map={tuple: HandlerTuple(ndivide=None, pad=0.6)}, handlelength=2.6,
        )
        if others and speakers is None:
            fig.supxlabel(f"Compared: the two speakers with most words; {len(others)} more speak "
                          f"({_listing(others)}).", fontsize=_SMALL - 0.5, color="0.35", x=0.01, ha="left")
    return fig


# --------------------------------------------------------------------------- files

_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_UNSAFE_RE = re.compile(r"[^\w.\-]+")
_FORMAT_SUFFIXES = {".pdf", ".svg", ".png", ".eps", ".ps", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".pgf"}


def safe_filename(name: Any, *, max_length: int = 100) -> str:
    """A file name made from ``name`` (a speaker, a term) that is safe on every system.

    Accents are kept as letters (NFKC form), every run of other characters (path
    separators, spaces, quotes, brackets) becomes one ``_``, dots never come in pairs or
    at the start, Windows' reserved names get a trailing ``_``, and the result is at
    most ``max_length`` characters.

    Parameters
    ----------
    name : object
        Usually a speaker name; converted with ``str``.
    max_length : int, default 100

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If nothing usable is left (``""``, ``".."``, ``"///"``).

    Examples
    --------
    >>> safe_filename("Keir Starmer")
    'Keir_Starmer'
    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    >>> safe_filename("(narration)")
    'narration'
    >>> safe_filename("François Hollande")
    'François_Hollande'
    """
    text = unicodedata.normalize("NFKC", str(name))
    text = _UNSAFE_RE.sub("_", text)
    text = re.sub(r"\.{2,}", "_", text)
    text = re.sub(r"_{2,}", "_", text)
    text = text.strip("._-")
    text = text[:max_length].rstrip("._-")
    if not text:
        raise ValueError(f"{name!r} has no characters usable in a file name")
    if text.split(".")[0].upper() in _RESERVED:
        text += "_"
    return text


def _ensure_folder(folder: Path) -> None:
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                raise NotADirectoryError(
                    f"cannot write figures into {folder}: {parent} is a file, not a folder"
                )
            break
    folder.mkdir(parents=True, exist_ok=True)


def save_figure(
    fig: Figure | Axes,
    path: str | Path,
    formats: Sequence[str] = ("pdf", "svg", "png"),
    *,
    dpi: float = 300,
    bbox_inches: str | None = None,
) -> list[Path]:
    """Write a figure in several formats, byte-identical from run to run.

    Dates are left out of the files' metadata (PDF ``CreationDate``, SVG ``Date``, the
    PNG ``Software`` entry), SVG ids come from a fixed salt, and PDF/PS embed TrueType
    (Type 42) fonts that stay editable. Parent folders are created.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure (or an Axes on it).
    path : str or pathlib.Path
        The file path without extension, e.g. ``"figures/share"``; an image extension
        (``.pdf``, ``.png``, ...) is dropped. Build names from speaker names with
        :func:`safe_filename`.
    formats : sequence of str, default ("pdf", "svg", "png")
        File formats, each written to ``path`` with that extension.
    dpi : float, default 300
        Resolution of raster formats (PNG).
    bbox_inches : str, optional
        Passed to ``savefig``; the default keeps the figure's exact size (the package
        style lays figures out with constrained layout, so nothing is clipped).

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.

    Raises
    ------
    NotADirectoryError
        If a folder on the path is an existing file.
    IsADirectoryError
        If a file to write is an existing folder.
    ValueError
        If ``formats`` is empty or ``path`` has no file name.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in save_figure(fig, f"{tmp}/figs/share")]
    ['share.pdf', 'share.svg', 'share.png']
    """
    import matplotlib.pyplot as plt

    figure = _root_figure(fig)
    if isinstance(formats, str):
        formats = (formats,)
    formats = [f.lower().lstrip(".") for f in formats]
    if not formats:
        raise ValueError("formats is empty: name at least one file format, e.g. ('pdf',)")
    path = Path(path)
    if path.suffix.lower() in _FORMAT_SUFFIXES:
        path = path.with_suffix("")
    if path.name in ("", ".", ".."):
        raise ValueError(f"{str(path)!r} has no file name to write the figure to")
    _ensure_folder(path.parent)
    targets = [path.with_name(f"{path.name}.{fmt}") for fmt in formats]
    for target in targets:
        if target.is_dir():
            raise IsADirectoryError(f"cannot write {target}: it is a folder")
    with plt.rc_context({"svg.hashsalt": _HASHSALT, "pdf.fonttype": 42, "ps.fonttype": 42}), _frozen_layout(figure):
        for fmt, target in zip(formats, targets):
            metadata = {"pdf": _PDF_METADATA, "svg": _SVG_METADATA, "png": _PNG_METADATA}.get(fmt)
            figure.savefig(target, format=fmt, dpi=dpi, metadata=metadata, bbox_inches=bbox_inches)
    return targets


@contextmanager
def _frozen_layout(figure: Figure) -> Iterator[None]:
    """Lay the figure out to its fixed point once, and keep that layout while saving.

    A layout engine run by each ``savefig`` starts from wherever the last draw (at
    another resolution, with another renderer) left the Axes, so the same figure could
    be saved with positions a fraction of a point apart. Drawing until the layout stops
    moving and then switching the engine off makes every format share one layout that
    does not depend on the figure's history.
    """
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = figure.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        yield
        return
    previous = None
    for _ in range(3):  # the build drew it already: three more draws are within 1e-6 of the fixed point
        _draw(figure)
        current = [tuple(np.round(ax.get_position().bounds, 9)) for ax in figure.axes]
        if current == previous:
            break
        previous = current
    positions = [(ax, ax.get_position()) for ax in figure.axes]
    figure.set_layout_engine("none")
    try:
        for ax, pos in positions:
            ax.set_position(np.round(pos.bounds, 9), which="active")
        yield
    finally:
        figure.set_layout_engine(engine)
