"""The methods paragraph of a report, in Markdown, LaTeX and HTML from one text.

Written so that a researcher can adapt it for a paper: how speech was attributed, who
was compared and why, the lexicons with their sizes, sources and matching rules (the
overlap rule in force included), the statistics and corrections, the package version
and how to cite it. The text uses a small subset of Markdown (``*emphasis*`` and
```code```), converted here to LaTeX and HTML, so the three never disagree.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MethodsContext", "methods_markdown", "methods_latex", "methods_html", "methods_paragraphs"]

_LEXICON_SOURCES = {
    "topics": "policy topics in the spirit of the Comparative Agendas Project (Baumgartner, Breunig & Grossman 2019)",
    "frames": ("frames after the Policy Frames Codebook (Boydstun et al. 2014), sharpened for migration and "
               "security discourse"),
}

_MEASURES = {
    "log_odds": ("the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), the prior "
                 "being the two groups' pooled counts, reported as a z-score; a term is key where |z| > 1.96 "
                 "(p < 0.05, two-sided). It stays informative at small counts, where chi-square and G² do not"),
    "chi2": ("Pearson's chi-square on each term's 2 × 2 table, as quanteda's textstat_keyness computes it, with "
             "Yates' continuity correction where an expected count is under 5; a term is key where χ² > 3.84 "
             "(p < 0.05)"),
    "lr": ("the log-likelihood ratio G² (Dunning 1993) on each term's 2 × 2 table, exactly as quanteda computes "
           "it (with its 1e-9 inside each logarithm and Yates' correction where an expected count is under 5); "
           "a term is key where G² > 3.84 (p < 0.05)"),
    "ll": ("the two-cell log-likelihood of Rayson & Garside (2000), as the UCREL calculator; a term is key where "
           "LL > 3.84 (p < 0.05)"),
    "log_ratio": ("Hardie's (2014) Log Ratio as the effect size, a term being key where the G² test gives "
                  "p < 0.05"),
    "pmi": "pointwise mutual information, a term being key where the G² test gives p < 0.05",
}


@dataclass
class MethodsContext:
    """What the methods text reports (the report fills it from the data)."""

    label: str
    documents: int
    words: int
    speech_words: int
    speakers: int
    compared: list[str]
    compare_given: bool
    lexicons: list[dict[str, Any]]
    measure: str
    share_unit: str | None
    version: str
    keyness_terms: int = 0
    keyness_key: int = 0
    overlap_example: str | None = None
    kinds_from: str = "labels"
    extra: dict[str, Any] = field(default_factory=dict)


def methods_paragraphs(c: MethodsContext) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs in the restricted Markdown."""
    paras: list[tuple[str, str]] = []
    paras.append(("Material", (
        f"The material is {c.label}: {c.documents:,} document{'s' if c.documents != 1 else ''} of "
        f"{c.words:,} words, of which {c.speech_words:,} are speech attributed to {c.speakers:,} "
        "speakers; the rest is the writer's narration. Words are runs of letters and digits "
        "(*we're* counts as two).")))
    paras.append(("Who said what", (
        "Speech was attributed with the rule-based engine of `discourse` (version "
        f"{c.version}), offline and deterministic: quotation marks are paired (straight, curly, guillemets, "
        "nested, continued across paragraphs); each quotation takes the speaker of the speech cue beside it "
        "(*said*, *told reporters*, *according to*) or of the quotation it continues; reported speech is "
        "found in *X said (that) …* and similar constructions; speakers are found by name, title and role, "
        "by surname once introduced, and by pronoun from the current speaker. Speech is *direct* inside "
        "quotation marks and *reported* otherwise. Transcripts are read by their speaker labels, and "
        "journalists' questions form the speaker *(question)*. Speech credited to several people together "
        "is left out of every speaker's counts. Attribution reproduces the hand annotation of the bundled "
        "sample word for word; its accuracy on other texts should be checked by reading the highlighted "
        "text (`report.html`) or by scoring a hand annotation with `discourse.evaluation.agreement`.")))
    who = (f"The comparison is between {' and '.join(f'*{s}*' for s in c.compared)}"
           if c.compared else "No two persons could be compared")
    if c.compare_given:
        why = ", as chosen by the researcher."
    else:
        kinds = ("the speaker types given by the attribution" if c.kinds_from == "speaker_type"
                 else "their labels, leaving out the questions of transcripts, joint speech and unnamed sources "
                      "such as *officials* or *a spokesperson*")
        why = (f": the named persons with most words, persons being judged by {kinds}. A tie in words goes to "
               "the speaker who speaks first.")
    paras.append(("Speakers compared", who + why))
    for lex in c.lexicons:
        source = _LEXICON_SOURCES.get(lex["name"], f"the lexicon file `{lex['name']}`")
        cased = lex.get("case_sensitive") or []
        case_text = ("Matching ignores case" + (
            f", except for {', '.join(f'`{t}`' for t in cased)}, matched with the case as written" if cased else "")
            + ".")
        paras.append((f"Lexicon: {lex['role']}", (
            f"{lex['role'].capitalize()} were counted with {source}: {lex['categories']} categories and "
            f"{lex['entries']} entries (words, multi-word expressions and prefixes ending in `*`), each entry "
            "with its source in the lexicon file. Entries match whole words; a hyphenated compound is one "
            "token, as in quanteda, so *responsibility* does not match inside *co-responsibility*. "
            f"{case_text} Counts are per 1,000 words of each speaker's speech, with exact (Clopper–Pearson) "
            "95 % intervals that treat words as independent trials.")))
    example = (f" (here, for instance, {c.overlap_example})" if c.overlap_example else "")
    paras.append(("Overlapping matches", (
        "A match lying inside a longer match of the same category counts once (quanteda's "
        "`nested_scope = \"key\"`: *criminal gangs* is not also *gangs*); matches of different categories "
        f"each count in their own category, so one phrase can count under two frames{example}. Category "
        "totals are therefore not exclusive and should not be summed across categories.")))
    share = {"documents": "resampling documents (2,000 draws; words within a document are not independent)",
             "spans": "resampling the spans of speech (quotations and reported spans) of the one document "
                      "(2,000 draws)"}.get(c.share_unit or "", "")
    if share:
        paras.append(("Shares of speech", (
            f"Each speaker's share of speech is the speaker's words over all speakers' words, with a 95 % "
            f"percentile bootstrap interval {share}, seeded so that it is repeatable.")))
    measure = _MEASURES.get(c.measure, c.measure)
    paras.append(("Keyness", (
        f"Keyness compares the words the first speaker uses with the second's, by {measure}. Terms are "
        "lower-cased tokens, English function words left out (they stay in the totals). No correction for "
        f"multiple comparisons is applied: of the {c.keyness_terms:,} terms compared, {c.keyness_key:,} "
        f"reach p < 0.05, where about {0.05 * c.keyness_terms:,.0f} would by chance alone; read them as leads "
        "to check in the concordance, not as findings.")))
    paras.append(("Software", (
        f"The analysis used `discourse` {c.version} (cite it as given in its CITATION.cff), with pandas, "
        "NumPy, SciPy, matplotlib and pyahocorasick. The same input gives the same tables and byte-identical "
        "figures.")))
    return paras


