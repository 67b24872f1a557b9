"""Step definitions and plumbing shared by the features of every area (features/<area>/).

The steps drive the product only through its two front doors: the `Dtl` facade (the `dtl`
fixture, parametrised over SQLite and PostgreSQL) and the CLI's in-process `main()` on the
same backend (`store_url`). They never write the database themselves; the one thing they read
from it directly is a fingerprint of every table (`tests.support.store_fingerprint`), to hold
that a refused command wrote nothing (below).

Phrasing used in the features
-----------------------------
An action is written as its type followed by key/value words, the way the CLI takes it:

    recorded: veto-engagement by TUR target ISR forum NATO on 2023-10 as "the veto"

Keys: by, target, forum, on, scope, condition, kind, charge, note, cameo, key, and the
provenance keys source, url, published, attribution, grade, quote. `as "label"` names the
action so later steps (corrections, retractions, "names the action") can refer to it.
Values with spaces are quoted. Several actions at once use a table with the same keys as
column headings (blank cells are left out).

Results travel between steps through target fixtures: a When step returns a `Reply`
(its value, or the error it raised) as `reply`; Then steps that pick one measure or one
timeline entry return it as `measure` or `entry` for the steps after them.

Nothing written by a refusal
----------------------------
Every Then step that asserts a refusal (a conflict, bad input, a non-zero exit, an HTTP error)
also asserts that the stores the scenario may write to (`StoreWatch`: the scenario's store, and
any other store a step hands to it) are as they were before the latest When step, so no feature
has to say so. A hook (tests/conftest.py) fingerprints them before each When step of every
scenario that has such a step: those steps are declared with `refusal(...)`, which is how the
hook tells them. A refusal step in a scenario the hook missed fails, saying so.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from dtl.application import seed_story
from dtl.application.facade import Dtl
from dtl.cli.main import main
from dtl.domain.errors import Conflict, DtlError, InvalidInput
from tests.support import _all_rows, store_fingerprint

ACTION_KEYS = {"by", "target", "forum", "on", "scope", "condition", "kind", "charge", "note",
               "cameo", "key", "announced", "after", "level", "effective", "instead_of", "obligations"}  # fmt: skip
SOURCE_KEYS = {"source": "name", "url": "url", "published": "published",
               "attribution": "attribution", "grade": "grade", "quote": "quote"}  # fmt: skip
CODE = r"[A-Za-z][A-Za-z0-9]*"
QUOTED = r'"(?P<{}>[^"]*)"'


# -- plumbing -----------------------------------------------------------------------------------
@dataclass
class Reply:
    """What a When step got back: a value, or the error the product raised."""

    value: Any = None
    error: DtlError | None = None

    def ok(self) -> Any:
        assert self.error is None, f"expected an answer, got the error: {self.error}"
        return self.value


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        assert self.code == 0, f"dtl exited {self.code}: {self.stderr}"
        return json.loads(self.stdout)


@dataclass
class World:
    """Names given to recorded actions (label -> action id), and files written for the CLI."""

    labels: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def ref(self, name: str) -> str:
        """A label's action id; anything that is not a label is passed on as a raw id."""
        return self.labels.get(name, name)

    def id_of(self, name: str) -> str:
        assert name in self.labels, f"no action was labelled {name!r} (labels: {list(self.labels)})"
        return self.labels[name]


@pytest.fixture
def backend(store_url: str) -> str:
    """Steps ask for `dtl` or `store_url` only while a scenario runs, too late for pytest to
    parametrise on them; a features module asks for this one up front
    (`pytestmark = pytest.mark.usefixtures("backend")`), which runs every scenario on both
    backends."""
    return store_url


@pytest.fixture
def world() -> World:
    return World()


# -- nothing written by a refusal ----------------------------------------------------------------
NO_STORE = hashlib.sha256().hexdigest()  # store_fingerprint of a store with no table at all


def fingerprint(store: str) -> str:
    """`store_fingerprint`, without creating the SQLite file it would open if it is not there."""
    if not store.startswith("postgresql://") and not Path(store).exists():
        return NO_STORE
    return store_fingerprint(store)


