"""The README's promises: its first Python example runs as written, on the sample."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_in_python_example_runs_and_finds_what_the_readme_says(tmp_path, monkeypatch):
    matplotlib.use("Agg")
    block = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)[0]
    assert "discourse.load_sample()" in block
    monkeypatch.chdir(tmp_path)
    ns: dict = {}
    exec(compile(block, "README.md", "exec"), ns)
    share = ns["share"].set_index("speaker")
    assert share.loc["Emmanuel Macron", "words"] == 161 and share.loc["Keir Starmer", "words"] == 155
    # "criminal gangs" is Starmer's and "criminal networks" Macron's reported words
    lines = ns["lines"]
    assert set(zip(lines["speaker"], lines["right"].str.extract(r"(\w+)")[0])) >= {
        ("Keir Starmer", "gangs"), ("Emmanuel Macron", "networks")}
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["summary.pdf", "summary.png", "summary.svg"]
    # the same defaults as `discourse report`: the same pair in the same order, the same
    # measure, no function words (the report's keyness.csv is this table)
    from discourse.cli import DEFAULT_MEASURE

    key = ns["key"]
    assert (key.attrs["target"], key.attrs["reference"]) == ("Emmanuel Macron", "Keir Starmer")
    assert set(key["measure"]) == {DEFAULT_MEASURE} and not {"the", "of", "as", "for"} & set(key["term"])
    import matplotlib.pyplot as plt

    plt.close("all")
