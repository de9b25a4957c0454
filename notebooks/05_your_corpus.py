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
# # 5. The same analysis on your own corpus
#
# This notebook runs notebooks 1–4's analysis on a corpus of your own: a folder of
# `.txt` files, a CSV/TSV, JSON Lines or Parquet table with one document per row, or a
# single text file. Articles and press-conference transcripts ("THE PRIME MINISTER: …")
# are both read; each document is recognised as one or the other.
#
# Set the parameters in the next cell, or run the notebook with
# [papermill](https://papermill.readthedocs.io), which replaces them:
#
# ```bash
# papermill 05_your_corpus.ipynb out.ipynb \
#     -p input_path ~/data/speeches/ -p output_dir figures/ \
#     -y 'speakers: {"Keir Starmer": ["Starmer", "the Prime Minister"]}'
# ```
#
# - `input_path`: your corpus; `None` runs on the bundled sample article.
# - `speakers`: known speakers and the names the texts use for them (a dict of
#   canonical name → aliases, or a list of names); `None` lets the attribution find
#   speakers by itself (for the sample: its two leaders).
# - `lexicon`: the frame lexicon, `"frames"` (shipped) or the path of your own `.yml`
#   or `.dic` file. Topics use the shipped `"topics"` lexicon.
# - `output_dir`: where the figures (PDF, SVG, PNG) and tables (CSV) are written.
# - `compare`: the two speakers to compare, `["A", "B"]` (A is the target of keyness);
#   `None` takes the two named persons with most words, as `discourse report` does
#   (never a transcript's questions, joint speech or unnamed sources; a tie goes to who
#   speaks first).

# %% tags=["parameters"]
input_path = None
speakers = None
lexicon = "frames"
output_dir = "notebook-output"
compare = None

# %%
# Draw figures inline, below the cell that makes them.
# %matplotlib inline
# Figures inline at their print size and a readable resolution (150 dpi: a one-column
# figure is about 500 px wide), and tables without scientific notation.
# %config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "dpi": 150}
import warnings
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

import discourse
from discourse.plots import (
    plot_frame_heatmap,
    plot_framing_terms,
    plot_speaker_share,
    plot_summary,
    plot_topic_frequency,
    safe_filename,
)

pd.set_option("display.precision", 2)
pd.set_option("display.float_format", lambda x: f"{x:.2f}")
# tqdm warns that Jupyter widgets are missing; progress bars then fall back to text
warnings.filterwarnings("ignore", message="IProgress not found")
output = Path(output_dir)
output.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Read the corpus
#
# `read_corpus` returns one row per document: `doc_id`, `text`, and any metadata
# columns. Files that cannot be read are skipped with a warning and listed in
# `corpus.attrs["skipped"]`.

# %%
if input_path is None:
    sample = discourse.load_sample()
    corpus = discourse.read_corpus(sample.path)
    if speakers is None:
        speakers = sample.speakers
    source = f"the bundled sample ({sample.path.name})"
else:
    corpus = discourse.read_corpus(Path(input_path).expanduser())
    source = f"`{input_path}`"

frames_lexicon = discourse.load_lexicon(lexicon)
n_words = int(corpus["text"].map(discourse.count_words).sum())
display(Markdown(
    f"Read {len(corpus)} document(s), {n_words:,} words in all, from {source}; "
    f"{len(corpus.attrs.get('skipped', []))} file(s) skipped. Frame lexicon: "
    f"`{frames_lexicon.name}` ({len(frames_lexicon.terms())} entries in "
    f"{len(frames_lexicon.categories)} frames)."
))
corpus.head()

# %% [markdown]
# ## Who says how much, which topics, which frames
#
# `analyse_corpus` attributes each document, counts, and keeps only per-speaker
# totals, so it works on corpora too large to hold every utterance in memory. Its
# tables are those of notebooks 1–3, summed over the corpus. Documents that fail are
# reported, not fatal.

# %%
result = discourse.analyse_corpus(corpus, speakers=speakers, topics="topics",
                                  frames=frames_lexicon)
display(Markdown(
    f"{result.documents} document(s) analysed, {len(result.errors)} failed"
    + ("." if not result.errors else ": " + "; ".join(
        f"{e['doc_id']} ({e['reason']})" for e in result.errors))
))
result.share