def holds_nothing(store: str) -> bool:
    """A store a refused command created may hold only what any new store holds: whether it is
    encrypted (dtl_store), and the library's migration mark in the view's tracking table (named
    tracking on SQLite, dtl_view_tracking on PostgreSQL). No event, no view row, no position."""
    for table, rows in _all_rows(store):
        for row in rows:
            if not (table == "dtl_store" or (table.endswith("tracking") and row[0] == "__migration__")):
                return False
    return True


REFUSALS: list[re.Pattern[str]] = []


def refusal(pattern: str, among: str | None = None) -> Any:
    """The parser of a Then step that asserts a refusal (and that nothing was written), by its
    pattern; `among` narrows which of its texts refuse (an exit code other than 0)."""
    REFUSALS.append(re.compile(among or pattern))
    return parsers.re(pattern)


def asserts_a_refusal(scenario: Any) -> bool:
    """Whether a scenario (pytest-bdd's, its outline's examples filled in) has a refusal step."""
    return any(p.fullmatch(step.name) for step in scenario.steps if step.type == "then" for p in REFUSALS)


@dataclass
class StoreWatch:
    """The stores a scenario may write to, and their fingerprints before its latest When step."""

    stores: list[str] = field(default_factory=list)
    before: dict[str, str] | None = None

    def watch(self, store: str) -> None:
        """One more store (a step made it, or is about to write to it): fingerprinted now."""
        if store not in self.stores:
            self.stores.append(store)
            if self.before is not None:
                self.before[store] = fingerprint(store)

    def before_when(self) -> None:
        self.before = {store: fingerprint(store) for store in self.stores}

    def assert_unchanged(self) -> None:
        """Called by every Then step that asserts a refusal."""
        assert self.before is not None, (
            "a refusal was asserted, but no store was fingerprinted before the When step: is the "
            "step declared with refusal(...), so that the hook knows its scenario?"
        )
        assert self.before, "a refusal was asserted in a scenario that watches no store"
        for store, before in self.before.items():
            after = fingerprint(store)
            if before == NO_STORE and after != NO_STORE:  # a refusal may leave a new store behind, empty
                assert holds_nothing(store), f"the command was refused, yet it wrote to the new store {store}"
                continue
            assert after == before, (
                f"the command was refused, yet the store {store} changed during the When step"
            )


@pytest.fixture
def store_watch(request) -> StoreWatch:
    """Fed by conftest's `pytest_bdd_before_step_call` hook before each When step."""
    watch = StoreWatch()
    if "store_url" in request.fixturenames:
        watch.watch(request.getfixturevalue("store_url"))
    return watch


def _words(spec: str) -> list[str]:
    try:
        return shlex.split(spec)
    except ValueError as exc:  # a mistake in the feature file, not in the product
        raise AssertionError(f"cannot read step text {spec!r}: {exc}") from None


def _pairs(tokens: list[str], what: str) -> list[tuple[str, str]]:
    assert len(tokens) % 2 == 0, f"{what}: expected key/value words, got {tokens!r}"
    return list(zip(tokens[0::2], tokens[1::2], strict=True))


def action_from(fields: dict[str, str]) -> tuple[dict[str, Any], str | None]:
    """Turn step keys into the raw dict `Dtl.record` takes; return it and its label."""
    raw: dict[str, Any] = {}
    source: dict[str, str] = {}
    label = None
    for key, value in fields.items():
        if key == "as":
            label = value
        elif key == "type":
            raw["type"] = value
        elif key in ACTION_KEYS:
            raw[key] = value
        elif key in SOURCE_KEYS:
            source[SOURCE_KEYS[key]] = value
        else:
            raise AssertionError(f"unknown key {key!r} in an action step")
    if source:
        raw["sources"] = [source]
    return raw, label


def parse_action(spec: str) -> tuple[dict[str, Any], str | None]:
    tokens = _words(spec)
    assert tokens, "an action step names at least its type"
    fields = {"type": tokens[0]}
    for key, value in _pairs(tokens[1:], spec):
        assert key not in fields, f"{key!r} given twice in {spec!r}"
        fields[key] = value
    return action_from(fields)


