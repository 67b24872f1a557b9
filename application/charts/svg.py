"""A drawn figure as SVG (with a `<title>` in each element a reader can hover) or PNG bytes.

The `<title>` technique is matplotlib's own "SVG tooltip" example: save, parse with
ElementTree, insert a child into each element whose id we gave (a `<g>`, or the `<image>` of
a fade). ElementTree escapes the text.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from dtl.application.charts import style
from dtl.application.charts.draw import Canvas

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


def svg_root(canvas: Canvas) -> ET.Element:
    """The figure's SVG tree: no metadata (nothing that changes between runs), titles added."""
    buffer = io.BytesIO()
    canvas.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    root = ET.fromstring(buffer.getvalue())
    for metadata in root.findall(f"{{{SVG_NS}}}metadata"):
        root.remove(metadata)
    for element in root.iter():  # groups, and the <image> of a fade
        tip = canvas.tooltips.get(element.get("id", ""))
        if tip:
            title = ET.Element(f"{{{SVG_NS}}}title")
            title.text = tip
            element.insert(0, title)
    return root


def svg_text(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


def svg_document(canvas: Canvas) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + svg_text(svg_root(canvas)) + "\n"
    ).encode()


def png_bytes(canvas: Canvas) -> bytes:
    buffer = io.BytesIO()
    canvas.figure.savefig(buffer, format="png", dpi=style.DPI, metadata={"Software": None})
    return buffer.getvalue()
