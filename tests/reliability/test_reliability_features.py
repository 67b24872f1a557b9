"""Every scenario of features/reliability/, on SQLite and on PostgreSQL (see tests/steps.py),
except passwords.feature, which is about PostgreSQL URLs and runs once, against the PostgreSQL
test server (bound below, before `scenarios()` binds the rest).

The steps drive the CLI's in-process `main()` (the shared "I run:" step, or the helpers here
when a command must run on another store), a real `dtl` process where one matters, or the
`Dtl` facade. They never touch the database, with one exception, named as such in its step
text: "someone changes ... directly in the database, with sqlite3 or psycopg, behind dtl's
back", which tampers with one view table so that `dtl verify` has something to find.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pytest_bdd import given, parsers, scenario, scenarios, then, when

from dtl.application.facade import Dtl
from dtl.application.importers import Skip, numbered_lines, parse_gdelt, parse_icews
from dtl.cli.main import main
from tests.reliability.support import run_cli as run_process
from tests.support import POSTGRES_URL, drop_schema, schema_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GDELT2 = FIXTURES / "gdelt2-sample.export.CSV"
ICEWS = FIXTURES / "icews-sample.tab"
PASSWORD = "s3cr3t-Pa55w0rd"
SECRET_URL = "https://leaks.example.org/zelda-memo"
SECRET_QUOTE = "the veto stays until the talks resume"
KINDS = {"SQLite": "sqlite", "PostgreSQL": "postgres"}

pytestmark = pytest.mark.usefixtures("backend")  # every scenario on both backends


# -- plumbing -----------------------------------------------------------------------------------
@dataclass
class Run:
    """A dtl command's outcome, as the shared CLI steps read it (`run`)."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        assert self.code == 0, f"dtl exited {self.code}: {self.stderr}"
        return json.loads(self.stdout)


@dataclass
class Notes:
    """What one step left for a later one: the store a backup was restored into, its noted log,
    the words of a confidential source, how many events were written behind the views."""

    restored: str | None = None
    restored_log: list[dict] | None = None
    secrets: tuple[str, ...] = ()
    written: int | None = None
    exports: itertools.count = field(default_factory=itertools.count)


@pytest.fixture
def notes() -> Notes:
    return Notes()


@pytest.fixture(autouse=True)
def files_at_hand(world, tmp_path) -> None:
    """The fixture files by name, and the backups a scenario writes, in its tmp_path."""
    world.files.update({p.name: str(p) for p in FIXTURES.iterdir() if p.is_file()})
    world.files.update(
        {name: str(tmp_path / name) for name in ("backup.jsonl", "early.jsonl", "actions.csv")}
    )


@pytest.fixture
def fresh_store(request, tmp_path, store_url):
    """Fresh, empty stores on demand: of the scenario's own backend unless a kind is named."""
    schemas: list[str] = []
    counter = itertools.count()

    def make(kind: str | None = None) -> str:
        kind = kind or ("postgres" if store_url.startswith("postgresql://") else "sqlite")
        if kind == "sqlite":
            return str(tmp_path / f"fresh-{next(counter)}.sqlite3")
        request.getfixturevalue("postgres_ready")
        schemas.append("t_" + uuid.uuid4().hex[:12])
        return schema_url(schemas[-1])

    yield make
    for schema in schemas:
        drop_schema(schema)


def cli(store: str | None, capsys, *args: str) -> Run:
    capsys.readouterr()
    code = main([*(["--store", store] if store else []), *args])
    out = capsys.readouterr()
    return Run(code, out.out, out.err)


def cli_json(store: str, capsys, *args: str) -> Any:
    return cli(store, capsys, *args, "--json").json()


def exported(store: str, capsys, tmp_path: Path, notes: Notes) -> list[dict]:
    """The store's event log as `dtl log export` writes it: one dict per event."""
    path = tmp_path / f"log-{next(notes.exports)}.jsonl"
    run = cli(store, capsys, "log", "export", str(path))
    assert run.code == 0, run.stderr
    return backup_events(path)


def backup_events(path: Path) -> list[dict]:
    lines = [json.loads(line) for line in path.read_bytes().splitlines()]
    assert lines[0].get("format") == "dtl-log" and lines[-1].get("end"), "not a whole backup"
    return lines[1:-1]


def without_positions(events: list[dict]) -> list[dict]:
    """Positions are the store's own numbering; everything else must travel unchanged."""
    return [{k: v for k, v in e.items() if k != "position"} for e in events]


