"""Bulk importers, parsing side: pure functions over files and lines; no store access.

    fmt = detect(path)                         # a Format from formats.FORMATS, told by content
    total = fmt.check(path)                    # fast pre-pass: wrong width -> InvalidInput
    for item in fmt.parse(numbered_lines(path)):
        ...                                    # Observation or Skip(line, reason); or (line, dict)

dtl's own schema: ``parse_csv`` / ``parse_jsonl`` give ``(line, raw dict)`` for
``domain.actions.parse_input``.

Names are imported from their modules on first use (PEP 562): reading the table of formats, for
a command's help, does not import every parser.
"""

from importlib import import_module
from typing import Any

_WHERE = {
    "CAMEO_COUNTRY_TO_ISO": "actor_codes", "ActorCodes": "actor_codes", "Unresolved": "actor_codes",
    "actor_codes": "actor_codes", "SKIP_REASONS": "common", "Skip": "common",
    "build_observation": "common", "parse_csv": "dtl_csv", "parse_jsonl": "dtl_csv",
    "parse_gdelt": "gdelt", "parse_icews": "icews", "numbered_lines": "files", "FORMATS": "formats",
    "Format": "formats", "check_structure": "formats", "detect": "formats",
    "detect_format": "formats", "named": "formats",
}  # fmt: skip

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