def rows_of(datatable: list[list[str]]) -> list[dict[str, str]]:
    header, *rows = datatable
    header = [h.strip() for h in header]
    return [{h: c.strip() for h, c in zip(header, row, strict=True) if c.strip()} for row in rows]


def record_one(dtl: Dtl, world: World, raw: dict[str, Any], label: str | None) -> dict[str, Any]:
    if "after" in raw:  # a label, or a raw id
        raw = {**raw, "after": [world.ref(raw["after"])]}
    result = dtl.record(raw)
    ids = result["recorded"] + result["already_recorded"]
    if label:
        assert len(ids) == 1, f"one action id expected for {label!r}, got {ids}"
        world.labels[label] = ids[0]
    return result


def must_record(dtl: Dtl, world: World, raw: dict[str, Any], label: str | None) -> None:
    try:
        result = record_one(dtl, world, raw, label)
    except DtlError as exc:
        raise AssertionError(f"setting up {raw} failed: {exc}") from None
    assert len(result["recorded"]) == 1, f"{raw} was not newly recorded: {result}"


def attempt(call) -> Reply:
    try:
        return Reply(value=call())
    except DtlError as exc:
        return Reply(error=exc)


def known(as_known_at: str | None) -> str | None:
    return as_known_at or None


# -- Given: recording ----------------------------------------------------------------------------
@given(parsers.re(r"recorded: (?P<spec>.+)"))
def given_recorded(dtl, world, spec):
    raw, label = parse_action(spec)
    must_record(dtl, world, raw, label)


@given("these actions are recorded:")
def given_table(dtl, world, datatable):
    for row in rows_of(datatable):
        raw, label = action_from(row)
        must_record(dtl, world, raw, label)


@given("NATO's membership history and its partnership with Israel are recorded")
def given_background(dtl):
    result = dtl.import_lines([(n, json.dumps(a)) for n, a in enumerate(seed_story.background(), 1)])
    assert len(result["recorded"]) == len(seed_story.background())


@given("the report of 2024-08-01 is recorded")
def given_report(dtl, world):
    for action in seed_story.report():
        result = dtl.record(action)
        assert len(result["recorded"]) == 1, result
        world.labels[f"the report's {action['type']} by {action['by']}"] = result["recorded"][0]


@given(parsers.re(r'the recording clock reads "(?P<moment>[^"]+)"'))
@when(parsers.re(r'the recording clock reads "(?P<moment>[^"]+)"'))
def clock_reads(clock, moment):
    clock.set(moment)


@given(parsers.re(r'"(?P<name>[^"]+)" was corrected: (?P<spec>.+)'))
def given_corrected(dtl, world, name, spec):
    changes, reason = changes_of(spec)
    dtl.correct(world.id_of(name), changes, reason)


@given(parsers.re(r'"(?P<name>[^"]+)" was retracted because "(?P<reason>[^"]*)"'))
def given_retracted(dtl, world, name, reason):
    dtl.retract(world.id_of(name), reason)


def changes_of(spec: str) -> tuple[dict[str, str], str]:
    tokens = _words(spec)
    changes, reason = {}, ""
    for key, value in _pairs(tokens, spec):
        if key == "because":
            reason = value
        else:  # any key goes to the product: it decides what can be corrected
            changes[key] = value
    return changes, reason


# -- When: asking --------------------------------------------------------------------------------
AS_KNOWN = r'(?: as known at "(?P<as_known_at>[^"]+)")?'
# The reported clock, where a question takes it: "... as reported at R", after "as known at K".
AS_READ = AS_KNOWN + r'(?: as reported at "(?P<as_reported_at>[^"]+)")?'


@when(
    parsers.re(rf'I ask the state of (?P<x>{CODE}) and (?P<y>{CODE}) at "(?P<at>[^"]*)"{AS_READ}'),
    target_fixture="reply",
)
def when_state(dtl, x, y, at, as_known_at, as_reported_at):
    return attempt(lambda: dtl.state(x, y, at, known(as_known_at), as_reported_at=known(as_reported_at)))


