"""Shared by the analyst-view tests: the CLI in-process, the seed story, the log as exported.

Expectations are derived from what a test recorded (the seed story's inputs, the catalogue,
another view of the same store), never typed in as the answer the product happens to give.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtl.application import seed_story
from dtl.application.facade import Dtl
from dtl.cli.main import main
from dtl.domain.dates import FuzzyDate


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.code == 0, f"dtl exited {self.code}: {self.err}"
        return json.loads(self.out)

    def error(self) -> str:
        """The one-line error, without its 'dtl: ' prefix; nothing on stdout."""
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
        assert lines[0].startswith("dtl: "), lines[0]
        assert self.out == "", f"nothing expected on stdout, got {self.out!r}"
        return lines[0].removeprefix("dtl: ")


def cli(capsys, store: str, *args: str) -> Run:
    capsys.readouterr()  # start clean
    code = main(["--store", store, *args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def cli_json(capsys, store: str, *args: str) -> Any:
    return cli(capsys, store, *args, "--json").json()


def refused(capsys, store: str, *args: str, code: int = 2) -> str:
    """Run a command that must fail with `code`; return its one-line error message."""
    run = cli(capsys, store, *args)
    assert run.code == code, f"exit {run.code}, expected {code}; stderr {run.err!r}; stdout {run.out[:200]!r}"
    return run.error()


_exports = itertools.count()


def exported_log(capsys, store: str, folder: Path) -> list[dict[str, Any]]:
    """The event log as `dtl log export` writes it: one dict per event, in log order."""
    path = folder / f"log-{next(_exports)}.jsonl"
    result = cli_json(capsys, store, "log", "export", str(path))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    header, *events, end = lines
    assert header["events"] == end["events"] == result["exported"] == len(events)
    return events


def event_count(capsys, store: str, folder: Path) -> int:
    return len(exported_log(capsys, store, folder))


# -- the seed story ------------------------------------------------------------------------------
@dataclass
class Recorded:
    raw: dict[str, Any]
    id: str

    @property
    def window(self) -> FuzzyDate:
        return FuzzyDate.parse(self.raw["on"])


def record_seed_story(dtl: Dtl) -> list[Recorded]:
    """NATO's background and the 2024-08-01 report, the demo's actions, in one import."""
    raws = [*seed_story.background(), *seed_story.report()]
    result = dtl.import_lines([(n, json.dumps(raw)) for n, raw in enumerate(raws, 1)])
    assert len(result["recorded"]) == len(raws) and result["already_recorded"] == [], result
    return [Recorded(raw, action_id) for raw, action_id in zip(raws, result["recorded"], strict=True)]


def source_names(sources: list[dict[str, Any]]) -> list[str]:
    return [s["name"] for s in sources]


def without(d: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in keys}
