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
# # 3. Framing: "criminal gangs", "security" and the frames
#
# Topics say *what* a leader talks about; frames say *how* they present it. Calling the
# people who organise Channel crossings "criminal gangs" frames migration as a crime
# problem; speaking of "security" frames it as a threat; "protect" and "exploitation"
# frame it as a humanitarian matter.
#
# `discourse` ships a frame lexicon after the Policy Frames Codebook (Boydstun et al.
# 2014), with the crime and security frames sharpened for migration talk and three
# frames added (humanitarian, cooperation and unity, sovereignty and control). This
# notebook counts each frame's terms in each leader's words, draws them, and, because
# a word list only *points* at a frame, shows every match in its context so that you
# can judge it.

# %%
# Draw figures inline, below the cell that makes them.
# %matplotlib inline
# Figures inline at their print size and a readable resolution (150 dpi: a one-column
# figure is about 500 px wide), and tables without scientific notation.
# %config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "dpi": 150}
import pandas as pd
from IPython.display import Markdown, display

import discourse
from discourse.plots import plot_frame_heatmap, plot_framing_terms

pd.set_option("display.precision", 1)
pd.set_option("display.float_format", lambda x: f"{x:.1f}")
pd.set_option("display.max_colwidth", 60)

sample = discourse.load_sample()
utterances = discourse.attribute(sample.text, speakers=sample.speakers)
frames_lexicon = discourse.load_lexicon("frames")

# %% [markdown]
# ## The two phrases
#
# Where do "criminal gangs" and "security" occur, and who says them? `match_terms`
# finds every match of a lexicon in the speakers' words, with its character offsets.
# Here we pass a small lexicon of our own, and ask for the journalist's narration too.

# %%
phrases = {"crime": ["criminal gangs", "criminal networks", "gang*", "smuggl*"],
           "security": ["security"]}
hits = discourse.match_terms(utterances, phrases, include_narration=True)
hits[["speaker", "mode", "category", "term", "match", "start", "end"]]

# %%
by_speaker = hits.groupby(["category", "speaker"]).size().unstack(fill_value=0)
display(by_speaker)
gangs = hits[hits["term"] == "criminal gangs"]
display(Markdown(
    f"\"Criminal gangs\" occurs {len(gangs)} time(s), said by "
    f"{', '.join(sorted(gangs['speaker'].unique())) or 'nobody'}; "
    f"\"security\" occurs {int((hits['term'] == 'security').sum())} times in all, "
    + ", ".join(f"{n} in {who}'s words" for who, n in
                hits[hits['term'] == 'security'].groupby('speaker').size().items())
    + "."
))

# %% [markdown]
# ## Concordance: the evidence
#
# A count is only as good as the matches behind it. `kwic` (keyword in context) lists
# each match with the words around it. Read these before interpreting any number
# below: is "security" here about migration, about defence, or about the Middle East?

# %%
discourse.kwic(utterances, ["criminal gangs", "criminal networks", "security"], window=8)

# %% [markdown]
# ## All the frames
#
# `framing_terms` does the counting for the whole frame lexicon: one row per speaker
# and lexicon entry, with the count, the speaker's words, the rate per 1,000 words and
# its exact 95 % interval. The lexicon has many more entries than an article uses; we
# show only the entries someone uses.

# %%
frames = discourse.framing_terms(utterances, "frames")
used = frames.groupby(["category", "term"])["count"].transform("sum") > 0
frames[used]

# %% [markdown]
# Summed to frames (`level="category"`):

# %%
frame_totals = discourse.framing_terms(utterances, "frames", level="category")
table = frame_totals.pivot(index="category", columns="speaker", values="count")
table = table[table.sum(axis=1) > 0]
table

# %%
lines = []
for speaker in table.columns:
    col = table[speaker]
    words = frame_totals.loc[frame_totals["speaker"] == speaker, "words"].iloc[0]
    top = col[col == col.max()].index.tolist()
    lines.append(
        f"- **{speaker}** uses {int(col.sum())} framing terms in {words} words, from "
        f"{int(col.gt(0).sum())} frames; the most used: {' and '.join(top)} ({int(col.max())})."
    )
display(Markdown("\n".join(lines)))

# %% [markdown]
# ## Dot plot of the terms
#
# `plot_framing_terms` draws one row per term, grouped under its frame, each leader's
# rate as a dot with its interval. The intervals are wide: each term is used once or
# twice.

# %%
ax = plot_framing_terms(frames)

# %% [markdown]
# ## Heat map of the frames
#
# `plot_frame_heatmap` sums the terms to frames: the colour is the rate per 1,000
# words, the number in each cell the raw count.

# %%
ax = plot_frame_heatmap(frames)

# %% [markdown]
# ## Concordance by frame
#
# The lexicon can also drive the concordance: `kwic(..., lexicon="frames")` lists every
# match of every frame entry, with its frame. These are the lines behind the heat map;
# here for the two frames at the heart of the migration debate.

# %%
lines = discourse.kwic(utterances, ["criminality", "security_threat"], lexicon="frames", window=6)
lines[["speaker", "mode", "category", "left", "keyword", "right"]]

# %%
per_frame = lines.groupby(["category", "speaker"]).size().unstack(fill_value=0)
display(per_frame)
display(Markdown(
    f"{len(lines)} concordance lines support the criminality and security-threat cells of "
    "the heat map. Read them before interpreting the cells: \"security\" after Iran's "
    "nuclear deal (the Middle East), in the name of the 2010 defence and security accords, "
    "and in \"the security of all our countries\" all count alike, although only some of "
    "them frame migration as a threat."
))

# %% [markdown]
# A frame lexicon is a screening device. In a paper, report the counts together with
# the concordance lines (or a sample of them for a large corpus) and, ideally, a hand
# check of how many matches really carry the frame.
