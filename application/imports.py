"""Importing files: the table of formats says what a file is; this runs it into the store.

dtl's own JSONL/CSV become actions, checked against the timeline and recorded all or none.
The Correlates of War relation data sets become actions too, with rows skipped and counted by
reason; a whole data set is too large for one transaction (the Diplomatic Exchange file gives
tens of thousands of actions), so every action is first built and checked as input (a bad one
writes nothing), then they are recorded in batches of DTL_IMPORT_BATCH actions, never splitting
a docket (the rules are checked within one), each batch all or none. A conflict stops the
import naming its line; what earlier batches recorded stays, and importing the file again,
once the conflict is resolved, finds it already recorded (each action has its own key).
GDELT and ICEWS rows become observations, streamed through in batches (DTL_IMPORT_BATCH rows),
one transaction each: a crash leaves whole batches, and running the import again completes it,
since each source id is stored once. The whole file's structure is checked first, so a truncated
or mangled file never touches the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dtl.application import settings
from dtl.application.writer import Pending, summary
from dtl.domain.actions import build_action, parse_input
from dtl.domain.errors import InvalidInput

if TYPE_CHECKING:
    from dtl.application.bulk import ObservationWriter
    from dtl.application.importers.formats import Format
    from dtl.application.store import Store
    from dtl.domain.actions import ActionData
    from dtl.domain.observations import Observation

IMPORT_BATCH = settings.IMPORT_BATCH
Progress = Callable[[str, int, int], None]  # (stage, done, total)


class Importer:
    def __init__(self, store: Store, catch_up: Callable[..., int], batch: int = IMPORT_BATCH):
        self.store = store
        self.catch_up = catch_up  # the facade's: a stopped view is reported, not raised
        self.batch = batch
        self._writer: ObservationWriter | None = None

    def file(
        self, path: Path | str, fmt: str | None = None, progress: Progress | None = None
    ) -> dict[str, Any]:
        """Import a file; its format is told from its content unless given."""
        from dtl.application.importers import numbered_lines
        from dtl.application.importers.formats import detect, named

        path = Path(path)
        if path.is_dir():
            raise InvalidInput("file", f"{str(path)!r} is a directory")
        form = named(fmt) if fmt else detect(path)
        total = form.check(path)
        parsed = form.parse(numbered_lines(path))
        if form.produces == "actions" and not form.whole:
            return self._actions_in_batches(form, path, total, progress)
        if form.produces == "actions":
            result = self.actions(parsed)
            return {
                "format": form.name, "rows": total, "imported": len(result["recorded"]),
                "duplicates": len(result["already_recorded"]), "skipped": {}, **result,
            }  # fmt: skip
        return self._observations(form.name, total, parsed, progress)

    def actions(self, rows: Iterable[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
        """Every row is checked, then all are recorded in one transaction, or none."""
        batch = []
        for number, raw in rows:
            try:
                action, key = build_action(parse_input(raw))
            except InvalidInput as exc:
                raise exc.at_line(number) from None
            batch.append(Pending(action, key, number))
        if not batch:
            raise InvalidInput("file", "holds no actions")
        outcomes = self.store.writer.record(batch)
        self.catch_up()
        return {**summary(outcomes), "position": self.store.projector.position()}

    def _actions_in_batches(
        self, form: Format, path: Path, total: int, progress: Progress | None
    ) -> dict[str, Any]:
        """Build and check every action first (a bad one writes nothing), then record them in
        batches that never split a docket. The parser gives a docket's actions together."""
        from dtl.application.importers import Skip, numbered_lines
        from dtl.domain.decisions import docket_names

        skipped: Counter[str] = Counter()
        count = 0
        for item in form.parse(_counting(numbered_lines(path), "checking", total, progress)):
            if isinstance(item, Skip):
                skipped[item.reason] += 1
            else:
                _built(*item)
                count += 1
        outcomes = []
        batch: list[Pending] = []
        last: list[str] = []

        def flush() -> None:
            if batch:
                outcomes.extend(self.store.writer.record(batch))
                batch.clear()
            if progress:
                progress("importing", len(outcomes), count)

        for item in form.parse(numbered_lines(path)):
            if isinstance(item, Skip):
                continue
            action, key = _built(*item)
            dockets = docket_names(action)
            if len(batch) >= self.batch and dockets != last:
                flush()
            batch.append(Pending(action, key, item[0]))
            last = dockets
        flush()
        projected = self.catch_up(progress)
        done = summary(outcomes)
        return {
            "format": form.name, "rows": total, "imported": len(done["recorded"]),
            "duplicates": len(done["already_recorded"]), "skipped": dict(sorted(skipped.items())),
            "projected": projected, **done, "position": self.store.projector.position(),
        }  # fmt: skip

    def observations(self, observations: Iterable[Observation]) -> dict[str, int]:
        """One batch, one transaction; already-stored source ids are counted, not written."""
        new, duplicates = self._observation_writer().write(observations)
        return {"imported": new, "duplicates": duplicates}

    def _observations(
        self, fmt: str, total: int, parsed: Iterable[Any], progress: Progress | None
    ) -> dict[str, Any]:
        from dtl.application.importers import Skip

        imported = duplicates = rows = 0
        skipped: Counter[str] = Counter()
        batch: list[Observation] = []

        def flush() -> None:
            nonlocal imported, duplicates
            new, dup = self._observation_writer().write(batch)
            imported += new
            duplicates += dup
            batch.clear()
            if progress:
                progress("importing", rows, total)

        for item in parsed:
            rows += 1
            if isinstance(item, Skip):
                skipped[item.reason] += 1
                continue
            batch.append(item)
            if len(batch) >= self.batch:
                flush()
        if batch or progress:
            flush()
        projector = self.store.projector
        projected = self.catch_up(progress)
        if self.store.kind == "postgres" and imported:
            self.store.analyze(["dtl_observations"])
        return {
            "format": fmt, "rows": rows, "imported": imported, "duplicates": duplicates,
            "skipped": dict(sorted(skipped.items())), "projected": projected,
            "position": projector.position(),
        }  # fmt: skip

    def _observation_writer(self) -> ObservationWriter:
        from dtl.application.bulk import ObservationWriter

        if self._writer is None:
            self._writer = ObservationWriter(self.store.writer, self.store.kind)
        return self._writer


def _built(number: int, raw: dict[str, Any]) -> tuple[ActionData, str]:
    try:
        return build_action(parse_input(raw))
    except InvalidInput as exc:
        raise exc.at_line(number) from None


def _counting(
    lines: Iterator[tuple[int, str]], stage: str, total: int, progress: Progress | None
) -> Iterator[tuple[int, str]]:
    """The lines, telling the progress bar how far the reading has come (every 10,000 lines)."""
    if progress is None:
        yield from lines
        return
    for number, text in lines:
        if number % 10_000 == 0:
            progress(stage, min(number, total), total)
        yield number, text
    progress(stage, total, total)