@when(
    parsers.re(rf"I ask the timeline(?: of (?P<a>{CODE})(?: and (?P<b>{CODE}))?)?{AS_READ}"),
    target_fixture="reply",
)
def when_timeline(dtl, a, b, as_known_at, as_reported_at):
    """The actions alone; read as reported at a day, the whole report (it says what it left out)."""
    where = {"pair": (a, b)} if a and b else {"actor": a or None}
    clocks = {"as_known_at": known(as_known_at), "as_reported_at": known(as_reported_at)}
    ask = dtl.timeline_report if as_reported_at else dtl.timeline
    return attempt(lambda: ask(**where, **clocks))


@when(parsers.re(r"I record: (?P<spec>.+)"), target_fixture="reply")
def when_record(dtl, world, spec):
    raw, label = parse_action(spec)
    return attempt(lambda: record_one(dtl, world, raw, label))


@when(
    parsers.re(rf'I ask the roster of (?P<org>{CODE}) at "(?P<at>[^"]*)"{AS_KNOWN}'), target_fixture="reply"
)
def when_roster(dtl, org, at, as_known_at):
    return attempt(lambda: dtl.roster(org, at, known(as_known_at)))


@when(parsers.re(rf"I ask the history of (?P<x>{CODE}) and (?P<y>{CODE}){AS_KNOWN}"), target_fixture="reply")
def when_history(dtl, x, y, as_known_at):
    return attempt(lambda: dtl.history(x, y, known(as_known_at)))


@then(refusal(r'it is rejected as a conflict(?: mentioning "(?P<text>[^"]*)")?'))
def then_conflict(reply, store_watch, text):
    assert isinstance(reply.error, Conflict), f"expected a conflict, got {reply.error or reply.value!r}"
    assert str(reply.error).startswith("conflict: ")
    if text:
        assert text in str(reply.error), f"{text!r} not in {str(reply.error)!r}"
    store_watch.assert_unchanged()


@then(
    parsers.re(
        rf'(?P<holder>{CODE}) holds "(?P<status>[^"]+)" (?P<aspect>[a-z-]+) against (?P<other>{CODE}) at "(?P<at>[^"]+)"'
    )
)
def then_holds(dtl, holder, status, aspect, other, at):
    measures = dtl.state(holder, other, at)["measures"]
    found = [(m["aspect"], m["status"], m["holder"]) for m in measures]
    assert (aspect, status, holder) in found, found


@then(parsers.re(r"the store holds (?P<count>\d+) actions?"))
def then_store_count(dtl, count):
    rows = dtl.timeline()
    assert len(rows) == int(count), [(r["type"], r["by"], r["target"], r["on"]) for r in rows]


# -- Then: state ---------------------------------------------------------------------------------
def _measures(reply: Reply) -> list[dict[str, Any]]:
    answer = reply.ok()
    assert "measures" in answer, f"not a state answer: {answer}"
    return answer["measures"]


HELD = rf"(?: held by (?P<holder>{CODE})| held jointly)?"


def _select(measures, aspect, holder, jointly):
    found = [m for m in measures if m["aspect"] == aspect]
    if holder:
        found = [m for m in found if m["holder"] == holder]
    elif jointly:
        found = [m for m in found if m["holder"] is None]
    return found


@then(parsers.re(rf"the answer has an? (?P<aspect>[a-z-]+) measure(?P<how>{HELD})"), target_fixture="measure")
def then_has_measure(reply, aspect, holder, how):
    measures = _measures(reply)
    found = _select(measures, aspect, holder, how == " held jointly")
    assert len(found) == 1, f"expected one {aspect}{how} measure, got {found or measures}"
    return found[0]


@then(parsers.re(rf"the answer has no (?P<aspect>[a-z-]+) measure(?P<how>{HELD})"))
def then_no_such_measure(reply, aspect, holder, how):
    measures = _measures(reply)
    assert _select(measures, aspect, holder, how == " held jointly") == [], measures


@then("the answer has no measure at all")
def then_no_measures(reply):
    assert _measures(reply) == []


@then("the answer holds exactly these measures:")
def then_exact_measures(reply, datatable):
    expected = sorted((r["aspect"], r["status"], r.get("holder"), r["since"]) for r in rows_of(datatable))
    got = sorted((m["aspect"], m["status"], m["holder"], m["since"]) for m in _measures(reply))
    assert got == expected


