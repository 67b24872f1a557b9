"""Every scenario of features/timeline/, on SQLite and on PostgreSQL, and the steps only they
use; the steps every area shares (recording, asking, running the CLI) are in tests/steps.py."""

from __future__ import annotations

import re

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from dtl.domain.errors import Conflict
from tests.steps import (
    CODE,
    action_from,
    attempt,
    changes_of,
    codes_in,
    error_line,
    must_record,
    refusal,
    roster_of,
    rows_of,
    timeline_of,
)

pytestmark = pytest.mark.usefixtures("backend")
scenarios("timeline")


@given(parsers.re(r"these actions, recorded in the order (?P<order>.+):"))
def given_table_in_order(dtl, world, datatable, order):
    """Each row carries a label ('as'); the order names the labels in recording order."""
    rows = {row["as"]: row for row in rows_of(datatable)}
    sequence = [name.strip() for name in order.split(",")]
    assert sorted(sequence) == sorted(rows), f"the order {sequence} must name every row once"
    for name in sequence:
        raw, label = action_from(rows[name])
        must_record(dtl, world, raw, label)


# -- When: writing -------------------------------------------------------------------------------
@when("I import these lines:", target_fixture="reply")
def when_import(dtl, docstring):
    lines = list(enumerate(docstring.splitlines(), start=1))
    return attempt(lambda: dtl.import_lines(lines))


@when(parsers.re(r'I correct "(?P<name>[^"]+)": (?P<spec>.+)'), target_fixture="reply")
def when_correct(dtl, world, name, spec):
    changes, reason = changes_of(spec)
    return attempt(lambda: dtl.correct(world.ref(name), changes, reason))


@when(
    parsers.re(r'I correct the first (?P<n>\d+) characters of "(?P<name>[^"]+)": (?P<spec>.+)'),
    target_fixture="reply",
)
def when_correct_by_prefix(dtl, world, n, name, spec):
    changes, reason = changes_of(spec)
    return attempt(lambda: dtl.correct(world.id_of(name)[: int(n)], changes, reason))


@when(parsers.re(r'I retract "(?P<name>[^"]+)" because "(?P<reason>[^"]*)"'), target_fixture="reply")
def when_retract(dtl, world, name, reason):
    return attempt(lambda: dtl.retract(world.ref(name), reason))


# -- Then: outcomes of writes --------------------------------------------------------------------
@then("it is recorded")
def then_recorded(reply):
    result = reply.ok()
    assert len(result["recorded"]) == 1 and result["already_recorded"] == [], result


@then(parsers.re(r'it is reported as already recorded, as "(?P<name>[^"]+)"'))
def then_already(reply, world, name):
    result = reply.ok()
    assert result["recorded"] == [], result
    assert result["already_recorded"] == [world.id_of(name)], result


@then(parsers.re(r"the import records (?P<new>\d+) actions? and finds (?P<dup>\d+) already recorded"))
def then_import_counts(reply, new, dup):
    result = reply.ok()
    assert (len(result["recorded"]), len(result["already_recorded"])) == (int(new), int(dup)), result


@then("it is accepted")
def then_accepted(reply):
    reply.ok()


@then(refusal(r'the conflict names the action "(?P<name>[^"]+)"'))
def then_conflict_names(reply, world, store_watch, name):
    assert isinstance(reply.error, Conflict), reply.error
    action_id = world.id_of(name)
    assert action_id[:8] in str(reply.error), f"{action_id[:8]} not in {reply.error}"
    assert action_id in reply.error.conflicting, reply.error.conflicting
    store_watch.assert_unchanged()


@then(
    parsers.re(r'the correction is revision (?P<revision>\d+) of "(?P<name>[^"]+)" with on "(?P<on>[^"]+)"')
)
def then_correction(reply, world, revision, name, on):
    result = reply.ok()
    assert result["corrected"] == world.id_of(name)
    assert result["revision"] == int(revision)
    assert result["action"]["on"] == on


# -- Then: asking inside a Then (a second look at the store) ------------------------------------
@then(parsers.re(rf'there is no measure between (?P<x>{CODE}) and (?P<y>{CODE}) at "(?P<at>[^"]+)"'))
def then_no_measure_between(dtl, x, y, at):
    measures = dtl.state(x, y, at)["measures"]
    assert measures == [], measures


@then(parsers.re(r"the measure's initiators are (?P<codes>[A-Z0-9, ]+)"))
def then_measure_by(measure, codes):
    assert measure["by"] == [c.strip() for c in codes.split(",")], measure["by"]


@then(parsers.re(r'the measure was closed by "(?P<name>[^"]+)"'))
def then_closed_by(measure, world, name):
    assert measure["events"][1:] == [world.id_of(name)], measure["events"]


@then(parsers.re(r'the measure has a caveat mentioning "(?P<text>[^"]+)"'))
def then_caveat(measure, text):
    assert any(text in c for c in measure["caveats"]), measure["caveats"]


