"""Hostile input: the seeded store, the store's checksum and the one-line-error contract.

A refused command must leave the store byte-for-byte as it was: `SeededStore.checksum` is
`tests.support.store_fingerprint`, a sha256 over every row of every table (the event log, the
view's tables and its tracking position), taken before and after.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass, field

from dtl.application.facade import Dtl
from dtl.cli.main import main
from tests.support import store_fingerprint


@dataclass
class SeededStore:
    """A store holding the demo story, its event table, and the ids the demo recorded."""

    url: str
    kind: str  # "sqlite" | "postgres"
    table: str
    schema: str | None = None
    ids: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def checksum(self) -> str:
        return store_fingerprint(self.url)

    def id_of(self, action_type: str, by: str, target: str) -> str:
        return self.ids[(action_type, by, target)]


def invoke(url: str, argv: list[str]) -> tuple[int, str, str]:
    """Run the CLI in-process as a user would, with stdout and stderr as strict UTF-8 streams
    (a lone surrogate that escaped to the terminal fails here, as on a real one)."""
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for _ in range(2))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--store", url, *argv])
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
    return code, texts[0], texts[1]


def seed(url: str, kind: str) -> SeededStore:
    code, _, err = invoke(url, ["demo"])
    assert code == 0, err
    code, out, err = invoke(url, ["timeline", "--json"])
    assert code == 0, err
    with Dtl(url) as dtl:
        table = dtl.store.writer.recorder.events_table_name  # type: ignore[attr-defined]
        schema = dtl.store.config.env.get("POSTGRES_SCHEMA")
    store = SeededStore(url, kind, table, schema)
    for row in json.loads(out):
        store.ids[(row["type"], ",".join(row["by"]), row["target"])] = row["id"]
    return store


# -- the contract -------------------------------------------------------------------------------
# What must never reach a terminal as it is: C0 controls but tab and newline, DEL, C1 controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def assert_at_most_one_error_line(code: int, out: str, err: str) -> None:
    """Whatever the input: exit 0, 1 or 2, and stderr empty or one line starting 'dtl: '."""
    assert "Traceback" not in out + err, err
    raw = RAW_CONTROL.search(out + err)
    assert raw is None, f"a raw control character (U+{ord(raw[0]):04X}) reached the terminal: {err!r}"
    assert code in (0, 1, 2), f"exit {code}; stderr {err!r}"
    if code == 0:
        return
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert len(err.splitlines()) == 1, f"a line separator inside the error: {err!r}"
    assert err.startswith("dtl: "), err


def assert_refused(
    code: int, out: str, err: str, *, exit: int, field: str, line: int | None = None,
    says: tuple[str, ...] | list[str] = (), usage: bool = False,
) -> None:  # fmt: skip
    """Refused with the given exit code on one line that names the field (and the line)."""
    assert code == exit, f"exit {code}, expected {exit}; stderr {err!r}"
    assert_at_most_one_error_line(code, out, err)
    assert out == "", f"nothing is printed on stdout for an error, got {out[:200]!r}"
    message = err.rstrip("\n").removeprefix("dtl: ")
    if line is not None:
        assert message.startswith(f"line {line}: "), f"line {line} not named: {message!r}"
        message = message.removeprefix(f"line {line}: ")
    if usage:
        assert re.search(rf"(?<![\w-]){re.escape(field)}(?![\w-])", message), (
            f"{field!r} not named: {message!r}"
        )
    else:
        assert message.startswith(f"{field}: "), f"field {field!r} not named first: {message!r}"
    for text in says:
        assert text in err, f"{text!r} not said: {err!r}"