@then(parsers.re(r'the measure\'s (?P<name>[a-z_]+) is "(?P<value>[^"]*)"'))
def then_measure_field(measure, name, value):
    assert name in measure, f"a measure has no field {name!r}"
    assert str(measure[name]) == value, f"{name} is {measure[name]!r}, expected {value!r}"


@then("the measure has not ended")
def then_open(measure):
    assert measure["until"] is None, measure


@then(parsers.re(r'the measure was opened by "(?P<name>[^"]+)"'))
def then_opened_by(measure, world, name):
    assert measure["events"][0] == world.id_of(name), measure["events"]


@then(
    parsers.re(
        r'the measure rests on a source attributed to "(?P<attribution>[^"]+)" graded "(?P<grade>[^"]+)"'
    )
)
def then_measure_source(measure, attribution, grade):
    got = [(s.get("attribution"), s.get("grade")) for s in measure["sources"]]
    assert got == [(attribution, grade)], got


# -- Then: roster --------------------------------------------------------------------------------
BUCKETS = r"(?P<bucket>members|partners|suspended|applicants|associates|observers)"


def roster_of(reply: Reply) -> dict[str, Any]:
    answer = reply.ok()
    assert "members" in answer, f"not a roster answer: {answer}"
    return answer


def codes_in(text: str) -> list[str]:
    return [c.strip() for c in re.split(r",|\band\b", text) if c.strip()]


ROSTER_LISTS = {"demand": "demands", "veto": "vetoes", "block": "blocks"}


@then(
    parsers.re(
        rf'the roster shows an? (?P<kind>demand|veto|block) by (?P<by>{CODE}) against (?P<target>{CODE}) since "(?P<since>[^"]+)"'
    )
)
def then_roster_item(reply, kind, by, target, since):
    items = roster_of(reply)[ROSTER_LISTS[kind]]
    assert [(i["by"], i["target"], i["since"]) for i in items].count((by, target, since)) == 1, items


# -- Then: timeline ------------------------------------------------------------------------------
def timeline_of(reply: Reply) -> list[dict[str, Any]]:
    rows = reply.ok()
    if isinstance(rows, dict) and "actions" in rows:  # a timeline report
        rows = rows["actions"]
    assert isinstance(rows, list), f"not a timeline: {rows}"
    return rows


ENTRY = rf'an? (?P<type>[a-z-]+)(?: by (?P<by>[A-Z0-9,]+))?(?: against (?P<target>{CODE}))?(?: on "(?P<on>[^"]+)")?'


def _entries(rows, type, by, target, on):
    found = [r for r in rows if r["type"] == type]
    if by:
        found = [r for r in found if r["by"] == by.split(",")]
    if target:
        found = [r for r in found if r["target"] == target]
    if on:
        found = [r for r in found if r["on"] == on]
    return found


@then(parsers.re(rf"the timeline has {ENTRY}"), target_fixture="entry")
def then_timeline_has(reply, type, by, target, on):
    rows = timeline_of(reply)
    found = _entries(rows, type, by, target, on)
    assert len(found) == 1, f"expected one such {type}, got {found or [(r['type'], r['on']) for r in rows]}"
    return found[0]


@then("the timeline is empty")
def then_timeline_empty(reply):
    assert timeline_of(reply) == []


@then(parsers.re(r"the timeline lists (?P<count>\d+) actions?"))
def then_timeline_count(reply, count):
    rows = timeline_of(reply)
    assert len(rows) == int(count), [(r["type"], r["on"]) for r in rows]


# -- Then: history -------------------------------------------------------------------------------
@then("the history reads:")
def then_history(reply, datatable):
    answer = reply.ok()
    assert "changes" in answer, f"not a history answer: {answer}"
    got = [
        (c["on"], c["change"], c["measure"]["aspect"], c["measure"]["status"], c["measure"]["holder"])
        for c in answer["changes"]
    ]
    expected = [(r["on"], r["change"], r["aspect"], r["status"], r.get("holder")) for r in rows_of(datatable)]
    assert got == expected


