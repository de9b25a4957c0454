"""The project's own files agree with each other: dependencies, data, public API."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib
import yaml

import discourse

ROOT = Path(__file__).resolve().parents[1]

# PyPI name -> conda-forge name, where they differ
CONDA_NAMES = {"dask[dataframe]": "dask"}


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~ ;]", requirement, maxsplit=1)[0].strip().lower()
    return CONDA_NAMES.get(name, name)


def test_environment_yml_names_every_dependency_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    # the package itself last; before it, what conda-forge does not carry
    assert pip[-1] == "-e ."
    conda |= {_name(d) for d in pip[:-1]}
    wanted = {_name(d) for d in project["dependencies"]}
    for extra in ("test", "notebooks", "parquet", "dask"):
        wanted |= {_name(d) for d in project["optional-dependencies"][extra]}
    assert wanted - conda == set(), f"environment.yml lacks {sorted(wanted - conda)}"
    assert conda - wanted - {"python", "pip"} == set(), f"environment.yml has extra {sorted(conda - wanted)}"


def test_environment_yml_pins_the_same_minimum_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    pinned = {_name(r): r.split(">=", 1)[1] for r in reqs if ">=" in r}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    for dep in [*env["dependencies"], *pip]:
        if isinstance(dep, str) and ">=" in dep:
            name, version = dep.split(">=")
            if name in pinned:
                assert version == pinned[name], f"{name}: environment.yml {version}, pyproject {pinned[name]}"


def test_every_public_name_resolves():
    missing = []
    for name in discourse.__all__:
        try:
            getattr(discourse, name)
        except (AttributeError, ImportError):
            missing.append(name)
    assert missing == []


def test_python_version_floor_matches_ruff_target():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["requires-python"] == ">=3.10"
    assert data["tool"]["ruff"]["target-version"] == "py310"
