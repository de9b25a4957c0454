"""``report.html``: one self-contained page to check who said what, and every number.

No network, no CDN, nothing to install: the page is one file with its styles, its
script, its figures (PNG, base64) and its data (JSON) inside, and works opened from
disk. Documents are drawn by the page's script from the data, a page of documents at a
time with an index to jump to any of them, so a corpus of thousands of articles opens
as fast as one article.

In the text, each span of speech is coloured by its speaker (the colours of the
figures) and marked by its mode with a second channel: direct speech has a solid
underline, reported speech a dotted underline and italics. Hovering shows the speaker,
the speaker's kind, the mode and the cue; each new speaker's name is written before the
span. Lexicon matches counted in the tables are marked with their category. Every
count of the topic and frame tables opens the concordance lines that make it.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["write_html", "PAGE_SIZE"]

#: Documents drawn per page of the document view.
PAGE_SIZE = 10

_MODES = {"direct": 0, "reported": 1}

_CSS = """
:root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #d9d9d9; --bg: #ffffff; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
       background: var(--bg); margin: 0; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; border-bottom: 1px solid var(--rule); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 18px 0 6px; }
nav { position: sticky; top: 0; background: var(--bg); padding: 6px 0; z-index: 2; border-bottom: 1px solid var(--rule); }
nav a { margin-right: 14px; color: #0b5394; text-decoration: none; font-size: 14px; }
.meta { color: var(--muted); font-size: 13px; }
table.data { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
table.data th, table.data td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: right; vertical-align: top; }
table.data th:first-child, table.data td:first-child, table.data td.txt, table.data th.txt { text-align: left; }
table.data thead th { border-bottom: 1.5px solid #333; }
button.cnt { font: inherit; background: none; border: 0; padding: 0; color: #0b5394; cursor: pointer;
             text-decoration: underline dotted; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
.legend span.item { margin-right: 16px; white-space: nowrap; }
.doc { border: 1px solid var(--rule); border-radius: 4px; padding: 10px 14px; margin: 10px 0; }
.doc h3 { margin-top: 0; } .doctext { white-space: pre-wrap; font-size: 15px; line-height: 1.75; }
.utt { background: color-mix(in srgb, var(--c) 16%, transparent); border-bottom: 2.5px solid var(--c); }
.utt.reported { background: color-mix(in srgb, var(--c) 8%, transparent); border-bottom-style: dotted; font-style: italic; }
.utt[data-label]::before { content: attr(data-label); font: 600 11px/1 system-ui, sans-serif; font-style: normal;
                          color: var(--c); margin-right: 4px; }
body.nolabels .utt[data-label]::before { content: none; }
mark.hit { background: none; outline: 1px solid #777; outline-offset: 0; border-radius: 2px; color: inherit; }
mark.hit.frame { outline-color: #7a3e9d; } mark.hit.topic { outline-color: #2e7d32; outline-style: dashed; }
sup.cat { font-size: 10px; color: #7a3e9d; font-style: normal; margin: 0 2px; } sup.cat.topic { color: #2e7d32; }
body.nocats sup.cat.frame { display: none; } body.notopics sup.cat.topic { display: none; }
.pager { margin: 8px 0; } .pager button { margin-right: 6px; }
figure { margin: 14px 0 22px; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: var(--muted); font-size: 13px; }
#kwic { border-left: 3px solid #0b5394; padding: 4px 10px; margin: 8px 0 16px; font-size: 13px; }
#kwic .line { font-family: ui-monospace, "DejaVu Sans Mono", monospace; white-space: nowrap; overflow-x: auto; }
#kwic .kw { font-weight: bold; } #kwic .left { display: inline-block; min-width: 28ch; text-align: right; }
.methods p { max-width: 820px; }
.empty { color: var(--muted); font-style: italic; }
:target { scroll-margin-top: 48px; }
"""

_JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var errors = 0;
  window.addEventListener("error", function () { errors += 1; document.body.dataset.jsErrors = String(errors); });
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  var page = 0, pages = Math.max(1, Math.ceil(D.docs.length / D.pageSize));

  function renderDoc(i) {
    var d = D.docs[i], box = el("section", "doc"); box.id = "doc-" + i;
    var h = el("h3", null, (i + 1) + ". " + d.id); box.appendChild(h);
    var body = el("div", "doctext"), text = d.text, pos = 0, hits = d.hits, hi = 0, prev = -2;
    for (var s = 0; s < d.spans.length; s++) {
      var sp = d.spans[s], a = sp[0], b = sp[1];
      if (a > pos) body.appendChild(document.createTextNode(text.slice(pos, a)));
      var who = sp[2] >= 0 ? D.speakers[sp[2]] : null, mode = sp[3] === 0 ? "direct" : "reported";
      var u = el("span", "utt " + mode); u.dataset.speaker = who ? who.name : "(unattributed)"; u.dataset.mode = mode;
      u.dataset.start = a; u.style.setProperty("--c", who ? who.color : "#9e9e9e");
      var cue = sp[4] >= 0 ? D.cues[sp[4]] : null;
      u.title = (who ? who.name + " (" + who.kind + ")" : "unattributed") + " · " + mode + (cue ? " · cue: " + cue : "");
      if (sp[2] !== prev) u.dataset.label = (who ? who.name : "unattributed") + (cue ? " · " + cue : "");
      prev = sp[2];
      while (hi < hits.length && hits[hi][1] <= a) hi++;
      var inside = [];
      for (var k = hi; k < hits.length && hits[k][0] < b; k++) inside.push(hits[k]);
      fill(u, text, a, b, inside);
      body.appendChild(u); pos = b;
    }
    if (pos < text.length) body.appendChild(document.createTextNode(text.slice(pos)));
    box.appendChild(body);
    return box;
  }

  function fill(node, text, a, b, inside) {
    var cuts = [a, b];
    inside.forEach(function (h) { cuts.push(Math.max(a, h[0]), Math.min(b, h[1])); });
    cuts = cuts.filter(function (v, i, arr) { return arr.indexOf(v) === i; }).sort(function (x, y) { return x - y; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var s = cuts[i], e = cuts[i + 1], cover = inside.filter(function (h) { return h[0] <= s && h[1] >= e; });
      if (!cover.length) { node.appendChild(document.createTextNode(text.slice(s, e))); continue; }
      var m = el("mark", "hit " + (cover.some(function (h) { return D.cats[h[2]].lexicon === "frame"; }) ? "frame" : "topic"), text.slice(s, e));
      m.dataset.start = cover[0][0];
      m.title = cover.map(function (h) { var c = D.cats[h[2]]; return (c.lexicon === "frame" ? "Frame: " : "Topic: ") + c.label + " (" + c.term[h[3]] + ")"; }).join("; ");
      node.appendChild(m);
      cover.filter(function (h) { return h[1] === e; }).forEach(function (h) {
        var c = D.cats[h[2]], sup = el("sup", "cat " + c.lexicon, c.label); sup.dataset.cat = h[2]; node.appendChild(sup);
      });
    }
  }

  function showPage(p, focus) {
    page = Math.max(0, Math.min(pages - 1, p));
    var box = document.getElementById("docs"); box.textContent = "";
    var first = page * D.pageSize, last = Math.min(D.docs.length, first + D.pageSize);
    for (var i = first; i < last; i++) box.appendChild(renderDoc(i));
    document.getElementById("pageinfo").textContent = D.docs.length ? "Documents " + (first + 1) + "–" + last + " of " + D.docs.length : "No documents";
    if (focus) focus();
  }

  function goto(doc, start) {
    showPage(Math.floor(doc / D.pageSize), function () {
      var box = document.getElementById("doc-" + doc), target = box;
      if (start != null) {
        var marks = box.querySelectorAll("mark.hit");
        for (var i = 0; i < marks.length; i++) if (Number(marks[i].dataset.start) === start) { target = marks[i]; break; }
        target.style.background = "#fff3a0";
      }
      target.scrollIntoView({ block: "center" });
    });
  }

  function index(filter) {
    var tbody = document.getElementById("index-body"); tbody.textContent = "";
    var f = (filter || "").toLowerCase(), shown = 0;
    D.docs.forEach(function (d, i) {
      if (f && d.id.toLowerCase().indexOf(f) < 0 && d.who.toLowerCase().indexOf(f) < 0) return;
      if (shown >= 200) return;
      shown++;
      var tr = el("tr"), a = el("a", null, d.id); a.href = "#doc-" + i;
      a.addEventListener("click", function (ev) { ev.preventDefault(); goto(i); });
      var td = el("td"); td.appendChild(a); tr.appendChild(el("td", null, String(i + 1))); tr.appendChild(td);
      tr.appendChild(el("td", null, String(d.words))); tr.appendChild(el("td", "txt", d.who)); tbody.appendChild(tr);
    });
    document.getElementById("index-info").textContent = shown + " of " + D.docs.length + " documents listed" + (shown >= 200 ? " (type to narrow)" : "");
  }

  function kwic(sp, cat) {
    var box = document.getElementById("kwic"), c = D.cats[cat];
    box.textContent = "";
    var lines = D.kwic.filter(function (k) { return k[3] === sp && k[4] === cat; });
    box.appendChild(el("h3", null, D.speakers[sp].name + " · " + c.label + ": " + lines.length + " line" + (lines.length === 1 ? "" : "s")));
    lines.forEach(function (k) {
      var line = el("div", "line"), go = el("a", null, "↗ " + D.docs[k[0]].id);
      go.href = "#doc-" + k[0]; go.addEventListener("click", function (ev) { ev.preventDefault(); goto(k[0], k[1]); });
      line.appendChild(el("span", "left", k[5] + " ")); line.appendChild(el("span", "kw", k[6]));
      line.appendChild(el("span", null, " " + k[7] + "  ")); line.appendChild(go); box.appendChild(line);
    });
    box.hidden = false; box.scrollIntoView({ block: "nearest" });
  }

  document.querySelectorAll("button.cnt").forEach(function (b) {
    b.addEventListener("click", function () { kwic(Number(b.dataset.sp), Number(b.dataset.cat)); });
  });
  document.getElementById("prev").addEventListener("click", function () { showPage(page - 1); });
  document.getElementById("next").addEventListener("click", function () { showPage(page + 1); });
  document.getElementById("filter").addEventListener("input", function (e) { index(e.target.value); });
  document.getElementById("labels").addEventListener("change", function (e) { document.body.classList.toggle("nolabels", !e.target.checked); });
  document.getElementById("cats").addEventListener("change", function (e) { document.body.classList.toggle("nocats", !e.target.checked); });
  document.getElementById("topics").addEventListener("change", function (e) { document.body.classList.toggle("notopics", !e.target.checked); });
  index(""); showPage(0);
  var m = /^#doc-(\d+)$/.exec(window.location.hash);
  if (m && Number(m[1]) < D.docs.length) goto(Number(m[1]));
  else if (window.location.hash) { var t = document.getElementById(window.location.hash.slice(1)); if (t) t.scrollIntoView(); }
  document.body.dataset.jsErrors = String(errors);
  document.body.dataset.rendered = "yes";
})();
"""


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _table(frame: pd.DataFrame, *, text_cols: Sequence[str] = ()) -> str:
    head = "".join(f'<th class="{"txt" if c in text_cols else ""}">{_e(c)}</th>' for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = "".join(f'<td class="{"txt" if c in text_cols else ""}">{_e(v)}</td>' for c, v in zip(frame.columns, row))
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _count_table(table: pd.DataFrame, speakers: Sequence[str], speaker_id: Mapping[str, int],
                 cat_id: Mapping[tuple[str, str], int], lexicon: str, what: str) -> str:
    """A wide table of count (rate) [CI] whose counts open their concordance lines."""
    from ..plots import category_label
    from .tables import format_rate

    data = table[table["speaker"].isin(speakers)]
    used = data.groupby("category", sort=False)["count"].sum()
    cats = [c for c in used.index if used[c] > 0]
    if not cats:
        return f'<p class="empty">No {what.lower()} is used by {_e(", ".join(speakers))}.</p>'
    index = data.drop_duplicates(["category", "speaker"]).set_index(["category", "speaker"])
    head = f'<th class="txt">{_e(what)}</th>' + "".join(f"<th>{_e(s)}</th>" for s in speakers)
    rows = []
    for c in cats:
        cells = [f'<td class="txt">{_e(category_label(c, width=None))}</td>']
        for s in speakers:
            if (c, s) not in index.index:
                cells.append("<td>–</td>")
                continue
            r = index.loc[(c, s)]
            text = format_rate(r["count"], r["rate"], r.get("ci_low"), r.get("ci_high"))
            if int(r["count"]) > 0 and s in speaker_id and (lexicon, c) in cat_id:
                cells.append(f'<td><button class="cnt" data-sp="{speaker_id[s]}" data-cat="{cat_id[(lexicon, c)]}" '
                             f'title="the concordance lines behind this count">{_e(text)}</button></td>')
            else:
                cells.append(f"<td>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            '<p class="meta">Cells: count (rate per 1,000 words) [exact 95 % interval]. Click a count for its '
            "concordance lines.</p>")


class PageData:
    """The documents of the page, gathered a batch of the utterance table at a time.

    Each document's text, spans of speech and lexicon matches go to an unnamed temporary
    file as its batch comes; what they refer to (speakers, cues, categories and their
    terms) is numbered in order of first appearance, as from the whole table. Speakers
    and categories are numbered again when the page is written (the speakers compared
    come first, and every topic before any frame), so the file keeps the first numbers
    and :func:`write_html` maps them.
    """

    def __init__(self, directory: Path | None = None) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 - closed by close()
        self.documents = 0
        self.speakers: dict[str, int] = {}  # every speaker label, in order of first appearance
        self.cues: dict[str, int] = {}
        self.cats: dict[str, dict[str, int]] = {}  # per lexicon: category -> its number here
        self.terms: list[dict[str, int]] = []  # per category number: term -> its index

    def add(self, utterances: pd.DataFrame, texts: Mapping[Any, str],
            hits: Sequence[tuple[str, pd.DataFrame]], first: int) -> None:
        """One batch: its utterances, each document's text (in order), the matches of
        each lexicon (lexicon id, ``match_terms``), and the number of documents before it."""
        import pickle

        from ..text import count_words

        label = self.speakers
        for s in utterances["speaker"].dropna().astype(str):
            label.setdefault(s, len(label))
        speech = utterances[utterances["mode"].isin(_MODES)]
        spans: dict[Any, list[list[Any]]] = {d: [] for d in texts}
        for doc, start, end, sp, mode, cue in zip(speech["doc_id"], speech["start"], speech["end"],
                                                 speech["speaker"], speech["mode"], speech["cue"]):
            c = -1 if cue is None or pd.isna(cue) else self.cues.setdefault(str(cue), len(self.cues))
            who = -1 if sp is None or pd.isna(sp) else label[str(sp)]
            spans[doc].append([int(start), int(end), who, _MODES[mode], c])
        doc_hits: dict[Any, list[list[int]]] = {d: [] for d in texts}
        for lexicon, frame in hits:
            cats = self.cats.setdefault(lexicon, {})
            for doc, start, end, c, term in zip(frame["doc_id"], frame["start"], frame["end"], frame["category"],
                                                frame["term"]):
                if c not in cats:
                    cats[c] = len(self.terms)
                    self.terms.append({})
                ci = cats[c]
                t = self.terms[ci].setdefault(term, len(self.terms[ci]))
                doc_hits[doc].append([int(start), int(end), ci, t])
        records = [(str(d), text, spans[d], doc_hits[d], count_words(text)) for d, text in texts.items()]
        pickle.dump(records, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.documents = first + len(records)

    def records(self) -> Iterator[tuple[str, str, list[list[Any]], list[list[int]], int]]:
        """Each document's (id, text, spans, matches, words), as :meth:`add` numbered them."""
        import pickle

        self._file.flush()
        self._file.seek(0)
        while True:
            try:
                batch = pickle.load(self._file)
            except EOFError:
                return
            yield from batch

    def close(self) -> None:
        self._file.close()


def write_html(
    path: Path,
    *,
    title: str,
    data: PageData,
    speakers: Sequence[str],
    styles: Mapping[str, Any],
    kinds: Mapping[str, str],
    compared: Sequence[str],
    share_html: str,
    tables: Sequence[tuple[str, str, pd.DataFrame, str]],
    kwic_lines: Iterable[pd.DataFrame],
    keyness_html: str,
    figures: Sequence[tuple[str, Path, float]],
    methods_html: str,
    summary_html: str,
) -> None:
    """Write the page, its documents a batch at a time. ``data``: the documents
    (:class:`PageData`); ``speakers``: those named first (the compared, then the
    persons); ``tables``: (lexicon id, heading, long table, "Topic"/"Frame");
    ``kwic_lines``: the concordance lines (``kwic`` with ``lexicon`` and ``doc_index``, the
    document's number), in order; ``figures``: (title, PNG, width in)."""
    from ..measures import NARRATION, UNATTRIBUTED
    from ..plots import category_label

    names = [s for s in dict.fromkeys([*speakers, *data.speakers]) if s not in (NARRATION, UNATTRIBUTED)]
    speaker_id = {s: i for i, s in enumerate(names)}
    final_speaker = {i: speaker_id.get(s, -1) for s, i in data.speakers.items()}
    grey = "#9e9e9e"
    speaker_rows = [{"name": s, "color": styles[s].color if s in styles else grey, "kind": kinds.get(s, "person")}
                    for s in names]
    # categories: those matched, every topic before any frame, then the tables' others
    cats: list[dict[str, Any]] = []
    cat_id: dict[tuple[str, str], int] = {}
    final_cat: dict[int, int] = {}
    for lexicon, found in data.cats.items():
        for c, here in found.items():
            final_cat[here] = cat_id[(lexicon, c)] = len(cats)
            cats.append({"lexicon": lexicon, "id": c, "label": category_label(c, width=None),
                         "term": list(data.terms[here])})
    for lexicon, _, table, _ in tables:
        for c in dict.fromkeys(table["category"]):
            if (lexicon, c) not in cat_id:
                cat_id[(lexicon, c)] = len(cats)
                cats.append({"lexicon": lexicon, "id": c, "label": category_label(c, width=None), "term": []})

    legend = "".join(
        f'<span class="item"><span class="swatch" style="background:{_e(r["color"])}"></span>{_e(r["name"])}'
        f' <span class="meta">({_e(r["kind"])})</span></span>' for r in speaker_rows[:40])
    if len(speaker_rows) > 40:
        legend += f'<span class="item meta">and {len(speaker_rows) - 40} more</span>'
    table_html = []
    for lexicon, heading, table, what in tables:
        table_html.append(f'<h3>{_e(heading)}</h3>' + _count_table(table, compared or names[:2], speaker_id, cat_id,
                                                                   lexicon, what))
    figure_html = []
    for caption, png, width in figures:
        b64 = base64.b64encode(Path(png).read_bytes()).decode("ascii")
        figure_html.append(f'<figure><img alt="{_e(caption)}" src="data:image/png;base64,{b64}" '
                           f'style="width:{1.45 * width:.2f}in"><figcaption>{_e(caption)} '
                           f'(<code>figures/{_e(Path(png).stem)}.pdf</code>, .svg, .png)</figcaption></figure>')
    page_head = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_CSS}</style>
</head>
<body class="notopics">
<header>
<h1>{_e(title)}</h1>
<nav><a href="#summary">Summary</a><a href="#speakers">Speakers</a><a href="#counts">Topics and frames</a><a href="#keyness">Keyness</a><a href="#figures">Figures</a><a href="#documents">Documents</a><a href="#methods">Methods</a></nav>
</header>
<main>
<section id="summary"><h2>Summary</h2>{summary_html}</section>
<section id="speakers"><h2>Speakers</h2>{share_html}</section>
<section id="counts"><h2>Topics and frames of the speakers compared</h2>{"".join(table_html)}<div id="kwic" hidden></div></section>
<section id="keyness"><h2>Keyness</h2>{keyness_html}</section>
<section id="figures"><h2>Figures</h2>{"".join(figure_html)}</section>
<section id="documents"><h2>Documents: who said what</h2>
<p class="legend">{legend}</p>
<p class="legend"><span class="item"><span class="utt direct" style="--c:#555">direct speech</span> (in quote marks: solid underline)</span>
<span class="item"><span class="utt reported" style="--c:#555">reported speech</span> (dotted underline, italics)</span>
<span class="item"><mark class="hit frame">frame</mark><sup class="cat frame">Frame</sup> and <mark class="hit topic">topic</mark><sup class="cat topic">Topic</sup> matches counted in speech</span></p>
<p><label><input type="checkbox" id="labels" checked> speaker names before their speech</label>
<label><input type="checkbox" id="cats" checked> frame labels after each match</label>
<label><input type="checkbox" id="topics"> topic labels</label></p>
<h3>Index</h3>
<p><input id="filter" type="search" placeholder="find a document or speaker" aria-label="find a document or speaker"> <span id="index-info" class="meta"></span></p>
<div style="max-height:260px;overflow:auto"><table class="data"><thead><tr><th>#</th><th class="txt">document</th><th>words</th><th class="txt">speakers</th></tr></thead><tbody id="index-body"></tbody></table></div>
<div class="pager"><button id="prev">← previous</button><button id="next">next →</button> <span id="pageinfo" class="meta"></span></div>
<div id="docs"></div>
</section>
<section id="methods" class="methods"><h2>Methods</h2>{methods_html}</section>
</main>
<script type="application/json" id="report-data">"""
    page_tail = f"""</script>
<script>{_JS}</script>
</body>
</html>
"""

    def docs() -> Iterator[dict[str, Any]]:
        for doc_id, text, spans, hits, words in data.records():
            spans = [[a, b, -1 if who < 0 else final_speaker[who], mode, cue] for a, b, who, mode, cue in spans]
            hits = [[a, b, final_cat[c], t] for a, b, c, t in hits]
            who = list(dict.fromkeys(names[x[2]] for x in spans if x[2] >= 0))
            yield {"id": doc_id, "text": text, "spans": sorted(spans), "hits": sorted(hits), "words": words,
                   "who": ", ".join(who[:4]) + (" …" if len(who) > 4 else "")}

    def kwic() -> Iterator[list[Any]]:
        for lines in kwic_lines:
            for r in lines.itertuples(index=False):
                if (r.lexicon, r.category) in cat_id:
                    yield [int(r.doc_index), int(r.start), int(r.end), speaker_id.get(str(r.speaker), -1),
                           cat_id[(r.lexicon, r.category)], r.left, r.keyword, r.right]

    # the data as json.dumps writes it whole, one document (or line) at a time
    with open(path, "w", encoding="utf-8") as f:
        f.write(page_head)
        f.write('{"speakers":')
        _dump(speaker_rows, f)
        for key, items in (("docs", docs()), ("cues", None), ("cats", None), ("kwic", kwic())):
            if items is None:
                f.write(f',"{key}":')
                _dump(list(data.cues) if key == "cues" else cats, f)
                continue
            f.write(f',"{key}":[')
            for i, item in enumerate(items):
                if i:
                    f.write(",")
                _dump(item, f)
            f.write("]")
        f.write(f',"pageSize":{PAGE_SIZE}}}')
        f.write(page_tail)


def _dump(value: Any, f: Any) -> None:
    """``value`` as JSON in the page (no "</" to end its script element)."""
    f.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"))
