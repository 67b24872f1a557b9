"""Bulk importers, parsing side: pure functions over files and lines; no store access.

    fmt = detect_format(path)                  # gdelt2 | gdelt1 | icews | jsonl | csv
    total = check_structure(path, fmt)         # fast pre-pass: wrong width -> InvalidInput
    for item in parse_gdelt(numbered_lines(path), version=2):
        ...                                    # Observation, or Skip(line, reason)

dtl's own schema: ``parse_csv`` / ``parse_jsonl`` give ``(line, raw dict)`` for
``domain.actions.parse_input``.
"""

from .actor_codes import CAMEO_COUNTRY_TO_ISO, ActorCodes, Unresolved, actor_codes
from .common import SKIP_REASONS, Skip, build_observation
from .dtl_csv import parse_csv, parse_jsonl
from .gdelt import parse_gdelt
from .icews import parse_icews
from .sources import FORMATS, check_structure, detect_format, numbered_lines

__all__ = [
    "CAMEO_COUNTRY_TO_ISO",
    "FORMATS",
    "SKIP_REASONS",
    "ActorCodes",
    "Skip",
    "Unresolved",
    "actor_codes",
    "build_observation",
    "check_structure",
    "detect_format",
    "numbered_lines",
    "parse_csv",
    "parse_gdelt",
    "parse_icews",
    "parse_jsonl",
]
