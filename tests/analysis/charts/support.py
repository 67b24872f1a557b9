"""Reading charts back structurally: the SVG's ids and titles, the HTML's references."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from dtl.application import seed_story
from dtl.application.facade import Dtl

SVG = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def record_seed_story(dtl: Dtl) -> None:
    """The seed story, as `dtl demo` records it: the background, then the report."""
    lines = [(n, json.dumps(a)) for n, a in enumerate(seed_story.background() + seed_story.report(), 1)]
    dtl.import_lines(lines)


def svg_root(content: bytes | str | Path) -> ET.Element:
    """The SVG tree of an .svg file or of the SVG inlined in an .html file."""
    if isinstance(content, Path):
        content = content.read_bytes()
    text = content.decode() if isinstance(content, bytes) else content
    if text.lstrip().lower().startswith("<!doctype html"):
        text = text[text.index("<svg") : text.index("</svg>") + len("</svg>")]
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg", root.tag
    return root


def groups(root: ET.Element, prefix: str) -> list[ET.Element]:
    """The elements whose id starts so: a <g> per bar or marker, an <image> per fade."""
    return [e for e in root.iter() if e.get("id", "").startswith(prefix)]


def ids(root: ET.Element, prefix: str) -> list[str]:
    return [g.get("id", "") for g in groups(root, prefix)]


def title_of(group: ET.Element) -> str | None:
    title = group.find(f"{SVG}title")
    return None if title is None else title.text


class Page(HTMLParser):
    """Every tag with its attributes, and the text of <style> and <script>."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.code: list[str] = []
        self._in_code = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_code = tag in ("style", "script")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_code = False

    def handle_data(self, data):
        if self._in_code:
            self.code.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


def external_references(text: str) -> list[str]:
    """Whatever a browser would fetch from elsewhere when showing the page. Links (<a href>)
    are followed only when clicked, so they are not references; everything else must be
    inline (data: URIs) or within the page (#fragment)."""
    page = Page(text)
    found = []
    for tag, attrs in page.tags:
        if tag == "link":
            found.append(f"<link {attrs}>")
        for name, value in attrs.items():
            value = (value or "").strip()
            loads = name in ("src", "srcset", "poster", "data", "action", "formaction", "background")
            if loads and not value.startswith("data:"):
                found.append(f"<{tag} {name}={value}>")
            if name in ("href", "xlink:href") and tag != "a" and not value.startswith(("#", "data:")):
                found.append(f"<{tag} {name}={value}>")
            if "url(" in value and "url(#" not in value.replace(" ", ""):
                found.append(f"<{tag} {name}={value}>")
    for code in page.code:
        lowered = code.lower()
        for needle in ("@import", "url(http", "url(//", "@font-face", "fetch(", "xmlhttprequest", ".src="):
            if needle in lowered.replace(" ", ""):
                found.append(f"{needle} in an inline style or script")
    return found
