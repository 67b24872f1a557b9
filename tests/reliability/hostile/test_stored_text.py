"""Stored text is shown as plain text, whoever wrote it.

Text that looks like rich's markup (`[/bold]`, `[link=...]`, `:warning:`) is legitimate input:
it is recorded, through the CLI, a file or the API, and every question shows it literally,
exit 0 (a `[/bold]` in one condition made `timeline`, `state` and `diff` crash for every user
of the store). Text holding a control character is refused on every way in; and one an older
release let into a store is shown escaped (`\\x1b`), never sent to the terminal raw.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
import warnings
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dtl.api import Settings, create_app
from dtl.application.facade import Dtl
from dtl.application.importers.files import numbered_lines
from dtl.application.importers.formats import check_structure
from dtl.application.importers.layouts import ICEWS_COLUMNS
from tests.reliability.hostile.corpus_events import gdelt_row, icews_row
from tests.reliability.hostile.support import RAW_CONTROL, assert_refused, invoke
from tests.support import drop_schema, schema_url, store_fingerprint

CONDITION = "until [/bold] ends"
SCOPE = "[bold]all[/bold] goods"
SOURCE = "Wire [/x] report"
URL = "https://example.org/[/bold]?q=[link=x]"
QUOTE = "[red]said[/red] :warning:"
NOTE = "[link=https://evil.example/]Reuters[/link] :warning:"
AGENCY = "[bold]Agency[/bold] [/]"
REASON = "[/i] per [link=https://evil.example/]Reuters[/link]"
OBSERVED_URL = "https://example.org/[/bold]/[link=https://evil.example/]x[/link]"

# What an older store may hold: a screen clear, an OSC 8 hyperlink, a C1 CSI, a DEL.
CONTROL = "\x1b[2J\x1b]8;;https://evil.example/\x1b\\\u009b31m\x7f"
SHOWN = r"\x1b[2J\x1b]8;;https://evil.example/\x1b\\x9b31m\x7f"
MARK = "QQCTRLQQ"


@dataclass
class Written:
    url: str
    ids: dict[str, str] = field(default_factory=dict)


def ok(url: str, argv: list[str]) -> str:
    code, out, err = invoke(url, argv)
    assert code == 0, (argv, err)
    return out


def write_story(url: str, folder: Path, text: dict[str, str]) -> Written:
    """A trade halt with a condition and a graded source, corrected and corroborated; a meeting
    with a note; two GDELT observations: every free-text field a command shows, set to `text`."""
    written = Written(url)
    out = ok(url, [
        "record", "halt-trade", "--by", "USA", "--target", "CHN", "--on", "2024-05",
        "--condition", text["condition"], "--source", text["source"], "--url", text["url"],
        "--quote", text["quote"], "--attribution", "anonymous-sources", "--grade", "B2", "--json",
    ])  # fmt: skip
    written.ids["halt"] = json.loads(out)["recorded"][0]
    out = ok(url, ["record", "meet", "--by", "USA", "--target", "CHN", "--on", "2024-06-01",
                   "--note", text["note"], "--source", text["source"], "--json"])  # fmt: skip
    written.ids["meet"] = json.loads(out)["recorded"][0]
    ok(url, ["correct", written.ids["halt"], "--scope", text["scope"], "--reason", text["reason"]])
    ok(url, ["corroborate", written.ids["halt"], "--source", text["agency"], "--grade", "A1"])
    gdelt = folder / "20240601.export.CSV"
    rows = [gdelt_row(n, SQLDATE="20240601", SOURCEURL=text["observed_url"]) for n in (1, 2)]
    gdelt.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ok(url, ["import", str(gdelt)])
    ok(url, ["project"])  # the views hold all of it
    return written


MARKUP = {"condition": CONDITION, "scope": SCOPE, "source": SOURCE, "url": URL, "quote": QUOTE, "note": NOTE,
          "agency": AGENCY, "reason": REASON, "observed_url": OBSERVED_URL}  # fmt: skip


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def markup_store(request, tmp_path_factory) -> Iterator[Written]:
    folder = tmp_path_factory.mktemp("markup")
    if request.param == "sqlite":
        yield write_story(str(folder / "dtl.sqlite3"), folder, MARKUP)
        return
    request.getfixturevalue("postgres_ready")
    schema = "t_markup_" + uuid.uuid4().hex[:10]
    try:
        yield write_story(schema_url(schema), folder, MARKUP)
    finally:
        drop_schema(schema)


@pytest.fixture
def wide(monkeypatch) -> None:
    """A wide terminal, so that no table cell is wrapped across lines."""
    monkeypatch.setenv("COLUMNS", "400")


# command -> the stored text it shows (history and roster show no free text: they must not fail)
QUESTIONS = [
    ("timeline", ["timeline"], [CONDITION, NOTE]),
    ("timeline-text", ["timeline", "--text", "Reuters"], [NOTE]),
    ("state", ["state", "USA", "CHN", "--at", "2024-06-15"], [CONDITION, f"{SOURCE}, anonymous-sources [B2]", AGENCY]),
    ("diff", ["diff", "--from", "2024-01-01", "--to", "2024-12-31"], [SOURCE, AGENCY]),
    ("observations", ["observations", "USA", "CHN", "--from", "2024-01-01"], [OBSERVED_URL]),
    ("show", ["show", "@halt"], [REASON]),
    ("history", ["history", "USA", "CHN"], ["began"]),
    ("roster", ["roster", "NATO", "--at", "2024-06-01"], ["members"]),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "shown"), [pytest.param(a, s, id=i) for i, a, s in QUESTIONS])
def test_text_that_looks_like_markup_is_recorded_and_every_question_shows_it_literally(
    markup_store, wide, argv, shown
):
    argv = [markup_store.ids["halt"] if a == "@halt" else a for a in argv]
    code, out, err = invoke(markup_store.url, argv)
    assert code == 0, err
    assert err == ""
    for text in shown:
        assert text in out, f"{text!r} not shown literally:\n{out}"
    assert "⚠" not in out, "an emoji code in stored text became an emoji"


def test_markup_in_stored_text_never_becomes_a_terminal_hyperlink_and_dtls_own_colour_stays(
    markup_store, wide, monkeypatch
):
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich writes colours and hyperlinks as to a terminal
    for argv in (["timeline"], ["state", "USA", "CHN", "--at", "2024-05-15"], ["show", markup_store.ids["halt"]],
                 ["observations", "USA", "CHN"]):  # fmt: skip
        code, out, err = invoke(markup_store.url, argv)
        assert code == 0, err
        assert "\x1b]8;" not in out, f"{argv}: an OSC 8 hyperlink reached the terminal"
    code, out, err = invoke(markup_store.url, ["state", "USA", "CHN", "--at", "2024-05-15"])
    assert "\x1b[33m(possibly)" in out, "dtl's own yellow '(possibly)' is kept"
    assert CONDITION in out


# -- an older store holding control characters ---------------------------------------------------
def _taint(value: object) -> object:
    """MARK -> CONTROL in one stored value: JSON-escaped inside JSON (the event's state, a view's
    payload column), raw in a plain text column."""
    escaped = json.dumps(CONTROL)[1:-1]
    if isinstance(value, bytes) and MARK.encode() in value:
        return value.replace(MARK.encode(), escaped.encode())
    if isinstance(value, str) and MARK in value:
        return value.replace(MARK, escaped if value[:1] in "{[" else CONTROL)
    return value


def taint_sqlite_store(path: str) -> int:
    """Write CONTROL wherever MARK is, in every table, as an older release could have; how many
    values changed."""
    changed = 0
    with closing(sqlite3.connect(path)) as conn, conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
            for row in conn.execute(f'SELECT * FROM "{table}"').fetchall():  # some have no rowid
                new = [_taint(v) for v in row]
                if new != list(row):
                    changed += sum(a != b for a, b in zip(new, row, strict=True))
                    sets = ", ".join(f'"{c}" = ?' for c in columns)
                    where = " AND ".join(f'"{c}" IS ?' for c in columns)
                    conn.execute(f'UPDATE "{table}" SET {sets} WHERE {where}', [*new, *row])
    return changed


@pytest.fixture(scope="module")
def tainted_store(tmp_path_factory) -> Written:
    folder = tmp_path_factory.mktemp("tainted")
    url = str(folder / "dtl.sqlite3")
    # Sources are left out: the read side re-checks them on the model, so a store holding a
    # control character in one cannot be read at all (reported; not this test's concern).
    marked = {
        "condition": f"until {MARK} ends", "scope": f"all {MARK} goods", "source": "Wire report",
        "url": "https://example.org/src", "quote": "said", "note": f"{MARK} Reuters note",
        "agency": "Agency", "reason": f"per {MARK}", "observed_url": f"https://example.org/{MARK}",
    }  # fmt: skip
    written = write_story(url, folder, marked)
    assert taint_sqlite_store(url) > 10
    return written


@pytest.mark.parametrize(("argv", "shown"), [pytest.param(a, s, id=i) for i, a, s in QUESTIONS])
def test_control_characters_an_older_store_holds_are_shown_escaped_never_raw(
    tainted_store, wide, argv, shown
):
    argv = [tainted_store.ids["halt"] if a == "@halt" else a for a in argv]
    code, out, err = invoke(tainted_store.url, argv)
    assert code == 0, err
    raw = RAW_CONTROL.search(out + err)
    assert raw is None, f"U+{ord(raw[0]):04X} reached the terminal raw:\n{out!r}"
    if any(text in (CONDITION, NOTE, OBSERVED_URL, REASON) for text in shown):
        assert SHOWN in out, f"the control characters are not shown escaped:\n{out}"


# -- the HTTP API: the same checks, the same literal answers -------------------------------------
@pytest.fixture
def api(store_url):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    token = "write-token-" + uuid.uuid4().hex
    with Dtl(store_url) as dtl, TestClient(create_app(dtl, Settings(write_tokens=(token,)))) as client:
        yield client, {"Authorization": f"Bearer {token}"}


def test_through_the_api_markup_is_accepted_and_shown_literally_and_control_characters_are_refused(
    api, store_url, wide
):
    client, auth = api
    halt = {"type": "halt-trade", "by": "USA", "target": "CHN", "on": "2024-05", "condition": CONDITION,
            "sources": [{"name": SOURCE, "url": URL, "quote": QUOTE}]}  # fmt: skip
    recorded = client.post("/v1/actions", json=halt, headers=auth)
    assert recorded.status_code == 201, recorded.text
    before = store_fingerprint(store_url)
    for body, where in [
        ({**halt, "on": "2024-06", "condition": "until \x1b[2J ends"}, "condition"),
        ({**halt, "on": "2024-06", "note": "\x1b]8;;https://evil.example/\x1b\\Reuters"}, "note"),
        ({**halt, "on": "2024-06", "sources": [{"name": "Wire \u009b31m"}]}, "sources.0.name"),
        (
            {**halt, "on": "2024-06", "sources": [{"name": "Wire", "url": "https://example.org/\x1b[2J"}]},
            "sources.0.url",
        ),
        ({**halt, "by": "USA\x1b[2J"}, "by"),
    ]:
        refused = client.post("/v1/actions", json=body, headers=auth)
        assert refused.status_code == 422, refused.text
        assert refused.json()["field"] == where and "\n" not in refused.json()["detail"]
    upload = "\n".join(gdelt_row(n, SOURCEURL=f"https://example.org/{n}\x1b[2J" if n == 2 else "")
                       for n in (1, 2, 3)) + "\n"  # fmt: skip
    refused = client.post("/v1/imports", files={"file": ("e.export.CSV", upload.encode())}, headers=auth)
    assert refused.status_code == 422, refused.text
    assert (refused.json()["field"], refused.json()["line"]) == ("SOURCEURL", 2)
    assert store_fingerprint(store_url) == before, "a refused write changed the store"
    for argv, text in ((["timeline"], CONDITION), (["state", "USA", "CHN", "--at", "2024-06-15"], SOURCE),
                       (["diff", "--from", "2024-01-01", "--to", "2024-12-31"], SOURCE)):  # fmt: skip
        assert text in ok(store_url, argv)


# -- coded-event files: markup is data; a control character refuses the file, naming it ---------
def test_an_icews_file_with_markup_in_its_names_is_imported_and_shown(tmp_path, wide):
    url = str(tmp_path / "dtl.sqlite3")
    path = tmp_path / "events.tab"
    header = "\t".join(ICEWS_COLUMNS)
    rows = [
        icews_row(n, **{"Event Text": "[/bold] visit", "Publisher": "[link=x]Wire[/link]"}) for n in (1, 2)
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    code, out, err = invoke(url, ["import", str(path)])
    assert code == 0, err
    code, out, err = invoke(url, ["observations", "USA", "CHN"])
    assert code == 0 and "2 observations" in out, err


def test_a_control_character_in_a_gdelt_file_names_the_line_and_the_column_and_writes_nothing(tmp_path):
    url = str(tmp_path / "dtl.sqlite3")
    ok(url, ["record", "meet", "--by", "USA", "--target", "CHN", "--on", "2024-05-01"])
    before = store_fingerprint(url)
    path = tmp_path / "20240601.export.CSV"
    rows = [gdelt_row(n) for n in range(1, 4)] + [gdelt_row(4, Actor2Code="CHN\u009b2J")]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = invoke(url, ["import", str(path)])
    assert_refused(code, out, err, exit=2, field="Actor2Code", line=4, says=("U+009B",))
    assert store_fingerprint(url) == before


def test_markup_in_a_jsonl_or_csv_file_of_actions_is_imported_and_shown_literally(tmp_path, wide):
    url = str(tmp_path / "dtl.sqlite3")
    jsonl = tmp_path / "actions.jsonl"
    halt = {"type": "halt-trade", "by": "USA", "target": "CHN", "on": "2024-05", "condition": CONDITION,
            "sources": [{"name": SOURCE, "url": URL, "quote": QUOTE}]}  # fmt: skip
    jsonl.write_text(json.dumps(halt) + "\n", encoding="utf-8")
    ok(url, ["import", str(jsonl)])
    csv = tmp_path / "actions.csv"
    csv.write_text(
        f'type,by,target,on,note,source_name\nmeet,USA,CHN,2024-06-01,"{NOTE}",{AGENCY}\n', encoding="utf-8"
    )
    ok(url, ["import", str(csv)])
    assert CONDITION in ok(url, ["timeline"]) and NOTE in ok(url, ["timeline"])
    assert SOURCE in ok(url, ["state", "USA", "CHN", "--at", "2024-06-15"])


def test_a_crlf_file_longer_than_a_block_keeps_no_carriage_return_in_any_line(tmp_path):
    """Lines are read a megabyte at a time; each block's last line kept its CR, which a GDELT
    file carries into its last column, the URL (a control character in the store)."""
    path = tmp_path / "crlf.export.CSV"
    rows = [gdelt_row(n) for n in range(1, 6001)]  # about 1.8 MB: two blocks
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))
    assert check_structure(path, "gdelt2") == 6000
    assert [number for number, text in numbered_lines(path) if "\r" in text] == []
