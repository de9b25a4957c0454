"""Bad input, as a list: every input that earlier issues (2 to 5, 11) tried, with the
answer it gets. An answer is a correct result, or an error that names the file, the line
or the field. Nothing hangs, nothing is dropped silently, nothing is left behind.

Each table below reads as "input -> answer". Where another test module already checks
an input in depth, the row here says so in its comment and checks the answer briefly,
so that the list stays whole.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

import discourse
from discourse.cli import main
from discourse.lexicon import LexiconError

# --- lexicon and speaker files (issue 3; issue 11 item 2) -------------------------------------


def _alias_bomb(kind: str, depth: int = 9) -> str:
    """YAML whose aliases repeat nine nodes nine times per level: ``depth`` 9 stands for
    387 million nodes in 720 bytes (issue 11: 78 s, then MemoryError)."""
    if kind == "mapping":
        text, prev = "a: &a {x1: l, x2: l, x3: l, x4: l, x5: l, x6: l, x7: l, x8: l, x9: l}\n", "a"
        for n in "bcdefghijklmnop"[:depth - 1]:
            text += f"{n}: &{n} {{" + ", ".join(f"k{j}: *{prev}" for j in range(9)) + "}\n"
            prev = n
    else:
        text, prev = 'a: &a ["l","l","l","l","l","l","l","l","l"]\n', "a"
        for n in "bcdefghijklmnop"[:depth - 1]:
            text += f"{n}: &{n} [" + ",".join(f"*{prev}" for _ in range(9)) + "]\n"
            prev = n
    return text


LEXICON_FILES = [
    # (file contents, the error's message: file and line, or None when it loads)
    pytest.param(_alias_bomb("mapping"), r"bomb\.yml:5: YAML aliases expand this file", id="alias bomb of mappings"),
    pytest.param(_alias_bomb("list"), r"bomb\.yml:\d: YAML aliases expand this file", id="alias bomb of lists"),
    pytest.param("a: &a {b: *a}\n", r"bomb\.yml:1: a YAML alias refers to the node that holds it", id="recursive alias"),
    pytest.param("a: " + "[" * 3000 + "]" * 3000 + "\n", r"bomb\.yml: nested too deeply", id="nesting 3,000 deep"),
    pytest.param("x: !!python/object/apply:os.system [echo hi]\n", r"bomb\.yml:1: .*refused", id="tag that runs code"),
    pytest.param("shared: &s [gang*, smuggl*]\ncrime: *s\n", None, id="alias reused once: fine"),
]


@pytest.mark.parametrize(("content", "error"), LEXICON_FILES)
def test_lexicon_file(tmp_path, content, error):
    path = tmp_path / "bomb.yml"
    path.write_text(content, encoding="utf-8")
    t0 = time.perf_counter()
    if error is None:
        assert discourse.load_lexicon(path).categories["crime"] == ("gang*", "smuggl*")
    else:
        with pytest.raises(LexiconError, match=error):
            discourse.load_lexicon(path)
    assert time.perf_counter() - t0 < 5  # refused in well under a second here


@pytest.mark.parametrize(("content", "error"), LEXICON_FILES[:4])
def test_speakers_file(tmp_path, capsys, content, error):
    # the same files as --speakers: a clear message, exit 2 (issue 11: MemoryError after 96 s)
    path = tmp_path / "bomb.yml"
    path.write_text(content, encoding="utf-8")
    t0 = time.perf_counter()
    assert main(["attribute", "--speakers", str(path)]) == 2
    assert time.perf_counter() - t0 < 5
    err = capsys.readouterr().err
    assert re.search(r"cannot read speakers file .*" + error, err), err
