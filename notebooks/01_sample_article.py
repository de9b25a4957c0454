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
# # 1. The sample article: who says what
#
# `discourse` ships one news article: a report of the Franco-British summit in
# Downing Street on 10 July 2025, where Keir Starmer and Emmanuel Macron spoke about
# migration, Ukraine and the Middle East. The article also comes with a **hand
# annotation**: a person marked every span of speech in it, who says it, and whether it
# is quoted directly (inside quote marks) or reported ("Macron said the two leaders
# would…").
#
# This notebook does three things:
#
# 1. runs the automatic attribution (`discourse.attribute`) on the article and shows
#    the text with each speaker's words highlighted;
# 2. counts how much each leader says (`discourse.speaker_share`), as a table and a
#    figure;
# 3. checks the automatic attribution against the hand annotation, word by word
#    (`discourse.evaluation.agreement`).

# %%
# Draw figures inline, below the cell that makes them.
# %matplotlib inline
# Figures inline at their print size and a readable resolution (150 dpi: a one-column
# figure is about 500 px wide), and tables without scientific notation.
# %config InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "dpi": 150}
import html

import pandas as pd
from IPython.display import HTML, Markdown, display

import discourse
from discourse.evaluation import agreement
from discourse.plots import plot_speaker_share, speaker_styles

pd.set_option("display.precision", 3)
pd.set_option("display.float_format", lambda x: f"{x:.3f}")

# %% [markdown]
# ## The article
#
# `load_sample()` returns the text exactly as it is stored (character offsets in every
# table point into it), its metadata, the known speakers with the names the article
# uses for them, and the hand annotation.

# %%
sample = discourse.load_sample()
meta = sample.metadata
display(Markdown(
    f"**{meta['title']}**  \n{meta['event']}, {meta['date']} "
    f"({discourse.count_words(sample.text)} words; outlet: {meta['outlet_note']})"
))
sample.speakers

# %% [markdown]
# ## Who says what
#
# `attribute` splits the article into consecutive spans that together cover the whole
# text. Each span is either the journalist's **narration**, a **direct** quotation, or
# **reported** speech, and each piece of speech carries the speaker it is credited to
# and the cue that gave it away ("said", "told reporters"). Passing `speakers` tells the
# attribution that "Starmer" and "the Prime Minister" are the same person.

# %%
utterances = discourse.attribute(sample.text, speakers=sample.speakers)
speech = utterances[utterances["mode"] != "narration"]
speech[["start", "end", "speaker", "mode", "cue", "text"]]

# %% [markdown]
# The same result is easier to read on the article itself. Below, each speaker has a
# colour (the same colours the figures use). Direct quotations are shaded and underlined
# with a **solid** line; reported speech is underlined with a **dotted** line; the
# journalist's own words are left plain. Hover over a span to see who says it and the cue.

# %%
named = [s for s in speech["speaker"].dropna().unique()]
styles = speaker_styles(sorted(named))


def highlight(text, utterances, styles):
    """The article as HTML, each span of speech coloured by speaker and mode."""
    parts = []
    for row in utterances.itertuples():
        chunk = html.escape(text[row.start:row.end])
        if row.mode == "narration":
            parts.append(chunk)
            continue
        speaker = row.speaker if isinstance(row.speaker, str) else "(unattributed)"
        color = styles[speaker].color if speaker in styles else "#8C8C8C"
        if row.mode == "direct":
            style = f"background:{color}22; border-bottom:2px solid {color};"
        else:
            style = f"border-bottom:2px dotted {color};"
        tip = html.escape(f"{speaker} · {row.mode} · cue: {row.cue}", quote=True)
        parts.append(f'<span style="{style}" title="{tip}">{chunk}</span>')
    legend = " &nbsp; ".join(
        f'<span style="color:{st.color}; font-weight:bold;">■ {html.escape(name)}</span>'
        for name, st in styles.items() if name in named
    )
    legend += (' &nbsp; <span style="border-bottom:2px solid #444;">direct</span>'
               ' &nbsp; <span style="border-bottom:2px dotted #444;">reported</span>')
    return (f'<div style="font-family:Georgia,serif; line-height:1.7; max-width:48em;">'
            f'<p>{legend}</p><div style="white-space:pre-wrap;">{"".join(parts)}</div></div>')