def new_key(capsys) -> str:
    run = cli(None, capsys, "new-key")
    assert run.code == 0, run.stderr
    return run.stdout.strip()


# -- Given: keys and encrypted stores ------------------------------------------------------------
@given(parsers.re(r'an encrypted store holding Turkey\'s veto on the word of "(?P<name>[^"]+)"'))
def given_encrypted_store(store_url, capsys, monkeypatch, notes, name):
    monkeypatch.setenv("DTL_CIPHER_KEY", new_key(capsys))
    for args in (
        ["record", "admit", "--by", "NATO", "--target", "TUR", "--on", "1952-02-18"],
        ["record", "veto-engagement", "--by", "TUR", "--target", "ISR", "--forum", "NATO", "--on", "2023-10",
         "--source", name, "--url", SECRET_URL, "--quote", SECRET_QUOTE,
         "--attribution", "anonymous-sources", "--grade", "C3"],
    ):  # fmt: skip
        run = cli(store_url, capsys, *args)
        assert run.code == 0, run.stderr
    notes.secrets = (name, SECRET_URL, SECRET_QUOTE)


@given("DTL_CIPHER_KEY is unset")
@when("DTL_CIPHER_KEY is unset")
def key_unset(monkeypatch):
    monkeypatch.delenv("DTL_CIPHER_KEY", raising=False)


@given(parsers.re(r'DTL_CIPHER_KEY is (?:a|another) key made by "dtl new-key"'))
def key_made(monkeypatch, capsys):
    monkeypatch.setenv("DTL_CIPHER_KEY", new_key(capsys))


@given(parsers.re(r'DTL_CIPHER_KEY is "(?P<key>[^"]*)"'))
def key_given(monkeypatch, key):
    monkeypatch.setenv("DTL_CIPHER_KEY", key)


# -- Given: the store's contents -----------------------------------------------------------------
def _observations(path: Path) -> list[Any]:
    items = parse_icews(numbered_lines(path)) if path.suffix == ".tab" else parse_gdelt(numbered_lines(path))
    return [item for item in items if not isinstance(item, Skip)]


@given(parsers.re(r"the (?P<which>GDELT|ICEWS) sample is imported through dtl"))
def given_imported_through_facade(dtl, which):
    path = GDELT2 if which == "GDELT" else ICEWS
    summary = dtl.import_file(path)
    assert summary["imported"] == len(_observations(path)), summary


@given(
    "the ICEWS sample's observations are written to the log through dtl without bringing the views up to date"
)
def given_written_behind(dtl, notes):
    observations = _observations(ICEWS)
    result = dtl.record_observations(observations)  # the bulk path alone: no catch-up
    assert result == {"imported": len(observations), "duplicates": 0}, result
    notes.written = len(observations)


# -- the one step that goes behind dtl's back -----------------------------------------------------
TAMPERING = {
    "the status of Turkey's veto in the measures view":
        "UPDATE dtl_measures SET status = 'friendly' WHERE aspect = 'engagement-veto' AND holder = 'TUR'",
    "the Goldstein score of GDELT event 669666359 in the observations view":
        "UPDATE dtl_observations SET goldstein = 9.9 WHERE system = 'gdelt' AND source_id = '669666359'",
    "the type of Turkey's genocide accusation in the actions view":
        "UPDATE dtl_actions SET type = 'meet' WHERE type = 'accuse' AND by_codes = 'TUR'",
}  # fmt: skip


@when(
    parsers.re(
        r"someone changes (?P<what>.+) directly in the database, with sqlite3 or psycopg, behind dtl's back"
    )
)
def when_tampered(store_url, what):
    assert what in TAMPERING, f"no such change is known: {what!r} (known: {list(TAMPERING)})"
    statement = TAMPERING[what]
    if store_url.startswith("postgresql://"):
        import psycopg

        schema = store_url.rsplit("schema=", 1)[1]
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'SET search_path TO "{schema}"')
            changed = conn.execute(statement).rowcount
    else:
        with sqlite3.connect(store_url) as conn:
            changed = conn.execute(statement).rowcount
        conn.close()
    assert changed >= 1, f"the change touched no row: {statement}"


# -- backups: restoring, cutting, editing --------------------------------------------------------
def _restore(store: str, capsys, world, name: str) -> Run:
    return cli(store, capsys, "log", "import", world.files[name])


