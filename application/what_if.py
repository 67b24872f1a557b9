"""What if: answers as if some actions had been recorded, or some retracted, with nothing stored.

The store's log is copied into a private SQLite store in a temporary folder (a log backup,
replayed: docs/reliability.md), the hypothetical retractions and actions are applied there
through the same facade and rules as a real record (a refusal is the answer: "the rules would
refuse ..."), the question is asked of the copy, and the copy is deleted. The real store is only
read. Datomic's `with` is the same idea; here it costs a copy of the log, so it suits a store of
up to some hundred thousand events (docs/performance.md measures the copy).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dtl.domain.errors import Conflict, InvalidInput

if TYPE_CHECKING:
    from dtl.application.facade import Dtl

REASON = "what if: supposed not to have happened"
# The questions a hypothetical answer can be asked with (the facade's own methods).
QUESTIONS = ("state", "roster", "history", "timeline_report", "diff", "scores", "recognition", "treaties",
             "parties", "roster_history")  # fmt: skip


@contextmanager
def supposing(dtl: Dtl, suppose: list[dict[str, Any]], without: list[str]) -> Iterator[tuple[Dtl, dict]]:
    """A facade on a private copy of `dtl`'s store with the supposed changes applied, and what
    was supposed (ids resolved against the real store). Nothing reaches the real store."""
    from dtl.application.backup import export_log, import_log
    from dtl.application.facade import Dtl

    if not suppose and not without:
        raise InvalidInput("suppose", "suppose at least one action (--suppose) or one retraction (--without)")
    retracted = [dtl.resolve_id(ref) for ref in without]  # named as the real store names them
    with tempfile.TemporaryDirectory(prefix="dtl-what-if-") as folder:
        log = Path(folder) / "log.jsonl"
        export_log(dtl.store, log)
        with Dtl(str(Path(folder) / "copy.sqlite3"), clock=dtl.clock) as copy:
            import_log(copy.store, log)
            recorded: list[str] = []
            try:
                for action_id in retracted:
                    copy.retract(str(action_id), REASON)
                for raw in suppose:
                    result = copy.record(raw)
                    recorded += result["recorded"] + result["already_recorded"]
            except Conflict as exc:
                raise Conflict(
                    f"what if: the rules would refuse it: {exc.message}",
                    conflicting=exc.conflicting,
                    about=exc.about,
                ) from None
            yield copy, {"supposed": recorded, "without": [str(i) for i in retracted], "stored": False}
