"""The notebooks: in sync with their jupytext scripts, committed clean, and runnable.

The fast tests read the files only. The slow ones execute every notebook top to bottom
in a fresh kernel (``kernel_name="python3"``: jupyter_client runs the kernel with the
interpreter running the tests, so the package under test is the one imported) in a
temporary folder, and check key outputs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
jupytext = pytest.importorskip("jupytext")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ["01_sample_article", "02_topics", "03_framing", "04_comparison", "05_your_corpus"]
TIMEOUT = 300


def _cells(nb):
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_every_notebook_is_listed():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES
    assert sorted(p.stem for p in NOTEBOOKS.glob("[0-9]*.py")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_ipynb_in_sync_with_py(name):
    ipynb = jupytext.read(NOTEBOOKS / f"{name}.ipynb")
    py = jupytext.read(NOTEBOOKS / f"{name}.py")
    assert _cells(ipynb) == _cells(py), f"run: jupytext --to notebook notebooks/{name}.py"


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name}: a cell has outputs"
            assert cell.execution_count is None, f"{name}: a cell has an execution count"


@pytest.mark.parametrize("name", NAMES)
def test_not_marked_modified_when_opened(name):
    # JupyterLab writes the kernelspec's language into a notebook without language_info
    # as it opens it, and so shows it modified before anything is run (seen in JupyterLab
    # 4.6 driven by headless Chromium); the name alone is what it writes then. Once the
    # kernel is up it writes the kernel's full language_info (with the Python version),
    # which no committed file can match on every machine.
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert nb.metadata.get("language_info") == {"name": "python"}
    assert "language_info" in jupytext.read(NOTEBOOKS / f"{name}.py").metadata  # regenerating keeps it


def test_corpus_notebook_has_parameters_cell():
    nb = nbformat.read(NOTEBOOKS / "05_your_corpus.ipynb", as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("input_path = None", "speakers = None", 'lexicon = "frames"',
                 'output_dir = "notebook-output"', "compare = None"):
        assert name in tagged[0].source


# --- execution ---------------------------------------------------------------------


def _text(nb) -> str:
    """Every text output of the notebook (streams, plain text, Markdown, HTML)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                parts.append(out.text)
            elif out.output_type == "error":
                parts.append("\n".join(out.traceback))
            for mime in ("text/plain", "text/markdown", "text/html"):
                if mime in out.get("data", {}):
                    parts.append(out.data[mime])
    return "\n".join(parts)


def _images(nb) -> int:
    widths = _image_widths(nb)
    # readable in JupyterLab and the HTML export: a one-column figure at 150 dpi, ~500 px
    assert all(w >= 450 for w in widths), widths
    return len(widths)


def _image_widths(nb) -> list[int]:
    import base64
    import struct

    return [struct.unpack(">I", base64.b64decode(out["data"]["image/png"])[16:20])[0]
            for cell in nb.cells for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]


def _no_scientific_notation(nb) -> None:
    """No number in a table is written as 1.2e-05 (it wrapped over two lines)."""
    import re

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            assert not re.search(r"<td>-?\d\.\d+e[-+]\d+</td>", html), html[:300]


def _execute(name: str, tmp_path: Path):
    from nbclient import NotebookClient

    path = tmp_path / f"{name}.ipynb"
    shutil.copy(NOTEBOOKS / f"{name}.ipynb", path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=TIMEOUT,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


@pytest.mark.slow
def test_01_sample_article(tmp_path):
    nb = _execute("01_sample_article", tmp_path)
    text = _text(nb)
    assert "Hand annotation: **Emmanuel Macron** says 161 words" in text
    assert "Hand annotation: **Keir Starmer** says 155 words" in text
    assert "agrees with the hand annotation on 100.0%" in text
    assert "border-bottom:2px dotted" in text and "border-bottom:2px solid" in text
    assert _images(nb) == 1


@pytest.mark.slow
def test_02_topics(tmp_path):
    nb = _execute("02_topics", tmp_path)
    text = _text(nb)
    assert "defence_security" in text and "ci_high" in text
    assert "most often defence_security (6 matches" in text  # Starmer, as the reference
    assert _images(nb) == 1


@pytest.mark.slow
def test_03_framing(tmp_path):
    nb = _execute("03_framing", tmp_path)
    text = _text(nb)
    assert "\"Criminal gangs\" occurs 1 time(s), said by Keir Starmer" in text
    assert "business model of the" in text  # the concordance line behind it
    assert _images(nb) == 2  # dot plot and heat map both displayed


@pytest.mark.slow
def test_04_comparison(tmp_path):
    nb = _execute("04_comparison", tmp_path)
    _no_scientific_notation(nb)
    text = _text(nb)
    assert "What the article supports" in text
    assert "expected count under 5" in text
    assert "{" not in text.split("What the article supports")[1].split("So:")[0]
    assert _images(nb) == 4  # keyness of words and frames, dispersion, summary


@pytest.mark.slow
def test_05_your_corpus_default_writes_to_output_dir(tmp_path):
    nb = _execute("05_your_corpus", tmp_path)
    assert "161 words" in _text(nb)
    out = tmp_path / "notebook-output"
    for stem in ("speaker_share", "topics", "framing_terms", "frame_heatmap", "summary"):
        for ext in ("pdf", "svg", "png"):
            assert (out / f"{stem}.{ext}").stat().st_size > 0


@pytest.mark.slow
def test_05_your_corpus_with_papermill_parameters(tmp_path):
    papermill = pytest.importorskip("papermill")
    corpus = Path(__file__).parent / "data" / "corpus" / "folder"
    out = tmp_path / "figures"
    papermill.execute_notebook(
        str(NOTEBOOKS / "05_your_corpus.ipynb"), str(tmp_path / "run.ipynb"),
        parameters={"input_path": str(corpus), "output_dir": str(out),
                    "speakers": {"Emmanuel Macron": ["Macron", "President Macron"]}},
        kernel_name="python3", cwd=str(tmp_path), execution_timeout=TIMEOUT,
        progress_bar=False,
    )
    assert (out / "speaker_share.png").stat().st_size > 0
    assert (out / "speaker_share.csv").is_file()
    assert not (tmp_path / "notebook-output").exists()  # the parameter was used
    run = nbformat.read(tmp_path / "run.ipynb", as_version=4)
    assert "injected-parameters" in run.cells[2].metadata.get("tags", [])
