"""discourse: who said what in news articles and transcripts, and how leaders talk.

The public API, re-exported from the modules that define it. Names are
imported on first use, so ``import discourse`` stays fast and does not pull
in matplotlib until a figure is drawn.

>>> import discourse
>>> sample = discourse.load_sample()
>>> utterances = discourse.attribute(sample.text, speakers=sample.speakers)
>>> share = discourse.speaker_share(utterances)
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it (one place for each concept)
_EXPORTS: dict[str, str] = {
    # the sample
    "load_sample": "sample",
    "Sample": "sample",
    # text
    "count_words": "text",
    # who said what
    "attribute": "attribution",
    "attribute_document": "attribution",
    "Attribution": "attribution",
    "merge_surnames": "attribution",
    # measures
    "speaker_share": "measures",
    "topic_frequency": "measures",
    "framing_terms": "measures",
    # lexicons
    "Lexicon": "lexicon",
    "load_lexicon": "lexicon",
    "match_terms": "lexicon",
    # comparisons
    "keyness": "comparison",
    "compared_speakers": "comparison",
    "speaker_kinds": "comparison",
    "kwic": "concordance",
    "collocations": "concordance",
    # corpora
    "read_corpus": "corpus",
    "read_transcript": "corpus",
    "parse_transcript": "corpus",
    "attribute_corpus": "corpus",
    "analyse_corpus": "corpus",
    "iter_utterances": "corpus",
    "CorpusAnalysis": "corpus",
    # scoring against a hand annotation
    "agreement": "evaluation",
    # figures
    "save_figure": "plots",
}
_SUBMODULES = {"plots", "text", "quotes", "attribution", "measures", "lexicon", "comparison",
               "concordance", "corpus", "transcripts", "sample", "evaluation", "spans", "schema", "cli"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | _SUBMODULES)
