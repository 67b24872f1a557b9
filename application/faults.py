"""A crash switch for the reliability tests: `DTL_FAULT_KILL_AT=<point>:<n>` makes the process
SIGKILL itself the n-th time it passes <point>. Unset (always, outside tests) it costs one
dictionary look-up. The points sit where a crash hurts most: inside a transaction just
before it commits, and just after.

Points: import-before-commit, import-after-commit, catch-up-before-commit, catch-up-after-commit.
"""

from __future__ import annotations

import os
import signal

_SPEC = os.environ.get("DTL_FAULT_KILL_AT", "")
_POINT, _, _NTH = _SPEC.partition(":")
_passes: dict[str, int] = {}


def checkpoint(point: str) -> None:
    if not _SPEC or point != _POINT:
        return
    if not (_NTH or "1").isascii() or not (_NTH or "1").isdigit():
        from dtl.domain.errors import InvalidInput

        raise InvalidInput("DTL_FAULT_KILL_AT", "use POINT:N, e.g. import-before-commit:2")
    _passes[point] = _passes.get(point, 0) + 1
    if _passes[point] == int(_NTH or 1):
        os.kill(os.getpid(), signal.SIGKILL)
