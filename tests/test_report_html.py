"""report.html in a real browser: headless Chromium opens the page from disk and we read
what it shows (each speaker's name, one highlighted span per span of speech, no console
message), and a screenshot is written to look at. Skipped, with the reason, only where
no Chromium can be found (Debian's `chromium`; `.ci/run` installs it when missing).

The checks that need no browser (no network, the concordance behind every count) run
everywhere.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from discourse.cli import main

DATA = Path(__file__).parent / "data" / "report"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


needs_chromium = pytest.mark.skipif(
    chromium() is None, reason="no Chromium found (install Debian's 'chromium'; .ci/run does it when missing)")


def run_chromium(url: str, *extra: str, timeout: int = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:  # a fresh profile every time
        return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                               "--virtual-time-budget=5000", *extra, url],
                              capture_output=True, text=True, timeout=timeout)


class Page(HTMLParser):
    """What the browser drew: speech spans, the visible text, the body's data attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[dict[str, str]] = []
        self.text: list[str] = []
        self.body: dict[str, str] = {}
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "body":
            self.body = a
        if tag == "span" and "utt" in (a.get("class") or "").split() and "data-start" in a:  # not the legend
            self.spans.append(a)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("html")
    out = {}
    for name, args in {"sample": [], "folder": [str(DATA / "articles")],
                       "transcript": [str(DATA / "press_conference.txt")]}.items():
        assert main(["report", *args, "--out", str(root / name)]) == 0
        out[name] = root / name
    return out


def speech_rows(report: Path) -> pd.DataFrame:
    u = pd.read_csv(report / "tables" / "utterances.csv", keep_default_na=False)
    return u[u["mode"].isin(["direct", "reported"])]


def page_data(report: Path) -> dict:
    page = (report / "report.html").read_text(encoding="utf-8")
    blob = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(blob.replace("<\\/", "</"))


# --- without a browser ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["sample", "folder", "transcript"])
def test_the_page_is_self_contained(reports, name):
    page = (reports[name] / "report.html").read_text(encoding="utf-8")
    # nothing is fetched: no external script, style, font or image
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page
    assert page.count("data:image/png;base64,") == len(list((reports[name] / "figures").glob("*.png")))


@pytest.mark.parametrize("name", ["sample", "folder"])
def test_every_count_has_its_concordance_lines(reports, name):
    data = page_data(reports[name])
    page = (reports[name] / "report.html").read_text(encoding="utf-8")
    buttons = re.findall(r'<button class="cnt" data-sp="(\d+)" data-cat="(\d+)"[^>]*>(\d+) ', page)
    assert buttons
    for sp, cat, count in buttons:
        lines = [k for k in data["kwic"] if k[3] == int(sp) and k[4] == int(cat)]
        assert len(lines) == int(count), (data["speakers"][int(sp)]["name"], data["cats"][int(cat)]["label"])


def test_the_documents_are_the_input(reports):
    data = page_data(reports["folder"])
    assert [d["id"] for d in data["docs"]] == sorted(p.name for p in (DATA / "articles").glob("*.txt"))
    for d in data["docs"]:
        assert d["text"] == (DATA / "articles" / d["id"]).read_text(encoding="utf-8")
    assert sum(len(d["spans"]) for d in data["docs"]) == len(speech_rows(reports["folder"]))


# --- in Chromium ----------------------------------------------------------------------------


@needs_chromium
@pytest.mark.parametrize("name", ["sample", "folder", "transcript"])
def test_chromium_shows_every_speaker_and_span_without_errors(reports, name, tmp_path):
    report = reports[name]
    url = (report / "report.html").resolve().as_uri()
    done = run_chromium(url, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    page = Page()
    page.feed(done.stdout)
    assert page.body.get("data-rendered") == "yes" and page.body.get("data-js-errors") == "0"
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    speech = speech_rows(report)
    # as many highlighted spans as the utterance table has rows of speech
    assert len(page.spans) == len(speech)
    assert [s["data-mode"] for s in page.spans] == speech["mode"].tolist()
    named = [s for s in speech["speaker"] if s]
    assert [s["data-speaker"] for s in page.spans if s["data-speaker"] != "(unattributed)"] == named
    visible = " ".join(page.text)
    for speaker in dict.fromkeys(named):
        assert speaker in visible, speaker
    # every span says who, in which mode and with which cue, on hover
    assert all(" · " in s["title"] for s in page.spans)
    shot = tmp_path / f"{name}.png"
    done = run_chromium(url, "--hide-scrollbars", "--window-size=1100,7000", f"--screenshot={shot}")
    assert done.returncode == 0 and shot.stat().st_size > 10_000
    keep = os.environ.get("DISCOURSE_SCREENSHOTS")
    if keep:  # for a person to look at
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
