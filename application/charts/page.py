"""The HTML chart: one self-contained file. The SVG inline (hover any bar or marker for its
details), a caption, and a table of everything drawn with its sources. Nothing is loaded at
view time: no script or style sheet from elsewhere, no web font; source URLs are plain links.
Every string from the store is escaped here."""

from __future__ import annotations

from html import escape
from typing import Any

from dtl.application.charts import text

STYLE = """
body { font: 14px/1.45 "DejaVu Sans", system-ui, sans-serif; color: #222; margin: 1.5em auto;
       max-width: 1400px; padding: 0 1em; }
td.when { white-space: nowrap; }
h1 { font-size: 1.35em; margin: 0 0 .2em; }
p.caption { color: #555; margin: 0 0 1em; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
[id^="bar-"], [id^="marker-"], [id^="fade"], [id^="window-"], [id^="link-"] { cursor: help; }
g.lit path, g.lit use { stroke: #000 !important; stroke-width: 1.5px !important; }
table { border-collapse: collapse; width: 100%; margin-top: 1.5em; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: .35em .5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
tr.lit td { background: #fff4d6; }
td.sources ul { margin: 0; padding-left: 1.1em; }
.grade { font-weight: bold; }
.quote { color: #555; font-style: italic; }
"""

# Hovering a row lights what it drew, and hovering a drawn element lights its rows.
SCRIPT = """
(function () {
  var rows = document.querySelectorAll("tr[data-drawn]");
  function light(ids, on) {
    ids.forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.classList.toggle("lit", on);
      rows.forEach(function (row) {
        if (row.dataset.drawn.split(" ").indexOf(id) >= 0) row.classList.toggle("lit", on);
      });
    });
  }
  rows.forEach(function (row) {
    var ids = row.dataset.drawn.split(" ");
    row.addEventListener("mouseenter", function () { light(ids, true); });
    row.addEventListener("mouseleave", function () { light(ids, false); });
  });
  document.querySelectorAll('g[id^="bar-"], g[id^="marker-"], g[id^="link-"]').forEach(function (el) {
    el.addEventListener("mouseenter", function () { light([el.id], true); });
    el.addEventListener("mouseleave", function () { light([el.id], false); });
  });
})();
"""


def html_page(data: dict[str, Any], svg: str) -> str:
    title = escape(data["title"])
    heading = "What is drawn, and on whose word" if data["kind"] == "pair" else "Every spell drawn"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>dtl chart: {title}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            f"<h1>{title}</h1>",
            f'<p class="caption">{escape(text.caption(data))}. '
            "Hover a bar, a marker or an arrow for its details.</p>",
            f"<figure>{svg}</figure>",
            f"<h2>{heading}</h2>",
            _table(data["rows"]),
            f"<script>{SCRIPT}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return '<table class="sources"><tr><td>Nothing is drawn.</td></tr></table>'
    out = [
        '<table class="sources">',
        "<thead><tr><th>when</th><th>what</th><th>who</th><th>notes</th>"
        "<th>sources</th><th>id</th></tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        notes = "<br>".join(escape(n) for n in row["notes"])
        out.append(
            f'<tr data-drawn="{escape(" ".join(row["drawn"]))}"><td class="when">{escape(row["when"])}</td>'
            f"<td>{escape(row['what'])}</td><td>{escape(row['who'])}</td><td>{notes}</td>"
            f'<td class="sources">{_sources(row["sources"])}</td>'
            f"<td><code>{escape(row['id'][:8])}</code></td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _sources(sources: list[dict[str, Any]]) -> str:
    if not sources:
        return "none given"
    items = []
    for s in sources:
        name = escape(s["name"])
        if s.get("url"):
            name = f'<a href="{escape(s["url"])}" rel="noopener noreferrer">{name}</a>'
        parts = [name]
        if s.get("grade"):
            parts.append(f'<span class="grade">{escape(s["grade"])}</span>')
        if s.get("attribution"):
            parts.append(escape(s["attribution"]))
        if s.get("published"):
            parts.append(f"published {escape(s['published'])}")
        line = ", ".join(parts)
        if s.get("quote"):
            line += f' <span class="quote">“{escape(s["quote"])}”</span>'
        items.append(f"<li>{line}</li>")
    return "<ul>" + "".join(items) + "</ul>"