# %%
named = result.share[~result.share["speaker"].str.startswith("(")]
display(Markdown("\n".join(
    f"- **{row.speaker}**: {row.words:,} words ({row.share:.0%} of attributed speech), "
    f"{row.direct_words:,} in quote marks"
    for row in named.head(10).itertuples()
) or "No named speaker was found."))

# %% [markdown]
# ## Per document
#
# For per-document tables, the comparison and concordance lines we need the utterances themselves:
# `attribute_corpus` returns them for all documents in one table (for very large
# corpora, use `discourse.corpus.iter_utterances` to stream them instead).

# %%
utterances = discourse.attribute_corpus(corpus, speakers=speakers)
per_doc = discourse.speaker_share(utterances, by_document=True)
per_doc[["doc_id", "speaker", "words", "direct_words", "reported_words", "share"]]

# %% [markdown]
# ## Figures
#
# Each figure is drawn with the package's functions and written with `save_figure`,
# which writes PDF, SVG and PNG files that are identical from run to run. The speakers
# compared are those of the `compare` parameter, or by default the two named persons
# who say most, chosen by `discourse.compared_speakers` as in `discourse report`.

# %%
compare = discourse.compared_speakers(utterances, compare)
display(Markdown(f"Compared: {' and '.join(f'**{s}**' for s in compare) or 'nobody (no named person speaks)'}."))
written = []


def save(ax_or_fig, name):
    paths = discourse.save_figure(ax_or_fig, output / safe_filename(name))
    written.extend(paths)
    return paths


ax = plot_speaker_share(result.share)
save(ax, "speaker_share")

# %%
if compare:
    ax = plot_topic_frequency(result.topics, speakers=compare)
    save(ax, "topics")

# %%
frames_used = result.frames[result.frames["speaker"].isin(compare)]
if compare and frames_used["count"].sum() > 0:
    ax = plot_framing_terms(result.frames, speakers=compare, n=5)
    save(ax, "framing_terms")
    ax = plot_frame_heatmap(result.frames, speakers=compare)
    save(ax, "frame_heatmap")
else:
    display(Markdown("None of the compared speakers uses a term of the frame lexicon."))

# %%
if len(compare) >= 2 and frames_used["count"].sum() > 0:
    fig = plot_summary(result.share, result.topics, result.frames, speakers=compare[:2])
    save(fig, "summary")

# %% [markdown]
# ## Tables
#
# The tables behind the figures, as CSV, for your own analyses.

# %%
tables = {"speaker_share": result.share, "topics": result.topics, "frames": result.frames,
          "speaker_share_by_document": per_doc}
for name, table in tables.items():
    path = output / f"{name}.csv"
    table.to_csv(path, index=False)
    written.append(path)
pd.DataFrame({"file": [str(p) for p in written]})

# %% [markdown]
# ## Evidence: concordance lines
#
# As in notebook 3, check what the counts rest on. The concordance of the
# frame lexicon in the compared speakers' words (the first 30 lines):

# %%
lines = discourse.kwic(utterances, lexicon=frames_lexicon, window=6)
lines = lines[lines["speaker"].isin(compare)]
lines.to_csv(output / "concordance.csv", index=False)
display(Markdown(f"{len(lines)} concordance lines, all written to `concordance.csv`."))
lines[["doc_id", "speaker", "category", "left", "keyword", "right"]].head(30)

# %% [markdown]
# ## Comparing two leaders
#
# With two speakers compared, keyness of the frames between them (see notebook 4 for
# how to read it).

# %%
if len(compare) >= 2:
    # the default statistic, as in the report: the log-odds z (|z| > 1.96 is p < 0.05)
    key = discourse.keyness(utterances, target=compare[0], reference=compare[1],
                            lexicon=frames_lexicon, level="category")
    key = key[(key["target_count"] + key["reference_count"]) > 0]
    display(Markdown(
        f"{compare[0]} vs. {compare[1]}: {len(key)} frames used, "
        f"{int((key['p'] < 0.05).sum())} with p < 0.05 (log-odds z, no correction for "
        f"{len(key)} comparisons)."
    ))
    display(key.round(3))
else:
    display(Markdown("Fewer than two named speakers: nothing to compare."))