def methods_markdown(c: MethodsContext) -> str:
    out = ["# Methods", ""]
    for heading, text in methods_paragraphs(c):
        out += [f"**{heading}.** {text}", ""]
    return "\n".join(out)


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                  "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
                  "χ²": r"$\chi^2$", "G²": r"$G^2$", "|": r"$|$", ">": r"$>$", "<": r"$<$", "–": "--", "…": r"\dots{}"}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in sorted(_LATEX_SPECIAL, key=len, reverse=True)))
_INLINE_RE = re.compile(r"`([^`]+)`|\*([^*]+)\*")


def _convert(text: str, *, plain, code, em) -> str:
    out, pos = [], 0
    for m in _INLINE_RE.finditer(text):
        out.append(plain(text[pos:m.start()]))
        out.append(code(m.group(1)) if m.group(1) is not None else em(m.group(2)))
        pos = m.end()
    out.append(plain(text[pos:]))
    return "".join(out)


def _latex(text: str) -> str:
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], text)


def methods_latex(c: MethodsContext) -> str:
    out = [r"\section*{Methods}", ""]
    for heading, text in methods_paragraphs(c):
        body = _convert(text, plain=_latex, code=lambda t: r"\texttt{" + _latex(t) + "}",
                        em=lambda t: r"\emph{" + _latex(t) + "}")
        out += [r"\paragraph{" + _latex(heading) + ".} " + body, ""]
    return "\n".join(out)


def methods_html(c: MethodsContext) -> str:
    out = []
    for heading, text in methods_paragraphs(c):
        body = _convert(text, plain=html.escape, code=lambda t: f"<code>{html.escape(t)}</code>",
                        em=lambda t: f"<em>{html.escape(t)}</em>")
        out.append(f"<p><strong>{html.escape(heading)}.</strong> {body}</p>")
    return "\n".join(out)
