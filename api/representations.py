"""What an answer is sent as: JSON (the default, the CLI's --json), or its rows as CSV, TSV or
JSON lines (the CLI's --csv, --tsv and --nl: application/tabular.py's documented columns),
chosen by the request's Accept header on the same routes.

The choice is part of an answer's identity: the kept answers and the ETag are keyed on it
(api/service.py), and every read says `Vary: Accept`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request

ACCEPTED = {
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/x-ndjson": "nl",
    "application/jsonl": "nl",
    "application/json": "",
    "*/*": "",
    "text/*": "csv",
    "application/*": "",
}

# The 200 response of every route that has rows, for the OpenAPI document.
TABULAR: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            media: {"schema": {"type": "string"}}
            for media in ("text/csv", "text/tab-separated-values", "application/x-ndjson")
        },
        "description": "The answer; with Accept: text/csv, text/tab-separated-values or "
        "application/x-ndjson, its rows (columns: docs/output.md).",
    }
}


def variant(accept: str | None) -> str:
    """'' (JSON), 'csv', 'tsv' or 'nl': the most wanted of those the Accept header lists
    (by q, then by order); JSON when it lists none of them."""
    best, best_q = "", -1.0
    for part in (accept or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        found = ACCEPTED.get(media.lower())
        if found is not None and q > 0 and q > best_q:
            best, best_q = found, q
    return best


def variant_of(scope: dict[str, Any]) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"accept":
            return variant(value.decode("latin-1"))
    return ""


def rows(request: Request, kind: str) -> Callable[[Any], tuple[bytes, str]]:
    """How to present this request's answer: JSON, or the rows of shape `kind`."""
    from dtl.api.service import present_json

    chosen = variant(request.headers.get("accept"))
    if not chosen:
        return present_json

    def present(answer: Any) -> tuple[bytes, str]:
        from dtl.application import tabular

        return tabular.text(chosen, kind, answer).encode("utf-8"), tabular.MEDIA_TYPES[chosen]

    return present
