# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   language_info:
#     name: python
# ---

# %% [markdown]
# # 2. What each leader talks about
#
# A **topic lexicon** is a list of words and phrases per policy topic ("migration and
# borders": *migrant\**, *small boats*, *asylum*…). `discourse` ships one after the
# Comparative Agendas Project's major topics, sharpened for this kind of summit
# diplomacy; every entry says in the file why it is there. Counting the matches in each
# leader's words, and dividing by how many words the leader says, gives a **rate per
# 1,000 words** that can be compared between speakers who say different amounts.
#
# With a text this short, the counts are tiny, so every rate comes with a 95 %
# interval: by default the exact (Clopper–Pearson) binomial interval for the share of
# the speaker's words that match the topic.

# %%
# Draw figures inline, below the cell that makes them.
# %matplotlib inline
# Figures inline at their print size and a readable resolution (150 dpi: a one-column
# figure is about 500 px wide), and tables without scientific notation.
# %config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "dpi": 150}
import pandas as pd
from IPython.display import Markdown, display

import discourse
from discourse.plots import plot_topic_frequency

pd.set_option("display.precision", 1)
pd.set_option("display.float_format", lambda x: f"{x:.1f}")

sample = discourse.load_sample()
utterances = discourse.attribute(sample.text, speakers=sample.speakers)

# %% [markdown]
# ## The lexicon
#
# `load_lexicon("topics")` reads the shipped lexicon. Each category is a topic; a few
# entries per topic are shown here (an entry ending in `*` matches any word starting
# that way).

# %%
topics_lexicon = discourse.load_lexicon("topics")
pd.DataFrame(
    [(cat, len(entries), ", ".join(entries[:6]) + (" …" if len(entries) > 6 else ""))
     for cat, entries in topics_lexicon.categories.items()],
    columns=["topic", "entries", "examples"],
)

# %% [markdown]
# ## Topic frequency per leader
#
# `topic_frequency` counts, per speaker and topic, the matches in the speaker's own
# words (direct and reported speech; the journalist's narration is left out unless
# `include_narration=True`). Columns: `count` (matches), `words` (the speaker's words),
# `rate` (count per 1,000 words) and the interval `ci_low`–`ci_high`.

# %%
topics = discourse.topic_frequency(utterances, "topics")
used = topics.groupby("category")["count"].transform("sum") > 0
topics[used]

# %% [markdown]
# Topics no leader mentions are left out of the table above (they are still in
# `topics`, with a count of zero). The same table side by side:

# %%
wide = topics[used].pivot(index="category", columns="speaker", values=["count", "rate"])
wide

# %%
counts = topics.pivot(index="category", columns="speaker", values="count")
lines = []
for speaker in counts.columns:
    col = counts[speaker]
    top = col[col == col.max()].index.tolist()
    row = topics[(topics["speaker"] == speaker) & (topics["category"] == top[0])].iloc[0]
    lines.append(
        f"- **{speaker}** ({row.words} words) mentions {int(col.gt(0).sum())} of "
        f"{len(col)} topics; most often {' and '.join(top)} ({int(col.max())} matches, "
        f"{row.rate:.1f} per 1,000 words, 95 % interval {row.ci_low:.1f}–{row.ci_high:.1f})."
    )
display(Markdown("\n".join(lines)))

# %% [markdown]
# ## The figure
#
# `plot_topic_frequency` draws one bar per leader and topic, the interval as an error
# bar, and the raw count beyond each bar, so that a rate resting on one or two words is
# read as such.

# %%
ax = plot_topic_frequency(topics)

# %% [markdown]
# ## Reading the intervals
#
# Before reading differences into the bars, check whether the intervals overlap. In
# an article this short, a leader who uses a topic's words once or twice can rarely be
# told apart, statistically, from one who uses them three or four times.

# %%
pairs = topics.pivot(index="category", columns="speaker", values=["ci_low", "ci_high"])
speakers = sorted(topics["speaker"].unique())
a, b = speakers[:2]
separate = pairs[(pairs[("ci_low", a)] > pairs[("ci_high", b)])
                 | (pairs[("ci_low", b)] > pairs[("ci_high", a)])]
widest = topics.assign(width=topics["ci_high"] - topics["ci_low"]).sort_values("width").iloc[-1]
display(Markdown(
    f"Of the {len(pairs)} topics, {len(separate)} have non-overlapping intervals for "
    f"{a} and {b}. The widest interval, {widest.speaker} on {widest.category}, runs from "
    f"{widest.ci_low:.1f} to {widest.ci_high:.1f} per 1,000 words on a count of "
    f"{widest['count']}."
))

# %% [markdown]
# The binomial interval treats every word as an independent draw, but words come in
# quotations, and a topic's words cluster in one or two of them. A bootstrap interval
# (`ci="bootstrap"`) resamples the speaker's spans of speech instead, with a fixed
# seed so that it is repeatable. Here it is for the topics the leaders mention:

# %%
boot = discourse.topic_frequency(utterances, "topics", ci="bootstrap", n_boot=2000, seed=1)
boot[boot["count"] > 0][["speaker", "category", "count", "rate", "ci_low", "ci_high"]]

# %%
spans = discourse.speaker_share(utterances).set_index("speaker")
spans = spans.loc[speakers, "quotes"] + spans.loc[speakers, "reported"]
zero_low = boot[(boot["count"] > 0) & (boot["ci_low"] == 0)]
display(Markdown(
    "The leaders speak in only "
    + " and ".join(f"{n} spans ({name})" for name, n in spans.items())
    + f", so resampling them often draws none that mention a topic: {len(zero_low)} of the "
    f"{int((boot['count'] > 0).sum())} non-zero rates have a bootstrap interval reaching "
    "down to zero. With so few spans the bootstrap is itself unreliable; it becomes "
    "useful over a corpus."
))

# %% [markdown]
# Topic rates from one article describe that article. To say that one leader
# *generally* talks more about security than the other, analyse many articles or
# transcripts (notebook 5) and compare rates across documents.