@then("the measure has no caveat")
def then_no_caveat(measure):
    assert measure["caveats"] == [], measure["caveats"]


@then(parsers.re(r"there (?:are|is) (?P<count>\d+) (?P<bucket>members|partners|suspended|applicants)"))
def then_bucket_count(reply, count, bucket):
    listed = roster_of(reply)[bucket]
    assert len(listed) == int(count), listed


@then(parsers.re(r"there are no (?P<bucket>members|partners|suspended|applicants)"))
def then_bucket_empty(reply, bucket):
    assert roster_of(reply)[bucket] == []


@then(parsers.re(r"the roster shows no (?P<kind>demands|vetoes|blocks)"))
def then_roster_none(reply, kind):
    assert roster_of(reply)[kind] == []


@then(parsers.re(r'the roster has a caveat mentioning "(?P<text>[^"]+)"'))
def then_roster_caveat(reply, text):
    caveats = roster_of(reply)["caveats"]
    assert any(text in c for c in caveats), caveats


@then("the roster has no caveat")
def then_roster_no_caveat(reply):
    assert roster_of(reply)["caveats"] == []


@then(parsers.re(r'the entry\'s (?P<name>[a-z_]+) is "(?P<value>[^"]*)"'))
def then_entry_field(entry, name, value):
    assert name in entry, f"a timeline entry has no field {name!r}"
    shown = ",".join(entry[name]) if isinstance(entry[name], list) else str(entry[name])
    assert shown == value, f"{name} is {entry[name]!r}, expected {value!r}"


@then(parsers.re(r'the entry is "(?P<name>[^"]+)"'))
def then_entry_is(entry, world, name):
    assert entry["id"] == world.id_of(name)


@then(parsers.re(r"the timeline reads, in order: (?P<types>.+)"))
def then_timeline_order(reply, types):
    expected = [t.strip() for t in types.split(",")]
    assert [r["type"] for r in timeline_of(reply)] == expected


@given(parsers.re(r"a JSONL file \"(?P<name>[^\"]+)\" holding:"))
def given_jsonl(tmp_path, world, name, docstring):
    path = tmp_path / name
    path.write_text(docstring + "\n", encoding="utf-8")
    world.files[name] = str(path)


@then(parsers.re(r"the error suggests (?P<codes>[A-Z0-9, ]+(?: and [A-Z0-9]+)?)"))
def then_cli_suggests(run, codes):
    message = error_line(run)
    assert "did you mean" in message, message
    hint = message.split("did you mean", 1)[1]
    for code in codes_in(codes):
        assert re.search(rf"\b{code}\b", hint), f"{code} not suggested: {message}"


@then(parsers.re(r"the output reports (?P<count>\d+) recorded actions?"))
def then_cli_recorded(run, count):
    assert len(run.json()["recorded"]) == int(count), run.stdout


# -- dates as given, windows, notes ---------------------------------------------------------------
@then(parsers.re(r'the measure carries a note saying "(?P<text>[^"]+)"'))
def then_measure_note(measure, text):
    assert any(text in note for note in measure["notes"]), measure["notes"]


@then(parsers.re(r'the measure has a caveat saying "(?P<text>[^"]+)"'))
def then_measure_caveat(measure, text):
    assert any(text in caveat for caveat in measure["caveats"]), measure["caveats"]


@then(parsers.re(r'the history has an interval opened by "(?P<name>[^"]+)"(?: saying "(?P<text>[^"]+)")?'))
def then_history_interval(reply, world, name, text):
    intervals = [m for m in reply.ok()["intervals"] if m["events"][0] == world.id_of(name)]
    assert len(intervals) == 1, reply.ok()["intervals"]
    if text:
        assert any(text in note for note in intervals[0]["notes"]), intervals[0]["notes"]


# -- conflicts name what is recorded --------------------------------------------------------------
HEX8 = re.compile(r"\b[0-9a-f]{8}\b")


@then("every action the conflict names is one the store shows")
def then_conflict_ids_shown(reply, dtl):
    assert isinstance(reply.error, Conflict), reply.error
    named = [*reply.error.conflicting, *HEX8.findall(reply.error.message)]
    assert named, f"the conflict names no action: {reply.error}"
    for action_id in named:
        assert dtl.show(action_id)["id"].startswith(action_id), action_id


@then("the conflict names only recorded actions")
def then_conflict_only_recorded(reply, dtl):
    assert isinstance(reply.error, Conflict), reply.error
    recorded = {a["id"] for a in dtl.timeline()}
    for action_id in reply.error.conflicting:
        assert action_id in recorded, (action_id, reply.error)
    for prefix in HEX8.findall(reply.error.message):
        assert any(i.startswith(prefix) for i in recorded), (prefix, reply.error.message)


@then("the error names a stored action that dtl show finds")
def then_cli_conflict_shown(run, store_url, capsys):
    from tests.steps import run_cli

    prefixes = HEX8.findall(run.stderr)
    assert prefixes, run.stderr
    for prefix in prefixes:
        assert run_cli(store_url, capsys, ["show", prefix, "--json"]).json()["id"].startswith(prefix)


