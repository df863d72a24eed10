"""HTML views of Documents: a page per document (zones, entity marks, a dependency tree per sentence as
inline SVG), an index and an offline KWIC search page. Plain HTML, CSS and JavaScript, no external file.

Written by hand because no maintained Python library draws dependency trees as SVG without a heavy stack
(displaCy needs spaCy's Doc objects and models) or renders character-offset annotations of our model.
Every element that carries an annotation says so in attributes a program can read back: an entity is
``<mark class="entity" data-label="ORG" data-start="…" data-end="…">``, a zone ``<span class="zone"
data-zone="body" …>``, a tree ``<svg class="tree" data-sentence-id="…">`` with one ``<text class="word"
data-id="i">`` per word and one ``<path class="arc" data-head="h" data-dependent="i" data-deprel="…">`` per
dependency (``data-head="0"`` for the root).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from danvan.formats.conllu import one_line, sentence_id
from danvan.model import KEPT_ZONE_KINDS, NER_LABELS, Document, Entity, Sentence

STYLE = """
body { font: 16px/1.55 "DejaVu Sans", system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem;
  color: #1d1d1f; }
nav { margin-bottom: 1rem; font-size: 0.9rem; } nav a { margin-right: 1rem; }
h1 { font-size: 1.5rem; margin: 0.2rem 0 0.6rem; }
table { border-collapse: collapse; font-size: 0.9rem; } th, td { padding: 0.25rem 0.6rem; text-align: left;
  border-bottom: 1px solid #ddd; vertical-align: top; } td.num, th.num { text-align: right; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; font-size: 0.9rem; }
dl.meta dt { color: #666; } dl.meta dd { margin: 0; }
p.line { margin: 0.5rem 0; }
.zone[data-zone="title"] { font-weight: bold; } .zone[data-zone="lead"] { font-style: italic; }
.zone[data-zone="caption"], .zone[data-zone="credit"], .zone[data-zone="byline"], .zone[data-zone="source"],
.zone[data-zone="dateline"] { color: #555; font-size: 0.9em; }
.zone[data-zone="chrome"], .zone[data-zone="duplicate"] { color: #999; text-decoration: line-through; }
.zone::before { content: attr(data-zone); font: 0.65rem/1 monospace; color: #fff; background: #8a8a8a;
  border-radius: 3px; padding: 1px 4px; margin-right: 4px; vertical-align: 2px; text-decoration: none; }
.zone[data-zone="body"]::before { background: #4c72b0; }
mark.entity { border-radius: 3px; padding: 0 2px; color: inherit; }
mark.entity::after { content: attr(data-label); font: bold 0.6rem/1 monospace; margin-left: 3px; vertical-align: 1px; }
[data-label="PER"] { background: #ffd8a8; } [data-label="ORG"] { background: #a5d8ff; }
[data-label="LOC"] { background: #b2f2bb; } [data-label="MISC"] { background: #eebefa; }
.legend span { border-radius: 3px; padding: 0 4px; font: bold 0.8rem monospace; }
td.date { white-space: nowrap; }
section.sentences figure { margin: 1.2rem 0; border-top: 1px solid #e5e5e5; padding-top: 0.4rem; }
figcaption { font-size: 0.95rem; } figcaption .sid { font: 0.75rem monospace; color: #777; margin-right: 0.5rem; }
.tree-box { overflow-x: auto; }
svg.tree text { font-family: "DejaVu Sans", sans-serif; }
svg.tree .word { font-size: 13px; fill: #111; } svg.tree .upos { font-size: 10px; fill: #777; }
svg.tree .arc { fill: none; stroke: #4c72b0; stroke-width: 1.2; } svg.tree .arrow { fill: #4c72b0; }
svg.tree .deprel { font-size: 10px; fill: #4c72b0; }
#kwic td.left { text-align: right; white-space: nowrap; } #kwic td.hit { font-weight: bold; white-space: nowrap; }
#kwic td.right { white-space: nowrap; } #kwic { font-size: 0.9rem; }
#kwic td.doc { font: 0.75rem monospace; white-space: nowrap; }
input[type=search] { font-size: 1rem; width: 24rem; padding: 0.3rem; }
"""
"""The site's one stylesheet (``style.css``; inlined in a stand-alone page)."""

CHAR_WIDTH = 7.6
WORD_GAP = 18
LEVEL_HEIGHT = 22
"""Tree layout: an estimated pixel width per character at 13px, the gap between words, an arc level's height."""


def _head(title: str, css: str | None) -> str:
    style = f"<style>{STYLE}</style>" if css is None else f'<link rel="stylesheet" href="{css}">'
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n{style}\n</head>\n<body>\n")  # fmt: skip


def _nav(root: str) -> str:
    """The site's links, from a page ``root`` (a relative prefix: "" or "../") below the site's folder."""
    return f'<nav><a href="{root}index.html">Documents</a><a href="{root}search.html">Search (KWIC)</a></nav>\n'


def _marked(raw: str, start: int, end: int, entities: Sequence[Entity]) -> str:
    """``raw[start:end]`` as HTML with each entity inside it wrapped in a labelled ``<mark>``."""
    parts, at = [], start
    for entity in entities:
        if entity.start < start or entity.end > end:
            continue
        parts.append(escape(raw[at : entity.start]))
        parts.append(f'<mark class="entity" data-label="{entity.label}" data-start="{entity.start}" '
                     f'data-end="{entity.end}">{escape(raw[entity.start : entity.end])}</mark>')  # fmt: skip
        at = entity.end
    parts.append(escape(raw[at:end]))
    return "".join(parts)


def document_entities(document: Document) -> list[Entity]:
    """Every entity of a document, in text order."""
    return sorted((e for s in document.sentences for e in s.entities), key=lambda e: (e.start, e.end))


def zoned_text(document: Document) -> str:
    """The raw text, one ``<p class="line">`` per line holding zones, each zone a labelled span with its
    entities marked; text between the zones of a line (spaces, punctuation) kept as it is."""
    raw, entities = document.raw, document_entities(document)
    lines: dict[int, list[str]] = {}
    line_end: dict[int, int] = {}
    for zone in document.zones:
        line = raw.count("\n", 0, zone.start)
        if line in line_end:
            lines[line].append(escape(raw[line_end[line] : zone.start]))
        else:
            lines[line] = []
        lines[line].append(f'<span class="zone" data-zone="{zone.kind}" data-start="{zone.start}" '
                           f'data-end="{zone.end}">{_marked(raw, zone.start, zone.end, entities)}</span>')  # fmt: skip
        line_end[line] = zone.end
    return "".join(f'<p class="line">{"".join(parts)}</p>\n' for _, parts in sorted(lines.items()))


def _arc_levels(arcs: list[tuple[int, int]]) -> list[int]:
    """A height level per arc (head, dependent; 1-based word positions): one more than the highest arc
    inside its span, so nested arcs never cross at the same height."""
    order = sorted(range(len(arcs)), key=lambda i: abs(arcs[i][0] - arcs[i][1]))
    levels = [0] * len(arcs)
    for i in order:
        low, high = sorted(arcs[i])
        inside = [levels[j] for j in order if levels[j] and low <= min(arcs[j]) and max(arcs[j]) <= high and j != i]
        levels[i] = 1 + max(inside, default=0)
    return levels


def tree_svg(sentence: Sentence, sid: str) -> str:
    """A sentence's dependency tree as an arc diagram: words and UPOS along the bottom, an arc from each
    head to its dependent labelled with the relation, the root marked by a line from the top."""
    tokens = sentence.tokens
    forms = [one_line(t.text) for t in tokens]  # as CoNLL-U writes FORM: a whitespace run is one space
    widths = [max(len(form), len(t.upos)) * CHAR_WIDTH for form, t in zip(forms, tokens, strict=True)]
    centres, x = [], WORD_GAP / 2
    for width in widths:
        centres.append(x + width / 2)
        x += width + WORD_GAP
    arcs = [(t.head, i + 1) for i, t in enumerate(tokens) if t.head]
    levels = _arc_levels(arcs)
    top = (max(levels, default=0) + 1) * LEVEL_HEIGHT + 12
    base = top + 4
    height = base + 34
    parts = [f'<svg class="tree" xmlns="http://www.w3.org/2000/svg" width="{x:.0f}" height="{height}" '
             f'viewBox="0 0 {x:.0f} {height}" role="img" aria-label="dependency tree of {escape(sid)}" '
             f'data-sentence-id="{escape(sid)}">']  # fmt: skip
    for i, (token, form, centre) in enumerate(zip(tokens, forms, centres, strict=True), start=1):
        parts.append(f'<text class="word" data-id="{i}" x="{centre:.1f}" y="{base + 14}" '
                     f'text-anchor="middle">{escape(form)}</text>')  # fmt: skip
        parts.append(f'<text class="upos" x="{centre:.1f}" y="{base + 28}" text-anchor="middle">{token.upos}</text>')
    for (head, dependent), level in zip(arcs, levels, strict=True):
        x1, x2 = centres[head - 1], centres[dependent - 1]
        x1 += 3 if x2 > x1 else -3  # arcs leaving one word side by side, not from one point
        y = base - level * LEVEL_HEIGHT
        deprel = tokens[dependent - 1].deprel
        parts.append(f'<path class="arc" data-head="{head}" data-dependent="{dependent}" data-deprel="{deprel}" '
                     f'd="M{x1:.1f},{base} C{x1:.1f},{y} {x2:.1f},{y} {x2:.1f},{base - 5}"/>')  # fmt: skip
        parts.append(f'<path class="arrow" d="M{x2 - 3:.1f},{base - 6} L{x2 + 3:.1f},{base - 6} L{x2:.1f},{base}"/>')
        parts.append(f'<text class="deprel" x="{(x1 + x2) / 2:.1f}" y="{y + 0.25 * LEVEL_HEIGHT:.1f}" '
                     f'text-anchor="middle">{escape(deprel)}</text>')  # fmt: skip
    for i, token in enumerate(tokens, start=1):
        if token.head == 0:
            centre = centres[i - 1]
            parts.append(f'<path class="arc" data-head="0" data-dependent="{i}" data-deprel="{token.deprel}" '
                         f'd="M{centre:.1f},4 L{centre:.1f},{base - 5}"/>')  # fmt: skip
            parts.append(f'<path class="arrow" d="M{centre - 3:.1f},{base - 6} L{centre + 3:.1f},{base - 6} '
                         f'L{centre:.1f},{base}"/>')  # fmt: skip
            parts.append(f'<text class="deprel" x="{centre + 4:.1f}" y="12">{escape(token.deprel)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _metadata_rows(document: Document, split: str | None) -> str:
    meta = document.metadata
    fields = [("id", document.id), ("split", split), ("date", meta.date), ("source", meta.source),
              ("byline", meta.byline), ("aggregator", meta.aggregator), ("collection", meta.collection),
              ("NER", document.ner_source),
              ("metadata", "hand-checked" if meta.checked else "extracted from the text")]  # fmt: skip
    return "".join(f"<dt>{name}</dt><dd>{escape(str(value))}</dd>" for name, value in fields if value)


def document_page(document: Document, split: str | None = None, root: str | None = None) -> str:
    """One document as a page: metadata, the zoned text with entities marked, each sentence with its tree.
    ``root``: the site's folder relative to the page ("../"), or None for a stand-alone page (inline CSS)."""
    title = document.metadata.title or document.id
    legend = " ".join(f'<span data-label="{label}">{label}</span>' for label in NER_LABELS)
    figures = []
    for index, sentence in enumerate(document.sentences):
        sid = sentence_id(document.id, index)
        caption = _marked(document.raw, sentence.start, sentence.end, sentence.entities)
        figures.append(f'<figure class="sentence" id="{escape(sid)}" data-zone="{sentence.zone}"><figcaption>'
                       f'<span class="sid">{escape(sid)} · {sentence.zone}</span>{caption}</figcaption>'
                       f'<div class="tree-box">{tree_svg(sentence, sid)}</div></figure>\n')  # fmt: skip
    return (
        _head(title, None if root is None else f"{root}style.css")
        + ("" if root is None else _nav(root))
        + f'<h1>{escape(title)}</h1>\n<dl class="meta">{_metadata_rows(document, split)}</dl>\n'
        + f'<p class="legend">Entities: {legend}</p>\n'
        + f'<section class="text">\n<h2>Text and zones</h2>\n{zoned_text(document)}</section>\n'
        + f'<section class="sentences">\n<h2>Sentences and dependency trees</h2>\n{"".join(figures)}</section>\n'
        + "</body>\n</html>\n"
    )


def page_name(doc_id: str) -> str:
    """The file of a document's page in the site."""
    return f"doc/{doc_id}.html"


def page_href(doc_id: str) -> str:
    """A link to a document's page (the id URL-quoted: file names may hold "#", "?" or "%")."""
    return "doc/" + quote(doc_id) + ".html"


def index_page(documents: Sequence[tuple[Document, str]]) -> str:
    """The site's index: one row per document with its title, date, source, split and counts."""
    rows = []
    for document, split in documents:
        kept = sum(1 for z in document.zones if z.kind in KEPT_ZONE_KINDS)
        counts = (len(document.sentences), sum(len(s.tokens) for s in document.sentences),
                  len(document_entities(document)), kept)  # fmt: skip
        meta = document.metadata
        rows.append(f'<tr><td><a href="{page_href(document.id)}">{escape(meta.title or document.id)}</a></td>'
                    f'<td class="date">{escape(meta.date or "")}</td><td>{escape(meta.source or "")}</td>'
                    f"<td>{split}</td>"
                    + "".join(f'<td class="num">{n:,}</td>' for n in counts)
                    + f"<td>{escape(document.ner_source)}</td></tr>\n")  # fmt: skip
    total_tokens = sum(len(s.tokens) for d, _ in documents for s in d.sentences)
    header = (
        '<tr><th>title</th><th>date</th><th>source</th><th>split</th><th class="num">sentences</th>'
        '<th class="num">tokens</th><th class="num">entities</th><th class="num">zones</th><th>NER</th></tr>'
    )
    return (
        _head("Dân vận corpus", "style.css")
        + _nav("")
        + f"<h1>Dân vận corpus</h1>\n<p>{len(documents)} documents, {total_tokens:,} word tokens.</p>\n"
        + f'<table id="documents">\n<thead>{header}</thead>\n<tbody>\n{"".join(rows)}</tbody>\n</table>\n'
        + "</body>\n</html>\n"
    )


def search_index(documents: Sequence[tuple[Document, str]]) -> str:
    """The KWIC search's data as a script (a ``const`` of sentences: id, page, title, zone, text), so the
    page reads it from a ``<script src>`` and works from a plain folder, where browsers refuse ``fetch``."""
    rows = [
        [sentence_id(d.id, i), page_href(d.id), d.metadata.title or d.id, s.zone, s.text]
        for d, _ in documents
        for i, s in enumerate(d.sentences)
    ]
    return "const SENTENCES = " + json.dumps(rows, ensure_ascii=False, separators=(",", ":")) + ";\n"


SEARCH_SCRIPT = r"""
const form = document.getElementById("query"), table = document.getElementById("kwic"),
  status = document.getElementById("status"), WIDTH = 45, LIMIT = 2000;
function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
function pattern(query, mode) {
  if (mode === "regex") return new RegExp(query, "giu");
  let body = escapeRegExp(query.trim()).replace(/\s+/g, "\\s+");
  if (mode === "wildcard") body = body.replace(/\\\*/g, "[\\p{L}\\p{N}]*").replace(/\\\?/g, "[\\p{L}\\p{N}]");
  return new RegExp("(?<![\\p{L}\\p{N}])" + body + "(?![\\p{L}\\p{N}])", "giu");
}
function cell(cls, text) {
  const td = document.createElement("td"); td.className = cls; td.textContent = text; return td;
}
function search(event) {
  if (event) event.preventDefault();
  const query = form.q.value, mode = form.mode.value, body = table.tBodies[0];
  body.replaceChildren();
  if (!query.trim()) { status.textContent = ""; return; }
  let re;
  try { re = pattern(query, mode); } catch (err) {
    status.textContent = "not a regular expression: " + err.message; return;
  }
  let hits = 0;
  for (const [sid, page, title, zone, text] of SENTENCES) {
    if (form.body.checked && zone !== "body") continue;
    for (const m of text.matchAll(re)) {
      if (!m[0]) continue;
      hits += 1;
      if (hits > LIMIT) continue;
      const row = document.createElement("tr"), link = document.createElement("a");
      row.append(cell("left", text.slice(Math.max(0, m.index - WIDTH), m.index)), cell("hit", m[0]),
                 cell("right", text.slice(m.index + m[0].length, m.index + m[0].length + WIDTH)));
      link.href = page + "#" + encodeURIComponent(sid); link.textContent = sid; link.title = title;
      const where = document.createElement("td"); where.className = "doc"; where.append(link); row.append(where);
      body.append(row);
    }
  }
  status.textContent = hits ? hits + " hits" + (hits > LIMIT ? " (first " + LIMIT + " shown)" : "") : "no hits";
  const url = new URL(location.href); url.searchParams.set("q", query); url.searchParams.set("mode", mode);
  history.replaceState(null, "", url);
}
form.addEventListener("submit", search);
const params = new URLSearchParams(location.search);
if (params.has("q")) { form.q.value = params.get("q"); form.mode.value = params.get("mode") || "phrase"; search(); }
"""


def search_page() -> str:
    """The KWIC search page: a phrase, ``*``/``?`` wildcard pattern or regular expression over every sentence,
    case-insensitive, matches at word edges, each hit linked to its sentence; all in the browser."""
    return (
        _head("Search (KWIC) · Dân vận corpus", "style.css")
        + _nav("")
        + "<h1>Search (KWIC)</h1>\n"
        + '<form id="query"><input type="search" name="q" placeholder="dân vận khéo, dân *, *vận" autofocus> '
        + '<select name="mode"><option value="phrase">phrase</option><option value="wildcard">wildcard (* ?)</option>'
        + '<option value="regex">regular expression</option></select> '
        + '<label><input type="checkbox" name="body" checked> body only</label> <button>Search</button></form>\n'
        + '<p id="status" role="status"></p>\n'
        + '<table id="kwic"><thead><tr><th>left</th><th>hit</th><th>right</th><th>document</th></tr></thead>'
        + "<tbody></tbody></table>\n"
        + f'<script src="search-index.js"></script>\n<script>{SEARCH_SCRIPT}</script>\n</body>\n</html>\n'
    )


def site_files(documents: Sequence[tuple[Document, str]]) -> dict[str, str]:
    """Every file of the static site (path relative to its folder → text), documents in id order."""
    documents = sorted(documents, key=lambda item: item[0].id)
    files = {"index.html": index_page(documents), "search.html": search_page(), "style.css": STYLE.lstrip(),
             "search-index.js": search_index(documents)}  # fmt: skip
    for document, split in documents:
        files[page_name(document.id)] = document_page(document, split, root="../")
    return files