HTML(highlight(sample.text, utterances, styles))

# %% [markdown]
# ## How much each leader says
#
# `speaker_share` counts the words each speaker says (words are runs of letters and
# digits, so "we're" is two words), split into direct and reported speech, and the
# speaker's **share** of all attributed speech. The last row is the journalist's
# narration, which is not part of anyone's share.

# %%
share = discourse.speaker_share(utterances)
share

# %%
top = share[~share["speaker"].str.startswith("(")].iloc[0]
second = share[~share["speaker"].str.startswith("(")].iloc[1]
narration = share.set_index("speaker").loc["(narration)"]
display(Markdown(
    f"{top.speaker} says {top.words} words ({top.share:.0%} of the leaders' speech; "
    f"{top.direct_words} of them in quote marks), {second.speaker} {second.words} words "
    f"({second.share:.0%}; {second.direct_words} quoted directly). The journalist's own "
    f"narration is {narration.words} words, {narration.document_share:.0%} of the article."
))

# %% [markdown]
# The figure shows the same table: the solid part of each bar is direct speech, the
# light hatched part reported speech; narration is the grey bar below the dotted rule.

# %%
ax = plot_speaker_share(share)

# %% [markdown]
# Note how differently the two leaders reach the reader: most of one leader's words are
# in quote marks, while much of the other's are paraphrased by the journalist. Who gets
# quoted verbatim and who gets paraphrased is itself an editorial choice worth reporting.

# %% [markdown]
# ## Checking against the hand annotation
#
# The hand annotation is the yardstick. `sample.reference_utterances()` turns it into
# the same kind of table as `attribute` returns, so every measure can be run on it.
# First, the shares according to the annotator:

# %%
reference = sample.reference_utterances()
reference_share = discourse.speaker_share(reference)
reference_share

# %%
ref = reference_share.set_index("speaker")
for name in sorted(sample.speakers):
    display(Markdown(
        f"Hand annotation: **{name}** says {ref.loc[name, 'words']} words "
        f"({ref.loc[name, 'direct_words']} direct, {ref.loc[name, 'reported_words']} reported); "
        f"the attribution finds {share.set_index('speaker').loc[name, 'words']}."
    ))

# %% [markdown]
# `agreement` compares the two word by word. For every word of the article it asks: do
# the attribution and the annotator give it the same speaker and the same mode
# (narration, direct, reported)? A phrase the annotator marked as ambiguous (`ignore`)
# is left out of the score.
#
# - **agreement**: the fraction of scored words on which both agree exactly;
# - **speech precision / recall / F1**: does the attribution find the words that are
#   speech at all (direct or reported), and only those;
# - **direct F1**: the same for words inside quote marks;
# - **speaker accuracy**: of the words the annotator marks as speech, the fraction
#   credited to the right speaker.

# %%
scores = agreement(sample.text, utterances, sample.reference)
pd.Series(scores, name="value").to_frame()

# %%
display(Markdown(
    f"On the {scores['words']:.0f} scored words, the attribution agrees with the hand "
    f"annotation on {scores['agreement']:.1%} of them (speaker and mode); it finds speech "
    f"with F1 = {scores['speech_f1']:.3f} and credits {scores['speaker_accuracy']:.1%} of "
    f"the annotated speech to the right speaker."
))

# %% [markdown]
# One article is a sanity check, not an evaluation: the attribution was developed with
# this article in view. Before relying on it for a new corpus, annotate a sample of
# your own articles by hand and run `agreement` on them.
