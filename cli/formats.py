"""How every command prints an answer: a table for people (cli/render.py), or, for programs,
the whole answer as JSON (--json) or its rows (--nl, --csv, --tsv; application/tabular.py
holds the rows and their documented columns, docs/output.md lists them).

Data goes to stdout; errors stay one line on stderr (cli/main.py)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

FORMATS = ("table", "json", "nl", "csv", "tsv")

# json.dumps escapes C0 but writes DEL, C1 (U+0080-U+009F) and lone surrogates as they are:
# the first two can act on a terminal, the last cannot even be encoded. Inside JSON strings
# (the only place they can be), \uXXXX means the same character to every reader.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")


# Set by `dtl what-if` while it asks its question: every JSON answer then says it is hypothetical.
hypothetical: ContextVar[dict[str, Any] | None] = ContextVar("hypothetical", default=None)


def emit_json(data: Any) -> None:
    supposed = hypothetical.get()
    if supposed is not None and isinstance(data, dict):
        data = {"hypothetical": supposed, **data}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def emit(output: str, kind: str, answer: Any, table: Callable[[Any], None]) -> None:
    """Print an answer as `output` asks: `table` draws it for people; `json` the whole answer;
    `nl`, `csv` and `tsv` the rows of its shape (application.tabular.SHAPES[kind])."""
    if output == "table":
        table(answer)
    elif output == "json":
        emit_json(answer)
    else:
        from dtl.application import tabular

        shape = tabular.SHAPES[kind]
        tabular.write(output, shape.names, shape.rows(answer), sys.stdout)