@when(
    parsers.re(r'I restore "(?P<name>[^"]+)" into a fresh(?: (?P<kind>SQLite|PostgreSQL))? store'),
    target_fixture="run",
)
def when_restore_fresh(fresh_store, capsys, world, notes, store_watch, name, kind):
    notes.restored = fresh_store(KINDS[kind] if kind else None)
    store_watch.watch(notes.restored)  # a refused restore must leave it as it is: not there
    return _restore(notes.restored, capsys, world, name)


@given(parsers.re(r'I have restored "(?P<name>[^"]+)" into a fresh store'))
def given_restored(fresh_store, capsys, world, notes, store_watch, name):
    notes.restored = fresh_store()
    store_watch.watch(notes.restored)
    run = _restore(notes.restored, capsys, world, name)
    assert run.code == 0, run.stderr


@when(parsers.re(r'I restore "(?P<name>[^"]+)" into that store again'), target_fixture="run")
def when_restore_again(capsys, world, notes, name):
    assert notes.restored, "no store was restored into before"
    return _restore(notes.restored, capsys, world, name)


@given(parsers.re(r'a fresh store where (?P<what>.+) was recorded with "dtl (?P<command>[^"]+)"'))
def given_fresh_store_with(fresh_store, capsys, notes, store_watch, what, command):
    import shlex

    notes.restored = fresh_store()
    store_watch.watch(notes.restored)
    run = cli(notes.restored, capsys, *shlex.split(command))
    assert run.code == 0, run.stderr


@given("I note the restored store's log")
def given_note_restored_log(capsys, tmp_path, notes):
    notes.restored_log = exported(notes.restored, capsys, tmp_path, notes)