# -- the CLI -------------------------------------------------------------------------------------
def run_cli(store_url: str, capsys, argv: list[str]) -> CliRun:
    capsys.readouterr()  # start clean
    code = main(["--store", store_url, *argv])
    out = capsys.readouterr()
    return CliRun(code, out.out, out.err)


def _argv(command: str, world: World) -> list[str]:
    words = _words(command)
    assert words and words[0] == "dtl", f"a CLI step starts with 'dtl': {command!r}"
    return [world.files.get(w, w) for w in words[1:]]


@given(parsers.re(r"I have run: (?P<command>.+)"))
def given_ran(store_url, capsys, world, command):
    run = run_cli(store_url, capsys, _argv(command, world))
    assert run.code == 0, f"{command} exited {run.code}: {run.stderr}"


@when(parsers.re(r"I run: (?P<command>.+)"), target_fixture="run")
def when_run(store_url, capsys, world, command):
    return run_cli(store_url, capsys, _argv(command, world))


@then(refusal(r"the exit code is (?P<code>\d+)", among=r"the exit code is [1-9][0-9]*"))
def then_exit(run, store_watch, code):
    assert run.code == int(code), f"exit {run.code}; stderr: {run.stderr!r}"
    if run.code != 0:  # refused, failed, or verify's "differ": none of them writes
        store_watch.assert_unchanged()


def error_line(run: CliRun) -> str:
    lines = run.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert lines[0].startswith("dtl: "), lines[0]
    return lines[0].removeprefix("dtl: ")


@then("the error is one line on stderr")
def then_one_line(run):
    error_line(run)
    assert run.stdout == "", f"nothing expected on stdout, got {run.stdout!r}"


@then(parsers.re(r'the error names the field "(?P<name>[^"]+)"(?: on line (?P<line>\d+))?'))
def then_cli_field(run, name, line):
    message = error_line(run)
    prefix = f"line {line}: " if line else ""
    assert message.startswith(f"{prefix}{name}: "), message


@then(parsers.re(r'the error says "(?P<text>[^"]+)"'))
def then_cli_mentions(run, text):
    assert text in error_line(run), run.stderr


@then(parsers.re(r"the store lists (?P<count>\d+) actions? through the CLI"))
def then_cli_timeline(store_url, capsys, count):
    run = run_cli(store_url, capsys, ["timeline", "--json"])
    # A refused first write leaves no store behind: it lists nothing.
    rows = [] if run.code == 3 and "there is no store at" in run.stderr else run.json()
    assert len(rows) == int(count), rows


# -- Then: shared by several areas (moved from the timeline's module) ------------------------
@then(
    refusal(r'it is rejected as bad input on the field "(?P<name>[^"]+)"(?: mentioning "(?P<text>[^"]*)")?')
)
def then_bad_input(reply, store_watch, name, text):
    error = reply.error
    assert isinstance(error, InvalidInput), f"expected bad input, got {error or reply.value!r}"
    assert error.field == name, f"field {error.field!r} named, expected {name!r} ({error})"
    if text:
        assert text in str(error), f"{text!r} not in {str(error)!r}"
    store_watch.assert_unchanged()


@then(parsers.re(rf"the {BUCKETS} include (?P<codes>[A-Z0-9, ]+(?: and [A-Z0-9]+)?)"))
def then_bucket_includes(reply, bucket, codes):
    listed = roster_of(reply)[bucket]
    missing = [c for c in codes_in(codes) if c not in listed]
    assert not missing, f"{missing} not among the {bucket}: {listed}"


@then(parsers.re(rf"the {BUCKETS} do not include (?P<codes>[A-Z0-9, ]+(?: and [A-Z0-9]+)?)"))
def then_bucket_excludes(reply, bucket, codes):
    listed = roster_of(reply)[bucket]
    present = [c for c in codes_in(codes) if c in listed]
    assert not present, f"{present} unexpectedly among the {bucket}: {listed}"


@then(parsers.re(rf"the {BUCKETS} are exactly (?P<codes>[A-Z0-9, ]+(?: and [A-Z0-9]+)?)"))
def then_bucket_exactly(reply, bucket, codes):
    assert roster_of(reply)[bucket] == sorted(codes_in(codes))
