"""The bundled sample: a news article on the Franco-British summit of 10 July 2025.

The files live once, in the repository's ``data/`` folder; the wheel carries a copy
built from that folder (see ``pyproject.toml``), so a plain install and a source
checkout read the same files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .spans import cover

SAMPLE_NAME = "franco_british_summit_2025-07-10"


def data_dir() -> Path:
    """The folder holding the sample: inside the installed package, or the checkout's data/."""
    packaged = resources.files("discourse") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        "the sample data is missing: neither the installed package's data/ folder nor the "
        f"source checkout's {checkout} exists; reinstall discourse"
    )


@dataclass(frozen=True)
class Sample:
    """A document with its metadata and the hand annotation of who says what.

    Attributes
    ----------
    doc_id : str
    text : str
        The article exactly as in the file (offsets point into it).
    metadata : dict
        Date, event, outlet and the speakers with their roles and aliases.
    speakers : dict[str, list[str]]
        Canonical name -> aliases, ready for ``attribute(text, speakers=...)``.
    reference : pandas.DataFrame
        The hand annotation: doc_id, start, end, speaker, mode, text, one row per
        span of speech; mode ``ignore`` marks a phrase to leave out of scoring.
    path : pathlib.Path
        The text file.
    """

    doc_id: str
    text: str = field(repr=False)
    metadata: dict[str, Any] = field(repr=False)
    speakers: dict[str, list[str]] = field(repr=False)
    reference: pd.DataFrame = field(repr=False)
    path: Path = field(repr=False)

    def reference_utterances(self) -> pd.DataFrame:
        """The hand annotation as a full utterance table (narration filled in).

        Spans marked ``ignore`` become narration, so the table follows the same
        contract as ``attribute``'s output and every measure runs on it.
        """
        speech = self.reference[self.reference["mode"] != "ignore"].to_dict("records")
        return cover(self.text, speech, doc_id=self.doc_id)


def load_sample() -> Sample:
    """Load the bundled Franco-British summit article and its annotation.

    >>> s = load_sample()
    >>> s.metadata["date"], sorted(s.speakers)
    ('2025-07-10', ['Emmanuel Macron', 'Keir Starmer'])
    """
    folder = data_dir()
    meta = json.loads((folder / f"{SAMPLE_NAME}.meta.json").read_text(encoding="utf-8"))
    path = folder / meta["text_file"]
    # newline="" keeps the file's characters exactly, so the annotation's offsets hold
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    ref = pd.read_csv(folder / meta["annotation_file"], keep_default_na=False, dtype={"speaker": object})
    ref["speaker"] = ref["speaker"].replace("", None)
    ref.insert(0, "doc_id", meta["doc_id"])
    speakers = {s["speaker"]: list(s["aliases"]) for s in meta["speakers"]}
    return Sample(meta["doc_id"], text, meta, speakers, ref, path)
