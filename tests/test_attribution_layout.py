"""The attribution package's layout: each stage imports only the stages before it, so the
imports never go in a circle."""

from __future__ import annotations

import re
from importlib.resources import files

ORDER = ["vocab", "names", "tokens", "mentions", "cues", "speakers", "document", "__init__"]


def test_each_module_imports_only_the_stages_before_it():
    package = files("discourse.attribution")
    modules = sorted(p.name.removesuffix(".py") for p in package.iterdir() if p.name.endswith(".py"))
    assert sorted(ORDER) == modules, "a new module needs its place in ORDER"
    for k, name in enumerate(ORDER):
        source = package.joinpath(f"{name}.py").read_text(encoding="utf-8")
        imported = set(re.findall(r"^from \.(\w+) import", source, re.M))
        assert imported <= set(ORDER[:k]), f"{name} imports {sorted(imported - set(ORDER[:k]))}"