CUTS = {
    "just before its trailer": lambda data: data[: data.rindex(b'{"end"')],
    "in the middle of a line": lambda data: data[: data.index(b"\n", len(data) // 2) - 7],
    "right after its header": lambda data: data[: data.index(b"\n") + 1],
}


@given(parsers.re(r'the backup "(?P<name>[^"]+)" is cut (?P<where>.+)'))
def given_backup_cut(world, name, where):
    assert where in CUTS, f"no such cut: {where!r} (known: {list(CUTS)})"
    path = Path(world.files[name])
    path.write_bytes(CUTS[where](path.read_bytes()))


@given(parsers.re(r'the backup "(?P<name>[^"]+)" is edited: "(?P<old>[^"]+)" becomes "(?P<new>[^"]+)"'))
def given_backup_edited(world, name, old, new):
    path = Path(world.files[name])
    data = path.read_bytes()
    assert data.count(old.encode()) == 1, f"{old!r} should occur once in the backup"
    path.write_bytes(data.replace(old.encode(), new.encode()))


# -- Then: what dtl printed ----------------------------------------------------------------------
@then(parsers.re(r'the output says "(?P<text>[^"]+)"'))
def then_output_says(run, text):
    assert text in run.stdout, run.stdout


@then("nothing of the source appears in what dtl printed")
def then_no_secret_printed(run, notes):
    assert notes.secrets
    for secret in notes.secrets:
        assert secret not in run.stdout and secret not in run.stderr, secret


@then(parsers.re(r'the veto rests on "(?P<name>[^"]+)", with its URL and its quote'))
def then_veto_source(run, name):
    vetoes = [m for m in run.json()["measures"] if m["aspect"] == "engagement-veto"]
    assert len(vetoes) == 1, run.stdout
    assert [(s["name"], s.get("url"), s.get("quote")) for s in vetoes[0]["sources"]] == [
        (name, SECRET_URL, SECRET_QUOTE)
    ]


@then(parsers.re(r'the observation "(?P<source>[^"]+)" is listed'), target_fixture="observation")
def then_observation_listed(run, source):
    found = [o for o in run.json()["observations"] if o["source"] == source]
    assert len(found) == 1, run.stdout
    return found[0]


@then("the observation reads:")
def then_observation_reads(observation, datatable):
    header, *rows = datatable
    assert [h.strip() for h in header] == ["field", "value"], header
    for name, value in ((r[0].strip(), r[1].strip()) for r in rows):
        shown = "" if observation[name] is None else str(observation[name])
        assert shown == value, f"{name} is {observation[name]!r}, expected {value!r}"


# -- Then: backups -------------------------------------------------------------------------------
@then(parsers.re(r'the backup "(?P<name>[^"]+)" holds nothing of the source'))
def then_backup_sealed(world, notes, name):
    data = Path(world.files[name]).read_bytes()
    assert notes.secrets and data.count(b"\n") > 2, "an encrypted store with events is needed"
    for secret in notes.secrets:
        assert secret.encode() not in data, secret
    assert b"Zelda" not in data and b"zelda" not in data


@then(parsers.re(r'the restored store answers "(?P<question>[^"]+)" as this store does'))
def then_restored_answers(store_url, capsys, notes, question):
    theirs = restored_answer_as_mine(store_url, capsys, notes, question)
    assert all(secret in json.dumps(theirs) for secret in notes.secrets[:1]), "the source should show"


def restored_answer_as_mine(store_url: str, capsys, notes: Notes, question: str) -> dict:
    """The restored store's answer to `question`, asserted equal to this store's (positions
    aside: they are each store's own numbering)."""
    import shlex

    mine = cli_json(store_url, capsys, *shlex.split(question))
    theirs = cli_json(notes.restored, capsys, *shlex.split(question))
    mine.pop("position", None)
    theirs.pop("position", None)
    assert theirs == mine
    return theirs


@then("the restored store is empty")
def then_restored_empty(capsys, tmp_path, notes):
    assert exported(notes.restored, capsys, tmp_path, notes) == []


@then("the restored store's log is as it was")
def then_restored_unchanged(capsys, tmp_path, notes):
    assert notes.restored_log is not None, "the restored store's log was not noted"
    assert exported(notes.restored, capsys, tmp_path, notes) == notes.restored_log


@then("the restored store holds every event of the backup, as this store does")
def then_restored_whole(store_url, capsys, tmp_path, world, notes):
    backup = backup_events(Path(world.files["backup.jsonl"]))
    mine = exported(store_url, capsys, tmp_path, notes)
    theirs = exported(notes.restored, capsys, tmp_path, notes)
    assert len(backup) > 100 and without_positions(backup) == without_positions(mine)
    assert without_positions(theirs) == without_positions(backup)


@then("the output says nothing was imported and every event of the backup was already in the store")
def then_nothing_restored(run, world):
    count = len(backup_events(Path(world.files["backup.jsonl"])))
    assert f"imported 0 events; {count} were already in the store" in run.stdout, run.stdout


@then(
    "the output says the events after the earlier backup were imported and those of the earlier "
    "backup were already in the store"
)
def then_restore_continued(run, world):
    full = len(backup_events(Path(world.files["backup.jsonl"])))
    early = len(backup_events(Path(world.files["early.jsonl"])))
    assert 0 < early < full
    assert f"imported {full - early} events; {early} were already in the store" in run.stdout, run.stdout


# -- Then: the same answers everywhere -----------------------------------------------------------
QUESTIONS = {"state", "roster", "history", "timeline", "show", "observations"}


def _first_day(on: str) -> str:
    return {4: f"{on}-01-01", 7: f"{on}-01"}.get(len(on), on)


def _moments(dtl: Dtl, ids: list[str], observation_times: list[str]) -> list[str | None]:
    """Now, and just after each second in which something was recorded (the recording clock of
    the scenario sets whole seconds), and just before the first."""
    stamps = [r["recorded_at"] for i in ids for r in dtl.show(i)["revisions"]] + observation_times
    seconds = sorted(
        {datetime.fromisoformat(s.replace("Z", "+00:00")).replace(microsecond=0) for s in stamps}
    )
    moments = [seconds[0] - timedelta(seconds=1)] + [s + timedelta(seconds=1) for s in seconds]
    return [None, *(m.isoformat() for m in moments)]


def _answer(kind: str, result: Any) -> Any:
    if isinstance(result, dict):
        result.pop("position", None)
    return result


def questions(dtl: Dtl) -> list[tuple[str, tuple]]:
    """Every question, worked out from the original store's own record."""
    ids = [r["id"] for r in dtl.timeline()]
    for known in _moments(dtl, ids, []):  # retracted actions are only on earlier timelines
        ids += [r["id"] for r in dtl.timeline(as_known_at=known) if r["id"] not in ids]
    days_by_pair: dict[tuple[str, str], set[str]] = {}
    for action_id in ids:
        shown = dtl.show(action_id)
        for revision in shown["revisions"]:
            day = _first_day(revision["action"]["on"]) if revision.get("action") else None
            for pair in shown["pairs"]:
                days_by_pair.setdefault(tuple(pair), set()).update({day} if day else set())
    seen = [o for path in (GDELT2, ICEWS) for o in _observations(path)]
    observation_pairs = sorted({tuple(sorted((o.actor1, o.actor2))) for o in seen})
    listed = [o for x, y in observation_pairs for o in dtl.observations(x, y, limit=None)["observations"]]
    moments = _moments(dtl, ids, [o["recorded_at"] for o in listed])
    all_days = sorted(set().union(*days_by_pair.values()))
    asked: list[tuple[str, tuple]] = []
    for known in moments:
        for (x, y), days in sorted(days_by_pair.items()):
            asked += [("state", (x, y, day, known)) for day in sorted(days)]
            asked.append(("history", (x, y, known)))
        asked += [("roster", ("NATO", day, known)) for day in all_days]
        asked.append(("timeline", (None, None, None, None, None, known)))
        asked += [("observations", (x, y, None, None, known, None)) for x, y in observation_pairs]
    asked += [("show", (action_id,)) for action_id in ids]
    return asked


@then("the restored store gives the same answer as this store to every one of these questions:")
def then_same_answers(dtl, notes, datatable):
    kinds = {row[0].strip() for row in datatable[1:]}
    assert kinds == QUESTIONS, f"the table names {sorted(kinds)}; these steps ask {sorted(QUESTIONS)}"
    asked = questions(dtl)
    assert {kind for kind, _ in asked} == QUESTIONS
    with Dtl(notes.restored) as restored:
        for kind, args in asked:
            mine, theirs = getattr(dtl, kind)(*args), getattr(restored, kind)(*args)
            assert _answer(kind, theirs) == _answer(kind, mine), f"{kind}{args}"


@then("the restored store still tells what was known before the correction from what is known now")
def then_restored_bitemporal(notes):
    with Dtl(notes.restored) as restored:
        corrected = [r for r in restored.timeline() if r["revision"] > 1 and not r["retracted"]]
        assert len(corrected) == 1, corrected
        first, second = restored.show(corrected[0]["id"])["revisions"][:2]
        x, y = corrected[0]["pair"]
        day = second["action"]["on"]
        before = restored.state(x, y, day, first["recorded_at"])["measures"]
        now = restored.state(x, y, day)["measures"]
    assert before and now and before != now, (before, now)


# -- Then: verify --------------------------------------------------------------------------------
@then('verify checked every event that "dtl log export" writes, and found the views up to date')
def then_verify_complete(run, store_url, capsys, tmp_path, notes):
    report = run.json()
    events = exported(store_url, capsys, tmp_path, notes)
    assert report["events_checked"] == len(events) > 0, report
    assert (report["ok"], report["behind_by"], report["differences"], report["dangling"]) == (True, 0, {}, [])


@then(
    parsers.re(
        r'the output shows, under "(?P<table>[a-z_]+)", the row as the log has it and the row as the view has it'
    )
)
def then_verify_shows_rows(run, table):
    lines = run.stdout.splitlines()
    assert f"{table}:" in lines, run.stdout
    section = []  # up to the next table's heading or the verdict (long rows wrap unindented)
    for line in lines[lines.index(f"{table}:") + 1 :]:
        if re.fullmatch(r"dtl_[a-z_]+:", line) or line.startswith("views "):
            break
        section.append(line.strip())
    assert any(line.startswith("missing from the view:") for line in section), section
    assert any(line.startswith("in the view but not in the log:") for line in section), section


@then(parsers.re(r'the report lists differences in "(?P<table>[a-z_]+)" only'))
def then_verify_only(run, table):
    report = json.loads(run.stdout)
    assert not report["ok"] and list(report["differences"]) == [table], report["differences"]


@then("the output says the views are behind by as many events as were written")
def then_verify_behind(run, notes):
    assert notes.written
    assert f"the views are {notes.written:,} events behind the log" in run.stdout, run.stdout


# -- passwords (PostgreSQL) ----------------------------------------------------------------------
def _server() -> tuple[str, str, str]:
    url = urlsplit(POSTGRES_URL)
    return f"{url.hostname}:{url.port or 5432}", url.path.lstrip("/"), url.username or "postgres"


def _failing_url(where: str) -> str:
    server, database, user = _server()
    urls = {
        "a port where nothing listens": f"postgresql://analyst:{PASSWORD}@127.0.0.1:1/dtl",
        "the test server, as a role that does not exist": f"postgresql://no_such_role:{PASSWORD}@{server}/{database}",
        "the test server, in a database that does not exist": f"postgresql://{user}:{PASSWORD}@{server}/no_such_database",
        "a malformed URL": f"postgres://analyst:{PASSWORD}@[::1:5432/dtl",
    }
    assert where in urls, f"no such place: {where!r} (known: {list(urls)})"
    return urls[where]


@when(
    parsers.re(r'I run "dtl (?P<command>[^"]+)" against (?P<where>.+), with a password in the URL'),
    target_fixture="run",
)
def when_run_failing(capsys, caplog, command, where):
    caplog.set_level(logging.DEBUG)
    return cli(_failing_url(where), capsys, *command.split())


@when(
    parsers.re(r'I run "dtl (?P<command>[^"]+)" on this store through a URL carrying a password'),
    target_fixture="run",
)
def when_run_with_password(store_url, capsys, caplog, command):
    assert store_url.startswith("postgresql://") and "@" in store_url
    scheme, rest = store_url.split("://", 1)
    user, host = rest.split("@", 1)
    assert ":" not in user, "the test URL already carries a password"
    Dtl(store_url).open().close()  # "this store": one that exists (a question creates none)
    caplog.set_level(logging.DEBUG)
    return cli(f"{scheme}://{user}:{PASSWORD}@{host}", capsys, *command.split())


@when("I ask dtl for its help, with DTL_STORE holding a URL with a password", target_fixture="run")
def when_help(monkeypatch, capsys, caplog):
    server, database, user = _server()
    monkeypatch.setenv("DTL_STORE", f"postgresql://{user}:{PASSWORD}@{server}/{database}")
    caplog.set_level(logging.DEBUG)
    return cli(None, capsys, "--help")


@when(
    parsers.re(
        r'a separate dtl process runs "dtl (?P<command>[^"]+)" with DTL_STORE naming a role that does not exist, with a password'
    ),
    target_fixture="run",
)
def when_separate_process(command):
    url = _failing_url("the test server, as a role that does not exist")
    done = run_process(url, *command.split(), timeout=60)
    return Run(done.returncode, done.stdout, done.stderr)


@then("the password appears nowhere in the output, the error or dtl's debug log")
def then_no_password(run, caplog):
    for text in (run.stdout, run.stderr, caplog.text):
        assert PASSWORD not in text


@then("the password appears nowhere in what the process printed")
def then_no_password_printed(run):
    assert PASSWORD not in run.stdout and PASSWORD not in run.stderr


# -- binding -------------------------------------------------------------------------------------
PASSWORDS = "reliability/passwords.feature"
on_postgres_only = [pytest.mark.postgres, pytest.mark.parametrize("store_url", ["postgres"], indirect=True)]


def _once_on_postgres(test):
    for mark in reversed(on_postgres_only):
        test = mark(test)
    return test


@_once_on_postgres
@scenario(PASSWORDS, "A connection that fails is explained without the password")
def test_a_connection_that_fails_is_explained_without_the_password():
    pass


@_once_on_postgres
@scenario(PASSWORDS, "A command that succeeds, and the help, say nothing of the password")
def test_a_command_that_succeeds_and_the_help_say_nothing_of_the_password():
    pass


@_once_on_postgres
@scenario(PASSWORDS, "A separate dtl process keeps the password out of its error")
def test_a_separate_dtl_process_keeps_the_password_out_of_its_error():
    pass


scenarios("reliability")


# -- shredding a source ---------------------------------------------------------------------------
def _today() -> str:
    from datetime import UTC

    return datetime.now(UTC).date().isoformat()


def _veto_sources(answer: dict) -> list[dict]:
    vetoes = [m for m in answer["measures"] if m["aspect"] == "engagement-veto"]
    assert len(vetoes) == 1, answer
    return vetoes[0]["sources"]


def _secrets_in(text: str, notes: Notes) -> list[str]:
    assert notes.secrets, "a store with a confidential source is needed"
    return [secret for secret in notes.secrets if secret in text]


@then("the store's files, read with the store's key, hold the source's name, URL and quote")
def then_files_hold_source(store_url, notes):
    import os

    from tests.reliability.store_files import readable

    assert _secrets_in(readable(store_url, os.environ["DTL_CIPHER_KEY"]), notes) == list(notes.secrets)


@then("the store's files, read with the store's key, hold nothing of the source")
def then_files_hold_nothing(store_url, notes):
    import os

    from tests.reliability.store_files import readable

    text = readable(store_url, os.environ["DTL_CIPHER_KEY"])
    assert "a source shredded on" in text, "the search should find what replaced the source"
    assert _secrets_in(text, notes) == []


@then(
    parsers.re(
        r'the veto rests on a source shredded today, graded "(?P<grade>[A-F][1-6])" and attributed to '
        r'"(?P<attribution>[a-z-]+)"'
    )
)
def then_veto_shredded(run, grade, attribution):
    [source] = _veto_sources(run.json())
    assert source["name"] == f"a source shredded on {_today()}" and source["shredded"] == _today()
    assert (source["grade"], source["attribution"]) == (grade, attribution)
    assert "url" not in source and "quote" not in source


@then("the API's answers about Turkey and Israel hold nothing of the source")
def then_api_holds_nothing(store_url, notes):
    import warnings

    from dtl.api import Settings, create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with Dtl(store_url) as dtl:
        app = create_app(dtl, Settings())
        try:
            with TestClient(app) as http:
                veto = http.get("/v1/timeline", params={"pair": "TUR,ISR"}).json()["actions"][0]
                answers = [
                    http.get("/v1/state", params={"x": "NATO", "y": "ISR", "at": "2024-01-01"}).text,
                    http.get("/v1/timeline", params={"actor": "TUR"}).text,
                    http.get(f"/v1/actions/{veto['id']}").text,
                    http.get("/v1/timeline", params={"actor": "TUR"}, headers={"Accept": "text/csv"}).text,
                ]
        finally:
            app.state.service.close()
    for answer in answers:
        assert "a source shredded on" in answer, answer
        assert _secrets_in(answer, notes) == [], answer


@then(parsers.re(r'the file "(?P<name>[^"]+)" holds nothing of the source'))
def then_file_holds_nothing(world, notes, name):
    text = Path(world.files[name]).read_text(encoding="utf-8")
    assert "a source shredded on" in text, text
    assert _secrets_in(text, notes) == []


@then("the veto is still in the timeline, on the word of a source shredded today")
def then_timeline_veto_shredded(run):
    [veto] = [a for a in run.json() if a["type"] == "veto-engagement"]
    assert [(s["name"], s["shredded"]) for s in veto["sources"]] == [
        (f"a source shredded on {_today()}", _today())
    ]


@when("I ask dtl to show the veto", target_fixture="run")
def when_show_veto(store_url, capsys):
    [veto] = [
        a
        for a in cli_json(store_url, capsys, "timeline", "--pair", "TUR", "ISR")
        if a["type"] == "veto-engagement"
    ]
    return cli(store_url, capsys, "show", veto["id"])


@then(parsers.re(r'the restored store gives the same answer to "(?P<question>[^"]+)"'))
def then_restored_same(store_url, capsys, notes, question):
    theirs = restored_answer_as_mine(store_url, capsys, notes, question)
    assert "a source shredded on" in json.dumps(theirs)


@then(parsers.re(r'in the restored store the veto still rests on "(?P<name>[^"]+)"'))
def then_restored_veto_source(capsys, notes, name):
    [source] = _veto_sources(cli_json(notes.restored, capsys, "state", "NATO", "ISR", "--at", "2024-01-01"))
    assert (source["name"], source.get("url"), source.get("quote")) == (name, SECRET_URL, SECRET_QUOTE)


@then(parsers.re(r"dtl's last words on stderr are \"(?P<text>[^\"]+)\""))
def then_last_words(run, text):
    assert run.stderr.rstrip("\n").endswith(text), run.stderr


@when(parsers.re(r'I run "(?P<command>dtl [^"]+)" and answer "(?P<answer>[^"]*)"'), target_fixture="run")
def when_run_answering(store_url, capsys, monkeypatch, command, answer):
    import io
    import shlex

    monkeypatch.setattr("sys.stdin", io.StringIO(answer + "\n"))
    return cli(store_url, capsys, *shlex.split(command)[1:])


@when(parsers.re(r'I run "(?P<command>dtl [^"]+)" on that store'), target_fixture="run")
def when_run_on_restored(capsys, notes, command):
    import shlex

    assert notes.restored, "no other store was made"
    return cli(notes.restored, capsys, *shlex.split(command)[1:])