# -- the reported clock ---------------------------------------------------------------------------
@given(parsers.re(r'"(?P<name>[^"]+)" was corroborated by "(?P<source>[^"]+)" published "(?P<published>[^"]+)"'))
def given_corroborated(dtl, world, name, source, published):
    dtl.corroborate(world.id_of(name), {"name": source, "published": published})


@given(
    parsers.re(
        r'"(?P<name>[^"]+)" was corrected on the word of "(?P<source>[^"]+)" published "(?P<published>[^"]+)": '
        r"(?P<spec>.+)"
    )
)
def given_corrected_by_source(dtl, world, name, source, published, spec):
    changes, reason = changes_of(spec)
    dtl.correct(world.id_of(name), changes, reason, {"name": source, "published": published})


@given(
    parsers.re(
        r'"(?P<name>[^"]+)" was retracted on the word of "(?P<source>[^"]+)" published "(?P<published>[^"]+)" '
        r'because "(?P<reason>[^"]*)"'
    )
)
def given_retracted_by_source(dtl, world, name, source, published, reason):
    dtl.retract(world.id_of(name), reason, {"name": source, "published": published})


@then(parsers.re(r"the answer left out (?P<count>\d+) actions?, (?P<undated>\d+) of them undated"))
def then_left_out(reply, count, undated):
    answer = reply.ok()
    assert (answer["left_out"], answer["left_out_undated"]) == (int(count), int(undated)), answer


@then(parsers.re(r"the timeline has no (?P<type>[a-z-]+)$"))
def then_timeline_lacks(reply, type):
    rows = timeline_of(reply)
    assert [r for r in rows if r["type"] == type] == [], [(r["type"], r["on"]) for r in rows]


@when(
    parsers.re(r'I ask what was reported after "(?P<since>[^"]+)" as reported at "(?P<at>[^"]+)"'),
    target_fixture="reply",
)
def when_news(dtl, since, at):
    return attempt(lambda: dtl.diff(None, None, as_reported_at=at, reported_since=since))


def _news(reply) -> list[dict]:
    return [{**c, "pair": p["pair"]} for p in reply.ok()["pairs"] for c in p["changes"]]


@then(
    parsers.re(
        rf"the news has the (?P<aspect>[a-z-]+)(?: measure)? (?P<change>opened|closed) by (?P<holder>{CODE}) "
        rf'between (?P<x>{CODE}) and (?P<y>{CODE}), marked "(?P<news>[^"]+)"'
    )
)
def then_news_has(reply, aspect, change, holder, x, y, news):
    found = [
        c["news"]
        for c in _news(reply)
        if (c["aspect"], c["change"], c["holder"], c["pair"]) == (aspect, change, holder, [x, y])
    ]
    assert found == [news], _news(reply)


@then(parsers.re(r"the news has no (?P<aspect>[a-z-]+) change"))
def then_news_lacks(reply, aspect):
    assert [c for c in _news(reply) if c["aspect"] == aspect] == [], _news(reply)


# -- who recorded it ------------------------------------------------------------------------------
@given(parsers.re(r"I have run: dtl (?P<head>.*?)(?P<verb>correct|show) (?P<type>[a-z-]+) (?P<rest>.*)"))
def given_ran_on_the_type(store_url, capsys, world, head, verb, type, rest):
    """`correct TYPE ...`: the one action of that type, by its id (the id is not known before)."""
    from tests.steps import _words, run_cli

    found = run_cli(store_url, capsys, ["timeline", "--type", type, "--json"]).json()
    assert len(found) == 1, found
    run = run_cli(store_url, capsys, [*_words(head), verb, found[0]["id"], *_words(rest)])
    assert run.code == 0, run.stderr


@when(parsers.re(r"I run: dtl show (?P<type>[a-z-]+) --json"), target_fixture="run")
def when_show_the_type(store_url, capsys, type):
    from tests.steps import run_cli

    found = run_cli(store_url, capsys, ["timeline", "--type", type, "--json"]).json()
    assert len(found) == 1, found
    return run_cli(store_url, capsys, ["show", found[0]["id"], "--json"])


@then(parsers.re(r'revision (?P<revision>\d+) was recorded by "(?P<name>[^"]+)"'))
def then_revision_by(run, revision, name):
    revisions = {r["revision"]: r["recorded_by"] for r in run.json()["revisions"]}
    assert revisions[int(revision)] == name, revisions


@then("every action listed was recorded by the login name")
def then_login_name(run):
    import getpass

    actions = run.json()
    assert actions and {a["recorded_by"] for a in actions} == {getpass.getuser()}, actions


@then(parsers.re(r"the CLI's timeline lists (?P<type>[a-z-]+) only"))
def then_cli_timeline_only(run, type):
    assert [a["type"] for a in run.json()] == [type], run.stdout
