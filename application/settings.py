"""dtl's own settings from the environment, each checked once, with a one-line error naming it.

DTL_STORE and DTL_CIPHER_KEY are read where the store is opened (persistence.py); the HTTP
API's DTL_API_* settings in dtl.api.settings. The tuning knobs are here:

- DTL_IMPORT_BATCH: rows written per transaction by a GDELT or ICEWS import (default 10,000).
- DTL_CATCH_UP_BATCH: log events applied to the views per transaction (default 10,000).
"""

from __future__ import annotations

import os

from dtl.domain.errors import InvalidInput

IMPORT_BATCH = 10_000
CATCH_UP_BATCH = 10_000
MOST_PER_BATCH = 1_000_000  # beyond this one transaction holds too much memory to be worth it


def whole_number(name: str, default: int, least: int = 1, most: int = MOST_PER_BATCH) -> int:
    """A setting that is a whole number (ASCII digits) in [least, most], or its default when
    unset or empty."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or not least <= int(text) <= most:
        raise InvalidInput(name, f"must be a whole number from {least:,} to {most:,}, not {text[:20]!r}")
    return int(text)


def import_batch() -> int:
    return whole_number("DTL_IMPORT_BATCH", IMPORT_BATCH)


def catch_up_batch() -> int:
    return whole_number("DTL_CATCH_UP_BATCH", CATCH_UP_BATCH)
